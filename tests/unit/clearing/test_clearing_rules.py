"""Pure clearing rules: cents, resolution by (Mandant, account, number), occurrences, paid status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.bmd.records import Clearing
from syncsystem.clearing.paid import crossing_dates
from syncsystem.clearing.rules import (
    InvoiceStatus,
    cents,
    invoice_status,
    is_paid,
    natural_key,
    resolve,
)

CUSTOMER, SUPPLIER = 200023, 300016


def _c(nr: str, betrag: str, beleg: str = "BK-1", day: int = 5, konto: int | None = CUSTOMER) -> Clearing:
    return Clearing(nr, Decimal(betrag), date(2026, 3, day), konto, beleg, "Zahlung")


def test_cents_is_exact_and_refuses_fractions_of_a_cent() -> None:
    """Amounts become integer cents exactly; sub-cent amounts are refused, never rounded."""
    assert cents(Decimal("120.00")) == 12000
    assert cents(Decimal("-0.05")) == -5
    with pytest.raises(ValueError, match="more than two decimals"):
        cents(Decimal("1.005"))


def test_known_invoice_resolves_to_its_only_mandant() -> None:
    """An invoice (number on the row's account) known in exactly one Mandant yields one payment."""
    res = resolve([(2, _c("R-1", "50.00"))], "a.csv", {"R-1": [("100", CUSTOMER)]})
    assert [(p.mandant, p.konto, p.rechnungsnr, p.betrag_cents, p.line) for p in res.payments] == [
        ("100", CUSTOMER, "R-1", 5000, 2)
    ]
    assert res.unknown == () and res.ambiguous == ()


def test_payment_lands_on_the_invoice_of_its_account() -> None:
    """Customer and supplier share invoice number 26 in one Mandant: the customer's row pays the
    customer's invoice, the supplier's row the supplier's."""
    known = {"26": [("1001", SUPPLIER), ("1001", CUSTOMER)]}
    rows = [(2, _c("26", "3413.33", "BK-7")), (3, _c("26", "-1527.90", "BK-8", konto=SUPPLIER))]
    res = resolve(rows, "a.csv", known)
    assert [(p.konto, p.betrag_cents) for p in res.payments] == [(CUSTOMER, 341333), (SUPPLIER, -152790)]


def test_invoice_of_another_account_is_never_taken() -> None:
    """The customer's invoice 26 unknown, the supplier's known: the row is unknown, not attached."""
    res = resolve([(2, _c("26", "3413.33"))], "a.csv", {"26": [("1001", SUPPLIER)]})
    assert res.payments == ()
    assert [(u.line, u.field, u.konto, u.konten) for u in res.unknown] == [
        (2, "Rng-Nr", CUSTOMER, (SUPPLIER,))
    ]
    assert "account 200023" in str(res.unknown[0].reason) and "300016" in str(res.unknown[0].reason)


def test_row_without_account_matches_only_a_unique_number() -> None:
    """No account on the row: unique number in the Mandant is attached (to that invoice's account);
    a number on two accounts is ambiguous and names the Kto-Nr field."""
    known = {"26": [("1001", CUSTOMER), ("1001", SUPPLIER)], "27": [("1001", CUSTOMER)]}
    res = resolve([(2, _c("26", "10.00", konto=None)), (3, _c("27", "10.00", konto=None))], "f.csv", known)
    assert [(p.rechnungsnr, p.konto) for p in res.payments] == [("27", CUSTOMER)]
    assert [(u.line, u.field, u.konten, u.mandanten) for u in res.ambiguous] == [
        (2, "Kto-Nr", (CUSTOMER, SUPPLIER), ("1001",))
    ]
    assert str(res.ambiguous[0]).startswith("f.csv:2:Kto-Nr: 26: ")


def test_number_in_two_mandanten_is_reported_ambiguous_not_guessed() -> None:
    """An invoice of one account that several Mandanten know is reported with them, not assigned."""
    res = resolve([(3, _c("R-9", "10.00"))], "a.csv", {"R-9": [("200", CUSTOMER), ("100", CUSTOMER)]})
    assert res.payments == ()
    assert [(u.line, u.mandanten) for u in res.ambiguous] == [(3, ("100", "200"))]


def test_mandant_option_disambiguates_and_unknown_is_reported() -> None:
    """With a Mandant named, only its invoices count; a number it lacks is reported unknown."""
    known = {"R-9": [("200", CUSTOMER), ("100", CUSTOMER)], "R-7": [("200", CUSTOMER)]}
    res = resolve([(2, _c("R-9", "1.00")), (3, _c("R-7", "1.00"))], "f", known, "100")
    assert [p.mandant for p in res.payments] == ["100"]
    assert [(u.line, u.rechnungsnr) for u in res.unknown] == [(3, "R-7")]
    assert "Mandant 100" in str(res.unknown[0].reason)


def test_identical_rows_in_one_file_are_distinct_occurrences() -> None:
    """Clear, reverse, clear again with the same document: three payments, keys all different."""
    rows = [(2, _c("R-1", "50.00")), (3, _c("R-1", "-50.00")), (4, _c("R-1", "50.00"))]
    res = resolve(rows, "f", {"R-1": [("1", CUSTOMER)]})
    keys = [natural_key(p) for p in res.payments]
    assert len(set(keys)) == 3
    assert [p.seq for p in res.payments] == [1, 1, 2]


def test_the_same_row_in_another_file_has_the_same_key() -> None:
    """Keys do not depend on file name or line, so overlapping files collide in the database."""
    a = resolve([(2, _c("R-1", "50.00"))], "a.csv", {"R-1": [("1", CUSTOMER)]}).payments[0]
    b = resolve([(9, _c("R-1", "50.00"))], "b.csv", {"R-1": [("1", CUSTOMER)]}).payments[0]
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


def test_a_cancelled_invoice_is_cancelled_whatever_was_paid() -> None:
    """Storniert wins over every sum."""
    assert invoice_status(10000, 10000, cancelled=True) is InvoiceStatus.CANCELLED


@pytest.mark.parametrize(
    ("daily", "expected"),
    [
        # 120,00: 100,00 on 05.03., 20,00 on 12.03. → paid 12.03.
        ([(1, 12000, "2026-03-05", 10000), (1, 12000, "2026-03-12", 2000)], [(1, "2026-03-12")]),
        # paid 05.03., overpaid by 5,00 on 11.03. → stays 05.03.
        ([(1, 5000, "2026-03-05", 5000), (1, 5000, "2026-03-11", 500)], [(1, "2026-03-05")]),
        # paid 05.03., reversed 07.03., paid again 10.03. → 10.03.
        (
            [(1, 5000, "2026-03-05", 5000), (1, 5000, "2026-03-07", -5000), (1, 5000, "2026-03-10", 5000)],
            [(1, "2026-03-10")],
        ),
        # credit note −30,00 refunded on 06.03.; a second invoice paid 04.03.
        (
            [(1, -3000, "2026-03-06", -3000), (2, 800, "2026-03-04", 800)],
            [(1, "2026-03-06"), (2, "2026-03-04")],
        ),
    ],
)
def test_paid_date_is_where_the_running_sum_last_reaches_the_amount(
    daily: list[tuple[int, int, str, int]], expected: list[tuple[int, str]]
) -> None:
    """The paid date is the clearing date from which the invoice stays paid (sums per day, by hand)."""
    assert crossing_dates(daily) == expected
