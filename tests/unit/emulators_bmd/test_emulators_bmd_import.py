"""The import interface: person accounts first, lock date, all or nothing, posting into open items."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from emulators.bmd import ImportRefusedError, Office
from emulators.bmd.posting import imbalance

from syncsystem import bmd
from syncsystem.bmd.records import Booking, Buchcode, PersonAccount
from syncsystem.clock import DEFAULT_TZ

TODAY = date(2026, 3, 3)


def _persons(path: Path) -> Path:
    bmd.write(
        [
            PersonAccount(
                konto=209001,
                nachname="Hotel Alpenblick GmbH",
                plz="6020",
                ort="Innsbruck",
                land="AT",
                uid="ATU12345675",
                iban="AT611904300234573201",
                zahlungsziel=14,
                sammelkonto=2000,
            ),
            PersonAccount(konto=309001, nachname="Brauerei Gösser", land="AT", sammelkonto=3300),
        ],
        path,
        bmd.Kind.PERSONS,
    )
    return path


def _ar_line(belegnr: str, *, gkonto: int = 4000, steuercode: int = 1) -> Booking:
    """One gross AR line of 120,00 € at 20 % for customer 209001."""
    return Booking(
        konto=209001,
        gkonto=gkonto,
        belegnr=belegnr,
        belegdatum=TODAY,
        buchcode=Buchcode.SOLL,
        betrag=Decimal("120.00"),
        steuer=Decimal("-20.00"),
        prozent=Decimal(20),
        steuercode=steuercode,
        buchsymbol="AR",
    )


def _invoice(belegnr: str, *, konto: int = 209001, day: date = TODAY, gross: str = "240.00") -> list[Booking]:
    return [
        Booking(
            konto=konto,
            gkonto=4000,
            belegnr=belegnr,
            belegdatum=day,
            buchcode=Buchcode.SOLL,
            betrag=Decimal(gross),
            steuer=-(Decimal(gross) / 6).quantize(Decimal("0.01")),
            prozent=Decimal(20),
            steuercode=1,
            buchsymbol="AR",
            text=f"Rechnung {belegnr}",
        ),
        Booking(
            konto=konto,
            gkonto=4010,
            belegnr=belegnr,
            belegdatum=day,
            buchcode=Buchcode.SOLL,
            betrag=Decimal("110.00"),
            prozent=Decimal(10),
            steuercode=1,
            buchsymbol="AR",
            text=f"Rechnung {belegnr}",
        ),
    ]


def _bookings(path: Path, lines: list[Booking]) -> Path:
    bmd.write(lines, path, bmd.Kind.BOOKINGS)
    return path


@pytest.fixture
def today_office(office: Office) -> Office:
    office.advance_to(datetime(2026, 3, 3, 9, tzinfo=DEFAULT_TZ))
    return office


def test_bookings_for_unknown_person_accounts_are_refused(today_office: Office, tmp_path: Path) -> None:
    """Bookings before their person accounts are refused with BMD's hint, and nothing is posted."""
    before = today_office.books("1001").seq
    with pytest.raises(ImportRefusedError) as refused:
        today_office.import_file("1001", _bookings(tmp_path / "b.csv", _invoice("A-1")))
    assert "Personenkonto 209001 ist nicht angelegt" in str(refused.value)
    assert refused.value.problems[0].line == 2 and refused.value.problems[0].field == "konto"
    assert today_office.books("1001").seq == before


def test_persons_then_bookings_are_posted_as_open_items(today_office: Office, tmp_path: Path) -> None:
    """Persons first, then the invoice: posted, balanced, an open item; a payment clears part of it."""
    persons = today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    assert (persons.persons_created, persons.persons_changed) == (2, 0)
    result = today_office.import_file("1001", _bookings(tmp_path / "b.csv", _invoice("A-1")))
    assert (result.documents, result.postings, result.rows) == (1, 8, 2)
    books = today_office.books("1001")
    doc = books.document("AR", "A-1")
    assert imbalance(doc.postings()) == (0, 0)
    assert doc.lines[1].steuer == Decimal("-10.00")  # BMD computes the missing tax from prozent
    item = books.items[(209001, "A-1")]
    assert item.open == Decimal("350.00")
    payment = Booking(
        konto=209001,
        gkonto=2800,
        belegnr="Z-1",
        belegdatum=TODAY,
        buchcode=Buchcode.HABEN,
        betrag=Decimal("-100.00"),
        buchsymbol="BK",
        ausz_belegnr="A-1",
    )
    today_office.import_file("1001", _bookings(tmp_path / "z.csv", [payment]))
    assert today_office.books("1001").items[(209001, "A-1")].open == Decimal("250.00")
    again = today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    assert again.persons_created == again.persons_changed == 0 and again.cursor_to == again.cursor_from


def test_bookings_on_or_before_the_lock_date_are_refused(today_office: Office, tmp_path: Path) -> None:
    """A document dated in the locked period (Sperrdatum) is refused; the whole file with it."""
    today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    lock = today_office.mandant("1001").lock_date
    lines = _invoice("A-2") + _invoice("A-3", day=lock)
    with pytest.raises(ImportRefusedError) as refused:
        today_office.import_file("1001", _bookings(tmp_path / "b.csv", lines))
    assert "Sperrdatum" in str(refused.value)
    assert ("AR", "A-2") not in today_office.books("1001").index  # all or nothing


def test_every_problem_of_a_file_is_named(today_office: Office, tmp_path: Path) -> None:
    """Unknown Sachkonto, bad Steuercode, missing open item, duplicate number: all reported at once."""
    today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    today_office.import_file("1001", _bookings(tmp_path / "ok.csv", _invoice("A-4")))
    bad = [
        _ar_line("A-5", gkonto=4999),  # unknown Sachkonto
        _ar_line("A-6", steuercode=99),  # Steuercode BMD does not know
        Booking(
            konto=209001,
            gkonto=2800,
            belegnr="Z-2",
            belegdatum=TODAY,
            buchcode=Buchcode.HABEN,
            betrag=Decimal("-50.00"),
            buchsymbol="BK",
            ausz_belegnr="NOPE",
        ),
        *_invoice("A-4"),
    ]
    with pytest.raises(ImportRefusedError) as refused:
        today_office.import_file("1001", _bookings(tmp_path / "bad.csv", bad))
    messages = "\n".join(str(p) for p in refused.value.problems)
    named = ("Sachkonto 4999", "Steuercode 99 ist nicht angelegt", "Offener Posten NOPE", "bereits verbucht")
    for expected in named:
        assert expected in messages
    assert all(p.file.endswith("bad.csv") and p.line >= 2 for p in refused.value.problems)


def test_unreadable_or_foreign_files_are_refused(today_office: Office, tmp_path: Path) -> None:
    """A file of another kind, or garbage, is refused with a clear message and changes nothing."""
    garbage = tmp_path / "x.csv"
    garbage.write_bytes(b"hello;world\r\n1;2\r\n")
    with pytest.raises(ImportRefusedError):
        today_office.import_file("1001", garbage)
    accounts = tmp_path / "a.csv"
    bmd.write([bmd.LedgerAccount(7777, "Test")], accounts, bmd.Kind.ACCOUNTS)
    with pytest.raises(ImportRefusedError, match="nur Personenkonten und Buchungen"):
        today_office.import_file("1001", accounts)


def _zero_rated(
    belegnr: str, steuercode: int, konto: int = 209001, gkonto: int = 4030, symbol: str = "AR"
) -> Booking:
    return Booking(
        konto=konto,
        gkonto=gkonto,
        belegnr=belegnr,
        belegdatum=TODAY,
        buchcode=Buchcode.SOLL,
        betrag=Decimal("100.00"),
        steuer=Decimal("0.00"),
        prozent=Decimal(0),
        steuercode=steuercode,
        buchsymbol=symbol,
        text=f"Rechnung {belegnr}",
    )


def test_steuercode_1_at_zero_percent_is_accepted(today_office: Office, tmp_path: Path) -> None:
    """Vertec's MwSt-Typ "1 (0)" imports like in BMD: posted without a tax line, an open item of the gross."""
    today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    result = today_office.import_file("1001", _bookings(tmp_path / "b.csv", [_zero_rated("V-1", 1)]))
    assert (result.documents, result.rows) == (1, 1)
    books = today_office.books("1001")
    assert 3500 not in {p.konto for p in books.document("AR", "V-1").postings()}
    assert books.items[(209001, "V-1")].open == Decimal("100.00")


def test_a_steuercode_without_a_zero_rate_is_refused_at_zero_percent(
    today_office: Office, tmp_path: Path
) -> None:
    """A given Steuercode is checked at 0 % too: Vorsteuer (2) on an expense paid by bank or an undefined
    code at 0 % is refused; Vorsteuer on a sale (the customer 209001) is refused at its code before its
    rate (docs/buchhaltung.md "Steuercode und Beleg")."""
    today_office.import_file("1001", _persons(tmp_path / "p.csv"))
    lines = [_zero_rated("V-2", 2, 7400, 2800, "BK"), _zero_rated("V-3", 99), _zero_rated("V-4", 2)]
    with pytest.raises(ImportRefusedError) as refused:
        today_office.import_file("1001", _bookings(tmp_path / "b.csv", lines))
    problems = [(p.line, p.field) for p in refused.value.problems]
    assert problems == [(2, "prozent"), (3, "steuercode"), (4, "steuercode")]
    assert "auf einem Verkauf (Kundenkonto 209001)" in refused.value.problems[2].message
    assert ("AR", "V-4") not in today_office.books("1001").index
