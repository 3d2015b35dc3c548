"""The office-wide options of the transfer state: one SMTP server, and whether admins may see passwords.

Both live in the ``options`` table of ``transfer.sqlite`` (set by ``syncsystem office smtp|options``
or the office's settings page), so ``syncsystem transfer run`` and the pages read the same values.
A job's own ``mail.smtp_host`` overrides the office server (`effective_mail`); a job without one
mails through the office's. The SMTP password is stored sealed, like a job's.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator

from syncsystem.declared import Flag, OptionalText, RequiredText, Section, Text, label, problems
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import JobConfigError, MailSettings
from syncsystem.transfer.job_model import Port, secret
from syncsystem.transfer.store import TransferStore

__all__ = [
    "OfficeSmtp",
    "SmtpSection",
    "admins_may_reveal",
    "effective_mail",
    "load_smtp",
    "parse_smtp",
    "save_smtp",
    "set_admins_may_reveal",
]

_SMTP, _REVEAL = "smtp", "admins_may_reveal"


@dataclass(frozen=True, slots=True)
class OfficeSmtp:
    """The office's outgoing mail server (STARTTLS unless turned off); ``password`` is a sealed token."""

    host: str
    port: int = 587
    user: str = ""
    password: str | None = None
    sender: str = ""
    starttls: bool = True
    ca_file: str | None = None

    def as_mapping(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "password": self.password,
            "sender": self.sender,
            "starttls": self.starttls,
            "ca_file": self.ca_file,
        }


class SmtpSection(Section):
    """The office's SMTP server as the settings page and ``office smtp`` declare it; each field names
    the codes of its label and hint on the Kanzlei-Einstellungen page (`declared.labels`)."""

    host: RequiredText = Field(json_schema_extra=label(mc.SET_SMTP_HOST))
    port: Port = Field(None, json_schema_extra=label(mc.SET_SMTP_PORT))
    user: Text = Field("", json_schema_extra=label(mc.SET_SMTP_USER))
    password: str | None = Field(None, json_schema_extra=label(mc.SET_SMTP_PASSWORD))
    sender: Text = Field("", json_schema_extra=label(mc.SET_SMTP_SENDER, mc.SET_SMTP_SENDER_HINT))
    starttls: Flag = Field(True, json_schema_extra=label(mc.SET_SMTP_STARTTLS))
    ca_file: OptionalText = Field(
        None, json_schema_extra=label(mc.SET_SMTP_CA_FILE, mc.SET_SMTP_CA_FILE_HINT)
    )

    @field_validator("password", mode="before")
    @classmethod
    def _password(cls, value: Any, info: ValidationInfo) -> str | None:
        return secret(value, info)


class _SmtpFile(BaseModel):
    smtp: Annotated[SmtpSection, Field()]


def parse_smtp(data: Mapping[str, Any], seal: Callable[[str], str], origin: str = "smtp") -> OfficeSmtp:
    """Validate an SMTP section (fields ``smtp.host``, ``smtp.port``, …); raises naming every bad field."""
    try:
        form = _SmtpFile.model_validate({"smtp": dict(data)}, context={"seal": seal}).smtp
    except ValidationError as exc:
        raise JobConfigError(problems(exc, origin)) from None
    return OfficeSmtp(
        form.host, form.port or 587, form.user, form.password, form.sender, form.starttls, form.ca_file
    )


def load_smtp(store: TransferStore) -> OfficeSmtp | None:
    raw = store.option(_SMTP)
    if not raw:
        return None
    data = json.loads(raw)
    return OfficeSmtp(**data)


def save_smtp(store: TransferStore, smtp: OfficeSmtp | None) -> None:
    store.set_option(_SMTP, json.dumps(smtp.as_mapping()) if smtp else None)


def effective_mail(mail: MailSettings, office: OfficeSmtp | None) -> MailSettings:
    """The job's mail settings with the office's server where the job names none of its own."""
    if mail.smtp_host or office is None:
        return mail
    return replace(
        mail,
        smtp_host=office.host,
        smtp_port=office.port,
        smtp_user=office.user,
        smtp_password=office.password,
        sender=mail.sender or office.sender or f"syncsystem@{office.host}",
        starttls=office.starttls,
        ca_file=office.ca_file,
    )


def admins_may_reveal(store: TransferStore) -> bool:
    """The office option "Administratoren dürfen gesetzte Passwörter einsehen" (off unless set)."""
    return store.option(_REVEAL) == "1"


def set_admins_may_reveal(store: TransferStore, allowed: bool) -> None:
    store.set_option(_REVEAL, "1" if allowed else "0")
