"""The nightly choice of a 120-Mandanten office in headless Chromium: a Mandant ticked on page 2 of
Einstellungen is saved without clearing the tick on page 1, and the search finds by name."""

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
        page.locator(".blaettern").first.get_by_role("link", name="Weiter ›").click()
        assert "seite=2" in page.url
        assert page.locator(".blaettern .bereich").first.inner_text() == "Mandanten 51–100 von 120"
        assert _shown(page) == numbers(51, 100)
        page.check("#n-K051")
        page.click("#nacht-speichern")
        assert _shown(page) == numbers(51, 100)  # back on page 2 after saving
        assert page.is_checked("#n-K051")
        assert page.inner_text("#nacht-zahlen").startswith("2 von 120 Mandanten der Kanzlei")
        screenshot(page, "einstellungen-nacht-seite-2")
        page.locator(".blaettern").first.get_by_role("link", name="« Erste").click()
        assert _shown(page) == numbers(1, 50)
        assert page.is_checked("#n-K001")  # page 2's save did not clear page 1's choice
        assert not page.is_checked("#n-K002")
        assert nightly.chosen(world.store.engine, world.a.office_id) == ("K001", "K051")
        assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["nightly"] == ["K001", "K051"]
        page.fill("#suche", "Schmid")
        page.click("#suche-button")
        assert _shown(page) == ["K007", "K033", "K090", "K115"]
