"""The demo's script: one office's working week, played on a simulated clock against real servers.

`DemoWorld` builds the stage in a state folder — TLS files, the BMD emulator office (seeded), the
datacenter (SQLite, uvicorn on loopback), the office's advisor and an enrolled agent — and `play()`
runs the week: BMD books each working day until 18:00, the agent polls every 30 minutes and syncs
nightly, the advisor requests a sync on Monday morning, and the datacenter is down for some hours on
one evening. Everything that happens becomes an `Event`; the timeline and the summary are built
from those events and from what the datacenter and the agent's outbox hold afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from emulators.bmd import END_OF_WORKDAY, Office

from syncsystem import messages
from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.jobs import MandantRun
from syncsystem.agent.worker import TickResult
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.context import Settings
from syncsystem.datacenter.wording import STATES, size
from syncsystem.demo.agent import AgentRunner, emulator_export_command, enrol
from syncsystem.demo.datacenter import AdvisorClient, LiveDatacenter, OfficeAccess
from syncsystem.demo.tls import make_tls
from syncsystem.errors import RemoteError, UsageError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.schedule.workdays import WorkdayCalendar

__all__ = ["DemoOptions", "DemoWorld", "Event", "WeekRecord", "span_name", "weekday"]

OFFICE_ID = "kanzlei-demo"
ADVISOR = "Mag. Huber"


def span_name(days: int, lang: str = "de") -> str:
    """What the demo played: ``Woche`` for seven days, else ``14 Tage``/``1 Tag`` (in English
    ``week``, ``14 days``, ``1 day``)."""
    if days == 7:
        return mc.DEMO_SPAN_WEEK().text(lang)
    return (mc.DEMO_SPAN_DAY() if days == 1 else mc.DEMO_SPAN_DAYS(days=days)).text(lang)


def weekday(moment: date, lang: str = "de") -> str:
    """Short weekday, ``Mo`` … ``So`` (``%a`` would follow the C locale)."""
    return messages.weekday(moment, lang)


@dataclass(frozen=True, slots=True)
class DemoOptions:
    """What the week looks like; the defaults are the README's demo."""

    monday: date
    seed: int = 7
    mandanten: int = 8
    days: int = 7
    profile: str = "kontool"
    request_at: time = time(10, 5)
    outage_day: int = 2  # Wednesday evening (0 = Monday)
    outage_from: time = time(19, 0)
    outage_hours: int = 6
    lang: str = "de"  # the demo speaks German to Austrian offices; the CLI passes its --lang

    def validate(self) -> DemoOptions:
        if self.monday.weekday() != 0:
            raise UsageError(mc.DEMO_OPT_MONDAY(start=str(self.monday)))
        if not 1 <= self.mandanten <= 50:
            raise UsageError(mc.DEMO_OPT_MANDANTEN())
        if not 1 <= self.days <= 14:
            raise UsageError(mc.DEMO_OPT_DAYS())
        return self

    @property
    def start(self) -> datetime:
        return datetime.combine(self.monday, time(7, 0), DEFAULT_TZ)

    @property
    def end(self) -> datetime:
        """The morning after the last day, so its night (and a recovery) is part of the week."""
        return datetime.combine(self.monday + timedelta(days=self.days), time(8, 0), DEFAULT_TZ)

    @property
    def outage(self) -> tuple[datetime, datetime]:
        day = self.monday + timedelta(days=min(self.outage_day, self.days - 1))
        begin = datetime.combine(day, self.outage_from, DEFAULT_TZ)
        return begin, begin + timedelta(hours=self.outage_hours)

    @property
    def request_mandanten(self) -> int:
        return min(3, self.mandanten)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened at a simulated instant; ``kind`` drives the timeline's grouping."""

    at: datetime
    kind: str
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class WeekRecord:
    """Everything the week produced, for the summary."""

    events: list[Event] = field(default_factory=list)
    exports: list[tuple[str, MandantRun]] = field(default_factory=list)  # (job kind, Mandant export)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    request_id: str = ""


class DemoWorld:
    """The stage of the demo in ``state_dir``; a context manager that stops every server it started."""

    def __init__(
        self,
        state_dir: Path,
        options: DemoOptions,
        on_event: Callable[[Event], None] | None = None,
        *,
        settings: Settings | None = None,
    ) -> None:
        self.options, self.state_dir, self.on_event = options.validate(), state_dir, on_event
        self.clock = SimulatedClock(options.start)
        self.calendar = WorkdayCalendar()
        self.record = WeekRecord()
        self.tls = make_tls(state_dir / "tls")
        self.office = Office.create(
            state_dir / "bmd",
            seed=options.seed,
            mandanten=options.mandanten,
            profile=options.profile,
            start=options.monday,
        )
        self.exporter = OfficeExporter(self.office, self.clock)
        self.datacenter = LiveDatacenter(
            state_dir / "datacenter.sqlite", self.clock, self.tls, settings=settings
        )
        self.runner: AgentRunner | None = None
        self.access: OfficeAccess | None = None
        self._bmd_done = options.monday - timedelta(days=1)
        self.days_off: set[date] = set()  # days whose "kein Arbeitstag" line is scheduled
        self._uploads_seen = 0

    # --- lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> DemoWorld:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()
        self.datacenter.close()

    def advisor(self) -> AdvisorClient:
        assert self.access is not None
        return AdvisorClient(self.datacenter.url, self.access.advisor_token, self.tls.ca_file)

    def say(self, message: Message) -> str:
        """``message`` in the demo's language (`DemoOptions.lang`)."""
        return message.text(self.options.lang)

    def emit(self, kind: str, text: str, at: datetime | None = None, **data: Any) -> None:
        event = Event(at or self.clock.now(), kind, text, data)
        self.record.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    # --- the week -----------------------------------------------------------------------------
    def setup(self) -> None:
        self.datacenter.start()
        self.access = self.datacenter.create_office(OFFICE_ID, "Kanzlei Huber & Partner", ADVISOR)
        mandanten = self.office.mandanten
        config, token = enrol(
            self.datacenter.url,
            self.tls.ca_file,
            self.access.enrolment_code,
            self.state_dir / "agent",
            mandanten,
            export_command=emulator_export_command(self.office),
        )
        self.runner = AgentRunner(config, token, self.clock, self.exporter)
        self.emit(
            "setup",
            str(
                mc.DEMO_SETUP_DATACENTER(
                    url=self.datacenter.url, count=len(mandanten), first=mandanten[0], last=mandanten[-1]
                )
            ),
            url=self.datacenter.url,
            mandanten=list(mandanten),
        )
        self.emit(
            "setup",
            self.say(mc.DEMO_SETUP_AGENT(agent=config.agent_id)),
            agent_id=config.agent_id,
        )

    def schedule(self) -> None:
        opts = self.options
        self.clock.call_at(datetime.combine(opts.monday, opts.request_at, DEFAULT_TZ), self._advisor_requests)
        begin, end = opts.outage
        self.clock.call_at(begin, self._outage_begins)
        self.clock.call_at(end, self._outage_ends)
        for offset in range(opts.days):
            day = opts.monday + timedelta(days=offset)
            if not self.calendar.is_working_day(day):
                self.days_off.add(day)
                weekend = mc.DEMO_SATURDAY() if day.weekday() == 5 else mc.DEMO_SUNDAY()
                why = self.calendar.holiday(day) or self.say(weekend)
                self.clock.call_at(
                    datetime.combine(day, time(21, 0), DEFAULT_TZ), partial(self._day_off, why)
                )

    def announce_day_off(self, why: str) -> None:
        """The timeline's line for a day without nightly sync (weekend, or a holiday by its name)."""
        self._day_off(why)

    def bmd_books(self, now: datetime) -> None:
        """`AgentRunner.run_until`'s ``before_tick`` (also after the week, `demo.live_demo`)."""
        self._bmd_books(now)

    def observe(self, result: TickResult) -> None:
        """`AgentRunner.run_until`'s ``on_tick`` (also after the week, `demo.live_demo`)."""
        self._observe(result)

    def _day_off(self, why: str) -> None:
        self.emit("no_nightly", self.say(mc.DEMO_DAY_OFF(why=why)), reason=why)

    def play(self) -> WeekRecord:
        """Set up, run the week to its end, and return what happened."""
        self.setup()
        self.schedule()
        assert self.runner is not None
        self.runner.run_until(self.options.end, before_tick=self._bmd_books, on_tick=self._observe)
        self.record.exports = list(self.runner.exports)
        days = self.options.days
        said = mc.DEMO_END_DAY() if days == 1 else mc.DEMO_END_SPAN(span=span_name(days, self.options.lang))
        self.emit("end", self.say(said))
        return self.record

    # --- the world around the agent ----------------------------------------------------------
    def _bmd_books(self, now: datetime) -> None:
        """BMD: a working day's bookings become visible to exports at 18:00 (between two ticks)."""
        local = now.astimezone(DEFAULT_TZ)
        day = local.date() if local.time() >= END_OF_WORKDAY else local.date() - timedelta(days=1)
        if day <= self._bmd_done:
            return
        result = self.office.advance_to(now)
        self._bmd_done = day
        for worked in result.days:
            total = sum(result.changes.values())
            self.emit(
                "bmd",
                self.say(
                    mc.DEMO_BMD_BOOKED(day=f"{worked:%d.%m.}", changes=total, count=len(result.changes))
                ),
                at=datetime.combine(worked, END_OF_WORKDAY, DEFAULT_TZ),
                changes=dict(result.changes),
            )

    def _advisor_requests(self) -> None:
        wanted = list(self.office.mandanten[: self.options.request_mandanten])
        with self.advisor() as advisor:
            made = advisor.request_sync(wanted, "incremental")
        self.record.request_id = made["request_id"]
        self.emit(
            "request",
            self.say(
                mc.DEMO_REQUEST(advisor=ADVISOR, mandanten=", ".join(wanted), request=made["request_id"])
            ),
            request_id=made["request_id"],
            mandanten=wanted,
        )

    def _outage_begins(self) -> None:
        end = self.options.outage[1]
        self.datacenter.stop()
        self.emit(
            "outage",
            self.say(mc.DEMO_OUTAGE(until=f"{weekday(end, self.options.lang)} {end:%H:%M}")),
            until=end.isoformat(),
        )

    def _outage_ends(self) -> None:
        self.datacenter.start()
        self.emit("recovery", self.say(mc.DEMO_RECOVERY()))

    # --- observing the agent -----------------------------------------------------------------
    def _observe(self, result: TickResult) -> None:
        assert self.runner is not None
        if result.nightly_day:
            day = date.fromisoformat(result.nightly_day)
            self.emit(
                "nightly",
                self.say(
                    mc.DEMO_NIGHTLY(
                        day=f"{weekday(day, self.options.lang)} {day:%d.%m.}",
                        count=len(self.office.mandanten),
                    )
                ),
                at=result.now,
                day=result.nightly_day,
            )
        if result.poll_error:
            self.emit("poll_failed", result.poll_error, at=result.now)
        elif result.polled:
            self.emit("poll", "", at=result.now, requests=list(result.requests))
        for request_id in result.requests:
            self.emit(
                "pickup",
                self.say(mc.DEMO_PICKUP(request=request_id)),
                at=result.now,
                request_id=request_id,
            )
        self._observe_jobs(result)
        self._observe_uploads()

    def _observe_jobs(self, result: TickResult) -> None:
        for job in result.jobs:
            if job.status != "sealed":
                failed = mc.DEMO_EXPORT_FAILED(job=job.job_id, error=str(job.error))
                self.emit("export_failed", self.say(failed), at=result.now)
                continue
            mine = job.exports
            what = mc.DEMO_FOR_REQUEST() if job.kind == "request" else mc.DEMO_FOR_NIGHTLY()
            self.record.jobs.append(
                {
                    "job": job.job_id,
                    "kind": job.kind,
                    "bundle_id": job.bundle_id,
                    "mandanten": list(job.mandanten),
                    "rows": job.rows,
                    "bytes_raw": job.bytes_raw,
                    "bytes_sealed": job.bytes_sealed,
                    "export_seconds": job.bmd_seconds,
                    "raw_by_mandant": {r.mandant: r.bytes_raw for r in mine},
                    "sealed_at": result.now.isoformat(),
                }
            )
            full = sum(1 for r in mine if r.cursor_from is None)
            scope = (
                mc.DEMO_SCOPE_MIXED(full=full, changes=len(mine) - full)
                if full and full < len(mine)
                else mc.DEMO_SCOPE_FULL()
                if full
                else mc.DEMO_SCOPE_CHANGES()
            )
            sealed = mc.DEMO_SEALED(
                what=what,
                count=len(job.mandanten),
                scope=scope,
                rows=messages.number(job.rows, self.options.lang, grouped=True),
                raw=size(job.bytes_raw, self.options.lang),
                sealed=size(job.bytes_sealed, self.options.lang),
                minutes=f"{job.bmd_seconds / 60:.0f}",
            )
            self.emit(
                "sealed",
                self.say(sealed),
                at=result.now,
                bundle_id=job.bundle_id,
                job_kind=job.kind,
            )

    def _observe_uploads(self) -> None:
        assert self.runner is not None
        new = self.runner.uploads[self._uploads_seen :]
        self._uploads_seen = len(self.runner.uploads)
        for up in new:
            short = up.bundle_id[:14] + "…"
            if up.status == "error":
                self.emit(
                    "upload_failed",
                    self.say(mc.DEMO_UPLOAD_WAITS(bundle=short, step=up.error.split(":")[0])),
                    at=up.at,
                    bundle_id=up.bundle_id,
                )
                continue
            said = mc.DEMO_UPLOAD_INGESTED() if up.status == "ingested" else mc.DEMO_UPLOAD_DUPLICATE()
            self.emit(
                "upload",
                self.say(mc.DEMO_UPLOADED(bundle=short, size=size(up.size, self.options.lang), said=said)),
                at=up.at,
                bundle_id=up.bundle_id,
                status=up.status,
                size=up.size,
            )
            if up.request_id and up.status == "ingested":
                self._advisor_sees(up.request_id, up.at)

    def _advisor_sees(self, request_id: str, at: datetime) -> None:
        with self.advisor() as advisor:
            try:
                state = advisor.sync_request(request_id)
                rows = {m["mandant"]: m for m in advisor.mandanten()}
            except RemoteError as exc:
                self.emit("advisor", self.say(mc.DEMO_ADVISOR_UNREACHABLE(reason=str(exc))), at=at)
                return
        shown = ", ".join(
            self.say(
                mc.DEMO_ADVISOR_ROWS(
                    mandant=m, rows=messages.number(rows[m]["rows_fetched"], self.options.lang, grouped=True)
                )
            )
            for m in state["mandanten"]
            if m in rows
        )
        said = STATES.get(state["state"], state["state"])
        self.emit(
            "advisor",
            self.say(mc.DEMO_ADVISOR_SEES(advisor=ADVISOR, state=said, shown=shown)),
            at=at,
            request_id=request_id,
            state=state["state"],
        )
