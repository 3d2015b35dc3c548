"""A transfer job's configuration as immutable values, and its validation with one error per field.

The shape follows AMPAREX's "Automatischer Buchhaltungsexport" dialog: scope (Filiale, workstation
or server-side, start), target (protocol, host, port, directory, user, password or SFTP key), execution
details (Mandanten, document types, payment types, debtors, format, incoming invoices), schedule and
failure mail. The job file is declared field by field in `syncsystem.transfer.job_model` (also the
office's form); `parse_job` validates a plain mapping (JSON from ``transfer add --config``) against
it and reports *every* bad field at once as `Problem`s named ``job.json:target.host``; secrets come
out sealed (see `syncsystem.transfer.secrets`) so a config value never holds a password in clear.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from pydantic import ValidationError

from syncsystem.declared import problems
from syncsystem.errors import Problem, SettingsError
from syncsystem.messages import codes as mc
from syncsystem.schedule.recurrence import WEEKDAYS_DE, Daily, EveryMinutes, Recurrence, Weekly
from syncsystem.transfer.job_model import ExportFormat, JobFile, MailLanguage, TransferProtocol, is_folder_job
from syncsystem.transfer.source_config import SourceKind, SourceSettings, source_mapping

__all__ = [
    "DEFAULT_PORTS",
    "Execution",
    "ExportFormat",
    "JobConfig",
    "JobConfigError",
    "MailSettings",
    "Scope",
    "Target",
    "TransferProtocol",
    "job_from",
    "parse_job",
    "to_mapping",
]

DEFAULT_PORTS = {TransferProtocol.FTP: 21, TransferProtocol.FTPS: 21, TransferProtocol.SFTP: 22}


@dataclass(frozen=True, slots=True)
class Scope:
    """Where the job may run: one Filiale or all, one workstation or server-side, from when."""

    filiale: str | None = None
    workstation: str | None = None  # None = server-side
    start: datetime | None = None  # None = as soon as it is added


@dataclass(frozen=True, slots=True)
class Target:
    """Where the files go. ``password``/``key`` are sealed tokens, never clear text."""

    protocol: TransferProtocol
    host: str
    user: str
    port: int | None = None
    directory: str = ""
    password: str | None = None
    key: str | None = None
    ca_file: str | None = None  # FTPS: trust this CA bundle instead of the system's
    host_key: str | None = None  # SFTP: expected host key fingerprint (SHA256:…)

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS.get(self.protocol, 0)


@dataclass(frozen=True, slots=True)
class Execution:
    """What is exported."""

    mandanten: tuple[str, ...]
    document_types: tuple[str, ...]
    format: ExportFormat
    payment_types: tuple[str, ...] = ()
    export_debtors: bool = False
    incoming_invoices: bool = False
    incoming_format: ExportFormat | None = None


@dataclass(frozen=True, slots=True)
class MailSettings:
    """Failure mail: recipient and the SMTP server it goes through (STARTTLS + AUTH)."""

    to: str | None = None
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str | None = None  # sealed
    sender: str = ""
    starttls: bool = True
    ca_file: str | None = None
    reminder_after: int = 3
    language: str = "de"  # of the mails' words: a catalogue language (messages.LANGUAGES)


@dataclass(frozen=True, slots=True)
class JobConfig:
    name: str
    target: Target
    execution: Execution
    schedule: Recurrence
    scope: Scope = field(default_factory=Scope)
    mail: MailSettings = field(default_factory=MailSettings)
    source_dir: str = ""  # the folder of closed import files (source kind "folder")
    source: SourceSettings = field(default_factory=SourceSettings)


class JobConfigError(SettingsError):
    """A job configuration was refused; ``problems`` names every bad field."""


Sealer = Callable[[str], str]


def parse_job(
    data: Mapping[str, Any], seal: Sealer, tz: tzinfo, origin: str = "job", *, saving: bool = False
) -> JobConfig:
    """Validate ``data`` against the declared `JobFile` into a `JobConfig`; raises `JobConfigError`
    naming every bad field.

    ``saving`` (``transfer add``) also refuses options the job's source cannot honour: a folder
    source delivers closed files as they are, so Filiale, document and payment types, format and
    incoming invoices are refused there; jobs saved before keep loading.
    """
    if not isinstance(data, Mapping):
        raise JobConfigError([Problem.of(origin, 0, "", mc.CFG_SECTION())])
    context = {"seal": seal, "tz": tz, "folder": is_folder_job(dict(data)), "saving": saving}
    try:
        form = JobFile.model_validate(dict(data), context=context)
    except ValidationError as exc:
        raise JobConfigError(problems(exc, origin)) from None
    return job_from(form)


def job_from(form: JobFile) -> JobConfig:
    """The `JobConfig` a valid job file describes."""
    sc, tg, ex, ml = form.scope, form.target, form.execution, form.mail
    src = form.source
    source = (
        SourceSettings(src.kind, form.source_folder(), src.store, src.config)
        if src is not None and src.kind is SourceKind.TRANSACTIONS
        else SourceSettings(SourceKind.FOLDER, form.source_folder())
    )
    return JobConfig(
        form.name,
        Target(
            tg.protocol, tg.host, tg.user, tg.port, tg.directory, tg.password, tg.key, tg.ca_file, tg.host_key
        ),
        Execution(
            ex.mandanten,
            ex.document_types,
            ex.format or ExportFormat.BMD_EINZEL,
            ex.payment_types,
            ex.export_debtors,
            ex.incoming_invoices,
            ex.incoming_format,
        ),
        form.schedule.rule(),
        Scope(sc.filiale, sc.workstation, sc.start),
        MailSettings(
            ml.to,
            ml.smtp_host,
            ml.smtp_port or 587,
            ml.smtp_user,
            ml.smtp_password,
            ml.sender or (f"syncsystem@{ml.smtp_host}" if ml.smtp_host else ""),
            ml.starttls,
            ml.ca_file,
            ml.reminder_after or 3,
            (ml.language or MailLanguage.DE).value,
        ),
        source.dir if source.kind is SourceKind.FOLDER else "",
        source,
    )


def _schedule_mapping(rule: Recurrence) -> dict[str, Any]:
    """A schedule as the job file writes it."""
    if isinstance(rule, EveryMinutes):
        hourly = rule.minutes == 60
        return {"interval": "hourly"} if hourly else {"interval": "minutes", "every": rule.minutes}
    if isinstance(rule, Daily):
        return {"interval": "daily", "at": f"{rule.at:%H:%M}"}
    if isinstance(rule, Weekly):
        days = [WEEKDAYS_DE[d] for d in sorted(rule.days)]
        return {"interval": "weekly", "at": f"{rule.at:%H:%M}", "days": days}
    return {"interval": "monthly", "at": f"{rule.at:%H:%M}", "day": rule.day}


def to_mapping(job: JobConfig) -> dict[str, Any]:
    """The mapping `parse_job` reads back into ``job`` (secrets stay sealed tokens)."""
    schedule = _schedule_mapping(job.schedule)
    t, e, m, s = job.target, job.execution, job.mail, job.scope

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v not in (None, "", (), [])}

    return {
        "name": job.name,
        "source": source_mapping(job.source),
        "scope": clean(
            {
                "filiale": s.filiale,
                "workstation": s.workstation,
                "start": s.start.isoformat() if s.start else None,
            }
        ),
        "target": clean(
            {
                "protocol": t.protocol.value,
                "host": t.host,
                "user": t.user,
                "port": t.port,
                "directory": t.directory,
                "password": t.password,
                "key": t.key,
                "ca_file": t.ca_file,
                "host_key": t.host_key,
            }
        ),
        "execution": clean(
            {
                "mandanten": list(e.mandanten),
                "document_types": list(e.document_types),
                "format": e.format.value,
                "payment_types": list(e.payment_types),
                "export_debtors": e.export_debtors,
                "incoming_invoices": e.incoming_invoices,
                "incoming_format": e.incoming_format.value if e.incoming_format else None,
            }
        ),
        "schedule": schedule,
        "mail": clean(
            {
                "to": m.to,
                "smtp_host": m.smtp_host,
                "smtp_port": m.smtp_port,
                "smtp_user": m.smtp_user,
                "smtp_password": m.smtp_password,
                "sender": m.sender,
                "starttls": m.starttls,
                "ca_file": m.ca_file,
                "reminder_after": m.reminder_after,
                "language": m.language if m.language != MailLanguage.DE else None,  # German unsaid
            }
        ),
    }
