"""The ingest's happy path (`bmd.clean_columns`) gives exactly the exact reader's columns — its amounts
as integer cents, the reader's ``Decimal`` × 100, and the very rows the datacenter stores — and only
for files the exact reader reads without a problem; every other file goes to the exact reader, so the
ingest reports exactly its problems. The whole-column converters of the row reader's fast path
value and refuse cells exactly like the scalar converters of `bmd.dialect`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncsystem import bmd
from syncsystem.bmd import Kind, dialect, rows_bulk
from syncsystem.bmd import clean_columns as clean_columns_module
from syncsystem.bmd.clean_columns import Cents, clean_columns
from syncsystem.bmd.dialect import CellType
from syncsystem.bmd.schema import SCHEMAS
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.ingest import parse_files
from syncsystem.datacenter.rows import columns_of, prepare
from syncsystem.errors import DataError

from .test_bmd_bad_input import GOOD, HEADER, LEDGER_NEITHER, bookings
from .test_bmd_columnar import OP_LIST
from .test_bmd_roundtrip import PHASES
from .test_bmd_rows_bulk import DAMAGE, KIND_RECORDS, damaged

EXTERNAL = Path(__file__).parents[2] / "data" / "external"


def assert_exact(data: bytes, kind: Kind | None = None) -> bool:
    """`clean_columns` of ``data`` is the exact reader's columns (types too; an amount as integer
    cents, the reader's Decimal × 100, in a `Cents` column) and prepares to the rows of the reader's
    columns when the exact reader finds no problem, else ``None``; True when it took the happy path."""
    try:
        exact = bmd.read(data, kind, name="f.csv", engine="rows")
    except DataError:  # a file whose kind the exact reader cannot tell: neither can the happy path
        assert clean_columns(data, kind, name="f.csv") is None
        return False
    found = clean_columns(data, kind, name="f.csv")
    if exact.problems:
        assert found is None
        return False
    if found is None:
        return False
    expected = columns_of(exact.kind, exact)
    assert (found.kind, found.rows) == (exact.kind, exact.rows)
    assert list(found.columns) == list(expected)
    money = {c.field for c in SCHEMAS[exact.kind].columns if c.ctype is CellType.MONEY}
    for name, values in expected.items():
        column = found.columns[name]
        if name in money:
            assert type(column) is Cents, name
            assert all(v is None or type(v) is int for v in column), name
            assert column == [None if v is None else int(v * 100) for v in values], name
            assert all(v is None or v * 100 == int(v * 100) for v in values), name  # whole cents
        else:
            assert [repr(v) for v in column] == [repr(v) for v in values], name
    rows = prepare(exact.kind, found.columns, "k", "M1", "b1")
    assert rows == prepare(exact.kind, expected, "k", "M1", "b1")
    return True


def test_emulator_exports_take_the_happy_path_with_the_exact_columns(tmp_path: Path) -> None:
    """Every file of a kontool export of the BMD emulator (what the datacenter ingests) takes the happy
    path and gives the exact reader's columns."""
    from emulators.bmd import Office  # noqa: PLC0415 - the emulator is only needed here

    office = Office.create(tmp_path / "bmd", seed=3, mandanten=2, profile="kontool", start=date(2026, 3, 2))
    for nr in office.mandanten:
        done = office.export(tmp_path / nr, mandanten=[nr], flat=True)[nr]
        for f in done.files:
            data = (done.directory / f.name).read_bytes()
            assert assert_exact(data, f.kind), f.name
            assert assert_exact(data), f.name  # the kind detected from the header


@pytest.mark.parametrize("path", sorted(EXTERNAL.glob("*.*")), ids=lambda p: p.name)
def test_real_files_read_exactly_or_go_to_the_exact_reader(path: Path) -> None:
    """Real BMD and peer files (fixed-length, NTCS exports, other tools' CSV): exact columns or None."""
    assert_exact(path.read_bytes())


def test_bmd_journal_sample_takes_the_happy_path() -> None:
    """BMD's own journal export (pr10gtest.csv) is clean and read on the happy path."""
    assert assert_exact((EXTERNAL / "bmd_pr10gtest.csv").read_bytes(), Kind.JOURNAL)


def journal(first: tuple[int, str] = (1, "100.00"), second: str = "-100.00") -> bytes:
    """A journal of one document, two lines: (buchcode, betrag) of the first, betrag of the second."""
    day, zero = date(2025, 4, 1), Decimal("0.00")
    lines = [
        bmd.JournalLine(2800, day, day, "1", 9800, bmd.Buchcode(first[0]), Decimal(first[1]), zero, "EB", 1),
        bmd.JournalLine(9800, day, day, "1", 2800, bmd.Buchcode.HABEN, Decimal(second), zero, "EB", 2),
    ]
    return bmd.dumps(lines, Kind.JOURNAL)


BAD_FILES = [
    bookings(GOOD, "0;200001;4000;R2;05.01.2026;AR;1;20"),  # truncated line
    bookings(GOOD + ";x", GOOD),  # a stray cell
    ("\r\n".join([HEADER.replace(";", ","), GOOD.replace(";", ",")]) + "\r\n").encode(),  # ',' separated
    bookings(*(GOOD.replace("Rechnung", f"Gebühr für Äpfel {i}") for i in range(3))).decode("cp1252").encode()
    + GOOD.replace("Rechnung", "Grüße").encode("cp1252"),  # a UTF-8 file with a line in cp1252
    *(bookings(GOOD, GOOD.replace("120,00", c)) for c in ("abc", "19,205", "19.20", "", "12345678901234")),
    *(bookings(GOOD.replace("05.01.2026", cell)) for cell in ("31.02.2024", "20240230", "00.01.2024", "x")),
    bookings(GOOD.replace("AR;1;", "AR;3;")),  # buchcode
    bookings(GOOD.replace("200001", "12345678901")),  # an account of eleven digits
    bookings(GOOD, GOOD.replace("-20,00", "-21,00")),  # tax does not fit the percentage
    bookings(LEDGER_NEITHER),  # no person account, a tax fitting neither net nor gross
    bookings(header=HEADER.replace(";betrag", ";betragx")),  # required column missing
    bookings(GOOD + ";1", header=HEADER + ";KONTO"),  # column twice
    b"",
    b"konto;nachname;uidnummer;iban\r\n200001;Muster;ATU13585628;AT611904300234573201\r\n",  # UID
    b"konto;nachname;uidnummer;iban\r\n200001;Muster;ATU13585627;AT611904300234573202\r\n",  # IBAN
    b"konto;nachname\r\n1200;Muster\r\n",  # not a person account
    b"konto;bezeichnung\r\n200001;Kunde\r\n",  # a person account as Sachkonto
    b"kost;bezeichnung\r\n10;\r\n",  # required cell empty
    OP_LIST,  # sign, amount, range and date problems under a valid preamble
    OP_LIST.replace(b"per 31. J\xe4nner 2026", b"Stand unbekannt"),  # no date in the preamble
    journal(second="-90.00"),  # the document does not balance
    journal(first=(2, "100.00")),  # Haben with a positive amount
    # a clearing without account
    b"Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n;4;10,00;02.02.2026;2;x\r\n",
]


@pytest.mark.parametrize("data", BAD_FILES)
def test_files_with_problems_go_to_the_exact_reader_and_keep_its_problems(data: bytes) -> None:
    """A file with any problem gets no columns from the happy path, and the ingest's refusal names
    exactly the problems of the exact reader."""
    kind = Kind.BOOKINGS if data.startswith(b"satzart") or not data else None
    kind = Kind.JOURNAL if data.startswith(b"Bu-Konto") else kind
    assert not assert_exact(data, kind)
    exact = bmd.read(data, kind, name="M1/f.csv")
    assert exact.problems
    with pytest.raises(RefusedError) as refused:
        parse_files([("M1", "f.csv", kind.value if kind else None, data)])
    assert list(refused.value.problems) == list(exact.problems)


def test_a_clean_utf16_file_is_read_by_the_exact_reader() -> None:
    """UTF-16 (Excel's "Unicode-Text") is left to the exact reader, which the ingest then uses."""
    data = "konto;nachname\r\n200001;Müller\r\n".encode("utf-16")
    assert clean_columns(data, None, name="f.csv") is None
    parsed = parse_files([("M1", "f.csv", None, data)])
    assert parsed[0].columns["nachname"] == ["Müller"]


def test_the_good_variants_of_the_bad_files_take_the_happy_path() -> None:
    """The tables above break a file that is otherwise clean: the clean ones do take the happy path."""
    assert assert_exact(bookings(GOOD, GOOD.replace("R1", "R2")), Kind.BOOKINGS)
    assert assert_exact(journal(), Kind.JOURNAL)
    person = b"200001;Muster;ATU13585627;AT611904300234573201"
    assert assert_exact(b"konto;nachname;uidnummer;iban\r\n" + person + b"\r\n")
    assert assert_exact(b"kost;bezeichnung\r\n10;Verwaltung\r\n")


@settings(max_examples=40, deadline=None, phases=PHASES)
@given(KIND_RECORDS, DAMAGE)
def test_random_damaged_files_read_exactly_or_go_to_the_exact_reader(
    kind_records: tuple[Kind, list[bmd.Record]], damage: list[tuple[int, int, str]]
) -> None:
    """Random records of every kind, with random cells replaced by bad values: the exact columns when
    the exact reader finds no problem, else None."""
    kind, records = kind_records
    assert_exact(damaged(kind, records, damage), kind)


CONVERTERS = [
    (CellType.INT, rows_bulk._ints),
    (CellType.MONEY, lambda cells: rows_bulk._decimals(rows_bulk._MONEY_CELLS, cells)),
    (CellType.RATE, lambda cells: rows_bulk._decimals(rows_bulk._RATE_CELLS, cells)),
]
CELL = st.text("0129,+- .\u0661\u00b2\u2009", min_size=1, max_size=18).map(str.strip).filter(bool)


@settings(max_examples=300, deadline=None, phases=PHASES)
@given(st.lists(CELL, max_size=6))
def test_column_converters_value_cells_as_the_scalar_converters(cells: list[str]) -> None:
    """A whole column is converted only when every cell is one the scalar converter accepts, and
    then to its very value (``repr``: Decimal exponents and the sign of zero too)."""
    for ctype, column in CONVERTERS:
        found = column(cells)
        if found is None:
            continue
        scalar = [dialect.convert(ctype, c) for c in cells]
        assert all(message is None for _, message in scalar)
        assert [repr(v) for v in found] == [repr(v) for v, _ in scalar]
    cents = rows_bulk._cents(cells)
    decimals = CONVERTERS[1][1](cells)
    assert (cents is None) == (decimals is None)  # the same cells taken, the same left to the scalar
    if cents is not None and decimals is not None:
        assert cents == [int(d * 100) for d in decimals]  # type: ignore[operator]
        assert all(type(c) is int for c in cents)
        assert cents == [rows_bulk.money_cents(c)[0] for c in cells]


def test_amounts_as_cents_hand_table() -> None:
    """The happy path's amounts: cents written out by hand, by the column and the scalar converter."""
    cells = ["120,00", "-0,00", "+5", "0000000000000001,5", "-3", "0,07", "-1234567890123,99", "17,1"]
    expected = [12000, 0, 500, 150, -300, 7, -123456789012399, 1710]
    assert rows_bulk._cents(cells) == expected
    assert [rows_bulk.money_cents(c) for c in cells] == [(e, None) for e in expected]
    assert rows_bulk.money_cents("- 3,20") == (-320, None)  # the scalar converter's other spellings
    assert rows_bulk._cents(["1", "- 3,20"]) is None
    assert rows_bulk.money_cents("1,234")[0] is None  # refused, with the converter's message
    assert rows_bulk.money_cents("1,234")[1] == dialect.convert(CellType.MONEY, "1,234")[1]


@pytest.mark.parametrize(
    ("ctype", "cells", "expected"),
    [
        (CellType.INT, ["0012", "7", "9999999999"], [12, 7, 9999999999]),
        (
            CellType.MONEY,
            ["120,00", "-0,00", "+5", "0000000000000001,5", "-3"],
            [Decimal("120.00"), Decimal("0.00"), Decimal("5.0"), Decimal("1.5"), Decimal("-3.0")],
        ),
        (CellType.RATE, ["20", "5,5", "0,125"], [Decimal("20.0"), Decimal("5.5"), Decimal("0.125")]),
    ],
)
def test_common_spellings_take_the_column_converters(
    ctype: CellType, cells: list[str], expected: list[object]
) -> None:
    """The spellings BMD writes are converted as whole columns (hand-computed values)."""
    column = dict((t, c) for t, c in CONVERTERS)[ctype]
    found = column(cells)
    assert found is not None
    assert [repr(v) for v in found] == [repr(v) for v in expected]


@pytest.mark.parametrize(
    ("ctype", "cells"),
    [
        (CellType.INT, ["12345678901"]),  # eleven digits
        (CellType.INT, ["-1"]),
        (CellType.INT, ["\u0661"]),  # a non-ASCII digit: the scalar converter decides
        (CellType.MONEY, ["12345678901234"]),  # fourteen digits
        (CellType.MONEY, ["1,234"]),
        (CellType.MONEY, ["- 3,20"]),  # spaces: the scalar converter decides
        (CellType.RATE, ["1,2345"]),
    ],
)
def test_other_spellings_are_left_to_the_scalar_converters(ctype: CellType, cells: list[str]) -> None:
    column = dict((t, c) for t, c in CONVERTERS)[ctype]
    assert column(["1", *cells]) is None


LINES = [
    (b"a;b\r\n1;2\r\n", "cp1252", ["a;b", "1;2"]),
    (b"a;b\n1;2", "utf-8", ["a;b", "1;2"]),
    (b"a;b\r\n1;2\r\n\r\n \t\r\n", "cp1252", ["a;b", "1;2"]),  # blank lines at the end
    ("a;b\r\nÄ;ß\r\n".encode("cp1252"), "cp1252", ["a;b", "Ä;ß"]),
    ("a;b\r\nÄ;ß\r\n".encode(), "utf-8", ["a;b", "Ä;ß"]),
    (b"a;b\r\n\r\n1;2\r\n", "cp1252", None),  # a blank line inside: numbered around by decode_lines
    (b"\r\na;b\r\n", "cp1252", None),
    (b"a;b\r\n \r\n1;2\r\n", "cp1252", None),
    ("a;b\r\n\xa0\r\n1;2\r\n".encode("cp1252"), "cp1252", None),  # not blank to decode_lines: asked
    (b"a;b\r\r\n1;2\r\n", "cp1252", ["a;b", "1;2"]),  # CRs before a line end: all stripped
    (b"a;b\r\n1\r;2\r\n", "cp1252", ["a;b", "1\r;2"]),  # a CR inside a line stays
    (b"a;b\r\n1;2\r\n\x1a", "cp1252", None),  # DOS end-of-file mark
    (b"a;b\r\n1;\xff\r\n", "utf-8", None),  # undecodable
    (b"\xef\xbb\xbfa;b\r\n", "utf-8-sig", None),
]


@pytest.mark.parametrize(("data", "encoding", "texts"), LINES)
def test_lines_hand_table(data: bytes, encoding: str, texts: list[str] | None) -> None:
    """The happy path's lines (written out by hand) are decode_lines' texts, line i numbered i + 1,
    or it leaves the file to decode_lines."""
    found = clean_columns_module._lines(data, encoding)
    assert found == texts
    if found is not None:
        assert dialect.decode_lines(data, encoding) == list(enumerate(found, start=1))


@settings(max_examples=300, deadline=None, phases=PHASES)
@given(
    st.lists(
        st.sampled_from([b"a", b";", b"1", b"\r", b"\n", b"\r\n", b" ", b"\t", b"\xc4", b"\xa0", b"\x1a"])
    ),
    st.sampled_from(["cp1252", "utf-8", "cp850", "iso8859-15"]),
)
def test_lines_are_decode_lines_or_none(parts: list[bytes], encoding: str) -> None:
    data = b"".join(parts)
    found = clean_columns_module._lines(data, encoding)
    if found is not None:
        assert dialect.decode_lines(data, encoding) == list(enumerate(found, start=1))


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["05.01.2026", "29.02.2024", "31.12.1999"],
            [date(2026, 1, 5), date(2024, 2, 29), date(1999, 12, 31)],
        ),
        (["05.01.2026", "31.02.2024"], None),  # no such day: the scalar converter names it
        (["00.01.2024"], None),
        (["05.01.0000"], None),
        (["05.01.2026", "20260105"], None),  # another spelling: cell by cell
        (["5.1.2026"], None),
        (["\u0660\u0665.01.2026"], None),  # non-ASCII digits: the scalar converter decides
    ],
)
def test_date_columns_hand_table(cells: list[str], expected: list[date] | None) -> None:
    assert rows_bulk._dates(cells) == expected


DMY = st.builds("{:02d}.{:02d}.{:04d}".format, st.integers(0, 39), st.integers(0, 19), st.integers(0, 2999))


@settings(max_examples=300, deadline=None, phases=PHASES)
@given(st.lists(DMY | st.text("0123459./", min_size=1, max_size=11).filter(str.strip), max_size=5))
def test_date_columns_value_cells_as_the_scalar_converter(cells: list[str]) -> None:
    """A date column is converted whole only when the scalar converter takes every cell, and to its
    very dates."""
    found = rows_bulk._dates(cells)
    if found is not None:
        scalar = [dialect.convert(CellType.DATE, c) for c in cells]
        assert all(message is None for _, message in scalar)
        assert found == [value for value, _ in scalar]
