"""apaleo-style export formats: single bookings, aggregated bookings, person-account file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from syncsystem.interfaces.export_formats import (
    AccountMapping,
    AccountType,
    Company,
    ExportConfig,
    Source,
    Transaction,
    aggregate_belegnr,
    aggregated_bookings,
    person_accounts,
    single_bookings,
)

CONFIG = ExportConfig(
    accounts={
        "GUEST": AccountMapping(2000, AccountType.RECEIVABLE),
        "ACME": AccountMapping(200100, AccountType.COMPANY),
        "OTHERCO": AccountMapping(200200, AccountType.COMPANY),
        "ROOMS": AccountMapping(4000, AccountType.REVENUE, "10"),
        "CITYTAX": AccountMapping(3600, AccountType.LIABILITY),
    },
    belegnr_source=Source.RESERVATION,
    text_source=Source.SERVICE,
    extbelegnr_source=Source.INVOICE,
    buchsymbole={AccountType.COMPANY: "AR", AccountType.RECEIVABLE: "KA"},
    companies={
        "ACME": Company("ACME", "Acme GmbH", "Ring 1", "1010", "Wien", "AT", "ATU12345678"),
        "OTHERCO": Company("OTHERCO", "Other AG"),
    },
)
D1, D2 = date(2026, 3, 2), date(2026, 3, 3)


def _tx(
    i: int,
    day: date,
    debit: str,
    gross: str,
    tax: str = "0",
    vat: str | None = "10",
    storno: bool = False,
    credit: str = "ROOMS",
) -> Transaction:
    return Transaction(
        f"T{i}",
        day,
        debit,
        credit,
        Decimal(gross),
        None if vat is None else Decimal(vat),
        Decimal(tax),
        storno,
        f"B{i}",
        f"RES-{i}",
        "",
        f"INV-{i}",
        f"Zimmer {i}",
    )


def test_single_booking_fields_and_storno_signs() -> None:
    """Gross positive with negative tax; a Storno has negative gross and positive tax."""
    rows, problems = single_bookings(
        [_tx(1, D1, "ACME", "110.00", "10.00"), _tx(2, D1, "ACME", "110.00", "10.00", storno=True)], CONFIG
    )
    assert problems == []
    first, storno = rows
    assert (
        first.satzart,
        first.konto,
        first.gkonto,
        first.belegnr,
        first.belegdatum,
        first.buchsymbol,
        int(first.buchcode),
        first.prozent,
        first.steuercode,
        first.betrag,
        first.steuer,
        first.text,
        first.kost,
        first.extbelegnr,
    ) == (
        0,
        200100,
        4000,
        "RES-1",
        D1,
        "AR",
        1,
        Decimal("10"),
        1,
        Decimal("110.00"),
        Decimal("-10.00"),
        "Zimmer 1",
        "10",
        "INV-1",
    )
    assert (storno.betrag, storno.steuer) == (Decimal("-110.00"), Decimal("10.00"))


def test_untaxed_transaction_leaves_rate_code_and_tax_empty() -> None:
    """Without VAT (e.g. city tax liability) prozent, steuercode and steuer stay empty."""
    rows, _ = single_bookings([_tx(1, D1, "GUEST", "3.00", vat=None, credit="CITYTAX")], CONFIG)
    row = rows[0]
    assert (row.prozent, row.steuercode, row.steuer, row.buchsymbol) == (None, None, None, "KA")


def test_unmapped_account_is_a_problem_not_a_guess() -> None:
    """A source account without BMD mapping is named; no booking is made for it."""
    rows, problems = single_bookings([_tx(1, D1, "NOBODY", "1.00")], CONFIG)
    assert rows == [] and [p.field for p in problems] == ["debit"]


def test_aggregation_sums_per_day_and_account_pair() -> None:
    """Same day and accounts: one line with summed amounts, fixed belegnr, empty extbelegnr."""
    txs = [
        _tx(1, D1, "ACME", "110.00", "10.00"),
        _tx(2, D1, "ACME", "55.00", "5.00"),
        _tx(3, D2, "ACME", "11.00", "1.00"),
        _tx(4, D1, "OTHERCO", "22.00", "2.00"),
    ]
    config = replace(CONFIG, text_source=Source.INVOICE)
    rows, _ = aggregated_bookings(txs, config)
    assert [(r.belegdatum, r.konto, r.betrag, r.steuer, r.belegnr, r.extbelegnr, r.text) for r in rows] == [
        (D1, 200100, Decimal("165.00"), Decimal("-15.00"), "Apaleo-20260302", "", ""),
        (D1, 200200, Decimal("22.00"), Decimal("-2.00"), "Apaleo-20260302", "", ""),
        (D2, 200100, Decimal("11.00"), Decimal("-1.00"), "Apaleo-20260303", "", ""),
    ]


def test_person_file_holds_only_companies_booked() -> None:
    """Only companies whose accounts the exported transactions touched appear, with their data."""
    persons = person_accounts(
        [_tx(1, D1, "ACME", "1.10", "0.10"), _tx(2, D1, "GUEST", "1.10", "0.10")], CONFIG
    )
    assert [(p.konto, p.nachname, p.ort, p.uid) for p in persons] == [
        (200100, "Acme GmbH", "Wien", "ATU12345678")
    ]


ER_CONFIG = ExportConfig(
    accounts={
        "WARE": AccountMapping(5000, AccountType.OTHER),
        "LIEFERANT": AccountMapping(300100, AccountType.COMPANY),
    },
    belegnr_source=Source.INVOICE,
)


def test_incoming_invoice_has_the_supplier_sign_and_input_tax() -> None:
    """ER 120,00 gross at 20 %: supplier leads, buchcode 2, −120,00, Vorsteuer +20,00, code 2, ER;
    its Storno +120,00 / −20,00 (hand-computed, as pr10gtest's supplier line −1200,00 / +200,00)."""
    txs = [
        _tx(1, D1, "WARE", "120.00", "20.00", vat="20", credit="LIEFERANT"),
        _tx(2, D1, "WARE", "120.00", "20.00", vat="20", credit="LIEFERANT", storno=True),
    ]
    rows, problems = single_bookings(txs, ER_CONFIG, incoming=True)
    assert problems == []
    assert [
        (r.konto, r.gkonto, int(r.buchcode), r.betrag, r.steuer, r.steuercode, r.prozent, r.buchsymbol)
        for r in rows
    ] == [
        (300100, 5000, 2, Decimal("-120.00"), Decimal("20.00"), 2, Decimal("20"), "ER"),
        (300100, 5000, 2, Decimal("120.00"), Decimal("-20.00"), 2, Decimal("20"), "ER"),
    ]


def test_aggregated_belegnr_is_one_rule_with_the_delivery_ordinal() -> None:
    """Fixed text + day; a day delivered before (repeats) adds the delivery's ordinal."""
    txs = [_tx(1, D1, "ACME", "110.00", "10.00"), _tx(2, D2, "ACME", "11.00", "1.00")]
    rows, _ = aggregated_bookings(txs, CONFIG, repeats={D1: 1})
    assert [r.belegnr for r in rows] == ["Apaleo-20260302-2", "Apaleo-20260303"]
    assert aggregate_belegnr("Apaleo", D2, 2) == "Apaleo-20260303-3"


def test_buchsymbol_defaults_follow_bmds_booking_rules() -> None:
    """Unconfigured: company → AR, payment → BK, Sachkonten only (guest ledger) → UB."""
    config = ExportConfig(
        accounts={
            "GUEST": AccountMapping(2300, AccountType.RECEIVABLE),
            "ACME": AccountMapping(200100, AccountType.COMPANY),
            "BANK": AccountMapping(2800, AccountType.PAYMENT),
            "ROOMS": AccountMapping(4010, AccountType.REVENUE),
        }
    )
    rows, _ = single_bookings(
        [
            _tx(1, D1, "GUEST", "110.00", "10.00"),
            _tx(2, D1, "ACME", "110.00", "10.00"),
            _tx(3, D1, "BANK", "110.00", vat=None, credit="GUEST"),
        ],
        config,
    )
    assert [r.buchsymbol for r in rows] == ["UB", "AR", "BK"]
