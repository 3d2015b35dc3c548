"""The soak's fault injectors: on the wire in front of the real datacenter, in BMD, inside the agent.

* `FaultGate` is ASGI middleware around the real datacenter app. It plays the fake datacenter's
  fault catalogue (`emulators.datacenter.control.Faults`: scripted 5xx and 429 with Retry-After,
  offline spans, connection resets before or after the upload was taken in, slow answers, a wrong
  ``server_time``) plus a proxy's 502 after the backend committed. A reset aborts the client's TCP
  connection through uvicorn's connection table, so the agent sees what it would see on a real link.
  Every agent call becomes a `Call` in the harness' journal with the status the datacenter itself
  gave, whether the agent received it, and the fault that was played.
* `FaultyBmd` wraps the BMD emulator office the agent exports from: BMD's own faults (locked,
  crash — the emulator's control plane), empty exports (BMD writes only ``cursor.json``), poison
  (a broken booking line the datacenter must refuse), a NaN export duration, a file name that is
  not UTF-8, disk full while writing, and a kill in the middle of an export. Every export it hands
  out is journalled (bundle id, Mandant, cursor range, rows) — the harness' own record.
* `Tripwire` counts calls to the agent's outbox, its datacenter client and the export and, when
  armed, raises `Kill` (a `BaseException`: nothing in the worker may catch it, as nothing catches
  SIGKILL) before or after the n-th call, or a "database or disk is full" `StoreError` before an
  outbox write. `TrippedOutbox`/`TrippedClient` put it in the agent's path.
"""

from __future__ import annotations

import asyncio
import errno
import json
import logging
import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulators.datacenter.control import Faults

from syncsystem.agent.worker import bundle_id_for
from syncsystem.errors import RemoteError, StoreError
from syncsystem.messages import Message

KINDS: dict[str, str] = {
    "worker_kill": "worker killed at a random point (SIGKILL-equivalent)",
    "disk_full": "disk full (outbox write or BMD export)",
    "http_5xx": "5xx from the datacenter",
    "http_429": "429 with Retry-After",
    "reset_before_ingest": "connection reset before the upload was taken in",
    "reset_after_ingest": "connection reset after ingest (answer lost)",
    "gateway_5xx_after_ingest": "proxy 502 after the datacenter committed",
    "slow_link": "slow link (answer late, often past the timeout)",
    "offline": "datacenter unreachable for a span",
    "outage": "datacenter process stopped and restarted",
    "server_clock": "datacenter clock off (server_time)",
    "clock_jump": "agent host clock jumps",
    "bmd_locked": "BMD database locked",
    "bmd_crash": "BMD export crashes half way",
    "empty_export": "BMD exported nothing new (only cursor.json)",
    "poison_bundle": "bundle the datacenter refuses (broken row)",
    "nan_manifest": "export duration NaN in the manifest",
    "non_utf8_name": "file name in the export that is not UTF-8",
}
AGENT_PATHS = ("/api/v1/poll", "/api/v1/bundles/", "/api/v1/requests/")


class Kill(BaseException):
    """The worker process is killed here."""


@dataclass
class FaultCounts:
    """Faults armed and faults that actually fired, by kind (fired is what the table reports)."""

    armed: Counter[str] = field(default_factory=Counter)
    fired: Counter[str] = field(default_factory=Counter)

    def fire(self, kind: str) -> None:
        self.fired[kind] += 1


@dataclass(frozen=True, slots=True)
class Call:
    """One agent call as the harness saw it at the datacenter's door."""

    at: str
    method: str
    path: str
    bundle_id: str
    app_status: int | None  # what the datacenter answered (None: the app never saw the call)
    delivered: bool  # whether the agent received an answer at all
    fault: str = ""


class FaultGate:
    """ASGI middleware playing `Faults` (plus ``gateway_after``) in front of the datacenter app."""

    def __init__(
        self, app: Any, clock: Callable[[], datetime], counts: FaultCounts, server: Callable[[], Any]
    ) -> None:
        self.app, self.clock, self.counts, self.server = app, clock, counts, server
        self.faults = Faults()
        self.gateway_after = 0
        self.calls: list[Call] = []
        self.real_5xx: list[str] = []  # datacenter 5xx the gate did not inject: must stay empty
        _silence_aborted_requests()

    async def __call__(self, scope: Mapping[str, Any], receive: Any, send: Any) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith(AGENT_PATHS):
            await self._watched(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replay(body, receive)
        method, now = str(scope["method"]), self.clock().astimezone(UTC)
        bundle_id = path.rsplit("/", 1)[-1] if "/bundles/" in path else ""

        def log(status: int | None, delivered: bool, fault: str = "") -> None:
            self.calls.append(Call(now.isoformat(), method, path, bundle_id, status, delivered, fault))
            if fault:
                self.counts.fire(fault)

        faults = self.faults
        if faults.offline_until is not None and now < faults.offline_until.astimezone(UTC):
            await self._abort(scope, send)
            log(None, False)  # the harness counted the span when it set it
            return
        delay = faults.delay_for(path)
        if delay:
            faults.slow(0.0)  # one slow answer per armed fault
            await asyncio.sleep(delay)  # real seconds: the agent's timeout is real too
        failure = faults.take_failure(path)
        if failure is not None:
            status, retry_after = failure
            headers = [(b"content-type", b"application/json")]
            if retry_after is not None:
                headers.append((b"retry-after", str(int(retry_after)).encode()))
            await _answer(send, status, headers, json.dumps({"error": f"injected {status}"}).encode())
            log(None, True, "http_429" if status == 429 else "http_5xx")
            return
        if bundle_id and method == "PUT" and faults.upload_resets:
            after_ingest = faults.upload_resets.pop(0)
            status = (await self._captured(scope, replay))[0] if after_ingest else None
            await self._abort(scope, send)
            log(status, False, "reset_after_ingest" if after_ingest else "reset_before_ingest")
            return
        status, headers, answer = await self._captured(scope, replay)
        if bundle_id and method == "PUT" and self.gateway_after:
            self.gateway_after -= 1
            await _answer(send, 502, [(b"content-type", b"text/plain")], b"Bad Gateway")
            log(status, True, "gateway_5xx_after_ingest")
            return
        fault = ""  # a slow answer was counted when the harness set it
        if path.endswith("/poll") and status == 200 and faults.clock_offset:
            doc = json.loads(answer)
            shifted = datetime.fromisoformat(doc["server_time"]) + faults.clock_offset
            doc["server_time"] = shifted.isoformat()
            answer = json.dumps(doc).encode()
            headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            fault = fault or ""  # the offset is counted once, when the harness sets it
        if status >= 500:
            self.real_5xx.append(f"{method} {path}: {status} {answer[:200]!r}")
        await _answer(send, status, headers, answer)
        log(status, True, fault)

    async def _watched(self, scope: Mapping[str, Any], receive: Any, send: Any) -> None:
        """Advisor pages and API pass untouched; a 5xx among them is recorded."""

        async def watch(message: Mapping[str, Any]) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 500:
                self.real_5xx.append(f"{scope.get('method')} {scope.get('path')}: {message['status']}")
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # uvicorn would answer 500: that is what the advisor gets
            what = f"{scope.get('method')} {scope.get('path')}: 500 {type(exc).__name__}: {exc}"
            self.real_5xx.append(what[:400])
            await _answer(send, 500, [(b"content-type", b"text/plain")], b"Internal Server Error")

    async def _captured(self, scope: Mapping[str, Any], receive: Any) -> tuple[int, list[Any], bytes]:
        status, headers, chunks = 500, [], []

        async def capture(message: Mapping[str, Any]) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = int(message["status"]), list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, capture)
        except Exception as exc:  # the app crashed: uvicorn would have answered 500
            return 500, [(b"content-type", b"text/plain")], f"{type(exc).__name__}: {exc}".encode()[:400]
        return status, headers, b"".join(chunks)

    async def _abort(self, scope: Mapping[str, Any], send: Any) -> None:
        """Reset the client's connection (no HTTP answer), as a dropped link does."""
        server = self.server()
        client = tuple(scope.get("client") or ())
        for protocol in list(getattr(getattr(server, "server_state", None), "connections", ())):
            if getattr(protocol, "client", None) == client:
                protocol.transport.abort()
                break
        else:  # not in uvicorn's table (seldom): cut the answer short instead, the client sees a reset
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"4096"), (b"content-type", b"application/json")],
                }
            )
            raise _Reset(f"cut the answer to {client} short")
        await asyncio.sleep(0)  # let uvicorn see the connection gone before the app returns


class _Reset(Exception):  # noqa: N818 - what the client sees
    """Raised after a started answer: uvicorn then closes the connection mid-response."""


class _AbortedRequest(logging.Filter):
    """uvicorn logs a request whose connection the gate reset as an app error; it is the fault."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], _Reset):
            return False
        return "returned without starting response" not in record.getMessage()


def _silence_aborted_requests() -> None:
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _AbortedRequest) for f in logger.filters):
        logger.addFilter(_AbortedRequest())


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Any) -> Callable[[], Any]:
    sent = False

    async def replay() -> Mapping[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _answer(send: Any, status: int, headers: list[Any], body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class Tripwire:
    """Kills the worker (or fills its disk) at the n-th instrumented call once armed."""

    def __init__(self, counts: FaultCounts) -> None:
        self.counts = counts
        self.kill_in: int | None = None
        self.kill_after = False
        self.full_in: int | None = None

    def arm_kill(self, calls: int, *, after: bool) -> None:
        self.kill_in, self.kill_after = calls, after

    def arm_disk_full(self, writes: int) -> None:
        self.full_in = writes

    def disarm(self) -> None:
        self.kill_in = self.full_in = None

    def check(self, where: str, *, after: bool) -> None:
        if self.kill_in is None or after != self.kill_after:
            return
        self.kill_in -= 1
        if self.kill_in <= 0:
            self.kill_in = None
            self.counts.fire("worker_kill")
            raise Kill(f"{'after' if after else 'before'} {where}")

    def write(self, path: object) -> None:
        if self.full_in is None:
            return
        self.full_in -= 1
        if self.full_in <= 0:
            self.full_in = None
            self.counts.fire("disk_full")
            raise StoreError(f"{path}: database or disk is full")


_OUTBOX_WRITES = frozenset(
    {
        "add_job",
        "mark_picked_up",
        "count_attempt",
        "fail_job",
        "seal_job",
        "record_attempt",
        "acknowledge",
        "refuse",
        "set_meta",
    }
)


class TrippedOutbox:
    """The agent's real `Outbox` with the tripwire on every call (a proxy: the worker duck-types it)."""

    def __init__(self, outbox: Any, wire: Tripwire) -> None:
        self._outbox, self._wire = outbox, wire

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._outbox, name)
        if not callable(target) or name.startswith("_") or name == "close":
            return target

        def call(*args: Any, **kwargs: Any) -> Any:
            self._wire.check(f"outbox.{name}", after=False)
            if name in _OUTBOX_WRITES:
                self._wire.write(self._outbox.path)
            result = target(*args, **kwargs)
            self._wire.check(f"outbox.{name}", after=True)
            return result

        return call


class TrippedClient:
    """The agent's real HTTPS client with the tripwire before and after each call."""

    def __init__(self, client: Any, wire: Tripwire) -> None:
        self._client, self._wire = client, wire

    def _call(self, name: str, *args: Any) -> Any:
        self._wire.check(f"client.{name}", after=False)
        try:
            return getattr(self._client, name)(*args)
        except RemoteError:
            self._wire.check(f"client.{name} (failed)", after=True)
            raise

    def poll(self) -> Any:
        answer = self._call("poll")
        self._wire.check("client.poll", after=True)
        return answer

    def pickup(self, request_id: str) -> None:
        self._call("pickup", request_id)
        self._wire.check("client.pickup", after=True)

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        self._call("fail", request_id, reason, detail)
        self._wire.check("client.fail", after=True)

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: Mapping[str, Any] | None = None
    ) -> None:
        self._call("report_refused", bundle_id, reason, mandanten, detail)
        self._wire.check("client.report_refused", after=True)

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> Any:
        ack = self._call("upload", bundle_id, data, request_id)
        self._wire.check("client.upload (answer received, not yet recorded)", after=True)
        return ack

    def close(self) -> None:
        self._client.close()


@dataclass(frozen=True, slots=True)
class Exported:
    """One Mandant export BMD handed the agent: the harness' own record of what left BMD."""

    bundle_id: str
    mandant: str
    cursor_from: int | None
    cursor_to: int
    rows: int
    defect: bool = False  # poison, NaN or a non-UTF-8 name injected: refusing the bundle is right


class FaultyBmd:
    """The BMD emulator office as the agent's exporter sees it, with export-side faults."""

    POISON_LINE = "200001;4000;POISON-1;31.02.2026;;AR;1;abc;;;;Vergiftete Zeile;\r\n"

    def __init__(
        self, office: Any, agent_id: str, counts: FaultCounts, wire: Tripwire, enabled: frozenset[str]
    ) -> None:
        self.office, self.agent_id, self.counts, self.wire = office, agent_id, counts, wire
        self.enabled = enabled
        self.poison = self.nan = self.bad_name = self.disk_full = 0
        self.exports: list[Exported] = []

    def disarm(self) -> None:
        self.poison = self.nan = self.bad_name = self.disk_full = 0

    def export(self, out_dir: Path, **kwargs: Any) -> Any:
        self.wire.check("bmd.export", after=False)
        if self.disk_full:
            self.disk_full -= 1
            self.counts.fire("disk_full")
            raise OSError(errno.ENOSPC, "No space left on device", str(out_dir))
        result = self.office.export(out_dir, **kwargs)
        part = result.mandanten[0]
        out, rows, defects = Path(out_dir), part.rows, 0
        if rows == 0 and "empty_export" in self.enabled:
            for f in part.files:  # real BMD writes no file when nothing is new, only cursor.json
                (out / f.name).unlink(missing_ok=True)
            self.counts.fire("empty_export")
        if rows and self.poison:
            self.poison -= 1
            with (out / "buchungen.csv").open("a", encoding="cp1252", newline="") as fh:
                fh.write(self.POISON_LINE)
            self.counts.fire("poison_bundle")
            defects += 1
        if self.bad_name:
            self.bad_name -= 1
            source = out / "kostenstellen.csv"
            # Latin-1 bytes, as a Windows share may hand a name over; Python sees a lone surrogate
            target = out / b"kostenstellen_M\xe4rz.csv".decode("utf-8", "surrogateescape")
            target.write_bytes(source.read_bytes() if source.exists() else b"")
            self.counts.fire("non_utf8_name")
            defects += 1
        if self.nan:
            self.nan -= 1
            part = replace(part, duration_seconds=math.nan)
            result = replace(result, mandanten=(part,))
            self.counts.fire("nan_manifest")
            defects += 1
        bundle_id = bundle_id_for(self.agent_id, out.parent.name)  # the work folder is named after the job
        self.exports.append(
            Exported(bundle_id, part.mandant, part.cursor_from, part.cursor_to, rows, defects > 0)
        )
        self.wire.check("bmd.export", after=True)
        return result

    def status(self) -> list[str]:
        return list(self.office.status())
