"""The poll grid, backoff and server hints against hand-computed tables (a 30-minute grid at minute
7 and 37 of every UTC hour), and the schedule's independence of the host's time zone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from syncsystem.schedule.nightly import NightlyPolicy
from syncsystem.schedule.poll import PollPolicy

P = PollPolicy(phase=timedelta(minutes=7))  # 30-minute interval, 1-minute backoff base
VIENNA = ZoneInfo("Europe/Vienna")


def u(h: int, m: int = 0, s: int = 0, us: int = 0) -> datetime:
    return datetime(2026, 3, 2, h, m, s, us, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "slot"),
    [
        (u(10), u(10, 7)),
        (u(10, 6, 59, 999999), u(10, 7)),
        (u(10, 7), u(10, 37)),  # strictly after
        (u(10, 37, 0, 1), u(11, 7)),
        (u(23, 50), datetime(2026, 3, 3, 0, 7, tzinfo=UTC)),
    ],
)
def test_next_slot_table(after: datetime, slot: datetime) -> None:
    """The first grid instant strictly after the moment."""
    assert P.next_slot(after) == slot


def test_next_slot_answers_in_the_zone_it_was_asked_in() -> None:
    """Asked in Vienna time, answered in Vienna time."""
    assert P.next_slot(datetime(2026, 3, 2, 11, 0, tzinfo=VIENNA)).isoformat() == "2026-03-02T11:07:00+01:00"


def test_slots_are_start_inclusive_end_exclusive() -> None:
    """[10:07, 11:07) holds 10:07 and 10:37 — not 11:07."""
    assert P.slots(u(10, 7), u(11, 7)) == [u(10, 7), u(10, 37)]
    assert P.slots(u(10, 7, 0, 1), u(11, 7, 0, 1)) == [u(10, 37), u(11, 7)]


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [
        (-1, 0),
        (0, 0),
        (1, 1),
        (2, 2),
        (3, 4),
        (4, 8),
        (5, 16),
        (6, 30),
        (7, 30),
        (40, 30),
    ],
)
def test_backoff_table(failures: int, minutes: int) -> None:
    """1, 2, 4, 8, 16 minutes, then the 30-minute interval; nothing before the first failure."""
    assert P.backoff(failures) == timedelta(minutes=minutes)


def test_backoff_exponent_is_capped_at_two_to_the_thirtieth() -> None:
    """With a microsecond base and a day's interval the cap shows: 2**30 µs = 1,073,741,824 µs."""
    policy = PollPolicy(interval=timedelta(days=1), backoff_base=timedelta(microseconds=1))
    assert policy.backoff(40) == timedelta(microseconds=1_073_741_824)


@pytest.mark.parametrize(
    ("hint", "next_poll"),
    [
        (None, u(10, 37)),
        (60, u(10, 37)),
        (1800, u(10, 37)),
        (2000, u(11, 7)),
        (3600, u(11, 7)),
        (3601, u(11, 37)),
    ],
)
def test_after_success_table(hint: int | None, next_poll: datetime) -> None:
    """The next slot, or the first slot at or after the server's longer hint."""
    assert P.after_success(u(10, 7), hint) == next_poll


@pytest.mark.parametrize(
    ("failures", "retry_after", "next_try"),
    [
        (1, None, u(10, 1)),
        (1, 30.0, u(10, 1)),
        (1, 60.0, u(10, 1)),
        (1, 300.0, u(10, 5)),
        (3, 120.0, u(10, 4)),
    ],
)
def test_after_failure_table(failures: int, retry_after: float | None, next_try: datetime) -> None:
    """The backoff, or the server's Retry-After when it is longer."""
    assert P.after_failure(u(10), failures, retry_after) == next_try


def test_for_agent_phase_and_limits() -> None:
    """agent-1's phase: sha256("poll:agent-1") → 0.48537 of 1,800 s = 873 s; under a minute is refused."""
    policy = PollPolicy.for_agent("agent-1")
    assert (policy.interval, policy.phase, policy.backoff_base) == (
        timedelta(minutes=30),
        timedelta(seconds=873),
        timedelta(minutes=1),
    )
    custom = PollPolicy.for_agent("agent-1", timedelta(minutes=1), timedelta(seconds=5))
    assert (custom.interval, custom.phase, custom.backoff_base) == (
        timedelta(minutes=1),
        timedelta(seconds=29),
        timedelta(seconds=5),
    )  # 0.48537 × 60 s
    with pytest.raises(ValueError, match="shorter than one minute"):
        PollPolicy.for_agent("agent-1", timedelta(seconds=59))


@pytest.fixture(params=["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def host_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The host's local zone set far east / far west of Vienna for one test."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_the_schedule_does_not_depend_on_the_hosts_zone(host_zone: str) -> None:
    """Window and grid are Vienna's and UTC's whatever zone the host's clock is set to."""
    nightly = NightlyPolicy(spread=timedelta(minutes=10))
    assert nightly.is_open(u(20, 30)) is True  # 21:30 Vienna
    assert nightly.is_open(u(22, 30)) is False  # 23:30 Vienna
    assert P.next_slot(u(10)).isoformat() == "2026-03-02T10:07:00+00:00"
