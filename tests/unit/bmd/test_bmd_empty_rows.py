"""Rows of only separators (``;;;;;;;``, Excel's formatted empty rows) are skipped like blank lines.

The file below is hand-made the way Excel saves a sheet as "CSV (Trennzeichen-getrennt)" when rows
under or between the data were formatted: as many ``;`` as the sheet's used range is wide, sometimes
followed by a space or tab. Expected records and problems are written by hand: the data rows are on
lines 2, 4 and 10; the one real problem is the amount with three decimals on line 7. Every engine, the
chunked scan, ``syncsystem bmd validate`` and the BMD emulator's strict reader must agree.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import strict

from syncsystem import bmd
from syncsystem.bmd import Kind
from syncsystem.bmd.chunked import layout, scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.bmd.columnar import read_table
from syncsystem.bmd.schema import SCHEMAS

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"
EMPTY = ";" * 11  # 12 cells, all empty
LINES = [
    HEADER,  # 1
    "0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;Miete März",  # 2
    EMPTY,  # 3
    "0;200200;4000;2;03.03.2026;AR;1;20;1;240,00;-40,00;Beratung",  # 4
    EMPTY + " ",  # 5: a trailing space
    ";" * 15,  # 6: the used range wider than the header
    "0;200300;4000;3;04.03.2026;AR;1;20;1;12,345;-20,00;Fehler",  # 7: betrag has 3 decimals
    "",  # 8: truly blank
    EMPTY + "\t",  # 9
    "0;200100;4000;4;05.03.2026;AR;1;20;1;60,00;-10,00;Nachtrag",  # 10
    EMPTY,  # 11
    EMPTY,  # 12
]
DATA = ("\r\n".join(LINES) + "\r\n").encode("cp1252")
CLEAN = DATA.replace(b";12,345;", b";120,00;")  # the same file without its one problem

EXPECTED_LINES = [2, 4, 10]
EXPECTED = [  # (konto, belegnr, belegdatum, betrag, steuer, text), read off LINES by hand
    (200100, "1", date(2026, 3, 2), Decimal("120.00"), Decimal("-20.00"), "Miete März"),
    (200200, "2", date(2026, 3, 3), Decimal("240.00"), Decimal("-40.00"), "Beratung"),
    (200100, "4", date(2026, 3, 5), Decimal("60.00"), Decimal("-10.00"), "Nachtrag"),
]


def _values(records: tuple[bmd.Record, ...]) -> list[tuple[object, ...]]:
    return [
        (r.konto, r.belegnr, r.belegdatum, r.betrag, r.steuer, r.text)  # type: ignore[union-attr]
        for r in records
    ]


@pytest.mark.parametrize(
    "options",
    [{"engine": "rows"}, {"engine": "columns"}, {"columnar_threshold": 0}, {"columnar_threshold": 10**6}],
    ids=["rows", "columns", "auto-columnar", "auto-rows"],
)
def test_every_engine_skips_rows_of_only_separators(options: dict[str, object]) -> None:
    result = bmd.read(DATA, name="excel.csv", **options)  # type: ignore[arg-type]
    assert result.kind is Kind.BOOKINGS
    assert [(p.line, p.field) for p in result.problems] == [(7, "betrag")]
    assert _values(result.records) == EXPECTED
    assert result.rows == 3


def test_the_columnar_table_keeps_the_physical_line_numbers() -> None:
    table = read_table(
        DATA, SCHEMAS[Kind.BOOKINGS], header_line=1, header_text=HEADER, label="excel.csv", encoding="cp1252"
    )
    assert table.frame["line"].to_list() == EXPECTED_LINES
    assert [(p.line, p.field) for p in table.problems] == [(7, "betrag")]
    assert _values(table.records()) == EXPECTED


def test_the_ingest_fast_path_reads_the_clean_file() -> None:
    found = clean_columns(CLEAN, None, name="excel.csv")
    assert found is not None and found.kind is Kind.BOOKINGS and found.rows == 4
    assert list(found.columns["belegnr"]) == ["1", "2", "3", "4"]
    assert list(found.columns["betrag"]) == [12000, 24000, 12000, 6000]  # cents
    # Without the blank line 8, empty rows between the data are the only thing the fast path must skip.
    no_blank = clean_columns(CLEAN.replace(b"\r\n\r\n", b"\r\n"), None, name="excel.csv")
    assert no_blank is not None and list(no_blank.columns["belegnr"]) == ["1", "2", "3", "4"]
    # Empty rows only under the data (Excel's usual case): the line-at-once path, same columns.
    body = "\r\n".join(LINES[i] for i in (0, 1, 3, 9))
    tail = (body + "\r\n" + (EMPTY + "\r\n") * 3).encode()
    below = clean_columns(tail, None, name="excel.csv")
    assert below is not None and list(below.columns["belegnr"]) == ["1", "2", "4"]


def test_the_chunked_scan_reports_the_same_line(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(DATA + ("\r\n".join(LINES[1:]) + "\r\n").encode("cp1252") * 3)
    # the body three more times: data on lines 2, 4, 10, 13, 15, 21, 24, …; problems on 7, 18, 29, 40
    assert layout(path, chunk_bytes=160) is not None  # really read in pieces
    found = scan(path, chunk_bytes=160)
    assert [(p.line, p.field) for p in found.problems] == [
        (7, "betrag"),
        (18, "betrag"),
        (29, "betrag"),
        (40, "betrag"),
    ]
    assert found.rows == 12
    assert (found.lines, found.faulty_lines) == (16, 4)  # each body: 3 records + 1 line left out


def test_bmd_validate_names_only_the_real_problem(validated: Any) -> None:
    path, result = validated("excel.csv", DATA)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith(f"{path}:7:betrag: ")
    assert "4 Zeile(n) gelesen, davon 1 mit Problemen" in lines[1]  # 3 records + the line left out
    _, clean = validated("excel.csv", CLEAN)
    assert clean.stdout.endswith("excel.csv: bookings, 4 Zeile(n), cp1252: in Ordnung\n")


def test_the_emulators_strict_reader_agrees() -> None:
    """The BMD emulator's own reader (its model of BMD's import) skips the same rows."""
    found = strict.parse(DATA, "excel.csv")
    assert [number for number, _ in found.records] == EXPECTED_LINES
    assert {p.line for p in found.problems} == {7}
