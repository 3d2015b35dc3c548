"""The office's pages in headless Chromium, for each role: what each one sees, may and may not do,
with a screenshot of every page per role for the certification bundle."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.datacenter.browsing import sign_in, signed_in

from syncsystem.datacenter.store import users

pytestmark = pytest.mark.browser

# page -> roles that may open it (written from the issue, not from the product's table)
PAGES = {
    "/": {"administrator", "sachbearbeiter", "lesend"},
    "/konto": {"administrator", "sachbearbeiter", "lesend"},
    "/benutzer": {"administrator"},
    "/einstellungen": {"administrator"},
}


def _people(world: Any) -> dict[str, str]:
    out = {}
    with world.store.write() as conn:
        for role, name in (
            ("administrator", "Mag. Huber-Admin"),
            ("sachbearbeiter", "Frau Berger"),
            ("lesend", "Frau Novak"),
        ):
            _, out[role] = users.create_user(
                conn, "kanzlei-a", name=name, email="", role=role, auto_update=False, now=world.clock.now()
            )
    return out


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", ["administrator", "sachbearbeiter", "lesend"])
def test_each_role_on_each_page(world, live, browser, screenshot, role: str) -> None:  # type: ignore[no-untyped-def]
    """Each role opens the pages it may (screenshot) and gets "Keine Berechtigung" elsewhere."""
    ok = world.client.put("/api/v1/bundles/b-1", content=world.bundle(world.a, "b-1"), headers=world.a.agent)
    assert ok.status_code == 200
    token = _people(world)[role]
    with signed_in(browser, live.url, token) as page:
        names = {"administrator": "Administrator", "sachbearbeiter": "Sachbearbeiter", "lesend": "Lesend"}
        assert page.inner_text("#rolle") == names[role]
        updates = role != "lesend"
        assert page.locator("#sync-button").count() == int(updates)
        assert page.locator("#upload-button").count() == int(updates)
        assert page.locator("#nur-lesen").count() == int(not updates)
        assert page.locator("#nav-benutzer").count() == int(role == "administrator")
        for path, allowed in PAGES.items():
            answer = page.goto(live.url + path)
            assert answer is not None
            if role in allowed:
                assert answer.status == 200, path
            else:
                assert answer.status == 403, path
                assert "Keine Berechtigung" in page.inner_text("h1")
            screenshot(page, f"{role}-{path.strip('/') or 'uebersicht'}")


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_administrator_manages_users_in_the_browser(world, live, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    """The Administrator creates a Sachbearbeiterin, whose login link fills the login form; changes
    her role, gives her a new access, deactivates her, and creates a new enrolment code."""
    token = _people(world)["administrator"]
    context = browser.new_context(ignore_https_errors=True, locale="de-AT")
    page = context.new_page()
    other = browser.new_context(ignore_https_errors=True, locale="de-AT")
    hers = other.new_page()
    try:
        sign_in(page, live.url, token)
        page.click("#nav-benutzer")
        page.fill("#neu-name", "Frau Gruber")
        page.fill("#neu-email", "gruber@kanzlei.at")
        page.select_option("#neu-rolle", "sachbearbeiter")
        page.check("#neu-auto")
        page.click("#neu-button")
        assert "Benutzer Frau Gruber angelegt." in page.inner_text("[role=status]")
        link = page.inner_text("#anmeldelink")
        screenshot(page, "benutzer-angelegt")

        hers.goto(link)  # the login link: the fragment fills the field and is removed from the URL
        assert hers.input_value("#token") == page.inner_text("#zugangsschluessel")
        assert "#" not in hers.url
        hers.click("button[type=submit]")
        assert hers.inner_text("#berater") == "Frau Gruber"
        assert hers.inner_text("#rolle") == "Sachbearbeiter"

        row = page.locator("#benutzer tr[data-name='Frau Gruber']")
        row.locator("select[name=role]").select_option("lesend")
        row.locator(".rolle-button").click()
        assert "Rolle geändert." in page.inner_text("[role=status]")
        hers.reload()
        assert hers.inner_text("#rolle") == "Lesend" and hers.locator("#sync-button").count() == 0

        page.once("dialog", lambda dialog: dialog.accept())  # "Frau Gruber deaktivieren? …"
        page.locator("#benutzer tr[data-name='Frau Gruber'] .sperren-button").click()
        assert "Benutzer deaktiviert" in page.inner_text("[role=status]")
        state = page.locator("#benutzer tr[data-name='Frau Gruber'] .zustand").inner_text()
        assert state.strip() == "deaktiviert"
        hers.reload()
        assert hers.locator("#token").count() == 1  # her session ended: back at the login form
        screenshot(page, "benutzer-deaktiviert")

        page.click("#nav-einstellungen")
        page.click("#zugang-erstellen")
        code = page.inner_text("#anmeldecode")
        assert len(code) == 14 and code.count("-") == 2
        assert f"syncsystem agent enrol --url {live.url} --code {code}" in page.inner_text("#neuer-code")
        screenshot(page, "neuer-zugang")

        # the nightly choice and the agent's last doctor result
        world.know(world.a, "M100", "M200")
        report = {
            "checks": [
                {"check": "Dienst läuft", "ok": True, "detail": "PID 4711"},
                {
                    "check": "BMD zeigt nach der Anmeldung keine Meldung",
                    "ok": False,
                    "detail": "BMD NTCS: Meldungsfenster",
                    "hint": "Meldung abschalten",
                },
            ]
        }
        sent = world.client.post("/api/v1/agent/doctor", json=report, headers=world.a.agent)
        assert sent.status_code == 200
        page.reload()
        page.check("#n-M200")
        page.click("#nacht-speichern")
        assert "Auswahl für die nächtliche Synchronisierung gespeichert" in page.inner_text("[role=status]")
        assert page.is_checked("#n-M200") and not page.is_checked("#n-M100")
        assert "vorerfasste Buchungen werden nicht übertragen" in page.inner_text("main")
        agents = page.inner_text("#agenten")
        assert "1 Fehler" in agents and "→ Meldung abschalten" in agents
        assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["nightly"] == ["M200"]
        screenshot(page, "einstellungen")
    finally:
        other.close()
        context.close()


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_deactivating_a_user_asks_first(world, live, browser) -> None:  # type: ignore[no-untyped-def]
    """Deaktivieren cannot be undone on the page: it asks, naming the user; Abbrechen keeps
    them active, OK deactivates."""
    token = _people(world)["administrator"]
    asked: list[str] = []
    with signed_in(browser, live.url, token) as page:
        page.goto(live.url + "/benutzer")
        row = page.locator("#benutzer tr[data-name='Frau Berger']")
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        row.locator(".sperren-button").click()
        assert asked == [
            "Frau Berger deaktivieren? Der Zugang gilt dann nicht mehr und alle Sitzungen enden sofort. "
            "Auf dieser Seite lässt sich das nicht rückgängig machen."
        ]
        page.goto(live.url + "/benutzer")
        assert row.locator(".zustand").inner_text().strip() == "aktiv"
        page.once("dialog", lambda dialog: dialog.accept())
        row.locator(".sperren-button").click()
        assert "Benutzer deaktiviert" in page.inner_text("[role=status]")
        assert row.locator(".zustand").inner_text().strip() == "deaktiviert"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_new_access_asks_first_because_the_old_one_ends(world, live, browser) -> None:  # type: ignore[no-untyped-def]
    """Neuer Zugang ends the user's key and sessions at once: it asks, naming the user; Abbrechen
    keeps the old key working, OK shows the new one."""
    people = _people(world)
    asked: list[str] = []
    with signed_in(browser, live.url, people["administrator"]) as page:
        page.goto(live.url + "/benutzer")
        row = page.locator("#benutzer tr[data-name='Frau Berger']")
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
        row.locator(".zugang-button").click()
        assert asked == [
            "Neuen Zugang für Frau Berger erstellen? Der bisherige Schlüssel und Anmeldelink gelten dann "
            "nicht mehr; laufende Sitzungen enden sofort."
        ]
        with signed_in(browser, live.url, people["sachbearbeiter"]) as hers:
            assert hers.inner_text("#berater") == "Frau Berger"  # the old key still signs in
        page.once("dialog", lambda dialog: dialog.accept())
        row.locator(".zugang-button").click()
        assert page.inner_text("#zugang-titel") == "Zugang für Frau Berger – nur jetzt sichtbar"
