"""A failed request's reason in the advisor's live log: worded in German from the codes a newer agent
sends beside its words (``detail``), whatever language the agent speaks; an older agent's words (no
``detail``), and a code this datacenter does not know, are shown as sent. On SQLite and PostgreSQL.

Expected wording written out by hand from the catalogues: ``live.failed`` "Fehlgeschlagen:
{reason}", ``live.fail.other`` "{text}. Nächster Schritt: syncsystem agent doctor am Kanzlei-Server
ausführen und erneut anfordern.", ``agent.export.not_exported`` "{source}: BMD hat Mandant {mandant}
nicht in diesen Ordner exportiert" (English: "{source}: BMD has not exported Mandant {mandant} into
this folder").
"""

from __future__ import annotations

from typing import Any

import pytest

from .live_request import ask_for_m100  # type: ignore[import-not-found]

ENGLISH = "/srv/bmd/export: BMD has not exported Mandant M100 into this folder"
NEXT = ". Nächster Schritt: syncsystem agent doctor am Kanzlei-Server ausführen und erneut anfordern."
DETAIL = {"code": "agent.export.not_exported", "values": {"source": "/srv/bmd/export", "mandant": "M100"}}


def _failed_request(world: Any, body: object) -> tuple[int, dict[str, Any]]:
    """Request M100 as the advisor, let the agent pick it up and fail it with ``body``; the answer's
    status and the live log."""
    request_id = ask_for_m100(world)
    world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
    answer = world.client.post(f"/api/v1/requests/{request_id}/fail", json=body, headers=world.a.agent)
    return answer.status_code, world.client.get(f"/live/{request_id}").json()


def test_a_newer_agents_codes_are_worded_in_german(world: Any) -> None:
    """The agent spoke English; the advisor reads German from the codes."""
    status, view = _failed_request(world, {"reason": ENGLISH, "detail": DETAIL})
    assert status == 200 and view["state"] == "failed"
    assert view["lines"][-1]["text"] == (
        "Fehlgeschlagen: /srv/bmd/export: BMD hat Mandant M100 nicht in diesen Ordner exportiert" + NEXT
    )


def test_an_older_agents_words_are_shown_as_sent(world: Any) -> None:
    status, view = _failed_request(world, {"reason": ENGLISH})
    assert status == 200
    assert view["lines"][-1]["text"] == f"Fehlgeschlagen: {ENGLISH}{NEXT}"


def test_a_code_this_datacenter_does_not_know_shows_the_words(world: Any) -> None:
    newer = {"code": "agent.export.from_a_newer_agent", "values": {"mandant": "M100"}}
    status, view = _failed_request(world, {"reason": ENGLISH, "detail": newer})
    assert status == 200
    assert view["lines"][-1]["text"] == f"Fehlgeschlagen: {ENGLISH}{NEXT}"


@pytest.mark.parametrize(
    ("detail", "field"),
    [
        ({"code": "agent.export.not_exported", "values": {"mandant": 1.5}}, "fail.detail.values.mandant"),
        ({"code": "agent.export.not_exported", "values": {"mandant": True}}, "fail.detail.values.mandant"),
        ({"code": "agent.export.not_exported", "values": {"source": "a\x00b"}}, "fail.detail.values.source"),
        ({"values": {}}, "fail.detail.code"),
        ("agent.export.not_exported", "fail.detail"),
    ],
)
def test_a_detail_of_another_shape_is_refused_naming_the_field(
    world: Any, detail: object, field: str
) -> None:
    status, view = _failed_request(world, {"reason": ENGLISH, "detail": detail})
    assert status in (400, 422)
    assert view["state"] == "picked_up"  # nothing half-stored
    answer = world.client.post(
        "/api/v1/requests/x/fail", json={"reason": ENGLISH, "detail": detail}, headers=world.a.agent
    )
    assert field in answer.json()["error"]
