"""Carrying out jobs: export each Mandant, seal one bundle, keep it in the outbox, upload in order.

`run_job` exports the Mandanten of one job through the `Exporter` (incremental from the outbox's
chain cursor, or everything for a full request), seals one bundle under the job's fixed bundle id
and stores it with `Outbox.seal_job` — from then on the bundle survives any crash. `flush` uploads
pending bundles strictly oldest first and stops at the first retryable failure, so bundles arrive
in order once the datacenter is back. Each finished job logs one structured summary line.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from syncsystem.agent.exporter import Exporter, ExportFailedError, MandantExport
from syncsystem.agent.outbox import Job, Outbox
from syncsystem.clock import Clock
from syncsystem.errors import RemoteError
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, seal

__all__ = ["FlushResult", "JobOutcome", "MandantRun", "flush", "run_job"]

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
        return {"event": "sync_run", "job": self.job_id, "kind": self.kind, "request": self.request_id,
                "status": self.status, "mandanten": list(self.mandanten), "rows": self.rows,
                "bytes_raw": self.bytes_raw, "bytes_sealed": self.bytes_sealed,
                "duration_seconds": round(self.duration_seconds, 3),
                "bmd_seconds": round(self.bmd_seconds, 1), "bundle_id": self.bundle_id,
                "error": self.error}


def _since(chain: dict[str, int], job: Job, mandant: str) -> int | None:
    if job.mode == "full":
        return None
    chained = chain.get(mandant)
    return chained if chained is not None else job.request_cursors.get(mandant)


def run_job(job: Job, *, outbox: Outbox, exporter: Exporter, clock: Clock, agent_id: str,
            public_key: bytes, work_root: Path,
            on_failed: Callable[[Job, str], None] | None = None) -> JobOutcome:
    """Export, seal and store one job. Never raises for export trouble: the outcome says it."""
    started = clock.monotonic()
    work = work_root / job.job_id
    exports: list[MandantExport] = []
    froms: dict[str, int | None] = {}
    chain = outbox.chain_cursors()  # once per job: one query, not one per Mandant
    try:
        for mandant in job.mandanten:
            froms[mandant] = _since(chain, job, mandant)
            exports.append(exporter.export(mandant, froms[mandant], work))
    except ExportFailedError as exc:
        attempts = outbox.count_attempt(job.job_id, str(exc))
        final = not exc.retryable or attempts >= MAX_EXPORT_ATTEMPTS
        if final:
            outbox.fail_job(job.job_id, str(exc))
            if on_failed is not None:
                on_failed(job, str(exc))
        outcome = JobOutcome(job.job_id, job.kind, job.request_id, "failed" if final else "retry",
                             job.mandanten, duration_seconds=clock.monotonic() - started, error=str(exc))
        (log.error if final else log.warning)("sync_run %s", json.dumps(outcome.to_json()))
        return outcome
    finally:
        shutil.rmtree(work, ignore_errors=True)
    entries, files = [], {}
    for ex in exports:
        # The export's duration goes into the manifest: the advisor page shows it per Mandant.
        entries.append(ManifestEntry(ex.mandant, tuple(FileEntry.describe(f.name, f.kind, f.rows, f.data)
                                                       for f in ex.files), froms[ex.mandant], ex.cursor_to,
                                     ex.duration_seconds))
        files.update({file_key(ex.mandant, f.name): f.data for f in ex.files})
    now = clock.now()
    manifest = Manifest(job.bundle_id, agent_id, now, tuple(entries))
    data = seal(manifest, files, public_key)
    raw = sum(len(d) for d in files.values())
    outbox.seal_job(job, data, cursor_from=froms, cursor_to={e.mandant: e.cursor_to for e in exports},
                    raw_bytes=raw, created_at=now)
    outcome = JobOutcome(job.job_id, job.kind, job.request_id, "sealed", job.mandanten,
                         rows=sum(e.rows for e in exports), bytes_raw=raw, bytes_sealed=len(data),
                         duration_seconds=clock.monotonic() - started, bundle_id=job.bundle_id,
                         exports=tuple(MandantRun(e.mandant, froms[e.mandant], e.cursor_to, e.rows, e.size,
                                                  e.duration_seconds) for e in exports))
    log.info("sync_run %s", json.dumps(outcome.to_json()))
    return outcome


@dataclass
class FlushResult:
    """What one flush of the outbox achieved."""

    acknowledged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    retry_error: RemoteError | None = None
    fatal_error: RemoteError | None = None


class UploadClient(Protocol):
    """What `flush` needs of the datacenter client."""

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> Any: ...

    def fail(self, request_id: str, reason: str) -> None: ...


def flush(outbox: Outbox, client: UploadClient, now: Callable[[], datetime]) -> FlushResult:
    """Upload pending bundles oldest first until done or the datacenter stops answering."""
    result = FlushResult()
    for bundle in outbox.pending():
        try:
            ack = client.upload(bundle.bundle_id, bundle.data, bundle.request_id)
        except RemoteError as exc:
            if exc.retryable:
                outbox.record_attempt(bundle.bundle_id, str(exc))
                result.retry_error = exc
                return result
            if exc.status in (409, 413, 422):
                # A refusal of this bundle's content: later bundles may still go through.
                outbox.refuse(bundle.bundle_id, str(exc))
                result.refused.append(bundle.bundle_id)
                log.error("bundle %s refused by the datacenter: %s", bundle.bundle_id, exc)
                if bundle.request_id:
                    _tell_failed(client, bundle.request_id, f"bundle refused: {exc}")
                continue
            outbox.record_attempt(bundle.bundle_id, str(exc))
            result.fatal_error = exc  # e.g. 401: the token must be fixed first; keep the bundle
            return result
        outbox.acknowledge(bundle.bundle_id, ack.cursors, now())
        result.bytes_sent += len(bundle.data)
        (result.duplicates if ack.status == "duplicate" else result.acknowledged).append(bundle.bundle_id)
    return result


def _tell_failed(client: UploadClient, request_id: str, reason: str) -> None:
    try:
        client.fail(request_id, reason[:4000])
    except RemoteError as exc:
        log.warning("could not report request %s as failed: %s", request_id, exc)
