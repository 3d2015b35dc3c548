"""`bmd.taxes.convention` and the tax-amount rule at their edges, each expected value by hand.

Rates and amounts as bmd-format.md §1.4 and NAVAX describe them: a person account leads → betrag is
gross (tax = betrag × p / (100 + p)); a Sachkonto leads → net (tax = betrag × p / 100, NAVAX) or gross;
an Erwerbsteuer line (codes 8, 9) → net. One cent of rounding is allowed, not two.
These tables hold the survivors of a mutation run (see the mutants branch's report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.bmd.checks import convention
from syncsystem.bmd.records import Booking, Buchcode

D = Decimal


def _line(konto: int, gkonto: int | None, betrag: str, prozent: str | None, steuer: str | None,
          code: int | None = None) -> Booking:
    return Booking(konto, "1", date(2026, 3, 2), Buchcode.HABEN, D(betrag), gkonto=gkonto,
                   buchsymbol="AR", prozent=None if prozent is None else D(prozent), steuercode=code,
                   steuer=None if steuer is None else D(steuer))


@pytest.mark.parametrize(
    ("konto", "gkonto", "betrag", "prozent", "steuer", "code", "expected"),
    [
        # no tax given, or a rate of 0 %: not a taxed line, whatever else the line says
        (4000, 200100, "-100.00", "20", None, None, None),
        (200100, 4000, "-120.00", "20", None, None, None),
        (4000, 200100, "-100.00", "20", None, 8, None),
        (4000, 200100, "-100.00", "0", "0.00", None, None),
        (4000, 200100, "-100.00", "0", "-20.00", None, None),
        (4000, 200100, "-100.00", None, "-20.00", None, None),
        # a person account leads: gross, even when the tax happens to be p % of betrag
        # (200100 −100,00 at 20 %: 20,00 is the net tax; the gross share would be 16,67)
        (200100, 4000, "-100.00", "20", "-20.00", None, "gross"),
        (200100, 4000, "-120.00", "20", "-20.00", None, "gross"),
        # a Sachkonto leads: net when the tax is within one cent of p % of betrag (20,00 ± 0,01) …
        (4000, 200100, "-100.00", "20", "-20.01", None, "net"),
        (4000, 200100, "-100.00", "20", "-19.99", None, "net"),
        (4000, None, "-100.00", "20", "-20.01", None, "net"),
        # … and gross from two cents off (20,02 is neither 20,00 nor 16,67: still "gross", the other)
        (4000, 200100, "-100.00", "20", "-20.02", None, "gross"),
        (4000, 200100, "-120.00", "20", "-20.00", None, "gross"),
        # Erwerbsteuer: net whichever account leads
        (200100, 4000, "-100.00", "20", "-20.00", 9, "net"),
    ],
)
def test_convention_table(konto: int, gkonto: int | None, betrag: str, prozent: str | None,
                          steuer: str | None, code: int | None, expected: str | None) -> None:
    assert convention(_line(konto, gkonto, betrag, prozent, steuer, code)) == expected
