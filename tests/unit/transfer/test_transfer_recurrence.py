"""Transfer recurrences: the 06:00–22:00 window, intervals, month ends, DST, and restart safety."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncsystem.clock import DEFAULT_TZ as VIENNA
from syncsystem.schedule.recurrence import (
    Daily,
    EveryMinutes,
    MonthDay,
    Weekly,
    describe,
    due_slot,
    next_after,
    occurrences,
    slots_on,
    validate,
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIENNA)


def take(rule, after: datetime, n: int) -> list[datetime]:  # type: ignore[no-untyped-def]
    it = occurrences(rule, after, VIENNA)
    return [next(it) for _ in range(n)]


@pytest.mark.parametrize("hhmm", ["05:59", "22:01", "22:30", "00:00"])
def test_times_outside_the_window_are_refused(hhmm: str) -> None:
    """Daily, weekly and monthly times before 06:00 or after 22:00 are refused with the field name."""
    for rule in (
        Daily(time.fromisoformat(hhmm)),
        Weekly(frozenset({0}), time.fromisoformat(hhmm)),
        MonthDay(1, time.fromisoformat(hhmm)),
    ):
        assert [f for f, _ in validate(rule)] == ["at"]


def test_window_edges_are_allowed() -> None:
    """06:00 and 22:00 themselves are valid execution times."""
    assert validate(Daily(time(6, 0))) == [] and validate(Daily(time(22, 0))) == []


def test_hourly_runs_every_full_hour_from_six_to_ten() -> None:
    """Hourly means 06:00, 07:00 … 22:00 each day: 17 runs, none at night."""
    assert slots_on(EveryMinutes(60), at("2026-03-02").date()) == [time(h) for h in range(6, 23)]
    assert next_after(EveryMinutes(60), at("2026-03-02 22:00"), VIENNA) == at("2026-03-03 06:00")


def test_every_x_minutes_keeps_the_grid_from_six() -> None:
    """Every 45 minutes runs on a grid anchored at 06:00 and never after 22:00."""
    slots = slots_on(EveryMinutes(45), at("2026-03-02").date())
    assert slots[:3] == [time(6, 0), time(6, 45), time(7, 30)] and slots[-1] <= time(22, 0)


def test_weekly_runs_only_on_chosen_days() -> None:
    """Weekly on Monday and Thursday skips the other days."""
    runs = take(Weekly(frozenset({0, 3}), time(7)), at("2026-03-02 08:00"), 3)
    assert [r.strftime("%a %d") for r in runs] == ["Thu 05", "Mon 09", "Thu 12"]


def test_day_31_falls_back_to_the_last_day_of_shorter_months() -> None:
    """The 31st runs on 28 Feb, 30 Apr and 29 Feb in a leap year."""
    runs = take(MonthDay(31, time(18)), at("2026-01-01 00:00"), 4)
    assert [r.date().isoformat() for r in runs] == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
    assert next_after(MonthDay(30, time(18)), at("2028-02-01 00:00"), VIENNA).day == 29


def test_daily_keeps_local_time_across_both_dst_changes() -> None:
    """06:30 stays 06:30 local time; the UTC offset changes, the interval is 23 or 25 hours."""
    spring = take(Daily(time(6, 30)), at("2026-03-28 07:00"), 2)
    assert [r.utcoffset() for r in spring] == [timedelta(hours=2)] * 2
    # Same-zone subtraction in Python compares wall clocks; compare instants in UTC instead.
    assert spring[0].astimezone(UTC) - at("2026-03-28 06:30").astimezone(UTC) == timedelta(hours=23)
    autumn = take(Daily(time(6, 30)), at("2026-10-24 07:00"), 1)[0]
    assert autumn.utcoffset() == timedelta(hours=1)
    assert autumn.astimezone(UTC) - at("2026-10-24 06:30").astimezone(UTC) == timedelta(hours=25)


def test_due_slot_never_repeats_a_slot_that_ran() -> None:
    """Once a slot ran (and was persisted as last slot) it is not due again, even right away."""
    rule = EveryMinutes(60)
    slot = due_slot(rule, None, at("2026-03-02 07:59"), at("2026-03-02 08:00:30"), VIENNA)
    assert slot == at("2026-03-02 08:00")
    assert due_slot(rule, slot, at("2026-03-02 07:59"), at("2026-03-02 08:59"), VIENNA) is None


def test_restart_after_outage_catches_up_once() -> None:
    """After a host was down from Monday to Wednesday noon, one catch-up run is due: the latest slot."""
    rule = Daily(time(7))
    slot = due_slot(rule, at("2026-03-02 07:00"), at("2026-03-01"), at("2026-03-04 12:00"), VIENNA)
    assert slot == at("2026-03-04 07:00")
    assert due_slot(rule, slot, at("2026-03-01"), at("2026-03-04 12:00"), VIENNA) is None


def test_start_date_holds_back_earlier_slots() -> None:
    """Nothing is due before the job's start."""
    assert due_slot(Daily(time(7)), None, at("2026-03-10"), at("2026-03-05 08:00"), VIENNA) is None


def test_describe_speaks_german() -> None:
    """The schedule reads as the dialog would show it, in German; in English when asked."""
    assert describe(Weekly(frozenset({4, 0}), time(7)), "de") == "wöchentlich (Mo, Fr) um 07:00"
    assert describe(EveryMinutes(60), "de") == "stündlich"
    assert describe(Weekly(frozenset({4, 0}), time(7)), "en") == "weekly (Mon, Fri) at 07:00"
    assert describe(MonthDay(15, time(7)), "en") == "on day 15 of the month at 07:00"


rules = st.one_of(
    st.integers(5, 960).map(EveryMinutes),
    st.times(time(6), time(22)).map(lambda t: Daily(t.replace(second=0, microsecond=0))),
    st.tuples(st.frozensets(st.integers(0, 6), min_size=1), st.times(time(6), time(22))).map(
        lambda a: Weekly(a[0], a[1].replace(second=0, microsecond=0))
    ),
    st.tuples(st.integers(1, 31), st.times(time(6), time(22))).map(
        lambda a: MonthDay(a[0], a[1].replace(second=0, microsecond=0))
    ),
)


@settings(max_examples=60, deadline=None)
@given(rule=rules, start=st.datetimes(datetime(2025, 1, 1), datetime(2030, 1, 1)))
def test_runs_increase_and_stay_in_the_window(rule, start) -> None:  # type: ignore[no-untyped-def]
    """For any valid rule, runs strictly increase and fall between 06:00 and 22:00 local time."""
    runs = take(rule, start.replace(tzinfo=VIENNA), 5)
    assert runs == sorted(set(runs))
    assert all(time(6) <= r.timetz().replace(tzinfo=None) <= time(22) for r in runs)
