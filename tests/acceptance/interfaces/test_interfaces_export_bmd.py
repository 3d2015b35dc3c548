"""The apaleo-style export files (single, aggregated, person accounts) are imported cleanly by BMD."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import Office

from syncsystem import bmd

CONFIG = {
    "belegnr": "reservation",
    "text": "service",
    "extbelegnr": "invoice",
    "buchsymbole": {"company": "AR"},
    "accounts": {
        "ACME": {"konto": 200100, "type": "company"},
        "OTHERCO": {"konto": 200200, "type": "company"},
        "ROOMS": {"konto": 4010, "type": "revenue"},
        "FNB": {"konto": 4000, "type": "revenue"},
    },
    "companies": {
        "ACME": {
            "name": "Acme Reisen GmbH",
            "street": "Ring 1",
            "plz": "1010",
            "city": "Wien",
            "country": "AT",
        },
        "OTHERCO": {"name": "Nie gebucht AG"},
    },
}
TRANSACTIONS = [
    {
        "id": "1",
        "date": "2026-03-02",
        "debit": "ACME",
        "credit": "ROOMS",
        "gross": "220.00",
        "vat": "10",
        "tax": "20.00",
        "reservation": "RES-1",
        "invoice": "INV-1",
        "service": "Zimmer",
    },
    {
        "id": "2",
        "date": "2026-03-02",
        "debit": "ACME",
        "credit": "FNB",
        "gross": "36.00",
        "vat": "20",
        "tax": "6.00",
        "reservation": "RES-1",
        "invoice": "INV-1",
        "service": "Frühstück",
    },
    {
        "id": "3",
        "date": "2026-03-02",
        "debit": "ACME",
        "credit": "ROOMS",
        "gross": "110.00",
        "vat": "10",
        "tax": "10.00",
        "reservation": "RES-2",
        "invoice": "INV-2",
        "service": "Zimmer",
    },
    {
        "id": "4",
        "date": "2026-03-03",
        "debit": "ACME",
        "credit": "ROOMS",
        "gross": "110.00",
        "vat": "10",
        "tax": "10.00",
        "storno": True,
        "reservation": "RES-2",
        "invoice": "INV-2",
        "service": "Zimmer",
    },
]


def _export(
    cli: Any, tmp_path: Path, config: dict[str, Any], transactions: list[dict[str, Any]], *extra: str
) -> None:
    """`interfaces export --persons` of ``transactions`` under ``config`` into tmp_path/out; it succeeds."""
    tx, config_file = tmp_path / "tx.json", tmp_path / "config.json"
    config_file.write_text(json.dumps(config), encoding="utf-8")
    tx.write_text(json.dumps(transactions), encoding="utf-8")
    files = ("--transactions", tx, "--config", config_file, "--out", tmp_path / "out")
    result = cli("interfaces", "export", *files, "--persons", "--json", *extra)
    assert result.exit_code == 0, result.stderr


def _import_into_bmd(tmp_path: Path) -> tuple[Office, Any, Any]:
    """A small emulated office (seed 3, from 2.3.2026) imports Personenkonten.csv, then Buchungen.csv;
    returns the office, its Mandant and the result of the bookings' import."""
    office = Office.create(tmp_path / "office", seed=3, mandanten=1, profile="small", start=date(2026, 3, 2))
    mandant = office.mandanten[0]
    office.import_file(mandant, tmp_path / "out" / "Personenkonten.csv")
    return office, mandant, office.import_file(mandant, tmp_path / "out" / "Buchungen.csv")


@pytest.mark.parametrize("aggregated", [False, True], ids=["einzeln", "verdichtet"])
def test_export_files_import_cleanly_into_bmd(tmp_path: Path, cli: Any, aggregated: bool) -> None:
    """Person accounts first, then the bookings: BMD accepts both, and only booked companies appear."""
    _export(cli, tmp_path, CONFIG, TRANSACTIONS, *(["--aggregated"] if aggregated else []))
    persons = bmd.read(tmp_path / "out" / "Personenkonten.csv", bmd.Kind.PERSONS).records
    assert [p.konto for p in persons] == [200100]  # type: ignore[union-attr]
    _, _, imported = _import_into_bmd(tmp_path)
    bookings = bmd.read(tmp_path / "out" / "Buchungen.csv", bmd.Kind.BOOKINGS).records
    assert imported.rows == len(bookings) == (3 if aggregated else 4)
    if aggregated:
        # one rule with the scheduled transfer: fixed text plus the day
        assert {b.belegnr for b in bookings} == {"Apaleo-20260302", "Apaleo-20260303"}  # type: ignore[union-attr]
        assert {b.extbelegnr for b in bookings} == {""}  # type: ignore[union-attr]


GUEST_CONFIG = {
    "belegnr": "reservation",
    "text": "service",
    "extbelegnr": "invoice",
    "accounts": {
        "ACME": {"konto": 200100, "type": "company"},
        "GUEST": {"konto": 2300, "type": "receivable"},
        "BANK": {"konto": 2800, "type": "payment"},
        "ROOMS": {"konto": 4010, "type": "revenue"},
    },
    "companies": {"ACME": {"name": "Acme Reisen GmbH", "country": "AT"}},
}
GUEST_TRANSACTIONS = [
    {
        "id": "1",
        "date": "2026-03-02",
        "debit": "GUEST",
        "credit": "ROOMS",
        "gross": "110.00",
        "vat": "10",
        "tax": "10.00",
        "reservation": "RES-7",
        "service": "Zimmer Gast",
    },
    {
        "id": "2",
        "date": "2026-03-02",
        "debit": "BANK",
        "credit": "GUEST",
        "gross": "110.00",
        "reservation": "RES-7",
        "service": "Zahlung Gast",
    },
    {
        "id": "3",
        "date": "2026-03-02",
        "debit": "ACME",
        "credit": "ROOMS",
        "gross": "220.00",
        "vat": "10",
        "tax": "20.00",
        "reservation": "RES-8",
        "service": "Zimmer Firma",
    },
    {
        "id": "4",
        "date": "2026-03-02",
        "debit": "BANK",
        "credit": "ACME",
        "gross": "220.00",
        "reservation": "RES-8",
        "service": "Zahlung Firma",
    },
]


def test_guest_and_company_lines_import_with_their_buchsymbol(cli: Any, tmp_path: Path) -> None:
    """Without configured symbols: guest ledger (a Sachkonto) → UB, company → AR, payments → BK; BMD
    (the emulator's own reader and Buchungsregeln) books all four, the guest line without AR."""
    _export(cli, tmp_path, GUEST_CONFIG, GUEST_TRANSACTIONS)
    bookings = bmd.read(tmp_path / "out" / "Buchungen.csv", bmd.Kind.BOOKINGS).records
    assert [(b.text, b.konto, b.gkonto, b.buchsymbol) for b in bookings] == [  # type: ignore[union-attr]
        ("Zimmer Gast", 2300, 4010, "UB"),
        ("Zahlung Gast", 2800, 2300, "BK"),
        ("Zimmer Firma", 200100, 4010, "AR"),
        ("Zahlung Firma", 2800, 200100, "BK"),
    ]
    office, mandant, imported = _import_into_bmd(tmp_path)
    assert (imported.rows, imported.documents) == (4, 4)
    books = office.books(mandant)
    guest = [(p.konto, p.betrag) for p in books.document("UB", "RES-7").postings()]
    assert guest == [(2300, Decimal("110.00")), (4010, Decimal("-100.00")), (3500, Decimal("-10.00"))]
    company = [(p.konto, p.betrag) for p in books.document("AR", "RES-8").postings()]
    assert company == [
        (200100, Decimal("220.00")),
        (4010, Decimal("-200.00")),
        (3500, Decimal("-20.00")),
        (2000, Decimal("220.00")),
    ]
