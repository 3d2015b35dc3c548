"""Issue 11 §1 end to end: the real agent worker against the real datacenter app (SQLite and
PostgreSQL). An empty export moves the cursor; a bundle the datacenter refuses is set aside,
reported and shown to the advisor, and the next bundle goes on."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from syncsystem import bmd
from syncsystem.agent.config import AgentConfig, ExportSettings
from syncsystem.agent.exporter import Exporter, FolderExporter
from syncsystem.agent.worker import TickResult, Worker
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.protocol import messages as m
from syncsystem.protocol import reports
from syncsystem.protocol.retry import is_retryable_status
from syncsystem.protocol.values import error_codes, sendable

from .conftest import booking  # type: ignore[import-not-found]


class AppClient:
    """The agent's client interface over the in-process app (Starlette's TestClient), errors
    classified as `syncsystem.agent.client.DatacenterClient` classifies them."""

    def __init__(self, world: Any, token: str) -> None:
        # The agent speaks English: the datacenter's refusals come back in English words.
        self.client = world.client
        self.headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        answer = self.client.request(method, path, headers={**self.headers, **kw.pop("headers", {})}, **kw)
        if answer.status_code >= 400:
            raise RemoteError(
                f"{method} {path}: HTTP {answer.status_code}: {answer.json().get('error')}",
                retryable=is_retryable_status(answer.status_code),
                status=answer.status_code,
                detail=error_codes(answer.json()),
            )
        return answer.json()

    def poll(self) -> m.PollResponse:
        return m.PollResponse.from_json(self._call("GET", m.POLL_PATH))

    def pickup(self, request_id: str) -> None:
        self._call("POST", m.PICKUP_PATH.format(request_id=request_id))

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        self._call(
            "POST",
            m.FAIL_PATH.format(request_id=request_id),
            json=m.FailRequest(reason, sendable(detail)).to_json(),
        )

    def report_refused(self, bundle_id: str, reason: str, mandanten: Any, detail: Any = None) -> None:
        self._call(
            "POST",
            m.REFUSED_PATH.format(bundle_id=bundle_id),
            json=m.RefusedReport(reason, tuple(mandanten), detail).to_json(),
        )

    def report_progress(self, request_id: str, events: Any) -> None:
        body = reports.ProgressReport(tuple(events)).to_json()
        self._call("POST", m.PROGRESS_PATH.format(request_id=request_id), json=body)

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> m.UploadAck:
        extra = {m.SYNC_REQUEST_HEADER: request_id} if request_id else {}
        return m.UploadAck.from_json(
            self._call("PUT", m.BUNDLE_PATH.format(bundle_id=bundle_id), content=data, headers=extra)
        )

    def close(self) -> None:
        pass


def agent_worker(world: Any, tmp_path: Path, export: ExportSettings, exporter: Exporter) -> Worker:
    """The real worker of office A's agent for Mandant M100 (state in ``tmp_path/agent``), talking
    to the in-process app; it exports through ``exporter`` as ``export`` declares."""
    config = AgentConfig(
        profile="kanzlei",
        state_dir=tmp_path / "agent",
        agent_id=world.a.agent_id,
        office_id=world.a.office_id,
        datacenter_url="https://testserver",
        public_key_b64=base64.b64encode(world.public_key).decode(),
        mandanten=("M100",),
        export=export,
    )
    return Worker(
        config,
        clock=world.clock,
        exporter=exporter,
        client_factory=lambda: AppClient(world, world.a.agent_token),
        durable=False,
    )


def _worker(world: Any, tmp_path: Path) -> Worker:
    export = ExportSettings(kind="folder", folder=str(tmp_path / "bmd"))
    return agent_worker(world, tmp_path, export, FolderExporter(tmp_path / "bmd"))


def _bmd_writes(tmp_path: Path, cursor: int, files: dict[str, bytes]) -> None:
    """What BMD's scheduled export leaves in ``bmd/M100``: these files and ``cursor.json``."""
    folder = tmp_path / "bmd" / "M100"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "cursor.json").write_text(json.dumps({"cursor_to": cursor}), encoding="utf-8")


def _request_and_tick(world: Any, worker: Worker) -> TickResult:
    world.know(world.a, "M100")
    answer = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=world.a.advisor
    )
    assert answer.status_code == 201, answer.text
    for _ in range(4):  # tick at each wake-up until the agent has polled (at most 30 minutes)
        result = worker.tick()
        if result.polled:
            return result
        world.clock.advance(max(result.wake_at - world.clock.now(), timedelta(seconds=1)))
    raise AssertionError("the agent did not poll")


def _mandant(world: Any) -> dict[str, Any]:
    rows = world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).json()["mandanten"]
    return {r["mandant"]: r for r in rows}["M100"]


def test_empty_export_moves_the_cursor_end_to_end(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """BMD exported nothing new (only cursor.json): the bundle is ingested, both cursors move."""
    worker = _worker(world, tmp_path)
    try:
        _bmd_writes(tmp_path, 10, {"buchungen.csv": bmd.dumps([booking(1)], bmd.Kind.BOOKINGS)})
        first = _request_and_tick(world, worker)
        assert len(first.flushed.acknowledged) == 1, first
        _bmd_writes(tmp_path, 12, {})
        second = _request_and_tick(world, worker)
        assert second.flushed.retry_error is None and second.flushed.refused == []
        assert len(second.flushed.acknowledged) == 1
        assert worker.outbox.acked_cursors() == {"M100": 12}
        assert _mandant(world)["cursor"] == 12 and world.count("bookings") == 1
    finally:
        worker.close()


def test_refused_bundle_is_set_aside_reported_and_the_next_goes_on(world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A bundle with a broken BMD file is refused (422): set aside, shown to the advisor in German
    from the refusal's codes (the agent speaks English); the next export of the same range goes
    through."""
    worker = _worker(world, tmp_path)
    try:
        broken = bmd.dumps([booking(1)], bmd.Kind.BOOKINGS).replace(b"120,00", b"12x,00")
        _bmd_writes(tmp_path, 10, {"buchungen.csv": broken})
        first = _request_and_tick(world, worker)
        assert len(first.flushed.refused) == 1 and first.flushed.fatal_error is None
        aside = worker.outbox.set_aside()
        assert [(a.mandanten, a.reported) for a in aside] == [(("M100",), True)]
        # The agent's words are English; the advisor reads the refusal's codes in German (de.po).
        assert aside[0].reason.endswith(
            "HTTP 422: invalid BMD data: M100/buchungen.csv:2:betrag: not a number: '12x,00'"
        )
        assert _mandant(world)["last_error"] == (
            f"Bündel {aside[0].bundle_id} vom Agenten zurückgestellt: ungültige BMD-Daten:"
            " M100/buchungen.csv:2:betrag: keine Zahl: '12x,00'"
        )
        world.client.post("/login", data={"token": world.a.advisor_token})
        page = world.client.get("/")
        assert page.status_code == 200 and "vom Agenten zurückgestellt" in page.text

        _bmd_writes(tmp_path, 10, {"buchungen.csv": bmd.dumps([booking(1)], bmd.Kind.BOOKINGS)})
        second = _request_and_tick(world, worker)
        assert len(second.flushed.acknowledged) == 1, second.flushed
        assert _mandant(world)["cursor"] == 10 and _mandant(world)["last_error"] is None
        assert world.count("bookings") == 1
    finally:
        worker.close()
