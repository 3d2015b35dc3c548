"""`bmd.taxes.convention` and the tax-amount rule at their edges, each expected value by hand.

Rates and amounts as bmd-format.md §1.4 and NAVAX describe them: a person account leads → betrag is
gross (tax = betrag × p / (100 + p)); a Sachkonto leads → net (tax = betrag × p / 100, NAVAX) or gross;
an Erwerbsteuer line (codes 8, 9) → net. One cent of rounding is allowed, not two.
These tables hold the survivors of a mutation run (see the mutants branch's report)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.bmd.checks import check_record, convention
from syncsystem.bmd.records import Booking, Buchcode

D = Decimal


def _line(
    konto: int,
    gkonto: int | None,
    betrag: str,
    prozent: str | None,
    steuer: str | None,
    code: int | None = None,
) -> Booking:
    return Booking(
        konto,
        "1",
        date(2026, 3, 2),
        Buchcode.HABEN,
        D(betrag),
        gkonto=gkonto,
        buchsymbol="AR",
        prozent=None if prozent is None else D(prozent),
        steuercode=code,
        steuer=None if steuer is None else D(steuer),
    )


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
def test_convention_table(
    konto: int,
    gkonto: int | None,
    betrag: str,
    prozent: str | None,
    steuer: str | None,
    code: int | None,
    expected: str | None,
) -> None:
    assert convention(_line(konto, gkonto, betrag, prozent, steuer, code)) == expected


_NEITHER = "net betrag -100,00 × 20 % = 20,00 (NAVAX), gross share 16,67; ±0,01 in magnitude"


@pytest.mark.parametrize(
    ("konto", "gkonto", "expected"),
    [
        # a Sachkonto leads against a customer: the person account is named as such
        (
            4000,
            200100,
            "tax -18,00 fits neither convention of a Sachkonto-led line (konto 4000, "
            f"person account 200100 in gkonto): {_NEITHER}",
        ),
        # no person account at all: against the bank, or with no counter account
        (
            4000,
            2800,
            f"tax -18,00 fits neither convention of a line without a person account (konto 4000, "
            f"gkonto 2800): {_NEITHER}",
        ),
        (
            4000,
            None,
            f"tax -18,00 fits neither convention of a line without a person account (konto 4000, "
            f"gkonto ): {_NEITHER}",
        ),
    ],
)
def test_a_tax_fitting_no_convention_names_both_and_the_accounts(
    konto: int, gkonto: int | None, expected: str
) -> None:
    """Revenue −100,00 at 20 %: net tax 20,00, gross share 100 × 20 / 120 = 16,67; −18,00 is neither
    (two cents or more from both). betrag is named with its sign, the expected taxes in magnitude."""
    found = check_record(_line(konto, gkonto, "-100.00", "20", "-18.00"))
    assert [(field, str(message)) for field, message in found] == [("steuer", expected)]


def test_a_person_led_tax_off_the_gross_share_names_betrag_with_its_sign() -> None:
    """Customer 200100 −120,00 gross at 20 % (a credit note, its USt in Soll: +): the share is
    120 × 20 / 120 = 20,00; 18,00 is off."""
    found = check_record(_line(200100, 4000, "-120.00", "20", "18.00"))
    assert [(field, str(message)) for field, message in found] == [
        ("steuer", "tax 18,00 does not match 20 % of gross -120,00 (expected 20,00 ±0,01 in magnitude)")
    ]
