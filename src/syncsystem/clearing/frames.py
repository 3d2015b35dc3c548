"""Clearing rows as columns: read and validate files into polars frames, resolve invoices set-wise.

A million clearing rows as Python objects cost seconds to build and seconds more to walk; as
columns they cost milliseconds. This module reads every file with :func:`syncsystem.bmd.read_table`
(the columnar reader: exact ``file:line:field`` problems, physical line numbers) and keeps the
clearing rows as one frame per file. Only where the columnar reader cannot report a file exactly
(control characters, undecodable bytes) does the row reader take over, and its records are turned
into the same frame. :func:`resolve_frame` applies the rules of
:func:`syncsystem.clearing.rules.resolve` — one owning Mandant or *unknown* or *ambiguous*, never
a guess; identical rows numbered per file — to a whole frame at once; a property test holds the
two to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import polars as pl

from syncsystem import bmd
from syncsystem.bmd.columnar import Table
from syncsystem.bmd.records import Clearing, MandantId, OpenItem
from syncsystem.clearing.rules import Invoice, Unresolved
from syncsystem.errors import DataError, Problem

__all__ = [
    "CLEARING_COLUMNS",
    "PAYMENT_COLUMNS",
    "Owners",
    "ParsedFile",
    "Resolved",
    "clearings_frame",
    "invoices_of",
    "owners_frame",
    "read_files",
    "resolve_frame",
]

# One clearing row: money in integer cents, the date as ISO text (what the store keeps).
CLEARING_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "rechnungsnr": pl.String(),
    "zahlungsbelegnr": pl.String(),
    "konto": pl.Int64(),
    "datum": pl.String(),
    "betrag_cents": pl.Int64(),
    "text": pl.String(),
}
# A payment ready for the store, in the store's insert order (= rules.Payment's fields).
PAYMENT_COLUMNS = ("mandant", "rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents",
                   "seq", "text", "source", "line")
_IDENTITY = ("rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents")


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One validated input file: its clearing rows as a frame, or the invoices of an OP list."""

    name: str
    kind: bmd.Kind
    clearings: pl.DataFrame | None = None
    open_items: tuple[OpenItem, ...] = ()

    @property
    def rows(self) -> int:
        return self.clearings.height if self.clearings is not None else len(self.open_items)


def clearings_frame(rows: Sequence[tuple[int, Clearing]]) -> pl.DataFrame:
    """``(line, clearing)`` pairs as a clearing frame (small files, the row reader's records)."""
    return pl.DataFrame(
        {
            "line": [n for n, _ in rows],
            "rechnungsnr": [c.rechnungsnr for _, c in rows],
            "zahlungsbelegnr": [c.zahlungsbelegnr for _, c in rows],
            "konto": [c.konto for _, c in rows],
            "datum": [c.datum.isoformat() for _, c in rows],
            # the reader admits at most two decimals: scaling by 100 is exact
            "betrag_cents": [int(c.betrag.scaleb(2)) for _, c in rows],
            "text": [c.text for _, c in rows],
        },
        schema=CLEARING_COLUMNS,
    )


def _from_table(table: Table) -> pl.DataFrame:
    frame = table.frame
    text = pl.col("text") if "text" in frame.columns else pl.lit(str(table.base.get("text", "")))
    return frame.select(
        pl.col("line").cast(pl.Int64),
        "rechnungsnr",
        "zahlungsbelegnr",
        pl.col("konto").cast(pl.Int64),
        pl.col("datum").dt.to_string("%Y-%m-%d"),
        # Decimal(38, 2): times 100 is an exact integer
        (pl.col("betrag") * 100).cast(pl.Int64).alias("betrag_cents"),
        text.fill_null("").alias("text"),
    )


def _line_numbers(data: bytes, count: int) -> list[int]:
    """Physical line of each clearing record: the non-blank lines after the header.

    The row reader hands out no line numbers; an Auszifferungsliste has no preamble and no subtotal
    lines, so its records are its non-blank lines after the first. Where that does not hold, lines
    are reported as 0 (whole file).
    """
    numbers = [n for n, text in enumerate(data.splitlines(), start=1) if text.strip()][1:]
    return numbers if len(numbers) == count else [0] * count


def _read_one(path: Path) -> tuple[ParsedFile | None, list[Problem]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 0, "", f"cannot read file: {exc.strerror or exc}")]
    try:
        table = bmd.read_table(data, name=name)
    except DataError:
        # what the columnar reader cannot report exactly, the row reader reads (or refuses) exactly
        try:
            result = bmd.read(data, name=name, engine="rows")
        except DataError as exc:
            return None, list(exc.problems)
        kind, problems = result.kind, list(result.problems)
        if kind is bmd.Kind.CLEARINGS:
            records = [r for r in result.records if isinstance(r, Clearing)]
            rows = list(zip(_line_numbers(data, len(records)), records, strict=True))
            return ParsedFile(name, kind, clearings=clearings_frame(rows)), problems
        items = tuple(r for r in result.records if isinstance(r, OpenItem))
        return ParsedFile(name, kind, open_items=items), problems
    problems = list(table.problems)
    if table.kind is bmd.Kind.CLEARINGS:
        return ParsedFile(name, table.kind, clearings=_from_table(table)), problems
    items = tuple(r for r in table.records() if isinstance(r, OpenItem))
    return ParsedFile(name, table.kind, open_items=items), problems


def read_files(paths: Sequence[Path], mandant: MandantId | None) -> list[ParsedFile]:
    """Read and validate every file; raises `DataError` naming every problem of every file."""
    problems: list[Problem] = []
    parsed: list[ParsedFile] = []
    for path in paths:
        found, file_problems = _read_one(path)
        problems.extend(file_problems)
        if found is None:
            continue
        if found.kind not in (bmd.Kind.CLEARINGS, bmd.Kind.OPENITEMS):
            problems.append(Problem(found.name, 0, "",
                                    f"not an Auszifferungsliste or OP list (found: {found.kind})"))
            continue
        if found.kind is bmd.Kind.OPENITEMS and mandant is None:
            problems.append(
                Problem(found.name, 0, "", "an OP list carries no Mandant: name it with --mandant")
            )
        parsed.append(found)
    if problems:
        raise DataError(problems, f"import refused, nothing imported: {len(problems)} problem(s)")
    return parsed


def invoices_of(parsed: Sequence[ParsedFile], mandant: MandantId | None) -> list[Invoice]:
    """The invoices the OP lists among ``parsed`` name, as invoices of ``mandant``."""
    return [
        Invoice(mandant or "", item.rechnungsnr, item.konto, item.rechnungsdatum, item.rechnungsbetrag)
        for f in parsed
        for item in f.open_items
    ]


@dataclass(frozen=True, slots=True)
class Owners:
    """Who knows which invoice number: ``pairs`` (rechnungsnr, mandant) and, per number, the
    ``owners`` frame (rechnungsnr, mandant = one of them, owners = how many) in one Mandant's scope."""

    pairs: pl.DataFrame
    owners: pl.DataFrame
    only_mandant: MandantId | None


def owners_frame(
    pairs: Sequence[tuple[str, MandantId]] | Sequence[tuple[str, MandantId, int]],
    only_mandant: MandantId | None = None,
) -> Owners:
    """Index ``(invoice number, Mandant[, invoice id])``; with ``only_mandant`` only its invoices count.

    Numbers are unique per Mandant, so a number with one owner names one invoice: its id travels
    with the payments (null where no ids were given).
    """
    frame = pl.DataFrame(
        {"rechnungsnr": [p[0] for p in pairs], "mandant": [p[1] for p in pairs],
         "invoice_id": [p[2] if len(p) > 2 else None for p in pairs]},
        schema={"rechnungsnr": pl.String(), "mandant": pl.String(), "invoice_id": pl.Int64()},
    )
    scoped = frame if only_mandant is None else frame.filter(pl.col("mandant") == only_mandant)
    grouped = scoped.group_by("rechnungsnr").agg(
        pl.col("mandant").first(), pl.col("mandant").n_unique().cast(pl.Int64).alias("owners"),
        pl.col("invoice_id").first(),
    )
    return Owners(frame.select("rechnungsnr", "mandant"), grouped, only_mandant)


@dataclass(frozen=True, slots=True)
class Resolved:
    """One file's clearing rows resolved: payments (``PAYMENT_COLUMNS`` and the invoice's id) and
    the rows left over."""

    payments: pl.DataFrame
    ambiguous: tuple[Unresolved, ...]
    unknown: tuple[Unresolved, ...]


def resolve_frame(clearings: pl.DataFrame, source: str, owners: Owners) -> Resolved:
    """:func:`syncsystem.clearing.rules.resolve` for a whole frame of file ``source``."""
    joined = clearings.join(owners.owners, on="rechnungsnr", how="left", maintain_order="left")
    joined = joined.with_columns(pl.col("owners").fill_null(0))
    payments = joined.filter(pl.col("owners") == 1).select(
        "mandant",
        "rechnungsnr",
        "zahlungsbelegnr",
        "konto",
        "datum",
        "betrag_cents",
        pl.lit(1, dtype=pl.Int64).alias("seq"),
        pl.col("text").str.slice(0, 255),
        pl.lit(source[-255:]).alias("source"),
        "line",
        "invoice_id",
    )
    payments = _number_occurrences(payments)
    where = f" in Mandant {owners.only_mandant}" if owners.only_mandant is not None else ""
    several = joined.filter(pl.col("owners") > 1).select("line", "rechnungsnr", "betrag_cents")
    mandanten: dict[str, tuple[MandantId, ...]] = {}
    if several.height:
        known = owners.pairs.filter(pl.col("rechnungsnr").is_in(several["rechnungsnr"].unique().implode()))
        for nr, mandant in known.iter_rows():
            mandanten[nr] = tuple(sorted({*mandanten.get(nr, ()), mandant}))
    ambiguous = tuple(
        Unresolved(source, line, nr, _amount(cents), mandanten[nr],
                   "invoice number exists in several Mandanten; not assigned")
        for line, nr, cents in several.iter_rows()
    )
    unknown = tuple(
        Unresolved(source, line, nr, _amount(cents), (), f"invoice unknown{where}")
        for line, nr, cents in joined.filter(pl.col("owners") == 0)
        .select("line", "rechnungsnr", "betrag_cents").iter_rows()
    )
    return Resolved(payments, ambiguous, unknown)


def _number_occurrences(payments: pl.DataFrame) -> pl.DataFrame:
    """Identical rows of one file are distinct occurrences, numbered 1, 2, … in file order.

    Numbering every row by a window over five columns costs a second per million rows; only the
    rows that have a twin need it (usually none), so they are found first and numbered alone.
    """
    twin = payments.select(pl.struct(_IDENTITY).is_duplicated()).to_series()
    if not twin.any():
        return payments
    where = twin.arg_true()
    numbered = payments.filter(twin).select(pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(_IDENTITY))
    return payments.with_columns(payments["seq"].scatter(where, numbered.to_series()))


def _amount(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)
