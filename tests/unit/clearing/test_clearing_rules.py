"""Pure clearing rules: cents, resolution to one Mandant, occurrence numbering, paid status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.bmd.records import Clearing
from syncsystem.clearing.rules import (
    InvoiceStatus,
    cents,
    invoice_status,
    is_paid,
    natural_key,
    resolve,
)


def _c(nr: str, betrag: str, beleg: str = "BK-1", day: int = 5) -> Clearing:
    return Clearing(nr, Decimal(betrag), date(2026, 3, day), 2800, beleg, "Zahlung")


def test_cents_is_exact_and_refuses_fractions_of_a_cent() -> None:
    """Amounts become integer cents exactly; sub-cent amounts are refused, never rounded."""
    assert cents(Decimal("120.00")) == 12000
    assert cents(Decimal("-0.05")) == -5
    with pytest.raises(ValueError, match="more than two decimals"):
        cents(Decimal("1.005"))


def test_known_invoice_resolves_to_its_only_mandant() -> None:
    """A number known in exactly one Mandant yields one payment for that Mandant."""
    res = resolve([(2, _c("R-1", "50.00"))], "a.csv", {"R-1": ["100"]})
    assert [(p.mandant, p.rechnungsnr, p.betrag_cents, p.line) for p in res.payments] == [
        ("100", "R-1", 5000, 2)
    ]
    assert res.unknown == () and res.ambiguous == ()


def test_number_in_two_mandanten_is_reported_ambiguous_not_guessed() -> None:
    """An invoice number several Mandanten know is reported with those Mandanten and not assigned."""
    res = resolve([(3, _c("R-9", "10.00"))], "a.csv", {"R-9": ["200", "100"]})
    assert res.payments == ()
    assert [(u.line, u.mandanten) for u in res.ambiguous] == [(3, ("100", "200"))]


def test_mandant_option_disambiguates_and_unknown_is_reported() -> None:
    """With a Mandant named, only its invoices count; a number it lacks is reported unknown."""
    known = {"R-9": ["200", "100"], "R-7": ["200"]}
    res = resolve([(2, _c("R-9", "1.00")), (3, _c("R-7", "1.00"))], "f", known, "100")
    assert [p.mandant for p in res.payments] == ["100"]
    assert [(u.line, u.rechnungsnr) for u in res.unknown] == [(3, "R-7")]
    assert "Mandant 100" in res.unknown[0].reason


def test_identical_rows_in_one_file_are_distinct_occurrences() -> None:
    """Clear, reverse, clear again with the same document: three payments, keys all different."""
    rows = [(2, _c("R-1", "50.00")), (3, _c("R-1", "-50.00")), (4, _c("R-1", "50.00"))]
    res = resolve(rows, "f", {"R-1": ["1"]})
    keys = [natural_key(p) for p in res.payments]
    assert len(set(keys)) == 3
    assert [p.seq for p in res.payments] == [1, 1, 2]


def test_the_same_row_in_another_file_has_the_same_key() -> None:
    """Keys do not depend on file name or line, so overlapping files collide in the database."""
    a = resolve([(2, _c("R-1", "50.00"))], "a.csv", {"R-1": ["1"]}).payments[0]
    b = resolve([(9, _c("R-1", "50.00"))], "b.csv", {"R-1": ["1"]}).payments[0]
    assert natural_key(a) == natural_key(b)


@pytest.mark.parametrize(
    ("amount", "paid", "status"),
    [
        (10000, 0, InvoiceStatus.OPEN),
        (10000, 4000, InvoiceStatus.PARTIAL),
        (10000, 10000, InvoiceStatus.PAID),
        (10000, 12000, InvoiceStatus.OVERPAID),
        (-5000, -5000, InvoiceStatus.PAID),
        (-5000, -1000, InvoiceStatus.PARTIAL),
    ],
)
def test_invoice_status_follows_the_sum_of_payments(amount: int, paid: int, status: InvoiceStatus) -> None:
    """Paid means the payments reach the amount; credit notes are reached from below."""
    assert invoice_status(amount, paid) is status
    assert is_paid(amount, paid) == (status in (InvoiceStatus.PAID, InvoiceStatus.OVERPAID))
