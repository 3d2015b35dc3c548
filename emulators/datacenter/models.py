"""The fake datacenter's state and behaviour: requests, bundles, cursors and a request journal.

`FakeDatacenter.handle(method, path, headers, body)` is the single entry every face uses — the
Starlette server (`server.py`), the in-process client (`InProcessClient`) and ``responses``
callbacks in unit tests — so all three behave alike. Bundles are really opened with the
datacenter's private key (`syncsystem.protocol.open_bundle`), deduplicated by id and content digest,
and their cursors recorded; requests go waiting → picked_up → done/failed.

Differences from the real datacenter (`syncsystem.datacenter`): nothing is persisted (state lives in
memory); bundle contents are not validated as BMD files nor ingested into a store — only the
manifest, digest and cursors are kept; enrolment accepts any code listed in ``enrol_codes``; one
office only; no advisor pages, no rate limiting beyond scripted faults.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from emulators.datacenter.control import Faults
from emulators.datacenter.errors import ConnectionDropped
from syncsystem.protocol.bundle import BundleRefusedError, generate_keypair, open_bundle
from syncsystem.protocol.messages import (
    SYNC_REQUEST_HEADER,
    EnrolResponse,
    Mode,
    PollResponse,
    SyncRequestMessage,
    UploadAck,
    UploadStatus,
)

__all__ = ["Answer", "Arrival", "FakeDatacenter", "JournalEntry", "SyncRequest"]


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, status: int, payload: object, headers: Mapping[str, str] | None = None) -> Answer:
        hdrs = {"Content-Type": "application/json", **(headers or {})}
        return cls(status, json.dumps(payload).encode(), hdrs)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One call as the datacenter saw it (dropped connections included)."""

    at: datetime
    method: str
    path: str
    status: int  # 0: connection dropped
    bundle_id: str = ""


@dataclass(frozen=True, slots=True)
class Arrival:
    """A bundle taken in for the first time."""

    at: datetime
    bundle_id: str
    request_id: str | None
    mandanten: tuple[str, ...]
    rows: int
    size: int
    cursor_from: Mapping[str, int | None] = field(default_factory=dict)
    cursor_to: Mapping[str, int] = field(default_factory=dict)


@dataclass
class SyncRequest:
    request_id: str
    mandanten: tuple[str, ...]
    mode: Mode = "incremental"
    state: str = "waiting"
    reason: str = ""
    detail: dict[str, Any] | None = None  # the reason as codes, from agents that send them


class FakeDatacenter:
    """A scriptable stand-in for the datacenter API (see module docstring for its limits)."""

    def __init__(
        self,
        *,
        now: Callable[[], datetime],
        seed: int = 0,
        token: str = "token-1",
        agent_id: str = "agent-1",
        enrol_codes: tuple[str, ...] = ("ENROL-1",),
    ) -> None:
        self.now, self.rng = now, random.Random(seed)
        self.private_key, self.public_key = generate_keypair()
        self.token, self.agent_id, self.enrol_codes = token, agent_id, set(enrol_codes)
        self.faults = Faults()
        self.requests: dict[str, SyncRequest] = {}
        self.bundles: dict[str, str] = {}  # bundle id -> content digest
        self.arrivals: list[Arrival] = []
        self.cursors: dict[str, int] = {}
        self.set_aside: dict[str, dict[str, Any]] = {}  # bundle id -> the agent's report
        self.progress: dict[str, list[dict[str, Any]]] = {}  # request id -> the agent's steps
        self.doctor: dict[str, Any] | None = None  # the agent's last doctor report
        self.journal: list[JournalEntry] = []
        self.on_delay: Callable[[float], None] = lambda seconds: None

    # --- scripting ------------------------------------------------------------------------
    def add_request(self, mandanten: tuple[str, ...], mode: Mode = "incremental") -> str:
        request_id = f"req-{len(self.requests) + 1:04d}"
        self.requests[request_id] = SyncRequest(request_id, tuple(mandanten), mode)
        return request_id

    def polls(self) -> list[JournalEntry]:
        return [e for e in self.journal if e.path.endswith("/poll")]

    # --- the one entry point ----------------------------------------------------------------
    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """Answer one HTTP call; raises `ConnectionDropped` when the fault plan drops it."""
        # UTC: arithmetic and comparisons on the local zone go by wall time and lose ``fold`` on
        # the night the clocks go back (02:14 second time + 0 s would become 02:14 first time).
        now = self.now().astimezone(UTC)
        bundle_id = path.rsplit("/", 1)[-1] if "/bundles/" in path else ""
        if self.faults.offline_until is not None and now < self.faults.offline_until.astimezone(UTC):
            self.journal.append(JournalEntry(now, method, path, 0, bundle_id))
            raise ConnectionDropped("datacenter offline")
        if self.faults.delay_for(path):
            self.on_delay(self.faults.delay_for(path))
        failure = self.faults.take_failure(path)
        if failure is not None:
            status, retry_after = failure
            hdrs = {"Retry-After": str(int(retry_after))} if retry_after is not None else {}
            answer = Answer.of(status, {"error": f"scripted fault {status}"}, hdrs)
        else:
            answer = self._route(method, path, {k.lower(): v for k, v in headers.items()}, body, now)
        if bundle_id and self.faults.upload_resets and method == "PUT":
            after_ingest = self.faults.upload_resets.pop(0)
            if not after_ingest and answer.status == 200:
                self._forget(bundle_id)
            self.journal.append(JournalEntry(now, method, path, 0, bundle_id))
            raise ConnectionDropped("connection reset mid-upload")
        self.journal.append(JournalEntry(now, method, path, answer.status, bundle_id))
        return answer

    def _forget(self, bundle_id: str) -> None:
        self.bundles.pop(bundle_id, None)
        self.arrivals = [a for a in self.arrivals if a.bundle_id != bundle_id]

    def _route(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes, now: datetime
    ) -> Answer:
        parts = path.strip("/").split("/")
        if parts[:2] != ["api", "v1"]:
            return Answer.of(404, {"error": f"no such path {path}"})
        parts = parts[2:]
        if parts == ["enrol"] and method == "POST":
            return self._enrol(body)
        if headers.get("authorization") != f"Bearer {self.token}":
            return Answer.of(401, {"error": "invalid or missing token"})
        if parts == ["poll"] and method == "GET":
            waiting = [r for r in self.requests.values() if r.state == "waiting"]
            answer = PollResponse(
                server_time=now + self.faults.clock_offset,
                next_poll_seconds=1800,
                requests=tuple(
                    SyncRequestMessage(
                        r.request_id, r.mandanten, r.mode, {m: self.cursors.get(m) for m in r.mandanten}
                    )
                    for r in waiting
                ),
            )
            return Answer.of(200, answer.to_json())
        if len(parts) == 3 and parts[0] == "requests" and method == "POST":
            request = self.requests.get(parts[1])
            if request is None:
                return Answer.of(404, {"error": f"unknown request {parts[1]}"})
            if parts[2] == "pickup":
                request.state = "picked_up" if request.state == "waiting" else request.state
                return Answer.of(200, {"request_id": request.request_id, "state": request.state})
            if parts[2] == "fail":
                said = json.loads(body or b"{}")
                request.state, request.reason = "failed", said.get("reason", "")
                request.detail = said.get("detail")
                return Answer.of(200, {"request_id": request.request_id, "state": request.state})
            if parts[2] == "progress":
                steps = json.loads(body or b"{}").get("events", [])
                self.progress.setdefault(request.request_id, []).extend(steps)
                return Answer.of(200, {"request_id": request.request_id, "recorded": len(steps)})
        if parts == ["agent", "doctor"] and method == "POST":
            self.doctor = json.loads(body or b"{}")
            return Answer.of(200, {"agent_id": self.agent_id, "checks": len(self.doctor.get("checks", []))})
        if len(parts) == 3 and parts[0] == "bundles" and parts[2] == "refused" and method == "POST":
            self.set_aside[parts[1]] = json.loads(body or b"{}")
            return Answer.of(200, {"bundle_id": parts[1], "state": "set_aside"})
        if len(parts) == 2 and parts[0] == "bundles" and method == "PUT":
            return self._upload(parts[1], headers.get(SYNC_REQUEST_HEADER.lower()), body, now)
        return Answer.of(404, {"error": f"no such path {method} {path}"})

    def _enrol(self, body: bytes) -> Answer:
        data: dict[str, Any] = json.loads(body or b"{}")
        if data.get("code") not in self.enrol_codes:
            return Answer.of(403, {"error": "unknown or used enrolment code"})
        self.enrol_codes.discard(data["code"])
        return Answer.of(200, EnrolResponse(self.agent_id, self.token, "office-1", self.public_key).to_json())

    def _upload(self, bundle_id: str, request_id: str | None, body: bytes, now: datetime) -> Answer:
        try:
            opened = open_bundle(body, self.private_key)
        except BundleRefusedError as exc:
            return Answer.of(422, {"error": f"{exc.code}: {exc}"})
        if opened.manifest.bundle_id != bundle_id:
            return Answer.of(422, {"error": "bundle id in the path differs from the manifest"})
        known = self.bundles.get(bundle_id)
        if known is not None and known != opened.digest:
            return Answer.of(409, {"error": f"bundle {bundle_id} exists with other content"})
        status: UploadStatus = "duplicate" if known is not None else "ingested"
        if known is None:
            self.bundles[bundle_id] = opened.digest
            for entry in opened.manifest.mandanten:
                self.cursors[entry.mandant] = max(self.cursors.get(entry.mandant, 0), entry.cursor_to)
            self.arrivals.append(
                Arrival(
                    now,
                    bundle_id,
                    request_id,
                    tuple(m.mandant for m in opened.manifest.mandanten),
                    sum(f.rows for m in opened.manifest.mandanten for f in m.files),
                    len(body),
                    {m.mandant: m.cursor_from for m in opened.manifest.mandanten},
                    {m.mandant: m.cursor_to for m in opened.manifest.mandanten},
                )
            )
        if request_id and request_id in self.requests:
            self.requests[request_id].state = "done"
        cursors = {m.mandant: self.cursors[m.mandant] for m in opened.manifest.mandanten}
        ack = UploadAck(bundle_id, status, cursors)
        return Answer.of(200, ack.to_json())
