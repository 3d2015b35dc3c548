"""Tenant isolation: for every endpoint, another office's credentials see and change nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def office_a_state(world):  # type: ignore[no-untyped-def]
    """Office A with a waiting request, an ingested bundle and a Mandant."""
    world.know(world.a, "M100")
    r = world.client.post("/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=world.a.advisor)
    request_id = r.json()["request_id"]
    ok = world.client.put("/api/v1/bundles/b-a", content=world.bundle(world.a, "b-a"), headers=world.a.agent)
    assert ok.status_code == 200
    return request_id


def _snapshot(world) -> tuple:  # type: ignore[no-untyped-def]
    with world.store.read() as conn:
        rows = conn.exec_driver_sql("SELECT id, state, agent_id, reason FROM sync_requests ORDER BY id").all()
    return (tuple(map(tuple, rows)), world.data_counts())


def test_every_endpoint_refuses_the_other_office(world, office_a_state) -> None:  # type: ignore[no-untyped-def]
    """Office B's agent and advisor get 404/401 on A's records and their answers never name them."""
    request_id = office_a_state
    before = _snapshot(world)
    b_agent, b_advisor = world.b.agent, world.b.advisor
    calls = [
        ("post", f"/api/v1/requests/{request_id}/pickup", b_agent, {}),
        ("post", f"/api/v1/requests/{request_id}/fail", b_agent, {"json": {"reason": "x"}}),
        (
            "put",
            "/api/v1/bundles/b-x",
            {**b_agent, "X-Sync-Request": request_id},
            {"content": world.bundle(world.b, "b-x")},
        ),
        ("get", f"/api/v1/advisor/requests/{request_id}", b_advisor, {}),
        ("post", f"/api/v1/advisor/agents/{world.a.agent_id}/revoke", b_advisor, {}),
    ]
    for method, url, headers, kw in calls:
        r = getattr(world.client, method)(url, headers=headers, **kw)
        assert r.status_code in (403, 404), (url, r.status_code, r.text)
        assert "kanzlei-a" not in r.text and "M100" not in r.text
    # Endpoints without ids answer only with B's own data.
    assert world.client.get("/api/v1/poll", headers=b_agent).json()["requests"] == []
    assert world.client.get("/api/v1/advisor/mandanten", headers=b_advisor).json() == {"mandanten": []}
    # B re-using A's bundle id is a separate bundle of B's, not a duplicate of A's.
    r = world.client.put("/api/v1/bundles/b-a", content=world.bundle(world.b, "b-a"), headers=b_agent)
    assert r.json()["status"] == "ingested"
    assert world.count("bookings", world.a) == 3 and world.count("bookings", world.b) == 3
    after_requests, _ = _snapshot(world)
    assert after_requests == before[0]


def test_agent_cannot_upload_for_another_agent(world) -> None:  # type: ignore[no-untyped-def]
    """A bundle whose manifest names another agent is refused."""
    data = world.bundle(world.a, "b-1")
    r = world.client.put("/api/v1/bundles/b-1", content=data, headers=world.b.agent)
    assert r.status_code == 422 and "manifest names agent" in r.json()["error"]
    assert world.data_counts()["bundles"] == 0


def test_page_shows_only_own_office(world, office_a_state) -> None:  # type: ignore[no-untyped-def]
    """The advisor page of office B lists none of office A's Mandanten or requests."""
    world.client.post("/login", data={"token": world.b.advisor_token})
    page = world.client.get("/")
    assert page.status_code == 200 and "kanzlei-b" in page.text
    assert "M100" not in page.text and office_a_state not in page.text
