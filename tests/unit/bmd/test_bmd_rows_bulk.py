"""The row reader's column-wise fast path gives exactly the reference loop's records and problems,
and the str-method shortcuts in decoding, detection and conversion are exactly the regex versions."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syncsystem import bmd
from syncsystem.bmd import Kind, dialect, reader, rows, rows_bulk
from syncsystem.bmd.columnar import Table
from syncsystem.bmd.dialect import CellType
from syncsystem.errors import DataError

from .test_bmd_bad_input import GOOD, LEDGER_NEITHER, bookings
from .test_bmd_columnar import CORRUPT, OP_LIST
from .test_bmd_roundtrip import PHASES, STRATEGIES


@contextmanager
def reference_only() -> Iterator[None]:
    def decline(*_: object) -> None:
        raise rows_bulk.IrregularError

    with mock.patch.object(rows_bulk, "convert_block", decline):
        yield


def both(data: bytes, kind: Kind | None = None, **kwargs: object) -> bmd.ReadResult:
    fast = bmd.read(data, kind, engine="rows", name="f.csv", **kwargs)  # type: ignore[arg-type]
    with reference_only():
        slow = bmd.read(data, kind, engine="rows", name="f.csv", **kwargs)  # type: ignore[arg-type]
    assert fast.problems == slow.problems
    assert fast.records == slow.records
    assert [repr(r) for r in fast.records] == [repr(r) for r in slow.records]  # Decimal exponents too
    assert (fast.rows, fast.as_of, fast.ignored_columns) == (slow.rows, slow.as_of, slow.ignored_columns)
    return fast


@pytest.mark.parametrize(
    "data",
    [
        bookings(GOOD, GOOD),
        bookings(GOOD + ";", GOOD + ";"),  # a trailing ';' on every line
        bookings(GOOD + ";", GOOD),  # on some lines only
        bookings(GOOD + ";x", GOOD + ";x"),  # surplus cells with a value
        bookings(GOOD, "0;200001;4000;R2;05.01.2026;AR;1;20"),
        bookings(GOOD, GOOD.replace(";R1;", ";;")),  # a required cell empty
        bookings(GOOD.replace(";20;1;", ";;;"), GOOD.replace(";AR;", ";;")),  # optional cells empty
        bookings(GOOD.replace(";Rechnung", ';"Rechnung; A"'), GOOD.replace("120,00", '" 120,00 "')),
        bookings(GOOD.replace("120,00", "- 120,00"), GOOD.replace("120,00", "+0120,0")),
        bookings(GOOD).decode("cp1252").replace("05.01.2026", "\u0660\u0665.01.2026").encode("utf-8"),
        bookings(GOOD, GOOD.replace("Rechnung", "Gebühr")).replace(b"Geb", b"G\x81b"),
        bookings(LEDGER_NEITHER, GOOD.replace("-20,00", "-21,00")),  # semantic findings
        bookings(GOOD, "", "  ", GOOD, eol="\n"),
        OP_LIST,
        b"kost;bezeichnung\r\n10;\r\n;x\r\n",
        "konto;nachname;ort;uidnummer;iban\r\n200001;Müller;Wien;ATU12345675;AT611904300234573201\r\n"
        "200002;Maier;Graz;ATU12345678;AT611904300234573202\r\n".encode("cp1252"),
    ],
)
def test_fast_path_agrees_with_reference_loop_on_crafted_files(data: bytes) -> None:
    """Regular, ragged, quoted, padded, empty-celled, undecodable and semantically wrong files read
    identically with and without the column-wise fast path."""
    kind = Kind.BOOKINGS if data.startswith(b"satzart") else None
    both(data, kind, encoding="cp1252" if b"\x81" in data else None)


# Random records of one kind (of every kind) and up to three cells to replace by a bad value.
KIND_RECORDS = st.sampled_from(list(STRATEGIES)).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(STRATEGIES[k], max_size=6))
)
DAMAGE = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.sampled_from(CORRUPT)), max_size=3)


def damaged(kind: Kind, records: list[bmd.Record], damage: list[tuple[int, int, str]]) -> bytes:
    """``records`` written as BMD writes them, then each ``(row, column, value)`` of ``damage`` put
    into a data line's cell (row and column taken modulo what the file has; header lines kept)."""
    lines = bmd.dumps(records, kind, as_of=date(2026, 1, 31)).decode("cp1252").split("\r\n")
    first = 2 if kind is Kind.OPENITEMS else 1
    for row, column, value in damage:
        if len(lines) > first + 1:
            at = first + row % (len(lines) - first - 1)
            cells = lines[at].split(";")
            cells[column % len(cells)] = value
            lines[at] = ";".join(cells)
    return "\r\n".join(lines).encode("cp1252")


@settings(max_examples=40, deadline=None, phases=PHASES)
@given(KIND_RECORDS, DAMAGE)
def test_fast_path_agrees_with_reference_loop_on_random_damaged_files(
    kind_records: tuple[Kind, list[bmd.Record]], damage: list[tuple[int, int, str]]
) -> None:
    """Random records of every kind, with random cells replaced by bad values, read identically."""
    kind, records = kind_records
    both(damaged(kind, records, damage), kind)


def test_blocks_are_read_separately_and_exactly() -> None:
    """A file longer than one block with a bad line in its second block: the other blocks stay on the
    fast path and every problem and record is the reference loop's."""
    good = [GOOD.replace("R1", f"R{i}") for i in range(rows_bulk.BLOCK + 50)]
    good[rows_bulk.BLOCK + 7] = good[rows_bulk.BLOCK + 7].replace("120,00", "12,345")
    result = both(bookings(*good))
    assert [(p.line, p.field) for p in result.problems] == [(rows_bulk.BLOCK + 9, "betrag")]
    assert result.rows == len(good) - 1


def test_emulator_exports_take_the_fast_path(tmp_path: Path) -> None:
    """The datacenter's small files (a kontool export of the BMD emulator) never need the reference loop."""
    from emulators.bmd import Office  # noqa: PLC0415 - the emulator is only needed here

    office = Office.create(tmp_path / "bmd", seed=1, mandanten=1, profile="kontool", start=date(2026, 3, 2))
    done = office.export(tmp_path / "out", flat=True).mandanten[0]
    with mock.patch.object(rows, "_reference_block", side_effect=AssertionError("reference loop used")):
        for f in done.files:
            result = bmd.read(done.directory / f.name, f.kind)
            assert result.ok and result.rows == f.rows


def _reference_decode_lines(data: bytes, encoding: str) -> list[tuple[int, str | bytes]]:
    out: list[tuple[int, str | bytes]] = []
    for number, chunk in enumerate(data.rstrip(b"\x1a").split(b"\n"), start=1):
        raw = chunk.rstrip(b"\r")
        if raw.strip(b" \t\n\r\x0b\x0c;"):  # blank, or only separators (Excel's empty rows): no line
            try:
                out.append((number, raw.decode(encoding)))
            except UnicodeDecodeError:
                out.append((number, raw))
    return out


@settings(max_examples=200, deadline=None, phases=PHASES)
@given(
    st.lists(
        st.sampled_from(
            [
                b"\n",
                b"\r",
                b" ",
                b"\t",
                b"\x0b",
                b"\x1a",
                b";",
                b"a",
                b"\x81",
                b"\xc3\xbc",
                b"\xfc",
                b"\x85",
                b"\xa0",
                b"\xe2\x80\xa8",
                b"\x1c",
            ]
        ),
        max_size=30,
    ).map(b"".join),
    st.sampled_from(["cp1252", "cp850", "utf-8", "iso8859-1", "iso8859-15", "ascii"]),
)
def test_whole_file_decoding_gives_the_lines_of_line_by_line_decoding(data: bytes, encoding: str) -> None:
    """Decoding a file at once and splitting it gives the same numbered lines as decoding each line."""
    assert dialect.decode_lines(data, encoding) == _reference_decode_lines(data, encoding)


_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


@settings(max_examples=200, deadline=None, phases=PHASES)
@given(
    st.lists(
        st.sampled_from(
            [
                b"a;",
                b"\xfc",
                b"\xe4",
                b"\x80",
                b"\x84",
                b"\xc3\xbc",
                b"\xe2\x82\xac",
                b"\x94",
                b"\x81",
                b"\xe1",
            ]
        ),
        max_size=40,
    ).map(b"".join)
)
def test_encoding_detection_counts_utf8_sequences_as_the_full_scan_does(data: bytes) -> None:
    """Skipping the UTF-8 sequence scan when the non-ASCII bytes hold none never changes the guess."""
    if _UTF8_SEQ.search(dialect.high_bytes(data)) is None:
        assert _UTF8_SEQ.search(data) is None
    assert dialect.detect_encoding(data) == dialect.detect_encoding(data, data)


_NUMBER_RE = re.compile(r"^([+-]?)\s*(\d+)(?:,(\d+))?$")


def _reference_number(cell: str, max_decimals: int) -> object:
    match = _NUMBER_RE.match(cell)
    if match is None:
        return None
    sign, whole, frac = match.groups()
    if (frac is not None and len(frac) > max_decimals) or len(whole.lstrip("0")) > 13:
        return None
    value = Decimal(f"{sign}{whole}.{frac or '0'}")
    return value if value else abs(value)


@settings(max_examples=300, deadline=None, phases=PHASES)
@given(st.text("0129,+- .\u0661\u00b2\u2009", min_size=1, max_size=18).map(str.strip).filter(bool))
def test_str_method_number_grammar_is_the_regex_grammar(cell: str) -> None:
    """Money, rate and whole-number cells are accepted, valued and refused exactly as the regexes do."""
    for ctype, decimals in ((CellType.MONEY, 2), (CellType.RATE, 3)):
        value, message = dialect.convert(ctype, cell)
        expected = _reference_number(cell, decimals)
        assert (message is None) == (expected is not None)
        assert repr(value) == repr(expected) if message is None else value is None
    value, message = dialect.convert(CellType.INT, cell)
    if re.match(r"^\d{1,10}$", cell):
        assert (value, message) == (int(cell), None)
    else:
        assert value is None and str(message) == f"not a whole number: {cell!r}"


def _tables(data: bytes, kind: Kind | None) -> tuple[object, object]:
    """read_table's outcome (table or DataError problems) built from rows, then by polars' reader."""
    outcomes = []
    for threshold in (reader.TABLE_FROM_ROWS_BELOW, 0):
        with mock.patch.object(reader, "TABLE_FROM_ROWS_BELOW", threshold):
            try:
                outcomes.append(bmd.read_table(data, kind, name="f.csv"))
            except DataError as exc:
                outcomes.append(exc.problems)
    return outcomes[0], outcomes[1]


def assert_same_tables(data: bytes, kind: Kind | None = None) -> None:
    small, large = _tables(data, kind)
    if isinstance(small, Table) and isinstance(large, Table):
        assert small.frame.schema == large.frame.schema
        assert small.frame.equals(large.frame)
        keep = ("kind", "problems", "encoding", "name", "ignored_columns", "base", "as_of")
        assert [getattr(small, k) for k in keep] == [getattr(large, k) for k in keep]
    else:
        assert small == large


@pytest.mark.parametrize(
    "data",
    [
        bookings(GOOD, GOOD.replace("120,00", "+0120,0").replace(";20;", ";;")),
        bookings(GOOD, "0;200001;4000;R2;05.01.2026;AR;1;20", GOOD.replace("AR;1", "AR;3")),
        bookings(GOOD).replace(b"Rechnung", b"Rech\x1cnung"),  # refused by both
        bookings(GOOD.replace("Rechnung", "Gebühr")).decode("cp1252").encode("utf-8-sig"),
        bookings(GOOD, header="konto;belegnr"),  # required columns missing
        bookings(GOOD).decode("cp1252").replace("05.01", "\u0660\u0665.01").encode(),  # refused by both
        bookings(GOOD).decode("cp1252").replace("R1;05.01", ";\u0660\u0665.01").encode(),  # a problem
        bookings(GOOD.replace("-20,00", "-\t20,00")),  # refused by both
        bookings(GOOD.replace("Rechnung", "Gebühr\tfür Äpfel")),
        bookings(),
        OP_LIST,
        "konto;nachname;skontopz;sammelkonto\r\n200001;Müller;2,5;2000\r\n200002;Maier;;\r\n".encode(
            "cp1252"
        ),
    ],
)
def test_small_tables_from_rows_equal_the_columnar_tables(data: bytes) -> None:
    """A small file's table built from the row reader is the columnar reader's table: same frame,
    dtypes, problems and date — and what the columnar reader refuses is refused alike."""
    assert_same_tables(data, Kind.BOOKINGS if data.startswith((b"satzart", b"\xef")) else None)


@settings(max_examples=30, deadline=None, phases=PHASES)
@given(
    st.sampled_from(list(STRATEGIES)).flatmap(
        lambda k: st.tuples(st.just(k), st.lists(STRATEGIES[k], max_size=5))
    ),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 40), st.sampled_from(CORRUPT)), max_size=2),
)
def test_small_tables_agree_on_random_damaged_files(
    kind_records: tuple[Kind, list[bmd.Record]], damage: list[tuple[int, int, str]]
) -> None:
    """Random files of every kind, some damaged, give the same table from rows as from polars."""
    kind, records = kind_records
    lines = bmd.dumps(records, kind, as_of=date(2026, 1, 31)).decode("cp1252").split("\r\n")
    first = 2 if kind is Kind.OPENITEMS else 1
    for row, column, value in damage:
        if len(lines) > first + 1:
            at = first + row % (len(lines) - first - 1)
            cells = lines[at].split(";")
            cells[column % len(cells)] = value
            lines[at] = ";".join(cells)
    assert_same_tables("\r\n".join(lines).encode("cp1252"), kind)
