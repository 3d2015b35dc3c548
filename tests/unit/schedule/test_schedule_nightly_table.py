"""The nightly window's rules against hand-computed tables (dates from the Feiertagsruhegesetz table
in ../shared/reference/oracles.md, offsets from EU Directive 2000/84/EC); each case is one that a
mutation of `schedule/nightly.py` or `schedule/workdays.py` once survived.

Mutants that still survive are equivalent: ``start > local`` for ``start >= local`` in
`next_start` (both branches return the same instant), ``astimezone(None)`` in `missed` and
`settled_before` (only the date of a closed window matters, and 23:00 Vienna falls on the same
date in every zone from UTC−12 to UTC+14), and the year `validate` probes (any year refuses an
unknown country or region alike)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from syncsystem.errors import ConfigError
from syncsystem.schedule.nightly import NightlyPolicy, NightlyWindow
from syncsystem.schedule.workdays import WorkdayCalendar

VIENNA = ZoneInfo("Europe/Vienna")
P = NightlyPolicy(spread=timedelta(minutes=10))  # default window 21:00–23:00 Vienna, Austria


def v(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VIENNA)


def u(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# -- the window ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "end"), [(time(23), time(21)), (time(21), time(21))])
def test_a_window_must_start_before_it_ends(start: time, end: time) -> None:
    """An empty or inverted window is refused when it is built."""
    with pytest.raises(ValueError, match="start must be before end"):
        NightlyWindow(start, end)


@pytest.mark.parametrize(
    ("start", "end", "minutes"), [(time(21), time(23), 120), (time(21, 15), time(21, 45), 30)]
)
def test_window_length(start: time, end: time, minutes: int) -> None:
    """A valid window is accepted and knows its length."""
    assert NightlyWindow(start, end).length == timedelta(minutes=minutes)


# -- one agent's start -----------------------------------------------------------------------------
# stable fraction = first 8 bytes of sha256("nightly:<id>") / 2**64, times 75 % of 7,200 s, whole
# seconds — computed with hashlib outside the product: agent-1 0.99577 → 5,377 s; agent-a 0.88071
# → 4,755 s; kanzlei-huber 0.31479 → 1,699 s.
@pytest.mark.parametrize(
    ("agent", "seconds"), [("agent-1", 5377), ("agent-a", 4755), ("kanzlei-huber", 1699)]
)
def test_each_agent_has_its_own_fixed_spread(agent: str, seconds: int) -> None:
    """The spread is the agent's stable fraction of the first three quarters of the window."""
    assert NightlyPolicy.for_agent(agent).spread == timedelta(seconds=seconds)


def test_spreads_stay_in_the_first_three_quarters_and_use_them() -> None:
    """Over 400 agents every start lies in [21:00, 22:30) and the latest is past 22:15."""
    spreads = [NightlyPolicy.for_agent(f"agent-{i}").spread for i in range(400)]
    assert max(spreads) < timedelta(minutes=90) and max(spreads) > timedelta(minutes=75)
    assert min(spreads) >= timedelta(0)


def test_for_agent_keeps_the_given_window_zone_and_calendar() -> None:
    """Window, zone and calendar passed in are the policy's, not the defaults."""
    window, zone = NightlyWindow(time(19), time(20)), ZoneInfo("Europe/Berlin")
    calendar = WorkdayCalendar("DE")
    policy = NightlyPolicy.for_agent("agent-1", window, zone, calendar)
    assert (policy.window, policy.tz, policy.calendar) == (window, zone, calendar)
    assert policy.spread == timedelta(seconds=int(0.9957678994623929 * 2700))  # 75 % of one hour


@pytest.mark.parametrize(
    ("day", "iso"),
    [
        (date(2026, 3, 2), "2026-03-02T21:10:00+01:00"),
        (date(2026, 3, 29), "2026-03-29T21:10:00+02:00"),  # summer time began that morning
        (date(2026, 10, 25), "2026-10-25T21:10:00+01:00"),  # summer time ended that morning
    ],
)
def test_start_on_is_local_wall_time_with_the_days_offset(day: date, iso: str) -> None:
    """21:00 plus the spread, in Vienna's offset of that evening."""
    assert P.start_on(day).isoformat() == iso


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (v(2026, 3, 2, 20, 59, 59), False),
        (v(2026, 3, 2, 21, 0), True),
        (v(2026, 3, 2, 22, 59, 59), True),
        (v(2026, 3, 2, 23, 0), False),
        (u(2026, 3, 2, 20, 30), True),  # 21:30 in Vienna
        (u(2026, 3, 2, 22, 30), False),  # 23:30 in Vienna
        (u(2026, 7, 1, 19, 30), True),  # 21:30 CEST
        (u(2026, 7, 1, 21, 0), False),  # 23:00 CEST
    ],
)
def test_is_open_inside_the_local_window_only(moment: datetime, open_: bool) -> None:
    """[21:00, 23:00) Vienna local time, whatever zone the moment is given in."""
    assert P.is_open(moment) is open_


# -- the next run ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("after", "last_done", "day", "iso"),
    [
        (v(2026, 3, 2, 8), None, date(2026, 3, 2), "2026-03-02T21:10:00+01:00"),
        (v(2026, 3, 2, 21, 30), None, date(2026, 3, 2), "2026-03-02T21:30:00+01:00"),  # late: at once
        (u(2026, 3, 2, 20, 30), None, date(2026, 3, 2), "2026-03-02T21:30:00+01:00"),  # same, given in UTC
        (v(2026, 3, 2, 23, 0), None, date(2026, 3, 3), "2026-03-03T21:10:00+01:00"),  # window closed
        (v(2026, 3, 2, 12), date(2026, 3, 2), date(2026, 3, 3), "2026-03-03T21:10:00+01:00"),  # done today
        (v(2026, 3, 6, 23, 30), None, date(2026, 3, 9), "2026-03-09T21:10:00+01:00"),  # weekend skipped
        # Karfreitag 03.04.2026 is a working day; Sa, So, Ostermontag 06.04.2026 are not
        (v(2026, 4, 2, 23, 30), None, date(2026, 4, 3), "2026-04-03T21:10:00+02:00"),
        (v(2026, 4, 3, 23, 30), None, date(2026, 4, 7), "2026-04-07T21:10:00+02:00"),
        # Nationalfeiertag Mo 26.10.2026, the day after summer time ended
        (v(2026, 10, 23, 23, 30), None, date(2026, 10, 27), "2026-10-27T21:10:00+01:00"),
        # 25.12.2026 Fr Christtag, then the weekend; Mo 28.12. is a working day
        (v(2026, 12, 24, 23, 30), None, date(2026, 12, 28), "2026-12-28T21:10:00+01:00"),
    ],
)
def test_next_start_table(after: datetime, last_done: date | None, day: date, iso: str) -> None:
    """Next working day not done, at its planned start — or at once while the window is open."""
    got_day, got_at = P.next_start(after, last_done)
    assert (got_day, got_at.isoformat()) == (day, iso)


class _OneDayCalendar:
    """A calendar with exactly one working day (to probe the search bound)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def is_working_day(self, day: date) -> bool:
        return day == self.day


def test_next_start_searches_400_days_and_says_so_beyond() -> None:
    """A working day 399 days ahead is found; one 400 days ahead is reported as a calendar problem."""
    start = date(2026, 3, 2)
    near = NightlyPolicy(calendar=_OneDayCalendar(start + timedelta(days=399)))  # type: ignore[arg-type]
    assert near.next_start(v(2026, 3, 2, 8), None)[0] == start + timedelta(days=399)
    far = NightlyPolicy(calendar=_OneDayCalendar(start + timedelta(days=400)))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^no working day within 400 days: check the holiday calendar$"):
        far.next_start(v(2026, 3, 2, 8), None)


# -- missed evenings and what a fresh agent does not owe -------------------------------------------
@pytest.mark.parametrize(
    ("now", "last_done", "missed"),
    [
        (v(2026, 3, 4, 8), None, []),  # a fresh agent owes nothing
        (v(2026, 3, 3, 22, 59), date(2026, 3, 2), []),
        (v(2026, 3, 3, 23, 0), date(2026, 3, 2), [date(2026, 3, 3)]),  # closed at 23:00 sharp
        (v(2026, 3, 4, 8), date(2026, 3, 2), [date(2026, 3, 3)]),
        (v(2026, 3, 4, 23, 0), date(2026, 3, 2), [date(2026, 3, 3), date(2026, 3, 4)]),  # today's closed too
        (v(2026, 4, 8, 8), date(2026, 4, 2), [date(2026, 4, 3), date(2026, 4, 7)]),  # Easter
        (v(2026, 10, 28, 8), date(2026, 10, 22), [date(2026, 10, 23), date(2026, 10, 27)]),  # 26.10.
    ],
)
def test_missed_table(now: datetime, last_done: date | None, missed: list[date]) -> None:
    """Working days after the last run whose window has closed by ``now``."""
    assert P.missed(now, last_done) == missed


@pytest.mark.parametrize(
    ("now", "settled"),
    [
        (v(2026, 3, 2, 22, 59), date(2026, 3, 1)),
        (v(2026, 3, 2, 23, 0), date(2026, 3, 2)),
        (v(2026, 3, 3, 0, 30), date(2026, 3, 2)),
    ],
)
def test_settled_before_table(now: datetime, settled: date) -> None:
    """The last day whose window closed before ``now``."""
    assert P.settled_before(now) == settled


def test_starts_lists_working_days_only() -> None:
    """Planned starts from Thursday before Easter to the Wednesday after (oracle table, 2026)."""
    assert [(d, at.isoformat()) for d, at in P.starts(date(2026, 4, 2), date(2026, 4, 8))] == [
        (date(2026, 4, 2), "2026-04-02T21:10:00+02:00"),
        (date(2026, 4, 3), "2026-04-03T21:10:00+02:00"),
        (date(2026, 4, 7), "2026-04-07T21:10:00+02:00"),
        (date(2026, 4, 8), "2026-04-08T21:10:00+02:00"),
    ]


# -- the calendar ----------------------------------------------------------------------------------
HOLIDAYS_MON_FRI_2027 = [  # oracles.md, 2027, "fällt auf Mo–Fr: ja"
    date(2027, 1, 1),
    date(2027, 1, 6),
    date(2027, 3, 29),
    date(2027, 5, 6),
    date(2027, 5, 17),
    date(2027, 5, 27),
    date(2027, 10, 26),
    date(2027, 11, 1),
    date(2027, 12, 8),
]


def test_working_days_of_2027_are_weekdays_minus_the_oracle_holidays() -> None:
    """2027 has 261 weekdays; minus its 9 holidays on Monday–Friday: 252 working days."""
    days = WorkdayCalendar().working_days(date(2027, 1, 1), date(2027, 12, 31))
    assert len(days) == 252
    assert not set(days) & set(HOLIDAYS_MON_FRI_2027)
    assert days[0] == date(2027, 1, 4) and days[-1] == date(2027, 12, 31)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 4, 6), "Ostermontag"),
        (date(2026, 10, 26), "Nationalfeiertag"),  # oracles.md, German names
        (date(2026, 4, 3), None),
        (date(2026, 12, 24), None),
    ],
)
def test_holiday_names(day: date, name: str | None) -> None:
    """Ostermontag and Nationalfeiertag are holidays; Karfreitag and Heiligabend are not."""
    assert WorkdayCalendar().holiday(day) == name


@pytest.mark.parametrize(
    ("day", "next_day"),
    [
        (date(2026, 4, 4), date(2026, 4, 7)),  # Sa → Tue after Ostermontag
        (date(2026, 4, 7), date(2026, 4, 7)),
        (date(2026, 12, 25), date(2026, 12, 28)),
    ],
)
def test_next_working_day(day: date, next_day: date) -> None:
    """The day itself when it is a working day, else the next one."""
    assert WorkdayCalendar().next_working_day(day) == next_day


def test_a_region_keeps_the_national_holidays() -> None:
    """A region (Vienna, Bundesland 9) keeps the national holidays."""
    assert WorkdayCalendar(subdivision="9").holiday(date(2026, 10, 26)) is not None


@pytest.mark.parametrize(("country", "subdivision"), [("XX", None), ("AT", "99")])
def test_unknown_country_or_region_is_a_config_error(country: str, subdivision: str | None) -> None:
    """`validate` raises ConfigError at once instead of at 21:00."""
    with pytest.raises(ConfigError, match="holidays"):
        WorkdayCalendar(country, subdivision).validate()
    with pytest.raises(ConfigError, match="holidays"):  # asking for a day checks the same
        WorkdayCalendar(country, subdivision).holiday(date(2026, 4, 6))
