"""The nightly choice of a large office, 50 Mandanten a page: a save changes only the Mandanten its
page showed (saving page 2 keeps page 1's ticks), "Alle auswählen" / "Keinen auswählen" set the
whole office, and Einstellungen pages and searches like the overview. The office is `hand_office`
(K001 … K120); every expected list is read off its table by hand."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.unit.datacenter.hand_office import build, numbers

from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.store import nightly

from .conftest import admin_page  # type: ignore[import-not-found]

OFFICE = "kanzlei-a"


def _among(world: Any, shown: list[str], ticked: list[str]) -> int:
    with world.store.write() as conn:
        return nightly.choose_among(conn, OFFICE, shown, ticked)


def _chosen(world: Any) -> tuple[str, ...] | None:
    return nightly.chosen(world.store.engine, OFFICE)


def _ticked(world: Any) -> int:
    with world.store.read() as conn:
        return nightly.ticked(conn, OFFICE)


# (page shown, ticked on it) saved one after the other -> how many ticks changed, the office's choice
SAVES = [
    ((numbers(1, 50), ["K001", "K002"]), 2, ("K001", "K002")),
    ((numbers(51, 100), ["K051"]), 1, ("K001", "K002", "K051")),  # page 2 keeps page 1's ticks
    ((numbers(101, 120), ["K120"]), 1, ("K001", "K002", "K051", "K120")),
    ((numbers(1, 50), ["K002", "K003"]), 2, ("K002", "K003", "K051", "K120")),  # K001 off, K003 on
    ((numbers(51, 100), []), 1, ("K002", "K003", "K120")),  # page 2 saved with nothing ticked
    ((["K007", "K033", "K090", "K115"], ["K090"]), 1, ("K002", "K003", "K090", "K120")),  # a search's page
    ((numbers(1, 50), ["K002", "K003"]), 0, ("K002", "K003", "K090", "K120")),  # saved as it was
]


def test_each_save_changes_only_the_mandanten_its_page_showed(world: Any) -> None:
    """The saves of the hand table, in turn: each changes as many ticks as listed, and after each
    exactly the listed Mandanten are ticked."""
    build(world, world.a)
    for (shown, ticked), changed, expected in SAVES:
        assert _among(world, shown, ticked) == changed, (shown[0], ticked)
        assert _chosen(world) == expected, (shown[0], ticked)
        assert _ticked(world) == len(expected)


def test_a_ticked_mandant_counts_as_shown_and_another_office_is_untouched(world: Any) -> None:
    """K060 ticked though the page named only K001: both are that page's; office B keeps its tick."""
    build(world, world.a)
    world.know(world.b, "K001")
    with world.store.write() as conn:
        nightly.choose(conn, world.b.office_id, ["K001"])
    _among(world, ["K001"], ["K060"])
    assert _chosen(world) == ("K060",)
    assert nightly.chosen(world.store.engine, world.b.office_id) == ("K001",)


def test_an_unknown_mandant_refuses_the_whole_save(world: Any) -> None:
    """ "K999" is no Mandant of the office: the refusal names it and page 1's ticks stay as they were."""
    build(world, world.a)
    _among(world, numbers(1, 50), ["K001"])
    with pytest.raises(RefusedError) as refused:
        _among(world, [*numbers(1, 50), "K999"], ["K002"])
    assert "K999" in refused.value.reason.text("de")
    assert _chosen(world) == ("K001",)


def test_all_and_none_set_the_whole_office(world: Any) -> None:
    """ "Alle auswählen" ticks all 120 (not the page's 50); "Keinen auswählen" clears them: no choice."""
    build(world, world.a)
    _among(world, numbers(1, 50), ["K001"])
    with world.store.write() as conn:
        assert nightly.choose_all(conn, OFFICE, ticked=True) == 120
    assert _chosen(world) == tuple(numbers(1, 120)) and _ticked(world) == 120
    with world.store.write() as conn:
        nightly.choose_all(conn, OFFICE, ticked=False)
    assert _chosen(world) is None and _ticked(world) == 0


# --- the page over a test client ------------------------------------------------------------------
_ROW = re.compile(
    r'<tr data-mandant="([^"]+)"><td><input type="hidden" name="gezeigt" value="\1">'
    r'<input type="checkbox" name="nacht" value="\1" id="n-\1"( checked)?>'
)


def _rows(html: str) -> list[tuple[str, bool]]:
    return [(m, bool(checked)) for m, checked in _ROW.findall(html)]


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_settings_page_pages_searches_and_saves_one_page(world: Any) -> None:
    """By number, page 2 shows K051-K100 with their ticks; saving it (K051 ticked) keeps page 1's
    K001 and returns to page 2; "Schmid" finds the four hand-listed names; the summary counts all."""
    build(world, world.a)
    _among(world, numbers(1, 50), ["K001"])
    with admin_page(world) as page:
        second = page.get("/einstellungen?sortierung=nummer&seite=2").text
        assert _rows(second) == [(m, False) for m in numbers(51, 100)]
        assert "Mandanten 51–100 von 120" in second and "Seite 2 von 3" in second
        assert (
            '<button type="submit" form="nacht-form" name="blaettern" value="3" class="link weiter">'
            "Weiter ›</button>"
        ) in second
        assert 'action="/einstellungen/nacht?sortierung=nummer&amp;seite=2"' in second
        assert "1 von 120 Mandanten der Kanzlei für die Nacht angehakt (auf allen Seiten)." in second
        saved = page.post(
            "/einstellungen/nacht?sortierung=nummer&seite=2",
            data={"gezeigt": numbers(51, 100), "nacht": ["K051"]},
            follow_redirects=False,
        )
        assert saved.headers["location"] == "/einstellungen?sortierung=nummer&seite=2&notice=nacht"
        after = page.get(saved.headers["location"]).text
        assert "Auswahl für die nächtliche Synchronisierung gespeichert" in after
        assert _rows(after)[0] == ("K051", True)
        assert ("K001", True) in _rows(page.get("/einstellungen?sortierung=nummer").text)
        assert _chosen(world) == ("K001", "K051")
        found = page.get("/einstellungen?suche=Schmid").text
        assert [m for m, _ in _rows(found)] == ["K007", "K033", "K090", "K115"]
        assert "Mandanten 1–4 von 4 Treffern für „Schmid“" in found


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_all_and_none_on_the_page_reach_every_mandant(world: Any) -> None:
    """Pressed on page 3, "Alle 120 Mandanten auswählen" ticks page 1 too; "Keinen auswählen" clears."""
    build(world, world.a)
    with admin_page(world) as page:
        assert "Keiner der 120 Mandanten der Kanzlei ist angehakt" in page.get("/einstellungen").text
        every = page.post("/einstellungen/nacht?seite=3", data={"gezeigt": numbers(101, 120), "alle": "1"})
        assert "Alle Mandanten der Kanzlei für die nächtliche Synchronisierung angehakt" in every.text
        assert "Alle 120 Mandanten auswählen" in every.text
        assert _chosen(world) == tuple(numbers(1, 120))
        none = page.post(
            "/einstellungen/nacht", data={"gezeigt": numbers(1, 50), "nacht": ["K001"], "alle": "0"}
        )
        assert "Kein Mandant mehr angehakt" in none.text
        assert _chosen(world) is None


# --- paging and searching save the shown page first -----------------------------------------------
NUMBERED = "/einstellungen/nacht?sortierung=nummer"
CARRIED = "Auswahl gespeichert: Ihre Änderungen an den Haken der vorigen Seite sind gesichert"
# (posted to, the page's Mandanten, ticked on it, the button pressed) -> where the page goes next and
# the office's choice afterwards; a notice only where a tick changed. No step pressed "speichern".
MOVES = [
    (
        (NUMBERED, numbers(1, 50), ["K001", "K002"], {"blaettern": "2"}),
        ("/einstellungen?sortierung=nummer&seite=2&notice=nacht-mitgenommen", ("K001", "K002")),
    ),
    (
        (f"{NUMBERED}&seite=2", numbers(51, 100), [], {"blaettern": "1"}),  # nothing changed: no notice
        ("/einstellungen?sortierung=nummer", ("K001", "K002")),
    ),
    (
        (NUMBERED, numbers(1, 50), ["K002"], {"blaettern": "3"}),  # K001 unticked, then "Letzte »"
        ("/einstellungen?sortierung=nummer&seite=3&notice=nacht-mitgenommen", ("K002",)),
    ),
    (
        (
            f"{NUMBERED}&seite=3",
            numbers(101, 120),
            ["K120"],
            {"blaettern": "suche", "suche": "  Schmid ", "sortierung": "name"},
        ),  # "Anzeigen": page 1 of it
        ("/einstellungen?suche=Schmid&sortierung=name&notice=nacht-mitgenommen", ("K002", "K120")),
    ),
    (
        (
            "/einstellungen/nacht?suche=Schmid&sortierung=name",
            ["K007", "K033", "K090", "K115"],
            ["K090"],
            {"blaettern": "alle-zeigen"},
        ),  # "Suche aufheben" keeps the order
        ("/einstellungen?sortierung=name&notice=nacht-mitgenommen", ("K002", "K090", "K120")),
    ),
    (
        (NUMBERED, numbers(1, 50), ["K002"], {"blaettern": "2"}),
        ("/einstellungen?sortierung=nummer&seite=2", ("K002", "K090", "K120")),
    ),
]


def test_paging_and_searching_save_the_shown_page_first(world: Any) -> None:
    """The moves of the hand table, in turn, on both stores: each lands where the table says with
    exactly the listed choice, and the page it lands on says so only when a tick had changed."""
    build(world, world.a)
    with admin_page(world) as page:
        for (action, shown, ticked, pressed), (location, expected) in MOVES:
            form = {"gezeigt": shown, "nacht": ticked, **pressed}
            moved = page.post(action, data=form, follow_redirects=False)
            assert (moved.status_code, moved.headers["location"]) == (303, location), pressed
            assert _chosen(world) == expected, pressed
            landed = page.get(location).text
            assert (CARRIED in landed) == ("notice=" in location), location
            assert "Auswahl für die nächtliche Synchronisierung gespeichert" not in landed


def test_a_tick_carried_by_the_pager_is_on_its_page_when_coming_back(world: Any) -> None:
    """K003 ticked on page 1 and "Weiter ›" pressed: page 2 says the choice is saved; "‹ Zurück"
    shows page 1 with K003 ticked and nothing else; the summary counts 1 of 120."""
    build(world, world.a)
    with admin_page(world) as page:
        first = page.get("/einstellungen?sortierung=nummer").text
        button = '<button type="submit" {}form="nacht-form" name="blaettern" value="{}"'
        assert button.format("", "2") + ' class="link weiter">' in first
        assert button.format('id="suche-button" ', "suche") + ">" in first
        second = page.post(NUMBERED, data={"gezeigt": numbers(1, 50), "nacht": ["K003"], "blaettern": "2"})
        assert CARRIED in second.text and _rows(second.text) == [(m, False) for m in numbers(51, 100)]
        back = page.post(f"{NUMBERED}&seite=2", data={"gezeigt": numbers(51, 100), "blaettern": "1"})
        assert CARRIED not in back.text
        assert [m for m, ticked in _rows(back.text) if ticked] == ["K003"]
        assert "1 von 120 Mandanten der Kanzlei für die Nacht angehakt (auf allen Seiten)." in back.text
    assert _chosen(world) == ("K003",)


def test_a_refused_page_does_not_move(world: Any) -> None:
    """A page naming "K999" (no Mandant of the office) and "Weiter ›": refused on the same page (422),
    nothing stored, no move."""
    build(world, world.a)
    with admin_page(world) as page:
        refused = page.post(
            NUMBERED,
            data={"gezeigt": [*numbers(1, 50), "K999"], "nacht": ["K001"], "blaettern": "2"},
            follow_redirects=False,
        )
        assert refused.status_code == 422 and "K999" in refused.text
        assert _rows(refused.text)[0] == ("K001", False)
    assert _chosen(world) is None
