"""Time as a dependency: the `Clock` protocol, the real clock, and an event-driven simulated clock.

Domain code never reads the wall clock itself; it is handed a `Clock`. The real `SystemClock` is
built only by the CLI (the process edge). `SimulatedClock` is a discrete-event clock: waiting does
not sleep, it jumps straight to the next due time and runs whatever was scheduled on the way, in
time order. A simulated year of 30-minute polls therefore costs only the work done at each poll.

All clocks are timezone-aware; `Europe/Vienna` is the default zone, the zone of BMD's users.
Internally every clock computes in UTC: Python compares and adds datetimes that share one zone by
their wall time, which would step back an hour on the night the clocks go back.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_TZ",
    "Clock",
    "SimulatedClock",
    "SystemClock",
    "TimerHandle",
    "ensure_aware",
]

DEFAULT_TZ = ZoneInfo("Europe/Vienna")


def ensure_aware(moment: datetime) -> datetime:
    """Return ``moment`` unchanged if it carries a zone; refuse naive datetimes loudly."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: syncsystem only works with aware datetimes")
    return moment


@runtime_checkable
class Clock(Protocol):
    """What domain code may ask of time."""

    @property
    def tz(self) -> tzinfo:
        """The local zone of this installation (used for schedules and display)."""
        ...

    def now(self) -> datetime:
        """The current instant, aware, in the clock's zone."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards; only differences are meaningful."""
        ...

    def wait_until(self, deadline: datetime) -> None:
        """Return once ``deadline`` has been reached (at once if it already has)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait for ``seconds`` of this clock's time."""
        ...


class SystemClock:
    """The real clock. Waiting can be interrupted from another thread with `interrupt()`."""

    def __init__(self, tz: tzinfo = DEFAULT_TZ) -> None:
        self._tz = tz
        self._wake = threading.Event()

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return datetime.now(self._tz)

    def monotonic(self) -> float:
        return time.monotonic()

    def wait_until(self, deadline: datetime) -> None:
        ensure_aware(deadline)
        # Sleep in bounded steps so a wall-clock jump (NTP, suspend) is noticed within a minute.
        while not self._wake.is_set():
            remaining = (deadline - datetime.now(UTC)).total_seconds()
            if remaining <= 0:
                return
            self._wake.wait(min(remaining, 60.0))
        self._wake.clear()

    def sleep(self, seconds: float) -> None:
        self.wait_until(datetime.now(UTC) + timedelta(seconds=max(0.0, seconds)))

    def interrupt(self) -> None:
        """Wake a thread blocked in `wait_until` (used for shutdown)."""
        self._wake.set()


@dataclass(order=True)
class TimerHandle:
    """A callback scheduled on a `SimulatedClock`; `cancel()` keeps it from running."""

    when: datetime
    seq: int
    callback: Callable[[], object] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class SimulatedClock:
    """A clock that moves only when told, running scheduled callbacks in time order.

    ``wait_until(t)`` runs every callback due at or before ``t`` (each with the clock set to its
    due time), then leaves the clock at ``t``. Callbacks may schedule further callbacks and may
    themselves wait; time never moves backwards.
    """

    def __init__(self, start: datetime, tz: tzinfo = DEFAULT_TZ) -> None:
        self._tz = tz
        self._now = ensure_aware(start).astimezone(UTC)
        self._origin = self._now
        self._queue: list[TimerHandle] = []
        self._seq = itertools.count()

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def now(self) -> datetime:
        return self._now.astimezone(self._tz)

    def monotonic(self) -> float:
        return (self._now - self._origin).total_seconds()

    def call_at(self, when: datetime, callback: Callable[[], object]) -> TimerHandle:
        """Schedule ``callback`` at ``when`` (never earlier than now)."""
        when = max(ensure_aware(when).astimezone(UTC), self._now)
        handle = TimerHandle(when, next(self._seq), callback)
        heapq.heappush(self._queue, handle)
        return handle

    def call_later(self, seconds: float, callback: Callable[[], object]) -> TimerHandle:
        return self.call_at(self._now + timedelta(seconds=seconds), callback)

    def next_due(self) -> datetime | None:
        """When the next live callback is due (in the clock's zone), or None if nothing is."""
        while self._queue and self._queue[0].cancelled:
            heapq.heappop(self._queue)
        return self._queue[0].when.astimezone(self._tz) if self._queue else None

    def wait_until(self, deadline: datetime) -> None:
        deadline = ensure_aware(deadline).astimezone(UTC)
        while True:
            due = self.next_due()
            if due is None or due > deadline:
                break
            handle = heapq.heappop(self._queue)
            self._now = max(self._now, handle.when)
            handle.callback()
        self._now = max(self._now, deadline)

    def sleep(self, seconds: float) -> None:
        self.wait_until(self._now + timedelta(seconds=max(0.0, seconds)))

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by ``delta`` of elapsed time, running what falls due on the way."""
        self.wait_until(self._now + delta)
