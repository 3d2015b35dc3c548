"""Columnar reader: large BMD files through polars, with the row reader's exact results.

The row reader converts ~0.3 M cells-heavy rows per second; a month of a large Mandant's bookings
is millions of rows. This reader lets polars split the file into string columns, then applies the
*same* schema and cell grammar (:mod:`syncsystem.bmd.dialect`) vectorised: regular expressions pick
the cells that are not well formed, and only those go through the scalar converter, which supplies
the exact problem message. Money is cast to ``pl.Decimal`` (exact), dates are parsed for all three
BMD formats. Semantic checks run as a vectorised *pre-filter* that flags every row a check could
object to; flagged rows are materialised and checked by :func:`syncsystem.bmd.checks.check_record`,
so the problems are identical to the row reader's. Records are built only when asked for
(:class:`~syncsystem.bmd.result.ReadResult` takes a loader), and :func:`read_table` hands bulk
consumers the typed frame itself. Whatever this reader cannot reproduce exactly — undecodable bytes,
control characters polars would split on — is handed back to the row reader.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from syncsystem.bmd import dialect
from syncsystem.bmd.checks import (
    MAX_ACCOUNT,
    PERSON_ACCOUNTS,
    PERSON_SYMBOLS,
    check_record,
    journal_balance_problems,
)
from syncsystem.bmd.dialect import CellType, convert
from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.reader import Header, count_problem, defaults_for_missing, empty_value, resolve_header
from syncsystem.bmd.records import Buchcode, JournalLine, Record
from syncsystem.bmd.result import ReadResult
from syncsystem.bmd.schema import Schema
from syncsystem.errors import Problem

__all__ = ["Table", "read_columns"]

_DEC = {CellType.MONEY: 2, CellType.RATE: 3}
_PATTERNS = {
    CellType.INT: r"^\d{1,10}$",
    CellType.ACCOUNT: r"^\d{1,10}$",
    # Same language as dialect.NUMBER_RE plus its digit limit: at most 13 digits after leading zeros.
    CellType.MONEY: r"^[+-]? *0*\d{1,13}(,\d{1,2})?$",
    CellType.RATE: r"^[+-]? *0*\d{1,13}(,\d{1,3})?$",
    CellType.BUCHCODE: r"^0?[12]$",
}
_DATE_FORMS = "|".join(
    f"(?:{p.pattern})" for p in (dialect.DATE_DMY, dialect.DATE_YMD, dialect.DATE_YYMMDD, dialect.DATE_SLASH)
)


class FallbackError(Exception):
    """The input holds something only the row reader reports exactly."""


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


def _to_utf8(data: bytes, encoding: str) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.rstrip(b"\x1a")
    if b"\x1f" in data:
        raise FallbackError  # polars would split lines on it
    if data.isascii() or encoding in ("utf-8", "utf-8-sig"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FallbackError from exc
        return data
    try:
        return data.decode(encoding).encode("utf-8")
    except UnicodeDecodeError as exc:
        raise FallbackError from exc


def _typed(ctype: CellType, s: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(value, well-formed) expressions for a stripped, non-empty string cell."""
    if ctype is CellType.TEXT:
        return s, pl.lit(True)
    if ctype is CellType.DATE:
        # One strptime: every accepted form is first rewritten to JJJJMMTT.
        length = s.str.len_bytes()
        century = (
            pl.when(s.str.slice(0, 2).cast(pl.Int32, strict=False) < 80)
            .then(pl.lit("20"))
            .otherwise(pl.lit("19"))
        )
        ymd = (
            pl.when(length == 10)
            .then(s.str.slice(6, 4) + s.str.slice(3, 2) + s.str.slice(0, 2))
            .when(length == 6)
            .then(century + s)
            .when(s.str.contains("/", literal=True))
            .then(century + s.str.replace_all("/", "", literal=True))
            .otherwise(s)
        )
        value = ymd.str.strptime(pl.Date, "%Y%m%d", strict=False)
        return value, _date_ok(s, value)
    ok = s.str.contains(_PATTERNS[ctype])
    if ctype in _DEC:
        digits = s.str.replace_all(" ", "", literal=True).str.replace(",", ".", literal=True)
        return digits.cast(pl.Decimal(38, _DEC[ctype]), strict=False), ok
    return s.cast(pl.Int64, strict=False), ok


def _date_ok(raw: pl.Expr, value: pl.Expr) -> pl.Expr:
    return raw.str.contains(_DATE_FORMS) & value.is_not_null() & (value.dt.year() >= 1)


def read_table(
    data: bytes, schema: Schema, *, header_line: int, header_text: str, label: str, encoding: str
) -> Table:
    """The typed frame of a file whose header is at physical line ``header_line``."""
    utf8 = _to_utf8(data, encoding)
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    header = resolve_header(schema, header_line, header_text, label)
    problems: list[Problem] = list(header.problems)
    base = defaults_for_missing(schema, header)
    width = len(header.captions)
    if any(p.message.startswith("required column missing") for p in header.problems) or not utf8.strip():
        empty = pl.DataFrame({"line": []}, schema={"line": pl.Int64})
        return Table(schema.kind, empty, tuple(problems), shown, label, header.ignored, base)
    options: dict[str, Any] = {"has_header": False, "quote_char": None, "infer_schema": False}
    lines = pl.read_csv(io.BytesIO(utf8), separator="\x1f", schema={"text": pl.String}, **options)
    cells = pl.read_csv(
        io.BytesIO(utf8),
        separator=";",
        schema={f"c{i}": pl.String for i in range(width)},
        truncate_ragged_lines=True,
        extra_columns="ignore",
        missing_columns="insert",
        **options,
    )
    if lines.height != cells.height:
        raise FallbackError
    frame = pl.concat([lines, cells], how="horizontal").with_row_index("line", offset=1)
    frame = frame.with_columns(pl.col("line").cast(pl.Int64)).slice(header_line)
    frame = frame.filter(pl.col("text").is_not_null() & ~pl.col("text").str.contains(r"^\s*$"))
    frame = frame.with_columns(n=pl.col("text").str.count_matches(";", literal=True) + 1)
    # More cells than captions is fine when the rest is blank (a trailing ';', 5.5's line padding).
    over = frame.filter(pl.col("n") > width)
    padded = over.filter(pl.col("text").str.contains(rf"^(?:[^;]*;){{{width}}}[\s;]*$"))["line"]
    fits = (pl.col("n") == width) | pl.col("line").is_in(padded.implode())
    for number, count in frame.filter(~fits).select("line", "n").iter_rows():
        problems.append(count_problem(label, number, header, count))
    frame = frame.filter(fits)
    return _convert(frame, schema, header=header, problems=problems, label=label, encoding=shown, base=base)


def _convert(
    frame: pl.DataFrame,
    schema: Schema,
    *,
    header: Header,
    problems: list[Problem],
    label: str,
    encoding: str,
    base: dict[str, object],
) -> Table:
    # Two eager passes, so no expression is evaluated twice: strip (and unquote), then empty → null.
    quotes = bool(frame["text"].str.contains('"', literal=True).any())
    stripped = {}
    for index, col, _ in header.mapping:
        s = pl.col(f"c{index}").str.strip_chars()
        if quotes:  # rare in BMD files: only then pay for the quote handling
            quoted = s.str.starts_with('"') & s.str.ends_with('"') & (s.str.len_chars() >= 2)
            s = pl.when(quoted).then(s.str.slice(1, s.str.len_chars() - 2).str.strip_chars()).otherwise(s)
        stripped[col.field] = s
    work = frame.select(pl.col("line"), **stripped)
    work = work.with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).name.keep() for c in stripped)
    # Values first, then the well-formedness flags over the materialised values (no recomputation).
    values, oks = {}, {}
    for _, col, _ in header.mapping:
        values[f"v_{col.field}"], oks[col.field] = _typed(col.ctype, pl.col(col.field))
    work = work.with_columns(**values)
    flags, typed_exprs = [], []
    for _, col, _ in header.mapping:
        raw, value = pl.col(col.field), pl.col(f"v_{col.field}")
        ok = oks[col.field] if col.ctype is not CellType.DATE else _date_ok(raw, value)
        flags.append(
            ((raw.is_null() & pl.lit(col.required)) | (raw.is_not_null() & ~ok.fill_null(False))).alias(
                f"bad_{col.field}"
            )
        )
        default = empty_value(schema, col)
        typed_exprs.append(
            (value.fill_null(pl.lit(default)) if default is not None else value).alias(col.field)
        )
    typed = work.select(pl.col("line"), *typed_exprs, *flags)
    any_bad = pl.any_horizontal(pl.col(f"bad_{col.field}") for _, col, _ in header.mapping)
    flagged = typed.filter(any_bad)
    if flagged.height:
        source = work.filter(pl.col("line").is_in(flagged["line"].implode()))
        for _, col, caption in header.mapping:
            bad_lines = flagged.filter(pl.col(f"bad_{col.field}"))["line"]
            cells = source.filter(pl.col("line").is_in(bad_lines.implode()))
            for number, cell in cells.select("line", col.field).iter_rows():
                if cell is None:
                    problems.append(Problem(label, number, caption, "required field is empty"))
                    continue
                _, message = convert(col.ctype, cell)
                if message is None:
                    raise FallbackError  # the vectorised grammar disagrees with the scalar one
                problems.append(Problem(label, number, caption, message))
    good = typed.filter(~any_bad).select(pl.col("line"), *(pl.col(c.field) for _, c, _ in header.mapping))
    problems.extend(_semantic(good, schema, header, label, base))
    problems.sort(key=lambda p: p.line)
    return Table(schema.kind, good, tuple(problems), encoding, label, header.ignored, base)


def _suspects(frame: pl.DataFrame, schema: Schema) -> pl.Series:
    """Rows any semantic check could object to (a superset; exact checks run on these only)."""
    if schema.kind is not Kind.BOOKINGS:
        return pl.Series([True] * frame.height, dtype=pl.Boolean)
    cols = set(frame.columns)

    def col(name: str, default: Any = None) -> pl.Expr:
        return pl.col(name) if name in cols else pl.lit(default)

    def outside(name: str, low: int, high: int) -> pl.Expr:
        value = col(name).cast(pl.Float64)
        return value.is_not_null() & ((value < low) | (value > high))

    person = [
        col(n).is_between(PERSON_ACCOUNTS.start, PERSON_ACCOUNTS.stop - 1).fill_null(False)
        for n in ("konto", "gkonto")
    ]
    person_led = person[0] | person[1]
    satzart = col("satzart", 0).fill_null(0)
    gross = col("betrag").cast(pl.Float64).abs()
    percent = col("prozent").cast(pl.Float64)
    tax_gap = (col("steuer").cast(pl.Float64).abs() - gross * percent / (100 + percent)).abs()
    expr = (
        ~satzart.is_in([0, 1, 2])
        | (col("konto") == 0)
        | (col("konto") > MAX_ACCOUNT).fill_null(False)
        | (col("gkonto") > MAX_ACCOUNT).fill_null(False)
        | outside("prozent", 0, 100)
        | outside("skontopz", 0, 100)
        | outside("periode", 1, 13)
        | (col("buchsymbol", "").str.to_uppercase().is_in(sorted(PERSON_SYMBOLS)) & ~person_led)
        | (person_led & (satzart == 0) & (tax_gap > 0.0099).fill_null(False))
    )
    return frame.select(expr.fill_null(True).alias("s"))["s"]


def _semantic(
    good: pl.DataFrame, schema: Schema, header: Header, label: str, base: dict[str, object]
) -> list[Problem]:
    problems: list[Problem] = []
    suspects = good.filter(_suspects(good, schema))
    for number, record in zip(suspects["line"], _records(suspects, schema.kind, base), strict=True):
        problems.extend(Problem(label, number, header.caption(f), m) for f, m in check_record(record))
    if schema.kind is Kind.JOURNAL:
        journal = [r for r in _records(good, schema.kind, base) if isinstance(r, JournalLine)]
        problems.extend(
            journal_balance_problems(journal, label, list(good["line"]), header.caption("betrag"))
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
) -> ReadResult:
    """:func:`read_table` wrapped as a lazily materialising :class:`ReadResult`."""
    try:
        table = read_table(
            data, schema, header_line=header_line, header_text=header_text, label=label, encoding=encoding
        )
    except FallbackError:
        return fallback()
    return ReadResult(
        table.kind,
        table.records,
        table.problems,
        table.encoding,
        table.name,
        rows=table.frame.height,
        ignored_columns=table.ignored_columns,
    )
