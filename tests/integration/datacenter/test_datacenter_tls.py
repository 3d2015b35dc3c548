"""Over real sockets with TLS: the agent protocol end to end, isolation, and concurrent idempotency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from syncsystem.protocol import messages as m


def client(live, headers=None) -> httpx.Client:  # type: ignore[no-untyped-def]
    return httpx.Client(base_url=live.url, verify=live.ssl_context, headers=headers or {}, timeout=30)


def test_plain_http_is_not_served_and_unknown_ca_is_refused(live) -> None:  # type: ignore[no-untyped-def]
    """The server only speaks TLS, with the certificate its CA issued."""
    with pytest.raises(httpx.HTTPError):
        httpx.get(live.url.replace("https", "http") + "/healthz", timeout=5)
    with pytest.raises(httpx.ConnectError):
        httpx.get(live.url + "/healthz", timeout=5)  # system CAs do not know trustme's CA


def test_protocol_round_trip_over_tls(world, live) -> None:  # type: ignore[no-untyped-def]
    """Advisor requests, agent polls, picks up, uploads; the advisor sees it ingested."""
    world.know(world.a, "M100")
    with client(live, world.a.advisor) as advisor, client(live, world.a.agent) as agent:
        request_id = advisor.post(
            "/api/v1/advisor/requests", json={"mandanten": ["M100"], "mode": "full"}
        ).json()["request_id"]
        poll = m.PollResponse.from_json(agent.get(m.POLL_PATH).json())
        assert [r.request_id for r in poll.requests] == [request_id]
        assert agent.post(m.PICKUP_PATH.format(request_id=request_id)).status_code == 200
        ack = agent.put(
            m.BUNDLE_PATH.format(bundle_id="b-tls"),
            content=world.bundle(world.a, "b-tls"),
            headers={m.SYNC_REQUEST_HEADER: request_id},
        )
        assert m.UploadAck.from_json(ack.json()) == m.UploadAck("b-tls", "ingested", {"M100": 10})
        assert advisor.get(f"/api/v1/advisor/requests/{request_id}").json()["state"] == "ingested"


def test_isolation_over_tls(world, live) -> None:  # type: ignore[no-untyped-def]
    """Office B's agent cannot touch office A's request over the wire."""
    world.know(world.a, "M100")
    with client(live, world.a.advisor) as advisor, client(live, world.b.agent) as other:
        request_id = advisor.post("/api/v1/advisor/requests", json={"mandanten": ["M100"]}).json()[
            "request_id"
        ]
        assert other.post(m.PICKUP_PATH.format(request_id=request_id)).status_code == 404
        assert other.get(m.POLL_PATH).json()["requests"] == []


def test_same_bundle_100_times_concurrently_is_stored_once(world, live) -> None:  # type: ignore[no-untyped-def]
    """100 concurrent uploads of one bundle: every one acknowledged, stored exactly once."""
    data = world.bundle(world.a, "b-many")
    with client(live, world.a.agent) as agent:

        def upload(_: int) -> tuple[int, str]:
            r = agent.put(m.BUNDLE_PATH.format(bundle_id="b-many"), content=data)
            return r.status_code, r.json().get("status", r.text)

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(upload, range(100)))
    assert all(code == 200 for code, _ in results), results
    statuses = [s for _, s in results]
    assert statuses.count("ingested") == 1 and statuses.count("duplicate") == 99
    assert world.count("bundles") == 1 and world.count("bookings") == 3
