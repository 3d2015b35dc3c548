"""The agent's HTTPS client for the datacenter API, and the one place wire errors are classified.

Built on the standard library (``http.client`` over ``ssl``): the short-lived worker loads no HTTP
package, which keeps its memory small. One keep-alive connection per client; one that the server
closed while idle (BMD's export takes minutes) is noticed before it is reused and opened again.
Every failure becomes a `RemoteError` whose ``retryable`` tells the worker what to do: network
errors, timeouts, TLS handshakes that broke off, 5xx and 429 (with ``Retry-After``) are retried
later; 401 (bad token) and the 4xx refusals surface at once (`syncsystem.agent.delivery.flush` sets
a refused bundle aside and goes on with the next). Certificate and host-name verification are
always on, TLS 1.2 at least: ``ca_file`` pins a private CA (only that CA is trusted; tests use
trustme), otherwise the system's store is used. ``https_proxy``/``no_proxy`` (and Windows' proxy
settings) are honoured with a CONNECT tunnel, as ``urllib`` reads them.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import select
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from syncsystem import messages
from syncsystem.errors import ConfigError, RemoteError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.protocol.messages import (
    BUNDLE_PATH,
    DOCTOR_PATH,
    ENROL_PATH,
    FAIL_PATH,
    PICKUP_PATH,
    POLL_PATH,
    PROGRESS_PATH,
    REFUSED_PATH,
    ROTATE_PATH,
    SYNC_REQUEST_HEADER,
    EnrolRequest,
    EnrolResponse,
    FailRequest,
    PollResponse,
    ProtocolError,
    RefusedReport,
    RotateResponse,
    UploadAck,
    clean_text,
)
from syncsystem.protocol.reports import DoctorReport, ProgressEvent, ProgressReport
from syncsystem.protocol.retry import is_retryable_status, parse_retry_after
from syncsystem.protocol.values import error_codes, sendable

__all__ = ["DatacenterClient", "tls_context"]

T = TypeVar("T")
USER_AGENT = "syncsystem-agent/1"
_SHAPE_REFUSED = frozenset({400, 422})  # a datacenter refusing a report's form, not its sender
REPORT_BYTES = 60_000  # a report's body: every datacenter reads 64 KiB of it (`api.refused`, `.doctor`)


def tls_context(ca_file: str = "") -> ssl.SSLContext:
    """The client's TLS settings: verified certificate and host name, TLS 1.2 or newer; with
    ``ca_file`` only that CA is trusted, without it the system's store."""
    try:
        context = ssl.create_default_context(cafile=ca_file or None)
    except (OSError, ssl.SSLError) as exc:
        empty = isinstance(exc, ssl.SSLError) and exc.reason == "NO_CERTIFICATE_OR_CRL_FOUND"
        reason = mc.AG_CA_NO_CERT() if empty else os_reason(exc)
        raise ConfigError(mc.AG_CA_FILE(path=ca_file, reason=reason)) from exc
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.verify_mode, context.check_hostname = ssl.CERT_REQUIRED, True
    return context


class _Answer:
    """Status, headers and body of one response, read completely."""

    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status, self.reason, self.headers = response.status, response.reason, response.headers
        self.content = response.read()

    def json(self) -> Any:
        return json.loads(self.content)


class DatacenterClient:
    """One datacenter, one token. Use as a context manager (closes the connection)."""

    def __init__(
        self,
        base_url: str,
        token: str = "",
        *,
        ca_file: str = "",
        timeout: float = 60.0,
        context: ssl.SSLContext | None = None,
    ) -> None:
        if not base_url.startswith("https://"):
            raise ConfigError(mc.AG_URL_HTTPS(url=base_url))
        url = urlsplit(base_url.rstrip("/"))
        try:
            port = url.port or 443
        except ValueError as exc:
            raise ConfigError(mc.AG_URL_BAD(url=base_url, reason=str(exc))) from exc
        if not url.hostname:
            raise ConfigError(mc.AG_URL_NO_HOST(url=base_url))
        self.base_url = base_url.rstrip("/")
        self.host, self.port, self.prefix = url.hostname, port, url.path
        self.timeout = timeout
        self.context = context or tls_context(ca_file)
        # Refusal reasons come back in the agent's language (they end up in its output).
        self.headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
            "Accept-Language": messages.language(),
        }
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._conn: http.client.HTTPSConnection | None = None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> DatacenterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> http.client.HTTPSConnection:
        conn = self._conn
        if conn is not None and conn.sock is not None and _dropped(conn.sock):
            conn.close()  # the server closed it while idle: open a new one instead of failing
        if conn is None:
            proxy = _proxy_for(self.host)
            if proxy is None:
                conn = http.client.HTTPSConnection(
                    self.host, self.port, timeout=self.timeout, context=self.context
                )
            else:
                proxy_host, proxy_port, proxy_auth = proxy
                conn = http.client.HTTPSConnection(
                    proxy_host, proxy_port, timeout=self.timeout, context=self.context
                )
                conn.set_tunnel(self.host, self.port, headers=proxy_auth)
            self._conn = conn
        return conn

    def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: object = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        all_headers = {**self.headers, **(headers or {})}
        body = data
        if json_body is not None:
            body = json.dumps(json_body, allow_nan=False).encode()
            all_headers["Content-Type"] = "application/json"
        try:
            conn = self._connection()
            conn.request(method, self.prefix + path, body=body, headers=all_headers)
            response = _Answer(conn.getresponse())
        except ssl.SSLError as exc:
            self.close()
            # A certificate the pinned CA does not vouch for is not going to fix itself.
            retryable = "certificate" not in str(exc).lower()
            tls = mc.AG_REMOTE_TLS(method=method, path=path, reason=str(exc))
            raise RemoteError(tls, retryable=retryable) from exc
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            said = (
                mc.AG_REMOTE_UNREACHABLE_OS(method=method, path=path, reason=os_reason(exc))
                if isinstance(exc, OSError)
                else mc.AG_REMOTE_UNREACHABLE(
                    method=method, path=path, kind=type(exc).__name__, reason=str(exc)
                )
            )
            raise RemoteError(said, retryable=True) from exc
        if response.status >= 400:
            raise RemoteError(
                mc.AG_REMOTE_HTTP(
                    method=method, path=path, status=response.status, error=_error_text(response)
                ),
                retryable=is_retryable_status(response.status),
                status=response.status,
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                detail=_error_codes(response),
            )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise RemoteError(
                mc.AG_REMOTE_NOT_JSON(method=method, path=path), retryable=True, status=response.status
            ) from exc

    def enrol(
        self, code: str, name: str, agent_id: str | None = None, mandanten: Sequence[str] = ()
    ) -> EnrolResponse:
        """Trade ``code`` for a token; an agent enrolling again names its ``agent_id`` to keep it;
        ``mandanten`` (the host's list) become Mandanten the advisor may request."""
        body = EnrolRequest(code, name, agent_id, tuple(mandanten)).to_json()
        answer = self._call("POST", ENROL_PATH, json_body=body)
        return _parse(EnrolResponse.from_json, answer, "enrol")

    def rotate(self) -> RotateResponse:
        """A new token (`RotateResponse`); this client uses it from now on."""
        answer = _parse(RotateResponse.from_json, self._call("POST", ROTATE_PATH), "rotate")
        self.headers["Authorization"] = f"Bearer {answer.token}"
        return answer

    def _report(self, path: str, body: dict[str, Any], words_only: dict[str, Any]) -> None:
        """POST a report whose codes are an extra beside its words: as words only when the codes
        would make it larger than a datacenter reads, and again as words only when the datacenter
        refuses it for its shape (400/422: an older one that does not know a value's form, such as
        a number) — the words every datacenter reads are never lost for codes one cannot."""
        if len(json.dumps(body, allow_nan=False).encode()) > REPORT_BYTES:
            body = words_only
        try:
            self._call("POST", path, json_body=body)
        except RemoteError as exc:
            if body == words_only or exc.status not in _SHAPE_REFUSED:
                raise
            self._call("POST", path, json_body=words_only)

    def report_doctor(self, report: DoctorReport) -> None:
        """Send the doctor's checks: the office's Administrator sees the last ones per agent (their
        codes, where a datacenter cannot take them, left out: `_report`)."""
        words_only = DoctorReport(tuple(replace(c, codes=None) for c in report.checks)).to_json()
        self._report(DOCTOR_PATH, report.to_json(), words_only)

    def poll(self) -> PollResponse:
        return _parse(PollResponse.from_json, self._call("GET", POLL_PATH), "poll")

    def pickup(self, request_id: str) -> None:
        self._call("POST", PICKUP_PATH.format(request_id=request_id))

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        """Report the request failed: ``reason`` in words, ``detail`` (if known) as codes, which the
        datacenter words in German for the advisor (an older one reads the words only)."""
        # BMD's message may hold anything; the datacenter refuses control characters (400).
        reason = clean_text(reason).strip() or "(no message)"
        body = FailRequest(reason, sendable(detail)).to_json()
        self._report(FAIL_PATH.format(request_id=request_id), body, FailRequest(reason).to_json())

    def report_progress(self, request_id: str, events: Sequence[ProgressEvent]) -> None:
        words_only = ProgressReport(tuple(replace(e, detail=None) for e in events)).to_json()
        self._report(
            PROGRESS_PATH.format(request_id=request_id), ProgressReport(tuple(events)).to_json(), words_only
        )

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: Mapping[str, Any] | None = None
    ) -> None:
        """Report a bundle set aside: ``reason`` in words, ``detail`` (if known) the refusal as codes,
        which the datacenter words in German (an older one reads the words only). A report too large
        for a datacenter's limit goes without the codes."""
        words = clean_text(reason).strip() or "(no reason)"
        body = RefusedReport(words, tuple(mandanten), detail).to_json()
        words_only = RefusedReport(words, tuple(mandanten)).to_json()
        self._report(REFUSED_PATH.format(bundle_id=bundle_id), body, words_only)

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
        unexpected = mc.AG_REMOTE_UNEXPECTED(what=what, reason=exc.message or str(exc))
        raise RemoteError(unexpected, retryable=False) from exc


def _error_text(response: _Answer) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.content.decode("utf-8", "replace")[:300] or response.reason or ""
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])[:1000]
    return str(body)[:300]


def _error_codes(response: _Answer) -> dict[str, Any] | None:
    try:
        return error_codes(response.json())
    except ValueError:  # not JSON
        return None


def _dropped(sock: Any) -> bool:
    """Whether an idle keep-alive connection was closed by the other side (or has stray data):
    readable before a request was sent means it cannot carry the next one."""
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


_PROXY_VARIABLES = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


def _proxy_for(host: str) -> tuple[str, int, dict[str, str]] | None:
    """The HTTPS proxy for ``host`` as (host, port, CONNECT headers), or None for a direct
    connection. urllib's reading of the environment (and of Windows' settings) decides; it is
    imported only where a proxy can be configured at all."""
    if os.name != "nt" and not any(os.environ.get(name) for name in _PROXY_VARIABLES):
        return None
    import urllib.request  # noqa: PLC0415 - only when a proxy may be set

    proxies = urllib.request.getproxies()
    proxy = proxies.get("https") or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(host):
        return None
    url = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    if url.scheme != "http" or not url.hostname:
        raise ConfigError(mc.AG_PROXY(proxy=proxy))
    headers = {}
    if url.username is not None:
        credentials = f"{unquote(url.username)}:{unquote(url.password or '')}".encode()
        headers["Proxy-Authorization"] = "Basic " + base64.b64encode(credentials).decode()
    return url.hostname, url.port or 80, headers
