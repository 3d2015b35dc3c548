"""An in-process client for the fake datacenter: the agent's client interface without sockets.

Simulations of days and weeks use it so thousands of polls cost microseconds each. It maps the
model's answers exactly as `syncsystem.agent.client.DatacenterClient` maps HTTP answers (same
`is_retryable_status`, same message parsing), and a dropped connection becomes a retryable
`RemoteError`, as ``requests``' ``ConnectionError`` does in the real client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from emulators.datacenter.errors import ConnectionDropped
from emulators.datacenter.models import FakeDatacenter
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.protocol.messages import (
    BUNDLE_PATH,
    FAIL_PATH,
    PICKUP_PATH,
    POLL_PATH,
    PROGRESS_PATH,
    REFUSED_PATH,
    SYNC_REQUEST_HEADER,
    FailRequest,
    PollResponse,
    RefusedReport,
    UploadAck,
)
from syncsystem.protocol.reports import ProgressEvent, ProgressReport
from syncsystem.protocol.retry import is_retryable_status, parse_retry_after
from syncsystem.protocol.values import error_codes, sendable

__all__ = ["InProcessClient"]


class InProcessClient:
    """Talks to a `FakeDatacenter` object directly."""

    def __init__(self, dc: FakeDatacenter, token: str | None = None) -> None:
        self.dc = dc
        self.headers = {"Authorization": f"Bearer {token or dc.token}"}
        self.bytes_sent = 0

    def _call(self, method: str, path: str, body: bytes = b"", extra: dict[str, str] | None = None) -> Any:
        self.bytes_sent += len(body)
        try:
            answer = self.dc.handle(method, path, {**self.headers, **(extra or {})}, body)
        except ConnectionDropped as exc:
            raise RemoteError(f"{method} {path}: datacenter unreachable: {exc}", retryable=True) from exc
        payload = json.loads(answer.body) if answer.body else None
        if answer.status >= 400:
            reason = payload.get("error", "") if isinstance(payload, dict) else ""
            raise RemoteError(
                f"{method} {path}: HTTP {answer.status}: {reason}",
                retryable=is_retryable_status(answer.status),
                status=answer.status,
                retry_after=parse_retry_after(answer.headers.get("Retry-After")),
                detail=error_codes(payload),
            )
        return payload

    def poll(self) -> PollResponse:
        return PollResponse.from_json(self._call("GET", POLL_PATH))

    def pickup(self, request_id: str) -> None:
        self._call("POST", PICKUP_PATH.format(request_id=request_id))

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        body = FailRequest(reason, sendable(detail)).to_json()
        self._call("POST", FAIL_PATH.format(request_id=request_id), json.dumps(body).encode())

    def report_progress(self, request_id: str, events: Sequence[ProgressEvent]) -> None:
        body = json.dumps(ProgressReport(tuple(events)).to_json()).encode()
        self._call("POST", PROGRESS_PATH.format(request_id=request_id), body)

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: Mapping[str, Any] | None = None
    ) -> None:
        body = json.dumps(RefusedReport(reason, tuple(mandanten), detail).to_json()).encode()
        self._call("POST", REFUSED_PATH.format(bundle_id=bundle_id), body)

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        extra = {SYNC_REQUEST_HEADER: request_id} if request_id else {}
        return UploadAck.from_json(self._call("PUT", BUNDLE_PATH.format(bundle_id=bundle_id), data, extra))

    def close(self) -> None:
        pass
