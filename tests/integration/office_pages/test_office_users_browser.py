"""Benutzer, Mein Konto and the login form in headless Chromium; screenshots for the certification
bundle (``$SYNCSYSTEM_SCREENSHOTS``). Expected texts are the issue's rules in German."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser
LAST = "anna ist der letzte aktive Administrator – bitte zuerst einen anderen Administrator anlegen."


def _error_at(page: Any, field_id: str) -> str:
    return str(page.locator(f'[id="{field_id}-fehler"]').inner_text())


def test_login_form_names_the_field(pages: Any, screenshot: Any) -> None:
    """Empty name: at the name field; wrong password: at the password field, which comes back empty."""
    page = pages.browser.new_context(locale="de-AT").new_page()
    page.goto(pages.url + "/anmelden")
    page.fill("#password", "irgendetwas-1")
    page.click("button[type=submit]")
    assert _error_at(page, "name") == "Bitte den Benutzernamen eingeben."
    page.fill("#name", "anna")
    page.fill("#password", "falsch-falsch")
    page.click("button[type=submit]")
    assert "Name oder Passwort falsch" in _error_at(page, "password")
    assert "nicht zurückgesendet" in _error_at(page, "password")
    assert page.input_value("#name") == "anna" and page.input_value("#password") == ""
    screenshot(page, "anmelden-fehler")
    page.context.close()


def test_administrator_manages_users(pages: Any, screenshot: Any) -> None:
    """Create clara, refuse demoting the last Administrator at the role field, deactivate bernd."""
    page = pages.page_as("anna")
    page.get_by_role("navigation").get_by_role("link", name="Benutzer").click()
    page.fill("#name", "clara")
    page.select_option("#role", "user")
    page.fill("#password", "kurz")
    page.click("#anlegen")
    assert _error_at(page, "password") == "Passwort für clara: mindestens 10 Zeichen"
    assert page.input_value("#name") == "clara"
    page.fill("#password", "clara-start-123")
    page.click("#anlegen")
    assert page.inner_text("[role=status]") == "Benutzer angelegt."
    assert page.locator('[data-benutzer="clara"] .aktiv').inner_text() == "aktiv"
    page.select_option('[id="role-anna"]', "user")
    page.locator('[data-benutzer="anna"]').get_by_role("button", name="Rolle ändern").click()
    assert _error_at(page, "role-anna") == LAST
    screenshot(page, "benutzer-letzter-admin")
    page.click('[id="deaktivieren-bernd"]')
    assert page.inner_text("[role=status]") == "Benutzer deaktiviert – seine Sitzungen sind beendet."
    assert page.locator('[data-benutzer="bernd"] .aktiv').inner_text() == "deaktiviert"
    screenshot(page, "benutzer-admin")
    page.context.close()


def test_user_changes_own_password(pages: Any, screenshot: Any) -> None:
    """A Benutzer has no Benutzer page; on Mein Konto a wrong repetition is named, then the change works."""
    page = pages.page_as("bernd")
    nav = page.get_by_role("navigation")
    assert nav.get_by_role("link", name="Benutzer").count() == 0
    nav.get_by_role("link", name="Mein Konto").click()
    page.fill("#current", "bernd-geheim-2")
    page.fill("#password", "bernd-neu-12345")
    page.fill("#repeat", "bernd-neu-1234")
    page.click("#aendern")
    assert _error_at(page, "repeat") == "Die Wiederholung stimmt nicht mit dem neuen Passwort überein."
    assert page.input_value("#current") == ""
    screenshot(page, "konto-fehler")
    page.fill("#current", "bernd-geheim-2")
    page.fill("#password", "bernd-neu-12345")
    page.fill("#repeat", "bernd-neu-12345")
    page.click("#aendern")
    assert page.inner_text("[role=status]").startswith("Ihr Passwort wurde geändert")
    screenshot(page, "konto")
    page.context.close()
