"""The clearing rules against hand-written tables: every field of every resolved payment, every
reported row, and the paid status of invoices and credit notes (amounts in cents, worked by hand)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from syncsystem.bmd.records import Clearing
from syncsystem.clearing.rules import (
    InvoiceStatus,
    Payment,
    Unresolved,
    cents,
    invoice_status,
    is_paid,
    natural_key,
    reason_ambiguous_account,
    resolve,
)

D5, D6 = date(2026, 3, 5), date(2026, 3, 6)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", 0),
        ("0.01", 1),
        ("12.3", 1230),
        ("-5.05", -505),
        ("1310.00", 131000),
        ("1E+2", 10000),
        ("-0.10", -10),
        ("999999.99", 99999999),
    ],
)
def test_cents_table(amount: str, expected: int) -> None:
    """Whole cents, sign kept, any Decimal notation."""
    assert cents(Decimal(amount)) == expected
    assert type(cents(Decimal(amount))) is int


@pytest.mark.parametrize("amount", ["0.001", "1.005", "-0.015", "12.3456"])
def test_cents_refuses_fractions_of_a_cent(amount: str) -> None:
    """Finer than a cent is refused with the amount in the message, never rounded."""
    with pytest.raises(ValueError, match=rf"amount {amount} has more than two decimals"):
        cents(Decimal(amount))


def test_unresolved_as_dict_names_every_field() -> None:
    """The report row of an unresolved clearing, field by field."""
    why = reason_ambiguous_account("1001", (200001, 300001))
    row = Unresolved(
        "Auszifferung.csv", 7, "R-9", Decimal("12.50"), ("1001",), why, None, (200001, 300001), "Kto-Nr"
    )
    english = (
        "the row names no account and the number exists on accounts 200001, 300001 in Mandant 1001; "
        "not assigned"
    )
    assert row.as_dict() == {
        "file": "Auszifferung.csv",
        "line": 7,
        "field": "Kto-Nr",
        "rechnungsnr": "R-9",
        "konto": None,
        "betrag": "12.50",
        "mandanten": ["1001"],
        "konten": [200001, 300001],
        "reason": english,
        "reason_code": {
            "code": "clearing.unresolved.several_accounts",
            "values": {"konten": "200001, 300001", "mandant": "1001"},
        },
    }
    assert str(row) == f"Auszifferung.csv:7:Kto-Nr: R-9: {english}"
    assert why.text("de") == (
        "die Zeile nennt kein Konto, und die Nummer gibt es auf den Konten "
        "200001, 300001 in Mandant 1001; nicht zugeordnet"
    )


def test_natural_key_spans_the_identity_fields_in_order() -> None:
    """(mandant, rechnungsnr, zahlungsbelegnr, konto, ISO date, cents, seq) — text, file, line are not."""
    p = Payment("1001", "R-1", "BK-1", 200001, D5, 1250, 2, "Zahlung", "a.csv", 3)
    assert natural_key(p) == ("1001", "R-1", "BK-1", 200001, "2026-03-05", 1250, 2)
    assert natural_key(p._replace(text="x", source="b.csv", line=9)) == natural_key(p)


def _rows(*clearings: Clearing) -> list[tuple[int, Clearing]]:
    return list(enumerate(clearings, start=2))  # line 1 is the header


# invoice number -> every (Mandant, person account) with an invoice of that number
KNOWN = {
    "R-1": [("1001", 200001)],
    "R-2": [("1002", 200002), ("1001", 200002)],
    "R-3": [("1002", 300003)],
    "R-4": [],
    "26": [("1001", 200023), ("1001", 300016)],  # a customer's and a supplier's invoice 26
}


def test_resolve_table_every_field() -> None:
    """Eleven rows: six payments (two identical ones numbered 1 and 2), two ambiguous, three unknown —
    each with file, line, account, amount and reason as written here."""
    rows = _rows(
        Clearing("R-1", Decimal("100.00"), D5, 200001, "BK-1", "Zahlung 1"),
        Clearing("R-1", Decimal("100.00"), D5, 200001, "BK-1", "Zahlung 1 nochmals"),
        Clearing("R-1", Decimal("100.00"), D6, 200001, "BK-1", "anderer Tag"),
        Clearing("R-2", Decimal("5.00"), D5, 200002, "BK-2", "zwei Mandanten"),
        Clearing("R-3", Decimal("-7.25"), D5, 300003, "BK-3", "Gutschrift"),
        Clearing("R-4", Decimal("1.00"), D5, 200001, "BK-4", "leere Liste"),
        Clearing("R-X", Decimal("2.00"), D5, 200001, "BK-5", "unbekannt"),
        Clearing("26", Decimal("3413.33"), D5, 200023, "BK-6", "Kunde zahlt"),
        Clearing("26", Decimal("10.00"), D5, None, "BK-7", "ohne Konto"),
        Clearing("R-1", Decimal("4.00"), D5, 300016, "BK-8", "falsches Konto"),
        Clearing("R-3", Decimal("-1.00"), D6, None, "BK-9", "ohne Konto, eindeutig"),
    )
    result = resolve(rows, "f.csv", KNOWN)
    assert result.payments == (
        Payment("1001", "R-1", "BK-1", 200001, D5, 10000, 1, "Zahlung 1", "f.csv", 2),
        Payment("1001", "R-1", "BK-1", 200001, D5, 10000, 2, "Zahlung 1 nochmals", "f.csv", 3),
        Payment("1001", "R-1", "BK-1", 200001, D6, 10000, 1, "anderer Tag", "f.csv", 4),
        Payment("1002", "R-3", "BK-3", 300003, D5, -725, 1, "Gutschrift", "f.csv", 6),
        Payment("1001", "26", "BK-6", 200023, D5, 341333, 1, "Kunde zahlt", "f.csv", 9),
        Payment("1002", "R-3", "BK-9", 300003, D6, -100, 1, "ohne Konto, eindeutig", "f.csv", 12),
    )
    assert [(u.line, str(u.reason)) for u in result.ambiguous] == [
        (5, "invoice of account 200002 exists in several Mandanten; not assigned"),
        (
            10,
            "the row names no account and the number exists on accounts 200023, 300016 in "
            "Mandant 1001; not assigned",
        ),
    ]
    assert [
        (u.source, u.rechnungsnr, u.betrag, u.mandanten, u.konto, u.konten, u.field) for u in result.ambiguous
    ] == [
        ("f.csv", "R-2", Decimal("5.00"), ("1001", "1002"), 200002, (), "Rng-Nr"),
        ("f.csv", "26", Decimal("10.00"), ("1001",), None, (200023, 300016), "Kto-Nr"),
    ]
    assert [(u.line, str(u.reason)) for u in result.unknown] == [
        (7, "invoice unknown for account 200001"),
        (8, "invoice unknown for account 200001"),
        (11, "invoice unknown for account 300016; the number belongs to account 200001: not assigned"),
    ]
    assert [
        (u.source, u.rechnungsnr, u.betrag, u.mandanten, u.konto, u.konten, u.field) for u in result.unknown
    ] == [
        ("f.csv", "R-4", Decimal("1.00"), (), 200001, (), "Rng-Nr"),
        ("f.csv", "R-X", Decimal("2.00"), (), 200001, (), "Rng-Nr"),
        ("f.csv", "R-1", Decimal("4.00"), (), 300016, (200001,), "Rng-Nr"),
    ]
    assert result.unknown[2].reason.text("de") == (
        "Rechnung zu Konto 300016 unbekannt; die Nummer gehört zu Konto 200001: nicht zugeordnet"
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("zahlungsbelegnr", "BK-9"),
        ("datum", D6),
        ("betrag", Decimal("100.01")),
    ],
)
def test_each_identity_field_starts_its_own_count(field: str, value: object) -> None:
    """Two rows differing in one identity field are both occurrence 1; the text does not count."""
    first = Clearing("R-1", Decimal("100.00"), D5, 200001, "BK-1", "a")
    fields = {
        "rechnungsnr": "R-1",
        "betrag": Decimal("100.00"),
        "datum": D5,
        "konto": 200001,
        "zahlungsbelegnr": "BK-1",
        "text": "b",
    }
    second = Clearing(**{**fields, field: value})  # type: ignore[arg-type]
    same_but_text = Clearing(**fields)  # type: ignore[arg-type]
    result = resolve(_rows(first, second, same_but_text), "f.csv", {"R-1": [("1001", 200001)]})
    assert [p.seq for p in result.payments] == [1, 1, 2]


def test_only_mandant_scopes_resolution_and_names_itself_in_the_reason() -> None:
    """With the file's Mandant given, a number of two Mandanten resolves; others' numbers are unknown."""
    owners = {"R-2": [("1001", 200002), ("1002", 200002)], "R-5": [("1001", 200005)]}
    rows = _rows(
        Clearing("R-2", Decimal("1.00"), D5, 200002, "BK-1"),
        Clearing("R-5", Decimal("2.00"), D5, 200005, "BK-2"),
    )
    result = resolve(rows, "f.csv", owners, only_mandant="1002")
    assert result.payments == (Payment("1002", "R-2", "BK-1", 200002, D5, 100, 1, "", "f.csv", 2),)
    assert result.ambiguous == ()
    assert [
        (u.source, u.line, u.rechnungsnr, u.betrag, u.mandanten, u.konto, str(u.reason))
        for u in result.unknown
    ] == [
        ("f.csv", 3, "R-5", Decimal("2.00"), (), 200005, "invoice unknown for account 200005 in Mandant 1002")
    ]
    assert result.unknown[0].reason.text("de") == "Rechnung zu Konto 200005 in Mandant 1002 unbekannt"


def test_empty_file_resolves_to_nothing() -> None:
    """No rows: no payments, nothing reported."""
    result = resolve([], "f.csv", {"R-1": [("1001", 200001)]})
    assert (result.payments, result.ambiguous, result.unknown) == ((), (), ())


# amount, paid (cents) → paid?, status — invoices (positive) and credit notes (negative)
STATUS = [
    (10000, 0, False, InvoiceStatus.OPEN),
    (10000, 1, False, InvoiceStatus.PARTIAL),
    (10000, 9999, False, InvoiceStatus.PARTIAL),
    (10000, 10000, True, InvoiceStatus.PAID),
    (10000, 10001, True, InvoiceStatus.OVERPAID),
    (-5000, 0, False, InvoiceStatus.OPEN),
    (-5000, -4999, False, InvoiceStatus.PARTIAL),
    (-5000, -5000, True, InvoiceStatus.PAID),
    (-5000, -5001, True, InvoiceStatus.OVERPAID),
    (-5000, 100, False, InvoiceStatus.PARTIAL),
    (0, 0, True, InvoiceStatus.PAID),
    (0, 1, True, InvoiceStatus.OVERPAID),
]


@pytest.mark.parametrize(("amount", "paid", "is_paid_", "status"), STATUS)
def test_paid_and_status_table(amount: int, paid: int, is_paid_: bool, status: InvoiceStatus) -> None:
    """Paid once the payments reach the amount — upwards for invoices, downwards for credit notes."""
    assert is_paid(amount, paid) is is_paid_
    assert invoice_status(amount, paid) is status
    # a cancelled invoice (debtors cancel) is "storniert" whatever was paid on it
    assert invoice_status(amount, paid, cancelled=True) is InvoiceStatus.CANCELLED


def test_status_words_are_the_advisors() -> None:
    """The stored/displayed words are German, as the advisor reads them."""
    assert [s.value for s in InvoiceStatus] == ["offen", "teilbezahlt", "bezahlt", "überzahlt", "storniert"]
