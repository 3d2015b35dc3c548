"""Unit tests of the pure poll cadence, nightly window and working-day rules."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from syncsystem.clock import DEFAULT_TZ
from syncsystem.schedule.nightly import NightlyPolicy
from syncsystem.schedule.poll import PollPolicy, clock_skew, skew_is_problem
from syncsystem.schedule.workdays import WorkdayCalendar


def test_poll_grid_gives_48_polls_a_day_with_a_stable_phase() -> None:
    """An agent polls exactly 48 times in 24 hours, at the same phase on every host."""
    policy = PollPolicy.for_agent("agent-a")
    start = datetime(2026, 3, 2, tzinfo=UTC)
    slots = policy.slots(start, start + timedelta(days=1))
    assert len(slots) == 48
    assert all(b - a == timedelta(minutes=30) for a, b in itertools.pairwise(slots))
    assert PollPolicy.for_agent("agent-a").phase == policy.phase != PollPolicy.for_agent("agent-b").phase


def test_backoff_doubles_and_is_capped_at_the_interval() -> None:
    """Retries wait 1, 2, 4, 8, 16 minutes, then never longer than the 30-minute interval."""
    policy = PollPolicy.for_agent("x")
    assert [policy.backoff(n).total_seconds() / 60 for n in range(1, 8)] == [1, 2, 4, 8, 16, 30, 30]
    t = datetime(2026, 3, 2, tzinfo=UTC)
    assert policy.after_failure(t, 1, retry_after=300) == t + timedelta(minutes=5)


def test_clock_skew_of_two_minutes_is_a_problem() -> None:
    """A difference of two minutes or more either way is reported; less is not."""
    t = datetime(2026, 3, 2, tzinfo=UTC)
    assert skew_is_problem(clock_skew(t, t - timedelta(minutes=2)))
    assert not skew_is_problem(clock_skew(t, t + timedelta(seconds=119)))


def test_austrian_holidays_and_weekends_are_not_working_days() -> None:
    """Easter Monday, National Day and Saturdays are off; an ordinary Tuesday is a working day."""
    cal = WorkdayCalendar()
    assert not cal.is_working_day(date(2026, 4, 6))
    assert not cal.is_working_day(date(2026, 10, 26))
    assert not cal.is_working_day(date(2026, 3, 7))
    assert cal.is_working_day(date(2026, 3, 3))


def test_nightly_start_is_inside_the_window_with_the_right_offset_on_dst_days() -> None:
    """On the DST days in March and October the start is 21:00–23:00 local with +02:00 / +01:00."""
    policy = NightlyPolicy.for_agent("agent-a", calendar=WorkdayCalendar("AT"))
    for day, offset in (
        (date(2026, 3, 27), "+0100"),
        (date(2026, 3, 30), "+0200"),
        (date(2026, 10, 23), "+0200"),
        (date(2026, 10, 26), "+0100"),
    ):
        start = policy.start_on(day)
        assert 21 <= start.hour < 23 and start.strftime("%z") == offset


def test_nightly_is_due_at_once_when_the_agent_starts_late_in_the_window() -> None:
    """Started at 22:50 before today's run, the agent runs now; after 23:00 it waits for tomorrow."""
    policy = NightlyPolicy.for_agent("agent-a")
    late = datetime(2026, 3, 3, 22, 50, tzinfo=DEFAULT_TZ)
    assert policy.next_start(late, None) == (date(2026, 3, 3), late)
    after = datetime(2026, 3, 3, 23, 1, tzinfo=DEFAULT_TZ)
    assert policy.next_start(after, None)[0] == date(2026, 3, 4)
    assert policy.next_start(after, date(2026, 3, 4))[0] == date(2026, 3, 5)
