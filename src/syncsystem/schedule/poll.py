"""Poll cadence: when an agent asks the datacenter for work, and how it backs off after failures.

Polls sit on a fixed grid: every ``interval`` after the Unix epoch plus a per-agent *phase*
derived from the agent id. The phase spreads many agents over the interval (so a datacenter is
not hit by every office at :00 and :30) and is deterministic, so `syncsystem agent plan` shows the
very instants the agent will use. On the grid an agent polls exactly ``86400 / interval`` times a
day and never more often. After a failure it retries sooner — exponential backoff starting at
``base`` and capped at the interval — or later when the server asked for it (``Retry-After``).
Also here: the clock check against the datacenter's ``server_time``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from syncsystem.clock import ensure_aware

__all__ = [
    "DEFAULT_INTERVAL",
    "SKEW_LIMIT",
    "PollPolicy",
    "clock_skew",
    "skew_is_problem",
    "stable_fraction",
]

DEFAULT_INTERVAL = timedelta(minutes=30)
SKEW_LIMIT = timedelta(minutes=2)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def stable_fraction(agent_id: str, salt: str) -> float:
    """A number in [0, 1) fixed for ``agent_id`` and ``salt`` (same on every host and run)."""
    digest = hashlib.sha256(f"{salt}:{agent_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """Cadence of one agent: the interval, its phase on the grid, and the backoff base."""

    interval: timedelta = DEFAULT_INTERVAL
    phase: timedelta = timedelta(0)
    backoff_base: timedelta = timedelta(minutes=1)

    @classmethod
    def for_agent(
        cls,
        agent_id: str,
        interval: timedelta = DEFAULT_INTERVAL,
        backoff_base: timedelta = timedelta(minutes=1),
    ) -> PollPolicy:
        """The policy of ``agent_id``: its phase is a stable fraction of the interval, whole seconds."""
        if interval < timedelta(minutes=1):
            raise ValueError(f"poll interval {interval} is shorter than one minute")
        seconds = int(stable_fraction(agent_id, "poll") * interval.total_seconds())
        return cls(interval=interval, phase=timedelta(seconds=seconds), backoff_base=backoff_base)

    def next_slot(self, after: datetime) -> datetime:
        """The first grid instant strictly after ``after`` (returned in ``after``'s zone)."""
        ensure_aware(after)
        step = self.interval.total_seconds()
        offset = (after - _EPOCH - self.phase).total_seconds()
        k = int(offset // step) + 1
        return (_EPOCH + self.phase + timedelta(seconds=k * step)).astimezone(after.tzinfo)

    def slots(self, start: datetime, end: datetime) -> list[datetime]:
        """Every grid instant in ``[start, end)``."""
        out: list[datetime] = []
        moment = self.next_slot(start - timedelta(microseconds=1))
        while moment < end:
            out.append(moment)
            moment = self.next_slot(moment)
        return out

    def backoff(self, failures: int) -> timedelta:
        """Delay before retry number ``failures`` (1 = first retry): base·2ⁿ⁻¹, capped at the interval."""
        if failures <= 0:
            return timedelta(0)
        # Cap the exponent so 2**n stays small; the interval cap applies long before.
        delay: timedelta = self.backoff_base * (1 << min(failures - 1, 30))
        return min(delay, self.interval)

    def after_success(self, polled_at: datetime, server_hint_seconds: int | None = None) -> datetime:
        """Next poll after a successful one: the next grid slot, or later if the server asked."""
        nxt = self.next_slot(polled_at)
        if server_hint_seconds is not None and server_hint_seconds > self.interval.total_seconds():
            nxt = self.next_slot(polled_at + timedelta(seconds=server_hint_seconds) - timedelta(seconds=1))
        return nxt

    def after_failure(self, failed_at: datetime, failures: int, retry_after: float | None = None) -> datetime:
        """Next attempt after the ``failures``-th failure in a row; ``Retry-After`` is honoured."""
        delay = self.backoff(failures)
        if retry_after is not None and retry_after > delay.total_seconds():
            delay = timedelta(seconds=retry_after)
        return failed_at + delay


def clock_skew(local_now: datetime, server_time: datetime) -> timedelta:
    """How far the local clock is ahead of the server's (negative: behind)."""
    return ensure_aware(local_now) - ensure_aware(server_time)


def skew_is_problem(skew: timedelta, limit: timedelta = SKEW_LIMIT) -> bool:
    """True when the clocks differ by ``limit`` (2 minutes) or more, either way."""
    return abs(skew) >= limit
