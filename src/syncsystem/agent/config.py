"""Agent profiles: one per office, each with its own folder of configuration and state.

A profile folder holds ``agent.toml`` (settings; no secrets; an optional ``[transfer]`` table
names a transfer state folder whose due jobs the agent runs), ``token`` (the datacenter token,
mode 0600), ``outbox.sqlite`` (bundles and cursors), ``schedule.json`` (planner state) and
``agenda`` (the next due instants for the resident timer). Several profiles side by side serve
several offices on one terminal server (ASP hosting) without sharing anything. Profiles live under
``$SYNCSYSTEM_AGENT_HOME`` or the platform default; ``--home`` overrides both.

``agent.toml`` is declared in `syncsystem.agent.toml_model` (pydantic). The worker reads the file
at every wake-up but must stay small, so the settings of a file that passed the check are kept in
``.agent.toml.checked`` beside it with the file's SHA-256: while the file is unchanged they are
taken from there and pydantic is never imported; after an edit the next reader checks it again.
"""

from __future__ import annotations

import hashlib
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

from syncsystem.errors import ConfigError, Problem, SettingsError
from syncsystem.files import atomic_write_text
from syncsystem.messages import codes as mc
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
CHECKED_NAME = ".agent.toml.checked"
_CHECKED_VERSION = 1  # raise when the normal form of the settings changes
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
        raise ConfigError(mc.CFG_PROFILE(profile=profile))
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
            where = Problem.of(CONFIG_NAME, 0, "schedule.timezone", mc.CFG_TIMEZONE(value=self.timezone))
            raise SettingsError([where]) from exc

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
        """Raise `SettingsError` naming each setting of ``agent.toml`` that cannot work."""
        _checked_settings(_tables(self), self.state_dir / CONFIG_NAME)
        return self


def _checked_settings(data: dict[str, Any], path: Path) -> dict[str, Any]:
    from syncsystem.agent.toml_model import check  # noqa: PLC0415 - pydantic only when a file is new

    return check(data, path)


def _build(state_dir: Path, settings: Mapping[str, Any]) -> AgentConfig:
    """The `AgentConfig` of checked settings (the normal form `toml_model.check` returns)."""
    agent, dc, sched = settings["agent"], settings["datacenter"], settings["schedule"]
    export, transfer = settings["export"], settings["transfer"]
    start, end = (time.fromisoformat(part) for part in sched["nightly_window"].split("-"))
    return AgentConfig(
        profile=agent["profile"] or state_dir.name,
        state_dir=state_dir,
        agent_id=agent["agent_id"],
        office_id=agent["office_id"],
        datacenter_url=dc["url"],
        public_key_b64=dc["public_key"],
        ca_file=dc["ca_file"],
        timeout_seconds=float(dc["timeout_seconds"]),
        mandanten=tuple(export["mandanten"]),
        poll_minutes=sched["poll_minutes"],
        nightly_window=NightlyWindow(start, end),
        timezone=sched["timezone"],
        country=sched["country"],
        region=sched["region"],
        export=ExportSettings(
            kind=export["kind"],
            command=tuple(export["command"]),
            check_command=tuple(export["check_command"]),
            folder=export["folder"],
            timeout_seconds=export["timeout_seconds"],
        ),
        transfer_state=transfer["state"],
        transfer_workstation=transfer["workstation"],
    )


def load_config(state_dir: Path) -> AgentConfig:
    """Read ``agent.toml`` of a profile folder; a bad file raises `SettingsError` naming every setting."""
    path = state_dir / CONFIG_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ConfigError(mc.CFG_NO_CONFIG(path=str(path))) from exc
    digest = hashlib.sha256(raw).hexdigest()
    remembered = _remembered(state_dir, digest)
    if remembered is not None:
        try:
            return _build(state_dir, remembered)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # kept by another version in another form: check the file again
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError([Problem.of(str(path), 0, "", mc.CFG_TOML(reason=str(exc)))]) from exc
    settings = _checked_settings(data, path)
    _remember(state_dir, digest, settings)
    return _build(state_dir, settings)


def _remembered(state_dir: Path, digest: str) -> dict[str, Any] | None:
    """The settings checked for the file with ``digest``, if that is the file checked last."""
    try:
        kept = json.loads((state_dir / CHECKED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("sha256") != digest or kept.get("version") != _CHECKED_VERSION:
        return None
    settings = kept.get("settings")
    return settings if isinstance(settings, dict) else None


def _remember(state_dir: Path, digest: str, settings: dict[str, Any]) -> None:
    """Keep the checked settings beside the file (best effort: a read-only profile checks each time)."""
    record = {"version": _CHECKED_VERSION, "sha256": digest, "settings": settings}
    path = state_dir / CHECKED_NAME
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _tables(config: AgentConfig) -> dict[str, dict[str, Any]]:
    """``config`` as the tables of ``agent.toml``."""
    w = config.nightly_window
    tables: dict[str, dict[str, Any]] = {
        "agent": {"profile": config.profile, "agent_id": config.agent_id, "office_id": config.office_id},
        "datacenter": {
            "url": config.datacenter_url,
            "public_key": config.public_key_b64,
            "ca_file": config.ca_file,
            "timeout_seconds": config.timeout_seconds,
        },
        "schedule": {
            "poll_minutes": config.poll_minutes,
            "nightly_window": f"{w.start:%H:%M}-{w.end:%H:%M}",
            "timezone": config.timezone,
            "country": config.country,
            "region": config.region,
        },
        "export": {
            "mandanten": list(config.mandanten),
            "kind": config.export.kind,
            "command": list(config.export.command),
            "check_command": list(config.export.check_command),
            "folder": config.export.folder,
            "timeout_seconds": config.export.timeout_seconds,
        },
    }
    if config.transfer_state:
        tables["transfer"] = {"state": config.transfer_state, "workstation": config.transfer_workstation}
    return tables


def save_config(config: AgentConfig) -> Path:
    """Check ``config`` and write ``agent.toml`` atomically (temp file, fsync, rename)."""
    tables = _tables(config)
    lines = ["# syncsystem agent profile — edit with care; the token lives in the file 'token'."]
    for name, values in tables.items():
        lines.append(f"\n[{name}]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in values.items())
    text = "\n".join(lines) + "\n"
    path = config.state_dir / CONFIG_NAME
    settings = _checked_settings(tables, path)
    config.state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text, mode=None)
    _remember(config.state_dir, hashlib.sha256(text.encode("utf-8")).hexdigest(), settings)
    return path


def write_token(
    state_dir: Path, token: str, expires_at: datetime | None = None, received_at: datetime | None = None
) -> None:
    """Store the datacenter token readable by the owner only, and when it was received and expires
    (``token.expires``, JSON; absent when it never expires). Each file is replaced atomically: a
    crash in a renewal leaves the old token or the new one — both work during the grace period."""
    state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(state_dir / TOKEN_NAME, token, 0o600)
    expiry = state_dir / EXPIRY_NAME
    if expires_at is None:
        expiry.unlink(missing_ok=True)
        return
    stamps = {
        "expires_at": expires_at.isoformat(),
        "received_at": None if received_at is None else received_at.isoformat(),
    }
    atomic_write_text(expiry, json.dumps(stamps), mode=None)


def read_token_expiry(state_dir: Path) -> tuple[datetime | None, datetime | None]:
    """(received, expires) of the stored token; expires None when unknown (enrolled before tokens
    expired) or never, received None when not recorded."""
    try:
        stamps = json.loads((state_dir / EXPIRY_NAME).read_text(encoding="ascii"))
        moments = [
            None if stamps.get(k) is None else datetime.fromisoformat(stamps[k])
            for k in ("received_at", "expires_at")
        ]
    except (OSError, ValueError, AttributeError, TypeError):
        return None, None
    received, expires = (m if m is not None and m.tzinfo is not None else None for m in moments)
    return received, expires


def read_token(state_dir: Path) -> str:
    try:
        token = (state_dir / TOKEN_NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise ConfigError(mc.CFG_NO_TOKEN(path=str(state_dir / TOKEN_NAME))) from exc
    if not token:
        raise ConfigError(mc.CFG_EMPTY_TOKEN(path=str(state_dir / TOKEN_NAME)))
    return token
