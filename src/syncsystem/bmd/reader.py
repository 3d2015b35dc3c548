"""Reading BMD files: source → bytes → lines → header → records and problems.

The row reader here handles every kind; for large booking files :func:`read` hands over to the
columnar reader in :mod:`syncsystem.bmd.columnar`, which uses the same schema, the same cell grammar
and the same semantic checks and therefore returns the same records and problems. Everything that
can go wrong in a file is a :class:`~syncsystem.errors.Problem` with file, physical line and the
column as the file spells it; only a file whose kind cannot be determined (or that cannot be read at
all) raises.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from syncsystem.bmd import dialect, transcode
from syncsystem.bmd.checks import check_record, journal_balance_problems
from syncsystem.bmd.dialect import CellType, clean_cell
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.preamble import parse_as_of
from syncsystem.bmd.records import JournalLine, Record
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.schema import SCHEMAS, Column, Schema, detect_kind
from syncsystem.errors import DataError, Problem, UsageError

if TYPE_CHECKING:
    from syncsystem.bmd.columnar import Table

__all__ = ["COLUMNAR_THRESHOLD", "BmdFileError", "Header", "Source", "load", "read", "read_table"]

Source = Path | str | bytes | BinaryIO
Engine = Literal["auto", "rows", "columns"]
COLUMNAR_THRESHOLD = 1 << 20  # bytes; below this the row reader is faster than starting polars
MAX_PREAMBLE = 3


class BmdFileError(UsageError):
    """A BMD file could not be opened or read at all (missing, a directory, no permission)."""


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


def load(source: Source, name: str | None) -> tuple[bytes, str]:
    """The bytes of ``source`` and the name problems will carry."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), name or "<bytes>"
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), name or str(path)
        except OSError as exc:
            raise BmdFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        data = source.read()
    except OSError as exc:
        raise BmdFileError(f"{name or '<stream>'}: cannot read: {exc}") from exc
    return bytes(data), name or str(getattr(source, "name", "<stream>"))


def read(
    source: Source,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    engine: Engine = "auto",
) -> ReadResult:
    """Read a BMD file of ``kind`` (``None``: detect it from the header) into records and problems.

    ``strict=True`` raises :class:`DataError` on any problem. ``engine`` chooses the row reader,
    the columnar reader (kinds without preamble) or, by default, the columnar one from
    ``COLUMNAR_THRESHOLD`` bytes on; both give the same records and problems.
    Raises :class:`DataError` when ``kind`` is ``None`` and the
    header matches no kind, :class:`BmdFileError` when the source cannot be read.
    """
    data, label = load(source, name)
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError as exc:
            raise UsageError(f"unknown encoding {encoding!r}") from exc
    bulk = engine == "columns" or (engine == "auto" and len(data) >= COLUMNAR_THRESHOLD)
    odd = transcode.odd_bytes(data) if bulk else None  # shared by detection and transcoding
    enc = encoding or dialect.detect_encoding(data, odd)
    shown_enc = "utf-8" if enc == "utf-8-sig" else enc
    found = _locate_header(_head(data, enc), kind, label, enc)
    if isinstance(found, Problem):
        if kind is None:
            raise DataError([found], f"{label}: not a BMD file syncsystem can read")
        result = ReadResult(kind, (), (found,), shown_enc, label)
    else:
        kind, index = found
        schema = SCHEMAS[kind]
        use_columns = bulk

        def by_rows() -> ReadResult:
            return _read_rows(schema, dialect.decode_lines(data, enc), index, label, shown_enc)

        if use_columns:
            from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

            head = _head(data, enc)
            number, text = head[index]
            assert isinstance(text, str)
            result = columnar.read_columns(
                data,
                schema,
                header_line=number,
                header_text=text,
                label=label,
                encoding=enc,
                fallback=by_rows,
                odd=odd,
                preamble=head[:index],
            )
        else:
            result = by_rows()
    if strict:
        result.raise_for_problems()
    return result


def read_table(
    source: Source,
    kind: Kind | None = None,
    *,
    name: str | None = None,
    encoding: str | None = None,
    timer: Callable[[], float] | None = None,
) -> Table:
    """A file as one typed polars frame (``line`` + one column per field) and its problems.

    For bulk consumers (ingest, clearing import): nothing is materialised per row. Rows with cell
    problems are not in the frame; semantic problems are reported like :func:`read` does; an OP
    list's date is ``Table.as_of``. A file only the row reader can report exactly (undecodable
    bytes, control characters) raises :class:`DataError` with the row reader's problems. ``timer``
    (e.g. ``time.perf_counter``) makes ``Table.stages`` list each stage's duration.
    """
    from syncsystem.bmd import columnar  # noqa: PLC0415 - polars loads only for bulk reads

    start = timer() if timer else 0.0
    data, label = load(source, name)
    odd = transcode.odd_bytes(data)
    enc = codecs.lookup(encoding).name if encoding else dialect.detect_encoding(data, odd)
    head = _head(data, enc)
    found = _locate_header(head, kind, label, enc)
    if isinstance(found, Problem):
        raise DataError([found], f"{label}: not a BMD file syncsystem can read")
    kind, index = found
    schema = SCHEMAS[kind]
    number, text = head[index]
    assert isinstance(text, str)
    try:
        table = columnar.read_table(
            data,
            schema,
            header_line=number,
            header_text=text,
            label=label,
            encoding=enc,
            odd=odd,
            preamble=head[:index],
            timer=timer,
        )
        if timer is not None:  # loading and detection happened before the columnar stages
            first = ("load+detect", (timer() - start) - sum(t for _, t in table.stages))
            table = dataclasses.replace(table, stages=(first, *table.stages))
        return table
    except columnar.FallbackError:
        rows = _read_rows(schema, dialect.decode_lines(data, enc), index, label, enc)
        problems = rows.problems or (
            Problem(label, 0, "", "control characters prevent a columnar read; use read()"),
        )
        raise DataError(problems, f"{label}: cannot be read as a table") from None


def _head(data: bytes, encoding: str) -> list[tuple[int, str | bytes]]:
    """The first few non-blank lines (enough to find a header after a preamble)."""
    cut = 0
    for _ in range(MAX_PREAMBLE + 20):  # blank lines before the header are allowed
        nxt = data.find(b"\n", cut)
        if nxt < 0:
            cut = len(data)
            break
        cut = nxt + 1
    return dialect.decode_lines(data[:cut], encoding)[: MAX_PREAMBLE + 1]


def _locate_header(
    lines: Sequence[tuple[int, str | bytes]], kind: Kind | None, label: str, encoding: str
) -> tuple[Kind, int] | Problem:
    """Where the header is and which kind it names, or the one problem that stops reading."""
    if not lines:
        return Problem(label, 0, "", "file is empty")
    first_no, first = lines[0]
    if isinstance(first, bytes):
        _, message = dialect.undecodable_cell(first, encoding)
        return Problem(label, first_no, "", f"header line cannot be decoded: {message}")
    may_have_preamble = kind is None or SCHEMAS[kind].preamble
    for index, (_, text) in enumerate(lines[: MAX_PREAMBLE + 1] if may_have_preamble else lines[:1]):
        if not isinstance(text, str):
            break
        found = detect_kind(text)
        if found is not None and (kind is None or found is kind) and (index == 0 or SCHEMAS[found].preamble):
            return found, index
    if ";" not in first:
        for sep, label_sep in ((",", "','"), ("\t", "tabs"), ("|", "'|'")):
            if sep in first:
                return Problem(label, first_no, "", f"fields are separated by {label_sep}; BMD files use ';'")
    if kind is None:
        return Problem(label, first_no, "", f"header names no BMD file kind: {first[:80]!r} (give --kind)")
    return kind, 0


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
            problems.append(Problem(label, number, caption, f"column duplicates {seen[col.field]!r}"))
        else:
            seen[col.field] = caption
            mapping.append((index, col, caption))
    for col in schema.columns:
        if col.required and col.field not in seen:
            problems.append(
                Problem(label, number, col.name, f"required column missing from the {schema.kind} header")
            )
    return Header(number, tuple(captions), tuple(mapping), tuple(ignored), tuple(problems))


def defaults_for_missing(schema: Schema, header: Header) -> dict[str, object]:
    """Values for record fields without a default whose optional column the file lacks."""
    present = {col.field for _, col, _ in header.mapping}
    out: dict[str, object] = {}
    for fld in dataclasses.fields(schema.record):
        if fld.name in present or fld.default is not dataclasses.MISSING:
            continue
        col = schema.column(fld.name)
        out[fld.name] = "" if col.ctype is CellType.TEXT else None
    return out


def empty_value(schema: Schema, col: Column) -> object:
    """What an empty optional cell means: the record field's default (satzart 0), else ""/None."""
    for fld in dataclasses.fields(schema.record):
        if fld.name == col.field and fld.default is not dataclasses.MISSING:
            return fld.default
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
        return Problem(
            label,
            number,
            header.captions[count],
            f"line has {count} fields, the header {width}: truncated line",
        )
    return Problem(label, number, "", f"line has {count} fields, the header {width}: stray ';' in a value?")


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
                problems.append(Problem(label, number, caption, "required field is empty"))
                bad = True
            else:
                values[field] = empty
            continue
        value, message = conv(cell)
        if message is not None:
            problems.append(Problem(label, number, caption, message))
            bad = True
        else:
            values[field] = value
    return None if bad else values


def _read_rows(
    schema: Schema, lines: Sequence[tuple[int, str | bytes]], index: int, label: str, encoding: str
) -> ReadResult:
    number, text = lines[index]
    assert isinstance(text, str)
    header = resolve_header(schema, number, text, label)
    problems = list(header.problems)
    as_of = None
    if schema.preamble:
        as_of, found = parse_as_of(lines[:index], label)
        problems.extend(found)
    if any(p.message.startswith("required column missing") for p in header.problems):
        return ReadResult(
            schema.kind, (), tuple(problems), encoding, label, as_of=as_of, ignored_columns=header.ignored
        )
    base = defaults_for_missing(schema, header)
    records: list[Record] = []
    numbers: list[int] = []
    width = len(header.captions)
    key_cells = [i for i, col, _ in header.mapping if col.required][:2]
    plan = cell_plan(schema, header)
    build = schema.record
    check = check_record
    for number, text in lines[index + 1 :]:
        if isinstance(text, bytes):
            at, message = dialect.undecodable_cell(text, encoding)
            problems.append(Problem(label, number, header.captions[at] if at < width else "", message))
            continue
        cells = row_cells(text, width)
        if isinstance(cells, int):
            problems.append(count_problem(label, number, header, cells))
            continue
        if schema.preamble and not any(cells[i].strip() for i in key_cells):
            continue  # the OP list's subtotal lines have no account and no invoice number
        values = convert_row(
            schema, header, cells, base, label=label, number=number, problems=problems, plan=plan
        )
        if values is None:
            continue
        record: Record = build(**values)  # type: ignore[arg-type]  # types come from the schema
        records.append(record)
        numbers.append(number)
        findings = check(record)
        if findings:
            problems.extend(Problem(label, number, header.caption(f), m) for f, m in findings)
    if schema.kind is Kind.JOURNAL:
        journal = [r for r in records if isinstance(r, JournalLine)]
        problems.extend(journal_balance_problems(journal, label, numbers, header.caption("betrag")))
    problems.sort(key=lambda p: p.line)
    return ReadResult(
        schema.kind,
        tuple(records),
        tuple(problems),
        encoding,
        label,
        as_of=as_of,
        ignored_columns=header.ignored,
    )
