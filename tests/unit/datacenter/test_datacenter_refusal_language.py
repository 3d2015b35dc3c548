"""A refused bundle's reason is catalogue words through and through: German where the advisor looks
(request state, page) and for a German client, English for a client that asks for English — with
the code and values beside the words for clients that word it themselves."""

from __future__ import annotations

from syncsystem.protocol.messages import SYNC_REQUEST_HEADER


def _tampered(world, bundle_id):  # type: ignore[no-untyped-def]
    data = bytearray(world.bundle(world.a, bundle_id))
    data[len(data) // 2] ^= 0x40
    return bytes(data)


def _put(world, bundle_id, data, **headers):  # type: ignore[no-untyped-def]
    headers = {**world.a.agent, **headers}
    return world.client.put(f"/api/v1/bundles/{bundle_id}", content=data, headers=headers)


def test_a_tampered_bundle_is_refused_in_the_clients_language(world) -> None:  # type: ignore[no-untyped-def]
    """Accept-Language de: the detail in German, no English left; en: English; both carry the code."""
    german = _put(world, "b-bad", _tampered(world, "b-bad"), **{"Accept-Language": "de-AT,de;q=0.9"})
    assert german.status_code == 422
    said = german.json()
    assert "Echtheitsprüfung fehlgeschlagen" in said["error"] and "authentication" not in said["error"]
    assert said["error"].startswith("Bündel abgewiesen (")
    assert said["code"] == "ingest.bundle_invalid"
    assert said["values"]["detail"]["code"] == "bundle.detail.auth"
    english = _put(world, "b-bad", _tampered(world, "b-bad"), **{"Accept-Language": "en"})
    assert english.json()["error"].startswith("bundle refused (")
    assert "authentication failed: the bundle was changed after sealing" in english.json()["error"]


def test_the_advisor_reads_the_refusal_of_a_request_in_german(world) -> None:  # type: ignore[no-untyped-def]
    """The request the bundle answered fails with a reason that is German throughout, whichever
    language the agent asked in."""
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    created = world.client.post(
        "/api/v1/advisor/requests",
        json={"mandanten": ["M100"], "mode": "incremental"},
        headers=world.a.advisor,
    )
    request_id = created.json()["request_id"]
    asked = {SYNC_REQUEST_HEADER: request_id, "Accept-Language": "en"}
    _put(world, "b-bad", _tampered(world, "b-bad"), **asked)
    state = world.client.get(f"/api/v1/advisor/requests/{request_id}", headers=world.a.advisor).json()
    assert state["state"] == "failed"
    assert "Echtheitsprüfung fehlgeschlagen" in state["reason"] and "authentication" not in state["reason"]
