"""A clean small file as columns: the row reader's happy path, without a record object per line.

The datacenter ingests many small files (a Mandant's seven files hold ~1,100 rows), and for those
building a record per line, checking it and turning the records back into columns cost more than
reading the cells. :func:`clean_columns` reads a file exactly like :func:`~syncsystem.bmd.read` with
the row reader does — the same encoding detection, header location and resolution
(:mod:`syncsystem.bmd.reader`, :mod:`syncsystem.bmd.rows`), the same column-wise conversion of each
block of lines by the reference converters (:func:`~syncsystem.bmd.rows_bulk.convert_columns`) and
the same semantic checks — and gives every record field as a column, in the record's field order:
what ``columns_of(kind, read(…))`` gives for that file, except that an amount is integer cents (a
`Cents` column; cents / 100 is the reader's ``Decimal`` exactly) — no ``Decimal`` is built for a
money cell on this path.

It does so only for a file that ``read`` reads without any problem. Anything else — UTF-16, a
BMD 5.5 fixed-length file, a header or preamble problem, a line the fast path of
:mod:`~syncsystem.bmd.rows_bulk` declines (undecodable bytes, cells that do not fit the header, a
cell the converters reject, an empty required cell), any semantic finding — answers ``None``, and
the caller reads the file with ``read``, which names every problem at ``file:line:field``. So error
reporting is the exact reader's, and a value this path gives is one the exact reader gives (an
amount: in cents).

The journal (the largest file of a bundle) is checked on its columns in C-speed loops
(:mod:`~syncsystem.bmd.column_checks`: each line's sign, each document's balance — a document that
does not balance alone goes to :func:`~syncsystem.bmd.checks.unbalanced_documents`, which knows
BMD's collective postings), and so are the bookings and person accounts
(:func:`~syncsystem.bmd.column_checks.bookings_clean`, :func:`~syncsystem.bmd.column_checks.persons_clean`);
the other kinds run the per-record checks
(:func:`~syncsystem.bmd.checks.checker`), which read the fields of a named tuple instead of a record
object. The amounts these checks see are cents: every rule on an amount is a sign, a sum, or a
comparison with zero or another amount — the same for cents — except the tax that fits a rate,
which `bookings_clean` computes in integer cents with the rule's own rounding
(:func:`~syncsystem.bmd.column_checks.tax_fits_cents`); the journal's collective postings, whose sums
:func:`~syncsystem.bmd.checks.unbalanced_documents` only compares with zero here, sum cents alike.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cache
from itertools import islice, repeat
from typing import Any

from syncsystem.bmd import dialect, rows_bulk, unicode_text
from syncsystem.bmd.checks import checker, unbalanced_documents
from syncsystem.bmd.column_checks import bookings_clean, documents_balance, journal_signs_clean, persons_clean
from syncsystem.bmd.dialect import CellType
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.preamble import parse_as_of
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.reader import delimited_header  # the reader's own detection, shared
from syncsystem.bmd.rows import Header, defaults_for_missing, empty_value, resolve_header
from syncsystem.bmd.schema import SCHEMAS, Schema

__all__ = ["Cents", "CleanFile", "clean_columns"]


class Cents(list[int | None]):
    """A money column as integer cents (``None``: empty) — the happy path's amounts, never a
    ``Decimal``: cents × 1/100 is the row reader's amount exactly (a money cell has at most two
    decimals). A column of this type tells its consumers (`datacenter.rows`) which unit it holds."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class CleanFile:
    """A file without any problem: its kind, its row count and every record field as a column —
    as the row reader's records hold it, except an amount: integer cents in a `Cents` column."""

    kind: Kind
    rows: int
    columns: dict[str, list[Any]]


def clean_columns(
    data: bytes, kind: Kind | None, *, name: str, ranges: AccountRanges = DEFAULT_RANGES
) -> CleanFile | None:
    """The columns of ``data`` (``kind`` ``None``: detected from the header) when the row reader
    reads it without a problem, else ``None`` (then read it with `syncsystem.bmd.read`)."""
    if unicode_text.is_utf16(data, None):
        return None
    enc = dialect.detect_encoding(data)
    found = delimited_header(data, kind, name, enc)
    if found is None:
        return None
    _, kind, index = found
    schema = SCHEMAS[kind]
    texts: Sequence[str | bytes] | None = _lines(data, enc)
    if texts is None:  # a blank line inside, or an undecodable one: as the row reader numbers them
        lines = dialect.decode_lines(data, enc)
        numbers: Sequence[int] = [n for n, _ in lines]
        texts = [t for _, t in lines]
    else:
        numbers = range(1, len(texts) + 1)
    text = texts[index]
    if not isinstance(text, str):
        return None
    header = resolve_header(schema, numbers[index], text, name)
    preamble = list(zip(numbers[:index], texts[:index], strict=True))
    if header.problems or (schema.preamble and parse_as_of(preamble, name)[1]):
        return None
    columns = _convert(schema, header, texts[index + 1 :], numbers[index + 1 :], ranges)
    if columns is None:
        return None
    names = [f.name for f in fields(schema.record)]
    return CleanFile(kind, len(columns[0]), dict(zip(names, columns, strict=True)))


def _lines(data: bytes, encoding: str) -> list[str] | None:
    """The texts of `syncsystem.bmd.dialect.decode_lines` when no line before the last non-blank one
    is blank or only separators — then text *i* is on line *i* + 1 — in C-speed passes over all lines
    at once; ``None`` for any other file (or one that might be: a line of only non-ASCII spaces), which
    ``decode_lines`` then reads.
    Every line-safe codec reads ASCII bytes as ASCII, so an ASCII file is decoded as ASCII (~25x
    faster than cp1252's table)."""
    # dialect's own sets: the codecs whose lines decode_lines splits after decoding, and its blanks
    if encoding not in dialect._LINE_SAFE or data.endswith(b"\x1a"):
        return None
    try:
        text = data.decode("ascii" if data.isascii() else encoding)
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    while lines and not lines[-1].strip(dialect._BLANK):
        lines.pop()  # blank lines (or only separators) at the end: dropped, no line after them to number
    if "" in lines or any(map(str.isspace, lines)):  # blank, or maybe (a non-ASCII space)
        return None
    kept = sum(map(len, lines)) + len(lines) - 1
    if lines and (not lines[0].strip(dialect._BLANK) or dialect.SEPARATOR_LINE.search(text, 0, kept)):
        return None  # a line of only separators inside: decode_lines drops it and numbers the rest
    return list(map(str.rstrip, lines, repeat("\r")))


def _convert(
    schema: Schema,
    header: Header,
    body: Sequence[str | bytes],
    body_numbers: Sequence[int],
    ranges: AccountRanges,
) -> list[list[Any]] | None:
    """Every record field as a column, block by block, when no line has a problem; else ``None``."""
    base = defaults_for_missing(schema, header)
    keys = [i for i, col, _ in header.mapping if col.required][:2] if schema.preamble else []
    plan = rows_bulk.bulk_plan(
        schema,
        header.mapping,
        len(header.captions),
        base,
        lambda col: empty_value(schema, col),
        keys,
        cents=True,
    )
    money = _money_fields(schema.kind)
    out: list[list[Any]] = [Cents() if m else [] for m in money]
    numbers: list[int] = []
    for start in range(0, len(body), rows_bulk.BLOCK):
        block = body[start : start + rows_bulk.BLOCK]
        try:
            found, kept = rows_bulk.convert_columns(plan, block)
        except rows_bulk.IrregularError:
            return None
        block_numbers = body_numbers[start : start + rows_bulk.BLOCK]
        if kept is not None:
            block_numbers = [block_numbers[i] for i in kept]
        for column, values in zip(out, found, strict=True):
            column.extend(islice(values, len(block_numbers)))
        numbers.extend(block_numbers)
    if not _clean(schema, out, numbers, header.caption("betrag"), ranges):
        return None
    return out


def _clean(
    schema: Schema, columns: list[list[Any]], numbers: list[int], caption: str, ranges: AccountRanges
) -> bool:
    """True when the lines break no semantic rule (:mod:`syncsystem.bmd.checks`)."""
    by = dict(zip((f.name for f in fields(schema.record)), columns, strict=True))
    if schema.kind is Kind.BOOKINGS:
        return bookings_clean(by, ranges)
    if schema.kind is Kind.PERSONS:
        return persons_clean(by, ranges)
    if schema.kind is Kind.JOURNAL:
        betrag, konto = by["betrag"], by["konto"]
        if not journal_signs_clean(betrag, by["buchcode"]):
            return False
        documents = (by["buchsymbol"], by["belegnr"], by["belegdatum"])
        if documents_balance(documents, konto, betrag, ranges):
            return True
        postings = zip(zip(*documents, strict=True), konto, betrag, strict=True)
        return not unbalanced_documents(postings, "", numbers, caption, ranges)
    check: Callable[[Any], list[Any]] = checker(schema.record, ranges)
    rows = zip(*columns, strict=True)
    return not any(map(check, map(_fields_of(schema.kind), rows)))


@cache
def _money_fields(kind: Kind) -> tuple[bool, ...]:
    """Per record field, in order: whether it is an amount (a money column; a field the file lacks
    is ``None`` in every line, a `Cents` column all the same)."""
    schema = SCHEMAS[kind]
    money = {c.field for c in schema.columns if c.ctype is CellType.MONEY}
    return tuple(f.name in money for f in fields(schema.record))


@cache
def _fields_of(kind: Kind) -> Callable[[Iterable[Any]], tuple[Any, ...]]:
    """A line's values → the fields of ``kind``'s record as a named tuple: all the per-record checks
    read (they only read fields), built ~8x faster than the frozen record (33 fields for a booking)."""
    record = SCHEMAS[kind].record
    view: Any = namedtuple(f"{record.__name__}Fields", [f.name for f in fields(record)])  # type: ignore[misc]
    make: Callable[[Iterable[Any]], tuple[Any, ...]] = view._make
    return make
