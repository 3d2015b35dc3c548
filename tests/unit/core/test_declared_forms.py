"""The declared settings files are forms too: every field of every section names a catalogue code
for its label (`declared.label`), and the models describe themselves as JSON Schema with those codes."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from syncsystem.agent.toml_model import AgentTable, AgentToml, ScheduleTable
from syncsystem.declared import Label, labels
from syncsystem.interfaces.settings_model import InterfaceSettingsFile
from syncsystem.messages import codes as mc
from syncsystem.transfer.job_model import JobFile, TargetSection
from syncsystem.transfer.office_options import SmtpSection


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    found = [root]
    for info in root.model_fields.values():
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in found:
                found += _models(arg)
    return found


@pytest.mark.parametrize(
    "root", [JobFile, AgentToml, InterfaceSettingsFile, SmtpSection], ids=lambda m: m.__name__
)
def test_every_field_has_a_label(root: type[BaseModel]) -> None:
    """No field of the file or its sections is left without a label the form can show."""
    unlabelled = [
        f"{m.__name__}.{name}"
        for m in _models(root)
        for name, info in m.model_fields.items()
        if name not in labels(m, "de")
    ]
    assert unlabelled == []


def test_the_smtp_schema_carries_codes_and_the_labels_are_worded_per_language() -> None:
    """The schema names the codes, never words; `labels` words them (hand-typed from the catalogues)."""
    sender = SmtpSection.model_json_schema()["properties"]["sender"]
    assert (sender["label"], sender["hint"]) == (mc.SET_SMTP_SENDER.name, mc.SET_SMTP_SENDER_HINT.name)
    assert sender["title"] == "Sender"  # pydantic's own, made from the field name: no German
    assert labels(SmtpSection, "de")["sender"] == Label("Absender", "leer: syncsystem@SMTP-Server")
    ca_file = Label("CA file", "optional: the server's own certificate authority")
    assert labels(SmtpSection, "en")["ca_file"] == ca_file
    assert labels(SmtpSection, "de")["port"] == Label("Port", "")


def test_the_job_and_agent_schemas_carry_codes_and_no_words() -> None:
    """The job's and agent.toml's schemas name the codes; `labels` words them (typed from the page
    and from the model's former German)."""
    schema = JobFile.model_json_schema()
    user = schema["$defs"]["TargetSection"]["properties"]["user"]
    assert (user["label"], user["hint"]) == ("settings.job.target.user", "settings.job.target.user.hint")
    assert "description" not in user
    assert schema["$defs"]["ScheduleSection"]["properties"]["at"]["label"] == "settings.schedule.at"
    assert labels(TargetSection, "de")["host"] == Label("FTP Hostname", "")
    assert labels(TargetSection, "en")["port"] == Label("Port", "optional; else 21 (FTP/FTPS) or 22 (SFTP)")
    window = Label("Nachtfenster", "HH:MM-HH:MM, Beginn vor Ende.")
    assert labels(ScheduleTable, "de")["nightly_window"] == window
    assert labels(AgentTable, "en")["agent_id"] == Label(
        "Agent ID", "Assigned by the datacenter at enrolment."
    )
    assert AgentToml.model_json_schema()["properties"]["export"]["label"] == "settings.agent.export"
