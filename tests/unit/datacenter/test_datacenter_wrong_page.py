"""Where a browser goes wrong — an unknown page, ``GET /login`` typed into the address bar — the
datacenter answers with a German page, not the English JSON its API gives (found by the route walk,
tests/fuzz/test_fuzz_routes_datacenter.py); the API keeps its JSON."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("method", "path", "status", "says"),
    [
        ("GET", "/login", 405, "Diese Seite nimmt diese Art von Anfrage nicht an"),
        ("DELETE", "/konto", 405, "Diese Seite nimmt diese Art von Anfrage nicht an"),
        ("GET", "/gibt-es-nicht", 404, "Diese Seite gibt es im Rechenzentrum nicht"),
        ("GET", "/benutzer/%ED%A0%80/rolle", 405, "Diese Seite nimmt diese Art von Anfrage nicht an"),
    ],
)
def test_a_wrong_page_request_gets_a_german_page(
    world,
    method: str,
    path: str,
    status: int,  # type: ignore[no-untyped-def]
    says: str,
) -> None:
    """<method> <path>: the status, an HTML page in German with a way back to the overview."""
    answer = world.client.request(method, path)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert says in answer.text and 'href="/"' in answer.text
    assert "Not Found" not in answer.text and "Method Not Allowed" not in answer.text


def test_the_api_keeps_answering_json(world) -> None:  # type: ignore[no-untyped-def]
    """GET /api/v1/enrol (POST only) and an unknown API path: JSON with an ``error``, as before."""
    wrong = world.client.get("/api/v1/enrol")
    assert wrong.status_code == 405 and wrong.json()["error"] and "POST" in wrong.headers["allow"]
    unknown = world.client.get("/api/v1/gibt-es-nicht")
    assert unknown.status_code == 404 and unknown.json()["error"]
