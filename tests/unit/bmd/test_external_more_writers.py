"""More outside BMD writers (tests/data/external, see SOURCES.md), fourth round: Belegmanager's
"Buchhaltungsübergabe" (a bookings file written without its account columns), EagleWorks' Odoo
export (comma-separated), FiBuKI's BMD NTCS export (its tests' expected files, unsigned amounts) and
supertable's medcenter demo (decimal points) and Teleoptimum's tab-separated converter.

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
from syncsystem.errors import DataError

EXTERNAL = Path(__file__).resolve().parents[2] / "data" / "external"
BELEGMANAGER = "belegmanager_buchungsuebergabe_2026_04.csv"
D = Decimal


def test_belegmanager_file_is_utf8_with_bom_crlf_and_no_final_line_end() -> None:
    """The file as the writer produces it: BOM, 13 captions without konto/gkto, 6 lines, CRLF
    between lines and none after the last."""
    data = (EXTERNAL / BELEGMANAGER).read_bytes()
    assert data.startswith(b"\xef\xbb\xbfbelegnr;belegdat;buchdat;betrag;bucod;mwst;steuer;symbol;")
    assert data.count(b"\r\n") == 6 and not data.endswith(b"\n") and b"konto" not in data.split(b"\r\n")[0]


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_belegmanager_bookings_without_account_columns_name_the_missing_konto(engine: str) -> None:
    """Belegmanager leaves konto and gkto out ("Sachkonto/Gegenkonto: Bitte nach Import im
    Buchhaltungssystem eintragen"). Its captions (belegnr, bucod, betrag, belegdat, mwst, steuer,
    symbol) are a bookings file's: the file is named as bookings lacking its required konto at
    file:1:konto, not as a header that fits no kind; nothing is read."""
    data = (EXTERNAL / BELEGMANAGER).read_bytes()
    result = bmd.read(data, name=BELEGMANAGER, engine=engine)  # type: ignore[arg-type]
    assert (result.kind, result.records, result.encoding) == (Kind.BOOKINGS, (), "utf-8")
    assert [(p.line, p.field, p.code) for p in result.problems] == [(1, "konto", "bmd.header.missing")]
    given = bmd.read(data, Kind.BOOKINGS, name=BELEGMANAGER, engine=engine)  # type: ignore[arg-type]
    assert given.problems == result.problems


def test_bmd_validate_names_belegmanagers_missing_konto_in_german(validated: Any) -> None:
    """The office sees file:1:konto in German with exit 1, and the chunked scan says the same."""
    target, done = validated(BELEGMANAGER, (EXTERNAL / BELEGMANAGER).read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert f"{target}:1:konto: Pflichtspalte fehlt in der Kopfzeile (bookings)" in done.stdout + done.stderr
    assert "passt zu keiner BMD-Dateiart" not in done.stdout + done.stderr
    assert scan(target, chunk_bytes=128).problems == bmd.read(target).problems


def test_a_header_with_only_some_booking_captions_still_fits_no_kind() -> None:
    """Only a header holding all of belegnr, buchcode and betrag is taken for bookings without konto:
    two of them (and a text) still fit no kind."""
    for header in (b"belegnr;betrag;text", b"bucod;betrag;mwst;steuer"):
        with pytest.raises(DataError) as refused:
            bmd.read(header + b"\r\n1;2;3\r\n", name="x.csv")
        assert [p.code for p in refused.value.problems] == ["bmd.header.no_kind"]


def _belegmanager_with_accounts() -> bytes:
    """Belegmanager's file with the two columns its LIESMICH asks the office to fill in, put in
    front by hand: expense 7600/7650/7320/7790 or revenue 4000 against bank 2800 or till 2700."""
    lines = (EXTERNAL / BELEGMANAGER).read_bytes().removeprefix(b"\xef\xbb\xbf").split(b"\r\n")
    accounts = (b"konto;gkto", b"7600;2800", b"4000;2800", b"7650;2700", b"7650;2700")
    accounts += (b"7320;2800", b"7790;2800")
    return b"\r\n".join(a + b";" + line for a, line in zip(accounts, lines, strict=True))


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_belegmanager_values_read_as_written_once_accounts_are_filled_in(engine: str) -> None:
    """With konto/gkto filled in, every line reads with the values written: JJJJMMTT dates, buchdat
    the month end, net amounts, the tax p/100 of them, no steucod (left empty on purpose), the
    document file name, verbuchkz A / gegenbuchkz E, UTF-8 text. Belegmanager writes every amount
    without sign and the side in bucod alone, so its outgoing invoice (bucod 2, +1000,00, tax
    +200,00) is by BMD's sign rule a Storno booked in Soll — read as a credit note, not refused."""
    result = bmd.read(_belegmanager_with_accounts(), name="b.csv", engine=engine)  # type: ignore[arg-type]
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 6, "utf-8")
    paper, invoice, meal10, meal20, card, fee = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (paper.konto, paper.gkonto, paper.belegnr, paper.belegdatum, paper.buchdatum) == (
        7600,
        2800,
        "B1_0007_04_2026",
        date(2026, 4, 8),
        date(2026, 4, 30),
    )
    assert (paper.buchcode, paper.betrag, paper.steuer, paper.prozent, paper.steuercode) == (
        Buchcode.SOLL,
        D("100.00"),
        D("20.00"),
        D(20),
        None,
    )
    assert (paper.buchsymbol, paper.extbelegnr, paper.text) == ("ER", "RE-4711", "Büromaterial Papier")
    assert paper.dokument == "B1_0007_04_2026_Rechnung-Lieferant.pdf"
    assert (paper.verbuchkz, paper.gegenbuchkz) == ("A", "E")
    assert (invoice.buchcode, invoice.betrag, invoice.steuer, invoice.text) == (
        Buchcode.HABEN,
        D("1000.00"),
        D("200.00"),
        "Beratung März",
    )
    assert is_credit_note(invoice) and not is_credit_note(paper)
    assert [(r.belegnr, r.prozent, r.betrag, r.steuer) for r in (meal10, meal20)] == [
        ("K2_0003_04_2026_1", D(10), D("50.00"), D("5.00")),
        ("K2_0003_04_2026_2", D(20), D("30.00"), D("6.00")),
    ]
    assert (card.buchcode, card.betrag, card.prozent, card.steuer, card.extbelegnr, card.dokument) == (
        Buchcode.HABEN,
        D("45.90"),
        D(0),
        D("0.00"),
        "",
        "",
    )
    assert (card.text, fee.text, fee.belegdatum) == (
        "OFFEN Kartenzahlung Tankstelle",
        "KEIN BELEG Kontoführung",
        date(2026, 4, 30),
    )


EAGLEWORKS = "eagleworks_out_invoices_2025-01.csv"


def test_eagleworks_file_is_comma_separated_with_quoted_decimal_commas() -> None:
    """EagleWorks writes with Python's csv module and `delimiter=","`: every amount holds a decimal
    comma, so it is quoted ("100,00"); an amount under 1 loses its leading zero (`",50"`, PostgreSQL's
    `FM999999999.00`), the tax keeps it (`-0,10`, `FM9999999990.00`); CRLF, UTF-8."""
    data = (EXTERNAL / EAGLEWORKS).read_bytes()
    first, *rows, last = data.split(b"\r\n")
    assert first.startswith(b"satzart,konto,gkonto,belegnr,belegdatum,buchsymbol,wae,buchcode,prozent,")
    assert last == b"" and len(rows) == 4 and b";" not in data
    assert b',"100,00","-20,00",Beratung,' in rows[0] and b',",50","-0,10",Versandkosten,' in rows[2]
    assert "Schulung für Teams".encode() in rows[1]


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_eagleworks_comma_separated_bookings_are_refused_naming_the_separator(engine: str) -> None:
    """BMD's files are `;`-separated (bmd-format.md §4): EagleWorks' out-invoice export is refused at
    file:1 naming ',' — without a kind (nothing read) and with `--kind bookings` — not as a header
    that fits no kind nor as missing columns."""
    data = (EXTERNAL / EAGLEWORKS).read_bytes()
    with pytest.raises(DataError) as refused:
        bmd.read(data, name=EAGLEWORKS, engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in refused.value.problems] == [(1, "", "bmd.header.separator")]
    given = bmd.read(data, Kind.BOOKINGS, name=EAGLEWORKS, engine=engine)  # type: ignore[arg-type]
    assert given.records == () and given.problems == refused.value.problems
    assert given.problems[0].message == "fields are separated by ','; BMD files use ';'"


def test_bmd_validate_names_eagleworks_separator_in_german(validated: Any) -> None:
    """The office sees the separator at file:1 in German, exit 1."""
    target, done = validated(EAGLEWORKS, (EXTERNAL / EAGLEWORKS).read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    expected = f"{target}:1: Felder sind durch ',' getrennt; BMD-Dateien verwenden ';'"
    assert expected in done.stdout + done.stderr


FIBUKI = "fibuki_buchungen.csv"
FIBUKI_PERSONS = "fibuki_personenkonten.csv"
FIBUKI_HEADER = (
    b"satzart;konto;gkto;belegnr;buchdat;belegdat;betrag;bucod;steuer;mwst;text;extbelegnr;symbol;uidnr"
)


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_fibuki_bookings_read_as_written_and_the_expense_refused_at_steuer(engine: str) -> None:
    """FiBuKI's buchungen.csv as its end-to-end test expects it (BOM, LF, no final line end): the
    expense led by the supplier 200001 against 7000, gross 120,00 with bucod 1 and its input tax
    +20,00 (20 %, symbol ER, belegdat the receipt's date), and the interest income on Sachkonto 8100
    with gkto empty ("BMD assigns the bank side"), bucod 2, 12,34 without tax, symbol BK.

    FiBuKI writes every amount without sign. BMD books by the sign (docs/buchhaltung.md,
    "Vorzeichen"): +120,00 puts the supplier in Soll, which is a supplier's credit note, and the
    input tax of a credit note is ≤ 0 — so the expense's +20,00 is one problem at file:2:steuer,
    in both engines; every value still reads as written."""
    data = (EXTERNAL / FIBUKI).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf" + FIBUKI_HEADER + b"\n") and data.count(b"\n") == 2
    result = bmd.read(EXTERNAL / FIBUKI, engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in result.problems] == [(2, "steuer", "bmd.tax.wrong_sign")]
    assert result.problems[0].message == (
        "tax 20,00 has the wrong sign: input tax (Vorsteuer) (buchsymbol ER) is ≤ 0 on a line booking"
        " person account 200001 in Soll (BMD books betrag by its sign, not by its buchcode)"
        " (buchcode 1, betrag 120,00)"
    )
    assert (result.kind, result.rows, result.encoding, result.ignored_columns) == (
        Kind.BOOKINGS,
        2,
        "utf-8",
        (),
    )
    expense, interest = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (expense.konto, expense.gkonto, expense.belegnr, expense.buchdatum, expense.belegdatum) == (
        200001,
        7000,
        "2026000001",
        date(2026, 3, 15),
        date(2026, 3, 10),
    )
    assert (expense.buchcode, expense.betrag, expense.steuer, expense.prozent, expense.steuercode) == (
        Buchcode.SOLL,
        D("120.00"),
        D("20.00"),
        D(20),
        None,
    )
    assert (expense.text, expense.extbelegnr, expense.buchsymbol, expense.uidnr) == (
        "Hetzner Online GmbH",
        "Rechnung März.pdf",
        "ER",
        "",
    )
    assert tax_type(expense) == "input" and convention(expense) == "gross" and is_credit_note(expense)
    assert (interest.konto, interest.gkonto, interest.belegnr, interest.buchcode, interest.betrag) == (
        8100,
        None,
        "2026000002",
        Buchcode.HABEN,
        D("12.34"),
    )
    assert (interest.steuer, interest.prozent, interest.text, interest.buchsymbol) == (
        D("0.00"),
        D(0),
        "Zinsen: Habenzinsen",
        "BK",
    )


def test_fibuki_person_accounts_read_with_their_lower_case_captions() -> None:
    """personenkonten.csv (`konto;name;strasse;plz;ort;land;uidnr;telefon;email;iban;matchcode`): the
    supplier numbered 200001 (FiBuKI counts Kreditoren from 200000, Debitoren from 300000), the IBAN
    with its spaces, the matchcode, telefon and email empty as the export queue leaves them."""
    result = bmd.read(EXTERNAL / FIBUKI_PERSONS)
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.PERSONS, 1, "utf-8")
    (person,) = result.records
    assert isinstance(person, bmd.PersonAccount)
    assert (person.konto, person.nachname, person.strasse, person.plz, person.ort, person.land) == (
        200001,
        "Hetzner Online GmbH",
        "Industriestr. 25",
        "91710",
        "Gunzenhausen",
        "DE",
    )
    assert (person.uid, person.iban, person.matchcode, person.telefon, person.email) == (
        "DE812871812",
        "DE12 5001 0517 0648 4898 90",
        "HETZNERONLINEGMBH",
        "",
        "",
    )


# Lines of FiBuKI's characterization test (`generateBuchungenCsv` returns the header and the line
# joined by "\n"), copied as they are: undocumented income, and income whose receipt was lost.
_FIBUKI_INCOME = b"0;300001;4000;2026000001;20260315;20260315;2500,00;2;416,67;20;STRIPE PAYMENTS;;AR;"
_FIBUKI_FOUND_MONEY = b"0;4000;;2026000001;20260315;20260315;110,00;2;18,33;20;Eigenbeleg: Found money;;ER;"


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_fibuki_unsigned_income_is_refused_at_steuer(engine: str) -> None:
    """FiBuKI drops every sign ("direction is carried by bucod, not betrag"): its income from customer
    300001 is bucod 2 with +2500,00 and tax +416,67 (20/120 of it). BMD books +2500,00 into the
    customer's Soll — an invoice, whose output tax is ≤ 0 —, so the tax's sign contradicts the line:
    one problem at file:2:steuer."""
    result = bmd.read(FIBUKI_HEADER + b"\n" + _FIBUKI_INCOME, name="b.csv", engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in result.problems] == [(2, "steuer", "bmd.tax.wrong_sign")]
    assert result.problems[0].message == (
        "tax 416,67 has the wrong sign: output tax (Umsatzsteuer) (buchsymbol AR) is ≤ 0 on a line booking"
        " person account 300001 in Soll (BMD books betrag by its sign, not by its buchcode)"
        " (buchcode 2, betrag 2500,00)"
    )


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_fibuki_income_under_symbol_er_is_refused_at_steuer(engine: str) -> None:
    """FiBuKI books income whose receipt was lost on revenue 4000 but keeps the symbol ER (its test:
    "keeps the ER symbol"): without a steuercode the symbol makes 18,33 input tax, on a line that by its
    signs is a credit note (bucod 2, +110,00), where input tax is ≤ 0 — one problem at file:2:steuer."""
    result = bmd.read(FIBUKI_HEADER + b"\n" + _FIBUKI_FOUND_MONEY, name="b.csv", engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in result.problems] == [(2, "steuer", "bmd.tax.wrong_sign")]
    assert result.problems[0].message == (
        "tax 18,33 has the wrong sign: input tax (Vorsteuer) (buchsymbol ER) is ≤ 0 on a credit note/Storno"
        " (buchcode 2, betrag 110,00)"
    )


def test_bmd_validate_names_fibukis_unsigned_lines_in_german(validated: Any) -> None:
    """The office: FiBuKI's person accounts are in order; its expense (file:2:steuer, the unsigned
    input tax) and its ER income line are named in German, exit 1."""
    _, done = validated(FIBUKI_PERSONS, (EXTERNAL / FIBUKI_PERSONS).read_bytes())
    assert done.exit_code == 0, done.stdout + done.stderr
    target, done = validated(FIBUKI, (EXTERNAL / FIBUKI).read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert (
        f"{target}:2:steuer: Steuer 20,00 hat das falsche Vorzeichen: Vorsteuer (Buchsymbol ER) ist ≤ 0 auf"
        " einer Zeile, die Personenkonto 200001 im Soll bucht (BMD bucht den Betrag nach seinem Vorzeichen,"
        " nicht nach dem Buchcode) (Buchcode 1, Betrag 120,00)"
    ) in done.stdout + done.stderr
    target, done = validated("eigenbeleg.csv", FIBUKI_HEADER + b"\n" + _FIBUKI_FOUND_MONEY)
    assert done.exit_code == 1, done.stdout + done.stderr
    assert (
        f"{target}:2:steuer: Steuer 18,33 hat das falsche Vorzeichen: Vorsteuer (Buchsymbol ER) ist ≤ 0"
        " auf einer Gutschrift/Storno (Buchcode 2, Betrag 110,00)"
    ) in done.stdout + done.stderr


SUPERTABLE = "supertable_accounting_import_chargebee_2026-07.csv"


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_supertable_decimal_points_are_named_per_amount(engine: str) -> None:
    """The medcenter demo writes with pandas' `to_csv(sep=";", float_format="%.2f")`: every amount
    has a decimal point (`120.00`, `-120.00`, `0.00`), which BMD does not read (bmd-format.md §4:
    comma, no thousands separator) — each named at file:line:betrag and file:line:steuer, no line
    read; prozent (an integer column) and the dates `TT.MM.JJJJ` are fine."""
    data = (EXTERNAL / SUPERTABLE).read_bytes()
    result = bmd.read(data, name=SUPERTABLE, engine=engine)  # type: ignore[arg-type]
    assert (result.kind, result.records) == (Kind.BOOKINGS, ())
    assert [(p.line, p.field, p.code) for p in result.problems] == [
        (line, field, "bmd.cell.decimal_point") for line in (2, 3, 4) for field in ("betrag", "steuer")
    ]
    assert [p.values[0] for p in result.problems] == ["120.00", "20.00", "59.00", "0.00", "-120.00", "0.00"]


def test_supertable_lines_with_decimal_commas_read_but_code_2_on_a_sale_is_named() -> None:
    """With the points turned into commas the three lines read as written: the invoice led by the
    debtor collective account 200000 (gross 120,00, tax +20,00 under the demo's code 2 for 20 %), the
    untaxed invoice (code 0) and the credit note GS −120,00. The demo maps rates to codes
    (`{0: 0, 10: 1, 20: 2}`), but 2 is BMD's Vorsteuer code (bmd-format.md §1.4), and a sale's tax is
    Umsatzsteuer: one problem at file:2:steuercode (docs/buchhaltung.md, "Steuercode und Beleg")."""
    data = (EXTERNAL / SUPERTABLE).read_bytes().replace(b".00;", b",00;")
    result = bmd.read(data, name=SUPERTABLE)
    assert [(p.line, p.field, p.code) for p in result.problems] == [
        (2, "steuercode", "bmd.tax.code_against_document")
    ]
    rows = [r for r in result.records if isinstance(r, bmd.Booking)]
    assert [(r.konto, r.gkonto, r.belegnr, r.buchcode, r.betrag, r.steuer, r.steuercode) for r in rows] == [
        (200000, 4100, "1001", Buchcode.SOLL, D("120.00"), D("20.00"), 2),
        (200000, 4100, "1002", Buchcode.SOLL, D("59.00"), D("0.00"), 0),
        (200000, 4100, "CN-1", Buchcode.SOLL, D("-120.00"), D("0.00"), 0),
    ]
    assert [r.belegdatum for r in rows] == [date(2026, 7, 3), date(2026, 7, 15), date(2026, 7, 20)]
    assert is_credit_note(rows[2]) and rows[2].buchsymbol == "GS" and rows[2].text == "Gutschrift zu 1001"


def test_bmd_validate_names_supertables_decimal_points_in_german(validated: Any) -> None:
    """The office sees each amount at file:line:field in German, exit 1."""
    target, done = validated(SUPERTABLE, (EXTERNAL / SUPERTABLE).read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert f"{target}:2:betrag: Dezimaltrennzeichen muss ',' sein, nicht '.': '120.00'" in out
    assert f"{target}:4:betrag: Dezimaltrennzeichen muss ',' sein, nicht '.': '-120.00'" in out
    assert "6 Problem(e)" in out


TELEOPTIMUM = "teleoptimum_szamlazo_export_2018-03.txt"


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_teleoptimum_tab_separated_bmd55_export_is_refused_naming_tabs(engine: str) -> None:
    """Teleoptimum's converter (szamlazo.hu invoices → BMD 5.5 names for a Hungarian BMD) joins its
    fields with tabs, LF, HUF amounts as JavaScript prints them (`5900`), dates `JJJJ.MM.TT` and a due
    date in `zziel`: refused at file:1 naming the tabs, with and without `--kind bookings`."""
    data = (EXTERNAL / TELEOPTIMUM).read_bytes()
    assert data.startswith(b"konto\tgkto\tbelegnr\tbuchdat\tleistdat\tbucod\tsteucod\tbetrag\tmwst\tsteuer\t")
    assert (
        data.count(b"\n") == 4
        and b";" not in data
        and b"\t2018.03.05\t2018.03.20\t1\t01\t5900\t18\t900\t" in data
    )
    with pytest.raises(DataError) as refused:
        bmd.read(data, name=TELEOPTIMUM, engine=engine)  # type: ignore[arg-type]
    assert [(p.line, p.field, p.code) for p in refused.value.problems] == [(1, "", "bmd.header.separator")]
    given = bmd.read(data, Kind.BOOKINGS, name=TELEOPTIMUM, engine=engine)  # type: ignore[arg-type]
    assert given.records == () and given.problems == refused.value.problems
    assert given.problems[0].message == "fields are separated by tabs; BMD files use ';'"
