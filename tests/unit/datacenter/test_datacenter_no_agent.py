"""An office without an agent (none ever enrolled) cannot have fresh data fetched: the page shows
"Jetzt aktualisieren" disabled with a German hint why and what to do, and the server refuses such a
request with the same words (page 422, API 422) instead of queueing it for an agent that never comes.

The expected sentence is copied by hand from ``messages/de.po`` (``datacenter.request.no_agent``).
"""

from __future__ import annotations

import html
import re
import warnings

import sqlalchemy as sa

from syncsystem.datacenter.store import tenancy, users

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

NO_AGENT = (
    "Für diese Kanzlei ist noch kein Agent eingerichtet, der eine Aktualisierung beantworten könnte. "
    "Die Kanzlei-IT meldet den Agenten mit einem Anmeldecode von „Einstellungen“ an; bis dahin können "
    "Sie Daten nur manuell importieren."
)
GOOD = (
    b"satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"
    b"0;2800;9800;1;02.03.2026;EB;1;10,00;Er\r\n"
)


def _office_without_agent(world) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    """Office C, never enrolled, whose Mandant M7 came by a manual import: a logged-in page, its token."""
    with world.store.write() as conn:
        tenancy.create_office(conn, "kanzlei-c", "Kanzlei C", world.clock.now())
        _, token = tenancy.create_advisor(conn, "kanzlei-c", "Mag. Berger", world.clock.now())
    client = TestClient(world.app, base_url="https://testserver")
    assert client.post("/login", data={"token": token}, follow_redirects=False).status_code == 303
    imported = client.post("/upload", data={"mandant": "M7"}, files={"files": ("b.csv", GOOD)})
    assert imported.status_code == 200, imported.text
    return client, token


def _requests_of_c(world) -> int:  # type: ignore[no-untyped-def]
    with world.store.read() as conn:
        query = sa.text("SELECT count(*) FROM sync_requests WHERE office_id = 'kanzlei-c'")
        return int(conn.execute(query).scalar_one())


def test_the_page_offers_no_update_without_an_agent_and_says_why(world) -> None:  # type: ignore[no-untyped-def]
    """Each row's button, "Auswahl …" and "Alle aktualisieren" are disabled and point at the hint."""
    client, _ = _office_without_agent(world)
    page = client.get("/").text
    buttons = re.findall(r"<button[^>]*>(?:Jetzt|Auswahl jetzt|Alle) aktualisieren</button>", page)
    assert len(buttons) == 3, buttons
    assert all(' disabled aria-describedby="kein-agent"' in b for b in buttons), buttons
    assert f'<p class="hint" id="kein-agent">{NO_AGENT}</p>' in html.unescape(page)
    assert "Die Aktualisierung beginnt in wenigen Sekunden" not in page


def test_a_request_without_an_agent_is_refused_not_queued(world) -> None:  # type: ignore[no-untyped-def]
    """Posted anyway (an old page, a script), the page answers 422 with the hint; nothing waits."""
    client, token = _office_without_agent(world)
    answer = client.post("/sync", data={"jetzt": "M7"}, follow_redirects=False)
    assert answer.status_code == 422, answer.text
    assert f"Nicht angefordert: {NO_AGENT}" in html.unescape(answer.text)
    api = client.post(
        "/api/v1/advisor/requests",
        json={"mandanten": ["M7"]},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "de"},
    )
    assert api.status_code == 422, api.text
    assert NO_AGENT in api.text
    assert _requests_of_c(world) == 0


def test_an_office_with_its_agent_keeps_the_button(world) -> None:  # type: ignore[no-untyped-def]
    """Office A has its agent: the buttons are live and the request is queued."""
    world.know(world.a, "M100")
    world.client.post("/login", data={"token": world.a.advisor_token})
    page = world.client.get("/").text
    assert "disabled" not in page and 'id="kein-agent"' not in page
    assert world.client.post("/sync", data={"jetzt": "M100"}, follow_redirects=False).status_code == 303


def test_the_first_login_of_the_day_asks_for_nothing_without_an_agent(world) -> None:  # type: ignore[no-untyped-def]
    """A user with "automatisch aktualisieren" logs in to office C: the login works, no update starts."""
    _office_without_agent(world)
    with world.store.write() as conn:
        _, token = users.create_user(
            conn,
            "kanzlei-c",
            name="Frau Gruber",
            email="",
            role="sachbearbeiter",
            auto_update=True,
            now=world.clock.now(),
        )
    client = TestClient(world.app, base_url="https://testserver")
    answer = client.post("/login", data={"token": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert _requests_of_c(world) == 0
