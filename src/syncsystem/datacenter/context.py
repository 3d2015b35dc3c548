"""What every request handler needs, bundled once per app: store, clock, key, settings (and the
upload limits, read from the environment by `limits_from_env`)."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
import weakref
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from syncsystem.clock import DEFAULT_TZ, Clock
from syncsystem.datacenter.auth import AgentCache
from syncsystem.datacenter.keys import BundleKeys
from syncsystem.datacenter.login_link import LoginLinks
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import ConfigError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole
from syncsystem.protocol.bundle import Limits
from syncsystem.schedule.workdays import WorkdayCalendar

__all__ = [
    "DEFAULT_INGESTS",
    "DEFAULT_TOKEN_CACHE_SECONDS",
    "ENV_INGESTS",
    "ENV_LIMITS",
    "ENV_TOKEN_CACHE",
    "IN_FLIGHT",
    "LARGE_UPLOAD",
    "MAX_INGESTS",
    "MAX_TOKEN_CACHE_SECONDS",
    "Datacenter",
    "IngestSlots",
    "SeenTracker",
    "Settings",
    "WatchTracker",
    "ingests_from_env",
    "limits_from_env",
    "token_cache_from_env",
]

# How long a server process trusts an agent token it verified, without asking the database again:
# the longest a revocation made through another server process (or host) takes to be refused here.
ENV_TOKEN_CACHE = "SYNCSYSTEM_DATACENTER_TOKEN_CACHE_SECONDS"
MAX_TOKEN_CACHE_SECONDS = 60
DEFAULT_TOKEN_CACHE_SECONDS = 2.0

# How many uploads one server process opens, parses and prepares at once (the CPU-bound part of an
# ingest, under the GIL); the others wait for their turn. Beyond two at once they would only take
# turns for the GIL, and every poll's thread would wait behind all of them (docs/scaling.md, the
# nightly wave). Storing (mostly waiting for the database) is not limited by it.
ENV_INGESTS = "SYNCSYSTEM_DATACENTER_INGESTS"
DEFAULT_INGESTS = 2
MAX_INGESTS = 64
# Uploads in worker threads at once per process, on thread tokens of their own: the rest wait on the
# event loop, and the polls' thread pool (Starlette's) is never taken up by uploads. Four keep the
# database busy while two validate; with 16 the storing threads' own CPU (COPY text, statements) kept
# the polls waiting for the GIL again (docs/scaling.md: p99 241 against 88 ms beside the wave).
IN_FLIGHT = 4
# A sealed upload from this size on (compressed ~20:1: some 200,000 bookings) is large: validating it
# takes seconds to minutes, so it runs in a lane of its own, one at a time per process, and never
# holds the small uploads' thread tokens or validation slots (docs/scaling.md).
LARGE_UPLOAD = 1 << 20

_T = TypeVar("_T")

# Limits of what one upload may cost (`Limits`): variable -> (field, unit in bytes or 1 for counts)
ENV_LIMITS: dict[str, tuple[str, int]] = {
    "SYNCSYSTEM_DATACENTER_MAX_BUNDLE_MIB": ("max_bundle_bytes", 1 << 20),
    "SYNCSYSTEM_DATACENTER_MAX_DECOMPRESSED_MIB": ("max_decompressed_bytes", 1 << 20),
    "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_FILE": ("max_rows_per_file", 1),
    "SYNCSYSTEM_DATACENTER_MAX_ROWS_PER_BUNDLE": ("max_rows_per_bundle", 1),
}


def _env_whole(
    environ: Mapping[str, str], name: str, low: int, high: int | None, refusal: Callable[[str], Message]
) -> int | None:
    """The variable ``name`` as a whole number from ``low`` to ``high`` (None: no upper bound); None when
    it is not set; anything else refused at start with ``refusal(value)``."""
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    number = whole(raw, 18)
    if number is None or number < low or (high is not None and number > high):
        raise ConfigError(refusal(raw))
    return number


def _limit_refused(name: str, raw: str) -> Message:
    return mc.DC_ENV_LIMIT(name=name, value=raw)


def limits_from_env(environ: Mapping[str, str]) -> Limits:
    """The upload limits: `Limits` defaults, each replaced by its variable when set (a positive integer)."""
    values: dict[str, int] = {}
    for name, (attr, unit) in ENV_LIMITS.items():
        number = _env_whole(environ, name, 1, None, functools.partial(_limit_refused, name))
        if number is not None:
            values[attr] = number * unit
    return replace(Limits(), **values)


def token_cache_from_env(environ: Mapping[str, str]) -> float:
    """The token cache's lifetime in seconds: 2 unless the variable says 0 (no cache) up to 60."""
    most = MAX_TOKEN_CACHE_SECONDS
    seconds = _env_whole(
        environ,
        ENV_TOKEN_CACHE,
        0,
        most,
        lambda raw: mc.DC_ENV_TOKEN_CACHE(name=ENV_TOKEN_CACHE, value=raw, limit=most),
    )
    return DEFAULT_TOKEN_CACHE_SECONDS if seconds is None else float(seconds)


def ingests_from_env(environ: Mapping[str, str]) -> int:
    """Uploads validated at once per server process: 2 unless the variable says 1 to 64."""
    number = _env_whole(
        environ,
        ENV_INGESTS,
        1,
        MAX_INGESTS,
        lambda raw: mc.DC_ENV_INGESTS(name=ENV_INGESTS, value=raw, most=MAX_INGESTS),
    )
    return DEFAULT_INGESTS if number is None else number


class IngestSlots:
    """Uploads run in worker threads on tokens of their own (at most `IN_FLIGHT` at once, the others
    wait on the event loop), and ``gate`` lets ``size`` of them at a time do the CPU-bound part of an
    ingest. Polls and other requests use Starlette's thread pool, so they never queue behind uploads
    for a thread, and behind at most ``size`` of them for the GIL. An upload of `LARGE_UPLOAD` bytes
    or more takes the large lane instead: one token of its own, so a few large uploads never keep the
    small ones waiting for minutes. One limiter per event loop (tests start a loop per client)."""

    def __init__(self, size: int = DEFAULT_INGESTS) -> None:
        self.size = size
        self.gate = threading.BoundedSemaphore(size)
        self._limiters: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, tuple[anyio.CapacityLimiter, anyio.CapacityLimiter]
        ] = weakref.WeakKeyDictionary()

    def _limiter(self, large: bool) -> anyio.CapacityLimiter:
        loop = asyncio.get_running_loop()
        lanes = self._limiters.get(loop)
        if lanes is None:
            lanes = self._limiters[loop] = (anyio.CapacityLimiter(IN_FLIGHT), anyio.CapacityLimiter(1))
        return lanes[large]

    async def run(self, size: int, func: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """``func(*args, gate=…, **kwargs)`` for an upload of ``size`` bytes in a worker thread, once a
        token of its lane is free: a small upload's gate is the shared validation slots, a large one's
        nothing (its lane lets one through at a time)."""
        large = size >= LARGE_UPLOAD
        gate: AbstractContextManager[Any] = contextlib.nullcontext() if large else self.gate

        def call() -> _T:
            return func(*args, gate=gate, **kwargs)

        return await anyio.to_thread.run_sync(call, limiter=self._limiter(large))


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


class WatchTracker:
    """When an advisor of each office last looked at the page (monotonic seconds, this process):
    while one watches, the poll answer asks the agent to come back within seconds (`Settings`)."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def saw(self, office_id: str, now: float) -> None:
        self._last[office_id] = now

    def watching(self, office_id: str, now: float, window: float) -> bool:
        last = self._last.get(office_id)
        return last is not None and now - last <= window

    def poll_hint(
        self, office_id: str, now: float, settings: Settings, *, waiting: bool, wall: datetime | None = None
    ) -> int | None:
        """The poll answer's ``fast_poll_seconds``: fast while watched or a request waits, warm for a
        while after the page was last seen, during office hours (at ``wall``) the office cadence,
        else None (the regular cadence)."""
        if waiting or self.watching(office_id, now, settings.watch_seconds):
            return settings.fast_poll_seconds
        if self.watching(office_id, now, settings.warm_seconds):
            return settings.warm_poll_seconds
        if wall is not None and settings.in_office_hours(wall):
            return settings.office_poll_seconds
        return None


@dataclass(frozen=True, slots=True)
class Settings:
    """Tunable behaviour; defaults follow kontool (a poll every 30 minutes)."""

    poll_seconds: int = 1800
    limits: Limits = field(default_factory=Limits)
    secure_cookies: bool = True
    token_grace_hours: int = 24
    token_lifetime: timedelta = timedelta(days=90)  # an agent token's; the agent renews it before
    session_lifetime: timedelta = timedelta(hours=12)
    # "Jetzt aktualisieren": while a request waits or an advisor watched the page within
    # ``watch_seconds``, the poll answer tells the agent to poll again after ``fast_poll_seconds``;
    # for ``warm_seconds`` after that, every ``warm_poll_seconds`` — so when the page is opened again
    # the agent notices within minutes, not at its next 30-minute slot.
    fast_poll_seconds: int = 5
    watch_seconds: float = 900.0
    warm_poll_seconds: int = 120
    warm_seconds: float = 4 * 3600.0
    # Opt-in quick start: during office hours (working days, Austrian public holidays off) an agent
    # polls every ``office_poll_seconds``, so even the first "Jetzt aktualisieren" of a day — before
    # the agent has heard that anyone looks at the page — starts within that time, not at the next
    # 30-minute slot. Off (0) by default: the promise is "every 30 minutes, never more often", and
    # each such poll is one short worker process on the agent host (steuerberater.md, kanzlei-it.md).
    office_poll_seconds: int = 0
    office_hours: tuple[time, time] = (time(7), time(19))
    calendar: WorkdayCalendar = field(default_factory=WorkdayCalendar)
    # the revocation delay across server processes (ENV_TOKEN_CACHE)
    token_cache_seconds: float = DEFAULT_TOKEN_CACHE_SECONDS
    # uploads opened, parsed and prepared at once per server process (ENV_INGESTS)
    ingests: int = DEFAULT_INGESTS
    # The demo's accelerated clock: the page shows "Simulierte Zeit" and keeps it moving.
    show_clock: bool = False

    def in_office_hours(self, moment: datetime) -> bool:
        """Whether ``moment`` falls on a working day (Vienna) between the office hours' start and end."""
        if not self.office_poll_seconds:
            return False
        local = moment.astimezone(DEFAULT_TZ)
        start, end = self.office_hours
        return self.calendar.is_working_day(local.date()) and start <= local.time() < end


@dataclass(frozen=True, slots=True)
class Datacenter:
    store: Store
    clock: Clock
    keys: BundleKeys
    settings: Settings
    agent_cache: AgentCache = field(default_factory=AgentCache)
    seen: SeenTracker = field(default_factory=SeenTracker)
    watchers: WatchTracker = field(default_factory=WatchTracker)
    login_links: LoginLinks = field(default_factory=LoginLinks)
    ingest_slots: IngestSlots = field(default_factory=IngestSlots)

    @property
    def public_key(self) -> bytes:
        return self.keys.public
