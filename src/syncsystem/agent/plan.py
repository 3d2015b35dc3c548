"""The agent's decisions as pure functions: what is due now, and when to wake up next.

`plan_next(state, policies, now)` looks at the schedule state (when the next poll is due, how many
polls failed in a row, which working day's nightly sync already ran) and returns the due actions
and the next wake-up. The ``after_*`` functions are the state transitions the worker applies once
an action has finished. `plan_span` lists every poll and nightly start in a span for
`syncsystem agent plan` — from the very same policies, so the operator sees what the agent does.
Nothing here reads a clock, a file or the network. Instants are compared and stored in UTC: two
datetimes of the *same* zone object compare by wall time and ignore ``fold``, which on the night
the clocks go back would make 02:44 (second time) look earlier than 02:44 (first time).

A nightly window missed entirely (the agent was down the whole evening) is not skipped: the next
plan returns one *catch-up* run at once, for the newest missed working day (``Due.missed`` lists
all of them, for the warning the worker logs). One incremental export covers everything since
the last acknowledged cursor, so several missed evenings need one run, not several. If today's
window is open at that moment, today's run covers the missed days instead of a second bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from syncsystem.clock import ensure_aware
from syncsystem.schedule.nightly import NightlyPolicy
from syncsystem.schedule.poll import PollPolicy

__all__ = [
    "FAST_POLL_FLOOR",
    "Due",
    "Plan",
    "PlannedEvent",
    "Policies",
    "ScheduleState",
    "after_nightly",
    "after_poll_failed",
    "after_poll_ok",
    "initial_state",
    "plan_next",
    "plan_span",
]

ActionKind = Literal["poll", "nightly"]


@dataclass(frozen=True, slots=True)
class Policies:
    """The two schedules of one agent."""

    poll: PollPolicy
    nightly: NightlyPolicy


@dataclass(frozen=True, slots=True)
class ScheduleState:
    """What the planner remembers between runs (persisted by the worker in the outbox's meta).

    ``last_nightly_day``: nightly runs are settled up to this day — run, caught up, or (for a
    fresh agent) before its installation. None (states of older versions) owes nothing.
    """

    next_poll_at: datetime
    poll_failures: int = 0
    last_poll_ok: datetime | None = None
    last_nightly_day: date | None = None
    clock_skew_seconds: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "next_poll_at": self.next_poll_at.isoformat(),
            "poll_failures": self.poll_failures,
            "last_poll_ok": self.last_poll_ok.isoformat() if self.last_poll_ok else None,
            "last_nightly_day": self.last_nightly_day.isoformat() if self.last_nightly_day else None,
            "clock_skew_seconds": self.clock_skew_seconds,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScheduleState:
        ok, night = data.get("last_poll_ok"), data.get("last_nightly_day")
        return cls(
            next_poll_at=ensure_aware(datetime.fromisoformat(data["next_poll_at"])).astimezone(UTC),
            poll_failures=int(data.get("poll_failures", 0)),
            last_poll_ok=datetime.fromisoformat(ok) if ok else None,
            last_nightly_day=date.fromisoformat(night) if night else None,
            clock_skew_seconds=data.get("clock_skew_seconds"),
        )


@dataclass(frozen=True, slots=True)
class Due:
    """One action due now; ``day`` is the working day of a nightly sync, ``missed`` the working
    days whose window passed without a run that this run catches up."""

    kind: ActionKind
    planned: datetime
    day: date | None = None
    missed: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do now (in this order) and when to look again if nothing else happens."""

    due: tuple[Due, ...]
    wake_at: datetime


def initial_state(policies: Policies, now: datetime) -> ScheduleState:
    """A fresh agent polls at its first grid slot after ``now`` — never sooner than the cadence
    allows — and owes no nightly run for evenings before it was installed."""
    now = ensure_aware(now).astimezone(UTC)
    return ScheduleState(
        next_poll_at=policies.poll.next_slot(now), last_nightly_day=policies.nightly.settled_before(now)
    )


def plan_next(state: ScheduleState, policies: Policies, now: datetime) -> Plan:
    """Due actions at ``now`` (nightly first: it is bounded by its window) and the next wake-up."""
    now = ensure_aware(now).astimezone(UTC)
    due: list[Due] = []
    missed = tuple(policies.nightly.missed(now, state.last_nightly_day))
    day, start = policies.nightly.next_start(now, missed[-1] if missed else state.last_nightly_day)
    if start <= now:
        due.append(Due("nightly", start, day, missed))
    elif missed:
        due.append(Due("nightly", now, missed[-1], missed))
        day = missed[-1]
    if state.next_poll_at <= now:
        due.append(Due("poll", state.next_poll_at))
    wake = state.next_poll_at if state.next_poll_at > now else policies.poll.next_slot(now)
    if start > now:
        wake = min(wake, start)
        if missed:
            wake = min(wake, now)
    else:
        # Today's run happens now; the next one is tomorrow's or later.
        _, following = policies.nightly.next_start(now, day)
        wake = min(wake, following)
    return Plan(tuple(due), wake)


FAST_POLL_FLOOR = timedelta(seconds=2)
"""The shortest wait between two polls a datacenter can ask for (``fast_poll_seconds``)."""


def after_poll_ok(
    state: ScheduleState,
    policies: Policies,
    polled_at: datetime,
    server_hint_seconds: int | None = None,
    skew_seconds: float | None = None,
    *,
    fast_seconds: int | None = None,
) -> ScheduleState:
    """A poll answered: back on the grid, failures forgotten, the measured clock skew kept. While
    the datacenter asks for fast polls (an advisor watches, a request waits) the next poll comes
    after ``fast_seconds`` (at least `FAST_POLL_FLOOR`), if that is sooner than the grid's slot."""
    polled_at = ensure_aware(polled_at).astimezone(UTC)
    nxt = policies.poll.after_success(polled_at, server_hint_seconds)
    if fast_seconds is not None:
        nxt = min(nxt, polled_at + max(timedelta(seconds=fast_seconds), FAST_POLL_FLOOR))
    return replace(
        state, next_poll_at=nxt, poll_failures=0, last_poll_ok=polled_at, clock_skew_seconds=skew_seconds
    )


def after_poll_failed(
    state: ScheduleState, policies: Policies, failed_at: datetime, retry_after: float | None = None
) -> ScheduleState:
    """A poll failed retryably: back off (exponentially, capped at the interval)."""
    failed_at = ensure_aware(failed_at).astimezone(UTC)
    failures = state.poll_failures + 1
    return replace(
        state,
        poll_failures=failures,
        next_poll_at=policies.poll.after_failure(failed_at, failures, retry_after),
    )


def after_nightly(state: ScheduleState, day: date) -> ScheduleState:
    """The nightly run of ``day`` has been taken on (its bundle is durable in the outbox)."""
    return replace(state, last_nightly_day=day)


@dataclass(frozen=True, slots=True)
class PlannedEvent:
    """One line of `syncsystem agent plan`."""

    kind: ActionKind
    at: datetime

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "at": self.at.isoformat(), "utc_offset": self.at.strftime("%z")}


def plan_span(policies: Policies, start: datetime, end: datetime) -> list[PlannedEvent]:
    """Every poll and nightly start in ``[start, end)``, in local time, assuming all polls succeed."""
    tz = policies.nightly.tz
    events = [PlannedEvent("poll", t.astimezone(tz)) for t in policies.poll.slots(start, end)]
    first, last = start.astimezone(tz).date(), (end - timedelta(microseconds=1)).astimezone(tz).date()
    nightly = policies.nightly.starts(first, last)
    events += [PlannedEvent("nightly", t) for _, t in nightly if start <= t < end]
    return sorted(events, key=lambda e: (e.at, e.kind))
