"""The advisor page's Mandanten list on both backends: one page in its order, search, office counts.

The office is `hand_office` (120 Mandanten, a hand table); every expected list below is read off
that table by hand, not computed by the code under test.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from tests.unit.datacenter.hand_office import build, numbers

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.listing import STALE_AFTER, Figures, Listing, figures_text, pager
from syncsystem.datacenter.store import mandanten_list
from syncsystem.datacenter.store.scoped import OfficeScope

# Order "probleme": the errors, then the stale ones, each by number; then everyone else by number.
PROBLEMS = ["K010", "K050", "K080", "K020", "K021", "K030", "K060", "K100"]
# Page 2 holds places 51-100: places 9-50 are K001-K046 without K010, K020, K021, K030 (42 of them),
# so place 51 is K047; then up to K099, skipping the problems K050, K060, K080.
PAGE_2 = [*numbers(47, 49), *numbers(51, 59), *numbers(61, 79), *numbers(81, 99)]
PAGE_3 = numbers(101, 120)
SCHMID = ["K007", "K033", "K090", "K115"]  # not K058 "Schmiede", not K101 "Schmied"


def _rows(world: Any, **view: Any) -> list[str]:
    advisor = Principal("advisor", "x", world.a.office_id)
    with world.store.read() as conn:
        rows = mandanten_list.page_rows(
            OfficeScope(conn, advisor), Listing(**view), world.clock.now() - STALE_AFTER
        )
    return [r.mandant for r in rows]


def _figures(world: Any, search: str) -> tuple[Figures, Any]:
    advisor = Principal("advisor", "x", world.a.office_id)
    with world.store.read() as conn:
        return mandanten_list.figures(OfficeScope(conn, advisor), search, world.clock.now() - STALE_AFTER)


def test_pages_in_problem_order_hold_the_hand_tables_mandanten(world: Any) -> None:
    """Errors first, then stale, then by number; 50 a page; page 2 is places 51-100."""
    build(world, world.a)
    first = _rows(world)
    assert len(first) == 50
    assert first[:9] == [*PROBLEMS, "K001"]
    assert first[-1] == "K046"
    assert _rows(world, page=2) == PAGE_2
    assert _rows(world, page=3) == PAGE_3
    assert _rows(world, order="nummer", page=3) == numbers(101, 120)


def test_search_finds_number_or_name_in_any_case(world: Any) -> None:
    """ "Schmid" finds the four hand-listed names (any case, inside a word); "K11" finds K110-K119."""
    build(world, world.a)
    assert _rows(world, search="Schmid") == SCHMID
    assert _rows(world, search="sChMiD") == SCHMID
    assert _rows(world, search="K11") == numbers(110, 119)
    assert _rows(world, search="%") == []  # a wildcard is a plain character
    assert _rows(world, search="Firma_1") == []


# Austrian names: the search ignores the case of umlauts too (SQLite's own lower() folds ASCII only).
UMLAUT_NAMES = {
    "U1": "Ötztaler Bau GmbH",
    "U2": "Bäckerei Öhler",
    "U3": "Großglockner Hütte",
    "U4": "Oetz Reisen",
}


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("ötz", ["U1"]),
        ("ÖTZTALER", ["U1"]),
        ("öhler", ["U2"]),
        ("BÄCKEREI", ["U2"]),
        ("HÜTTE", ["U3"]),
        ("oetz", ["U4"]),
        ("ö", ["U1", "U2"]),
    ],
)
def test_search_ignores_the_case_of_umlauts(world: Any, search: str, expected: list[str]) -> None:
    """Each search term finds exactly the hand-listed Mandanten, on both backends."""
    world.know(world.a, *UMLAUT_NAMES)
    with world.store.write() as conn:
        scope = OfficeScope(conn, Principal("agent", world.a.agent_id, world.a.office_id))
        for mandant_id, name in UMLAUT_NAMES.items():
            scope.record_mandant_result(mandant_id, name=name)
    assert _rows(world, search=search, order="nummer") == expected


def test_orders_by_last_update(world: Any) -> None:
    """Oldest first starts with those that never had data; newest first ends with them."""
    build(world, world.a)
    assert _rows(world, order="aelteste")[:6] == ["K020", "K021", "K060", "K030", "K100", "K001"]
    newest = [m for page in (1, 2, 3) for m in _rows(world, order="neueste", page=page)]
    assert newest[-5:] == ["K100", "K030", "K020", "K021", "K060"]
    assert _rows(world, order="name")[:3] == ["K090", "K033", "K001"]  # "Anna …", "Bäckerei …", "Firma 1"


def test_office_figures_count_every_mandant_whatever_the_search(world: Any) -> None:
    """120 Mandanten, 3 with an error, 5 stale; a search changes only how many match."""
    build(world, world.a)
    figures, newest = _figures(world, "")
    assert figures == Figures(total=120, errors=3, stale=5, matching=120)
    assert newest is not None
    assert _figures(world, "Schmid")[0] == Figures(total=120, errors=3, stale=5, matching=4)
    assert _figures(world, "nichts")[0].matching == 0
    other = Principal("advisor", "x", world.b.office_id)
    with world.store.read() as conn:
        nothing = mandanten_list.figures(OfficeScope(conn, other), "", world.clock.now())[0]
    assert nothing == Figures(0, 0, 0, 0)


def test_a_mandant_a_week_old_is_not_yet_stale(world: Any) -> None:
    """Stale means older than seven days (or no data at all)."""
    world.know(world.a, "W1", "W2")
    now = world.clock.now().astimezone(UTC)
    with world.store.write() as conn:
        scope = OfficeScope(conn, Principal("agent", world.a.agent_id, world.a.office_id))
        scope.record_mandant_result("W1", last_updated=now - timedelta(days=7, minutes=-1))
        scope.record_mandant_result("W2", last_updated=now - timedelta(days=7, minutes=1))
    assert _figures(world, "")[0] == Figures(total=2, errors=0, stale=1, matching=2)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, Listing("", "probleme", 1)),
        (
            {"suche": "  Schmid   GmbH ", "sortierung": "aelteste", "seite": "3"},
            Listing("Schmid GmbH", "aelteste", 3),
        ),
        ({"sortierung": "DROP TABLE", "seite": "-2"}, Listing("", "probleme", 1)),
        ({"seite": "0"}, Listing("", "probleme", 1)),
        ({"seite": "99999999999"}, Listing("", "probleme", 1)),
        ({"seite": "²"}, Listing("", "probleme", 1)),  # isdigit() says yes, int() refuses it
        ({"seite": "١٢"}, Listing("", "probleme", 1)),  # Arabic-Indic twelve is no page number here
        ({"suche": "x" * 300}, Listing("x" * 100, "probleme", 1)),
    ],
)
def test_the_view_is_read_forgivingly_from_the_url(query: dict[str, str], expected: Listing) -> None:
    """An unknown order or unreadable page is the default; a long search is cut to 100 characters."""
    assert Listing.of(query) == expected


def test_links_keep_the_view_and_a_page_past_the_end_is_the_last() -> None:
    """Links carry search and order; page 9 of 120 Mandanten is page 3; the range reads in German."""
    view = Listing("Schmid", "aelteste", 9).within(120)
    assert view.page == 3
    assert view.link(page=2) == "/?suche=Schmid&sortierung=aelteste&seite=2"
    assert Listing().link() == "/"
    whole = pager(Listing(page=2), Figures(total=120, errors=3, stale=5, matching=120))
    assert whole["text"] == "Mandanten 51–100 von 120"
    assert (whole["page"], whole["pages"]) == (2, 3)
    assert whole["links"] == {"erste": "/", "zurueck": "/", "weiter": "/?seite=3", "letzte": "/?seite=3"}
    found = pager(Listing("Schmid"), Figures(total=120, errors=3, stale=5, matching=4))
    assert found["text"] == "Mandanten 1–4 von 4 Treffern für „Schmid“"
    assert found["links"] == {"erste": None, "zurueck": None, "weiter": None, "letzte": None}
    none = pager(Listing("xy"), Figures(120, 3, 5, 0))["text"]
    assert none == "Kein Mandant passt zu „xy“ (Nummer oder Name)."
    assert figures_text(Figures(1200, 3, 5, 1200)) == (
        "Kanzlei gesamt: 1.200 Mandanten, davon 3 mit Fehler und 5 veraltet "
        "(seit mehr als 7 Tagen keine Daten oder noch nie)."
    )


def test_an_office_of_one_mandant_says_so_in_the_singular() -> None:
    """One Mandant is "1 Mandant", not "1 Mandanten"."""
    assert figures_text(Figures(1, 0, 1, 1)) == (
        "Kanzlei gesamt: 1 Mandant, davon 0 mit Fehler und 1 veraltet "
        "(seit mehr als 7 Tagen keine Daten oder noch nie)."
    )


def test_a_single_mandant_or_hit_is_not_a_range() -> None:
    """One Mandant reads "1 Mandant", one hit "1 Treffer für „Schmid“" (not "1–1 von 1 Treffern")."""
    assert pager(Listing(), Figures(1, 0, 0, 1))["text"] == "1 Mandant"
    assert pager(Listing("Schmid"), Figures(120, 3, 5, 1))["text"] == "1 Treffer für „Schmid“"
