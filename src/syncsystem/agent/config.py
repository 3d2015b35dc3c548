"""Agent profiles: one per office, each with its own folder of configuration and state.

A profile folder holds ``agent.toml`` (settings; no secrets; an optional ``[transfer]`` table
names a transfer state folder whose due jobs the agent runs), ``token`` (the datacenter token,
mode 0600), ``outbox.sqlite`` (bundles and cursors), ``schedule.json`` (planner state) and
``agenda`` (the next due instants for the resident timer). Several profiles side by side serve
several offices on one terminal server (ASP hosting) without sharing anything. Profiles live under
``$SYNCSYSTEM_AGENT_HOME`` or the platform default; ``--home`` overrides both.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from syncsystem.agent.cmdline import split_command
from syncsystem.errors import ConfigError
from syncsystem.schedule.nightly import NightlyPolicy, NightlyWindow
from syncsystem.schedule.poll import PollPolicy
from syncsystem.schedule.workdays import WorkdayCalendar

__all__ = [
    "CONFIG_NAME",
    "EXPIRY_NAME",
    "TOKEN_NAME",
    "AgentConfig",
    "ExportSettings",
    "default_home",
    "load_config",
    "profile_dir",
    "read_token",
    "read_token_expiry",
    "save_config",
    "write_token",
]

CONFIG_NAME = "agent.toml"
TOKEN_NAME = "token"
EXPIRY_NAME = "token.expires"
_PROFILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def default_home(environ: Mapping[str, str]) -> Path:
    """Where profiles live unless ``--home`` says otherwise."""
    if environ.get("SYNCSYSTEM_AGENT_HOME"):
        return Path(environ["SYNCSYSTEM_AGENT_HOME"])
    if os.name == "nt":
        return Path(environ.get("PROGRAMDATA", r"C:\ProgramData")) / "syncsystem" / "agent"
    base = environ.get("XDG_STATE_HOME") or str(Path(environ.get("HOME", "/var/lib")) / ".local" / "state")
    return Path(base) / "syncsystem" / "agent"


def profile_dir(home: Path, profile: str) -> Path:
    """The folder of ``profile`` under ``home``; refuses names that could escape it."""
    if not _PROFILE.match(profile):
        raise ConfigError(f"profile {profile!r}: use 1–64 letters, digits, '.', '_' or '-'")
    return home / profile


@dataclass(frozen=True, slots=True)
class ExportSettings:
    """How the agent reaches BMD's export interface.

    ``kind = "command"``: run ``command`` (a list, or one quoted command line split by the host's
    rules — `syncsystem.agent.cmdline`; ``{out_dir}``, ``{mandant}`` and ``{since}`` are filled in
    after splitting) once per Mandant; its exit codes follow the contract in `syncsystem.agent.exporter`.
    ``check_command`` (optional) is what ``agent doctor`` runs to test licence, lock and password
    (same exit codes); without it the doctor makes a probe export of the first Mandant.
    ``kind = "folder"``: BMD writes its exports into ``folder/<Mandant>``.
    """

    kind: str = "command"
    command: tuple[str, ...] = ()
    check_command: tuple[str, ...] = ()
    folder: str = ""
    timeout_seconds: int = 3600


@dataclass(frozen=True, slots=True)
class AgentConfig:
    """Everything one profile's agent needs, read from ``agent.toml``."""

    profile: str
    state_dir: Path
    agent_id: str
    office_id: str
    datacenter_url: str
    public_key_b64: str
    mandanten: tuple[str, ...] = ()
    ca_file: str = ""
    timeout_seconds: float = 60.0
    poll_minutes: int = 30
    nightly_window: NightlyWindow = field(default_factory=NightlyWindow)
    timezone: str = "Europe/Vienna"
    country: str = "AT"
    region: str = ""
    export: ExportSettings = field(default_factory=ExportSettings)
    transfer_state: str = ""
    """``[transfer] state``: a `syncsystem transfer` state folder whose due jobs this agent runs."""
    transfer_workstation: str = ""
    """``[transfer] workstation``: this host's name for jobs bound to a workstation ("" = the server)."""

    @property
    def tz(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"{CONFIG_NAME}: schedule.timezone: unknown zone {self.timezone!r}") from exc

    @property
    def calendar(self) -> WorkdayCalendar:
        return WorkdayCalendar(self.country, self.region or None)

    def poll_policy(self) -> PollPolicy:
        return PollPolicy.for_agent(self.agent_id, timedelta(minutes=self.poll_minutes))

    def nightly_policy(self) -> NightlyPolicy:
        return NightlyPolicy.for_agent(self.agent_id, self.nightly_window, self.tz, self.calendar)

    def with_changes(self, **changes: Any) -> AgentConfig:
        return replace(self, **changes)

    def validate(self) -> AgentConfig:
        """Raise `ConfigError` naming the setting if anything cannot work."""
        if not self.datacenter_url.startswith("https://"):
            raise ConfigError(f"{CONFIG_NAME}: datacenter.url must be an https:// URL "
                              f"(the agent talks HTTPS only), got {self.datacenter_url!r}")
        if self.poll_minutes < 1:
            raise ConfigError(f"{CONFIG_NAME}: schedule.poll_minutes must be at least 1")
        if self.export.kind not in ("command", "folder"):
            raise ConfigError(f"{CONFIG_NAME}: export.kind must be 'command' or 'folder', "
                              f"got {self.export.kind!r}")
        _ = self.tz
        self.calendar.validate()
        return self


def _window(text: str) -> NightlyWindow:
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        return NightlyWindow(start, end)
    except ValueError as exc:
        raise ConfigError(f"{CONFIG_NAME}: schedule.nightly_window {text!r}: expected 'HH:MM-HH:MM', "
                          "start before end") from exc


def _section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{CONFIG_NAME}: [{name}] must be a table")
    return value


def load_config(state_dir: Path) -> AgentConfig:
    """Read ``agent.toml`` of a profile folder; every problem is a `ConfigError` naming the key."""
    path = state_dir / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: no agent configuration — run 'syncsystem agent enrol' first") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    agent, dc = _section(data, "agent"), _section(data, "datacenter")
    sched, export = _section(data, "schedule"), _section(data, "export")
    transfer = _section(data, "transfer")
    try:
        config = AgentConfig(
            profile=str(agent.get("profile", state_dir.name)),
            state_dir=state_dir,
            agent_id=str(agent["agent_id"]),
            office_id=str(agent.get("office_id", "")),
            datacenter_url=str(dc["url"]).rstrip("/"),
            public_key_b64=str(dc["public_key"]),
            ca_file=str(dc.get("ca_file", "")),
            timeout_seconds=float(dc.get("timeout_seconds", 60)),
            mandanten=tuple(str(m) for m in export.get("mandanten", ())),
            poll_minutes=int(sched.get("poll_minutes", 30)),
            nightly_window=_window(str(sched.get("nightly_window", "21:00-23:00"))),
            timezone=str(sched.get("timezone", "Europe/Vienna")),
            country=str(sched.get("country", "AT")),
            region=str(sched.get("region", "")),
            export=ExportSettings(
                kind=str(export.get("kind", "command")),
                command=_argv(export.get("command", ())),
                check_command=_argv(export.get("check_command", ())),
                folder=str(export.get("folder", "")),
                timeout_seconds=int(export.get("timeout_seconds", 3600)),
            ),
            transfer_state=str(transfer.get("state", "")),
            transfer_workstation=str(transfer.get("workstation", "")),
        )
    except KeyError as exc:
        raise ConfigError(f"{path}: missing setting {exc.args[0]!r}") from exc
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return config.validate()


def _argv(value: object) -> tuple[str, ...]:
    """A command as a TOML list (taken as it is) or a string (split by the host's quoting rules)."""
    if isinstance(value, str):
        return split_command(value)
    if isinstance(value, list | tuple):
        return tuple(str(a) for a in value)
    raise ValueError(f"a command must be a string or a list of strings, got {value!r}")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save_config(config: AgentConfig) -> Path:
    """Write ``agent.toml`` atomically (temp file + rename)."""
    w = config.nightly_window
    tables: dict[str, dict[str, object]] = {
        "agent": {"profile": config.profile, "agent_id": config.agent_id, "office_id": config.office_id},
        "datacenter": {"url": config.datacenter_url, "public_key": config.public_key_b64,
                       "ca_file": config.ca_file, "timeout_seconds": config.timeout_seconds},
        "schedule": {"poll_minutes": config.poll_minutes,
                     "nightly_window": f"{w.start:%H:%M}-{w.end:%H:%M}",
                     "timezone": config.timezone, "country": config.country, "region": config.region},
        "export": {"mandanten": list(config.mandanten), "kind": config.export.kind,
                   "command": list(config.export.command),
                   "check_command": list(config.export.check_command), "folder": config.export.folder,
                   "timeout_seconds": config.export.timeout_seconds},
    }
    if config.transfer_state:
        tables["transfer"] = {"state": config.transfer_state, "workstation": config.transfer_workstation}
    lines = ["# syncsystem agent profile — edit with care; the token lives in the file 'token'."]
    for name, values in tables.items():
        lines.append(f"\n[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
    config.state_dir.mkdir(parents=True, exist_ok=True)
    path = config.state_dir / CONFIG_NAME
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_token(state_dir: Path, token: str, expires_at: datetime | None = None,
                received_at: datetime | None = None) -> None:
    """Store the datacenter token readable by the owner only, and when it was received and expires
    (``token.expires``, JSON; absent when it never expires). Each file is replaced atomically: a
    crash in a renewal leaves the old token or the new one — both work during the grace period."""
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / TOKEN_NAME
    tmp = path.with_name(TOKEN_NAME + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(token)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    expiry = state_dir / EXPIRY_NAME
    if expires_at is None:
        expiry.unlink(missing_ok=True)
        return
    tmp = expiry.with_name(EXPIRY_NAME + ".tmp")
    stamps = {"expires_at": expires_at.isoformat(),
              "received_at": None if received_at is None else received_at.isoformat()}
    tmp.write_text(json.dumps(stamps), encoding="ascii")
    os.replace(tmp, expiry)


def read_token_expiry(state_dir: Path) -> tuple[datetime | None, datetime | None]:
    """(received, expires) of the stored token; expires None when unknown (enrolled before tokens
    expired) or never, received None when not recorded."""
    try:
        stamps = json.loads((state_dir / EXPIRY_NAME).read_text(encoding="ascii"))
        moments = [None if stamps.get(k) is None else datetime.fromisoformat(stamps[k])
                   for k in ("received_at", "expires_at")]
    except (OSError, ValueError, AttributeError, TypeError):
        return None, None
    received, expires = (m if m is not None and m.tzinfo is not None else None for m in moments)
    return received, expires


def read_token(state_dir: Path) -> str:
    try:
        token = (state_dir / TOKEN_NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise ConfigError(f"{state_dir / TOKEN_NAME}: no datacenter token — "
                          "run 'syncsystem agent enrol'") from exc
    if not token:
        raise ConfigError(f"{state_dir / TOKEN_NAME}: the token file is empty")
    return token
