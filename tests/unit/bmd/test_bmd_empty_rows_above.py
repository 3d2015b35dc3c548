"""Rows of only separators (``;;;;``, Excel's formatted empty rows) and blank lines *above* the header:
the header is still found, whatever their number, and every problem keeps the file's own line number
— in every engine, the chunked scan, the ingest's fast path and ``syncsystem bmd validate``.

The files below are written by hand; expected line numbers are counted off ``LINES`` by hand. Excel
writes such rows above the data when a sheet's first rows were formatted (a title block left empty);
30 of them is more than the header search used to look at (it gave up after 23 lines and called the
file "leer").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import strict

from syncsystem import bmd
from syncsystem.bmd import Kind
from syncsystem.bmd.chunked import layout, scan
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.errors import DataError

HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;prozent;steuercode;betrag;steuer;text"
EMPTY = ";" * 11  # 12 cells, all empty
LINES = [
    EMPTY,  # 1
    EMPTY + " ",  # 2: a trailing space
    "",  # 3: truly blank
    ";" * 15,  # 4: the used range wider than the header
    HEADER,  # 5
    "0;200100;4000;1;02.03.2026;AR;1;20;1;120,00;-20,00;Miete März",  # 6
    EMPTY,  # 7
    "0;200300;4000;3;04.03.2026;AR;1;20;1;12,345;-20,00;Fehler",  # 8: betrag has 3 decimals
    "0;200100;4000;4;05.03.2026;AR;1;20;1;60,00;-10,00;Nachtrag",  # 9
]
BODY = LINES[5:]  # lines 6–9: two good rows, one bad, one empty
FEW = ("\r\n".join(LINES) + "\r\n").encode("cp1252")
# 30 empty rows, then the same header and body: header on line 31, the bad row on line 34
MANY = ("\r\n".join([EMPTY] * 30 + LINES[4:]) + "\r\n").encode("cp1252")
FILES = {"four-above": (FEW, 8), "thirty-above": (MANY, 34)}


def _clean(data: bytes) -> bytes:
    return data.replace(b";12,345;", b";120,00;")


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize(
    "options",
    [{"engine": "rows"}, {"engine": "columns"}, {"columnar_threshold": 0}, {"columnar_threshold": 10**6}],
    ids=["rows", "columns", "auto-columnar", "auto-rows"],
)
def test_every_engine_finds_the_header_under_empty_rows(file: str, options: dict[str, object]) -> None:
    data, bad = FILES[file]
    result = bmd.read(data, name="excel.csv", **options)  # type: ignore[arg-type]
    assert result.kind is Kind.BOOKINGS
    assert [(p.line, p.field) for p in result.problems] == [(bad, "betrag")]
    assert [r.belegnr for r in result.records] == ["1", "4"]  # type: ignore[union-attr]


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("blocks", [1, 400], ids=["small-by-rows", "large-columnar"])
def test_read_table_numbers_lines_as_the_file_does(file: str, blocks: int) -> None:
    """400 bodies make the file larger than 64 KB, which read_table reads columnar."""
    data, bad = FILES[file]
    data += ("\r\n".join(BODY) + "\r\n").encode("cp1252") * (blocks - 1)
    table = bmd.read_table(data, name="excel.csv")
    assert table.kind is Kind.BOOKINGS
    first = bad - 2  # the first good row; each body adds 4 lines
    expected = [n for k in range(blocks) for n in (first + 4 * k, first + 3 + 4 * k)]
    assert table.frame["line"].to_list() == expected
    assert [(p.line, p.field) for p in table.problems] == [(bad + 4 * k, "betrag") for k in range(blocks)]


@pytest.mark.parametrize("file", FILES)
def test_the_ingest_fast_path_reads_the_clean_file(file: str) -> None:
    found = clean_columns(_clean(FILES[file][0]), None, name="excel.csv")
    assert found is not None and found.kind is Kind.BOOKINGS and found.rows == 3
    assert list(found.columns["belegnr"]) == ["1", "3", "4"]


@pytest.mark.parametrize("file", FILES)
def test_the_chunked_scan_reports_the_files_lines(file: str, tmp_path: Path) -> None:
    data, bad = FILES[file]
    path = tmp_path / "excel.csv"
    path.write_bytes(data + ("\r\n".join(BODY) + "\r\n").encode("cp1252") * 3)
    assert layout(path, chunk_bytes=160) is not None  # really read in pieces
    found = scan(path, chunk_bytes=160)
    assert [(p.line, p.field) for p in found.problems] == [(bad + 4 * k, "betrag") for k in range(4)]
    assert found.rows == 8


@pytest.mark.parametrize("file", FILES)
def test_bmd_validate_names_only_the_real_problem(validated: Any, file: str) -> None:
    data, bad = FILES[file]
    path, result = validated("excel.csv", data)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    assert lines[0].startswith(f"{path}:{bad}:betrag: ")
    _, clean = validated("excel.csv", _clean(data))
    assert clean.exit_code == 0, clean.stdout
    assert clean.stdout.endswith("excel.csv: bookings, 3 Zeile(n), cp1252: in Ordnung\n")


def test_a_file_of_only_empty_rows_is_still_empty() -> None:
    """Looking further for the header does not turn 40 empty rows into anything but an empty file."""
    with pytest.raises(DataError) as refused:
        bmd.read((EMPTY + "\r\n").encode() * 40, name="excel.csv")
    assert [p.code for p in refused.value.problems] == ["bmd.file.empty"]


def test_the_emulator_refuses_rows_above_the_header_and_convert_moves_it_to_line_1() -> None:
    """Pinned difference (docs/buchhaltung.md "Leere Zeilen"): no public BMD text says what NTCS's import
    does with rows above the header; the reference has the field names in line 1 of every BMD sample and
    every writer (bmd-format.md §4, [C2]). The BMD emulator models only what is documented and refuses
    the file at line 1; syncsystem's readers read it, and `bmd convert`'s writer puts the header on line
    1 again — a file the emulator then takes."""
    clean = _clean(FEW)
    refused = strict.parse(clean, "excel.csv")
    assert refused.records == () and [(p.line, p.field) for p in refused.problems] == [(1, "")]
    assert refused.problems[0].message.startswith("Kopfzeile unbekannt")
    result = bmd.read(clean, name="excel.csv")
    assert result.ok and result.rows == 3
    rewritten = bmd.dumps(result.records, result.kind)
    assert rewritten.startswith(b"satzart;konto;")
    taken = strict.parse(rewritten, "excel.csv")
    assert taken.problems == () and [n for n, _ in taken.records] == [2, 3, 4]
