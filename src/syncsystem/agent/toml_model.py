"""``agent.toml`` declared table by table: every setting, its default, its German label and its rule.

`check` validates the parsed TOML of a profile and returns its settings in one normal form (JSON
data: the command split into a list, the URL without a trailing slash) that
`syncsystem.agent.config` builds the `AgentConfig` from; a refused file raises `SettingsError`
naming every bad setting as ``agent.toml:schedule.poll_minutes`` in the catalogue's words. An
unknown table or key is refused too (a misspelt ``pol_minutes`` would otherwise silently fall back
to the default). This module imports pydantic, which costs the worker ~18 MiB: the worker loads it
only when ``agent.toml`` changed since it was last checked (see `syncsystem.agent.config`).
"""

from __future__ import annotations

import base64
import binascii
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from syncsystem.agent.cmdline import split_command
from syncsystem.declared import RequiredText, Text, Texts, choice, problems, refuse
from syncsystem.errors import ConfigError, SettingsError
from syncsystem.messages import codes as mc
from syncsystem.schedule.workdays import WorkdayCalendar

__all__ = ["AgentToml", "ExportKind", "check"]


class _Table(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class ExportKind(StrEnum):
    COMMAND = "command"
    FOLDER = "folder"


def _positive(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(mc.CFG_NUMBER(value=repr(value)))
    if value <= 0:
        raise refuse(mc.CFG_POSITIVE(value=repr(value)))
    return float(value)


def _at_least_one(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise refuse(mc.CFG_WHOLE(value=repr(value)))
    if value < 1:
        raise refuse(mc.CFG_AT_LEAST(value=repr(value), lo="1"))
    return value


def _command(value: Any) -> tuple[str, ...]:
    """A list (taken as it is) or one command line, split by the host's quoting rules."""
    if isinstance(value, str):
        try:
            return split_command(value)
        except ConfigError as exc:
            raise refuse(exc.message or mc.CFG_COMMAND()) from None
    if isinstance(value, list) and all(isinstance(a, str | int | float) for a in value):
        return tuple(str(a) for a in value)
    raise refuse(mc.CFG_COMMAND())


Positive = Annotated[float, BeforeValidator(_positive)]
AtLeastOne = Annotated[int, BeforeValidator(_at_least_one)]
Command = Annotated[tuple[str, ...], BeforeValidator(_command)]


class AgentTable(_Table):
    profile: Text = Field("", title="Profil", description="Name des Profils; leer = Name des Ordners.")
    agent_id: RequiredText = Field(
        title="Agent-ID", description="Vom Rechenzentrum bei der Anmeldung vergeben."
    )
    office_id: Text = Field("", title="Kanzlei-ID")


class DatacenterTable(_Table):
    url: RequiredText = Field(title="Adresse des Rechenzentrums", description="https://…")
    public_key: RequiredText = Field(
        title="Öffentlicher Schlüssel", description="Base64; kommt bei der Anmeldung vom Rechenzentrum."
    )
    ca_file: Text = Field(
        "", title="CA-Datei", description="Eigener Zertifikatsspeicher (PEM); leer = System."
    )
    timeout_seconds: Positive = Field(60.0, title="Zeitlimit (Sekunden)")

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise refuse(mc.CFG_HTTPS_URL(value=value))
        return value.rstrip("/")

    @field_validator("public_key")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise refuse(mc.CFG_BASE64()) from None
        return value


class ScheduleTable(_Table):
    poll_minutes: AtLeastOne = Field(30, title="Abfrage alle … Minuten")
    nightly_window: Text = Field(
        "21:00-23:00",
        validate_default=True,
        title="Nachtfenster",
        description="HH:MM-HH:MM, Beginn vor Ende.",
    )
    timezone: Text = Field("Europe/Vienna", validate_default=True, title="Zeitzone")
    country: Text = Field("AT", validate_default=True, title="Land", description="Für die Feiertage.")
    region: Text = Field(
        "", validate_default=True, title="Region", description="Bundesland, z. B. 9 oder Wien."
    )

    @field_validator("nightly_window")
    @classmethod
    def _window(cls, value: str) -> str:
        try:
            start, end = (time.fromisoformat(part.strip()) for part in value.split("-"))
        except ValueError:
            raise refuse(mc.CFG_WINDOW(value=value)) from None
        if not start < end:
            raise refuse(mc.CFG_WINDOW(value=value))
        return f"{start:%H:%M}-{end:%H:%M}"

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise refuse(mc.CFG_TIMEZONE(value=value)) from None
        return value

    @field_validator("country", "region")
    @classmethod
    def _calendar(cls, value: str, info: ValidationInfo) -> str:
        country = value if info.field_name == "country" else info.data.get("country")
        if country is None:
            return value  # the country itself is refused already
        region = value if info.field_name == "region" else None
        try:
            WorkdayCalendar(country, region or None).validate()
        except ConfigError as exc:
            raise refuse(exc.message or mc.CFG_INVALID(value=repr(value))) from None
        return value


class ExportTable(_Table):
    mandanten: Texts = Field((), title="Mandanten", description="Nächtlich zu übertragende Mandanten.")
    kind: Annotated[ExportKind, BeforeValidator(choice(ExportKind))] = Field(
        ExportKind.COMMAND,
        title="Art",
        description="command (BMD-Exportbefehl) oder folder (BMD exportiert in einen Ordner).",
    )
    command: Command = Field(
        (), title="Exportbefehl", description="{out_dir}, {mandant}, {since} werden ersetzt."
    )
    check_command: Command = Field(
        (), title="Prüfbefehl", description="Für agent doctor; leer = Probeexport."
    )
    folder: Text = Field("", title="Exportordner")
    timeout_seconds: AtLeastOne = Field(3600, title="Zeitlimit des Exports (Sekunden)")


class TransferTable(_Table):
    state: Text = Field("", title="Transfer-Ordner", description="Zustandsordner von syncsystem transfer.")
    workstation: Text = Field("", title="Arbeitsplatz", description="Name dieses Rechners für Aufträge.")


class AgentToml(_Table):
    """The whole file; ``[agent]`` and ``[datacenter]`` are required, the rest has defaults."""

    agent: AgentTable = Field(title="Agent")
    datacenter: DatacenterTable = Field(title="Rechenzentrum")
    schedule: ScheduleTable = Field(default=ScheduleTable(), title="Zeitplan")
    export: ExportTable = Field(default=ExportTable(), title="BMD-Export")
    transfer: TransferTable = Field(default=TransferTable(), title="Transfer")


def check(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` (parsed ``agent.toml``) in normal form; raises `SettingsError` naming every bad setting."""
    try:
        form = AgentToml.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(problems(exc, str(path))) from None
    return form.model_dump(mode="json")
