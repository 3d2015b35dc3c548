"""The row reader's fast path: a block of regular lines converted column by column, in C-speed loops.

Small files are the datacenter's hot path (a Mandant's seven files hold ~1,100 rows), where starting
polars costs more than the whole read. This path keeps the row reader's semantics by construction:
a block's lines are joined and split once (when every line has the same number of cells), each
column is cut out of that flat list by slicing, and every *distinct* raw cell of a typed column is
converted once by the reference converter of :mod:`syncsystem.bmd.dialect` (accounts, dates, codes
and rates repeat a lot; a column of mostly distinct numbers is converted whole at C speed); the
values then reach the record constructors positionally through ``map``. Anything irregular — an
undecodable line, a line whose cells do not fit the header, a cell the converter rejects, an empty
required cell — raises :class:`IrregularError`, and the caller reads that block with the reference
loop of :mod:`syncsystem.bmd.rows`, which names every problem exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, fields
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import chain, compress, repeat
from operator import itemgetter
from typing import Any, cast

from syncsystem.bmd import dialect
from syncsystem.bmd.dialect import CellType, clean_cell
from syncsystem.bmd.records import Record
from syncsystem.bmd.schema import Column, Schema

__all__ = [
    "BLOCK",
    "BulkPlan",
    "IrregularError",
    "bulk_plan",
    "convert_block",
    "convert_columns",
    "money_cents",
]

BLOCK = 4096  # lines per block: bounds the cells held at once for large files read by rows


_VALUE, _MESSAGE = itemgetter(0), itemgetter(1)  # of a converter's (value, message)


class IrregularError(Exception):
    """The block holds something only the reference loop reports exactly."""


# Per record field, in the record's field order: (cell index or -1, converter or None for text,
# required, value when empty — or, for a field without a column, the value every record gets).
_Slot = tuple[int, Callable[[str], dialect.Converted] | None, bool, object]


class BulkPlan:
    """What :func:`convert_block` needs of a file's header, computed once per file."""

    __slots__ = ("build", "keys", "slots", "width")

    def __init__(
        self, build: Callable[..., Record], width: int, slots: tuple[_Slot, ...], keys: tuple[int, ...]
    ) -> None:
        self.build = build
        self.width = width
        self.slots = slots
        self.keys = keys  # cell indices whose all-blank rows are skipped (the OP list's subtotals)


def bulk_plan(  # noqa: PLR0917 - two call sites, rows.read_rows and clean_columns
    schema: Schema,
    mapping: Sequence[tuple[int, Column, str]],
    width: int,
    base: dict[str, object],
    empty: Callable[[Column], object],
    keys: Sequence[int],
    *,
    cents: bool = False,
) -> BulkPlan:
    """The plan for a header whose mapped columns are ``mapping`` and whose width is ``width``.

    ``base``: values of record fields whose column the file lacks; ``empty``: the value an empty
    optional cell of a column stands for; ``keys``: see :attr:`BulkPlan.keys` (empty: skip none);
    ``cents``: an amount (a money cell) as integer cents (`money_cents`), not a ``Decimal`` — for
    columns that never become records (`bmd.clean_columns`).
    """
    by_field = {col.field: (index, col) for index, col, _ in mapping}
    slots: list[_Slot] = []
    for fld in fields(schema.record):
        if fld.name in by_field:
            index, col = by_field[fld.name]
            conv = None if col.ctype is CellType.TEXT else dialect.converter(col.ctype)
            if cents and col.ctype is CellType.MONEY:
                conv = money_cents
            slots.append((index, conv, col.required, empty(col)))
        elif fld.name in base:
            slots.append((-1, None, False, base[fld.name]))
        else:
            assert fld.default is not MISSING  # defaults_for_missing covers every field without one
            slots.append((-1, None, False, fld.default))
    return BulkPlan(schema.record, width, tuple(slots), tuple(keys))


def convert_block(plan: BulkPlan, texts: Sequence[str | bytes]) -> tuple[list[Record], list[int] | None]:
    """The records of a block of decoded lines, and which lines they are (``None``: all of them).

    Raises :class:`IrregularError` for any block the reference loop must read.
    """
    columns, kept = convert_columns(plan, texts)
    return list(map(plan.build, *columns)), kept


def convert_columns(
    plan: BulkPlan, texts: Sequence[str | bytes]
) -> tuple[list[Iterable[object]], list[int] | None]:
    """The record fields of a block of decoded lines as columns, in the record's field order (a
    field without a column of the file is an endless ``repeat`` of its value), and which lines they
    are (``None``: all of them). Raises :class:`IrregularError` like :func:`convert_block`.
    """
    if not all(map(isinstance, texts, repeat(str))):
        raise IrregularError  # undecodable bytes
    lines = cast("Sequence[str]", texts)
    clean: Callable[[str], str] = str.strip
    joined = ";".join(lines)
    if '"' in joined:
        # Quoted cells may hold ';': split each line RFC 4180-aware (as the reference loop does).
        split = list(map(dialect.split_cells, lines))
        widths = set(map(len, split))
        if len(widths) != 1:
            raise IrregularError
        stride = widths.pop()
        flat = list(chain.from_iterable(split))
        clean = clean_cell
    else:
        separators = set(map(str.count, lines, repeat(";")))
        if len(separators) != 1:
            raise IrregularError  # lines of different shapes: the reference loop judges each
        stride = separators.pop() + 1
        flat = joined.split(";")
    width = plan.width
    if stride < width:
        raise IrregularError  # truncated lines
    if stride > width and "".join("".join(flat[j::stride]) for j in range(width, stride)).strip():
        raise IrregularError  # more cells than captions, and not just a trailing ';'
    keep: list[bool] | None = None
    if plan.keys:
        keep = [
            any(cells) for cells in zip(*(map(str.strip, flat[k::stride]) for k in plan.keys), strict=True)
        ]
        if all(keep):
            keep = None
    columns: list[Any] = []
    for index, conv, required, empty in plan.slots:
        if index < 0:
            columns.append(repeat(empty))
            continue
        raw = flat[index::stride]
        if keep is not None:
            raw = list(compress(raw, keep))
        columns.append(_column(raw, conv, required, empty, clean))
    return columns, None if keep is None else [i for i, kept in enumerate(keep) if kept]


def _column(
    raw: list[str],
    conv: Callable[[str], dialect.Converted] | None,
    required: bool,
    empty: object,
    clean: Callable[[str], str],
) -> list[object]:
    """One column's values: text cleaned, typed cells converted once per distinct spelling — or,
    when most cells are distinct (amounts, line numbers), all at once by the column converter.

    ``clean``: :func:`~syncsystem.bmd.dialect.clean_cell` for a block with quotes (its lines split
    RFC 4180-aware), else ``str.strip`` (then both are the same).
    """
    if conv is None:
        values: list[object] = list(map(clean, raw))
        if "" in values:
            if required:
                raise IrregularError
            values = [v if v else empty for v in values]
        return values
    distinct = list(set(raw))
    column = _COLUMN_CONVERTERS.get(conv)
    if column is not None and len(distinct) * 2 > len(raw):
        # Mostly distinct cells (amounts, line numbers): every cell converted at once, no table.
        every = list(map(clean, raw))
        whole = None if "" in every else column(every)
        if whole is not None:
            return whole
    cleaned = list(map(clean, distinct))
    table: dict[str, object] = {}
    if "" in cleaned:
        if required:
            raise IrregularError
        table = {cell: empty for cell, text in zip(distinct, cleaned, strict=True) if not text}
        pairs = [(cell, text) for cell, text in zip(distinct, cleaned, strict=True) if text]
        distinct, cleaned = [c for c, _ in pairs], [t for _, t in pairs]
    typed = column(cleaned) if column is not None else None
    if typed is None:
        converted = list(map(conv, cleaned))
        if any(map(_MESSAGE, converted)):
            raise IrregularError
        typed = list(map(_VALUE, converted))
    table.update(zip(distinct, typed, strict=True))
    return list(map(table.__getitem__, raw))


_MONEY = dialect.converter(CellType.MONEY)


def money_cents(cell: str) -> dialect.Converted:
    """The money converter of :mod:`syncsystem.bmd.dialect`, the amount as integer cents (exact: a
    money cell has at most two decimals; ``-0,00`` is 0); its message for a cell it rejects."""
    value, message = _MONEY(cell)
    if value is None:
        return None, message
    assert isinstance(value, Decimal)
    return int(value.scaleb(2)), None


# Whole columns of cleaned, non-empty cells converted at C speed when every cell is spelt the common
# way; the patterns are ASCII-only and no wider than the scalar converters of syncsystem.bmd.dialect,
# and the values are the ones those converters give — any other column (``None``) is converted cell by
# cell by them, which also names what is wrong.
_INTS = re.compile(r"[0-9]{1,10}(?:\n[0-9]{1,10})*")  # dialect._int: at most ten digits


def _decimal_cells(most: int) -> re.Pattern[str]:
    """dialect._number's language without spaces: at most 13 digits after leading zeros."""
    one = rf"[+-]?0*[0-9]{{1,{dialect.MAX_INT_DIGITS}}}(?:,[0-9]{{1,{most}}})?"
    return re.compile(rf"{one}(?:\n{one})*")


_MONEY_CELLS, _RATE_CELLS = _decimal_cells(2), _decimal_cells(3)
_NO_FRACTION = re.compile(r"^([+-]?[0-9]+)$", re.MULTILINE)


def _ints(cells: list[str]) -> list[object] | None:
    if _INTS.fullmatch("\n".join(cells)) is None:
        return None
    return list(map(int, cells))


def _decimals(pattern: re.Pattern[str], cells: list[str]) -> list[object] | None:
    joined = "\n".join(cells)
    if pattern.fullmatch(joined) is None:
        return None
    # dialect._number's Decimal(f"{sign}{whole}.{frac or '0'}"), for all cells at once
    values: list[object] = list(map(Decimal, _NO_FRACTION.sub(r"\1.0", joined).replace(",", ".").split("\n")))
    if "-" in joined and not all(values):
        values = [v if v else abs(v) for v in values]  # type: ignore[arg-type]  # "-0,00" is zero, not Decimal's negative zero
    return values


_ONE_DECIMAL = re.compile(r",([0-9])$", re.MULTILINE)


def _cents(cells: list[str]) -> list[object] | None:
    """`money_cents` of every cell, at C speed: each spelt with exactly two decimals, then read as
    the digits without the comma (``int`` takes the sign and leading zeros; ``-0,00`` is 0)."""
    joined = "\n".join(cells)
    if _MONEY_CELLS.fullmatch(joined) is None:
        return None
    if joined.count(",") < len(cells):  # some cell without decimals (at most one comma a cell)
        joined = _NO_FRACTION.sub(r"\1,00", joined)
    two = _ONE_DECIMAL.sub(r",\g<1>0", joined)
    return list(map(int, two.replace(",", "").split("\n")))


_DMY = r"([0-9]{2})\.([0-9]{2})\.([0-9]{4})"  # dialect.DATE_DMY in ASCII digits: dd.mm.yyyy
_DMY_CELLS, _DMY_CELL = re.compile(rf"{_DMY}(?:\n{_DMY})*"), re.compile(_DMY)


def _dates(cells: list[str]) -> list[object] | None:
    """`dialect`'s date of every cell spelt dd.mm.yyyy, read as the ISO date yyyy-mm-dd in C; a cell
    of any other spelling, or no such day (31.02.), leaves the column to the scalar converter."""
    joined = "\n".join(cells)
    if _DMY_CELLS.fullmatch(joined) is None:
        return None
    try:
        return list(map(date.fromisoformat, _DMY_CELL.sub(r"\3-\2-\1", joined).split("\n")))
    except ValueError:
        return None


_COLUMN_CONVERTERS: dict[Callable[[str], dialect.Converted], Callable[[list[str]], list[object] | None]] = {
    dialect.converter(CellType.INT): _ints,
    dialect.converter(CellType.ACCOUNT): _ints,
    dialect.converter(CellType.MONEY): partial(_decimals, _MONEY_CELLS),
    money_cents: _cents,
    dialect.converter(CellType.DATE): _dates,
    dialect.converter(CellType.RATE): partial(_decimals, _RATE_CELLS),
}
