"""The agent's HTTPS client for the datacenter API, and the one place wire errors are classified.

Built on ``requests`` (loaded only in the short-lived worker, never in the resident timer). Every
failure becomes a `RemoteError` whose ``retryable`` tells the worker what to do: network errors,
timeouts, TLS handshakes that broke off, 5xx and 429 (with ``Retry-After``) are retried later;
401 (bad token) and the 4xx refusals surface at once (`syncsystem.agent.delivery.flush` sets a
refused bundle aside and goes on with the next). Certificate verification is
always on: ``ca_file`` pins a private CA (tests use trustme), otherwise the system store is used.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import requests

from syncsystem.errors import ConfigError, RemoteError
from syncsystem.protocol.messages import (
    BUNDLE_PATH,
    ENROL_PATH,
    FAIL_PATH,
    PICKUP_PATH,
    POLL_PATH,
    REFUSED_PATH,
    SYNC_REQUEST_HEADER,
    EnrolRequest,
    EnrolResponse,
    FailRequest,
    PollResponse,
    ProtocolError,
    RefusedReport,
    UploadAck,
    clean_text,
)
from syncsystem.protocol.retry import is_retryable_status, parse_retry_after

__all__ = ["DatacenterClient"]

T = TypeVar("T")


class DatacenterClient:
    """One datacenter, one token. Use as a context manager (closes the connection pool)."""

    def __init__(self, base_url: str, token: str = "", *, ca_file: str = "", timeout: float = 60.0,
                 session: requests.Session | None = None) -> None:
        if not base_url.startswith("https://"):
            raise ConfigError(f"datacenter URL {base_url!r}: only https:// is allowed")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = session or requests.Session()
        # Passed with every request: a session-level value would lose against REQUESTS_CA_BUNDLE.
        self.verify: str | bool = ca_file or True
        self.session.headers["User-Agent"] = "syncsystem-agent/1"
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> DatacenterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, *, json_body: object = None, data: bytes | None = None,
              headers: Mapping[str, str] | None = None) -> Any:
        url = self.base_url + path
        try:
            response = self.session.request(method, url, json=json_body, data=data,
                                            headers=dict(headers or {}), timeout=self.timeout,
                                            verify=self.verify)
        except requests.exceptions.SSLError as exc:
            # A certificate the pinned CA does not vouch for is not going to fix itself.
            retryable = "certificate" not in str(exc).lower()
            raise RemoteError(f"{method} {path}: TLS error: {exc}", retryable=retryable) from exc
        except requests.exceptions.RequestException as exc:
            raise RemoteError(f"{method} {path}: datacenter unreachable: {type(exc).__name__}: {exc}",
                              retryable=True) from exc
        if response.status_code >= 400:
            reason = _error_text(response)
            raise RemoteError(
                f"{method} {path}: HTTP {response.status_code}: {reason}",
                retryable=is_retryable_status(response.status_code),
                status=response.status_code,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
            )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise RemoteError(f"{method} {path}: answer is not JSON", retryable=True,
                              status=response.status_code) from exc

    def enrol(self, code: str, name: str) -> EnrolResponse:
        answer = self._call("POST", ENROL_PATH, json_body=EnrolRequest(code, name).to_json())
        return _parse(EnrolResponse.from_json, answer, "enrol")

    def poll(self) -> PollResponse:
        return _parse(PollResponse.from_json, self._call("GET", POLL_PATH), "poll")

    def pickup(self, request_id: str) -> None:
        self._call("POST", PICKUP_PATH.format(request_id=request_id))

    def fail(self, request_id: str, reason: str) -> None:
        # BMD's message may hold anything; the datacenter refuses control characters (400).
        reason = clean_text(reason).strip() or "(no message)"
        self._call("POST", FAIL_PATH.format(request_id=request_id), json_body=FailRequest(reason).to_json())

    def report_refused(self, bundle_id: str, reason: str, mandanten: Sequence[str]) -> None:
        self._call("POST", REFUSED_PATH.format(bundle_id=bundle_id),
                   json_body=RefusedReport(clean_text(reason).strip() or "(no reason)",
                                           tuple(mandanten)).to_json())

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        headers = {"Content-Type": "application/octet-stream"}
        if request_id:
            headers[SYNC_REQUEST_HEADER] = request_id
        answer = self._call("PUT", BUNDLE_PATH.format(bundle_id=bundle_id), data=data, headers=headers)
        return _parse(UploadAck.from_json, answer, "upload")


def _parse(parser: Callable[[object], T], answer: object, what: str) -> T:
    try:
        return parser(answer)
    except ProtocolError as exc:
        # The datacenter speaks another version of the protocol: retrying will not help.
        raise RemoteError(f"{what}: unexpected answer: {exc}", retryable=False) from exc


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason or ""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])[:1000]
    return str(body)[:300]
