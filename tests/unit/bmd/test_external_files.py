"""Files written by other BMD writers (tests/data/external, see SOURCES.md) are read as BMD would.

Every expected value below was read off the file by hand (amounts, signs, dates, accounts), never
taken from the reader; each file is accepted or refused as the BMD rules say, and both engines (and
the automatic switch at any size) give the same records and problems.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd, messages
from syncsystem.bmd import Buchcode, Kind
from syncsystem.bmd.checks import convention, is_credit_note, tax_type
from syncsystem.bmd.chunked import scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.errors import DataError

EXTERNAL = Path(__file__).resolve().parents[2] / "data" / "external"
FILES = sorted(p for p in EXTERNAL.iterdir() if p.name != "SOURCES.md" and not p.name.startswith("."))
D = Decimal


def read(name: str, **kwargs: object) -> bmd.ReadResult:
    return bmd.read(EXTERNAL / name, **kwargs)  # type: ignore[arg-type]


def test_sources_name_every_file_and_at_least_four_writers() -> None:
    """SOURCES.md has a row per file, with repository/path/commit or document; ≥ 8 files, ≥ 4 writers."""
    rows = [line.split("|") for line in (EXTERNAL / "SOURCES.md").read_text().splitlines()]
    table = {cells[1].strip().strip("`"): cells[2].strip() for cells in rows if len(cells) > 7}
    assert {p.name for p in FILES} <= set(table)
    writers = {re.sub(r" \(.*", "", table[p.name]) for p in FILES}
    assert len(FILES) >= 8
    assert len(writers - {'legacy "QIM" export sent to BMD NTCS'}) >= 4, writers


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_engines_agree_on_every_external_file(path: Path) -> None:
    """Row reader, columnar reader and the automatic switch (forced below and above the file's size)."""
    data = path.read_bytes()
    rows = _outcome(data, name=path.name, engine="rows")
    for other in (
        _outcome(data, name=path.name, engine="columns"),
        _outcome(data, name=path.name, columnar_threshold=0),
        _outcome(data, name=path.name, columnar_threshold=len(data) + 1),
    ):
        assert other == rows


def _outcome(data: bytes, **kwargs: Any) -> tuple[object, ...]:
    """read's records, problems and encoding, or the problems of its refusal (a header no kind fits)."""
    try:
        result = bmd.read(data, **kwargs)
    except DataError as refused:
        return ("refused", tuple(refused.problems))
    return (result.records, result.problems, result.encoding)


def _refusal(path: Path) -> DataError | None:
    """The DataError with which `read` refuses the whole file (no kind fits its header), or None."""
    try:
        bmd.read(path)
    except DataError as refused:
        return refused
    return None


def test_bmd_buerf_var_customer_lines_are_gross_with_negative_output_tax() -> None:
    """BMD's 5.5 BUERF sample: 20 AR lines of customer 222224, JJMMTT dates, padded signed amounts."""
    result = read("bmd_buerf.var")
    assert result.ok and result.rows == 20
    first, second = result.records[:2]
    assert isinstance(first, bmd.Booking) and isinstance(second, bmd.Booking)
    assert (first.konto, first.gkonto, first.belegnr, first.belegdatum) == (
        222224,
        4051,
        "47401",
        date(1998, 10, 28),
    )
    assert (first.buchcode, first.betrag, first.steuer, first.prozent) == (
        Buchcode.SOLL,
        D("19.20"),
        D("-3.20"),
        20,
    )
    assert (second.gkonto, second.betrag, second.steuer, second.opbetrag) == (
        4010,
        D("2989.20"),
        D("-498.20"),
        D("2989.20"),
    )
    assert convention(first) == "gross" and tax_type(first) == "output" and not is_credit_note(first)


def test_bmd_buerf_fix_is_read_as_bookings() -> None:
    """The 5.5 fixed-length BUERF: positions of TdTools' layout, trailing signs, implied decimals."""
    result = read("bmd_buerf_fix_EXCERPT.fix")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 5, "cp850")
    first, _, third, fourth, fifth = result.records
    assert isinstance(first, bmd.Booking)
    assert (first.konto, first.gkonto, first.belegnr, first.belegdatum, first.buchdatum) == (
        204076,
        4242,
        "4910",
        date(1996, 9, 18),
        date(1996, 9, 18),
    )
    assert (first.kost, first.prozent, first.steuercode, first.buchcode) == ("14", D(20), 0, Buchcode.SOLL)
    assert (first.betrag, first.steuer, first.periode) == (D("9120.00"), D("-1520.00"), 9)
    assert (first.text, first.buchsymbol) == ("Ar,Programmä", "Ar")
    assert isinstance(third, bmd.Booking) and (third.betrag, third.steuer, third.zziel) == (
        D("12300.00"),
        D("-2050.00"),
        30,
    )
    assert isinstance(fourth, bmd.Booking) and (fourth.skontotage, fourth.skontopz) == (8, D(0))
    assert isinstance(fifth, bmd.Booking) and (fifth.skontopz, fifth.skontotage, fifth.kost) == (
        D(2),
        8,
        "26",
    )


def test_fixed_length_files_are_refused_by_name_when_not_buerf() -> None:
    """A 1000-column STAMERF record, or a BUERF record cut short, is named as the fixed-length format."""
    stamerf = ("0" * 9 + "Muster" + " " * 984 + "*").encode() + b"\r\n"
    result = bmd.read(stamerf, name="stamerf.fix")
    (problem,) = result.problems
    assert "fixed-length" in problem.message and "1000" in problem.message
    assert "separated by" not in problem.message
    lines = (EXTERNAL / "bmd_buerf_fix_EXCERPT.fix").read_bytes().split(b"\r\n")
    lines[1] = lines[1][:300] + b"*"
    cut = bmd.read(b"\r\n".join(lines), name="buerf.fix")
    assert [(p.line, p.message) for p in cut.problems] == [
        (2, "fixed-length record has 301 characters, BMD 5.5 BUERF records have 480 ending in '*'")
    ]
    assert (cut.lines, cut.faulty_lines, cut.rows) == (5, 1, 4)  # the short record read, left out


def test_a_superscript_digit_in_a_fixed_length_amount_is_named_not_a_crash() -> None:
    """DOS code page 850 (this file's, as its umlauts show) has '²' at 0xFD, which str.isdigit() takes
    for a digit and int() refuses: the second record's amount (columns 108-125, "00000000000057000+")
    becomes "…5²000+" and is named as not a number at line 2, field betrag."""
    lines = (EXTERNAL / "bmd_buerf_fix_EXCERPT.fix").read_bytes().split(b"\r\n")
    assert lines[1][107:125] == b"00000000000057000+"
    lines[1] = lines[1][:120] + "²".encode("cp850") + lines[1][121:]
    result = bmd.read(b"\r\n".join(lines), name="buerf.fix")
    assert [(p.line, p.field) for p in result.problems] == [(2, "betrag")]
    assert "5²000" in result.problems[0].message


def test_bmd_journal_export_signs_soll_positive_haben_negative() -> None:
    """pr10gtest.csv: the AR expansion (customer +120/−20, revenue −100), the ER one (supplier −1200/+200)."""
    result = read("bmd_pr10gtest.csv")
    assert result.ok and result.rows == 138
    by_number = {r.journalnr: r for r in result.records if isinstance(r, bmd.JournalLine)}
    customer, revenue = by_number[1], by_number[2]
    assert (customer.konto, customer.betrag, customer.steuer, customer.buchcode) == (
        200000,
        D("120.00"),
        D("-20.00"),
        Buchcode.SOLL,
    )
    assert (revenue.konto, revenue.betrag, revenue.buchcode, revenue.belegdatum) == (
        4000,
        D("-100.00"),
        Buchcode.HABEN,
        date(2005, 1, 31),
    )
    supplier = by_number[83]
    assert (supplier.konto, supplier.betrag, supplier.steuer, supplier.buchsymbol) == (
        300000,
        D("-1200.00"),
        D("200.00"),
        "ER",
    )


def test_person_account_lists_from_bmd() -> None:
    """STAMERF header and the NTCS list (cp1252, LF, one stray 0x88 byte) read as person accounts."""
    (stamerf,) = read("bmd_stamerf_var_EXCERPT.txt").records
    assert isinstance(stamerf, bmd.PersonAccount)
    assert (stamerf.konto, stamerf.nachname, stamerf.matchcode) == (200000, "A diverse", "A DIVERSE")
    klienten = read("qimy_Klienten_csv_EXCERPT.csv")
    assert klienten.ok and klienten.encoding == "cp1252"
    first, second = klienten.records
    assert isinstance(first, bmd.PersonAccount) and isinstance(second, bmd.PersonAccount)
    assert (first.konto, first.nachname, first.waehrung, first.zahlungsziel) == (
        200000,
        "Barverkaufe AUSTRIA - Selbstausfuhr (EU)",
        "EUR",
        0,
    )
    assert (second.konto, second.nachname) == (
        200001,
        "Barverkaufe DEUTSCHLAND -100.000 \u02c6  Lieferschwelle",
    )


def test_ntcs_exports_skip_the_constid_line_and_keep_the_default_tax_code() -> None:
    """NTCS_CONSTID_INFO% before the header; Kto-Nr, Kontoart, USt-Pz, USt-StC, Währung, Filial-Nr map."""
    accounts = read("qimy_ntcs_sachkonten.csv")
    assert accounts.ok and accounts.kind is Kind.ACCOUNTS and accounts.rows == 4
    by_konto = {r.konto: r for r in accounts.records if isinstance(r, bmd.LedgerAccount)}
    assert by_konto[210].bezeichnung == "Grund- und Bodenanteil bei Gebäuden"
    revenue = by_konto[4000]
    assert (revenue.kontenart, revenue.kontoklasse, revenue.ust_kennzeichen) == ("4", "4", "U")
    assert (revenue.prozent, revenue.steuercode) == (D(20), 1)
    assert (by_konto[2000].prozent, by_konto[2000].steuercode) == (None, None)
    again = bmd.read(bmd.dumps(accounts.records))
    assert again.records == accounts.records
    persons = read("qimy_ntcs_personenkonten.csv")
    assert persons.ok and persons.kind is Kind.PERSONS
    accu, innogate = persons.records
    assert isinstance(accu, bmd.PersonAccount) and isinstance(innogate, bmd.PersonAccount)
    assert (accu.konto, accu.nachname, accu.waehrung, accu.zahlungsziel) == (
        230001,
        "ACCU-SERVICE NV",
        "EUR",
        30,
    )
    assert (innogate.skonto, innogate.skontotage) == (D(2), 10)
    assert "Externe KontoNr" in persons.ignored_columns


def test_datenpol_invoices_and_credit_note_follow_the_sign_rule() -> None:
    """AR lines gross with negative tax; the GU credit note keeps buchcode 1, betrag −, steuer +."""
    result = read("datenpol_out_invoice_2019-03-31.csv")
    assert result.ok, result.problems
    lines = [r for r in result.records if isinstance(r, bmd.Booking)]
    assert [(r.belegnr, r.betrag, r.steuer, r.prozent) for r in lines] == [
        ("INV/2019/0001", D("120.0"), D("-20.0"), D(20)),
        ("INV/2019/0001", D("55.0"), D("-5.0"), D(10)),
        ("INV/2019/0002", D("1000.8"), D("-166.8"), D(20)),
        ("RINV/2019/0001", D("-60.0"), D("10.0"), D(20)),
        ("INV/2019/0003", D("500.0"), D(0), D(0)),
    ]
    assert all(r.buchdatum == date(2019, 3, 31) and r.buchcode is Buchcode.SOLL for r in lines)
    assert lines[0].belegdatum == date(2019, 3, 5) and lines[4].steuercode == 77
    credit = lines[3]
    assert (credit.buchsymbol, is_credit_note(credit), tax_type(credit)) == ("GU", True, "output")
    assert not is_credit_note(lines[0])


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_positive_tax_on_an_ordinary_ar_line_is_a_problem_at_steuer(engine: str) -> None:
    """Flipping the tax sign of datenpol's AR line 2 (buchcode 1, betrag +120) names file:2:steuer;
    so does a negative tax on its credit note, and on an ER line with input-tax code 2."""
    text = (EXTERNAL / "datenpol_out_invoice_2019-03-31.csv").read_bytes().decode("latin-1")
    bad = text.replace(";120,0;20,0;-20,0;", ";120,0;20,0;20,0;").replace(
        ";-60,0;20,0;10,0;", ";-60,0;20,0;-10,0;"
    )
    result = bmd.read(bad.encode("latin-1"), name="out.csv", engine=engine)  # type: ignore[arg-type]
    assert [(str(p).split(": ")[0]) for p in result.problems] == ["out.csv:2:steuer", "out.csv:5:steuer"]
    assert (
        "wrong sign" in result.problems[0].message and "≤ 0 on an ordinary line" in result.problems[0].message
    )
    assert "≥ 0 on a credit note/Storno" in result.problems[1].message
    navax = (
        (EXTERNAL / "navax_sachkonto_netto.csv").read_bytes().replace(b";500,00;100,00;", b";500,00;-100,00;")
    )
    (problem,) = bmd.read(navax, name="n.csv", engine=engine).problems  # type: ignore[arg-type]
    assert (problem.line, problem.field) == (3, "steuer") and "input tax (Vorsteuer)" in problem.message


def test_fixed_length_tax_with_code_00_is_judged_by_its_symbol() -> None:
    """5.5's steucod 00 ("Vorsteuer oder keine Steuer") on BMD's own AR records: the symbol decides."""
    lines = (EXTERNAL / "bmd_buerf_fix_EXCERPT.fix").read_bytes().split(b"\r\n")
    lines[0] = lines[0].replace(b"00000000000152000-", b"00000000000152000+")
    (problem,) = bmd.read(b"\r\n".join(lines), name="b.fix").problems
    assert (problem.line, problem.field) == (1, "steuer")
    assert "buchsymbol Ar" in problem.message and "tax 1520,00" in problem.message


def test_sachkonto_led_net_lines_are_read_as_net_or_refused_naming_the_convention() -> None:
    """NAVAX: revenue account in konto, customer in gkonto, net betrag; a tax fitting neither
    convention names both (never a lone wrong 'expected')."""
    result = read("navax_sachkonto_netto.csv")
    assert result.ok, result.problems
    revenue, purchase = result.records
    assert isinstance(revenue, bmd.Booking) and isinstance(purchase, bmd.Booking)
    assert (revenue.konto, revenue.gkonto, revenue.buchcode, revenue.betrag, revenue.steuer) == (
        4000,
        200100,
        Buchcode.HABEN,
        D("-833.33"),
        D("-166.67"),
    )
    assert convention(revenue) == "net" and convention(purchase) == "net"
    assert not is_credit_note(revenue) and tax_type(purchase) == "input"
    data = (EXTERNAL / "navax_sachkonto_netto.csv").read_bytes()
    gross = bmd.read(data.replace(b"-833,33;-166,67", b"-1000,00;-166,67"), name="g.csv")
    assert gross.ok and convention(gross.records[0]) == "gross"  # type: ignore[arg-type]
    wrong = bmd.read(data.replace(b"-833,33;-166,67", b"-833,33;-150,00"), name="w.csv")
    (problem,) = wrong.problems
    assert (problem.line, problem.field) == (2, "steuer")
    assert "NAVAX" in problem.message and "166,67" in problem.message and "138,89" in problem.message
    assert "expected" not in problem.message


def test_quoted_names_from_pythons_csv_module_round_trip() -> None:
    """datenpol writes QUOTE_MINIMAL: "Foo; Bar GmbH" and "Café ""Zur Post"" OG" read and write back."""
    result = read("datenpol_customers_2019-03-31.csv")
    assert result.ok, result.problems
    names = [r.nachname for r in result.records if isinstance(r, bmd.PersonAccount)]
    assert names == ["Muster Handels GmbH", "Foo; Bar GmbH", 'Café "Zur Post" OG']
    second = result.records[1]
    assert isinstance(second, bmd.PersonAccount) and (second.ort, second.uid) == ("München", "DE129273398")
    written = bmd.dumps(result.records)
    assert b'"Foo; Bar GmbH"' in written and b'"Caf\xe9 ""Zur Post"" OG"' in written
    assert bmd.read(written).records == result.records


def _excel_unicode_text(path: Path) -> bytes:
    """What Excel's "Unicode-Text" save of a ';' file gives: UTF-16 LE with BOM, tab-separated."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("latin-1")), delimiter=";"))
    out = io.StringIO()
    csv.writer(out, dialect="excel-tab").writerows(rows)
    return out.getvalue().encode("utf-16")


def test_utf16_excel_unicode_text_is_detected_and_read(validated: Any) -> None:
    """UTF-16 with BOM (tab-separated, as Excel saves it) reads like the original; --encoding utf-16 works."""
    source = EXTERNAL / "datenpol_customers_2019-03-31.csv"
    data = _excel_unicode_text(source)
    assert data.startswith(b"\xff\xfe") and "\t".encode("utf-16-le") in data
    result = bmd.read(data, name="kunden.txt")
    assert result.ok and result.encoding == "utf-16"
    assert result.records == read(source.name).records
    semicolons = source.read_bytes().decode("latin-1").encode("utf-16")
    assert bmd.read(semicolons).records == result.records
    _, done = validated(
        "kunden.txt", source.read_bytes().decode("latin-1").encode("utf-16-le"), "--encoding", "utf-16-le"
    )
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "3 Zeile(n), utf-16-le: in Ordnung" in done.stdout
    _, done = validated("excel.txt", data, "--encoding", "utf-16")
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "3 Zeile(n), utf-16: in Ordnung" in done.stdout


def test_booking_fields_other_writers_use_are_kept() -> None:
    """The legacy QIM export's gegenbuchkz, verbuchkz, uidnr, dokumente and waehrung survive a round trip."""
    result = read("qimy_legacy_finalreport_EXCERPT.csv")
    assert result.ok, result.problems
    (line,) = result.records
    assert isinstance(line, bmd.Booking)
    assert (line.konto, line.gkonto, line.belegnr, line.belegdatum) == (
        230008,
        4113,
        "2026001Inogate",
        date(2026, 1, 14),
    )
    assert (line.betrag, line.steuer, line.prozent, line.steuercode) == (D("16000.00"), D("0.00"), D(0), 77)
    assert (line.gegenbuchkz, line.verbuchkz, line.uidnr, line.waehrung, line.periode) == (
        "E",
        "A",
        "SK2120677625",
        "EUR",
        1,
    )
    assert set(result.ignored_columns) == {"buchtyp", "extid", "verbuchstatus"}
    assert bmd.read(bmd.dumps(result.records)).records == result.records
    with_due = bmd.read(
        b"konto;belegnr;belegdatum;buchcode;betrag;faelligkeit;dokument;wae\r\n"
        b"200001;R1;05.01.2026;1;120,00;04.02.2026;R1.pdf;EUR\r\n"
    )
    (due,) = with_due.records
    assert isinstance(due, bmd.Booking) and (due.faelligkeit, due.dokument, due.waehrung) == (
        date(2026, 2, 4),
        "R1.pdf",
        "EUR",
    )


def test_tdtools_converter_output_is_refused_line_by_line() -> None:
    """TdTools prints 14 values under a 17-caption header: every line is a field-count problem."""
    result = read("tdtools_ausgangsrechnung_from_buerf_fix.csv")
    assert result.records == ()
    assert [(p.line, p.field, p.message) for p in result.problems] == [
        (2, "extbelegnr", "line has 14 fields, the header 17: truncated line"),
        (3, "extbelegnr", "line has 14 fields, the header 17: truncated line"),
    ]


GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "bmd"
REFUSED = {
    "tdtools_ausgangsrechnung_from_buerf_fix.csv",
    "fdoo_ntcs_buchungen_ig_erwerb.csv",
    "bmd_stamerf_fix_EXCERPT.fix",
    "timesheet_bmd_fibu_2026-08.csv",
    "timesheet_bmd_lohn_2026-08.csv",
    "timesheet_bmd_fibu_no_header.csv",
    "belegmanager_buchungsuebergabe_2026_04.csv",
    "eagleworks_out_invoices_2025-01.csv",
    "fibuki_buchungen.csv",
    "supertable_accounting_import_chargebee_2026-07.csv",
    "teleoptimum_szamlazo_export_2018-03.txt",
}
ACCEPTED = [p for p in FILES if p.name not in REFUSED]


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.name)
def test_accepted_external_files_convert_to_golden_ntcs(path: Path, golden: Any) -> None:
    """Each accepted file's canonical NTCS rendering is stored (regression guard) and reads back equal.

    Regenerate after an intended format change by hand with ``pytest --regen-golden``.
    """
    result = read(path.name)
    assert result.ok, result.problems
    produced = bmd.dumps(result.records, result.kind, as_of=result.as_of)
    golden.check(GOLDEN / f"external_{path.name}.ntcs.csv", produced)
    assert bmd.read(produced, result.kind).records == result.records


def test_read_table_takes_the_same_dialects_as_read() -> None:
    """Bulk consumers (read_table) get the fixed-length and the UTF-16 files like read() does."""
    fix = bmd.read_table(EXTERNAL / "bmd_buerf_fix_EXCERPT.fix")
    assert fix.problems == () and fix.frame.height == 5
    assert fix.records() == read("bmd_buerf_fix_EXCERPT.fix").records
    assert fix.frame["betrag"].to_list()[0] == D("9120.00")
    excel = bmd.read_table(_excel_unicode_text(EXTERNAL / "datenpol_customers_2019-03-31.csv"), name="k.txt")
    assert excel.encoding == "utf-16" and excel.records() == read("datenpol_customers_2019-03-31.csv").records


def test_fixed_length_file_given_as_another_kind_is_refused_by_name() -> None:
    """--kind persons on buerf.fix: the problem says it is the fixed-length format, nothing is read."""
    result = read("bmd_buerf_fix_EXCERPT.fix", kind=Kind.PERSONS)
    (problem,) = result.problems
    assert result.records == () and problem.line == 1
    assert "fixed-length" in problem.message and "not persons" in problem.message


def test_the_new_bmd_problems_read_in_german() -> None:
    """Tax signs, the fixed-length format and UTF-16 bytes are worded in German from their codes
    (hand-written expectations; the English ones are asserted above)."""
    text = (EXTERNAL / "datenpol_out_invoice_2019-03-31.csv").read_bytes().decode("latin-1")
    bad = text.replace(";120,0;20,0;-20,0;", ";120,0;20,0;20,0;").replace(
        ";-60,0;20,0;10,0;", ";-60,0;20,0;-10,0;"
    )
    first, second = bmd.read(bad.encode("latin-1"), name="out.csv").problems
    assert first.code == "bmd.tax.wrong_sign"
    assert "hat das falsche Vorzeichen: Umsatzsteuer (" in first.text_in("de")
    assert "ist ≤ 0 auf einer gewöhnlichen Zeile (Buchcode 1, Betrag 120,00)" in first.text_in("de")
    assert "ist ≥ 0 auf einer Gutschrift/Storno" in second.text_in("de")
    lines = (EXTERNAL / "bmd_buerf_fix_EXCERPT.fix").read_bytes().split(b"\r\n")
    lines[1] = lines[1][:300] + b"*"
    (cut,) = bmd.read(b"\r\n".join(lines), name="buerf.fix").problems
    assert cut.text_in("de") == (
        "Satz fester Länge hat 301 Zeichen, BMD-5.5-BUERF-Sätze haben 480 und enden mit '*'"
    )
    utf16 = "satzart;konto\n0;4000\n".encode("utf-16-le")[:-1] + b"\xd8"
    with pytest.raises(DataError) as refused:
        bmd.read(b"\xff\xfe" + utf16, name="u.csv")
    assert [p.text_in("de") for p in refused.value.problems] == ["Bytes 0a d8 sind kein gültiges utf-16"]
    messages.set_language("de")
    assert str(refused.value).startswith("u.csv: keine BMD-Datei, die syncsystem lesen kann\nu.csv:2: Bytes")


def test_heliumv_ntcs_export_reads_with_its_intra_eu_acquisition_net() -> None:
    """HELIUM V's BMD export (fb_export_bmd.xsl, NTCS codes): 9-digit zero-padded accounts, JJJJMMTT,
    the person account in konto with buchcode inverted, skontopz 99 for "no discount", and the
    intra-EU acquisition (steucod 09) with a *net* betrag and a negative tax ("PJ 17318 bei IG
    Erwerb ist der Betrag Netto", "die IG Ust/Vst bucht negativ!"): −500,00 and −100,00 = 20 % of
    500,00 — not the gross share 83,33 a person-led line otherwise carries."""
    result = read("heliumv_ntcs_buerf.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 4, "cp1252")
    assert set(result.ignored_columns) == {"skontopz2", "skontotage2"}
    ar, ar10, er, erwerb = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (ar.konto, ar.gkonto, ar.belegnr, ar.belegdatum, ar.buchdatum) == (
        200001,
        4000,
        "135",
        date(2023, 3, 15),
        date(2023, 3, 15),
    )
    assert (ar.prozent, ar.steuercode, ar.buchcode, ar.betrag, ar.steuer) == (
        D(20),
        1,
        Buchcode.SOLL,
        D("120.00"),
        D("-20.00"),
    )
    assert (ar.skonto, ar.periode, ar.zziel, ar.skontopz, ar.skontotage, ar.verbuchkz) == (
        D(0),
        3,
        30,
        D(2),
        8,
        "A",
    )
    assert (ar10.gkonto, ar10.prozent, ar10.betrag, ar10.steuer) == (4010, D(10), D("55.00"), D("-5.00"))
    assert (er.konto, er.gkonto, er.steuercode, er.buchcode, er.betrag, er.steuer) == (
        300001,
        5000,
        2,
        Buchcode.HABEN,
        D("-120.00"),
        D("20.00"),
    )
    assert (er.extbelegnr, er.skontopz) == ("RE-2023-118", D(99))
    assert (erwerb.konto, erwerb.steuercode, erwerb.buchcode, erwerb.betrag, erwerb.steuer) == (
        300002,
        9,
        Buchcode.HABEN,
        D("-500.00"),
        D("-100.00"),
    )
    assert convention(erwerb) == "net" and convention(er) == "gross" and tax_type(erwerb) == "erwerb"


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_intra_eu_acquisition_tax_that_is_the_gross_share_is_named_as_not_net(engine: str) -> None:
    """An Erwerbsteuer line is net on every side: HELIUM V's line with the gross share of 500,00
    (83,33) instead of 20 % of it is refused at file:5:steuer, naming the net amount and 100,00."""
    original = (EXTERNAL / "heliumv_ntcs_buerf.csv").read_bytes()
    data = original.replace(b";-500,00;-100,00;", b";-500,00;-83,33;")
    (problem,) = bmd.read(data, name="h.csv", engine=engine).problems  # type: ignore[arg-type]
    assert (problem.line, problem.field, problem.code) == (5, "steuer", "bmd.tax.net_mismatch")
    assert problem.message == (
        "tax -83,33 does not match 20 % of net 500,00: Erwerbsteuer (steuercode 9) is assessed on the"
        " net amount (expected 100,00 ±0,01 in magnitude)"
    )
    assert problem.text_in("de") == (
        "Steuer -83,33 passt nicht zu 20 % vom Nettobetrag 500,00: Erwerbsteuer (Steuercode 9) wird vom"
        " Nettobetrag berechnet (erwartet 100,00 ±0,01 im Betrag)"
    )


def test_fdoo_ntcs_bookings_keep_their_signs_dates_and_codes() -> None:
    """funkring/fdoo's NTCS buchungen.csv: 5.5 names without satzart, a trailing ';', JJJJMMTT, mwst
    empty on bank lines, the GU credit note with betrag − and steuer +, the ER led by the supplier with
    buchcode 2, and belegnr stripped to its digits (AR and GU both 20150001)."""
    result = read("fdoo_ntcs_buchungen.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding) == (Kind.BOOKINGS, 6, "cp1252")
    assert result.ignored_columns == ()
    lines = [r for r in result.records if isinstance(r, bmd.Booking)]
    seen = [
        (r.konto, r.gkonto, r.belegnr, r.buchcode, r.betrag, r.steuer, r.prozent, r.steuercode) for r in lines
    ]
    assert seen == [
        (200001, 4000, "20150001", Buchcode.SOLL, D("120.00"), D("-20.00"), D(20), 1),
        (200001, 4010, "20150001", Buchcode.SOLL, D("55.00"), D("-5.00"), D(10), 1),
        (200001, 4000, "20150001", Buchcode.SOLL, D("-60.00"), D("10.00"), D(20), 1),
        (300001, 5000, "20150007", Buchcode.HABEN, D("-240.00"), D("40.00"), D(20), 0),
        (2800, 200001, "20150012", Buchcode.SOLL, D("175.00"), D("0.00"), None, None),
        (300001, 2800, "20150013", Buchcode.SOLL, D("240.00"), D("0.00"), None, None),
    ]
    first, _, credit, er, bank, _ = lines
    assert (first.belegdatum, first.buchdatum, first.zziel, first.buchsymbol) == (
        date(2015, 3, 5),
        date(2015, 3, 5),
        30,
        "AR",
    )
    assert first.text == "AR/2015/0001:Bestellung Müller" and lines[5].text == "Überweisung ER/2015/0007"
    assert (first.gegenbuchkz, first.verbuchkz, first.satzart) == ("E", "A", 0)
    assert (credit.buchsymbol, is_credit_note(credit), credit.zziel) == ("GU", True, None)
    assert (tax_type(er), is_credit_note(er), er.zziel) == ("input", False, 14)
    assert (bank.buchsymbol, bank.zziel, tax_type(bank)) == ("BK", None, None)


@pytest.mark.parametrize("engine", ["rows", "columns"])
def test_fdoo_intra_eu_acquisition_with_positive_tax_is_refused_at_steuer(engine: str) -> None:
    """fdoo books the EU purchase (steucod 09) like a domestic one: tax +100,00 on the supplier's
    −500,00. The amount is right (20 % of the net) but Erwerbsteuer is negative on both sides
    (NAVAX, HELIUM V): exactly one problem, file:2:steuer."""
    data = (EXTERNAL / "fdoo_ntcs_buchungen_ig_erwerb.csv").read_bytes()
    result = bmd.read(data, name="buchungen.csv", engine=engine)  # type: ignore[arg-type]
    (problem,) = result.problems
    assert (str(problem).split(": ")[0], problem.code) == ("buchungen.csv:2:steuer", "bmd.tax.wrong_sign")
    assert problem.message == (
        "tax 100,00 has the wrong sign: Erwerbsteuer (steuercode 9) is ≤ 0 on an ordinary line"
        " (buchcode 2, betrag -500,00)"
    )
    (line,) = result.records
    assert isinstance(line, bmd.Booking) and (line.konto, line.betrag, line.steuer) == (
        300002,
        D("-500.00"),
        D("100.00"),
    )
    assert "Kärnten" in line.text


def test_fdoo_ntcs_person_accounts_read_with_their_captions() -> None:
    """fdoo's personenkonten.csv (KontoNummer;Name;PLZ;Ort;Land;UID;IBAN;BIC;Sammelkonto;Zahlungsziel;
    Skonto%;Skontotage;): one partner with its own payable and receivable account, Skonto% 0,00 and
    the zero payment terms written empty."""
    result = read("fdoo_ntcs_personenkonten.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.ignored_columns) == (Kind.PERSONS, 2, ())
    supplier, customer = result.records
    assert isinstance(supplier, bmd.PersonAccount) and isinstance(customer, bmd.PersonAccount)
    assert (supplier.konto, customer.konto) == (300001, 200001)
    assert (customer.nachname, customer.plz, customer.ort, customer.land, customer.uid) == (
        "Müller Handels GmbH",
        "1010",
        "Wien",
        "AT",
        "ATU13585627",
    )
    assert (customer.skonto, customer.zahlungsziel, customer.skontotage, customer.sammelkonto) == (
        D(0),
        None,
        None,
        None,
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_bmd_validate_in_chunks_finds_what_read_finds(path: Path) -> None:
    """`bmd validate`'s chunked scan (pieces of at least 128 bytes, so every multi-line file is cut)
    reports the kind, rows, encoding, problems and ignored columns of one whole `read`, or refuses
    the file as `read` does."""
    refused = _refusal(path)
    if refused is not None:
        with pytest.raises(DataError) as scanned:
            scan(path, chunk_bytes=128)
        assert scanned.value.problems == refused.problems
        return
    whole = bmd.read(path)
    found = scan(path, chunk_bytes=128)
    assert (found.kind, found.rows, found.encoding, found.ignored_columns) == (
        whole.kind,
        whole.rows,
        whole.encoding,
        whole.ignored_columns,
    )
    assert (found.problems, found.problem_count) == (whole.problems, len(whole.problems))


def test_the_ingest_happy_path_takes_the_net_intra_eu_acquisition() -> None:
    """clean_columns (the datacenter's ingest) reads HELIUM V's file on its fast path, the Erwerbsteuer
    line's amounts in cents as written (−500,00 / −100,00); the gross share instead sends it to `read`."""
    data = (EXTERNAL / "heliumv_ntcs_buerf.csv").read_bytes()
    found = clean_columns(data, None, name="h.csv")
    assert found is not None and found.kind is Kind.BOOKINGS
    assert (list(found.columns["betrag"]), list(found.columns["steuer"])) == (
        [12000, 5500, -12000, -50000],
        [-2000, -500, 2000, -10000],
    )
    assert clean_columns(data.replace(b";-500,00;-100,00;", b";-500,00;-83,33;"), None, name="h.csv") is None


def test_bmd_validate_accepts_heliumv_and_names_fdoos_erwerb_sign(validated: Any) -> None:
    """The office's `syncsystem bmd validate`: HELIUM V's export is in order; fdoo's EU purchase gets
    its one German problem at file:2:steuer and exit code 1."""
    _, done = validated("heliumv.csv", (EXTERNAL / "heliumv_ntcs_buerf.csv").read_bytes())
    assert done.exit_code == 0, done.stdout + done.stderr
    assert "heliumv.csv: bookings, 4 Zeile(n), cp1252: in Ordnung" in done.stdout
    fdoo, done = validated("buchungen.csv", (EXTERNAL / "fdoo_ntcs_buchungen_ig_erwerb.csv").read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert (
        f"{fdoo}:2:steuer: Steuer 100,00 hat das falsche Vorzeichen: Erwerbsteuer (Steuercode 9) ist ≤ 0"
        " auf einer gewöhnlichen Zeile (Buchcode 2, Betrag -500,00)"
    ) in done.stdout + done.stderr
    assert "1 Problem(e)" in done.stdout + done.stderr


def test_apaleo_connector_file_without_buchdatum_and_untaxed_lines() -> None:
    """apaleo's BMD connector (grman's field list): no buchdatum column, buchcode always 1 with the Soll
    account in konto, prozent and steuercode empty on an untaxed line (the city tax, the payment), the
    Storno with betrag − and steuer +, kost and extbelegnr carried; LF line ends."""
    result = read("apaleo_afinconnector_2025-07.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.ignored_columns) == (Kind.BOOKINGS, 5, ())
    logis, minibar, city_tax, payment, storno = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (logis.konto, logis.gkonto, logis.belegnr, logis.belegdatum, logis.buchdatum) == (
        200000,
        4000,
        "RES-10234",
        date(2025, 7, 3),
        None,
    )
    assert (logis.prozent, logis.steuercode, logis.betrag, logis.steuer, logis.kost, logis.extbelegnr) == (
        D(10),
        1,
        D("330.00"),
        D("-30.00"),
        "10",
        "INV-2025-0815",
    )
    assert (minibar.prozent, minibar.betrag, minibar.steuer) == (D(20), D("24.00"), D("-4.00"))
    assert (city_tax.gkonto, city_tax.prozent, city_tax.steuercode, city_tax.steuer, city_tax.betrag) == (
        3600,
        None,
        None,
        None,
        D("7.60"),
    )
    assert (payment.konto, payment.gkonto, payment.betrag, payment.buchcode) == (
        2800,
        200000,
        D("361.60"),
        Buchcode.SOLL,
    )
    assert (storno.belegdatum, storno.betrag, storno.steuer, is_credit_note(storno)) == (
        date(2025, 7, 4),
        D("-6.00"),
        D("1.00"),
        True,
    )


def test_bmd_stamerf_fixed_length_records_are_refused_as_the_1000_column_layout(validated: Any) -> None:
    """BMD's own STAMERF sample (1000-column person records ending in '*'): one problem at line 1 naming
    the fixed-length layout and its 1000 characters, no record, from both engines and `bmd validate`."""
    for engine in ("rows", "columns"):
        result = read("bmd_stamerf_fix_EXCERPT.fix", engine=engine)
        (problem,) = result.problems
        assert (result.records, problem.line, problem.field, problem.code) == ((), 1, "", "bmd.fixed.layout")
        assert "1000" in problem.message and "480" in problem.message
    target, done = validated("stamerf.fix", (EXTERNAL / "bmd_stamerf_fix_EXCERPT.fix").read_bytes())
    assert done.exit_code == 1, done.stdout + done.stderr
    assert f"{target}:1: BMD-5.5-Datei mit Sätzen zu 1000 Zeichen" in done.stdout + done.stderr


def test_cr_only_line_ends_are_refused_by_name_not_read_as_an_empty_file(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    """datenpol's invoices saved with CR-only line ends (the old Mac format of Excel's "CSV"): the
    whole file is one physical line, which was read as a header with no rows and no problem. It is
    refused at file:1, saying so, by every path (`read` both engines, `read_table`, the chunked scan,
    `clean_columns`) and by `bmd validate`."""
    data = (EXTERNAL / "datenpol_out_invoice_2019-03-31.csv").read_bytes().replace(b"\r\n", b"\r")
    assert b"\n" not in data and data.count(b"\r") == 6
    expected = "line ends are CR only (the old Mac format); BMD files end their lines in CRLF"
    for engine in ("rows", "columns"):
        with pytest.raises(DataError) as refused:
            bmd.read(data, name="mac.csv", engine=engine)  # type: ignore[arg-type]
        assert [(p.line, p.field, p.message) for p in refused.value.problems] == [(1, "", expected)]
        given = bmd.read(data, Kind.BOOKINGS, name="mac.csv", engine=engine)  # type: ignore[arg-type]
        assert given.records == () and [(p.line, p.message) for p in given.problems] == [(1, expected)]
    with pytest.raises(DataError):
        bmd.read_table(data, name="mac.csv")
    assert clean_columns(data, None, name="mac.csv") is None
    target = tmp_path / "mac.csv"
    target.write_bytes(data)
    found = scan(target, Kind.BOOKINGS, chunk_bytes=128)
    assert [(p.line, p.message) for p in found.problems] == [(1, expected)] and found.rows == 0
    done = cli("bmd", "validate", str(target))
    assert done.exit_code != 0, done.stdout + done.stderr
    assert f"{target}:1: Zeilenenden sind nur CR (altes Mac-Format); BMD-Dateien enden Zeilen mit CRLF" in (
        done.stdout + done.stderr
    )


def test_bmd_op_list_as_fdoos_reconciliation_reads_it() -> None:
    """The OP list fdoo's reconciliation parses (ISO-8859-15, a title line before the 'per <Tag>. <Monat>
    <Jahr>' line, captions found by name among others, JJ/MM/TT, a total row with an empty Kto-Nr):
    the date, both open items with their amounts, Name ignored, the total row not an item."""
    result = read("fdoo_op_liste_2015-03-31.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.as_of, result.ignored_columns) == (
        Kind.OPENITEMS,
        2,
        date(2015, 3, 31),
        ("Name",),
    )
    first, second = result.records
    assert isinstance(first, bmd.OpenItem) and isinstance(second, bmd.OpenItem)
    amounts = (first.rechnungsbetrag, first.offener_betrag)
    assert (first.konto, first.rechnungsnr, first.rechnungsdatum, *amounts) == (
        200001,
        "20150001",
        date(2015, 3, 5),
        D("175.00"),
        D("175.00"),
    )
    assert first.text == "AR/2015/0001:Bestellung Müller" and first.buchsymbol == "AR"
    assert (second.konto, second.rechnungsdatum, second.rechnungsbetrag, second.offener_betrag) == (
        200002,
        date(2015, 3, 12),
        D("240.00"),
        D("100.00"),
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_read_table_agrees_with_read_on_every_external_file(path: Path) -> None:
    """The bulk consumers' `read_table` gives `read`'s records, problems and encoding for each file; a
    file it cannot read at all (the STAMERF fixed layout) it refuses with `read`'s own problem, and a
    file `read` refuses outright (timesheet's payroll file) it refuses with the same problems."""
    refused = _refusal(path)
    if refused is not None:
        with pytest.raises(DataError) as tabled:
            bmd.read_table(path)
        assert tabled.value.problems == refused.problems
        return
    whole = bmd.read(path)
    try:
        table = bmd.read_table(path)
    except DataError as refused:
        assert whole.records == () and list(refused.problems) == list(whole.problems)
        return
    assert (table.records(), table.problems) == (whole.records, whole.problems)
    assert table.encoding == whole.encoding


def test_staffsupply_ntcs_file_with_padded_gkonto_and_reverse_charge_codes() -> None:
    """StaffSupply's NTCS export (its published field list): buchdatum the month end, gkonto 9 digits
    zero-padded (000008002), gross betrag + / steuer − on an invoice and the reverse on a Storno, skonto
    with steuer's sign, Steuercode 27 (Bau §19) and 81 (§13b) without tax, no prozent column."""
    result = read("staffsupply_ntcs_buerf.csv")
    assert result.ok, result.problems
    assert (result.kind, result.rows, result.encoding, result.ignored_columns) == (
        Kind.BOOKINGS,
        4,
        "cp1252",
        (),
    )
    invoice, storno, bau, ausland = (r for r in result.records if isinstance(r, bmd.Booking))
    assert (invoice.konto, invoice.gkonto, invoice.belegnr, invoice.belegdatum, invoice.buchdatum) == (
        200010,
        8002,
        "2021-00101-GRAZ",
        date(2021, 3, 15),
        date(2021, 3, 31),
    )
    assert (invoice.betrag, invoice.steuer, invoice.skonto, invoice.prozent, invoice.steuercode) == (
        D("1200.00"),
        D("-200.00"),
        D("-24.00"),
        None,
        1,
    )
    assert (invoice.periode, invoice.zziel, invoice.skontopz, invoice.skontotage) == (3, 30, D("2.00"), 14)
    assert (storno.buchcode, storno.betrag, storno.steuer, storno.skonto) == (
        Buchcode.SOLL,
        D("-600.00"),
        D("100.00"),
        D("12.00"),
    )
    assert is_credit_note(storno) and not is_credit_note(invoice)
    assert (bau.gkonto, bau.steuercode, bau.betrag, bau.steuer) == (8015, 27, D("5000.00"), D("0.00"))
    assert (ausland.gkonto, ausland.steuercode, ausland.betrag, ausland.steuer, ausland.zziel) == (
        8224,
        81,
        D("800.00"),
        D("0.00"),
        14,
    )


def test_staffsupply_storno_with_an_invoices_tax_sign_is_refused() -> None:
    """The Storno line with steuer − (an invoice's sign) against betrag −: BMD's sign rule refuses it."""
    data = (
        (EXTERNAL / "staffsupply_ntcs_buerf.csv")
        .read_bytes()
        .replace(b";-600,00;100,00;", b";-600,00;-100,00;")
    )
    result = bmd.read(data, name="s.csv")
    assert [(p.line, p.field) for p in result.problems] == [(3, "steuer")]
