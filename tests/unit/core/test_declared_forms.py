"""The declared settings files are forms too: every field of every section carries a label (German)
for the office's web forms, and the models describe themselves as JSON Schema with those labels."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from syncsystem.agent.toml_model import AgentToml
from syncsystem.interfaces.settings_model import InterfaceSettingsFile
from syncsystem.transfer.job_model import JobFile


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    found = [root]
    for info in root.model_fields.values():
        for arg in (info.annotation, *getattr(info.annotation, "__args__", ())):
            if isinstance(arg, type) and issubclass(arg, BaseModel) and arg not in found:
                found += _models(arg)
    return found


@pytest.mark.parametrize("root", [JobFile, AgentToml, InterfaceSettingsFile], ids=lambda m: m.__name__)
def test_every_field_has_a_label(root: type[BaseModel]) -> None:
    """No field of the file or its sections is left without a title the form can show."""
    unlabelled = [f"{m.__name__}.{name}" for m in _models(root) for name, info in m.model_fields.items()
                  if not info.title]
    assert unlabelled == []


def test_the_job_form_schema_carries_the_german_labels_and_help() -> None:
    """The office builds its form from the schema: the target's host is "Server" with its help text."""
    schema = JobFile.model_json_schema()
    host = schema["$defs"]["TargetSection"]["properties"]["host"]
    assert host["title"] == "Server" and host["description"] == "Name oder Adresse des Servers."
    assert schema["$defs"]["ScheduleSection"]["properties"]["at"]["title"] == "Uhrzeit"
