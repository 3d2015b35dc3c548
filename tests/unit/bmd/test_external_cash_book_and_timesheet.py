"""Two more outside BMD writers (tests/data/external, see SOURCES.md): eitea Connect's cash and bank
book export (5.5 names, `belegnr` first, Sachkonto-led net lines, LF) and timesheet.io's BMD NTCS
plugin (its test expectations copied as they are).

Every expected value was read off the files by hand; the engines, the chunked scan and `read_table`
are compared on every external file in test_external_files.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.bmd import Buchcode, Kind
from syncsystem.bmd.checks import convention, is_credit_note, tax_type
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.bmd.ranges import AccountRanges

EXTERNAL = Path(__file__).resolve().parents[2] / "data" / "external"
EITEA = "eitea_connect_bmd_export_2018-07.csv"
TIMESHEET = "timesheet_bmd_fibu_2026-08.csv"
D = Decimal


def _eitea_before_decimal_fix() -> bytes:
    """What eitea Connect wrote before its commit "csv decimal fix" (6caf4832, 2018-07-30), which
    changed `number_format($val, 2, ',', '.')` to `(…, ',', '')`: amounts from 1000 on carried a
    thousands point. Lines 3 (1250,00) and 7 (-2000,00) of the file are the two such amounts."""
    data = (EXTERNAL / EITEA).read_bytes()
    assert data.count(b";1250,00;") == 1 and data.count(b";-2000,00;") == 1
    return data.replace(b";1250,00;", b";1.250,00;").replace(b";-2000,00;", b";-2.000,00;")


def test_eitea_cash_and_bank_book_reads_as_net_sachkonto_lines() -> None:
    """belegnr first, JJJJMMTT, revenue/expense account in konto with till 2700 or bank 2800 in gkto,
    net betrag (Haben negative), VSt +, USt −, the EU acquisition (steucod 9) with negative tax on the
    net, an untaxed bank fee with steucod empty and mwst 0, symbols `ka`/`bk` in lower case, LF."""
    result = bmd.read(EXTERNAL / EITEA)
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding, result.ignored_columns) == (
        Kind.BOOKINGS,
        6,
        "cp1252",
        (),
    )
    bookings = [r for r in result.records if isinstance(r, bmd.Booking)]
    sale, rent, advert, acquisition, fee, fee_income = bookings
    assert (sale.belegnr, sale.konto, sale.gkonto, sale.belegdatum, sale.buchdatum) == (
        "1",
        4000,
        2700,
        date(2018, 7, 5),
        date(2018, 7, 5),
    )
    assert (sale.buchcode, sale.betrag, sale.steuer, sale.steuercode, sale.prozent) == (
        Buchcode.HABEN,
        D("-100.00"),
        D("-20.00"),
        1,
        D(20),
    )
    assert (sale.text, sale.buchsymbol, sale.periode, sale.gegenbuchkz, sale.verbuchkz) == (
        "Barverkauf Café",
        "ka",
        7,
        "E",
        "A",
    )
    assert convention(sale) == "net" and tax_type(sale) == "output" and not is_credit_note(sale)
    assert (rent.gkonto, rent.buchcode, rent.betrag, rent.steuer, rent.buchsymbol) == (
        2800,
        Buchcode.SOLL,
        D("1250.00"),
        D("250.00"),
        "bk",
    )
    assert tax_type(rent) == "input" and convention(advert) == "net"
    assert (acquisition.steuercode, acquisition.betrag, acquisition.steuer, tax_type(acquisition)) == (
        9,
        D("400.00"),
        D("-80.00"),
        "erwerb",
    )
    assert (fee.steuercode, fee.prozent, fee.steuer, fee.betrag, fee.text) == (
        None,
        D(0),
        D("0.00"),
        D("12.50"),
        "Kontoführung Juli",
    )
    assert (fee_income.belegdatum, fee_income.betrag, fee_income.steuer) == (
        date(2018, 7, 20),
        D("-2000.00"),
        D("-400.00"),
    )


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_a_thousands_point_in_an_amount_is_named(engine: str) -> None:
    """eitea's amounts before its "csv decimal fix": `1.250,00` and `-2.000,00` are refused at
    file:line:betrag, naming the thousands separator and the amount BMD reads (no longer a bare
    "not a number"); the other four lines are read."""
    result = bmd.read(_eitea_before_decimal_fix(), name="journal.csv", engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in result.problems] == [
        (3, "betrag", "bmd.cell.thousands"),
        (7, "betrag", "bmd.cell.thousands"),
    ]
    assert result.problems[0].message == (
        "thousands separator in a number: '1.250,00'; BMD writes numbers without one (1250,00)"
    )
    assert "(-2000,00)" in result.problems[1].message
    assert [r.belegnr for r in result.records if isinstance(r, bmd.Booking)] == ["1", "3", "4", "5"]


def test_bmd_validate_names_the_thousands_point_in_german(validated: Any) -> None:
    """`bmd validate` accepts eitea's file as written since 2018-07-30 and names the earlier
    thousands points in German, exit 1; the chunked scan finds the same problems as `read`."""
    _, done = validated("journal.csv", (EXTERNAL / EITEA).read_bytes())
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "journal.csv: bookings, 6 Zeile(n), cp1252: in Ordnung" in done.stdout
    old, done = validated("journal_alt.csv", _eitea_before_decimal_fix())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert (
        f"{old}:3:betrag: Tausendertrennzeichen in einer Zahl: '1.250,00'; BMD schreibt Zahlen ohne (1250,00)"
    ) in done.stdout + done.stderr
    found = scan(old, chunk_bytes=128)
    assert found.problems == bmd.read(old).problems and len(found.problems) == 2


def test_the_dot_alone_is_still_named_as_a_decimal_point() -> None:
    """`1.250` (no comma) may be 1,25 written with a decimal point: it keeps that message; a dotted
    number with a comma, or with more than one point group, is a thousands separator."""
    data = (EXTERNAL / EITEA).read_bytes()
    codes = {}
    for cell in (b"1.250", b"1.250.000", b"1.250.000,50", b"12.50,00"):
        result = bmd.read(data.replace(b";1250,00;", b";" + cell + b";"), name="j.csv")
        (problem,) = result.problems
        codes[cell] = problem.code
    assert codes == {
        b"1.250": "bmd.cell.decimal_point",
        b"1.250.000": "bmd.cell.thousands",
        b"1.250.000,50": "bmd.cell.thousands",
        b"12.50,00": "bmd.cell.not_number",
    }


def test_timesheet_fibu_file_with_positive_output_tax_is_refused_per_line() -> None:
    """timesheet.io's expected FIBU file: every AR invoice line carries its USt positive (20,00 on
    120,00), which BMD's rule refuses (Umsatzsteuer minus: NAVAX, StaffSupply, apaleo): lines 2, 5 and
    7. The 10 % line coded 2 is refused at its code: 2 is Vorsteuer (bmd-format.md §1.4 [C2]; the rate
    goes in prozent), and an AR line is a sale (docs/buchhaltung.md "Steuercode und Beleg"). Under the
    default ranges the 5-digit debtors are Sachkonten, so the credit note in `buchcode` mode (2, +60,00,
    +10,00) falls under the buchcode rule and is accepted (with the office's range it is refused, next
    test); the reverse-charge line (code 22, tax 0) is not judged; `faelligkeit` is kept."""
    result = bmd.read(EXTERNAL / TIMESHEET)
    assert (result.kind, result.rows, result.encoding, result.ignored_columns) == (
        Kind.BOOKINGS,
        6,
        "cp1252",
        (),
    )
    assert [(p.line, p.field, p.code) for p in result.problems] == [
        (2, "steuer", "bmd.tax.wrong_sign"),
        (5, "steuer", "bmd.tax.wrong_sign"),
        (6, "steuercode", "bmd.tax.code_against_document"),
        (7, "steuer", "bmd.tax.wrong_sign"),
    ]
    assert result.problems[2].message == (
        "steuercode 2 is input tax (Vorsteuer), but the line is a sale (buchsymbol AR): output and input"
        " tax have their own steuercodes (1 output tax, 2 input tax); the rate goes in prozent"
    )
    lines = [r for r in result.records if isinstance(r, bmd.Booking)]
    assert [(r.konto, r.gkonto, r.belegnr, r.buchcode, r.betrag, r.steuer, r.steuercode) for r in lines] == [
        (20001, 4000, "R-1", Buchcode.SOLL, D("120.00"), D("20.00"), 1),
        (20001, 4000, "G-1", Buchcode.HABEN, D("60.00"), D("10.00"), 1),
        (20002, 4020, "R-2", Buchcode.SOLL, D("100.00"), D("0.00"), 22),
        (20003, 4000, "R-3", Buchcode.SOLL, D("240.00"), D("40.00"), 1),
        (20003, 4001, "R-3", Buchcode.SOLL, D("110.00"), D("10.00"), 2),
        (20000, 4000, "R-4", Buchcode.SOLL, D("120.00"), D("20.00"), 1),
    ]
    first, credit = lines[0], lines[1]
    assert (first.text, first.kost, first.filiale) == ("Müller & Söhne GmbH R-1", "", "1")
    assert first.prozent == D(20)
    assert lines[3].kost == "KST9" and is_credit_note(credit) and not is_credit_note(first)
    assert first.belegdatum == date(2026, 8, 10) and first.buchdatum == date(2026, 8, 10)


def test_timesheet_five_digit_debtors_as_person_accounts_are_gross() -> None:
    """With the office's range for these 5-digit debtors (`--customers 20000-29999`) the lines are
    person-led, so gross: 20,00 is the gross share of 120,00 and only signs and codes are refused. The
    credit note (line 3: buchcode 2, +60,00, +10,00) is refused too: BMD books betrag by its sign (its
    journal pr10gtest.csv: B 2 always negative), so +60,00 debits the customer while the tax +10,00
    is booked in Soll as on a credit note — tax and gross on one side (docs/buchhaltung.md
    "Vorzeichen"). The message names the side BMD books, not "a credit note"."""
    ranges = AccountRanges(customers=range(20000, 30000), suppliers=range(30000, 40000))
    result = bmd.read(EXTERNAL / TIMESHEET, ranges=ranges)
    assert [(p.line, p.field) for p in result.problems] == [
        (2, "steuer"),
        (3, "steuer"),
        (5, "steuer"),
        (6, "steuercode"),
        (7, "steuer"),
    ]
    assert result.problems[1].message == (
        "tax 10,00 has the wrong sign: output tax (Umsatzsteuer) (steuercode 1) is ≤ 0 on a line booking"
        " person account 20001 in Soll (BMD books betrag by its sign, not by its buchcode)"
        " (buchcode 2, betrag 60,00)"
    )
    assert "Kundenkonto 20003" in result.problems[3].text_in("de")
    first = result.records[0]
    assert isinstance(first, bmd.Booking) and convention(first, ranges) == "gross"


def test_timesheet_lohn_file_is_not_read_as_any_bmd_kind(validated: Any) -> None:
    """The plugin's payroll file (`firmennr;dienstverhaeltnisnr;lohnart;…`, BMD Lohn) is none of the
    FIBU kinds syncsystem exchanges: refused at line 1 by every path, nothing read."""
    path = EXTERNAL / "timesheet_bmd_lohn_2026-08.csv"
    for engine in ("rows", "columns"):
        given = bmd.read(path.read_bytes(), Kind.BOOKINGS, name="lohn.csv", engine=engine)  # type: ignore[arg-type]
        assert given.records == () and {p.line for p in given.problems} == {1}
    assert clean_columns(path.read_bytes(), None, name="lohn.csv") is None
    target, done = validated("lohn.csv", path.read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert f"{target}:1: Kopfzeile passt zu keiner BMD-Dateiart" in done.stdout + done.stderr


def test_bmd_validate_names_timesheets_tax_signs_in_german(validated: Any) -> None:
    """The office sees the three lines at file:line:steuer and the code at file:6:steuercode in German,
    exit 1."""
    target, done = validated("BMD_FIBU_2026-08-01_2026-08-31.csv", (EXTERNAL / TIMESHEET).read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert (
        f"{target}:2:steuer: Steuer 20,00 hat das falsche Vorzeichen: Umsatzsteuer (Steuercode 1) ist ≤ 0"
        " auf einer gewöhnlichen Zeile (Buchcode 1, Betrag 120,00)"
    ) in out
    assert f"{target}:5:steuer:" in out and f"{target}:7:steuer:" in out and "4 Problem(e)" in out
    assert (
        f"{target}:6:steuercode: Steuercode 2 ist Vorsteuer, die Zeile ist aber ein Verkauf (Buchsymbol AR):"
        " Umsatzsteuer und Vorsteuer haben je eigene Steuercodes (1 Umsatzsteuer, 2 Vorsteuer), der"
        " Steuersatz gehört in prozent"
    ) in out


def test_a_file_without_header_line_is_named_so(validated: Any) -> None:
    """timesheet's `headerRow: false` output (its credit note in `negativ` mode) starts with values:
    refused at line 1 saying the header line is missing — also with `--kind bookings`, where it used to
    list five missing columns — by both engines and `bmd validate` (German)."""
    data = (EXTERNAL / "timesheet_bmd_fibu_no_header.csv").read_bytes()
    assert data.startswith(b"0;20001;4000;G-2;10.08.2026;")
    expected = (
        "the first line holds values, not field names:"
        " '0;20001;4000;G-2;10.08.2026;10.08.2026;AR;1;20,00;1;-120,00;-20,00;Muster GmbH G'"
    )
    for engine in ("rows", "columns"):
        given = bmd.read(data, Kind.BOOKINGS, name="fibu.csv", engine=engine)  # type: ignore[arg-type]
        assert given.records == ()
        assert [(p.line, p.field, p.code) for p in given.problems] == [(1, "", "bmd.header.is_data")]
        assert given.problems[0].message.startswith(expected)
    target, done = validated("fibu.csv", data)
    assert done.exit_code == 1, done.stdout + done.stderr
    assert f"{target}:1: Die erste Zeile enthält Werte statt Feldnamen: '0;20001;4000;G-2;" in done.stdout
    assert "Pflichtspalte" not in done.stdout + done.stderr


def test_a_header_with_a_number_among_its_captions_is_still_a_header() -> None:
    """A caption line is not taken for values because one caption is a number or a date: the line
    must have no caption of any kind and mostly values."""
    data = (EXTERNAL / TIMESHEET).read_bytes().replace(b"faelligkeit;kost;filiale", b"faelligkeit;kost;2026")
    result = bmd.read(data, name="fibu.csv")
    assert result.kind is Kind.BOOKINGS and result.rows == 6 and "2026" in result.ignored_columns


def test_gnucash_bmd_export_with_php_fputcsv_quoting_reads_as_gross_ar_lines() -> None:
    """ThinkopenAt.Gnucash's outgoing invoices (PHP fputcsv: every text with a space in quotes, a
    quote doubled, LF, UTF-8, `d.m.Y`, the mapping's keys as header): gross betrag = −1,2 × the income
    split with tax 0,2 × split (20 %), the EU line with steuercode 77, prozent 0 and steuer `0`."""
    result = bmd.read(EXTERNAL / "thinkopen_gnucash_outgoing_2016.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 4, "utf-8")
    assert result.ignored_columns == ()
    first, second, quoted, eu = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (first.konto, first.gkonto, first.belegnr, first.belegdatum, first.buchdatum) == (
        200000,
        40000,
        "2016-0012",
        date(2016, 3, 15),
        None,
    )
    assert (first.buchcode, first.betrag, first.steuer, first.prozent, first.steuercode) == (
        Buchcode.SOLL,
        D("120.00"),
        D("-20.00"),
        D(20),
        1,
    )
    assert first.text == "Rechnung 2016-0012 Müller GmbH" and convention(first) == "gross"
    assert (second.betrag, second.steuer) == (D("1500.60"), D("-250.10"))
    assert quoted.text == 'Projekt "Alpha" Abschlag'
    assert (eu.konto, eu.gkonto, eu.steuercode, eu.prozent, eu.steuer, eu.betrag) == (
        200001,
        41130,
        77,
        D(0),
        D(0),
        D("800.00"),
    )
    assert tax_type(eu) == "output" and not is_credit_note(eu)


WERKBOQ = "werkboq_bmd_buchungsimport_2026-09.csv"


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_werkboq_revenue_led_credit_note_with_buchcode_1_is_read(engine: str) -> None:
    """Werkboq leads with the revenue account (customer in gkto), net, the sign on each side: the
    invoice Haben (bucod 2, −1000,00, tax −200,00), its credit note Soll (bucod 1, +1000,00, tax
    +200,00 — the USt booked in Soll, NAVAX "VZ richtet sich nach … ob Steuer im Soll oder Haben
    gebucht wird"). The credit note is a credit note by its side, not by its buchcode: accepted."""
    data = (EXTERNAL / WERKBOQ).read_bytes()
    result = bmd.read(data, name=WERKBOQ, engine=engine)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 5, "cp1252")
    invoice, reduced, credit, bau, export = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (invoice.konto, invoice.gkonto, invoice.buchcode, invoice.betrag, invoice.steuer) == (
        4000,
        200000,
        Buchcode.HABEN,
        D("-1000.00"),
        D("-200.00"),
    )
    assert (reduced.prozent, reduced.betrag, reduced.steuer) == (D(10), D("-100.00"), D("-10.00"))
    assert (credit.buchcode, credit.betrag, credit.steuer, credit.steuercode) == (
        Buchcode.SOLL,
        D("1000.00"),
        D("200.00"),
        3,
    )
    assert is_credit_note(credit) and not is_credit_note(invoice) and convention(credit) == "net"
    assert (bau.steuercode, bau.prozent, bau.steuer, bau.text) == (
        17,
        D(0),
        D("0.00"),
        "Bau; Holz GmbH RE-2026-0002",
    )
    assert (export.steuercode, export.betrag, export.text) == (0, D("-800.00"), "Müller Export RE-2026-0003")


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_a_revenue_led_line_whose_tax_is_on_the_other_side_is_refused(engine: str) -> None:
    """The tax of a line led by the revenue account (the customer in gkto) is booked on the revenue's
    side: Werkboq's invoice with its tax turned positive (revenue Haben, USt Soll), and its credit note
    with the tax turned negative (revenue Soll, USt Haben) are each one problem at file:line:steuer."""
    data = (
        (EXTERNAL / WERKBOQ)
        .read_bytes()
        .replace(b";-1000,00;-200,00;", b";-1000,00;200,00;")
        .replace(b";1000,00;200,00;", b";1000,00;-200,00;")
    )
    result = bmd.read(data, name="w.csv", engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in result.problems] == [
        (2, "steuer", "bmd.tax.wrong_sign"),
        (4, "steuer", "bmd.tax.wrong_sign"),
    ]
    assert "≤ 0 on an ordinary line" in result.problems[0].message
    assert "≥ 0 on a credit note/Storno" in result.problems[1].message
