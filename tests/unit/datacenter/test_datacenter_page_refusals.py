"""A project error on a page path — the live log of another office's request, a malformed request
id, a form posted from another site — reaches the browser as a German page with the catalogue's
words and the error's status; under ``/api/v1`` the same errors stay JSON.

The expected sentences are copied by hand from ``messages/de.po`` (``datacenter.request.unknown``,
``protocol.id``, ``datacenter.page.foreign_origin``, ``datacenter.page.not_signed_in``). Without a
session the live log's paths answer a browser like every page (303 to the login) and the page's
script in JSON (401).
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


BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # Firefox's


@pytest.mark.parametrize("path", ["/live", "/live/{request_id}"])
def test_the_live_log_sends_a_logged_out_browser_to_the_login_like_every_page(world, path: str) -> None:  # type: ignore[no-untyped-def]
    """A browser without a session (the address typed in, a bookmark) on the live log gets what it
    gets on any other page, ``/konto`` here: 303 to the login at ``/``."""
    url = path.format(request_id=_request_of_a(world))
    world.client.cookies.clear()
    page = world.client.get("/konto", headers=BROWSER, follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/")
    answer = world.client.get(url, headers=BROWSER, follow_redirects=False)
    assert (answer.status_code, answer.headers.get("location")) == (303, "/"), answer.text


@pytest.mark.parametrize("path", ["/live", "/live/{request_id}"])
@pytest.mark.parametrize("accept", [None, "*/*", "application/json"], ids=["none", "any", "json"])
def test_the_live_logs_script_keeps_its_json_401_when_the_session_is_gone(  # type: ignore[no-untyped-def]
    world, path: str, accept: str | None
) -> None:
    """The page's script (``fetch`` asks for ``*/*``) or another JSON client without a session: 401
    in JSON with the catalogue's code — not a redirect to an HTML login page it cannot read."""
    url = path.format(request_id=_request_of_a(world))
    world.client.cookies.clear()
    headers = {"Accept": accept} if accept else {}
    answer = world.client.get(url, headers=headers, follow_redirects=False)
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    expected = {"error": "nicht angemeldet", "code": "datacenter.page.not_signed_in", "values": {}}
    assert answer.json() == expected  # the words copied by hand from de.po
