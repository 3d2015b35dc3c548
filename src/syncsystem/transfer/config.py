"""A transfer job's configuration as immutable values, and its validation with one error per field.

The shape follows AMPAREX's "Automatischer Buchhaltungsexport" dialog: scope (Filiale, workstation
or server-side, start), target (protocol, host, port, directory, user, password or SFTP key), execution
details (Mandanten, document types, payment types, debtors, format, incoming invoices), schedule and
failure mail. `parse_job` reads a plain mapping (JSON from ``transfer add --config``) and reports
*every* bad field at once as `Problem`s named ``job:0:target.host``; secrets arrive already sealed
(see `syncsystem.transfer.secrets`) so a config value never holds a password in clear.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

import asyncssh

from syncsystem.errors import ConfigError, Problem
from syncsystem.messages import codes as mc
from syncsystem.schedule.recurrence import (
    WEEKDAYS_DE,
    Daily,
    EveryMinutes,
    MonthDay,
    Recurrence,
    Weekly,
    validate,
)
from syncsystem.transfer.fields import FieldReader
from syncsystem.transfer.source_config import (
    SourceKind,
    SourceSettings,
    is_folder_job,
    parse_source,
    refuse_folder_options,
    source_mapping,
)

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
    "parse_job",
    "to_mapping",
]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_MAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class TransferProtocol(StrEnum):
    FTP = "ftp"
    FTPS = "ftps"  # explicit TLS (AUTH TLS on the control port)
    SFTP = "sftp"
    FOLDER = "folder"


DEFAULT_PORTS = {TransferProtocol.FTP: 21, TransferProtocol.FTPS: 21, TransferProtocol.SFTP: 22}


class ExportFormat(StrEnum):
    BMD_EINZEL = "bmd-einzelbuchungen"
    BMD_VERDICHTET = "bmd-verdichtet"


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


class JobConfigError(ConfigError):
    """A job configuration was refused; ``problems`` names every bad field."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(*self.problems)

    def __str__(self) -> str:  # rendered when shown, in the language chosen by then
        return "\n".join([str(mc.CFG_REFUSED()), *(f"  {p}" for p in self.problems)])


Sealer = Callable[[str], str]


def _secret(r: FieldReader, data: Mapping[str, Any], section: str, key: str, seal: Sealer) -> str | None:
    """A secret field: either already sealed (``enc:…``) or clear text to seal right now."""
    value = data.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        r.bad(f"{section}.{key}", mc.CFG_TEXT_PLAIN())
        return None
    return value if value.startswith("enc:") else seal(value)


def _host_key(r: FieldReader, tg: Mapping[str, Any]) -> str | None:
    """``target.host_key``: an SSH public key as OpenSSH writes it (``ssh-ed25519 AAAA…``), or none."""
    text = r.text(tg, "target", "host_key") or None
    if text:
        try:
            asyncssh.import_public_key(text)
        except (asyncssh.KeyImportError, ValueError):
            r.bad("target.host_key", mc.CFG_HOST_KEY())
    return text


def _schedule(r: FieldReader, data: Mapping[str, Any]) -> Recurrence | None:
    kind = r.text(data, "schedule", "interval", required=True).lower()
    rule: Recurrence | None = None
    if kind in ("hourly", "stündlich"):
        rule = EveryMinutes(60)
    elif kind in ("minutes", "minuten"):
        minutes = r.number(data, "schedule", "every", 1, 24 * 60)
        if minutes is None:
            r.bad("schedule.every", mc.CFG_EVERY_REQUIRED())
            return None
        rule = EveryMinutes(minutes)
    elif kind in ("daily", "weekly", "monthly", "täglich", "wöchentlich", "monatlich"):
        at = r.clock_time(data, "schedule", "at")
        if at is None:
            return None
        if kind in ("daily", "täglich"):
            rule = Daily(at)
        elif kind in ("weekly", "wöchentlich"):
            days = {_weekday(r, d) for d in r.texts(data, "schedule", "days", required=True)}
            rule = Weekly(frozenset(d for d in days if d is not None), at)
        else:
            day = r.number(data, "schedule", "day", 1, 31)
            if day is None:
                r.bad("schedule.day", mc.CFG_DAY_REQUIRED())
                return None
            rule = MonthDay(day, at)
    elif kind:
        r.bad("schedule.interval", mc.CFG_INTERVAL(value=kind))
    if rule is not None:
        for name, message in validate(rule):
            r.bad(f"schedule.{name}", message)
    return rule


def _weekday(r: FieldReader, raw: str) -> int | None:
    names = [d.lower() for d in WEEKDAYS_DE]
    english = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    key = raw.strip().lower()[:3]
    for table in (names, english):
        for i, name in enumerate(table):
            if key.startswith(name):
                return i
    r.bad("schedule.days", mc.CFG_WEEKDAY(value=raw))
    return None


def _source(
    r: FieldReader,
    data: Mapping[str, Any],
    sections: Mapping[str, Any],
    scope: Scope,
    execution: Execution,
    *,
    saving: bool,
) -> SourceSettings:
    source = parse_source(r, data, filiale=scope.filiale, payment_types=execution.payment_types)
    if saving and source.kind is SourceKind.FOLDER and source.dir:
        refuse_folder_options(r, sections)
    return source


def parse_job(
    data: Mapping[str, Any], seal: Sealer, tz: tzinfo, origin: str = "job", *, saving: bool = False
) -> JobConfig:
    """Validate ``data`` into a `JobConfig`; raises `JobConfigError` naming every bad field.

    ``saving`` (``transfer add``) also refuses options the job's source cannot honour: a folder
    source delivers closed files as they are, so Filiale, document and payment types, format and
    incoming invoices are refused there; jobs saved before keep loading.
    """
    r = FieldReader(origin)
    name = r.text(data, "job", "name", required=True)
    if name and not _NAME.match(name):
        r.bad("job.name", mc.CFG_JOB_NAME())
    sections = {k: data.get(k) or {} for k in ("scope", "target", "execution", "schedule", "mail")}
    for key, value in sections.items():
        if not isinstance(value, Mapping):
            r.bad(key, mc.CFG_SECTION())
            sections[key] = {}
    sc, tg, ex, sch, ml = (sections[k] for k in ("scope", "target", "execution", "schedule", "mail"))

    start_raw = r.text(sc, "scope", "start")
    start: datetime | None = None
    if start_raw:
        try:
            start = datetime.fromisoformat(start_raw)
            start = start if start.tzinfo else start.replace(tzinfo=tz)
        except ValueError:
            r.bad("scope.start", mc.CFG_DATE(value=start_raw))
    scope = Scope(r.text(sc, "scope", "filiale") or None, r.text(sc, "scope", "workstation") or None, start)

    protocol = r.choice(TransferProtocol, tg, "target", "protocol")
    is_folder = protocol is TransferProtocol.FOLDER
    host = r.text(tg, "target", "host", required=not is_folder)
    user = r.text(tg, "target", "user", required=not is_folder)
    directory = r.text(tg, "target", "directory", required=is_folder)
    port = r.number(tg, "target", "port", 1, 65535)
    password = _secret(r, tg, "target", "password", seal)
    ssh_key = _secret(r, tg, "target", "key", seal)
    if ssh_key and protocol is not TransferProtocol.SFTP:
        r.bad("target.key", mc.CFG_KEY_ONLY_SFTP())
    if protocol in (TransferProtocol.FTP, TransferProtocol.FTPS) and password is None:
        r.bad("target.password", mc.CFG_PASSWORD_FTP())
    if protocol is TransferProtocol.SFTP and password is None and ssh_key is None:
        r.bad("target.password", mc.CFG_PASSWORD_SFTP())
    target = Target(
        protocol or TransferProtocol.FTP,
        host,
        user,
        port,
        directory,
        password,
        ssh_key,
        r.text(tg, "target", "ca_file") or None,
        _host_key(r, tg),
    )

    folder = is_folder_job(data)  # format and incoming invoices mean nothing to a folder source
    fmt = r.choice(ExportFormat, ex, "execution", "format") if ex.get("format") or not folder else None
    incoming = r.flag(ex, "execution", "incoming_invoices")
    wants_format = incoming and not folder
    incoming_format = r.choice(ExportFormat, ex, "execution", "incoming_format") if wants_format else None
    execution = Execution(
        r.texts(ex, "execution", "mandanten", required=True),
        r.texts(ex, "execution", "document_types", required=not folder),
        fmt or ExportFormat.BMD_EINZEL,
        r.texts(ex, "execution", "payment_types"),
        r.flag(ex, "execution", "export_debtors"),
        incoming,
        incoming_format,
    )
    schedule = _schedule(r, sch)

    to = r.text(ml, "mail", "to")
    if to and not _MAIL.match(to):
        r.bad("mail.to", mc.CFG_MAIL_TO(value=to))
    smtp_host = r.text(ml, "mail", "smtp_host")  # none: the office's server (transfer.office_options)
    mail = MailSettings(
        to or None,
        smtp_host,
        r.number(ml, "mail", "smtp_port", 1, 65535) or 587,
        r.text(ml, "mail", "smtp_user"),
        _secret(r, ml, "mail", "smtp_password", seal),
        r.text(ml, "mail", "sender") or (f"syncsystem@{smtp_host}" if smtp_host else ""),
        ml.get("starttls", True) is not False,
        r.text(ml, "mail", "ca_file") or None,
        r.number(ml, "mail", "reminder_after", 1, 1000) or 3,
    )
    source = _source(r, data, sections, scope, execution, saving=saving)
    if r.problems or schedule is None:
        raise JobConfigError(r.problems or [Problem.of(origin, 0, "schedule", mc.CFG_SCHEDULE_MISSING())])
    source_dir = source.dir if source.kind is SourceKind.FOLDER else ""
    return JobConfig(name, target, execution, schedule, scope, mail, source_dir, source)


def to_mapping(job: JobConfig) -> dict[str, Any]:
    """The mapping `parse_job` reads back into ``job`` (secrets stay sealed tokens)."""
    rule = job.schedule
    schedule: dict[str, Any]
    if isinstance(rule, EveryMinutes):
        schedule = (
            {"interval": "hourly"} if rule.minutes == 60 else {"interval": "minutes", "every": rule.minutes}
        )
    elif isinstance(rule, Daily):
        schedule = {"interval": "daily", "at": f"{rule.at:%H:%M}"}
    elif isinstance(rule, Weekly):
        schedule = {
            "interval": "weekly",
            "at": f"{rule.at:%H:%M}",
            "days": [WEEKDAYS_DE[d] for d in sorted(rule.days)],
        }
    else:
        schedule = {"interval": "monthly", "at": f"{rule.at:%H:%M}", "day": rule.day}
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
            }
        ),
    }
