"""One run of the agent's work: the short-lived child the resident timer starts.

`Worker.tick()` asks the pure planner what is due at the clock's now, records nightly runs and
sync requests as durable jobs, uploads bundles sealed before, resumes jobs a crash interrupted,
exports and seals them (`syncsystem.agent.jobs.run_job`), uploads the new bundles
(`syncsystem.agent.delivery.flush`), saves the planner state and writes the ``agenda`` (next
wake-up, in epoch seconds) for the resident timer.
The same code runs in process under a `SimulatedClock` in tests and the demo, and as
``python -m syncsystem.agent.worker --state-dir DIR`` in production.

`Worker` is a `syncsystem.tasks.Task` (``name`` "sync", ``due``, ``run``): in production the
child runs it beside the other tasks the profile registers (`syncsystem.agent.tasks`, e.g. the
scheduled transfer) and writes the earliest of their wake-ups as the agenda; `Worker.tick` runs the
sync alone and writes its own agenda (tests, the demo without tasks).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from syncsystem.agent.config import AgentConfig
from syncsystem.agent.delivery import FlushResult, UploadClient, flush
from syncsystem.agent.exporter import CommandExporter, Exporter, FolderExporter
from syncsystem.agent.jobs import JobOutcome, run_job
from syncsystem.agent.outbox import Job, Outbox
from syncsystem.agent.plan import (
    Policies,
    ScheduleState,
    after_nightly,
    after_poll_failed,
    after_poll_ok,
    initial_state,
    plan_next,
)
from syncsystem.clock import Clock
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.protocol.messages import PollResponse
from syncsystem.protocol.reports import ProgressEvent
from syncsystem.schedule.poll import clock_skew, skew_is_problem
from syncsystem.tasks import TaskResult

__all__ = ["AGENDA_NAME", "OUTBOX_NAME", "Client", "TickResult", "Worker", "bundle_id_for"]

log = logging.getLogger("syncsystem.agent")
AGENDA_NAME = "agenda"
OUTBOX_NAME = "outbox.sqlite"


class Client(UploadClient, Protocol):
    def poll(self) -> PollResponse: ...

    def pickup(self, request_id: str) -> None: ...

    def close(self) -> None: ...


def bundle_id_for(agent_id: str, job_id: str) -> str:
    """A bundle id fixed by agent and job, so every retry after a crash uses the same id."""
    return "b-" + hashlib.sha256(f"{agent_id}\n{job_id}".encode()).hexdigest()[:32]


@dataclass
class TickResult:
    """What one tick did; the resident only needs ``wake_at``, tests look at the rest."""

    now: datetime
    wake_at: datetime
    polled: bool = False
    poll_error: str = ""
    requests: list[str] = field(default_factory=list)
    nightly_day: str = ""
    missed_nightly: list[str] = field(default_factory=list)
    jobs: list[JobOutcome] = field(default_factory=list)
    flushed: FlushResult = field(default_factory=FlushResult)
    skew_seconds: float | None = None

    @property
    def failed(self) -> bool:
        """Whether anything of the tick went wrong (the worker process then exits with problems)."""
        return bool(
            self.poll_error
            or any(j.status == "failed" for j in self.jobs)
            or self.flushed.refused
            or self.flushed.fatal_error is not None
            or self.flushed.retry_error is not None
        )


class Worker:
    """The agent's work for one profile. Build one per tick (it opens the outbox) and close it."""

    name = "sync"  # as a `syncsystem.tasks.Task`

    def __init__(
        self,
        config: AgentConfig,
        *,
        clock: Clock,
        exporter: Exporter,
        client_factory: Callable[[], Client],
        durable: bool = True,
    ) -> None:
        self.config, self.clock, self.exporter = config, clock, exporter
        self.client_factory = client_factory
        self.policies = Policies(config.poll_policy(), config.nightly_policy())
        self.public_key = base64.b64decode(config.public_key_b64)
        self.outbox = Outbox(config.state_dir / OUTBOX_NAME, durable=durable)
        # A worker that lives for many ticks (simulations, the demo) keeps what it wrote last, so a
        # quiet tick neither re-reads nor re-writes state that has not changed.
        self._state: ScheduleState | None = None
        self._meta: dict[str, str] = {}
        self._agenda: datetime | None = None
        # Whether the outbox may hold open jobs or pending bundles. Only this worker writes the
        # outbox, so after a tick that left nothing behind the next quiet tick skips both queries.
        self._backlog = True
        self.last: TickResult | None = None  # what the last run did (tests and the demo look)

    def close(self) -> None:
        self.outbox.close()

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- state ------------------------------------------------------------------------------
    def load_state(self, now: datetime) -> ScheduleState:
        if self._state is not None:
            return self._state
        raw = self.outbox.get_meta("schedule")
        if raw:
            self._state = ScheduleState.from_json(json.loads(raw))
            return self._state
        state = initial_state(self.policies, now)
        self._save(state)  # the first wake-up must find the same plan, not a new one
        return state

    def _save(self, state: ScheduleState) -> None:
        if state != self._state:
            self.outbox.set_meta("schedule", json.dumps(state.to_json()))
            self._state = state

    def record_problem(self, key: str, message: str) -> None:
        """Keep ``message`` as the doctor's ``problem.KEY`` ("" clears it); written only on change."""
        self._problem(key, message)

    def _problem(self, key: str, message: str) -> None:
        name = f"problem.{key}"
        if name not in self._meta:  # a read per key and process saves a write per tick
            self._meta[name] = self.outbox.get_meta(name) or ""
        if self._meta[name] != message:
            self.outbox.set_meta(name, message)
            self._meta[name] = message

    # --- the task ---------------------------------------------------------------------------
    def due(self, now: datetime) -> datetime | None:
        """Now while the outbox may hold work, else when the planner next wants to poll or sync."""
        plan = plan_next(self.load_state(now), self.policies, now)
        return now if self._backlog or plan.due else plan.wake_at

    def run(self, now: datetime) -> TaskResult:
        result = self._sync(now)
        return TaskResult(
            self.name, not result.failed, result.wake_at, events=tuple(j.to_json() for j in result.jobs)
        )

    def tick(self) -> TickResult:
        """Run the sync alone and write its wake-up as the agenda."""
        result = self._sync(self.clock.now())
        if result.wake_at != self._agenda:
            write_agenda(self.config.state_dir, result.wake_at)
            self._agenda = result.wake_at
        return result

    def _sync(self, now: datetime) -> TickResult:
        state = self.load_state(now)
        plan = plan_next(state, self.policies, now)
        result = TickResult(now=now, wake_at=plan.wake_at)
        client = self.client_factory()
        try:
            for due in plan.due:
                if due.kind == "nightly" and due.day is not None:
                    if due.missed:
                        days = ", ".join(f"{d:%a %d.%m.%Y}" for d in due.missed)
                        log.warning(
                            "nightly sync missed (agent not running in the window) on %s; "
                            "catching up now in one incremental run",
                            days,
                        )
                        result.missed_nightly = [d.isoformat() for d in due.missed]
                    self._add_job(
                        f"nightly-{due.day:%Y%m%d}",
                        "nightly",
                        None,
                        self.nightly_mandanten(),
                        mode="incremental",
                        cursors={},
                    )
                    state = after_nightly(state, due.day)
                    self._save(state)
                    result.nightly_day = due.day.isoformat()
                elif due.kind == "poll":
                    state = self._poll(client, state, result)
                    self._save(state)
            if self._backlog:
                # Bundles sealed before go out before new exports start: a slow BMD export must not
                # keep yesterday's data from the datacenter.
                result.flushed = flush(self.outbox, client, self.clock.now)
                self._run_jobs(client, result)
                if any(j.status == "sealed" for j in result.jobs) and _may_go_on(result.flushed):
                    result.flushed = result.flushed.merge(flush(self.outbox, client, self.clock.now))
                self._backlog = bool(
                    result.flushed.retry_error
                    or result.flushed.fatal_error
                    or result.flushed.unreported
                    or any(j.status == "retry" for j in result.jobs)
                )
                self._upload_problem(result.flushed)
            if result.flushed.retry_error is not None and not result.poll_error:
                # The upload failed though the poll did not: back off too, so the outbox is retried
                # soon rather than at the next regular poll.
                state = after_poll_failed(
                    state, self.policies, self.clock.now(), result.flushed.retry_error.retry_after
                )
                self._save(state)
        finally:
            client.close()
        # Pending bundles are retried no later than the next poll (bounded by the backoff).
        result.wake_at = plan_next(state, self.policies, self.clock.now()).wake_at
        self.last = result
        return result

    def nightly_mandanten(self) -> tuple[str, ...]:
        """The advisor's choice for the nightly sync (learnt at the last poll), else the host's list."""
        if "nightly" not in self._meta:
            self._meta["nightly"] = self.outbox.get_meta("nightly") or ""
        chosen = self._meta["nightly"]
        return tuple(json.loads(chosen)) if chosen else self.config.mandanten

    def _learn_nightly(self, chosen: tuple[str, ...] | None) -> None:
        value = "" if chosen is None else json.dumps(list(chosen))
        if self._meta.get("nightly") != value:
            self.outbox.set_meta("nightly", value)
            self._meta["nightly"] = value

    def _upload_problem(self, flushed: FlushResult) -> None:
        """What the doctor shows about uploads: a fatal error, or a bundle the datacenter keeps
        failing on; cleared when a flush gets everything through."""
        error = flushed.fatal_error or flushed.retry_error
        if error is None:
            self._problem("upload", "")
        elif error is flushed.fatal_error or (error.status is not None and error.status >= 500):
            self._problem("upload", str(error))

    def _poll(self, client: Client, state: ScheduleState, result: TickResult) -> ScheduleState:
        try:
            answer = client.poll()
        except RemoteError as exc:
            result.poll_error = str(exc)
            self._problem("poll", str(exc))
            if exc.status in (401, 403):  # revoked or expired: `agent status`/`doctor` give the next step
                self._problem("access", str(exc))
            (log.warning if exc.retryable else log.error)("poll failed: %s", exc)
            return after_poll_failed(state, self.policies, self.clock.now(), exc.retry_after)
        now = self.clock.now()
        result.polled = True
        skew = clock_skew(now, answer.server_time).total_seconds()
        result.skew_seconds = skew
        if skew_is_problem(clock_skew(now, answer.server_time)):
            log.warning("clock differs from the datacenter's by %+.0f s: set the clock (NTP)", skew)
        self._problem("poll", "")
        self._problem("access", "")
        self._learn_nightly(answer.nightly)
        for request in answer.requests:
            job_id = f"request-{request.request_id}"
            self._add_job(
                job_id,
                "request",
                request.request_id,
                request.mandanten,
                mode=request.mode,
                cursors=dict(request.cursors),
            )
            if self.outbox.needs_pickup(job_id):
                try:
                    client.pickup(request.request_id)
                    self.outbox.mark_picked_up(job_id)
                except RemoteError as exc:
                    log.warning("pickup of request %s failed: %s", request.request_id, exc)
            result.requests.append(request.request_id)
        return after_poll_ok(
            state, self.policies, now, answer.next_poll_seconds, skew, fast_seconds=answer.fast_poll_seconds
        )

    def _add_job(
        self,
        job_id: str,
        kind: str,
        request_id: str | None,
        mandanten: Sequence[str],
        *,
        mode: str,
        cursors: dict[str, int | None],
    ) -> None:
        self._backlog = True
        self.outbox.add_job(
            job_id=job_id,
            kind=kind,
            request_id=request_id,
            mandanten=mandanten,
            mode=mode,
            request_cursors=cursors,
            bundle_id=bundle_id_for(self.config.agent_id, job_id),
            created_at=self.clock.now(),
        )

    def _run_jobs(self, client: Client, result: TickResult) -> None:
        def report_failed(job: Job, reason: str, said: Message | None) -> None:
            self._problem("export", reason)
            if job.request_id:
                try:  # the words (an older datacenter reads only them) and the codes, if any said it
                    client.fail(job.request_id, reason[:4000], said)
                except RemoteError as exc:
                    log.warning("could not report request %s as failed: %s", job.request_id, exc)

        for job in self.outbox.open_jobs():
            outcome = run_job(
                job,
                outbox=self.outbox,
                exporter=self.exporter,
                clock=self.clock,
                agent_id=self.config.agent_id,
                public_key=self.public_key,
                work_root=self.config.state_dir / "work",
                on_failed=report_failed,
                on_progress=lambda job, event: _tell(client, job.request_id, event),
            )
            result.jobs.append(outcome)
            if outcome.status == "sealed":
                self._problem("export", "")


def _tell(client: Client, request_id: str | None, event: ProgressEvent) -> None:
    """Report a step of a request for the advisor's live log — best effort: a client without the
    call (an older fake) or a failed report never stops the work itself."""
    report = getattr(client, "report_progress", None)
    if request_id is None or report is None:
        return
    try:
        report(request_id, [event])
    except RemoteError as exc:
        log.info("progress of request %s not reported: %s", request_id, exc)


def _may_go_on(flushed: FlushResult) -> bool:
    """Whether a second flush in the same tick can get anywhere (not unreachable, token fine)."""
    if flushed.fatal_error is not None:
        return False
    return flushed.retry_error is None or flushed.retry_error.status not in (None, 429)


def write_agenda(state_dir: Path, wake_at: datetime) -> None:
    """Tell the resident timer when to start the next worker (epoch seconds, one line)."""
    path = state_dir / AGENDA_NAME
    tmp = path.with_name(AGENDA_NAME + ".tmp")
    tmp.write_text(f"{wake_at.timestamp():.3f}\n", encoding="ascii")
    os.replace(tmp, path)


def build_exporter(
    config: AgentConfig, *, probe_since: int | None = None, clock: Clock | None = None
) -> Exporter:
    """The exporter a profile configures (the in-process emulator is wired by tests and the demo).
    ``probe_since`` is where the doctor's probe export of the first Mandant starts; ``clock``
    measures an export command that does not state its duration."""
    if config.export.kind == "folder":
        return FolderExporter(Path(config.export.folder))
    return CommandExporter(
        config.export.command,
        timeout=config.export.timeout_seconds,
        check_argv=config.export.check_command,
        probe_mandant=config.mandanten[0] if config.mandanten else "",
        probe_since=probe_since,
        clock=clock,
    )
