"""Corrections an accountant books against an earlier invoice: credit notes and reversals (Storno).

A Storno repeats every line of the original document under a new number with the signs flipped
and clears it against the original (``ausz_belegnr``); a Gutschrift books part of an outgoing
invoice back on the revenue-reduction account 4400. Which invoice and how much come from the day's
seeded ``random.Random``, drawn in a fixed order, so a seed gives the same books. Used by
:class:`emulators.bmd.activity.Day`.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from .books import MandantBooks, OpenItemState
from .posting import ZERO, Document, money

__all__ = ["credit_note", "reverse_er", "storno"]


def storno(
    original: Document, item: OpenItemState, nr: str, day: date, *, periode: int, text: str
) -> Document:
    """``original`` reversed under number ``nr``: every line with flipped signs, cleared against it."""
    lines = tuple(
        replace(
            line,
            belegnr=nr,
            belegdatum=day,
            buchdatum=day,
            betrag=-line.betrag,
            steuer=None if line.steuer is None else -line.steuer,
            text=text,
            ausz_belegnr=item.belegnr,
            ausz_betrag=line.betrag,
            periode=periode,
        )
        for line in original.lines
    )
    return Document(original.symbol, nr, day, lines)


def credit_note(books: MandantBooks, rng: random.Random, day: date, periode: int) -> Document | None:
    """A Gutschrift for part of an untouched invoice, or a full Storno of it (None: nothing fits)."""
    fresh = [
        i
        for i in books.items.values()
        if i.symbol == "AR" and i.cleared == ZERO and i.open > 0 and (day - i.datum).days < 30
    ]
    if not fresh:
        return None
    item = rng.choice(fresh)
    original = books.document("AR", item.belegnr)
    if rng.random() < 0.4:
        nr = str(books.next_number("AR", 1))
        return storno(original, item, nr, day, periode=periode, text=f"Storno {item.belegnr}")
    first = original.lines[0]
    rate = first.prozent or Decimal(0)
    gross = money(item.open * Decimal(rng.uniform(0.05, 0.3)))
    tax = money(gross * rate / (100 + rate))
    nr = str(books.next_number("GU", 1))
    line = replace(
        first,
        gkonto=4400,
        belegnr=nr,
        belegdatum=day,
        buchdatum=day,
        betrag=-gross,
        steuer=tax,
        buchsymbol="GU",
        text=f"Gutschrift zu {item.belegnr}",
        ausz_belegnr=item.belegnr,
        ausz_betrag=gross,
        periode=periode,
    )
    return Document("GU", nr, day, (line,))


def reverse_er(books: MandantBooks, rng: random.Random, day: date, periode: int) -> Document | None:
    """Storno of an incoming invoice that was booked in error (None: no uncleared one exists)."""
    fresh = [i for i in books.items.values() if i.symbol == "ER" and i.cleared == ZERO and i.open < 0]
    if not fresh:
        return None
    item = rng.choice(fresh)
    original = books.document("ER", item.belegnr)
    nr = str(books.next_number("ER", 1))
    return storno(original, item, nr, day, periode=periode, text=f"Storno ER {item.belegnr}")
