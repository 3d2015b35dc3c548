"""The export dialog's form as the job file spells it: form ⇄ job mapping, and problems ⇒ fields.

Form fields are named like the job file's keys (``target.host``, ``schedule.at``), so validation
stays in one place — `syncsystem.transfer.config.parse_job`, which the CLI uses too — and each of
its problems lands at the field of the same name (`field_errors`, the one function to change when
validation moves to a declarative model). A secret left empty when editing keeps the stored
(sealed) value; a secret is never sent back to the browser. Two rules are the dialog's own: a job
runs server-side or on one named workstation (the seed's "Verwendung ✓ Serverseitig" / "Rechner").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import Any

from syncsystem.errors import Problem
from syncsystem.messages import Message, render
from syncsystem.messages import codes as mc
from syncsystem.office.web import PAGE
from syncsystem.schedule.recurrence import WEEKDAYS_DE
from syncsystem.transfer.source_config import SourceKind, SourceSettings

__all__ = [
    "FIELDS",
    "SECRETS",
    "field_errors",
    "form_from_mapping",
    "is_folder_source",
    "mapping_from_form",
]

SECRETS = ("target.password", "target.key", "mail.smtp_password")
# a job that names no source kind takes the job file's default (closed files in a folder)
_DEFAULT_SOURCE: SourceKind = next(f.default for f in fields(SourceSettings) if f.name == "kind")  # type: ignore[assignment]
_TEXT = (
    "scope.filiale",
    "scope.workstation",
    "scope.start",
    "source.kind",
    "source.dir",
    "source.store",
    "source.config",
    "target.protocol",
    "target.host",
    "target.port",
    "target.directory",
    "target.user",
    "target.host_key",
    "target.ca_file",
    "execution.mandanten",
    "execution.document_types",
    "execution.payment_types",
    "execution.format",
    "execution.incoming_format",
    "schedule.interval",
    "schedule.every",
    "schedule.at",
    "schedule.day",
    "mail.to",
    "mail.reminder_after",
    "mail.language",
    "mail.smtp_host",
    "mail.smtp_port",
    "mail.smtp_user",
    "mail.sender",
)
_FLAGS = ("execution.export_debtors", "execution.incoming_invoices")
_LISTS = ("schedule.days",)
FIELDS = ("name", "scope.serverside", *_TEXT, *_FLAGS, *_LISTS, *SECRETS)
# problem fields of parse_job that are not a form field of that name -> the field to show them at
_ALIASES = {
    "job.name": "name",
    "source_dir": "source.dir",
    "schedule": "schedule.interval",
    "scope": "scope.start",
    "target": "target.host",
    "execution": "execution.mandanten",
    "mail": "mail.to",
    "source": "source.kind",
}
# the job file's rules worded with the job file's keys (kind 'transactions', source.store, target.key)
# -> the same rule in the dialog's labels; the CLI keeps the keys, which its users type
_DIALOG_WORDS = {
    mc.SRC_DIR_TRANSACTIONS.name: mc.OFFICE_JOB_SOURCE_TRANSACTIONS.name,
    mc.SRC_DIR_FOLDER.name: mc.OFFICE_JOB_SOURCE_FOLDER.name,
    mc.SRC_ONLY_TRANSACTIONS.name: mc.OFFICE_JOB_ONLY_TRANSACTIONS.name,
    mc.SRC_FOLDER_FILIALE.name: mc.OFFICE_JOB_FOLDER_FILIALE.name,
    mc.SRC_FOLDER_DOCUMENT_TYPES.name: mc.OFFICE_JOB_FOLDER_DOCUMENT_TYPES.name,
    mc.SRC_FOLDER_PAYMENT_TYPES.name: mc.OFFICE_JOB_FOLDER_PAYMENT_TYPES.name,
    mc.SRC_FOLDER_INCOMING.name: mc.OFFICE_JOB_FOLDER_INCOMING.name,
    mc.SRC_STORE_FILIALE.name: mc.OFFICE_JOB_STORE_FILIALE.name,
    mc.SRC_STORE_PAYMENT.name: mc.OFFICE_JOB_STORE_PAYMENT.name,
    mc.CFG_EVERY_REQUIRED.name: mc.OFFICE_JOB_EVERY_REQUIRED.name,
    mc.CFG_DAY_REQUIRED.name: mc.OFFICE_JOB_DAY_REQUIRED.name,
    mc.CFG_PASSWORD_SFTP.name: mc.OFFICE_JOB_PASSWORD_SFTP.name,
}


def is_folder_source(kind: str | None) -> bool:
    """Whether a form's or job's source kind (empty or missing: the job file's default) is a folder."""
    return (kind or _DEFAULT_SOURCE) == SourceKind.FOLDER


def _put(mapping: dict[str, Any], dotted: str, value: Any) -> None:
    section, _, key = dotted.partition(".")
    mapping.setdefault(section, {})[key] = value


def mapping_from_form(
    form: Mapping[str, Sequence[str]], name: str, stored: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], list[tuple[str, Message]]]:
    """The job mapping `parse_job` reads, and the dialog's own problems as (field, message).

    ``stored`` is the job's current mapping when editing: its sealed secrets stay where the form
    leaves a secret field empty.
    """

    def one(key: str) -> str:
        return (form.get(key) or [""])[0].strip()

    mapping: dict[str, Any] = {"name": name}
    for key in _TEXT:
        if one(key):
            _put(mapping, key, one(key))
    for key in _FLAGS:
        _put(mapping, key, one(key) == "on")
    days = [d for d in form.get("schedule.days", []) if d]
    if days:
        _put(mapping, "schedule.days", days)
    for key in SECRETS:
        section, _, field = key.partition(".")
        value = (form.get(key) or [""])[0]  # a password may begin or end with a space
        kept = (stored or {}).get(section, {}).get(field)
        if value:
            _put(mapping, key, value)
        elif kept:
            _put(mapping, key, kept)
    mapping.setdefault("source", {}).setdefault("kind", _DEFAULT_SOURCE.value)
    own: list[tuple[str, Message]] = []
    serverside = one("scope.serverside") == "on"
    if serverside and one("scope.workstation"):
        own.append(("scope.workstation", mc.OFFICE_WORKSTATION_AND_SERVER()))
    if not serverside and not one("scope.workstation"):
        own.append(("scope.workstation", mc.OFFICE_WORKSTATION_MISSING()))
    return mapping, own


def form_from_mapping(mapping: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The form values of a stored job, and which secret fields hold a stored value (never shown)."""
    values: dict[str, Any] = {"name": mapping.get("name", "")}
    for key in (*_TEXT, *_FLAGS, *_LISTS):
        section, _, field = key.partition(".")
        raw = (mapping.get(section) or {}).get(field)
        if raw is None:
            continue
        if key in _FLAGS:
            values[key] = ["on"] if raw else []
        elif key in _LISTS:
            values[key] = list(raw)
        elif isinstance(raw, list):
            values[key] = ", ".join(str(v) for v in raw)
        else:
            values[key] = str(raw)
    if is_folder_source(values.get("source.kind")):
        # a folder job is stored with the default format, which a folder source refuses when saving
        values.pop("execution.format", None)
    if "scope.start" in values:
        values["scope.start"] = values["scope.start"][:10]  # the date part, as <input type=date> wants
    values["scope.serverside"] = [] if values.get("scope.workstation") else ["on"]
    stored = {k for k in SECRETS if (mapping.get(k.split(".")[0]) or {}).get(k.split(".")[1])}
    return values, stored


def field_errors(problems: Iterable[Problem], own: Iterable[tuple[str, Message]] = ()) -> dict[str, str]:
    """One German message per form field: the first problem of a field (the dialog's own rules first);
    problems of no form field go under ``""`` (shown above the form)."""
    errors: dict[str, str] = {}

    def add(field: str, text: str) -> None:
        field = _ALIASES.get(field, field)
        if field not in FIELDS:
            field = ""  # shown above the form
        errors.setdefault(field, text)

    for field, message in own:
        add(field, message.text(PAGE))
    for problem in problems:
        add(problem.field, render(_DIALOG_WORDS.get(problem.code, problem.code), problem.value_map, PAGE))
    return errors


WEEKDAYS = tuple((d, d) for d in WEEKDAYS_DE)
