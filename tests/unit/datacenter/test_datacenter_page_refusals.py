"""A project error on a page path — the live log of another office's request, a malformed request
id, a form posted from another site — reaches the browser as a German page with the catalogue's
words and the error's status; under ``/api/v1`` the same errors stay JSON.

The expected sentences are copied by hand from ``messages/de.po`` (``datacenter.request.unknown``,
``protocol.id``, ``datacenter.page.foreign_origin``).
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs, urlsplit

import pytest


def _login(world, office) -> None:  # type: ignore[no-untyped-def]
    world.client.cookies.clear()
    r = world.client.post("/login", data={"token": office.advisor_token}, follow_redirects=False)
    assert r.status_code == 303


def _request_of_a(world) -> str:  # type: ignore[no-untyped-def]
    """A waiting sync request of office A, asked for on A's page."""
    world.know(world.a, "M100")
    _login(world, world.a)
    r = world.client.post("/sync", data={"jetzt": "M100"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return parse_qs(urlsplit(r.headers["location"]).query)["anforderung"][0]


def _german_page(answer, status: int) -> str:  # type: ignore[no-untyped-def]
    """The answer is an HTML page with ``status`` and a way back to the overview; its text, unescaped."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("text/html"), answer.text
    assert 'href="/"' in answer.text and '"error"' not in answer.text
    return html.unescape(answer.text)


def test_another_offices_live_log_is_a_german_not_found_page(world) -> None:  # type: ignore[no-untyped-def]
    request_id = _request_of_a(world)
    _login(world, world.b)
    text = _german_page(world.client.get(f"/live/{request_id}"), 404)
    assert f"Anforderung '{request_id}' gibt es nicht" in text


def test_a_malformed_request_id_is_a_german_page(world) -> None:  # type: ignore[no-untyped-def]
    _login(world, world.a)
    text = _german_page(world.client.get("/live/a%20b"), 400)
    expected = "request id: Kennung aus 1–128 Buchstaben, Ziffern, '.', '_' oder '-' erwartet, nicht 'a b'"
    assert expected in text


@pytest.mark.parametrize("path", ["/sync", "/login", "/logout"])
def test_a_form_from_another_site_is_refused_on_a_german_page(world, path: str) -> None:  # type: ignore[no-untyped-def]
    _login(world, world.a)
    answer = world.client.post(
        path,
        data={"jetzt": "M100", "token": world.a.advisor_token},
        headers={"Origin": "https://boese.example"},
        follow_redirects=False,
    )
    text = _german_page(answer, 401)
    assert "Anfrage von fremder Herkunft abgelehnt" in text
    assert "<h1>Anfrage abgelehnt</h1>" in text


def test_the_api_keeps_its_json_for_the_same_errors(world) -> None:  # type: ignore[no-untyped-def]
    """Another office's request through the API: 404 JSON with the message code, in the asked language."""
    request_id = _request_of_a(world)
    world.client.cookies.clear()
    body = {"events": [{"kind": "uploaded", "bytes": 1}]}
    r = world.client.post(
        f"/api/v1/requests/{request_id}/progress",
        json=body,
        headers={**world.b.agent, "Accept-Language": "de"},
    )
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == f"Anforderung '{request_id}' gibt es nicht"
    assert r.json()["code"] == "datacenter.request.unknown"
