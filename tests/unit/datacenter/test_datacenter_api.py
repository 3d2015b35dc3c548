"""Agent API: enrolment, poll, request lifecycle, token rotation and revocation."""

from __future__ import annotations

from datetime import timedelta

from syncsystem.datacenter.store import tenancy


def _request(world, office, mandanten=("M100",), mode="incremental") -> str:  # type: ignore[no-untyped-def]
    world.know(office, *mandanten)
    r = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": list(mandanten), "mode": mode}, headers=office.advisor
    )
    assert r.status_code == 201, r.text
    return str(r.json()["request_id"])


def test_enrolment_code_works_once(world) -> None:  # type: ignore[no-untyped-def]
    """An enrolment code gives exactly one agent a token; reuse and garbage are 401."""
    with world.store.write() as conn:
        code = tenancy.create_enrolment_code(conn, "kanzlei-a", world.clock.now())
    first = world.client.post("/api/v1/enrol", json={"code": code.lower(), "name": "x"})
    assert first.status_code == 200 and first.json()["office_id"] == "kanzlei-a"
    assert len(__import__("base64").b64decode(first.json()["public_key"])) == 32
    again = world.client.post("/api/v1/enrol", json={"code": code, "name": "y"})
    assert again.status_code == 401 and "already used" in again.json()["error"]
    assert world.client.post("/api/v1/enrol", json={"code": "NOPE", "name": "z"}).status_code == 401
    assert world.client.post("/api/v1/enrol", content=b"{not json").status_code == 400


def test_enrolment_code_expires(world) -> None:  # type: ignore[no-untyped-def]
    """A code older than its validity is refused."""
    with world.store.write() as conn:
        code = tenancy.create_enrolment_code(conn, "kanzlei-a", world.clock.now(), timedelta(hours=1))
    world.clock.advance(timedelta(hours=2))
    r = world.client.post("/api/v1/enrol", json={"code": code, "name": "x"})
    assert r.status_code == 401 and "expired" in r.json()["error"]


def test_poll_reports_time_interval_and_waiting_requests(world) -> None:  # type: ignore[no-untyped-def]
    """The poll returns server time (UTC), the interval, and waiting requests with cursors."""
    r = world.client.get("/api/v1/poll", headers=world.a.agent)
    assert r.json() == {"server_time": "2026-03-02T07:00:00Z", "next_poll_seconds": 1800, "requests": []}
    request_id = _request(world, world.a, ("M100", "M200"), "full")
    body = world.client.get("/api/v1/poll", headers=world.a.agent).json()
    assert body["requests"] == [
        {
            "request_id": request_id,
            "mandanten": ["M100", "M200"],
            "mode": "full",
            "cursors": {"M100": None, "M200": None},
        }
    ]
    assert world.client.get("/api/v1/poll").status_code == 401
    assert world.client.get("/api/v1/poll", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_request_lifecycle_to_ingested(world) -> None:  # type: ignore[no-untyped-def]
    """waiting → picked_up → ingested; cursors move and later polls show them."""
    request_id = _request(world, world.a)
    assert (
        world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent).json()["state"]
        == "picked_up"
    )
    assert (
        world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent).status_code == 200
    )
    assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["requests"] == []
    world.clock.advance(timedelta(minutes=3))
    r = world.client.put(
        "/api/v1/bundles/b-1",
        content=world.bundle(world.a, "b-1", cursor_to=77),
        headers={**world.a.agent, "X-Sync-Request": request_id},
    )
    assert r.json()["status"] == "ingested"
    state = world.client.get(f"/api/v1/advisor/requests/{request_id}", headers=world.a.advisor).json()
    assert state["state"] == "ingested" and state["bundle_id"] == "b-1"
    _request(world, world.a)
    assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["requests"][0]["cursors"] == {
        "M100": 77
    }
    mandanten = world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).json()["mandanten"]
    assert mandanten[0]["rows_fetched"] == 7 and mandanten[0]["duration_seconds"] == 1.5
    assert mandanten[0]["last_updated"].startswith("2026-03-02T07:03")


def test_request_fail_with_reason(world) -> None:  # type: ignore[no-untyped-def]
    """An agent can fail a request with a reason; a finished request cannot be picked up again."""
    request_id = _request(world, world.a)
    r = world.client.post(
        f"/api/v1/requests/{request_id}/fail", json={"reason": "BMD gesperrt"}, headers=world.a.agent
    )
    assert r.status_code == 200
    state = world.client.get(f"/api/v1/advisor/requests/{request_id}", headers=world.a.advisor).json()
    assert (state["state"], state["reason"]) == ("failed", "BMD gesperrt")
    assert (
        world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent).status_code == 409
    )
    assert (
        world.client.post(
            f"/api/v1/requests/{request_id}/fail", json={"reason": ""}, headers=world.a.agent
        ).status_code
        == 400
    )


def test_token_rotation_without_downtime_and_revocation(world) -> None:  # type: ignore[no-untyped-def]
    """After rotation old and new token both work until the grace ends; revocation stops both."""
    r = world.client.post("/api/v1/token/rotate", headers=world.a.agent)
    new = {"Authorization": f"Bearer {r.json()['token']}"}
    assert world.client.get("/api/v1/poll", headers=world.a.agent).status_code == 200
    assert world.client.get("/api/v1/poll", headers=new).status_code == 200
    world.clock.advance(timedelta(hours=25))
    assert world.client.get("/api/v1/poll", headers=world.a.agent).status_code == 401
    assert world.client.get("/api/v1/poll", headers=new).status_code == 200
    assert (
        world.client.post(
            f"/api/v1/advisor/agents/{world.a.agent_id}/revoke", headers=world.b.advisor
        ).status_code
        == 404
    )
    assert (
        world.client.post(
            f"/api/v1/advisor/agents/{world.a.agent_id}/revoke", headers=world.a.advisor
        ).status_code
        == 200
    )
    assert world.client.get("/api/v1/poll", headers=new).status_code == 401


def test_advisor_token_is_not_an_agent_token(world) -> None:  # type: ignore[no-untyped-def]
    """Advisor and agent credentials are not interchangeable."""
    assert world.client.get("/api/v1/poll", headers=world.a.advisor).status_code == 401
    assert world.client.get("/api/v1/advisor/mandanten", headers=world.a.agent).status_code == 401
