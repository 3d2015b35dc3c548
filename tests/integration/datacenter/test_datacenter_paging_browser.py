"""The advisor page of a 120-Mandanten office in headless Chromium: pages, search, order, and
"Alle aktualisieren" asking for every Mandant, not only the page's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.integration.datacenter.browsing import signed_in
from tests.unit.datacenter.hand_office import build, numbers

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store.scoped import OfficeScope

pytestmark = pytest.mark.browser

# Read off the hand table in tests/unit/datacenter/hand_office.py (see test_datacenter_mandanten_list).
PROBLEMS = ["K010", "K050", "K080", "K020", "K021", "K030", "K060", "K100"]
PAGE_2 = [*numbers(47, 49), *numbers(51, 59), *numbers(61, 79), *numbers(81, 99)]
SCHMID = ["K007", "K033", "K090", "K115"]


def _shown(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "#mandanten tbody tr[data-mandant]", "rows => rows.map(r => r.dataset.mandant)"
    )


def _newest_request(world: Any) -> list[str]:
    with world.store.read() as conn:
        newest = OfficeScope(conn, Principal("advisor", "x", world.a.office_id)).requests(1)[0]
    return list(json.loads(newest.mandanten))


def _pages_and_selection(page: Any, world: Any) -> None:
    assert page.inner_text("#kanzlei-zahlen") == (
        "Kanzlei gesamt: 120 Mandanten, davon 3 mit Fehler und 5 veraltet "
        "(seit mehr als 7 Tagen keine Daten oder noch nie)."
    )
    assert page.locator(".blaettern .bereich").first.inner_text() == "Mandanten 1–50 von 120"
    assert _shown(page)[:9] == [*PROBLEMS, "K001"]
    page.locator(".blaettern").first.get_by_role("link", name="Weiter ›").click()
    assert "seite=2" in page.url
    assert page.locator(".blaettern .bereich").first.inner_text() == "Mandanten 51–100 von 120"
    assert page.locator(".blaettern .seite").first.inner_text() == "Seite 2 von 3"
    assert _shown(page) == PAGE_2
    page.check("#m-K047")
    page.click("#sync-button")
    assert "Aktualisierung für Mandant K047 angefordert" in page.inner_text("[role=status]")
    assert _newest_request(world) == ["K047"]
    assert _shown(page) == PAGE_2  # back on the page the advisor was on


def _all_means_all(page: Any, world: Any) -> None:
    page.click("#alle-button")
    notice = page.inner_text(".message.notice")
    assert "Aktualisierung für 120 Mandanten (K001, K002," in notice
    assert "K020 … und 100 weitere) angefordert" in notice
    assert sorted(_newest_request(world)) == numbers(1, 120)
    assert _shown(page) == PAGE_2


def _search_and_order(page: Any) -> None:
    page.fill("#suche", "Schmid")
    page.click("#suche-button")
    assert _shown(page) == SCHMID
    found = page.locator(".blaettern .bereich").first.inner_text()
    assert found == "Mandanten 1–4 von 4 Treffern für „Schmid“"
    assert page.locator(".blaettern .seite").count() == 0  # one page: no page links
    assert "120 Mandanten, davon 3 mit Fehler und 5 veraltet" in page.inner_text("#kanzlei-zahlen")
    page.fill("#suche", "Niemand")
    page.click("#suche-button")
    assert _shown(page) == []
    assert page.inner_text("#keine-treffer").startswith("Kein Mandant passt zu „Niemand“")
    page.click("#suche-aufheben")
    page.select_option("#sortierung", "aelteste")
    page.click("#suche-button")
    assert _shown(page)[:6] == ["K020", "K021", "K060", "K030", "K100", "K001"]
    assert page.input_value("#sortierung") == "aelteste"


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_advisor_pages_searches_and_updates_all(world, live, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    """Page 2 lists Mandanten 51-100 in problem order, a selection there stays on page 2, "Alle
    aktualisieren" asks for all 120, and "Schmid" finds exactly the four hand-listed Mandanten."""
    build(world, world.a)
    with signed_in(browser, live.url, world.a.advisor_token) as page:
        screenshot(page, "mandanten-seite-1")
        _pages_and_selection(page, world)
        _all_means_all(page, world)
        screenshot(page, "mandanten-seite-2")
        _search_and_order(page)
        screenshot(page, "mandanten-aelteste-zuerst")
