"""Unit tests of the agent's HTTPS client against a real TLS server on loopback (trustme's CA).

A scripted `http.server` answers what each test queues and records what it received, so status
classification, certificate pinning, timeouts, idle keep-alive connections and the proxy tunnel are
exercised on real sockets, not on a mocked HTTP library.
"""

from __future__ import annotations

import json
import select
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import trustme
from tests.unit.agent.test_agent_queue import QUEUE, T0, _outbox

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.delivery import flush
from syncsystem.errors import ConfigError, RemoteError
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import FailRequest
from syncsystem.protocol.reports import DoctorCheck, DoctorReport, ProgressEvent

DROP = 0
"""A `Reply` status: close the connection instead of answering."""


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Script:
    replies: list[Reply] = field(default_factory=list)
    seen: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    connections: set[int] = field(default_factory=set)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as uvicorn
    timeout = 0.3  # an idle connection is closed by the server after 0.3 s

    def _answer(self) -> None:
        script: Script = self.server.script  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        script.seen.append((self.command, self.path, dict(self.headers), body))
        script.connections.add(id(self.connection))
        reply = script.replies.pop(0) if script.replies else Reply(404, b'{"error": "nothing queued"}')
        if reply.status == DROP:  # the upload was read; the connection ends without an answer
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        time.sleep(reply.delay)
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def log_message(self, *args: object) -> None:
        pass


@dataclass
class Server:
    url: str
    ca_file: str
    script: Script


def _serve(cert: trustme.LeafCert, ca_file: Path) -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    httpd.script = Script()  # type: ignore[attr-defined]
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"https://localhost:{httpd.server_address[1]}", str(ca_file), httpd.script)  # type: ignore[attr-defined]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server(ca: trustme.CA, tmp_path: Path) -> Iterator[Server]:
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    yield from _serve(ca.issue_cert("localhost"), ca_file)


def _json(status: int, body: object, **headers: str) -> Reply:
    return Reply(status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})


POLL_OK = {"server_time": "2026-03-02T10:00:00+00:00", "next_poll_seconds": 1800, "requests": []}


def test_a_poll_sends_the_token_and_reads_the_answer(server: Server) -> None:
    """GET /api/v1/poll with the bearer token and user agent; the JSON answer becomes a PollResponse."""
    server.script.replies.append(_json(200, POLL_OK))
    with DatacenterClient(server.url, "tok-1", ca_file=server.ca_file) as client:
        answer = client.poll()
    assert answer.next_poll_seconds == 1800 and answer.requests == ()
    method, path, headers, _ = server.script.seen[0]
    assert (method, path) == ("GET", "/api/v1/poll")
    assert headers["Authorization"] == "Bearer tok-1" and headers["User-Agent"] == "syncsystem-agent/1"


def test_429_with_retry_after_is_retryable_and_carries_the_delay(server: Server) -> None:
    """A 429 answer becomes a retryable error with the server's Retry-After seconds."""
    server.script.replies.append(_json(429, {"error": "slow down"}, **{"Retry-After": "120"}))
    with (
        DatacenterClient(server.url, "t", ca_file=server.ca_file) as client,
        pytest.raises(RemoteError) as err,
    ):
        client.poll()
    assert err.value.retryable and err.value.retry_after == 120 and err.value.status == 429
    assert "slow down" in str(err.value)


def test_401_and_422_surface_at_once(server: Server) -> None:
    """A bad token and a refused bundle are not retryable; the upload carries body and request id."""
    server.script.replies += [_json(401, {"error": "invalid token"}), _json(422, {"error": "tampered"})]
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        with pytest.raises(RemoteError) as err:
            client.poll()
        assert not err.value.retryable and "invalid token" in str(err.value) and err.value.status == 401
        with pytest.raises(RemoteError) as err:
            client.upload("b-1", b"\x00sealed", "req-1")
        assert not err.value.retryable and "tampered" in str(err.value)
    method, path, headers, body = server.script.seen[1]
    assert (method, path, body) == ("PUT", "/api/v1/bundles/b-1", b"\x00sealed")
    assert headers["X-Sync-Request"] == "req-1" and headers["Content-Type"] == "application/octet-stream"


def test_503_a_broken_answer_and_a_closed_port_are_retryable(server: Server) -> None:
    """5xx, an answer that is not JSON and a refused connection are worth retrying later."""
    server.script.replies += [Reply(503, b"busy"), Reply(200, b"<html>proxy page</html>")]
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        with pytest.raises(RemoteError) as err:
            client.poll()
        assert err.value.retryable and err.value.status == 503 and "busy" in str(err.value)
        with pytest.raises(RemoteError) as err:
            client.poll()
        assert err.value.retryable and "not JSON" in str(err.value)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with (
        DatacenterClient(f"https://localhost:{port}", "t", ca_file=server.ca_file) as client,
        pytest.raises(RemoteError) as err,
    ):
        client.poll()
    assert err.value.retryable and "unreachable" in str(err.value)


def test_a_server_that_does_not_answer_in_time_is_a_retryable_timeout(server: Server) -> None:
    """The timeout bounds the wait for an answer; running out of it is retried later."""
    server.script.replies.append(Reply(200, b"{}", delay=1.0))
    started = time.monotonic()
    with (
        DatacenterClient(server.url, "t", ca_file=server.ca_file, timeout=0.3) as client,
        pytest.raises(RemoteError) as err,
    ):
        client.poll()
    assert err.value.retryable and "timed out" in str(err.value)
    assert time.monotonic() - started < 0.9


def test_a_connection_the_server_closed_while_idle_is_opened_again(server: Server) -> None:
    """Calls share one connection; after the server dropped it (a long BMD export) the next call works."""
    server.script.replies += [_json(200, POLL_OK), _json(200, POLL_OK), _json(200, {"state": "picked_up"})]
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.poll()
        client.poll()
        assert len(server.script.connections) == 1  # keep-alive
        time.sleep(0.8)  # the server's idle timeout is 0.3 s
        client.pickup("req-1")
    assert len(server.script.connections) == 2
    assert [s[0] for s in server.script.seen] == ["GET", "GET", "POST"]


def test_certificates_the_pinned_ca_does_not_vouch_for_are_refused(ca: trustme.CA, tmp_path: Path) -> None:
    """Another CA's certificate and a certificate for another host name are final TLS errors."""
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    other = trustme.CA()
    for cert in (other.issue_cert("localhost"), ca.issue_cert("datacenter.example")):
        for served in _serve(cert, ca_file):
            served.script.replies.append(_json(200, POLL_OK))
            with (
                DatacenterClient(served.url, "t", ca_file=served.ca_file) as client,
                pytest.raises(RemoteError) as err,
            ):
                client.poll()
            assert "TLS" in str(err.value) and "certificate" in str(err.value).lower()
            assert not err.value.retryable and served.script.seen == []


def test_the_pinned_ca_is_the_only_one_trusted(server: Server, tmp_path: Path) -> None:
    """With ca_file set, the system store is not consulted: a valid chain to another CA fails."""
    other = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    with DatacenterClient(server.url, "t", ca_file=str(other)) as client, pytest.raises(RemoteError) as err:
        client.poll()
    assert not err.value.retryable
    with pytest.raises(ConfigError, match="ca_file"):
        DatacenterClient(server.url, "t", ca_file=str(tmp_path / "missing.pem"))


def test_plain_http_is_refused() -> None:
    """The agent talks HTTPS only."""
    with pytest.raises(ConfigError):
        DatacenterClient("http://dc.example", "t")


def test_fail_reason_with_control_characters_is_cleaned_before_sending(server: Server) -> None:
    """BMD's message with NUL, escape codes or undecodable bytes reaches the datacenter as clean text."""
    server.script.replies.append(_json(200, {"state": "failed"}))
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.fail("req-1", "BMD: \x1b[31mFehler\x00 \udce4 Ende")
    method, path, headers, body = server.script.seen[0]
    sent = json.loads(body)
    assert (method, path) == ("POST", "/api/v1/requests/req-1/fail")
    assert headers["Content-Type"] == "application/json"
    assert sent == {"reason": "BMD:  [31mFehler  ? Ende"}
    assert FailRequest.from_json(sent).reason == sent["reason"]  # what the datacenter accepts


def test_fail_sends_the_reason_as_codes_cleaned_and_no_codes_for_mere_text(server: Server) -> None:
    """Beside the words, the message as codes (its texts cleaned like the words), in the shape the
    datacenter accepts; an uncatalogued text (``legacy.text``) adds nothing, so only words go."""
    server.script.replies.extend([_json(200, {"state": "failed"}), _json(200, {"state": "failed"})])
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.fail("req-1", "not exported", mc.AG_EXPORT_NOT_EXPORTED(source="C:\\BMD\x00", mandant="1001"))
        client.fail("req-2", "words", mc.LEGACY_TEXT(text="words"))
    first, second = (json.loads(seen[3]) for seen in server.script.seen)
    assert first == {
        "reason": "not exported",
        "detail": {"code": "agent.export.not_exported", "values": {"source": "C:\\BMD ", "mandant": "1001"}},
    }
    assert FailRequest.from_json(first).detail == first["detail"]
    assert second == {"reason": "words"}


def _connect_proxy(seen: list[str]) -> tuple[socket.socket, threading.Thread]:
    """A one-connection HTTP CONNECT proxy that records the request head and relays bytes."""
    listener = socket.create_server(("127.0.0.1", 0))

    def run() -> None:
        client, _ = listener.accept()
        head = b""
        while b"\r\n\r\n" not in head:
            head += client.recv(4096)
        seen.append(head.decode())
        host, port = head.split()[1].decode().rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        pair = {client: upstream, upstream: client}
        while True:
            ready, _, _ = select.select(list(pair), [], [], 5)
            if not ready:
                break
            chunk = ready[0].recv(65536)
            if not chunk:
                break
            pair[ready[0]].sendall(chunk)
        client.close()
        upstream.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return listener, thread


def test_https_proxy_is_used_with_a_connect_tunnel(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """With https_proxy set, the client tunnels through it (with its credentials) and still pins."""
    seen: list[str] = []
    listener, thread = _connect_proxy(seen)
    monkeypatch.setenv("https_proxy", f"http://agent:s%40cret@127.0.0.1:{listener.getsockname()[1]}")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    server.script.replies.append(_json(200, POLL_OK))
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.poll()
    thread.join(10)
    listener.close()
    port = server.url.rsplit(":", 1)[1]
    assert seen and seen[0].startswith(f"CONNECT localhost:{port} HTTP/1.")
    assert "Proxy-Authorization: Basic YWdlbnQ6c0BjcmV0" in seen[0]  # agent:s@cret
    assert [s[1] for s in server.script.seen] == ["/api/v1/poll"]


REFUSAL = {
    "error": "Bündel b-1 abgewiesen: ungültige BMD-Daten: M100/buchungen.csv:2:betrag: keine Zahl: '12x,00'",
    "code": "refusal.bundle",
    "values": {"bundle_id": "b-1", "cause": {"code": "ingest.invalid_data", "values": {}}},
    "problems": [
        {
            "file": "M100/buchungen.csv",
            "line": 2,
            "field": "betrag",
            "message": "keine Zahl: '12x,00'",
            "code": "bmd.cell.not_number",
            "values": {"cell": "12x,00"},
        }
    ],
    "more": 3,
}


def test_a_refusal_keeps_the_codes_of_the_answer_beside_its_words(server: Server) -> None:
    """The 422's code, values and problems (without the words of each) come with the error; an answer
    without codes (an older datacenter, a proxy's page) or with codes of another shape has none."""
    server.script.replies += [
        _json(422, REFUSAL),
        _json(422, {"error": "tampered"}),
        Reply(422, b"<html>proxy</html>"),
        _json(422, {"error": "x", "code": "refusal.bundle", "problems": "not a list"}),
    ]
    details = []
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        for _ in range(4):
            with pytest.raises(RemoteError) as err:
                client.upload("b-1", b"sealed")
            details.append(err.value.detail)
    problem = {k: v for k, v in REFUSAL["problems"][0].items() if k != "message"}  # type: ignore[index]
    assert details == [
        {"code": "refusal.bundle", "values": REFUSAL["values"], "problems": [problem], "more": 3},
        None,
        None,
        None,
    ]


def test_a_set_aside_report_carries_the_codes_unless_too_large(server: Server) -> None:
    """The report sends the refusal's codes beside the words; codes that would make the report larger
    than a datacenter reads (64 KiB) are left out, the words still go."""
    server.script.replies += [_json(200, {"state": "set_aside"}), _json(200, {"state": "set_aside"})]
    said = {"code": "ingest.invalid_data", "values": {}}
    huge = {"code": "legacy.text", "values": {"text": "x" * 4000}, "problems": [], "more": 0}
    huge["problems"] = [
        {"file": "f" * 4000, "line": n, "field": "", "code": "legacy.text", "values": {"text": "y" * 4000}}
        for n in range(1, 21)
    ]
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.report_refused("b-1", "HTTP 422: kaputt", ["M100"], said)
        client.report_refused("b-2", "HTTP 422: riesig", ["M100"], huge)
    first, second = (json.loads(seen[3]) for seen in server.script.seen)
    assert first == {"reason": "HTTP 422: kaputt", "mandanten": ["M100"], "detail": said}
    assert second == {"reason": "HTTP 422: riesig", "mandanten": ["M100"]}


def test_a_doctor_report_carries_codes_unless_too_large(server: Server) -> None:
    """Each check's codes go beside its words; a report they would make larger than a datacenter
    reads (64 KiB) goes as words only, as an older agent sent it."""
    server.script.replies += [_json(200, {"checks": 1}), _json(200, {"checks": 20})]
    said = {"check": {"code": "agent.doctor.writable", "values": {}}}
    small = DoctorReport((DoctorCheck("Profile folder writable", True, "/srv", "", said),))
    words = "x" * 2000
    big = {part: {"code": "legacy.text", "values": {"text": words}} for part in ("check", "detail", "hint")}
    large = DoctorReport(tuple(DoctorCheck(f"check {n}", False, words, words, big) for n in range(20)))
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.report_doctor(small)
        client.report_doctor(large)
    first, second = (json.loads(seen[3]) for seen in server.script.seen)
    assert first == {
        "checks": [
            {"check": "Profile folder writable", "ok": True, "detail": "/srv", "hint": "", "codes": said}
        ]
    }
    assert [set(c) for c in second["checks"]] == [{"check", "ok", "detail", "hint"}] * 20


def test_reports_refused_for_their_codes_go_again_as_words_only(server: Server) -> None:
    """An older datacenter refuses a report whose codes it cannot read (a number value: 400 or 422);
    the agent sends the same report once more without them, so the words it always read arrive.
    A report that was words only already, or a refusal of the sender (401), is not sent again."""
    refused = {"error": "detail.values.amount: not a string"}
    server.script.replies += [
        _json(422, refused),
        _json(200, {"state": "failed"}),
        _json(400, refused),
        _json(200, {"state": "set_aside"}),
        _json(400, refused),
        _json(200, {"checks": 1}),
        _json(400, refused),
        _json(200, {"events": 1}),
        _json(422, refused),
        _json(401, {"error": "token revoked"}),
    ]
    said = {"code": "ingest.invalid_data", "values": {}}
    check = DoctorCheck("Profile folder writable", True, "/srv", "", {"check": said})
    with DatacenterClient(server.url, "t", ca_file=server.ca_file) as client:
        client.fail("req-1", "not exported", mc.AG_EXPORT_NOT_EXPORTED(source="C:\\BMD", mandant="1001"))
        client.report_refused("b-1", "HTTP 422: kaputt", ["M100"], said)
        client.report_doctor(DoctorReport((check,)))
        client.report_progress(
            "req-2", [ProgressEvent("export_failed", "1001", reason="exit 3", detail=said)]
        )
        with pytest.raises(RemoteError) as words_refused:
            client.fail("req-3", "words", mc.LEGACY_TEXT(text="words"))
        with pytest.raises(RemoteError) as revoked:
            client.fail("req-4", "not exported", mc.AG_EXPORT_NOT_EXPORTED(source="C:\\BMD", mandant="1"))
    sent = [(path, json.loads(body)) for _, path, _, body in server.script.seen]
    assert [path for path, _ in sent] == [
        "/api/v1/requests/req-1/fail",
        "/api/v1/requests/req-1/fail",
        "/api/v1/bundles/b-1/refused",
        "/api/v1/bundles/b-1/refused",
        "/api/v1/agent/doctor",
        "/api/v1/agent/doctor",
        "/api/v1/requests/req-2/progress",
        "/api/v1/requests/req-2/progress",
        "/api/v1/requests/req-3/fail",
        "/api/v1/requests/req-4/fail",
    ]
    assert "detail" in sent[0][1] and sent[1][1] == {"reason": "not exported"}
    assert sent[3][1] == {"reason": "HTTP 422: kaputt", "mandanten": ["M100"]}
    assert sent[5][1] == {
        "checks": [{"check": "Profile folder writable", "ok": True, "detail": "/srv", "hint": ""}]
    }
    assert sent[7][1] == {"events": [{"kind": "export_failed", "mandant": "1001", "reason": "exit 3"}]}
    assert (words_refused.value.status, revoked.value.status) == (422, 401)


def test_a_dropped_connection_and_a_bad_token_leave_every_bundle_in_the_outbox(
    server: Server, tmp_path: Path
) -> None:
    """The real client and outbox: the datacenter drops the connection after reading the upload,
    then answers 401 — both flushes keep all four bundles pending, none set aside; once it answers,
    the next flush delivers them in order."""
    with (
        _outbox(tmp_path, QUEUE) as outbox,
        DatacenterClient(server.url, "t", ca_file=server.ca_file) as client,
    ):
        server.script.replies += [Reply(DROP)]
        dropped = flush(outbox, client, lambda: T0)
        assert dropped.retry_error is not None and dropped.retry_error.retryable
        assert dropped.acknowledged == [] and len(outbox.pending()) == 4 and outbox.set_aside() == []
        server.script.replies += [_json(401, {"error": "invalid token"})]
        refused = flush(outbox, client, lambda: T0)
        assert refused.fatal_error is not None and refused.fatal_error.status == 401
        assert len(outbox.pending()) == 4 and outbox.set_aside() == []
        server.script.replies += [
            _json(200, {"bundle_id": b, "status": "ingested", "cursors": c}) for b, c in QUEUE
        ]
        delivered = flush(outbox, client, lambda: T0)
        assert delivered.acknowledged == ["b1", "b2", "b3", "b4"] and outbox.pending() == []
    puts = [path for method, path, _, _ in server.script.seen if method == "PUT"]
    assert puts == ["/api/v1/bundles/b1"] * 3 + [
        "/api/v1/bundles/b2",
        "/api/v1/bundles/b3",
        "/api/v1/bundles/b4",
    ]
