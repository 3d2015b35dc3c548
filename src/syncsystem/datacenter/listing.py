"""Which Mandanten the advisor page lists: search, order and page (pure; the store reads them).

An office of 500 Mandanten is no table for one screen, so the overview shows `PER_PAGE` of them at a
time, server-side, in plain links and a GET form (no JavaScript): ``/?suche=Schmid&sortierung=probleme
&seite=2``. `Listing.of` reads those parameters forgivingly (an unknown order is the default, a page
past the end is the last page), `Listing.link` writes them back, and `pager` words the page's place
("Mandanten 51–100 von 120") from the catalogue. The office-wide figures (`Figures`: how many
Mandanten, how many with an error, how many stale) always count every Mandant, whatever the page.
The Einstellungen page lists the Mandanten for the nightly choice with the same view and pager, but
its pager and search are buttons of the nightly form: moving saves the page's ticks first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from syncsystem.datacenter import wording
from syncsystem.messages import Captions
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole

__all__ = [
    "DEFAULT_ORDER",
    "ORDERS",
    "PER_PAGE",
    "STALE_AFTER",
    "Figures",
    "Listing",
    "figures_text",
    "pager",
]

PER_PAGE = 50
# A Mandant whose newest data is older than this (or who has none) counts as stale ("veraltet"):
# the agent syncs every working night, so a week without data means something is wrong.
STALE_AFTER = timedelta(days=7)
# order key (in the URL) -> label in the page's select box
ORDERS: Captions[str] = {
    "probleme": "Probleme zuerst (Fehler, dann veraltet)",
    "nummer": "Mandantennummer",
    "name": "Name",
    "aelteste": "Zuletzt aktualisiert – älteste zuerst",
    "neueste": "Zuletzt aktualisiert – neueste zuerst",
}
DEFAULT_ORDER = "probleme"
MAX_SEARCH = 100
PAGE = "de"


@dataclass(frozen=True, slots=True)
class Listing:
    """One view of the Mandanten table: a search text (number or name), an order and a page (from 1)."""

    search: str = ""
    order: str = DEFAULT_ORDER
    page: int = 1

    @classmethod
    def of(cls, params: Mapping[str, str]) -> Listing:
        """The view a page's query string asks for; anything unreadable falls back to the default."""
        search = " ".join(str(params.get("suche", "")).split())[:MAX_SEARCH]
        order = str(params.get("sortierung", ""))
        raw = str(params.get("seite", "1"))
        page = whole(raw, 6) or 1
        return cls(search, order if order in ORDERS else DEFAULT_ORDER, max(page, 1))

    @property
    def offset(self) -> int:
        return (self.page - 1) * PER_PAGE

    def within(self, matching: int) -> Listing:
        """The same view on a page that exists (a page past the end shows the last one)."""
        last = max(1, -(-matching // PER_PAGE))
        return self if self.page <= last else replace(self, page=last)

    def params(self, **changes: Any) -> dict[str, str]:
        """The view's query parameters (defaults left out), with ``changes`` applied."""
        view = replace(self, **changes) if changes else self
        out = {"suche": view.search} if view.search else {}
        if view.order != DEFAULT_ORDER:
            out["sortierung"] = view.order
        if view.page != 1:
            out["seite"] = str(view.page)
        return out

    def query(self, **changes: Any) -> str:
        """``?suche=…&seite=2`` for this view with ``changes`` (empty for the default view); forms
        post to their action with it, so a refusal re-renders and a redirect returns to this view."""
        query = urlencode(self.params(**changes))
        return f"?{query}" if query else ""

    def link(self, path: str = "/", **changes: Any) -> str:
        """``/?…`` (or ``path?…``) for this view with ``changes`` (e.g. ``page=2``)."""
        return path + self.query(**changes)


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts over the office: all Mandanten, with an error, stale, and those the search matches."""

    total: int
    errors: int
    stale: int
    matching: int


def figures_text(figures: Figures) -> str:
    """ "120 Mandanten, davon 3 mit Fehler und 5 veraltet (…)" over the whole office ("1 Mandant, …")."""
    if figures.total == 1:
        one = mc.DC_MANDANT_FIGURES(errors=figures.errors, stale=figures.stale, days=STALE_AFTER.days)
        return one.text(PAGE)
    return mc.DC_MANDANTEN_FIGURES(
        total=wording.count(figures.total),
        errors=wording.count(figures.errors),
        stale=wording.count(figures.stale),
        days=STALE_AFTER.days,
    ).text(PAGE)


def pager(listing: Listing, figures: Figures, path: str = "/") -> dict[str, Any]:
    """The page's place and its links to ``path`` (the overview, or Einstellungen): the range text,
    page n of m, first/previous/next/last (``links``), and the page numbers they go to (``targets``:
    the Einstellungen page's pager buttons submit its form with them, saving the ticks first)."""
    matching, page = figures.matching, listing.page
    pages = max(1, -(-matching // PER_PAGE))
    first, last = listing.offset + 1, min(listing.offset + PER_PAGE, matching)
    if not matching:
        text = mc.DC_MANDANTEN_NONE_FOUND(search=listing.search) if listing.search else mc.DC_MANDANTEN_NONE()
    elif matching == 1:  # one is no range: "1 Mandant", "1 Treffer für „…“"
        text = mc.DC_MANDANT_ONE_FOUND(search=listing.search) if listing.search else mc.DC_MANDANT_ONE()
    elif listing.search:
        text = mc.DC_MANDANTEN_RANGE_FOUND(
            first=wording.count(first),
            last=wording.count(last),
            matching=wording.count(matching),
            search=listing.search,
        )
    else:
        text = mc.DC_MANDANTEN_RANGE(
            first=wording.count(first), last=wording.count(last), total=wording.count(matching)
        )
    links = {
        "erste": listing.link(path, page=1) if page > 1 else None,
        "zurueck": listing.link(path, page=page - 1) if page > 1 else None,
        "weiter": listing.link(path, page=page + 1) if page < pages else None,
        "letzte": listing.link(path, page=pages) if page < pages else None,
    }
    targets = {
        key: target
        for key, target in (("erste", 1), ("zurueck", page - 1), ("weiter", page + 1), ("letzte", pages))
        if links[key]
    }
    return {"text": text.text(PAGE), "page": page, "pages": pages, "links": links, "targets": targets}
