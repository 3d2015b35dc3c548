"""Smoke: the world builds, an agent polls, a bundle ingests."""

from __future__ import annotations


def test_poll_and_ingest(world) -> None:  # type: ignore[no-untyped-def]
    """An enrolled agent polls and uploads a bundle that is ingested."""
    r = world.client.get("/api/v1/poll", headers=world.a.agent)
    assert r.status_code == 200, r.text
    data = world.bundle(world.a, "b-1")
    r = world.client.put("/api/v1/bundles/b-1", content=data, headers=world.a.agent)
    assert r.status_code == 200, r.text
    assert r.json() == {"bundle_id": "b-1", "status": "ingested", "cursors": {"M100": 10}}
    print(world.data_counts())
