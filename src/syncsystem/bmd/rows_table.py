"""A small file's typed table, built from the row reader's records instead of a polars CSV read.

:func:`syncsystem.bmd.read_table` pays a fixed few milliseconds per file for the columnar reader's
polars plans — more than the row reader needs for a whole small file. Below a size threshold the
file is therefore read by rows and its records turned into the frame the columnar reader would have
given: the same columns in the same order (``line``, then the header's mapped fields), the same
dtypes, the same rows (those without cell problems) and the same problems, since both readers agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

import polars as pl

from syncsystem.bmd.columnar import FallbackError, Table
from syncsystem.bmd.dialect import CellType, clean_cell, split_cells
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.records import Record
from syncsystem.bmd.rows import defaults_for_missing, read_rows, resolve_header
from syncsystem.bmd.schema import Column, Schema
from syncsystem.messages import codes as mc

__all__ = ["table_from_rows"]

_DTYPES: dict[CellType, pl.DataType] = {
    CellType.TEXT: pl.String(),
    CellType.INT: pl.Int64(),
    CellType.ACCOUNT: pl.Int64(),
    CellType.BUCHCODE: pl.Int64(),
    CellType.DATE: pl.Date(),
    CellType.MONEY: pl.Decimal(38, 2),
    CellType.RATE: pl.Decimal(38, 3),
}


def table_from_rows(
    schema: Schema,
    lines: Sequence[tuple[int, str | bytes]],
    index: int,
    label: str,
    encoding: str,
    *,
    ranges: AccountRanges = DEFAULT_RANGES,
) -> Table:
    """The table of the file whose decoded ``lines`` have the header at ``lines[index]``.

    Raises :class:`~syncsystem.bmd.columnar.FallbackError` where the columnar reader does, so that
    a file's size never decides whether :func:`~syncsystem.bmd.read_table` accepts it.
    """
    numbers: list[int] = []
    result = read_rows(schema, lines, index, label, encoding, lines_out=numbers, ranges=ranges)
    number, text = lines[index]
    assert isinstance(text, str)
    header = resolve_header(schema, number, text, label)
    if _beyond_ascii_grammar(header.mapping, lines, set(numbers)):
        raise FallbackError
    base = defaults_for_missing(schema, header)
    if any(p.code == mc.HEADER_MISSING.name for p in header.problems):
        frame = pl.DataFrame({"line": []}, schema={"line": pl.Int64})
    else:
        records = result.records
        series = [pl.Series("line", numbers, dtype=pl.UInt32)]
        series += [_series(col, records) for _, col, _ in header.mapping]
        frame = pl.DataFrame(series)
    return Table(
        schema.kind, frame, result.problems, encoding, label, header.ignored, base, as_of=result.as_of
    )


def _series(col: Column, records: Sequence[Record]) -> pl.Series:
    values = list(map(attrgetter(col.field), records))
    dtype = _DTYPES[col.ctype]
    if col.ctype in (CellType.MONEY, CellType.RATE):
        # From the exact decimal text: polars' cast of a string is exact, its Python-Decimal import slow.
        text = [None if v is None else format(v, "f") for v in values]
        return pl.Series(col.field, text, dtype=pl.String).cast(dtype)
    if col.ctype is CellType.BUCHCODE:
        values = list(map(int, values))
    return pl.Series(col.field, values, dtype=dtype)


_NUMBERS = (CellType.MONEY, CellType.RATE)


def _beyond_ascii_grammar(
    mapping: Sequence[tuple[int, Column, str]], lines: Sequence[tuple[int, str | bytes]], records: set[int]
) -> bool:
    """Whether a record's typed cell lies outside the vectorised grammar (:mod:`~syncsystem.bmd.grammar`,
    ASCII only: non-ASCII digits or spaces, a tab or CR between sign and digits) — cells the scalar
    converter accepts and the columnar reader therefore hands back to the row reader, refusing the table.
    """
    typed = [(i, col.ctype in _NUMBERS) for i, col, _ in mapping if col.ctype is not CellType.TEXT]
    for number, text in lines:
        if number not in records or not isinstance(text, str):
            continue
        if text.isascii() and "\t" not in text and "\r" not in text:
            continue  # the common line: nothing to look at cell by cell
        cells = split_cells(text)
        for i, number_cell in typed:
            cell = clean_cell(cells[i])
            if not cell.isascii() or (number_cell and ("\t" in cell or "\r" in cell)):
                return True
    return False
