"""Manual import: an advisor's BMD files for one Mandant, validated and stored like a bundle.

The files are validated exactly as a bundle's (`validate.parse_files`; any problem refuses them all
and is noted on the Mandant), then stored in one write transaction under an id derived from their
content, so importing the same files twice is acknowledged as ``duplicate`` and stored once.
Manual imports carry no cursors and no sync request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC

from syncsystem.clock import Clock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest.commit import store_rows
from syncsystem.datacenter.ingest.opening import record_refusal
from syncsystem.datacenter.ingest.validate import parse_files, prepare_files
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import check_id

__all__ = ["import_files"]


def import_files(
    store: Store, advisor: Principal, mandant: str, files: Mapping[str, bytes], clock: Clock
) -> tuple[str, str, int]:
    """Manual import: an advisor's BMD files for ``mandant``, validated and stored like a bundle.

    Returns ``(bundle_id, status, rows)``; the id derives from the content, so importing the same
    files twice is acknowledged as ``duplicate`` and stored once.
    """
    check_id(mandant, "Mandant")
    if not files:
        raise RefusedError(mc.INGEST_NO_FILES())
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
