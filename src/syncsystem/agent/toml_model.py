"""``agent.toml`` declared table by table: every setting, its default, its label and its rule.

Each setting names the catalogue codes of its label and hint (`syncsystem.declared.label`); no page
shows them yet, so they hold the words the model held.

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
from syncsystem.declared import RequiredText, Text, Texts, choice, label, problems, refuse
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
    profile: Text = Field("", json_schema_extra=label(mc.SET_AGENT_PROFILE, mc.SET_AGENT_PROFILE_HINT))
    agent_id: RequiredText = Field(json_schema_extra=label(mc.SET_AGENT_ID, mc.SET_AGENT_ID_HINT))
    office_id: Text = Field("", json_schema_extra=label(mc.SET_AGENT_OFFICE_ID))


class DatacenterTable(_Table):
    url: RequiredText = Field(json_schema_extra=label(mc.SET_AGENT_URL, mc.SET_AGENT_URL_HINT))
    public_key: RequiredText = Field(
        json_schema_extra=label(mc.SET_AGENT_PUBLIC_KEY, mc.SET_AGENT_PUBLIC_KEY_HINT)
    )
    ca_file: Text = Field("", json_schema_extra=label(mc.SET_AGENT_CA_FILE, mc.SET_AGENT_CA_FILE_HINT))
    timeout_seconds: Positive = Field(60.0, json_schema_extra=label(mc.SET_AGENT_TIMEOUT))

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
    poll_minutes: AtLeastOne = Field(30, json_schema_extra=label(mc.SET_AGENT_POLL))
    nightly_window: Text = Field(
        "21:00-23:00",
        validate_default=True,
        json_schema_extra=label(mc.SET_AGENT_WINDOW, mc.SET_AGENT_WINDOW_HINT),
    )
    timezone: Text = Field(
        "Europe/Vienna", validate_default=True, json_schema_extra=label(mc.SET_AGENT_TIMEZONE)
    )
    country: Text = Field(
        "AT", validate_default=True, json_schema_extra=label(mc.SET_AGENT_COUNTRY, mc.SET_AGENT_COUNTRY_HINT)
    )
    region: Text = Field(
        "", validate_default=True, json_schema_extra=label(mc.SET_AGENT_REGION, mc.SET_AGENT_REGION_HINT)
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
    mandanten: Texts = Field((), json_schema_extra=label(mc.SET_AGENT_MANDANTEN, mc.SET_AGENT_MANDANTEN_HINT))
    kind: Annotated[ExportKind, BeforeValidator(choice(ExportKind))] = Field(
        ExportKind.COMMAND, json_schema_extra=label(mc.SET_AGENT_EXPORT_KIND, mc.SET_AGENT_EXPORT_KIND_HINT)
    )
    command: Command = Field((), json_schema_extra=label(mc.SET_AGENT_COMMAND, mc.SET_AGENT_COMMAND_HINT))
    check_command: Command = Field(
        (), json_schema_extra=label(mc.SET_AGENT_CHECK_COMMAND, mc.SET_AGENT_CHECK_COMMAND_HINT)
    )
    folder: Text = Field("", json_schema_extra=label(mc.SET_AGENT_EXPORT_FOLDER))
    timeout_seconds: AtLeastOne = Field(3600, json_schema_extra=label(mc.SET_AGENT_EXPORT_TIMEOUT))


class TransferTable(_Table):
    state: Text = Field(
        "", json_schema_extra=label(mc.SET_AGENT_TRANSFER_STATE, mc.SET_AGENT_TRANSFER_STATE_HINT)
    )
    workstation: Text = Field(
        "", json_schema_extra=label(mc.SET_AGENT_WORKSTATION, mc.SET_AGENT_WORKSTATION_HINT)
    )


class AgentToml(_Table):
    """The whole file; ``[agent]`` and ``[datacenter]`` are required, the rest has defaults."""

    agent: AgentTable = Field(json_schema_extra=label(mc.SET_AGENT_AGENT))
    datacenter: DatacenterTable = Field(json_schema_extra=label(mc.SET_AGENT_DATACENTER))
    schedule: ScheduleTable = Field(default=ScheduleTable(), json_schema_extra=label(mc.SET_AGENT_SCHEDULE))
    export: ExportTable = Field(default=ExportTable(), json_schema_extra=label(mc.SET_AGENT_EXPORT))
    transfer: TransferTable = Field(default=TransferTable(), json_schema_extra=label(mc.SET_AGENT_TRANSFER))


def check(data: dict[str, Any], path: Path) -> dict[str, Any]:
    """``data`` (parsed ``agent.toml``) in normal form; raises `SettingsError` naming every bad setting."""
    try:
        form = AgentToml.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(problems(exc, str(path))) from None
    return form.model_dump(mode="json")
