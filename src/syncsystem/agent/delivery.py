"""Delivering sealed bundles: upload the outbox's pending bundles in order, set refused ones aside.

`flush` uploads pending bundles oldest first: per Mandant strictly in order (cursors chain), but one
bad bundle never blocks the queue — a final refusal (4xx) sets it aside with its reason
(`upload_verdict`), a 5xx holds back only later bundles of the same Mandanten. The bundles come
from `jobs.run_job`, which exports and seals them into the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from syncsystem.agent.outbox import Outbox, PendingBundle
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.values import sendable, wire_words

__all__ = ["FlushResult", "UploadClient", "flush", "report_set_aside", "upload_verdict"]

log = logging.getLogger("syncsystem.agent")
MAX_SERVER_ERRORS = 3
"""A bundle the datacenter answers HTTP 500 this often is set aside: 500 means the server broke on
this request (busy or unreachable is 503/502/504), and retrying it forever would hold its Mandanten."""


@dataclass
class FlushResult:
    """What one flush of the outbox achieved."""

    acknowledged: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # waiting behind an earlier bundle of a Mandant
    reopened: list[str] = field(default_factory=list)  # chained on a refused bundle: exported again
    bytes_sent: int = 0
    retry_error: RemoteError | None = None
    fatal_error: RemoteError | None = None
    unreported: bool = False  # a set-aside bundle the datacenter has not been told about yet

    def merge(self, later: FlushResult) -> FlushResult:
        """This flush followed by ``later`` (the worker flushes before and after exporting)."""
        return FlushResult(
            self.acknowledged + later.acknowledged,
            self.duplicates + later.duplicates,
            self.refused + later.refused,
            later.held,
            self.reopened + later.reopened,
            self.bytes_sent + later.bytes_sent,
            later.retry_error or self.retry_error,
            later.fatal_error or self.fatal_error,
            later.unreported,
        )


class UploadClient(Protocol):
    """What `flush` needs of the datacenter client."""

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> Any: ...

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None: ...

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: Mapping[str, Any] | None = None
    ) -> None: ...


def upload_verdict(exc: RemoteError) -> str:
    """What a failed upload means for the queue — a pure rule over the error:

    * ``stop``: the datacenter is unreachable or asks everyone to slow down (no status, 429): no
      other bundle has a better chance now; the whole outbox is retried after the backoff.
    * ``hold``: the datacenter answered 5xx (or 408/425) for this bundle: it is retried after the
      backoff, later bundles of its Mandanten wait behind it (cursors chain), others go on now;
      after `MAX_SERVER_ERRORS` answers of 500 (the server broke on it) `flush` sets it aside.
    * ``auth``: 401/403 — the token must be fixed; every bundle would fail alike, so stop.
    * ``set_aside``: any other 4xx, or an answer this agent cannot read: refused for good; the
      bundle is set aside with its reason and the queue goes on.
    """
    if exc.status in (401, 403):
        return "auth"
    if exc.retryable:
        return "stop" if exc.status is None or exc.status == 429 else "hold"
    if exc.status is None:
        return "auth"  # an untrusted certificate: a person must act; the bundles are not at fault
    return "set_aside"


def flush(outbox: Outbox, client: UploadClient, now: Callable[[], datetime]) -> FlushResult:
    """Upload pending bundles oldest first. A bundle refused for good is set aside (and reported);
    later bundles of its Mandanten, sealed on top of it, are not sent (the datacenter would refuse
    them as a gap) but their jobs reopened, to be exported again from the acknowledged cursor. One
    the datacenter fails on (5xx) holds back only later bundles of its own Mandanten."""
    result = FlushResult()
    result.unreported = not report_set_aside(outbox, client)
    blocked: set[str] = set()
    refused: set[str] = set()  # Mandanten of bundles set aside in this flush
    for bundle in outbox.pending():
        if bundle.mandanten & refused and outbox.reopen(bundle.bundle_id):
            # sealed on top of a refused bundle: the datacenter would refuse it as a gap; its job is
            # exported again from the acknowledged cursor instead (issue 11: later bundles go on)
            refused |= bundle.mandanten
            result.reopened.append(bundle.bundle_id)
            continue
        if bundle.mandanten & blocked:
            blocked |= bundle.mandanten
            result.held.append(bundle.bundle_id)
            continue
        try:
            ack = client.upload(bundle.bundle_id, bundle.data, bundle.request_id)
        except RemoteError as exc:
            verdict = upload_verdict(exc)
            if verdict == "set_aside":
                result.unreported = not set_aside(outbox, client, bundle, str(exc), exc.detail)
                result.refused.append(bundle.bundle_id)
                refused |= bundle.mandanten
                continue
            if exc.status == 500:
                failures = outbox.record_server_error(bundle.bundle_id, str(exc))
                if failures >= MAX_SERVER_ERRORS:
                    said = mc.AG_BUNDLE_SERVER_FAILED(failures=failures, error=exc.message or str(exc))
                    reason = f"the datacenter failed {failures} times on this bundle: {exc}"
                    result.unreported = not set_aside(outbox, client, bundle, reason, sendable(said))
                    result.refused.append(bundle.bundle_id)
                    refused |= bundle.mandanten
                    continue
            else:
                outbox.record_attempt(bundle.bundle_id, str(exc))
            if verdict == "hold":
                result.retry_error = exc
                blocked |= bundle.mandanten
                result.held.append(bundle.bundle_id)
                log.warning("bundle %s: %s; retried later, other Mandanten go on", bundle.bundle_id, exc)
                continue
            if verdict == "stop":
                result.retry_error = exc
            else:
                result.fatal_error = exc  # e.g. 401: the token must be fixed first; keep the bundle
            return result
        outbox.acknowledge(bundle.bundle_id, ack.cursors, now())
        result.bytes_sent += len(bundle.data)
        (result.duplicates if ack.status == "duplicate" else result.acknowledged).append(bundle.bundle_id)
    return result


def set_aside(
    outbox: Outbox,
    client: UploadClient,
    bundle: PendingBundle,
    reason: str,
    detail: Mapping[str, Any] | None = None,
) -> bool:
    """Set a refused bundle aside with its reason (in words, and as codes where known: the
    datacenter's refusal, or the agent's own message), fail its request and tell the datacenter;
    False if the datacenter could not be told yet."""
    outbox.refuse(bundle.bundle_id, reason, detail)
    log.error(
        "bundle %s (Mandanten %s) refused by the datacenter, set aside: %s",
        bundle.bundle_id,
        ", ".join(sorted(bundle.mandanten)),
        reason,
    )
    if bundle.request_id:
        _tell_failed(client, bundle.request_id, mc.AG_BUNDLE_REFUSED(reason=reason))
    return report_set_aside(outbox, client)


def report_set_aside(outbox: Outbox, client: UploadClient) -> bool:
    """Tell the datacenter about every set-aside bundle it has not heard of (the advisor sees it);
    False if one could not be told (tried again at the next flush)."""
    for item in outbox.set_aside():
        if item.reported:
            continue
        try:
            client.report_refused(item.bundle_id, item.reason[:4000], item.mandanten, item.detail)
        except RemoteError as exc:
            log.warning("could not report set-aside bundle %s: %s", item.bundle_id, exc)
            return False
        outbox.mark_reported(item.bundle_id)
    return True


def _tell_failed(client: UploadClient, request_id: str, said: Message) -> None:
    """Fail the request: in English words, as an agent always reported them, and as codes."""
    try:
        client.fail(request_id, wire_words(said), said)
    except RemoteError as exc:
        log.warning("could not report request %s as failed: %s", request_id, exc)
