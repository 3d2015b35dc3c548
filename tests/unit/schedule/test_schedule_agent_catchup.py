"""Unit tests of the agent planner: a missed nightly window is caught up once; DST never bunches polls."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta

from syncsystem.agent.plan import Policies, after_nightly, after_poll_ok, initial_state, plan_next
from syncsystem.clock import DEFAULT_TZ
from syncsystem.schedule.nightly import NightlyPolicy
from syncsystem.schedule.poll import PollPolicy

POLICIES = Policies(PollPolicy.for_agent("agent-1"), NightlyPolicy.for_agent("agent-1"))


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=DEFAULT_TZ)


def test_fresh_agent_owes_nothing_from_before_its_installation() -> None:
    """Installed on Tuesday at 23:30, the agent does not catch up Tuesday's (or older) windows."""
    now = _at(date(2026, 3, 3), 23, 30)
    plan = plan_next(initial_state(POLICIES, now), POLICIES, now)
    assert [d.kind for d in plan.due] == []


def test_a_whole_missed_evening_is_caught_up_once_at_the_next_start() -> None:
    """Down Monday 20:00 to Tuesday 08:00: one catch-up for Monday at once, then Tuesday's in its window."""
    state = initial_state(POLICIES, _at(date(2026, 3, 2), 8))
    morning = _at(date(2026, 3, 3), 8)
    due = [d for d in plan_next(state, POLICIES, morning).due if d.kind == "nightly"]
    assert len(due) == 1 and due[0].day == date(2026, 3, 2) and due[0].missed == (date(2026, 3, 2),)
    state = after_nightly(state, date(2026, 3, 2))
    later = plan_next(state, POLICIES, morning + timedelta(minutes=5))
    assert not [d for d in later.due if d.kind == "nightly"]
    evening = POLICIES.nightly.start_on(date(2026, 3, 3))
    due = [d for d in plan_next(state, POLICIES, evening).due if d.kind == "nightly"]
    assert [(d.day, d.missed) for d in due] == [(date(2026, 3, 3), ())]


def test_several_missed_evenings_and_a_weekend_need_one_run() -> None:
    """Down from Thursday to Monday morning: one run for Friday lists Thursday and Friday as missed."""
    state = after_nightly(initial_state(POLICIES, _at(date(2026, 3, 2), 8)), date(2026, 3, 4))
    due = [d for d in plan_next(state, POLICIES, _at(date(2026, 3, 9), 7)).due if d.kind == "nightly"]
    assert [(d.day, d.missed) for d in due] == [(date(2026, 3, 6), (date(2026, 3, 5), date(2026, 3, 6)))]


def test_missed_evening_is_folded_into_todays_run_when_the_window_is_open() -> None:
    """Starting at 22:50 on Tuesday after missing Monday: Tuesday's run covers Monday, one bundle."""
    state = initial_state(POLICIES, _at(date(2026, 3, 2), 8))
    due = [d for d in plan_next(state, POLICIES, _at(date(2026, 3, 3), 22, 50)).due if d.kind == "nightly"]
    assert [(d.day, d.missed) for d in due] == [(date(2026, 3, 3), (date(2026, 3, 2),))]


def test_polls_stay_30_minutes_apart_through_the_autumn_dst_change() -> None:
    """On the night the clocks go back the planner polls every 30 minutes of real time, not every second."""
    now = _at(date(2026, 10, 24), 23)
    state = initial_state(POLICIES, now)
    polls: list[datetime] = []
    end = now + timedelta(hours=6)
    while now.astimezone(UTC) < end.astimezone(UTC):
        plan = plan_next(state, POLICIES, now)
        if any(d.kind == "poll" for d in plan.due):
            polls.append(now.astimezone(UTC))
            state = after_poll_ok(state, POLICIES, now)
        now = plan_next(state, POLICIES, now).wake_at.astimezone(DEFAULT_TZ)
    gaps = {b - a for a, b in itertools.pairwise(polls)}
    assert gaps == {timedelta(minutes=30)} and len(polls) == 14  # 7 real hours in 6 wall hours
