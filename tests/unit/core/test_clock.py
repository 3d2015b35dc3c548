"""The simulated clock jumps to due times and runs callbacks in order; aware times only."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest

from syncsystem.clock import DEFAULT_TZ, Clock, SimulatedClock, SystemClock

START = datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)


def test_simulated_clock_runs_callbacks_in_time_order() -> None:
    """Callbacks run in due order, each seeing its own due time as now."""
    clock = SimulatedClock(START)
    seen: list[tuple[str, datetime]] = []
    clock.call_later(120, lambda: seen.append(("b", clock.now())))
    clock.call_later(60, lambda: seen.append(("a", clock.now())))
    clock.advance(timedelta(minutes=5))
    assert seen == [("a", START + timedelta(minutes=1)), ("b", START + timedelta(minutes=2))]
    assert clock.now() == START + timedelta(minutes=5)


def test_cancelled_timer_does_not_run() -> None:
    """A cancelled handle is skipped."""
    clock = SimulatedClock(START)
    ran: list[int] = []
    clock.call_later(10, lambda: ran.append(1)).cancel()
    clock.advance(timedelta(seconds=20))
    assert ran == []
    assert clock.next_due() is None


def test_callbacks_may_reschedule_themselves() -> None:
    """A year of 30-minute ticks runs through and counts exactly."""
    clock = SimulatedClock(START)
    ticks = 0

    def tick() -> None:
        nonlocal ticks
        ticks += 1
        clock.call_later(1800, tick)

    clock.call_later(1800, tick)
    clock.advance(timedelta(days=365))
    assert ticks == 365 * 48


def test_time_never_moves_backwards() -> None:
    """Waiting for a past instant returns at once and leaves the clock where it is."""
    clock = SimulatedClock(START)
    clock.wait_until(START - timedelta(hours=1))
    assert clock.now() == START


def test_naive_datetimes_are_refused() -> None:
    """Naive datetimes are a bug, not a default."""
    with pytest.raises(ValueError, match="naive"):
        SimulatedClock(datetime(2026, 1, 1))


def test_clocks_satisfy_the_protocol() -> None:
    """Both clocks can be passed where a Clock is expected."""
    assert isinstance(SimulatedClock(START), Clock)
    assert isinstance(SystemClock(), Clock)
    assert SystemClock().now().tzinfo is DEFAULT_TZ


def test_the_night_the_clocks_go_back_has_25_hours() -> None:
    """Advancing across the autumn change counts elapsed time: 25 hourly ticks from midnight to midnight."""
    clock = SimulatedClock(datetime(2026, 10, 25, 0, 0, tzinfo=DEFAULT_TZ))
    seen: list[datetime] = []

    def tick() -> None:
        seen.append(clock.now())
        clock.call_later(3600, tick)

    clock.call_later(3600, tick)
    clock.wait_until(datetime(2026, 10, 26, 0, 0, tzinfo=DEFAULT_TZ))
    assert len(seen) == 25  # midnight to midnight is 25 elapsed hours on that day
    assert [t.strftime("%H%z") for t in seen[1:4]] == ["02+0200", "02+0100", "03+0100"]
    instants = [t.timestamp() for t in seen]
    assert all(b - a == 3600 for a, b in itertools.pairwise(instants))
    assert clock.now() == datetime(2026, 10, 26, 0, 0, tzinfo=DEFAULT_TZ)
