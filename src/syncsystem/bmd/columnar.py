"""Columnar reader: large BMD files through polars, with the row reader's exact results.

The row reader converts ~0.3 M cells-heavy rows per second; a month of a large Mandant's bookings is
millions of rows. This reader lets polars split the file into string columns, then applies the
*same* schema and cell grammar (:mod:`syncsystem.bmd.dialect`) vectorised
(:mod:`syncsystem.bmd.grammar`): one plan types every column and flags each row holding a cell that
is not well formed, and only those rows go through the row reader's converter, which supplies the
exact problem messages. The bytes reach polars through :mod:`syncsystem.bmd.transcode`. Money is
cast to ``pl.Decimal`` (exact), dates are parsed for all three BMD formats. Semantic checks run as a
vectorised *pre-filter* that flags every row a check could object to; flagged rows are materialised
and checked by :func:`syncsystem.bmd.checks.check_record`, so the problems are identical to the row
reader's. Records are built only when asked for (:class:`~syncsystem.bmd.result.ReadResult` takes a
loader), and :func:`read_table` hands bulk consumers the typed frame itself. Whatever this reader
cannot reproduce exactly — undecodable bytes, control characters polars would split on — is handed
back to the row reader.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from syncsystem.bmd import dialect, grammar, transcode
from syncsystem.bmd.checks import check_record, journal_balance_problems
from syncsystem.bmd.columnar_checks import suspects as suspect_rows
from syncsystem.bmd.columnar_input import MisreadError, raw_frame
from syncsystem.bmd.columnar_lines import fitting_lines, strip_columns, survey
from syncsystem.bmd.dialect import CellType
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.records import Buchcode, JournalLine, Record
from syncsystem.bmd.result import ReadResult, line_counts
from syncsystem.bmd.rows import (
    Header,
    convert_row,
    defaults_for_missing,
    empty_value,
    opening_problems,
    resolve_header,
)
from syncsystem.bmd.schema import Schema
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = ["FallbackError", "RowsOnlyError", "Table", "read_columns"]


class FallbackError(Exception):
    """The input holds something only the row reader reports exactly."""


class RowsOnlyError(FallbackError):
    """The input is fine but only the row reader splits it exactly: RFC 4180 quotes (a quoted cell
    may hold ``;``) or a carriage return inside a line (polars drops it at a cell's end, the row
    reader keeps it as padding of that cell — the two must not judge such a line differently)."""


@dataclass(frozen=True)
class Table:
    """A BMD file as a typed polars frame (one column per present field, plus ``line``)."""

    kind: Kind
    frame: pl.DataFrame
    problems: tuple[Problem, ...]
    encoding: str
    name: str
    ignored_columns: tuple[str, ...]
    base: dict[str, object]
    as_of: date | None = None  # the OP list's "per" date
    stages: tuple[tuple[str, float], ...] = ()  # (stage, seconds) when read with a timer

    def records(self) -> tuple[Record, ...]:
        """Materialise the frame's rows as records."""
        return tuple(_records(self.frame, self.kind, self.base))


def _records(frame: pl.DataFrame, kind: Kind, base: dict[str, object]) -> list[Record]:
    from syncsystem.bmd.schema import SCHEMAS  # noqa: PLC0415 - keeps the import graph acyclic

    schema = SCHEMAS[kind]
    fields = [c for c in frame.columns if c != "line"]
    build: Callable[..., Record] = schema.record
    buchcode = "buchcode" in fields
    out: list[Record] = []
    for row in frame.select(fields).iter_rows():
        values = dict(zip(fields, row, strict=True))
        if buchcode:
            values["buchcode"] = Buchcode(values["buchcode"])
        out.append(build(**base, **values))
    return out


def read_table(
    data: bytes,
    schema: Schema,
    *,
    header_line: int,
    header_text: str,
    label: str,
    encoding: str,
    odd: bytes | None = None,
    preamble: Sequence[tuple[int, str | bytes]] = (),
    timer: Callable[[], float] | None = None,
    ranges: AccountRanges = DEFAULT_RANGES,
) -> Table:
    """The typed frame of a file whose header is at physical line ``header_line``.

    ``odd``: ``transcode.odd_bytes(data)`` if the caller computed it for encoding detection;
    ``preamble``: the lines before the header (the OP list's date line); ``timer``: a clock read
    before and after each stage, whose durations the table's ``stages`` then lists.
    """
    stages = _Stages(timer)
    header = resolve_header(schema, header_line, header_text, label)
    width = len(header.captions)
    frame, unicode_space = _split(data, encoding, odd, width)
    stages.mark("transcode+split")
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    problems, as_of = opening_problems(schema, header, preamble, label)
    base = defaults_for_missing(schema, header)
    if any(p.code == mc.HEADER_MISSING.name for p in header.problems) or not frame.width:
        empty = pl.DataFrame({"line": []}, schema={"line": pl.Int64})
        return Table(schema.kind, empty, tuple(problems), shown, label, header.ignored, base, as_of)
    columns = [(f"c{index}", col.ctype) for index, col, _ in header.mapping]
    frame, padded, probed = _checked_lines(
        frame,
        schema,
        header,
        header_line=header_line,
        label=label,
        unicode_space=unicode_space,
        columns=columns,
        problems=problems,
    )
    stages.mark("line checks")
    strip = strip_columns(frame, header, unicode_space) if padded else set()
    frame = frame.drop("text", f"c{width}")
    stages.mark("padding")
    table = _convert(
        frame,
        schema,
        ranges=ranges,
        header=header,
        problems=problems,
        label=label,
        encoding=shown,
        base=base,
        strip=strip,
        forms=grammar.forms(probed, columns),
        stages=stages,
    )
    return dataclasses.replace(table, as_of=as_of, stages=stages.done())


def _split(data: bytes, encoding: str, odd: bytes | None, width: int) -> tuple[pl.DataFrame, bool]:
    """The file split by polars (``line``, ``text``, ``c0`` … ``c<width>``) and whether it holds
    Unicode spaces; what polars cannot split exactly goes back to the row reader."""
    try:
        frame, unicode_space, quotes = raw_frame(data, encoding, odd, width)
    except (transcode.UntranscodableError, MisreadError) as exc:
        raise FallbackError from exc
    if quotes:
        raise RowsOnlyError
    return frame, unicode_space


def _checked_lines(
    frame: pl.DataFrame,
    schema: Schema,
    header: Header,
    *,
    header_line: int,
    label: str,
    unicode_space: bool,
    columns: list[tuple[str, CellType]],
    problems: list[Problem],
) -> tuple[pl.DataFrame, bool, dict[str, object]]:
    """The lines after the header that are records: blank lines dropped, misshapen ones reported to
    ``problems`` and dropped, an OP list's subtotal lines dropped. Also whether any cell is padded
    and the forms probed in the raw cells (:func:`~syncsystem.bmd.grammar.form_probes`)."""
    width = len(header.captions)
    frame = frame.slice(header_line)
    # Empty lines, and lines of only separators (Excel's empty rows): dropped as decode_lines drops them.
    drop = frame["text"].is_null() | frame["text"].str.contains(dialect.SEPARATORS_ONLY)
    if drop.any():
        frame = frame.filter(~drop)
    # Decided on the raw cells: padding and misshapen lines only make a form more general.
    fits, padded, probed = survey(frame, width, unicode_space, grammar.form_probes(columns))
    if probed["_cr"]:  # CRLF's CR never reaches ``text``: this one is inside a line
        raise RowsOnlyError
    if not fits:
        frame = fitting_lines(frame, width, header, label, problems)
    if schema.preamble:  # the OP list's subtotal lines have no account and no invoice number
        keys = [i for i, col, _ in header.mapping if col.required][:2]
        blank = [pl.col(f"c{i}").str.strip_chars().fill_null("") == "" for i in keys]
        frame = frame.filter(~pl.all_horizontal(blank))
    return frame, padded, probed


class _Stages:
    """Durations of the read's stages, measured with an injected clock (none: nothing measured)."""

    def __init__(self, timer: Callable[[], float] | None) -> None:
        self._timer = timer
        self._last = timer() if timer else 0.0
        self._found: list[tuple[str, float]] = []

    def mark(self, name: str) -> None:
        if self._timer is not None:
            now = self._timer()
            self._found.append((name, now - self._last))
            self._last = now

    def done(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._found)


def _convert(
    frame: pl.DataFrame,
    schema: Schema,
    *,
    ranges: AccountRanges,
    header: Header,
    problems: list[Problem],
    label: str,
    encoding: str,
    base: dict[str, object],
    strip: set[int],
    forms: dict[str, str],
    stages: _Stages,
) -> Table:
    """Typed values, a per-row "some cell is bad" flag and the semantic pre-filter in one plan."""
    typed_exprs, flags = _typing(schema, header, forms)
    fields = {col.field for _, col, _ in header.mapping}
    names = [str(flag.meta.output_name()) for flag in flags]
    # One select of many small expressions: polars evaluates them on all cores at once (a single
    # "any of these" tree would run on one); the row flag then combines the per-column flags.
    plan = frame.lazy().select(pl.col("line"), **_cells(header, strip))
    plan = plan.select(pl.col("line"), *typed_exprs, *flags)
    typed = plan.with_columns(
        _bad=pl.any_horizontal(names) if names else pl.lit(False),
        _suspect=suspect_rows(fields, schema, ranges),
    ).drop(names)
    marked = typed.collect()
    stages.mark("typing")
    bad = marked.get_column("_bad")
    if bad.any():
        _report_bad_rows(frame, bad, schema, header, base, label=label, problems=problems)
        marked = marked.filter(~bad)
    suspect = marked.get_column("_suspect")
    good = marked.drop("_bad", "_suspect")
    suspects = good.select(pl.all().gather(suspect.arg_true()))  # few rows: gathered, not filtered
    problems.extend(
        _semantic(good, suspects, schema=schema, header=header, label=label, base=base, ranges=ranges)
    )
    problems.sort(key=lambda p: p.line)
    stages.mark("problems")
    return Table(schema.kind, good, tuple(problems), encoding, label, header.ignored, base)


def _cells(header: Header, strip: set[int]) -> dict[str, pl.Expr]:
    """Each field's raw cell, null when empty; stripped where ``strip`` says a column is padded."""
    cells = {}
    for index, col, _ in header.mapping:
        s = pl.col(f"c{index}")  # null when empty (polars reads "" as null)
        if index in strip:
            s = s.str.strip_chars()
        cells[col.field] = pl.when(s != "").then(s) if index in strip else s
    return cells


def _typing(schema: Schema, header: Header, forms: dict[str, str]) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """(each field's typed value, empty cells given the field's default; the per-column flags
    ``_bad<index>`` of a cell that is malformed or missing where required)."""
    typed_exprs, flags = [], []
    for index, col, _ in header.mapping:
        raw = pl.col(col.field)
        value, ok = grammar.typed(col.ctype, raw, forms[f"c{index}"])
        default = empty_value(schema, col)
        typed_exprs.append(
            (value.fill_null(pl.lit(default)) if default is not None else value).alias(col.field)
        )
        # An empty cell (null) is bad only where the column is required. Decide that from the raw
        # cell, not from ``ok``: Kleene logic makes ``null & False`` False, so ``ok`` of an empty
        # cell may be False rather than null.
        if col.ctype is CellType.TEXT:
            if col.required:
                flags.append(raw.is_null().alias(f"_bad{index}"))
        else:
            malformed = raw.is_not_null() & ~ok.fill_null(False)
            flags.append((raw.is_null() | malformed if col.required else malformed).alias(f"_bad{index}"))
    return typed_exprs, flags


def _report_bad_rows(
    frame: pl.DataFrame,
    bad: pl.Series,
    schema: Schema,
    header: Header,
    base: dict[str, object],
    *,
    label: str,
    problems: list[Problem],
) -> None:
    """The row reader's problems of the rows flagged ``bad``, added to ``problems``; raises
    :class:`FallbackError` if it accepts one of them (the vectorised grammar disagrees with it)."""
    names = [f"c{i}" for i in range(len(header.captions))]
    for row in frame.select(pl.col("line", *names).gather(bad.arg_true())).iter_rows():
        number, texts = row[0], [c or "" for c in row[1:]]
        if convert_row(schema, header, texts, base, label=label, number=number, problems=problems):
            raise FallbackError  # the vectorised grammar disagrees with the scalar one


def _semantic(
    good: pl.DataFrame,
    suspects: pl.DataFrame,
    *,
    schema: Schema,
    header: Header,
    label: str,
    base: dict[str, object],
    ranges: AccountRanges,
) -> list[Problem]:
    problems: list[Problem] = []
    for number, record in zip(suspects["line"], _records(suspects, schema.kind, base), strict=True):
        found = check_record(record, ranges)
        problems.extend(Problem.of(label, number, header.caption(f), m) for f, m in found)
    if schema.kind is Kind.JOURNAL:
        journal = [r for r in _records(good, schema.kind, base) if isinstance(r, JournalLine)]
        problems.extend(
            journal_balance_problems(journal, label, list(good["line"]), header.caption("betrag"), ranges)
        )
    return problems


def read_columns(
    data: bytes,
    schema: Schema,
    *,
    header_line: int,
    header_text: str,
    label: str,
    encoding: str,
    fallback: Callable[[], ReadResult],
    odd: bytes | None = None,
    preamble: Sequence[tuple[int, str | bytes]] = (),
    ranges: AccountRanges = DEFAULT_RANGES,
) -> ReadResult:
    """:func:`read_table` wrapped as a lazily materialising :class:`ReadResult`."""
    try:
        table = read_table(
            data,
            schema,
            header_line=header_line,
            header_text=header_text,
            label=label,
            encoding=encoding,
            odd=odd,
            preamble=preamble,
            ranges=ranges,
        )
    except FallbackError:
        return fallback()
    lines, faulty = line_counts(
        table.problems,
        header_line,
        table.frame.height,
        lambda found: int(table.frame.get_column("line").is_in(found).sum()),
    )
    return ReadResult(
        table.kind,
        table.records,
        table.problems,
        table.encoding,
        table.name,
        rows=table.frame.height,
        as_of=table.as_of,
        ignored_columns=table.ignored_columns,
        unread=any(p.code == mc.HEADER_MISSING.name for p in table.problems),  # no row read, as rows.py
        lines=lines,
        faulty_lines=faulty,
    )
