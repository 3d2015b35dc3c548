"""Manual import: an advisor's BMD files for one Mandant, validated and stored like a bundle.

The files are validated exactly as a bundle's (`validate.parse_files`; any problem refuses them all
and is noted on the Mandant), then stored in one write transaction under an id derived from their
content, so importing the same files twice is acknowledged as ``duplicate`` and stored once.
Manual imports carry no cursors and no sync request; the limits of a bundle (size, rows per file
and in all) hold for them too (`check_limits`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC

from syncsystem.clock import Clock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.errors import RefusedError, TooLargeError
from syncsystem.datacenter.ingest.commit import store_rows
from syncsystem.datacenter.ingest.opening import record_refusal
from syncsystem.datacenter.ingest.validate import parse_files, prepare_files
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import Limits
from syncsystem.protocol.messages import ProtocolError, check_id
from syncsystem.protocol.values import check_text

__all__ = ["check_limits", "import_files"]

DEFAULT_LIMITS = Limits()


def check_limits(files: Mapping[str, bytes], limits: Limits) -> None:
    """The bundle limits hold for a manual import too: total size, rows per file and in all —
    counted as lines after each file's header before anything is parsed (`TooLargeError`, 413)."""
    total = sum(len(d) for d in files.values())
    if total > limits.max_decompressed_bytes:
        raise TooLargeError(mc.INGEST_FILES_TOO_LARGE(total=total, limit=limits.max_decompressed_bytes))
    rows_total = 0
    for name, data in sorted(files.items()):
        lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
        rows = max(0, lines - 1)
        if rows > limits.max_rows_per_file:
            raise TooLargeError(
                mc.INGEST_FILE_ROWS(name=name, rows=rows, limit=limits.max_rows_per_file), rows=True
            )
        rows_total += rows
    if rows_total > limits.max_rows_per_bundle:
        raise TooLargeError(
            mc.INGEST_IMPORT_ROWS(rows=rows_total, limit=limits.max_rows_per_bundle), rows=True
        )


def _check_upload(mandant: str, files: Mapping[str, bytes], limits: Limits) -> None:
    """Refuse an import without files, with a bad file name, or beyond a bundle's limits."""
    check_id(mandant, "Mandant")
    if not files:
        raise RefusedError(mc.INGEST_NO_FILES())
    for name in files:  # a name is stored and shown: text without lone surrogates or control characters
        try:
            check_text(name, "file name", name=True)
        except ProtocolError as exc:
            raise RefusedError(mc.INGEST_BAD_NAME(reason=exc.message or str(exc))) from exc
    check_limits(files, limits)


def import_files(  # noqa: PLR0917 - every argument is needed
    store: Store,
    advisor: Principal,
    mandant: str,
    files: Mapping[str, bytes],
    clock: Clock,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[str, str, int]:
    """Manual import: an advisor's BMD files for ``mandant``, validated and stored like a bundle.

    Returns ``(bundle_id, status, rows)``; the id derives from the content, so importing the same
    files twice is acknowledged as ``duplicate`` and stored once. ``limits`` are those of a bundle.
    """
    _check_upload(mandant, files, limits)
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    bundle_id = f"manual-{mandant}-{digest.hexdigest()[:24]}"[:128]
    try:
        parsed = parse_files([(mandant, name, None, data) for name, data in sorted(files.items())])
    except RefusedError as exc:
        head = mc.REFUSAL_MANUAL(cause=exc.reason)
        record_refusal(store, advisor, [mandant], None, head, exc.problems, clock)
        raise
    with store.write() as conn:
        scope = OfficeScope(conn, advisor)
        if scope.bundle(bundle_id) is not None:
            return bundle_id, "duplicate", sum(p.rows for p in parsed)
        total = store_rows(scope, parsed, prepare_files(parsed, advisor.office_id, bundle_id))
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
