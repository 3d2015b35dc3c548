"""The write transaction of an agent's bundle: claim the id, store the rows, move cursors — or nothing.

`commit_bundle` runs after validation: it claims the id first — inserting the bundle's row, so a
concurrent upload of the same id waits on that key and then fails on it before doing any work, and
is answered like any second upload of the id (`duplicate_or_conflict`) — refuses cursor gaps, stores
every file's prepared rows with `store_rows`, advances each Mandant's acknowledged cursor and
figures, and ends the sync request ``ingested``. Each statement is a round trip to the database, so
the request's row is read once (locked) for the upload and its duration.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.bmd.kinds import Kind
from syncsystem.clock import Clock
from syncsystem.datacenter.auth import utc
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest.opening import Upload, duplicate_or_conflict
from syncsystem.datacenter.ingest.slices import Sliced, write_files
from syncsystem.datacenter.ingest.validate import ParsedFile
from syncsystem.datacenter.rows import Prepared
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import OpenedBundle
from syncsystem.protocol.manifest import ManifestEntry
from syncsystem.protocol.messages import UploadAck

__all__ = ["commit_bundle", "store_rows"]


def commit_bundle(
    store: Store,
    upload: Upload,
    opened: OpenedBundle,
    parsed: list[ParsedFile],
    prepared: list[tuple[str, Prepared | Sliced]],
    *,
    clock: Clock,
    conn: Connection | None = None,
) -> tuple[UploadAck, int]:
    """The one write transaction (on ``conn`` when given, see `Store.write`): claim the id, store all
    rows, move cursors, finish the request."""
    entries = {m.mandant: m for m in opened.manifest.mandanten}
    now = clock.now().astimezone(UTC)
    total = row_count(parsed)
    try:
        with store.write(conn) as tx:
            scope = OfficeScope(tx, upload.agent)
            scope.insert_bundle(  # the claim: a concurrent upload of the id fails here (IntegrityError)
                id=upload.bundle_id,
                agent_id=upload.agent.id,
                request_id=upload.request_id,
                raw_sha256=upload.raw_sha,
                content_digest=opened.digest,
                size=len(upload.data),
                rows=total,
                cursors=json.dumps({m: e.cursor_to for m, e in entries.items()}),
                source="agent",
                received_at=now,
                data=upload.data,
            )
            before = _check_cursors(scope, opened)
            waited = None
            if upload.request_id is not None:
                waited = _waited(scope.mark_uploaded(upload.request_id, upload.bundle_id), now)
            # Every Mandant the manifest names, also one whose export was empty (no files: BMD had
            # nothing new) — its cursor moves all the same, so an empty export is a valid bundle.
            store_rows(scope, parsed, prepared, mandanten=entries)
            known = _record_mandanten(scope, entries, len(upload.data), now, waited)
            if upload.request_id is not None:
                scope.finish_request(upload.request_id, "ingested", now, bundle_id=upload.bundle_id)
                figures = _ingest_figures(entries, total)
                scope.add_events(upload.request_id, now, [("ingested", None, figures)])
            # what the UPDATEs above left: the cursor only moves forward (no second query needed)
            acked = {
                m: e.cursor_to if before[m] is None else max(before[m] or 0, e.cursor_to)
                for m, e in entries.items()
                if m in known
            }
    except sa.exc.IntegrityError:
        with store.read() as again:
            row = OfficeScope(again, upload.agent).bundle(upload.bundle_id)
        if row is None:
            raise
        return duplicate_or_conflict(row, opened.digest, upload.bundle_id), 0
    return UploadAck(upload.bundle_id, "ingested", acked), total


def _record_mandanten(
    scope: OfficeScope, entries: Mapping[str, ManifestEntry], size: int, now: datetime, waited: float | None
) -> set[str]:
    """Each Mandant's new cursor, figures and name; the Mandanten the office knows (their cursor moved)."""
    known: set[str] = set()
    share = bundle_shares(size, entries)
    for mandant, entry in entries.items():
        named = {"name": entry.name} if entry.name else {}
        if scope.record_ingest(
            mandant,
            entry.cursor_to,
            last_updated=now,
            rows_fetched=sum(f.rows for f in entry.files),
            duration_seconds=entry.duration_seconds if entry.duration_seconds is not None else waited,
            bundle_size=share[mandant],
            **named,
            last_error=None,
            last_error_at=None,
        ):
            known.add(mandant)
    return known


def _ingest_figures(entries: Mapping[str, ManifestEntry], total: int) -> str:
    """The live log's last step: rows stored, and the transactions among them — the booking lines
    (`Kind.BOOKINGS`), not the rows of every file (accounts, open items … are not transactions)."""
    bookings = {m: sum(f.rows for f in e.files if f.kind == Kind.BOOKINGS) for m, e in entries.items()}
    return json.dumps({"rows": total, "transactions": sum(bookings.values()), "by_mandant": bookings})


def store_rows(
    scope: OfficeScope,
    parsed: Sequence[ParsedFile],
    prepared: list[tuple[str, Prepared | Sliced]],
    *,
    mandanten: Iterable[str] = (),
) -> int:
    """Store every file's prepared rows, a large file's slice by slice (the Mandanten registered
    first: those of the files and ``mandanten``, which may have no file at all); returns the row count."""
    scope.ensure_mandanten(sorted({p.mandant for p in parsed} | set(mandanten)))
    write_files(scope, prepared)
    return row_count(parsed)


def row_count(parsed: Sequence[ParsedFile]) -> int:
    """The rows a bundle's files store."""
    return sum(p.rows for p in parsed)


def _check_cursors(scope: OfficeScope, opened: OpenedBundle) -> dict[str, int | None]:
    """An incremental bundle must start at or before what was acknowledged — no gaps.
    Returns the acknowledged cursors it checked against."""
    acked = scope.cursors([m.mandant for m in opened.manifest.mandanten])
    for entry in opened.manifest.mandanten:
        have = acked[entry.mandant]
        start = entry.cursor_from
        if start is not None and ((have is None and start > 0) or (have is not None and start > have)):
            acked_text = have if have is not None else mc.INGEST_NOTHING_ACKNOWLEDGED()
            gap = mc.INGEST_CURSOR_GAP(mandant=entry.mandant, start=start, acknowledged=acked_text)
            raise RefusedError(gap)
        if start is not None and entry.cursor_to < start:
            backwards = mc.INGEST_CURSOR_ORDER(mandant=entry.mandant, end=entry.cursor_to, start=start)
            raise RefusedError(backwards)
    return acked


def _waited(request: Any, now: datetime) -> float | None:
    """Seconds from the request's pickup (or creation) to ``now``."""
    start = utc(request.picked_up_at) or utc(request.created_at)
    return None if start is None else max(0.0, (now - start).total_seconds())


def bundle_shares(size: int, entries: Mapping[str, ManifestEntry]) -> dict[str, int]:
    """Each Mandant's share of a bundle of ``size`` bytes, in proportion to the bytes of its files
    (the bundle is compressed as a whole); equal shares when no file has a byte. Shares sum to
    ``size`` (the remainder of the rounding goes to the last Mandant)."""
    weights = {m: sum(f.size for f in e.files) for m, e in entries.items()}
    total = sum(weights.values())
    if not weights:
        return {}
    names = list(weights)
    out = {m: (size * weights[m] // total if total else size // len(names)) for m in names}
    out[names[-1]] += size - sum(out.values())
    return out
