"""Bundle ingest and manual import: verify, decrypt, validate with `syncsystem.bmd`, store atomically.

The expensive, side-effect-free work (decryption, decompression, parsing, validation) happens before
the database is touched; then one write transaction claims the bundle id and stores every Mandant's
rows, cursors and figures — all or nothing. Idempotency: the same id with the same bytes, or with
other bytes of the same content (a re-sealed retry), is acknowledged as ``duplicate`` and stored
once; the same id with other content is a `ConflictError`. A refused bundle stores no data; its
reason is recorded on the Mandanten (for the advisor page) and on the sync request.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from syncsystem import bmd
from syncsystem.clock import Clock
from syncsystem.datacenter.auth import Principal, utc
from syncsystem.datacenter.errors import ConflictError, RefusedError, TooLargeError
from syncsystem.datacenter.rows import SNAPSHOT_KINDS, FieldColumns, Prepared, columns_of, prepare
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope, json_cursors
from syncsystem.errors import DataError, Problem
from syncsystem.protocol.bundle import BundleRefusedError, Limits, OpenedBundle, open_bundle
from syncsystem.protocol.manifest import file_key
from syncsystem.protocol.messages import UploadAck, check_id

__all__ = ["COLUMNAR_FROM", "ParsedFile", "import_files", "ingest_bundle", "parse_files", "prepare_files"]

log = logging.getLogger(__name__)
DEFAULT_LIMITS = Limits()


# From this size on a file is read with the columnar `bmd.read_table` (no record objects); below it
# the row reader is faster — for kontool-sized files (1-80 KB) by 2-10x, measured in
# benchmarks/datacenter_ingest.py, which prints both so this choice is re-checked on every run.
COLUMNAR_FROM = 1 << 20


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One validated file: whose, which kind, how many rows, and its fields as columns."""

    mandant: str
    kind: bmd.Kind
    rows: int
    columns: FieldColumns


def _read(
    label: str, kind: bmd.Kind | None, data: bytes
) -> tuple[bmd.Kind, int, FieldColumns | None, list[Problem]]:
    """Read one file with `syncsystem.bmd`; columns only when it has no problem (else it is refused)."""
    if kind is not None and kind not in SNAPSHOT_KINDS and len(data) >= COLUMNAR_FROM:
        try:
            table = bmd.read_table(data, kind, name=label)
        except DataError:
            pass  # undecodable bytes or control characters: only the row reader reports them exactly
        else:
            problems = list(table.problems)
            columns = None if problems else columns_of(kind, (table.frame, table.base))
            return table.kind, table.frame.height, columns, problems
    result = bmd.read(data, kind, name=label)
    problems = list(result.problems)
    return result.kind, result.rows, None if problems else columns_of(result.kind, result), problems


def parse_files(files: Sequence[tuple[str, str, str | None, bytes]]) -> list[ParsedFile]:
    """Read ``(mandant, name, kind or None, data)`` with `syncsystem.bmd`; every problem of every
    file is collected, and any problem refuses the whole set (`RefusedError`)."""
    parsed: list[ParsedFile] = []
    problems: list[Problem] = []
    for mandant, name, kind_name, data in files:
        label = file_key(mandant, name)
        kind: bmd.Kind | None = None
        if kind_name is not None:
            try:
                kind = bmd.Kind(kind_name)
            except ValueError:
                problems.append(Problem(label, 0, "", f"unknown file kind {kind_name!r}"))
                continue
        try:
            found, rows, columns, found_problems = _read(label, kind, data)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        except bmd.BmdFileError as exc:
            problems.append(Problem(label, 0, "", str(exc)))
            continue
        problems.extend(found_problems)
        if columns is not None:
            parsed.append(ParsedFile(mandant, found, rows, columns))
    if problems:
        raise RefusedError("invalid BMD data", problems)
    return parsed


def prepare_files(parsed: Sequence[ParsedFile], office_id: str, bundle_id: str) -> list[tuple[str, Prepared]]:
    """The executemany parameters of every parsed file, built before the write transaction."""
    return [(p.mandant, prepare(p.kind, p.columns, office_id, p.mandant, bundle_id)) for p in parsed]


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


@dataclass(frozen=True, slots=True)
class _Upload:
    """One upload being ingested: who sent what, under which id, for which request."""

    agent: Principal
    bundle_id: str
    data: bytes
    raw_sha: str
    request_id: str | None


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
) -> UploadAck:
    """Ingest an uploaded bundle for ``agent``'s office; see the module docstring for the rules.

    ``stages``, when given, accumulates the seconds spent per stage (``lookup``, ``open``,
    ``parse``, ``prepare``, ``store``) — for the benchmark's breakdown and for diagnosis.
    """
    lap = _Laps(clock, stages)
    check_id(bundle_id, "bundle id")
    if len(data) > limits.max_bundle_bytes:
        raise TooLargeError(f"bundle is {len(data)} bytes, the limit is {limits.max_bundle_bytes}")
    upload = _Upload(agent, bundle_id, data, hashlib.sha256(data).hexdigest(), request_id)
    with store.single_read() as conn:
        scope = OfficeScope(conn, agent)
        existing = scope.bundle(bundle_id)
        if request_id is not None:
            scope.request(request_id)  # 404 for an unknown or foreign request before any work
    lap("lookup")
    if existing is not None and existing.raw_sha256 == upload.raw_sha:
        return UploadAck(bundle_id, "duplicate", json_cursors(existing.cursors))
    started = clock.monotonic()
    opened = _open(store, upload, private_key, limits, clock)
    lap("open")
    if existing is not None:
        return _duplicate_or_conflict(existing, opened.digest, bundle_id)
    try:
        parsed = parse_files(
            [
                (m.mandant, f.name, f.kind, opened.files[file_key(m.mandant, f.name)])
                for m in opened.manifest.mandanten
                for f in m.files
            ]
        )
        _check_rows(opened, parsed)
        lap("parse")
        prepared = prepare_files(parsed, agent.office_id, bundle_id)
        lap("prepare")
        ack, total = _commit(store, upload, opened, parsed, prepared, clock)
        lap("store")
    except RefusedError as exc:
        mandanten = [m.mandant for m in opened.manifest.mandanten]
        _record_refusal(store, agent, mandanten, request_id, f"Bundle {bundle_id} abgewiesen: {exc}", clock)
        raise
    log.info(
        "ingested bundle %s office=%s status=%s rows=%d bytes=%d seconds=%.3f",
        bundle_id,
        agent.office_id,
        ack.status,
        total,
        len(data),
        clock.monotonic() - started,
    )
    return ack


def _open(store: Store, upload: _Upload, private_key: bytes, limits: Limits, clock: Clock) -> OpenedBundle:
    """Verify and decrypt; a refusal is recorded and raised as `RefusedError`/`TooLargeError`."""
    try:
        opened = open_bundle(upload.data, private_key, limits=limits)
        manifest = opened.manifest
        if manifest.bundle_id != upload.bundle_id:
            raise RefusedError(
                f"manifest names bundle {manifest.bundle_id!r}, uploaded as {upload.bundle_id!r}"
            )
        if manifest.agent_id != upload.agent.id:
            raise RefusedError(f"manifest names agent {manifest.agent_id!r}, uploaded by {upload.agent.id!r}")
    except BundleRefusedError as exc:
        reason = f"Bundle {upload.bundle_id} abgewiesen: {exc}"
        _record_refusal(store, upload.agent, [], upload.request_id, reason, clock)
        if exc.code == "too_large":
            raise TooLargeError(str(exc)) from exc
        raise RefusedError(f"bundle refused ({exc.code}): {exc}") from exc
    except RefusedError as exc:
        reason = f"Bundle {upload.bundle_id} abgewiesen: {exc}"
        _record_refusal(store, upload.agent, [], upload.request_id, reason, clock)
        raise
    return opened


def _commit(  # noqa: PLR0917 - private helper, every argument is needed
    store: Store,
    upload: _Upload,
    opened: OpenedBundle,
    parsed: list[ParsedFile],
    prepared: list[tuple[str, Prepared]],
    clock: Clock,
) -> tuple[UploadAck, int]:
    """The one write transaction: claim the id, store all rows, move cursors, finish the request."""
    entries = {m.mandant: m for m in opened.manifest.mandanten}
    try:
        with store.write() as conn:
            scope = OfficeScope(conn, upload.agent)
            again = scope.bundle(upload.bundle_id)
            if again is not None:  # a concurrent upload of the same id won the race
                return _duplicate_or_conflict(again, opened.digest, upload.bundle_id), 0
            _check_cursors(scope, opened)
            if upload.request_id is not None:
                scope.mark_uploaded(upload.request_id, upload.bundle_id)
            total = _store(scope, parsed, prepared)
            now = clock.now().astimezone(UTC)
            scope.insert_bundle(
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
            waited = _request_duration(scope, upload.request_id, now)
            for mandant, entry in entries.items():
                scope.advance_cursor(mandant, entry.cursor_to)
                scope.record_mandant_result(
                    mandant,
                    last_updated=now,
                    rows_fetched=sum(f.rows for f in entry.files),
                    duration_seconds=entry.duration_seconds if entry.duration_seconds is not None else waited,
                    bundle_size=len(upload.data),
                    last_error=None,
                    last_error_at=None,
                )
            if upload.request_id is not None:
                scope.finish_request(upload.request_id, "ingested", now, bundle_id=upload.bundle_id)
            acked = {m: c for m, c in scope.cursors(list(entries)).items() if c is not None}
    except sa.exc.IntegrityError:
        with store.read() as conn:
            row = OfficeScope(conn, upload.agent).bundle(upload.bundle_id)
        if row is None:
            raise
        return _duplicate_or_conflict(row, opened.digest, upload.bundle_id), 0
    return UploadAck(upload.bundle_id, "ingested", acked), total


def _duplicate_or_conflict(row: Any, digest: str, bundle_id: str) -> UploadAck:
    if row.content_digest != digest:
        raise ConflictError(f"bundle {bundle_id} was already received with other content")
    return UploadAck(bundle_id, "duplicate", json_cursors(row.cursors))


def _check_rows(opened: OpenedBundle, parsed: list[ParsedFile]) -> None:
    problems = []
    declared = [(m.mandant, f) for m in opened.manifest.mandanten for f in m.files]
    for (mandant, entry), result in zip(declared, parsed, strict=True):
        if result.rows != entry.rows:
            problems.append(
                Problem(
                    file_key(mandant, entry.name),
                    0,
                    "",
                    f"manifest declares {entry.rows} rows, the file holds {result.rows}",
                )
            )
        if result.kind.value != entry.kind:
            problems.append(
                Problem(
                    file_key(mandant, entry.name),
                    0,
                    "",
                    f"manifest declares kind {entry.kind}, the file is {result.kind.value}",
                )
            )
    if problems:
        raise RefusedError("bundle does not match its manifest", problems)


def _check_cursors(scope: OfficeScope, opened: OpenedBundle) -> None:
    """An incremental bundle must start at or before what was acknowledged — no gaps."""
    acked = scope.cursors([m.mandant for m in opened.manifest.mandanten])
    for entry in opened.manifest.mandanten:
        have = acked[entry.mandant]
        start = entry.cursor_from
        if start is not None and ((have is None and start > 0) or (have is not None and start > have)):
            raise RefusedError(
                f"Mandant {entry.mandant}: bundle continues from cursor {start}, but only "
                f"{have if have is not None else 'nothing'} was acknowledged (gap)"
            )
        if start is not None and entry.cursor_to < start:
            raise RefusedError(f"Mandant {entry.mandant}: cursor_to {entry.cursor_to} < cursor_from {start}")


def _store(scope: OfficeScope, parsed: Sequence[ParsedFile], prepared: list[tuple[str, Prepared]]) -> int:
    scope.ensure_mandanten(sorted({p.mandant for p in parsed}))
    for mandant, rows in prepared:
        scope.write_rows(rows, mandant)
    return sum(p.rows for p in parsed)


def _request_duration(scope: OfficeScope, request_id: str | None, now: datetime) -> float | None:
    if request_id is None:
        return None
    row = scope.request(request_id)
    start = utc(row.picked_up_at) or utc(row.created_at)
    return None if start is None else max(0.0, (now - start).total_seconds())


def _record_refusal(  # noqa: PLR0917 - private helper, every argument is needed
    store: Store,
    agent: Principal,
    mandanten: Sequence[str],
    request_id: str | None,
    reason: str,
    clock: Clock,
) -> None:
    """Note why a bundle was refused where the advisor looks; touches no accounting data."""
    now = clock.now().astimezone(UTC)
    with store.write() as conn:
        scope = OfficeScope(conn, agent)
        known = {r.mandant for r in scope.mandanten()}
        for mandant in mandanten:
            if mandant in known:
                scope.record_mandant_result(mandant, last_error=reason[:4000], last_error_at=now)
        if request_id is not None:
            # Already final: a refusal does not undo an earlier success.
            with contextlib.suppress(ConflictError):
                scope.finish_request(request_id, "failed", now, reason=reason[:4000])


def import_files(
    store: Store, advisor: Principal, mandant: str, files: Mapping[str, bytes], clock: Clock
) -> tuple[str, str, int]:
    """Manual import: an advisor's BMD files for ``mandant``, validated and stored like a bundle.

    Returns ``(bundle_id, status, rows)``; the id derives from the content, so importing the same
    files twice is acknowledged as ``duplicate`` and stored once.
    """
    check_id(mandant, "Mandant")
    if not files:
        raise RefusedError("no files uploaded")
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    bundle_id = f"manual-{mandant}-{digest.hexdigest()[:24]}"[:128]
    try:
        parsed = parse_files([(mandant, name, None, data) for name, data in sorted(files.items())])
    except RefusedError as exc:
        _record_refusal(store, advisor, [mandant], None, f"Manueller Import abgewiesen: {exc}", clock)
        raise
    with store.write() as conn:
        scope = OfficeScope(conn, advisor)
        if scope.bundle(bundle_id) is not None:
            return bundle_id, "duplicate", sum(p.rows for p in parsed)
        total = _store(scope, parsed, prepare_files(parsed, advisor.office_id, bundle_id))
        now = clock.now().astimezone(UTC)
        scope.insert_bundle(
            id=bundle_id,
            agent_id=None,
            request_id=None,
            raw_sha256=digest.hexdigest(),
            content_digest=digest.hexdigest(),
            size=sum(len(d) for d in files.values()),
            rows=total,
            cursors="{}",
            source="manual",
            received_at=now,
            data=None,
        )
        scope.record_mandant_result(
            mandant,
            last_updated=now,
            rows_fetched=total,
            duration_seconds=None,
            bundle_size=sum(len(d) for d in files.values()),
            last_error=None,
            last_error_at=None,
        )
    return bundle_id, "ingested", total
