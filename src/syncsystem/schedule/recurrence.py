"""Transfer recurrences: when a scheduled export runs, as pure functions of local wall time.

A rule is one of `EveryMinutes` (hourly is 60), `Daily`, `Weekly` or `MonthDay`. Runs happen only
between 06:00 and 22:00 local time (inclusive), as AMPAREX enforces for its maintenance window;
`validate` refuses anything else. Slots are computed in *local wall time* per calendar day and only
then converted to instants, so a daily 06:30 stays 06:30 across a DST change. A wall time that does
not exist (spring gap) runs right after the gap; one that exists twice (autumn) runs once, at its
first occurrence. `due_slot` decides from the last slot that ran, so a restart never runs a slot
twice and never loses one: missed slots collapse into one catch-up run. A catch-up never runs in the
maintenance window (after 22:00, before 06:00): a slot not started within `ON_TIME` of itself waits
for the next allowed time (`next_allowed`, 06:00), and `next_run` says when that is — so a host
that comes up at 03:47 runs the missed 22:00 slot at 06:00. No clock is read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from syncsystem.messages import Message, language
from syncsystem.messages import codes as mc

__all__ = [
    "ON_TIME",
    "WINDOW_END",
    "WINDOW_START",
    "Daily",
    "EveryMinutes",
    "MonthDay",
    "Recurrence",
    "Weekly",
    "describe",
    "due_slot",
    "in_window",
    "next_after",
    "next_allowed",
    "next_run",
    "occurrences",
    "slots_on",
    "validate",
]

WINDOW_START = time(6, 0)
WINDOW_END = time(22, 0)
ON_TIME = timedelta(minutes=15)
"""A slot started this late is still on time (a busy worker, a late wake-up) even after 22:00;
later it is a catch-up, and catch-ups wait for the window to open."""
WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_SEARCH_DAYS = 400  # more than a year: every valid rule has a slot within it


@dataclass(frozen=True, slots=True)
class EveryMinutes:
    """Every ``minutes`` minutes from 06:00 until 22:00 each day (60 = hourly)."""

    minutes: int = 60


@dataclass(frozen=True, slots=True)
class Daily:
    """Once a day at ``at`` local time."""

    at: time


@dataclass(frozen=True, slots=True)
class Weekly:
    """At ``at`` on the chosen weekdays (0 = Monday … 6 = Sunday)."""

    days: frozenset[int]
    at: time


@dataclass(frozen=True, slots=True)
class MonthDay:
    """At ``at`` on day ``day`` of each month; a month without that day runs on its last day."""

    day: int
    at: time


Recurrence = EveryMinutes | Daily | Weekly | MonthDay


def validate(rule: Recurrence) -> list[tuple[str, Message]]:
    """Every problem of ``rule`` as ``(field, message)``; empty when the rule is valid.

    Fields are named as a job file's ``schedule`` section spells them (``at``, ``days``, ``day``,
    ``every``), so a caller can prefix ``schedule.`` and name what the user wrote.
    """
    problems: list[tuple[str, Message]] = []
    if isinstance(rule, EveryMinutes):
        if not 5 <= rule.minutes <= 16 * 60:
            problems.append(("every", mc.SCHED_EVERY_RANGE(minutes=rule.minutes)))
        return problems
    at = rule.at
    if at.tzinfo is not None:
        problems.append(("at", mc.SCHED_LOCAL_TIME()))
    if not WINDOW_START <= at.replace(tzinfo=None) <= WINDOW_END:
        problems.append(("at", mc.SCHED_WINDOW(at=f"{at:%H:%M}")))
    if isinstance(rule, Weekly):
        if not rule.days:
            problems.append(("days", mc.SCHED_NO_DAYS()))
        if any(not 0 <= d <= 6 for d in rule.days):
            problems.append(("days", mc.SCHED_DAYS_RANGE()))
    if isinstance(rule, MonthDay) and not 1 <= rule.day <= 31:
        problems.append(("day", mc.SCHED_DAY_RANGE(day=rule.day)))
    return problems


def _last_day(day: date) -> int:
    nxt = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def slots_on(rule: Recurrence, day: date) -> list[time]:
    """The local wall times at which ``rule`` runs on ``day``, in order."""
    if isinstance(rule, EveryMinutes):
        out: list[time] = []
        minute = WINDOW_START.hour * 60 + WINDOW_START.minute
        end = WINDOW_END.hour * 60 + WINDOW_END.minute
        while minute <= end:
            out.append(time(minute // 60, minute % 60))
            minute += rule.minutes
        return out
    if isinstance(rule, Weekly) and day.weekday() not in rule.days:
        return []
    if isinstance(rule, MonthDay) and day.day != min(rule.day, _last_day(day)):
        return []
    return [rule.at]


def _instant(day: date, at: time, tz: tzinfo) -> datetime:
    """The instant of local wall time ``at`` on ``day``; first occurrence if ambiguous,
    just after the gap if it does not exist."""
    local = datetime.combine(day, at, tzinfo=tz)  # fold=0: the earlier of two, the pre-gap offset
    return local.astimezone(UTC).astimezone(tz)


def occurrences(rule: Recurrence, after: datetime, tz: tzinfo) -> Iterator[datetime]:
    """Every run of ``rule`` strictly after ``after``, in order, as aware local datetimes."""
    if validate(rule):
        raise ValueError(f"invalid recurrence {rule!r}: {[(f, str(m)) for f, m in validate(rule)]}")
    day = after.astimezone(tz).date()
    empty_days = 0
    while empty_days <= _SEARCH_DAYS:
        slots = [_instant(day, at, tz) for at in slots_on(rule, day)]
        found = False
        for slot in slots:
            if slot > after:
                found = True
                yield slot
        empty_days = 0 if found else empty_days + 1
        day += timedelta(days=1)


def next_after(rule: Recurrence, after: datetime, tz: tzinfo) -> datetime:
    """The first run of ``rule`` strictly after ``after``."""
    return next(occurrences(rule, after, tz))


def in_window(moment: datetime, tz: tzinfo) -> bool:
    """Whether ``moment`` lies in the allowed window, 06:00 to 22:00 local time inclusive."""
    local = moment.astimezone(tz).time().replace(tzinfo=None)
    return WINDOW_START <= local <= WINDOW_END


def next_allowed(moment: datetime, tz: tzinfo) -> datetime:
    """``moment`` if it lies in the window, else the next 06:00 local time."""
    if in_window(moment, tz):
        return moment
    local = moment.astimezone(tz)
    day = local.date()
    if local.time().replace(tzinfo=None) > WINDOW_END:
        day += timedelta(days=1)
    return _instant(day, WINDOW_START, tz)


def _owed(
    rule: Recurrence, last_slot: datetime | None, not_before: datetime, now: datetime, tz: tzinfo
) -> datetime | None:
    """The latest slot in ``(max(last_slot, not_before−ε), now]``, or None (nothing owed)."""
    floor = not_before - timedelta(microseconds=1)
    if last_slot is not None and last_slot > floor:
        floor = last_slot
    first = next_after(rule, floor, tz)
    if first > now:
        return None
    # Consecutive slots of any valid rule lie at most 31 days apart, so the latest slot up to
    # ``now`` lies within the last 32 days: a long outage costs no walk over every missed slot.
    latest = first
    for slot in occurrences(rule, max(floor, now - timedelta(days=32)), tz):
        if slot > now:
            break
        latest = slot
    return latest


def _may_run(slot: datetime, now: datetime, tz: tzinfo) -> bool:
    return in_window(now, tz) or now - slot <= ON_TIME


def due_slot(
    rule: Recurrence, last_slot: datetime | None, not_before: datetime, now: datetime, tz: tzinfo
) -> datetime | None:
    """The slot to run now, or None.

    ``last_slot`` is the slot that last ran (persisted by the caller); ``not_before`` the job's start.
    The answer is the *latest* slot in ``(max(last_slot, not_before−ε), now]``: slots missed while the
    host was down are caught up by one run, and a slot that ran is never due again. Outside the
    window the answer is None unless that slot is on time (`ON_TIME`): the catch-up waits for 06:00.
    """
    owed = _owed(rule, last_slot, not_before, now, tz)
    return owed if owed is not None and _may_run(owed, now, tz) else None


def next_run(
    rule: Recurrence, last_slot: datetime | None, not_before: datetime, now: datetime, tz: tzinfo
) -> datetime:
    """When `due_slot` will next answer a slot: ``now`` if one is due, the next 06:00 if a missed
    slot waits for the window, else the next slot of ``rule``."""
    owed = _owed(rule, last_slot, not_before, now, tz)
    if owed is not None:
        return now if _may_run(owed, now, tz) else next_allowed(now, tz)
    after = max(now, last_slot or now, not_before - timedelta(microseconds=1))
    return next_after(rule, after, tz)


_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def describe(rule: Recurrence, lang: str | None = None) -> str:
    """The rule as the configuration dialog shows it, in ``lang`` (default: the language in use)."""
    lang = lang or language()
    if isinstance(rule, EveryMinutes):
        said = mc.SCHED_DESC_HOURLY() if rule.minutes == 60 else mc.SCHED_DESC_MINUTES(minutes=rule.minutes)
    elif isinstance(rule, Daily):
        said = mc.SCHED_DESC_DAILY(at=f"{rule.at:%H:%M}")
    elif isinstance(rule, Weekly):
        names = WEEKDAYS_DE if lang == "de" else _WEEKDAYS_EN
        days = ", ".join(names[d] for d in sorted(rule.days))
        said = mc.SCHED_DESC_WEEKLY(days=days, at=f"{rule.at:%H:%M}")
    else:
        said = mc.SCHED_DESC_MONTHLY(day=rule.day, at=f"{rule.at:%H:%M}")
    return said.text(lang)
