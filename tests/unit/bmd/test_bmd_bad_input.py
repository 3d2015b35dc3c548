"""Bad input gives problems with exact file, line and field — all of them in one run, nothing silent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from syncsystem import bmd
from syncsystem.bmd import Kind
from syncsystem.errors import DataError, Problem

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"
GOOD = "0;200001;4000;R1;05.01.2026;AR;1;20;1;120,00;-20,00;Rechnung"
# no person account: 20 % of 120,00 is 24,00 net, 20,00 gross; 22,00 fits neither
LEDGER_NEITHER = GOOD.replace("200001", "2800").replace("-20,00", "-22,00")


def bookings(*rows: str, header: str = HEADER, eol: str = "\r\n") -> bytes:
    return eol.join([header, *rows, ""]).encode("cp1252")


def only(result: bmd.ReadResult) -> Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_clean_file_has_no_problems() -> None:
    """A well-formed bookings file reads with no problem and all its records."""
    result = bmd.read(bookings(GOOD, GOOD), name="b.csv")
    assert result.ok and result.rows == 2


def test_truncated_line_names_line_and_first_missing_field() -> None:
    """A line cut short is one problem at its line, naming the first column it lacks."""
    result = bmd.read(bookings(GOOD, "0;200001;4000;R2;05.01.2026;AR;1;20"), name="b.csv")
    assert str(only(result)) == "b.csv:3:steuercode: line has 8 fields, the header 12: truncated line"
    assert result.rows == 1


def test_comma_separated_file_is_one_problem_not_thousands() -> None:
    """A ','-separated file is refused with a single clear problem."""
    data = ("\r\n".join([HEADER.replace(";", ",")] + [GOOD.replace(";", ",")] * 1000) + "\r\n").encode()
    result = bmd.read(data, Kind.BOOKINGS, name="comma.csv")
    assert str(only(result)) == "comma.csv:1: fields are separated by ','; BMD files use ';'"
    with pytest.raises(DataError, match="separated by ','"):
        bmd.read(data, name="comma.csv")  # without a kind there is nothing to return


def test_broken_encoding_names_line_and_field() -> None:
    """Bytes invalid in the declared encoding are a problem at their line and cell."""
    data = bookings(GOOD, GOOD.replace("Rechnung", "Gebühr"))  # cp1252 bytes
    problem = only(bmd.read(data, name="b.csv", encoding="utf-8"))
    assert (problem.line, problem.field) == (3, "text")
    assert "fc" in problem.message and "utf-8" in problem.message


def test_mostly_utf8_file_with_a_broken_line_is_reported_not_misread() -> None:
    """A UTF-8 file with one line in another encoding is detected as UTF-8 and the line reported."""
    utf8_lines = [GOOD.replace("Rechnung", f"Gebühr für Äpfel {i}") for i in range(3)]
    data = (
        (HEADER + "\r\n" + "\r\n".join(utf8_lines) + "\r\n").encode()
        + GOOD.replace("Rechnung", "Grüße").encode("cp1252")
        + b"\r\n"
    )
    result = bmd.read(data, name="mixed.csv")
    assert result.encoding == "utf-8"
    assert (only(result).line, only(result).field) == (5, "text")
    assert result.rows == 3


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("abc", "not a number: 'abc'"),
        ("19,205", "3 decimals, at most 2 allowed: '19,205'"),
        ("19.20", "decimal separator must be ',' not '.': '19.20'"),
        ("", "required field is empty"),
    ],
)
def test_bad_amount_names_line_and_field(cell: str, message: str) -> None:
    """Non-numeric amounts, three decimals, a decimal point and a missing amount are located exactly."""
    result = bmd.read(bookings(GOOD, GOOD, GOOD.replace("120,00", cell)), name="b.csv")
    assert str(only(result)) == f"b.csv:4:betrag: {message}"


@pytest.mark.parametrize("cell", ["31.02.2024", "20240230", "240230", "00.01.2024"])
def test_impossible_dates_are_located(cell: str) -> None:
    """An impossible date in any of the three formats is a problem at its line and field."""
    result = bmd.read(bookings(GOOD.replace("05.01.2026", cell)), name="b.csv")
    assert str(only(result)) == f"b.csv:2:belegdatum: no such date: {cell!r}"


def test_unparseable_date_and_bad_buchcode() -> None:
    """A date in no BMD format and a buchcode other than 1/2 are both reported on the same line."""
    row = GOOD.replace("05.01.2026", "2026-01-05").replace("AR;1;", "AR;3;")
    result = bmd.read(bookings(row), name="b.csv")
    assert [(p.line, p.field) for p in result.problems] == [(2, "belegdatum"), (2, "buchcode")]
    assert "buchcode must be 1 (Soll) or 2 (Haben)" in result.problems[1].message


def test_all_problems_collected_in_one_run_and_strict_refuses() -> None:
    """Every bad line is reported in one run; strict mode raises with all of them."""
    rows = [GOOD, GOOD.replace("120,00", "x"), GOOD, GOOD.replace("200001", "2000a"), "0;1"]
    result = bmd.read(bookings(*rows), name="b.csv")
    assert [(p.line, p.field) for p in result.problems] == [(3, "betrag"), (5, "konto"), (6, "gkonto")]
    assert result.rows == 2
    with pytest.raises(DataError) as caught:
        bmd.read(bookings(*rows), name="b.csv", strict=True)
    assert len(caught.value.problems) == 3


def test_tax_must_match_percent_on_gross_lines() -> None:
    """A person-account line's tax outside gross×p/(100+p) ±0.01 is a problem on steuer."""
    ok = bmd.read(bookings(GOOD.replace("-20,00", "-20,01")))
    assert ok.ok
    result = bmd.read(bookings(GOOD, GOOD.replace("-20,00", "-21,00")), name="b.csv")
    problem = only(result)
    assert (problem.line, problem.field) == (3, "steuer")
    assert result.rows == 2  # the record is well-typed: kept, and named in the problems


def test_person_symbol_without_a_person_account_is_accepted() -> None:
    """AR between two Sachkonten (a till's "Kassa an Erlös"): BMD's default AR allows revenue and
    asset accounts and the installation decides, so no symbol is refused for its accounts; with a
    Sachkonto leading the line is net: 20 % of 100,00 is 20,00 (NAVAX, bmd-format.md §1.3)."""
    rows = (
        "0;2700;4000;K1;05.01.2026;AR;1;20;1;100,00;-20,00;Kassa",
        "0;2800;4000;K2;05.01.2026;ar;1;;;100,00;;ohne Steuer",
        "0;5000;2800;K3;05.01.2026;ER;1;;;50,00;;",
        "0;4000;2700;K4;05.01.2026;GU;1;;;-10,00;;",
        "0;2800;5000;K5;05.01.2026;EG;2;;;-10,00;;",
    )
    result = bmd.read(bookings(*rows), name="b.csv")
    assert result.ok and result.rows == 5


def test_missing_required_column_and_duplicate_column() -> None:
    """A header without betrag, or with konto twice, is reported on the header line."""
    result = bmd.read(bookings(header=HEADER.replace(";betrag", ";betragx")), Kind.BOOKINGS, name="b.csv")
    assert str(result.problems[0]) == "b.csv:1:betrag: required column missing from the bookings header"
    duplicated = bmd.read(bookings(GOOD + ";1", header=HEADER + ";KONTO"), name="b.csv")
    assert str(duplicated.problems[0]) == "b.csv:1:KONTO: column duplicates 'konto'"


def test_empty_and_unknown_files() -> None:
    """An empty file is a problem; a header naming no kind cannot be read without --kind."""
    assert str(only(bmd.read(b"", Kind.PERSONS, name="e.csv"))) == "e.csv: file is empty"
    with pytest.raises(DataError, match="header names no BMD file kind"):
        bmd.read(b"foo;bar\r\n1;2\r\n", name="x.csv")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("uidnummer", "ATU13585628", "invalid Austrian UID"),
        ("uidnummer", "ATU1358562", "invalid Austrian UID"),
        ("iban", "AT611904300234573202", "invalid IBAN"),
        ("iban", "AT61190430023457320", "invalid IBAN"),
        ("konto", "1200", "outside 200000–399999"),
    ],
)
def test_invalid_uid_iban_and_person_range(field: str, value: str, message: str) -> None:
    """UID check digit, IBAN mod-97/length and the person account range are checked per field."""
    values = {"konto": "200001", "nachname": "Muster", "uidnummer": "ATU13585627"}
    values["iban"] = "AT611904300234573201"
    values[field] = value
    data = ("konto;nachname;uidnummer;iban\r\n" + ";".join(values.values()) + "\r\n").encode()
    problem = only(bmd.read(data, name="p.csv"))
    assert (problem.line, problem.field) == (2, field)
    assert message in problem.message


def test_uid_and_iban_checks() -> None:
    """The public check functions accept valid and refuse tampered identifiers."""
    assert bmd.valid_austrian_uid("ATU13585627") and bmd.valid_austrian_uid("atu 13585627")
    assert not bmd.valid_austrian_uid("ATU13585626") and not bmd.valid_austrian_uid("DE123456789")
    assert bmd.valid_iban("AT61 1904 3002 3457 3201") and bmd.valid_iban("DE89370400440532013000")
    assert not bmd.valid_iban("DE89370400440532013001") and not bmd.valid_iban("XX")


def test_dialect_variants_read_the_same() -> None:
    """LF or CRLF, trailing ';', padding, quotes, 5.5 aliases and any caption case give the same record."""
    plain = bmd.read(bookings(GOOD)).records
    header55 = "SATZART;Konto;GKTO;belegnr;BELEGDAT;Symbol;BUCOD;MWST;steucod;betrag;steuer;text;"
    row55 = '0;000200001;4000;R1;20260105;AR;1;20;1; 000000120,00;-000000020,00;"Rechnung";'
    assert bmd.read(bookings(row55, header=header55, eol="\n")).records == plain
    yymmdd = GOOD.replace("05.01.2026", "260105")
    assert bmd.read(bookings(yymmdd)).records == plain


def test_encodings_are_detected() -> None:
    """UTF-8 with and without BOM, Windows-1252 and the DOS code page of BMD 5.5 all read correctly."""
    text = "konto;nachname;ort\r\n200001;Müller & Söhne;Straßwalchen\r\n"
    cases = (("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("cp1252", "cp1252"), ("cp850", "cp850"))
    for encoding, expected in cases:
        result = bmd.read(text.encode(encoding))
        assert result.encoding == expected
        assert result.records[0] == bmd.PersonAccount(200001, "Müller & Söhne", ort="Straßwalchen")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_reads_like_with_bom(encoding: str) -> None:
    """UTF-16 without a byte-order mark (as some Windows tools save) reads like UTF-16 with one —
    it was refused as "line ends are only CR (old Mac format)", naming the wrong cause."""
    text = "konto;nachname;ort\r\n200001;Müller & Söhne;Straßwalchen\r\n"
    result = bmd.read(text.encode(encoding), name="p.csv")
    assert result.ok and result.records == (bmd.PersonAccount(200001, "Müller & Söhne", ort="Straßwalchen"),)
    broken = text.encode(encoding) + "200002;Wirt\r\n".encode(encoding)[:-1]  # an odd byte: cut short
    problem = only(bmd.read(broken, bmd.Kind.PERSONS, name="p.csv"))
    assert (problem.file, problem.line) == ("p.csv", 3) and "utf-16" in problem.message


def test_writer_refuses_characters_the_encoding_cannot_hold() -> None:
    """A character cp1252 lacks is an error naming record and field — never a '?'."""
    records = [bmd.LedgerAccount(4000, "Erlöse"), bmd.LedgerAccount(4010, "Erlöse Łódź")]
    with pytest.raises(DataError) as caught:
        bmd.dumps(records)
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (3, "bezeichnung")
    assert "record 2" in problem.message and "U+0141" in problem.message
    assert "Łódź".encode() in bmd.dumps(records, encoding="utf-8")


def test_writer_quotes_separators_and_refuses_sub_cent_money(tmp_path: Path) -> None:
    """';' in text is RFC 4180 quoted; money with three decimals is refused, leaving the old file intact."""
    target = tmp_path / "k.csv"
    bmd.write([bmd.CostCentre("10", "Küche; Bar")], target)
    assert target.read_bytes() == 'kost;bezeichnung;art\r\n10;"Küche; Bar";\r\n'.encode("cp1252")
    assert bmd.read(target).records == (bmd.CostCentre("10", "Küche; Bar"),)
    bad = bmd.OpenItem(200001, "R1", date(2026, 1, 5), Decimal("1.005"), Decimal(0))
    with pytest.raises(DataError, match="Rng-Betrag: record 1"):
        bmd.write([bad], target)
    assert target.read_bytes().startswith(b"kost;")
    assert [p.name for p in tmp_path.iterdir()] == ["k.csv"]
