"""The nightly window: when the automatic working-day sync of all Mandanten starts.

Every working day an agent syncs all its configured Mandanten once, starting inside a local-time
window (21:00–23:00 `Europe/Vienna` by default). Each agent's start is spread inside the window by
a stable fraction of its id, so a datacenter serving many offices sees them one after another.
Times are built from the *local wall clock* of the day and then made aware through the zone, so
the start is right on DST Sundays (the switch happens at 02:00/03:00, far from the window, but the
UTC offset of the evening differs from the morning's). Pure: no clock is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from syncsystem.clock import DEFAULT_TZ, ensure_aware
from syncsystem.schedule.poll import stable_fraction
from syncsystem.schedule.workdays import WorkdayCalendar

__all__ = ["AUSTRIA", "NightlyPolicy", "NightlyWindow"]

AUSTRIA = WorkdayCalendar()
"""The default calendar: Austrian public holidays, no region."""


@dataclass(frozen=True, slots=True)
class NightlyWindow:
    """A daily local-time window ``[start, end)``; both on the same day."""

    start: time = time(21, 0)
    end: time = time(23, 0)

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"nightly window {self.start}–{self.end}: start must be before end")

    @property
    def length(self) -> timedelta:
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)


@dataclass(frozen=True, slots=True)
class NightlyPolicy:
    """When one agent's nightly sync starts: window, zone, calendar and its spread in the window."""

    window: NightlyWindow = NightlyWindow()
    tz: tzinfo = DEFAULT_TZ
    calendar: WorkdayCalendar = AUSTRIA
    spread: timedelta = timedelta(0)

    @classmethod
    def for_agent(
        cls,
        agent_id: str,
        window: NightlyWindow = NightlyWindow(),
        tz: tzinfo = DEFAULT_TZ,
        calendar: WorkdayCalendar = AUSTRIA,
    ) -> NightlyPolicy:
        """The policy of ``agent_id``; its start lies in the first three quarters of the window so a
        run of several minutes still starts well before the window closes."""
        usable = window.length.total_seconds() * 0.75
        spread = timedelta(seconds=int(stable_fraction(agent_id, "nightly") * usable))
        return cls(window=window, tz=tz, calendar=calendar, spread=spread)

    def _local(self, day: date, at: time) -> datetime:
        # fold=0 and a wall time that exists: the window never touches the 02:00–03:00 DST gap.
        return datetime.combine(day, at, tzinfo=self.tz)

    def start_on(self, day: date) -> datetime:
        """The planned start on ``day`` (aware, local zone) — whether or not ``day`` is a working day."""
        return self._local(day, self.window.start) + self.spread

    def window_end(self, day: date) -> datetime:
        return self._local(day, self.window.end)

    def is_open(self, moment: datetime) -> bool:
        """True while ``moment`` lies inside the window of its local day."""
        local = ensure_aware(moment).astimezone(self.tz)
        return self._local(local.date(), self.window.start) <= local < self.window_end(local.date())

    def next_start(self, after: datetime, last_done: date | None) -> tuple[date, datetime]:
        """The next nightly run not yet done: ``(day, start instant)``.

        If today's planned start has passed but the window is still open and today's run is not
        done (the agent was down at the planned start), it is due at once (``after``). Days whose
        window has closed are never caught up: syncs start only inside the window.
        """
        local = ensure_aware(after).astimezone(self.tz)
        day = local.date()
        for _ in range(400):
            if (last_done is None or day > last_done) and self.calendar.is_working_day(day):
                start = self.start_on(day)
                if start >= local:
                    return day, start
                if local < self.window_end(day):
                    return day, local
            day += timedelta(days=1)
        raise ValueError("no working day within 400 days: check the holiday calendar")

    def missed(self, now: datetime, last_done: date | None) -> list[date]:
        """Working days after ``last_done`` whose window closed before ``now`` without a run (the
        agent was down all evening). ``last_done`` None means nothing is owed (a fresh agent)."""
        if last_done is None:
            return []
        local = ensure_aware(now).astimezone(self.tz)
        out: list[date] = []
        day = last_done + timedelta(days=1)
        while day <= local.date():
            if self.window_end(day) <= local and self.calendar.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def settled_before(self, now: datetime) -> date:
        """The last day whose window closed before ``now``: what a fresh agent does not owe."""
        local = ensure_aware(now).astimezone(self.tz)
        return local.date() if self.window_end(local.date()) <= local else local.date() - timedelta(days=1)

    def starts(self, first: date, last: date) -> list[tuple[date, datetime]]:
        """Planned starts of every working day from ``first`` to ``last`` inclusive."""
        return [(d, self.start_on(d)) for d in self.calendar.working_days(first, last)]
