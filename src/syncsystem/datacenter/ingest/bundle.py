"""An agent's upload end to end: look up the id, open, validate, prepare, commit — timed per stage.

`ingest_bundle` answers a known id with the same bytes at once (``duplicate``), else opens the
bundle (`opening`), parses and checks it against its manifest (`validate`), builds the parameter
rows and stores everything in one transaction (`commit`). A refusal after opening is noted on the
bundle's Mandanten and its sync request and stores no data. ``stages`` accumulates the seconds per
stage for the benchmark's breakdown and for diagnosis.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import logging
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy.engine import Connection

from syncsystem.clock import Clock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.errors import ConflictError, RefusedError, TooLargeError
from syncsystem.datacenter.ingest.commit import commit_bundle
from syncsystem.datacenter.ingest.opening import Upload, duplicate_or_conflict, open_upload, record_refusal
from syncsystem.datacenter.ingest.slices import Sliced
from syncsystem.datacenter.ingest.validate import ParsedFile, check_rows, parse_files, prepare_files
from syncsystem.datacenter.rows import Prepared
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope, json_cursors
from syncsystem.errors import SyncsystemError
from syncsystem.logs import log_event
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import Limits, OpenedBundle
from syncsystem.protocol.manifest import file_key
from syncsystem.protocol.messages import UploadAck, check_id

__all__ = ["DEFAULT_LIMITS", "ingest_bundle"]

log = logging.getLogger(__name__)
DEFAULT_LIMITS = Limits()
_NO_GATE = contextlib.nullcontext()


class _Laps:
    """Adds the time since the previous lap to ``stages[name]`` (nothing when ``stages`` is None)."""

    def __init__(self, clock: Clock, stages: dict[str, float] | None) -> None:
        self.clock, self.stages = clock, stages
        self.last = clock.monotonic() if stages is not None else 0.0

    def __call__(self, name: str) -> None:
        if self.stages is not None:
            now = self.clock.monotonic()
            self.stages[name] = self.stages.get(name, 0.0) + now - self.last
            self.last = now


@dataclasses.dataclass(frozen=True, slots=True)
class _Run:
    """What every stage of one ingest works with besides the upload itself."""

    store: Store
    private_key: bytes
    clock: Clock
    limits: Limits
    lap: _Laps
    gate: AbstractContextManager[Any]


def ingest_bundle(
    store: Store,
    agent: Principal,
    bundle_id: str,
    data: bytes,
    private_key: bytes,
    *,
    clock: Clock,
    request_id: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    stages: dict[str, float] | None = None,
    gate: AbstractContextManager[Any] = _NO_GATE,
) -> UploadAck:
    """Ingest an uploaded bundle for ``agent``'s office; see the package docstring for the rules.

    ``stages``, when given, accumulates the seconds spent per stage (``lookup``, ``open``,
    ``parse``, ``prepare``, ``store``) — for the benchmark's breakdown and for diagnosis. ``gate`` is
    held while the bundle is opened, parsed and prepared (the server's `context.IngestSlots`: how
    many uploads do that CPU-bound work at once); the lookup and the commit run outside it. Every
    call logs one ``ingest_run`` summary event: outcome (ingested, duplicate, refused, conflict or
    error), rows, bytes and duration.
    """
    started = clock.monotonic()
    fields = {
        "bundle": bundle_id,
        "office": agent.office_id,
        "agent": agent.id,
        "request": request_id,
        "bytes": len(data),
    }
    run = _Run(store, private_key, clock, limits, _Laps(clock, stages), gate)
    try:
        ack, rows = _ingest(run, agent, bundle_id, data, request_id)
    except SyncsystemError as exc:
        log_event(
            log,
            "ingest_run",
            {
                **fields,
                "outcome": _failed_outcome(exc),
                "rows": 0,
                "duration_seconds": round(clock.monotonic() - started, 3),
                "error": str(exc)[:500],
            },
            level=logging.WARNING,
        )
        raise
    log_event(
        log,
        "ingest_run",
        {
            **fields,
            "outcome": ack.status,
            "rows": rows,
            "duration_seconds": round(clock.monotonic() - started, 3),
            "error": "",
        },
    )
    return ack


def _failed_outcome(exc: SyncsystemError) -> str:
    """The ``ingest_run`` outcome of a run that raised: a conflict, a refusal or an error."""
    if isinstance(exc, ConflictError):
        return "conflict"
    if isinstance(exc, RefusedError | TooLargeError):
        return "refused"
    return "error"


def _ingest(
    run: _Run, agent: Principal, bundle_id: str, data: bytes, request_id: str | None
) -> tuple[UploadAck, int]:
    """The ingest itself: the acknowledgement and the rows stored (0 for a duplicate)."""
    check_id(bundle_id, "bundle id")
    if len(data) > run.limits.max_bundle_bytes:
        raise TooLargeError(mc.DC_BUNDLE_TOO_LARGE(size=len(data), limit=run.limits.max_bundle_bytes))
    upload = Upload(agent, bundle_id, data, hashlib.sha256(data).hexdigest(), request_id)
    with run.store.connection() as conn:  # the lookup's and the commit's: one checkout
        return _on(run, conn, upload)


def _on(run: _Run, conn: Connection, upload: Upload) -> tuple[UploadAck, int]:
    """`_ingest` on ``conn``: the id's lookup, then (for a new id) open, validate, prepare, commit."""
    agent, bundle_id, request_id = upload.agent, upload.bundle_id, upload.request_id
    store, clock, lap = run.store, run.clock, run.lap
    with store.single_read(conn):
        scope = OfficeScope(conn, agent)
        existing = scope.bundle(bundle_id)
        if request_id is not None:
            scope.request(request_id)  # 404 for an unknown or foreign request before any work
    lap("lookup")
    if existing is not None and existing.raw_sha256 == upload.raw_sha:
        return UploadAck(bundle_id, "duplicate", json_cursors(existing.cursors)), 0
    with run.gate:  # the CPU-bound part: a few uploads at a time (see ingest_bundle)
        opened = open_upload(store, upload, run.private_key, run.limits, clock)
        lap("open")
        if existing is not None:
            return duplicate_or_conflict(existing, opened.digest, bundle_id), 0
        try:
            opened, parsed, prepared = _validated(opened, agent.office_id, bundle_id, lap)
        except RefusedError as exc:
            _note_refusal(store, upload, opened, exc, clock)
            raise
    try:
        ack, total = commit_bundle(store, upload, opened, parsed, prepared, clock=clock, conn=conn)
        lap("store")
    except RefusedError as exc:
        _note_refusal(store, upload, opened, exc, clock)
        raise
    return ack, total


def _validated(
    opened: OpenedBundle, office_id: str, bundle_id: str, lap: _Laps
) -> tuple[OpenedBundle, list[ParsedFile], list[tuple[str, Prepared | Sliced]]]:
    """Parse and check the opened bundle's files, then build their parameter rows; the bundle is
    handed back without its inflated files."""
    drafts = sum(f.drafts for m in opened.manifest.mandanten for f in m.files)
    if drafts:  # only finalised postings are synced; nothing of this bundle is stored
        raise RefusedError(mc.INGEST_DRAFTS(count=drafts))
    # Each file's inflated bytes are let go once it is read (its frame or columns kept): the
    # files are handed over one at a time and nothing else holds them (~112 MiB for the largest
    # bundle, no longer alive while it is stored).
    inflated = dict(opened.files)
    opened = dataclasses.replace(opened, files={})
    parsed = parse_files(
        (m.mandant, f.name, f.kind, inflated.pop(file_key(m.mandant, f.name)))
        for m in opened.manifest.mandanten
        for f in m.files
    )
    check_rows(opened, parsed)
    lap("parse")
    prepared = prepare_files(parsed, office_id, bundle_id)
    lap("prepare")
    return opened, parsed, prepared


def _note_refusal(
    store: Store, upload: Upload, opened: OpenedBundle, exc: RefusedError, clock: Clock
) -> None:
    """A refusal after opening, noted on the bundle's Mandanten and its sync request."""
    mandanten = [m.mandant for m in opened.manifest.mandanten]
    head = mc.REFUSAL_BUNDLE(bundle_id=upload.bundle_id, cause=exc.reason)
    record_refusal(store, upload.agent, mandanten, upload.request_id, head, exc.problems, clock)
