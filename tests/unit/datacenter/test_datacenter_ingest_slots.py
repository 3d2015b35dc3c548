"""Ingests per server process are bounded (`context.IngestSlots`), and a poll is answered while every
slot is taken — an upload never makes an agent's poll wait for it (issue 15 §3, "nothing blocks").

The ingest itself is replaced by a stand-in that holds its slot until the test lets it go, so what
is counted is how many ran at once, not how fast anything is.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import httpx
import pytest

from syncsystem.datacenter import api, context
from syncsystem.datacenter.context import DEFAULT_INGESTS, ENV_INGESTS, ingests_from_env
from syncsystem.errors import ConfigError
from syncsystem.protocol.messages import UploadAck


@pytest.mark.parametrize(("raw", "slots"), [(None, 2), ("", 2), ("1", 1), ("8", 8), ("64", 64)])
def test_ingests_from_env(raw: str | None, slots: int) -> None:
    assert ingests_from_env({} if raw is None else {ENV_INGESTS: raw}) == slots


@pytest.mark.parametrize("raw", ["0", "65", "-1", "zwei", "1.5"])
def test_ingests_from_env_refuses(raw: str) -> None:
    with pytest.raises(ConfigError, match=ENV_INGESTS):
        ingests_from_env({ENV_INGESTS: raw})


class _HeldIngest:
    """Stands in for `ingest_bundle`: in the gate it is handed (where the real one opens, parses and
    prepares), counts the uploads inside at once and holds each until released."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = self.most = self.started = 0
        self.release = threading.Event()

    def __call__(self, store: Any, agent: Any, bundle_id: str, *_: Any, gate: Any, **__: Any) -> UploadAck:
        with gate:
            with self.lock:
                self.running += 1
                self.started += 1
                self.most = max(self.most, self.running)
            try:
                assert self.release.wait(30), "the test never released the ingests"
            finally:
                with self.lock:
                    self.running -= 1
        return UploadAck(bundle_id, "ingested", {})


async def _wave(app: Any, headers: dict[str, str], uploads: int, held: _HeldIngest) -> tuple[int, list[int]]:
    """``uploads`` concurrent uploads; once the slots are full, one poll: its status, then the uploads'."""
    transport = httpx.ASGITransport(app=app)
    base = "https://testserver"
    async with httpx.AsyncClient(transport=transport, base_url=base, headers=headers) as client:
        put = [client.put(f"/api/v1/bundles/b-{i}", content=b"x" * 100) for i in range(uploads)]
        sent = [asyncio.create_task(p) for p in put]
        for _ in range(500):  # until the slots are taken (a few event-loop turns)
            if held.started >= DEFAULT_INGESTS:
                break
            await asyncio.sleep(0.01)
        # every slot holds an ingest and more uploads wait for one: the poll is answered all the same
        poll = await asyncio.wait_for(client.get("/api/v1/poll"), timeout=20)
        held.release.set()
        answers = await asyncio.gather(*sent)
    return poll.status_code, [a.status_code for a in answers]


def test_uploads_take_turns_and_a_poll_does_not_wait(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    held = _HeldIngest()
    monkeypatch.setattr(api, "ingest_bundle", held)
    poll, uploads = asyncio.run(_wave(world.app, world.a.agent, 6, held))
    assert poll == 200
    assert uploads == [200] * 6
    assert held.started == 6
    assert held.most == DEFAULT_INGESTS  # 2 at once, never 6


class _LargeHeld:
    """Stands in for `ingest_bundle`: large uploads (ids ``L-…``) hold until released, small ones
    (``S-…``) return at once; counts the large ones inside at once and the small ones done."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.large_running = self.large_most = self.large_started = self.small_done = 0
        self.release = threading.Event()

    def __call__(self, store: Any, agent: Any, bundle_id: str, *_: Any, gate: Any, **__: Any) -> UploadAck:
        with gate:
            if bundle_id.startswith("S-"):
                with self.lock:
                    self.small_done += 1
                return UploadAck(bundle_id, "ingested", {})
            with self.lock:
                self.large_running += 1
                self.large_started += 1
                self.large_most = max(self.large_most, self.large_running)
            try:
                assert self.release.wait(30), "the test never released the large ingests"
            finally:
                with self.lock:
                    self.large_running -= 1
        return UploadAck(bundle_id, "ingested", {})


async def _large_then_small(app: Any, headers: dict[str, str], held: _LargeHeld) -> tuple[int, list[int]]:
    """Five large uploads, held; then three small ones, which must finish while the large still hold."""
    transport, base = httpx.ASGITransport(app=app), "https://testserver"
    async with httpx.AsyncClient(transport=transport, base_url=base, headers=headers) as client:
        put = [client.put(f"/api/v1/bundles/L-{i}", content=b"x" * 2000) for i in range(5)]
        large = [asyncio.create_task(p) for p in put]
        for _ in range(500):
            if held.large_started:
                break
            await asyncio.sleep(0.01)
        small = [client.put(f"/api/v1/bundles/S-{i}", content=b"x" * 100) for i in range(3)]
        answers = await asyncio.wait_for(asyncio.gather(*small), timeout=20)  # not behind the large ones
        small_done, large_started = held.small_done, held.large_started
        held.release.set()
        await asyncio.gather(*large)
    return small_done + 10 * large_started, [a.status_code for a in answers]


def test_large_uploads_take_a_lane_of_their_own(world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With five large uploads in flight (more than the four tokens), three small ones are ingested
    before any large one is let go; the large lane validates one at a time."""
    held = _LargeHeld()
    monkeypatch.setattr(api, "ingest_bundle", held)
    monkeypatch.setattr(context, "LARGE_UPLOAD", 1000)
    counted, small = asyncio.run(_large_then_small(world.app, world.a.agent, held))
    assert small == [200] * 3
    assert counted == 3 + 10 * 1  # all three small ones done while exactly one large one was inside
    assert held.large_started == 5 and held.large_most == 1
