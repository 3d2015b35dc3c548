"""When transfer jobs run: a job's coming slots, the due slot claimed once (`run_due`) and the next
wake-up (`next_wakeup`) for the agent's resident service.

`run_due` claims the due slot *before* running (one transaction), so two services or a restart can
never run a slot twice; a slot missed while the host was down is caught up by one run at the next
call. The run itself is `jobs.run_job`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from syncsystem.clock import Clock
from syncsystem.schedule.recurrence import due_slot, next_run, occurrences
from syncsystem.transfer.config import JobConfig
from syncsystem.transfer.jobs import RunOutcome, Services, load_job, run_job
from syncsystem.transfer.store import TransferStore

__all__ = ["coming_runs", "next_wakeup", "run_due"]


def coming_runs(
    job: JobConfig,
    created: datetime,
    last_slot: datetime | None,
    *,
    now: datetime,
    tz: tzinfo,
    count: int,
    after: datetime | None = None,
) -> list[datetime]:
    """The job's next ``count`` runs (``after`` an explicit instant, else from ``now``), never before
    its start. A slot at exactly "now" that has not run yet is still coming; one that ran is not."""
    if after is None:
        after = now - datetime.resolution
        if last_slot is not None and last_slot > after:
            after = last_slot
        after = max(after, created - datetime.resolution)
    if job.scope.start is not None:
        after = max(after, job.scope.start - datetime.resolution)
    runs: list[datetime] = []
    for slot in occurrences(job.schedule, after, tz):
        if len(runs) >= count:
            break
        runs.append(slot)
    return runs


def run_due(services: Services, progress: Callable[[int, int], None] | None = None) -> list[RunOutcome]:
    """Run every job whose slot is due now (call this from the agent's resident loop).

    ``progress`` hears each job's bytes as :func:`run_job` tells them.
    """
    outcomes: list[RunOutcome] = []
    now = services.clock.now()
    for name in services.store.job_names():
        if not services.store.is_enabled(name):
            continue  # deactivated on the office page or with `transfer disable`
        job, created = load_job(services.store, services.box, name, services.clock)
        if job.scope.workstation and job.scope.workstation != services.workstation:
            continue  # configured for another workstation
        slot = _claim(services.store, name, job, created, now=now, clock=services.clock)
        if slot is not None:
            outcomes.append(run_job(services, name, slot, progress))
    return outcomes


def _claim(
    store: TransferStore, name: str, job: JobConfig, created: datetime, *, now: datetime, clock: Clock
) -> datetime | None:
    with store.transaction() as tx:
        row = tx.execute("SELECT last_slot FROM job_state WHERE name = ?", (name,)).fetchone()
        last = datetime.fromisoformat(row["last_slot"]) if row and row["last_slot"] else None
        slot = due_slot(job.schedule, last, job.scope.start or created, now, clock.tz)
        if slot is not None:
            tx.execute("UPDATE job_state SET last_slot = ? WHERE name = ?", (slot.isoformat(), name))
    return slot


def next_wakeup(services: Services) -> datetime | None:
    """When the resident service should next call `run_due`: the earliest coming slot of any job."""
    now = services.clock.now()
    soonest: datetime | None = None
    for name in services.store.job_names():
        if not services.store.is_enabled(name):
            continue
        job, created = load_job(services.store, services.box, name, services.clock)
        last = services.store.state(name).last_slot
        slot = next_run(job.schedule, last, job.scope.start or created, now, services.clock.tz)
        soonest = slot if soonest is None or slot < soonest else soonest
    return soonest
