"""What every request handler needs, bundled once per app: store, clock, key, settings (and the
upload limits, read from the environment by `limits_from_env`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta

from syncsystem.clock import Clock
from syncsystem.datacenter.auth import AgentCache
from syncsystem.datacenter.keys import BundleKeys
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import ConfigError
from syncsystem.protocol.bundle import Limits

__all__ = ["ENV_LIMITS", "Datacenter", "SeenTracker", "Settings", "limits_from_env"]

# Limits of what one upload may cost (`Limits`): variable -> (field, unit in bytes or 1 for counts)
ENV_LIMITS: dict[str, tuple[str, int]] = {
    "SYNCSYSTEM_DATACENTER_MAX_BUNDLE_MIB": ("max_bundle_bytes", 1 << 20),
    "SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB": ("max_decompressed_bytes", 1 << 20),
    "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE": ("max_rows_per_file", 1),
    "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_BUNDLE": ("max_rows_per_bundle", 1),
}


def limits_from_env(environ: Mapping[str, str]) -> Limits:
    """The upload limits: `Limits` defaults, each replaced by its variable when set (a positive integer)."""
    values: dict[str, int] = {}
    for name, (attr, unit) in ENV_LIMITS.items():
        raw = environ.get(name, "").strip()
        if not raw:
            continue
        if not raw.isdigit() or int(raw) < 1:
            raise ConfigError(f"{name}={raw!r}: expected a positive whole number")
        values[attr] = int(raw) * unit
    return replace(Limits(), **values)


class SeenTracker:
    """When this process last stored each agent's last-seen time: a poll writes it at most once per
    ``every`` seconds (monotonic), so a storm of polls does not become a storm of writes."""

    def __init__(self, every: float = 60.0) -> None:
        self.every = every
        self._last: dict[str, float] = {}

    def due(self, agent_id: str, now: float) -> bool:
        last = self._last.get(agent_id)
        if last is not None and now - last < self.every:
            return False
        self._last[agent_id] = now
        return True


@dataclass(frozen=True, slots=True)
class Settings:
    """Tunable behaviour; defaults follow kontool (a poll every 30 minutes)."""

    poll_seconds: int = 1800
    limits: Limits = field(default_factory=Limits)
    secure_cookies: bool = True
    token_grace_hours: int = 24
    token_lifetime: timedelta = timedelta(days=90)  # an agent token's; the agent renews it before
    session_lifetime: timedelta = timedelta(hours=12)


@dataclass(frozen=True, slots=True)
class Datacenter:
    store: Store
    clock: Clock
    keys: BundleKeys
    settings: Settings
    agent_cache: AgentCache = field(default_factory=AgentCache)
    seen: SeenTracker = field(default_factory=SeenTracker)

    @property
    def public_key(self) -> bytes:
        return self.keys.public
