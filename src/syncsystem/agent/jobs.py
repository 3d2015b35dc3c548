"""Carrying out a job: export each Mandant, seal one bundle, keep it in the outbox.

`run_job` exports the Mandanten of one job through the `Exporter` (incremental from the outbox's
chain cursor, or everything for a full request), seals one bundle under the job's fixed bundle id
and stores it with `Outbox.seal_job` — from then on the bundle survives any crash; `delivery.flush`
uploads it. Each finished job logs one structured summary line; any exception inside a job fails
that job with its message, never the worker.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from syncsystem.agent.exporter import Exporter, ExportFailedError, MandantExport
from syncsystem.agent.outbox import Job, Outbox
from syncsystem.clock import Clock
from syncsystem.errors import StoreError
from syncsystem.logs import log_event
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import BundleRefusedError, Manifest, ManifestEntry, file_key, seal
from syncsystem.protocol.messages import clean_text
from syncsystem.protocol.reports import ProgressEvent
from syncsystem.protocol.values import sendable, wire_words

__all__ = ["JobOutcome", "MandantRun", "Progress", "run_job"]

log = logging.getLogger("syncsystem.agent")
MAX_EXPORT_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class MandantRun:
    """One Mandant of a sealed job: the cursor range, what BMD exported and how long BMD took."""

    mandant: str
    cursor_from: int | None
    cursor_to: int
    rows: int
    bytes_raw: int
    duration_seconds: float | None


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """The summary of one job, as logged: never a secret, always counts, bytes and duration."""

    job_id: str
    kind: str
    request_id: str | None
    status: str  # sealed | retry | failed
    mandanten: tuple[str, ...] = ()
    rows: int = 0
    bytes_raw: int = 0
    bytes_sealed: int = 0
    duration_seconds: float = 0.0
    bundle_id: str = ""
    error: str = ""
    exports: tuple[MandantRun, ...] = ()

    @property
    def bmd_seconds(self) -> float:
        """BMD's export time summed over the Mandanten (where known)."""
        return sum(m.duration_seconds or 0.0 for m in self.exports)

    def to_json(self) -> dict[str, Any]:
        """The fields of the job's ``sync_run`` summary event (``outcome`` is the status)."""
        return {
            "job": self.job_id,
            "kind": self.kind,
            "request": self.request_id,
            "outcome": self.status,
            "status": self.status,
            "mandanten": list(self.mandanten),
            "rows": self.rows,
            "bytes": self.bytes_sealed,
            "bytes_raw": self.bytes_raw,
            "bytes_sealed": self.bytes_sealed,
            "duration_seconds": round(self.duration_seconds, 3),
            "bmd_seconds": round(self.bmd_seconds, 1),
            "bundle_id": self.bundle_id,
            "error": self.error,
        }


def _since(chain: dict[str, int], job: Job, mandant: str) -> int | None:
    if job.mode == "full":
        return None
    chained = chain.get(mandant)
    return chained if chained is not None else job.request_cursors.get(mandant)


Progress = Callable[[Job, ProgressEvent], None]
"""Told of each step of a job (a Mandant's export started/finished): the advisor's live log."""
Failed = Callable[[Job, str, Message | None], None]
"""Told of a job that failed for good: its error in words and, if one said it, the message as codes."""


def run_job(
    job: Job,
    *,
    outbox: Outbox,
    exporter: Exporter,
    clock: Clock,
    agent_id: str,
    public_key: bytes,
    work_root: Path,
    on_failed: Failed | None = None,
    on_progress: Progress | None = None,
) -> JobOutcome:
    """Export, seal and store one job. Never raises for trouble of the job itself: the outcome says
    it. An unexpected exception (a bug, a file BMD wrote that nothing foresaw) fails this job with
    its message; an `OSError` (disk, share) is retried like a crashed export."""
    started = clock.monotonic()
    froms: dict[str, int | None] = {}
    work = work_root / job.job_id
    try:
        exports = _export_all(job, outbox, exporter, work, froms, on_progress)
        now = clock.now()
        data = _seal(job, exports, froms, agent_id, public_key, now)
    except ExportFailedError as exc:
        return _failed_job(job, outbox, clock, started, exc.words, exc.retryable, on_failed, exc.message)
    except StoreError:
        raise  # the outbox itself failed: nothing of the job can be recorded, the worker reports it
    except OSError as exc:
        said = mc.AG_JOB_FAILED(job=job.job_id, error=str(exc))
        return _failed_job(job, outbox, clock, started, wire_words(said), True, on_failed, said)
    except Exception as exc:  # one job's defect must not stop the worker and the queue behind it
        log.exception("job %s failed unexpectedly", job.job_id)
        said = mc.AG_JOB_UNEXPECTED(job=job.job_id, error_type=type(exc).__name__, error=str(exc))
        return _failed_job(job, outbox, clock, started, wire_words(said), False, on_failed, said)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the exported files are read until the bundle is sealed
    outbox.seal_job(
        job,
        data,
        cursor_from=froms,
        cursor_to={e.mandant: e.cursor_to for e in exports},
        raw_bytes=sum(e.size for e in exports),
        created_at=now,
    )
    outcome = _sealed_outcome(job, exports, froms, data, clock.monotonic() - started)
    log_event(log, "sync_run", outcome.to_json())
    outbox.record_run(outcome.to_json(), now)
    return outcome


def _sealed_outcome(
    job: Job, exports: list[MandantExport], froms: dict[str, int | None], data: bytes, seconds: float
) -> JobOutcome:
    """What a sealed job reports (``data``: the sealed bundle): its rows and bytes, and each
    Mandant's export from its cursor on."""
    return JobOutcome(
        job.job_id,
        job.kind,
        job.request_id,
        "sealed",
        job.mandanten,
        rows=sum(e.rows for e in exports),
        bytes_raw=sum(e.size for e in exports),
        bytes_sealed=len(data),
        duration_seconds=seconds,
        bundle_id=job.bundle_id,
        exports=tuple(
            MandantRun(e.mandant, froms[e.mandant], e.cursor_to, e.rows, e.size, e.duration_seconds)
            for e in exports
        ),
    )


def _export_all(  # noqa: PLR0917
    job: Job,
    outbox: Outbox,
    exporter: Exporter,
    work: Path,
    froms: dict[str, int | None],
    on_progress: Progress | None,
) -> list[MandantExport]:
    exports: list[MandantExport] = []
    chain = outbox.chain_cursors()  # once per job: one query, not one per Mandant
    tell = on_progress or (lambda job, event: None)
    for mandant in job.mandanten:
        froms[mandant] = _since(chain, job, mandant)
        tell(job, ProgressEvent("export_started", mandant))
        try:
            done = exporter.export(mandant, froms[mandant], work)
        except ExportFailedError as exc:
            said = sendable(exc.message)  # the failure as codes beside the words (None for mere text)
            tell(job, ProgressEvent("export_failed", mandant, reason=clean_text(exc.words), detail=said))
            raise
        tell(job, ProgressEvent("export_finished", mandant, rows=done.rows, seconds=done.duration_seconds))
        exports.append(done)
    return exports


def _seal(  # noqa: PLR0917 - the parts of one manifest
    job: Job,
    exports: list[MandantExport],
    froms: dict[str, int | None],
    agent_id: str,
    public_key: bytes,
    now: datetime,
) -> bytes:
    entries, files = [], {}
    for ex in exports:
        # The export's duration goes into the manifest: the advisor page shows it per Mandant.
        entries.append(
            ManifestEntry(
                ex.mandant,
                tuple(f.entry() for f in ex.files),
                froms[ex.mandant],
                ex.cursor_to,
                ex.duration_seconds,
                ex.name,
            )
        )
        files.update({file_key(ex.mandant, f.name): f.path for f in ex.files})  # read while sealed
    try:
        return seal(Manifest(job.bundle_id, agent_id, now, tuple(entries)), files, public_key)
    except BundleRefusedError as exc:  # a value the datacenter would refuse: BMD must export again
        raise ExportFailedError(
            mc.AG_EXPORT_CANNOT_SEAL(job=job.job_id, reason=str(exc)), retryable=True, reason="other"
        ) from exc


def _failed_job(  # noqa: PLR0917
    job: Job,
    outbox: Outbox,
    clock: Clock,
    started: float,
    error: str,
    retryable: bool,
    on_failed: Failed | None,
    said: Message | None = None,
) -> JobOutcome:
    """Count the attempt; on the last, fail the job and tell ``on_failed`` the ``error`` (words) and
    what ``said`` it as codes, if anything did."""
    attempts = outbox.count_attempt(job.job_id, error)
    final = not retryable or attempts >= MAX_EXPORT_ATTEMPTS
    if final:
        outbox.fail_job(job.job_id, error)
        if on_failed is not None:
            on_failed(job, error, said)
    outcome = JobOutcome(
        job.job_id,
        job.kind,
        job.request_id,
        "failed" if final else "retry",
        job.mandanten,
        duration_seconds=clock.monotonic() - started,
        error=error,
    )
    log_event(log, "sync_run", outcome.to_json(), level=logging.ERROR if final else logging.WARNING)
    outbox.record_run(outcome.to_json(), clock.now())
    return outcome
