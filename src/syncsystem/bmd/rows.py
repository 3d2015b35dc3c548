"""The row reader: a header resolved against a schema, then each line converted cell by cell.

This is the reference reading of every kind — the columnar reader
(:mod:`syncsystem.bmd.columnar`) reuses its header resolution, defaults and :func:`convert_row` for
the rows it flags, and must agree with :func:`read_rows` on every file. Each line's cells go through
a per-file :func:`cell_plan` (converter, caption and empty value looked up once per column), then
:func:`~syncsystem.bmd.checks.check_record`; every problem names file, physical line and column.
Blocks of regular lines (every clean file) take the column-wise fast path of
:mod:`syncsystem.bmd.rows_bulk` instead, which gives the same records; whatever it declines is read
line by line here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from syncsystem.bmd import dialect, rows_bulk
from syncsystem.bmd.checks import Findings, checker, journal_balance_problems
from syncsystem.bmd.dialect import CellType, clean_cell
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.preamble import parse_as_of
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.records import JournalLine, Record
from syncsystem.bmd.result import ReadResult, line_counts
from syncsystem.bmd.schema import Column, Schema
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = [
    "CellPlan",
    "Header",
    "cell_plan",
    "convert_row",
    "count_problem",
    "defaults_for_missing",
    "empty_value",
    "opening_problems",
    "read_rows",
    "resolve_header",
    "row_cells",
]


@dataclass(frozen=True, slots=True)
class Header:
    """A header line resolved against a schema."""

    line: int
    captions: tuple[str, ...]  # cleaned, as the file spells them
    mapping: tuple[tuple[int, Column, str], ...]  # (cell index, column, caption)
    ignored: tuple[str, ...]
    problems: tuple[Problem, ...]

    def caption(self, field: str) -> str:
        return next((cap for _, col, cap in self.mapping if col.field == field), field)


def resolve_header(schema: Schema, number: int, text: str, label: str) -> Header:
    """Map the header's captions to the schema's columns; missing or doubled columns are problems."""
    captions = [clean_cell(c) for c in dialect.split_cells(text)]
    while captions and not captions[-1]:
        captions.pop()  # trailing ';' (and 5.5's trailing '; ')
    mapping: list[tuple[int, Column, str]] = []
    seen: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for index, caption in enumerate(captions):
        if not caption:
            continue
        col = schema.lookup(caption)
        if col is None:
            ignored.append(caption)
        elif col.field in seen:
            problems.append(Problem.of(label, number, caption, mc.HEADER_DUPLICATE(caption=seen[col.field])))
        else:
            seen[col.field] = caption
            mapping.append((index, col, caption))
    for col in schema.columns:
        if col.required and col.field not in seen:
            problems.append(Problem.of(label, number, col.name, mc.HEADER_MISSING(kind=str(schema.kind))))
    return Header(number, tuple(captions), tuple(mapping), tuple(ignored), tuple(problems))


_DEFAULTS: dict[type, dict[str, object]] = {}


def _defaults(record: type) -> dict[str, object]:
    """The record type's field defaults by field name (``MISSING`` where there is none), cached."""
    found = _DEFAULTS.get(record)
    if found is None:
        found = _DEFAULTS[record] = {fld.name: fld.default for fld in dataclasses.fields(record)}
    return found


def defaults_for_missing(schema: Schema, header: Header) -> dict[str, object]:
    """Values for record fields without a default whose optional column the file lacks."""
    present = {col.field for _, col, _ in header.mapping}
    out: dict[str, object] = {}
    for name, default in _defaults(schema.record).items():
        if name in present or default is not dataclasses.MISSING:
            continue
        col = schema.column(name)
        out[name] = "" if col.ctype is CellType.TEXT else None
    return out


def empty_value(schema: Schema, col: Column) -> object:
    """What an empty optional cell means: the record field's default (satzart 0), else ""/None."""
    default = _defaults(schema.record).get(col.field, dataclasses.MISSING)
    if default is not dataclasses.MISSING:
        return default
    return "" if col.ctype is CellType.TEXT else None


def row_cells(text: str, width: int) -> list[str] | int:
    """The cells of a data line, or the number of cells when it does not fit the header."""
    cells = dialect.split_cells(text)
    if len(cells) > width and not "".join(cells[width:]).strip():
        del cells[width:]  # trailing ';' and line padding
    return cells if len(cells) == width else len(cells)


def count_problem(label: str, number: int, header: Header, count: int) -> Problem:
    width = len(header.captions)
    if count < width:
        return Problem.of(label, number, header.captions[count], mc.LINE_TRUNCATED(count=count, width=width))
    return Problem.of(label, number, "", mc.LINE_STRAY_SEPARATOR(count=count, width=width))


CellPlan = tuple[tuple[int, Callable[[str], dialect.Converted], str, bool, str, object], ...]


def cell_plan(schema: Schema, header: Header) -> CellPlan:
    """Per mapped column, once per file: (cell index, converter, field, required, caption, empty value)."""
    return tuple(
        (i, dialect.converter(col.ctype), col.field, col.required, caption, empty_value(schema, col))
        for i, col, caption in header.mapping
    )


def convert_row(
    schema: Schema,
    header: Header,
    cells: Sequence[str],
    base: dict[str, object],
    *,
    label: str,
    number: int,
    problems: list[Problem],
    plan: CellPlan | None = None,
) -> dict[str, object] | None:
    """The record fields of one line, or ``None`` after appending its cell problems to ``problems``.

    ``plan``: :func:`cell_plan` of ``schema`` and ``header``, when the caller converts many rows.
    """
    values = dict(base)
    bad = False
    for i, conv, field, required, caption, empty in plan or cell_plan(schema, header):
        cell = clean_cell(cells[i])
        if not cell:
            if required:
                problems.append(Problem.of(label, number, caption, mc.CELL_REQUIRED()))
                bad = True
            else:
                values[field] = empty
            continue
        value, message = conv(cell)
        if message is not None:
            problems.append(Problem.of(label, number, caption, message))
            bad = True
        else:
            values[field] = value
    return None if bad else values


def read_rows(
    schema: Schema,
    lines: Sequence[tuple[int, str | bytes]],
    index: int,
    label: str,
    encoding: str,
    *,
    bulk: bool = True,
    lines_out: list[int] | None = None,
    ranges: AccountRanges = DEFAULT_RANGES,
) -> ReadResult:
    """Read the lines after the header at ``lines[index]`` into records and problems.

    ``lines_out``: receives each record's physical line number (for a table built from the records).

    Blocks of regular lines take the column-wise fast path (:mod:`syncsystem.bmd.rows_bulk`);
    any block it declines, and every block when ``bulk`` is false, goes through the reference loop
    (:func:`_reference_block`) — both give the same records and problems.
    """
    number, text = lines[index]
    assert isinstance(text, str)
    header = resolve_header(schema, number, text, label)
    problems, as_of = opening_problems(schema, header, lines[:index], label)
    if any(p.code == mc.HEADER_MISSING.name for p in header.problems):
        return ReadResult(
            schema.kind,
            (),
            tuple(problems),
            encoding,
            label,
            as_of=as_of,
            ignored_columns=header.ignored,
            unread=True,
        )
    base = defaults_for_missing(schema, header)
    records, numbers = _convert_body(
        lines[index + 1 :],
        schema,
        header,
        base,
        label=label,
        encoding=encoding,
        problems=problems,
        check=checker(schema.record, ranges),
        bulk=bulk,
    )
    problems.extend(_balance_problems(schema, header, records, numbers, label=label, ranges=ranges))
    problems.sort(key=lambda p: p.line)
    if lines_out is not None:
        lines_out.extend(numbers)
    return _result(
        schema.kind, header, records, numbers, problems, encoding=encoding, label=label, as_of=as_of
    )


def _result(
    kind: Kind,
    header: Header,
    records: list[Record],
    numbers: list[int],
    problems: list[Problem],
    *,
    encoding: str,
    label: str,
    as_of: date | None,
) -> ReadResult:
    """The `ReadResult` of a body read: its records (at lines ``numbers``), problems and line counts."""
    read_lines, faulty = line_counts(
        problems, header.line, len(records), lambda found: len(set(found).intersection(numbers))
    )
    return ReadResult(
        kind,
        tuple(records),
        tuple(problems),
        encoding,
        label,
        as_of=as_of,
        ignored_columns=header.ignored,
        lines=read_lines,
        faulty_lines=faulty,
    )


def opening_problems(
    schema: Schema, header: Header, preamble: Sequence[tuple[int, str | bytes]], label: str
) -> tuple[list[Problem], date | None]:
    """The header's problems and, for a list that opens with a date line (``preamble``: the lines
    before the header), its as-of date and that line's problems."""
    problems = list(header.problems)
    if not schema.preamble:
        return problems, None
    as_of, found = parse_as_of(preamble, label)
    problems.extend(found)
    return problems, as_of


def _balance_problems(
    schema: Schema,
    header: Header,
    records: Sequence[Record],
    numbers: Sequence[int],
    *,
    label: str,
    ranges: AccountRanges,
) -> list[Problem]:
    """The journal's unbalanced vouchers (none for any other kind of file)."""
    if schema.kind is not Kind.JOURNAL:
        return []
    journal = [r for r in records if isinstance(r, JournalLine)]
    return journal_balance_problems(journal, label, numbers, header.caption("betrag"), ranges)


def _convert_body(
    body: Sequence[tuple[int, str | bytes]],
    schema: Schema,
    header: Header,
    base: dict[str, object],
    *,
    label: str,
    encoding: str,
    problems: list[Problem],
    check: Callable[[Record], Findings],
    bulk: bool,
) -> tuple[list[Record], list[int]]:
    """Records and their line numbers, block by block: the column-wise fast path where it takes
    the block, the reference loop where it declines; cell problems and findings go to ``problems``."""
    key_cells = [i for i, col, _ in header.mapping if col.required][:2] if schema.preamble else []
    plan = cell_plan(schema, header)
    fast = rows_bulk.bulk_plan(
        schema, header.mapping, len(header.captions), base, lambda col: empty_value(schema, col), key_cells
    )
    records: list[Record] = []
    numbers: list[int] = []
    for start in range(0, len(body), rows_bulk.BLOCK):
        block = body[start : start + rows_bulk.BLOCK]
        block_numbers = [n for n, _ in block]
        try:
            if not bulk:
                raise rows_bulk.IrregularError
            built, kept = rows_bulk.convert_block(fast, [t for _, t in block])
            if kept is not None:
                block_numbers = [block_numbers[i] for i in kept]
        except rows_bulk.IrregularError:
            built, block_numbers = _reference_block(
                schema, header, block, base, plan, key_cells, label, encoding, problems
            )
        records.extend(built)
        numbers.extend(block_numbers)
        # Cell problems and semantic findings never meet on one line (a line with a cell problem
        # gives no record), so the caller's stable sort restores the reference order exactly.
        for found_at, findings in zip(block_numbers, map(check, built), strict=True):
            if findings:
                problems.extend(Problem.of(label, found_at, header.caption(f), m) for f, m in findings)
    return records, numbers


def _reference_block(  # noqa: PLR0917 - one call site, in read_rows
    schema: Schema,
    header: Header,
    block: Sequence[tuple[int, str | bytes]],
    base: dict[str, object],
    plan: CellPlan,
    key_cells: Sequence[int],
    label: str,
    encoding: str,
    problems: list[Problem],
) -> tuple[list[Record], list[int]]:
    """The reference reading of a block, line by line: its records, their lines, every cell problem."""
    records: list[Record] = []
    numbers: list[int] = []
    width = len(header.captions)
    build = schema.record
    for number, text in block:
        if isinstance(text, bytes):
            at, message = dialect.undecodable_cell(text, encoding)
            problems.append(Problem.of(label, number, header.captions[at] if at < width else "", message))
            continue
        cells = row_cells(text, width)
        if isinstance(cells, int):
            problems.append(count_problem(label, number, header, cells))
            continue
        if key_cells and not any(cells[i].strip() for i in key_cells):
            continue  # the OP list's subtotal lines have no account and no invoice number
        values = convert_row(
            schema, header, cells, base, label=label, number=number, problems=problems, plan=plan
        )
        if values is None:
            continue
        records.append(build(**values))  # type: ignore[arg-type]  # types come from the schema
        numbers.append(number)
    return records, numbers
