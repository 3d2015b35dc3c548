"""What every request handler needs, bundled once per app: store, clock, key, settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from syncsystem.clock import Clock
from syncsystem.datacenter.auth import AgentCache
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import Limits

__all__ = ["Datacenter", "SeenTracker", "Settings"]


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


@dataclass(frozen=True, slots=True)
class Datacenter:
    store: Store
    clock: Clock
    private_key: bytes
    public_key: bytes
    settings: Settings
    agent_cache: AgentCache = field(default_factory=AgentCache)
    seen: SeenTracker = field(default_factory=SeenTracker)
