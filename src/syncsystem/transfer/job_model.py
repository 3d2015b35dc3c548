"""A transfer job file declared field by field: the form of ``transfer add --config`` (and the office's).

Each section of the job file is a pydantic model; each field names the catalogue codes of its label
and hint (`syncsystem.declared.label`, worded as the export dialog shows them) and refuses a bad value
with a catalogue message (`syncsystem.declared`). Fields that depend on an earlier field of their
section (the host is not needed for a folder target) read it from the values validated so far; what
depends on the whole file (is the source a folder of closed files? is the job being saved?) comes in
the validation context: ``seal`` (seals a clear secret), ``tz`` (for a start without zone),
``folder`` and ``saving``. `syncsystem.transfer.config.parse_job` turns a valid `JobFile` into a `JobConfig`.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from syncsystem.declared import (
    Flag,
    OptionalText,
    RequiredText,
    Section,
    Text,
    Texts,
    choice,
    label,
    parse_choice,
    refuse,
    refuse_all,
    text,
)
from syncsystem.declared import whole as _whole
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.transfer.schedule_model import ScheduleSection
from syncsystem.transfer.source_config import SourceKind

__all__ = [
    "ExecutionSection",
    "ExportFormat",
    "JobFile",
    "MailLanguage",
    "MailSection",
    "Port",
    "ScheduleSection",
    "ScopeSection",
    "SourceSection",
    "TargetSection",
    "TransferProtocol",
    "is_folder_job",
    "secret",
]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TransferProtocol(StrEnum):
    FTP = "ftp"
    FTPS = "ftps"  # explicit TLS (AUTH TLS on the control port)
    SFTP = "sftp"
    FOLDER = "folder"

    def shown(self) -> str:
        """The protocol's name on a job list (the office's and ``transfer list``): ``FTP``, ``FTPS``,
        ``SFTP``, or the catalogue's word for a folder in the language being spoken ("Ordner")."""
        return str(mc.TX_PROTOCOL_FOLDER()) if self is TransferProtocol.FOLDER else self.value.upper()


class MailLanguage(StrEnum):
    """The language of a job's notification mails (the catalogue's languages)."""

    DE = "de"
    EN = "en"


class ExportFormat(StrEnum):
    BMD_EINZEL = "bmd-einzelbuchungen"
    BMD_VERDICHTET = "bmd-verdichtet"


Port = Annotated[int | None, BeforeValidator(_whole(1, 65535))]


def _section(value: Any) -> Any:
    return value or {}  # an absent or empty section is an empty one


def _ctx(info: ValidationInfo, key: str, default: Any = None) -> Any:
    return (info.context or {}).get(key, default)


def secret(value: Any, info: ValidationInfo) -> str | None:
    """A secret: already sealed (``enc:…``) or clear text, sealed right now by the context's ``seal``."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise refuse(mc.CFG_TEXT_PLAIN())
    return value if value.startswith("enc:") else str(_ctx(info, "seal")(value))


class ScopeSection(Section):
    """Where the job may run: one Filiale or all, one workstation or server-side, from when."""

    filiale: OptionalText = Field(
        None, json_schema_extra=label(mc.SET_JOB_SCOPE_FILIALE, mc.SET_JOB_SCOPE_FILIALE_HINT)
    )
    workstation: OptionalText = Field(
        None, json_schema_extra=label(mc.SET_JOB_SCOPE_WORKSTATION, mc.SET_JOB_SCOPE_WORKSTATION_HINT)
    )
    start: datetime | None = Field(
        None, json_schema_extra=label(mc.SET_JOB_SCOPE_START, mc.SET_JOB_SCOPE_START_HINT)
    )

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any, info: ValidationInfo) -> datetime | None:
        raw = text(value)
        if not raw:
            return None
        try:
            start = datetime.fromisoformat(raw)
        except ValueError:
            raise refuse(mc.CFG_DATE(value=raw)) from None
        return start if start.tzinfo else start.replace(tzinfo=_ctx(info, "tz"))


class TargetSection(Section):
    """Where the files go. ``password``/``key`` come out sealed, never as clear text."""

    protocol: Annotated[TransferProtocol, BeforeValidator(choice(TransferProtocol))] = Field(
        json_schema_extra=label(mc.SET_JOB_TARGET_PROTOCOL)
    )
    host: Text = Field("", validate_default=True, json_schema_extra=label(mc.SET_JOB_TARGET_HOST))
    user: Text = Field(
        "",
        validate_default=True,
        json_schema_extra=label(mc.SET_JOB_TARGET_USER, mc.SET_JOB_TARGET_USER_HINT),
    )
    directory: Text = Field(
        "",
        validate_default=True,
        json_schema_extra=label(mc.SET_JOB_TARGET_DIRECTORY, mc.SET_JOB_TARGET_DIRECTORY_HINT),
    )
    port: Port = Field(None, json_schema_extra=label(mc.SET_JOB_TARGET_PORT, mc.SET_JOB_TARGET_PORT_HINT))
    key: str | None = Field(None, validate_default=True, json_schema_extra=label(mc.SET_JOB_TARGET_KEY))
    password: str | None = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_TARGET_PASSWORD)
    )
    ca_file: OptionalText = Field(
        None, json_schema_extra=label(mc.SET_JOB_TARGET_CA_FILE, mc.SET_JOB_TARGET_CA_FILE_HINT)
    )
    host_key: OptionalText = Field(
        None, json_schema_extra=label(mc.SET_JOB_TARGET_HOST_KEY, mc.SET_JOB_TARGET_HOST_KEY_HINT)
    )

    @field_validator("host_key")
    @classmethod
    def _host_key(cls, value: str | None) -> str | None:
        if value:
            import asyncssh  # noqa: PLC0415 - only where a job names a host key

            try:
                asyncssh.import_public_key(value)
            except (asyncssh.KeyImportError, ValueError):
                raise refuse(mc.CFG_HOST_KEY()) from None
        return value

    @field_validator("host", "user", "directory")
    @classmethod
    def _needed(cls, value: str, info: ValidationInfo) -> str:
        folder = info.data.get("protocol") is TransferProtocol.FOLDER
        if not value and folder == (info.field_name == "directory"):
            raise refuse(mc.CFG_REQUIRED())
        return value

    @field_validator("key", mode="before")
    @classmethod
    def _key(cls, value: Any, info: ValidationInfo) -> str | None:
        sealed = secret(value, info)
        if sealed and info.data.get("protocol") is not TransferProtocol.SFTP:
            raise refuse(mc.CFG_KEY_ONLY_SFTP())
        return sealed

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, value: Any, info: ValidationInfo) -> str | None:
        sealed, protocol = secret(value, info), info.data.get("protocol")
        if sealed is None and protocol in (TransferProtocol.FTP, TransferProtocol.FTPS):
            raise refuse(mc.CFG_PASSWORD_FTP())
        if sealed is None and protocol is TransferProtocol.SFTP and info.data.get("key") is None:
            raise refuse(mc.CFG_PASSWORD_SFTP())
        return sealed


class ExecutionSection(Section):
    """What is exported. A folder source (context ``folder``) needs no types and no format."""

    mandanten: Texts = Field(
        (), validate_default=True, json_schema_extra=label(mc.SET_JOB_MANDANTEN, mc.SET_JOB_MANDANTEN_HINT)
    )
    document_types: Texts = Field(
        (),
        validate_default=True,
        json_schema_extra=label(mc.SET_JOB_DOCUMENT_TYPES, mc.SET_JOB_DOCUMENT_TYPES_HINT),
    )
    format: ExportFormat | None = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_FORMAT)
    )
    payment_types: Texts = Field(
        (), json_schema_extra=label(mc.SET_JOB_PAYMENT_TYPES, mc.SET_JOB_PAYMENT_TYPES_HINT)
    )
    export_debtors: Flag = Field(False, json_schema_extra=label(mc.SET_JOB_EXPORT_DEBTORS))
    incoming_invoices: Flag = Field(False, json_schema_extra=label(mc.SET_JOB_INCOMING_INVOICES))
    incoming_format: ExportFormat | None = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_INCOMING_FORMAT)
    )

    @field_validator("mandanten", "document_types")
    @classmethod
    def _at_least_one(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        optional = info.field_name == "document_types" and _ctx(info, "folder", False)
        if not value and not optional:
            raise refuse(mc.CFG_AT_LEAST_ONE())
        return value

    @field_validator("format", "incoming_format", mode="before")
    @classmethod
    def _format(cls, value: Any, info: ValidationInfo) -> ExportFormat | None:
        folder = _ctx(info, "folder", False)
        if info.field_name == "format":
            wanted = bool(value) or not folder
        else:
            incoming = info.data.get("incoming_invoices") is True
            wanted = (incoming and not folder) or (folder and bool(value))
        return choice(ExportFormat)(value) if wanted else None


class MailSection(Section):
    """Failure mail: recipient and the SMTP server it goes through (STARTTLS + AUTH)."""

    to: OptionalText = Field(None, json_schema_extra=label(mc.SET_JOB_MAIL_TO, mc.SET_JOB_MAIL_TO_HINT))
    smtp_host: Text = Field("", json_schema_extra=label(mc.SET_JOB_MAIL_SMTP_HOST))
    smtp_port: Port = Field(None, json_schema_extra=label(mc.SET_JOB_MAIL_SMTP_PORT))
    smtp_user: Text = Field("", json_schema_extra=label(mc.SET_JOB_MAIL_SMTP_USER))
    smtp_password: str | None = Field(None, json_schema_extra=label(mc.SET_JOB_MAIL_SMTP_PASSWORD))
    sender: Text = Field("", json_schema_extra=label(mc.SET_JOB_MAIL_SENDER))
    starttls: bool = Field(
        True, json_schema_extra=label(mc.SET_JOB_MAIL_STARTTLS, mc.SET_JOB_MAIL_STARTTLS_HINT)
    )
    ca_file: OptionalText = Field(None, json_schema_extra=label(mc.SET_JOB_MAIL_CA_FILE))
    reminder_after: Annotated[int | None, BeforeValidator(_whole(1, 1000))] = Field(
        None, json_schema_extra=label(mc.SET_JOB_MAIL_REMINDER)
    )
    language: MailLanguage | None = Field(None, json_schema_extra=label(mc.SET_JOB_MAIL_LANGUAGE))

    @field_validator("to")
    @classmethod
    def _to(cls, value: str | None) -> str | None:
        if value and not _MAIL.match(value):
            raise refuse(mc.CFG_MAIL_TO(value=value))
        return value

    @field_validator("smtp_password", mode="before")
    @classmethod
    def _password(cls, value: Any, info: ValidationInfo) -> str | None:
        return secret(value, info)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> MailLanguage | None:
        return None if value in (None, "") else parse_choice(MailLanguage, value)

    @field_validator("starttls", mode="before")
    @classmethod
    def _starttls(cls, value: Any) -> bool:
        return value is not False  # off only when written as false


class SourceSection(Section):
    """Where the files come from: a folder of closed import files, or the source system's documents."""

    kind: Annotated[SourceKind, BeforeValidator(choice(SourceKind))] = Field(
        json_schema_extra=label(mc.SET_JOB_SOURCE_KIND)
    )
    dir: Text = Field("", json_schema_extra=label(mc.SET_JOB_SOURCE_FOLDER, mc.SET_JOB_SOURCE_FOLDER_HINT))
    store: Text = Field("", json_schema_extra=label(mc.SET_JOB_SOURCE_STORE))
    config: Text = Field("", json_schema_extra=label(mc.SET_JOB_SOURCE_CONFIG, mc.SET_JOB_SOURCE_CONFIG_HINT))


_Sec = BeforeValidator(_section)  # an absent or empty section is an empty one


class JobFile(Section):
    """A whole job file: its name, the sections, and the legacy top-level ``source_dir``."""

    name: RequiredText = Field(json_schema_extra=label(mc.SET_JOB_NAME, mc.SET_JOB_NAME_HINT))
    scope: Annotated[ScopeSection, _Sec] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_SCOPE)
    )
    target: Annotated[TargetSection, _Sec] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_TARGET)
    )
    execution: Annotated[ExecutionSection, _Sec] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_EXECUTION)
    )
    schedule: Annotated[ScheduleSection, _Sec] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_SCHEDULE)
    )
    mail: Annotated[MailSection, _Sec] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_MAIL)
    )
    source_dir: Text = Field("", json_schema_extra=label(mc.SET_JOB_SOURCE_DIR, mc.SET_JOB_SOURCE_DIR_HINT))
    source: SourceSection | None = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_JOB_SOURCE)
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _NAME.match(value):
            raise refuse(mc.CFG_JOB_NAME())
        return value

    @field_validator("source", mode="before")
    @classmethod
    def _empty_source(cls, value: Any) -> Any:
        return None if value in (None, {}) else value

    @model_validator(mode="after")
    def _source_fits(self, info: ValidationInfo) -> JobFile:
        found = _source_problems(self)
        if _ctx(info, "saving", False) and self.source_kind() is SourceKind.FOLDER and self.source_folder():
            found += _folder_refusals(self)
        if found:
            raise refuse_all(found, absolute=True)
        return self

    def source_kind(self) -> SourceKind:
        return self.source.kind if self.source else SourceKind.FOLDER

    def source_folder(self) -> str:
        return (self.source.dir if self.source else "") or self.source_dir


def _source_problems(job: JobFile) -> list[tuple[str, Message]]:
    """The source's own rules and those it sets other sections (the invoice store has no Filiale)."""
    src, found = job.source, list[tuple[str, Message]]()
    if src is None:
        return found
    if job.source_dir and src.dir and job.source_dir != src.dir:
        found.append(("source_dir", mc.SRC_CONFLICT()))
    folder = job.source_folder()
    if src.kind is SourceKind.FOLDER:
        if not folder:
            found.append(("source.dir", mc.SRC_DIR_FOLDER()))
        found += [(f"source.{k}", mc.SRC_ONLY_TRANSACTIONS()) for k in ("store", "config") if getattr(src, k)]
        return found
    if not folder and not src.store:
        found.append(("source.dir", mc.SRC_DIR_TRANSACTIONS()))
    if folder and not src.config:
        found.append(("source.config", mc.SRC_CONFIG()))
    if src.store and job.scope.filiale:
        found.append(("scope.filiale", mc.SRC_STORE_FILIALE()))
    if src.store and job.execution.payment_types:
        found.append(("execution.payment_types", mc.SRC_STORE_PAYMENT()))
    return found


def _folder_refusals(job: JobFile) -> list[tuple[str, Message]]:
    """When saving: the options a folder source cannot honour, each field named."""
    ex, found = job.execution, list[tuple[str, Message]]()
    if job.scope.filiale:
        found.append(("scope.filiale", mc.SRC_FOLDER_FILIALE()))
    if ex.document_types:
        found.append(("execution.document_types", mc.SRC_FOLDER_DOCUMENT_TYPES()))
    if ex.payment_types:
        found.append(("execution.payment_types", mc.SRC_FOLDER_PAYMENT_TYPES()))
    if ex.format:
        found.append(("execution.format", mc.SRC_FOLDER_FORMAT()))
    if ex.incoming_invoices or ex.incoming_format:
        key = "incoming_invoices" if ex.incoming_invoices else "incoming_format"
        found.append((f"execution.{key}", mc.SRC_FOLDER_INCOMING()))
    return found


def is_folder_job(data: Any) -> bool:
    """Whether a raw job file delivers a folder of closed files (``source.kind`` folder or ``source_dir``)."""
    section = data.get("source") if isinstance(data, dict) else None
    if isinstance(section, dict) and section:
        return bool(section.get("kind", "folder") == "folder")
    return bool(isinstance(data, dict) and data.get("source_dir"))
