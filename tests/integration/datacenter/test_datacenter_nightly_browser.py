"""The nightly choice of a 120-Mandanten office in headless Chromium: a Mandant ticked on page 2 of
Einstellungen is saved without clearing the tick on page 1, and the search finds by name; a tick
never saved with "Auswahl speichern" is saved by paging or searching, and leaving by another link
with a tick changed asks first."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.datacenter.browsing import signed_in
from tests.unit.datacenter.hand_office import build, numbers

from syncsystem.datacenter.store import nightly, users

pytestmark = pytest.mark.browser


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#nacht tbody tr[data-mandant]", "rows => rows.map(r => r.dataset.mandant)"
    )


def _administrator(world: Any) -> str:
    with world.store.write() as conn:
        _, token = users.create_user(
            conn,
            world.a.office_id,
            name="Mag. Huber-Admin",
            email="",
            role="administrator",
            auto_update=False,
            now=world.clock.now(),
        )
    return token


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_a_tick_on_page_two_keeps_page_one_s_choice(world, live, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    """By number: K001 ticked and saved on page 1, K051 on page 2; back on page 1 K001 is still
    ticked and both reach the agent's poll; "Schmid" lists the four hand-listed names."""
    build(world, world.a)
    with signed_in(browser, live.url, _administrator(world)) as page:
        page.click("#nav-einstellungen")
        page.select_option("#sortierung", "nummer")
        page.click("#suche-button")
        assert _shown(page) == numbers(1, 50)
        assert page.inner_text("#nacht-zahlen").startswith(
            "Keiner der 120 Mandanten der Kanzlei ist angehakt"
        )
        page.check("#n-K001")
        page.click("#nacht-speichern")
        assert "Auswahl für die nächtliche Synchronisierung gespeichert" in page.inner_text("[role=status]")
        page.locator(".blaettern").first.get_by_role("button", name="Weiter ›").click()
        assert "seite=2" in page.url
        assert page.locator(".blaettern .bereich").first.inner_text() == "Mandanten 51–100 von 120"
        assert _shown(page) == numbers(51, 100)
        page.check("#n-K051")
        page.click("#nacht-speichern")
        assert _shown(page) == numbers(51, 100)  # back on page 2 after saving
        assert page.is_checked("#n-K051")
        assert page.inner_text("#nacht-zahlen").startswith("2 von 120 Mandanten der Kanzlei")
        screenshot(page, "einstellungen-nacht-seite-2")
        page.locator(".blaettern").first.get_by_role("button", name="« Erste").click()
        assert _shown(page) == numbers(1, 50)
        assert page.is_checked("#n-K001")  # page 2's save did not clear page 1's choice
        assert not page.is_checked("#n-K002")
        assert nightly.chosen(world.store.engine, world.a.office_id) == ("K001", "K051")
        assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["nightly"] == ["K001", "K051"]
        page.fill("#suche", "Schmid")
        page.click("#suche-button")
        assert _shown(page) == ["K007", "K033", "K090", "K115"]


CARRIED = "Auswahl gespeichert: Ihre Änderungen an den Haken der vorigen Seite sind gesichert"


BOTH_STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("store", BOTH_STORES, indirect=True)
def test_a_tick_not_saved_survives_paging_and_searching(world, live, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    """By number: K007 ticked on page 1, "Weiter ›" pressed without saving: page 2 says the choice is
    saved and the store has K007; "‹ Zurück" (bottom pager) shows it ticked. K008 ticked and Enter in
    the search for "Schmid": saved too. K033 ticked, then "Mandanten" in the header: the browser asks
    first; staying keeps the page."""
    build(world, world.a)
    office = world.a.office_id
    with signed_in(browser, live.url, _administrator(world)) as page:
        page.click("#nav-einstellungen")
        page.select_option("#sortierung", "nummer")
        page.click("#suche-button")
        assert _shown(page) == numbers(1, 50)
        page.check("#n-K007")
        page.locator(".blaettern").first.get_by_role("button", name="Weiter ›").click()
        assert page.locator(".blaettern .bereich").first.inner_text() == "Mandanten 51–100 von 120"
        assert CARRIED in page.inner_text("[role=status]")
        screenshot(page, "einstellungen-nacht-geblaettert")
        assert nightly.chosen(world.store.engine, office) == ("K007",)
        page.locator(".blaettern").last.get_by_role("button", name="‹ Zurück").click()
        assert _shown(page) == numbers(1, 50)
        assert page.is_checked("#n-K007") and not page.is_checked("#n-K008")
        assert page.locator("[role=status]").count() == 0  # nothing changed on page 2: no notice
        page.check("#n-K008")
        page.fill("#suche", "Schmid")
        page.press("#suche", "Enter")
        assert _shown(page) == ["K007", "K033", "K090", "K115"]
        assert page.is_checked("#n-K007") and CARRIED in page.inner_text("[role=status]")
        assert nightly.chosen(world.store.engine, office) == ("K007", "K008")
        page.on("dialog", lambda dialog: dialog.dismiss())  # "stay on the page"
        page.check("#n-K033")
        with page.expect_event("dialog") as asked:
            page.get_by_role("link", name="Mandanten", exact=True).click(no_wait_after=True)
        assert asked.value.type == "beforeunload"
        assert _shown(page) == ["K007", "K033", "K090", "K115"] and page.is_checked("#n-K033")
    assert nightly.chosen(world.store.engine, office) == ("K007", "K008")
