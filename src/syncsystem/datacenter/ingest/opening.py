"""Opening an upload: verify and decrypt the bundle, tell duplicates from conflicts, note refusals.

`open_upload` checks the sealed bytes with `syncsystem.protocol.bundle.open_bundle` and that the
manifest names the id and agent it was uploaded under; any refusal is recorded where the advisor
looks (`record_refusal`: the Mandanten's last error and the sync request, never accounting data) and
raised as `RefusedError`/`TooLargeError`. `duplicate_or_conflict` decides what a second upload under
a known id is: the same content is a ``duplicate``, other content a `ConflictError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from syncsystem.clock import Clock
from syncsystem.datacenter import refusals
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.errors import ConflictError, RefusedError, TooLargeError
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope, json_cursors
from syncsystem.errors import Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import BundleRefusedError, Limits, OpenedBundle, open_bundle
from syncsystem.protocol.messages import UploadAck

__all__ = ["Upload", "duplicate_or_conflict", "open_upload", "record_refusal"]

# Refusals for size — of the upload, its decompressed contents, or its rows — are 413, not 422.
_TOO_LARGE = frozenset({"too_large", "decompressed_too_large", "too_many_rows"})
# each machine code of a `BundleRefusedError`, worded for the advisor page and the log
_CAUSES = {
    "checksum_mismatch": mc.BUNDLE_CAUSE_CHECKSUM_MISMATCH,
    "corrupt": mc.BUNDLE_CAUSE_CORRUPT,
    "decompressed_too_large": mc.BUNDLE_CAUSE_DECOMPRESSED_TOO_LARGE,
    "invalid_input": mc.BUNDLE_CAUSE_INVALID_INPUT,
    "manifest_invalid": mc.BUNDLE_CAUSE_MANIFEST_INVALID,
    "not_a_bundle": mc.BUNDLE_CAUSE_NOT_A_BUNDLE,
    "tampered": mc.BUNDLE_CAUSE_TAMPERED,
    "too_large": mc.BUNDLE_CAUSE_TOO_LARGE,
    "too_many_rows": mc.BUNDLE_CAUSE_TOO_MANY_ROWS,
    "truncated": mc.BUNDLE_CAUSE_TRUNCATED,
    "unsupported_version": mc.BUNDLE_CAUSE_UNSUPPORTED_VERSION,
    "wrong_key": mc.BUNDLE_CAUSE_WRONG_KEY,
}


@dataclass(frozen=True, slots=True)
class Upload:
    """One upload being ingested: who sent what, under which id, for which request."""

    agent: Principal
    bundle_id: str
    data: bytes
    raw_sha: str
    request_id: str | None


def open_upload(
    store: Store, upload: Upload, private_key: bytes, limits: Limits, clock: Clock
) -> OpenedBundle:
    """Verify and decrypt; a refusal is recorded and raised as `RefusedError`/`TooLargeError`."""
    try:
        opened = open_bundle(upload.data, private_key, limits=limits)
        manifest = opened.manifest
        if manifest.bundle_id != upload.bundle_id:
            raise RefusedError(mc.INGEST_MANIFEST_BUNDLE(named=manifest.bundle_id, uploaded=upload.bundle_id))
        if manifest.agent_id != upload.agent.id:
            raise RefusedError(mc.INGEST_MANIFEST_AGENT(named=manifest.agent_id, uploaded=upload.agent.id))
    except BundleRefusedError as exc:
        cause = _CAUSES.get(exc.code)
        invalid = mc.INGEST_BUNDLE_INVALID(cause=cause() if cause else exc.code, detail=exc.detail)
        head = mc.REFUSAL_BUNDLE(bundle_id=upload.bundle_id, cause=invalid)
        record_refusal(store, upload.agent, [], upload.request_id, head, (), clock)
        if exc.code in _TOO_LARGE:
            raise TooLargeError(invalid, rows=exc.code == "too_many_rows") from exc
        raise RefusedError(invalid) from exc
    except RefusedError as exc:
        head = mc.REFUSAL_BUNDLE(bundle_id=upload.bundle_id, cause=exc.reason)
        record_refusal(store, upload.agent, [], upload.request_id, head, exc.problems, clock)
        raise
    return opened


def duplicate_or_conflict(row: Any, digest: str, bundle_id: str) -> UploadAck:
    """The answer to an id already stored: ``duplicate`` for the same content, else `ConflictError`."""
    if row.content_digest != digest:
        raise ConflictError(mc.DC_BUNDLE_OTHER_CONTENT(bundle=bundle_id))
    return UploadAck(bundle_id, "duplicate", json_cursors(row.cursors))


def record_refusal(  # noqa: PLR0917 - every argument is needed
    store: Store,
    agent: Principal,
    mandanten: Sequence[str],
    request_id: str | None,
    head: Message,
    problems: Sequence[Problem],
    clock: Clock,
    *,
    more: int = 0,
) -> None:
    """Note why a bundle was refused where the advisor looks (German words, and codes with values
    for the page, `syncsystem.datacenter.refusals`; ``more`` problems left out of ``problems``
    before); touches no accounting data."""
    now = clock.now().astimezone(UTC)
    reason, detail = refusals.stored(head, problems, more)
    with store.write() as conn:
        scope = OfficeScope(conn, agent)
        known = {r.mandant for r in scope.mandanten()}
        for mandant in mandanten:
            if mandant in known:
                scope.record_mandant_result(
                    mandant, last_error=reason[:4000], last_error_detail=detail, last_error_at=now
                )
        if request_id is not None:
            # Already final: a refusal does not undo an earlier success.
            with contextlib.suppress(ConflictError):
                scope.finish_request(request_id, "failed", now, reason=reason[:4000], detail=detail)
