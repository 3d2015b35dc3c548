"""Liveness: requests picked up and never finished time out; the page shows when each agent last polled."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from syncsystem.datacenter.store.scoped import PICKUP_TIMEOUT

NO_ANSWER = "Agent hat nicht geantwortet (kein Upload innerhalb von 2 h nach Abholung)"


def _picked_up_request(world) -> str:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")
    r = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["M100"], "mode": "full"}, headers=world.a.advisor
    )
    request_id = str(r.json()["request_id"])
    picked = world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
    assert picked.status_code == 200
    return request_id


def _state(world, request_id: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return dict(world.client.get(f"/api/v1/advisor/requests/{request_id}", headers=world.a.advisor).json())


def test_picked_up_request_fails_after_the_timeout(world) -> None:  # type: ignore[no-untyped-def]
    """A request picked up and not uploaded for 2 h ends failed with "Agent hat nicht geantwortet"."""
    request_id = _picked_up_request(world)
    world.clock.advance(PICKUP_TIMEOUT - timedelta(minutes=1))
    assert _state(world, request_id)["state"] == "picked_up"
    world.clock.advance(timedelta(minutes=2))
    state = _state(world, request_id)
    assert state["state"] == "failed" and state["reason"] == NO_ANSWER
    world.client.post("/login", data={"token": world.a.advisor_token})
    assert NO_ANSWER in world.client.get("/").text
    # A timed-out request is not offered again (no endless pickup loop).
    assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["requests"] == []


def test_timeout_only_touches_the_own_office(world) -> None:  # type: ignore[no-untyped-def]
    """Office B's view expires nothing of office A."""
    request_id = _picked_up_request(world)
    world.clock.advance(PICKUP_TIMEOUT + timedelta(minutes=1))
    world.client.post("/login", data={"token": world.b.advisor_token})
    world.client.get("/")
    with world.store.read() as conn:
        query = text("SELECT state FROM sync_requests WHERE id = :i")
        state = conn.execute(query, {"i": request_id}).scalar()
    assert state == "picked_up"


@pytest.mark.parametrize("older", [False, True], ids=["with-detail", "words-only"])
def test_late_bundle_after_timeout_is_still_ingested(world, older: bool) -> None:  # type: ignore[no-untyped-def]
    """A bundle arriving after the timeout is stored, and its request ends ingested — no data lost;
    also for a request timed out by an older version (its words stored, no detail)."""
    request_id = _picked_up_request(world)
    world.clock.advance(PICKUP_TIMEOUT + timedelta(minutes=5))
    assert _state(world, request_id)["state"] == "failed"
    at = {"i": request_id}
    with world.store.write() as conn:
        detail = conn.execute(text("SELECT reason_detail FROM sync_requests WHERE id = :i"), at).scalar()
        assert '"code": "datacenter.request.no_answer"' in detail
        if older:
            conn.execute(text("UPDATE sync_requests SET reason_detail = NULL WHERE id = :i"), at)
    r = world.client.put(
        "/api/v1/bundles/late-1",
        content=world.bundle(world.a, "late-1"),
        headers={**world.a.agent, "X-Sync-Request": request_id},
    )
    assert r.status_code == 200 and r.json()["status"] == "ingested"
    state = _state(world, request_id)
    assert state["state"] == "ingested" and state["bundle_id"] == "late-1" and state["reason"] is None
    assert world.data_counts()["bookings"] == 3


def test_page_shows_agent_last_seen_and_warns_after_two_intervals(world) -> None:  # type: ignore[no-untyped-def]
    """The page shows the poll time of each agent and warns once two poll intervals passed without one."""
    world.client.post("/login", data={"token": world.a.advisor_token})
    page = world.client.get("/").text
    assert 'zuletzt gesehen: <span class="gesehen">noch nie' in page and "Achtung" in page
    assert world.client.get("/api/v1/poll", headers=world.a.agent).status_code == 200
    page = world.client.get("/").text
    seen = re.search(r'class="gesehen">([^<]+)<', page)
    assert seen is not None and seen.group(1) == world.clock.now().strftime("%d.%m.%Y %H:%M")
    assert "Achtung" not in page
    world.clock.advance(timedelta(seconds=2 * 1800 + 60))  # TEST_SETTINGS polls every 1800 s
    assert "Achtung" in world.client.get("/").text
    world.clock.advance(timedelta(minutes=2))  # past the write throttle: the next poll is recorded
    world.client.get("/api/v1/poll", headers=world.a.agent)
    assert "Achtung" not in world.client.get("/").text
