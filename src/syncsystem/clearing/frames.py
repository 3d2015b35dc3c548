"""Clearing rows as columns: read and validate files into polars frames, resolve invoices set-wise.

A million clearing rows as Python objects cost seconds to build and seconds more to walk; as
columns they cost milliseconds. This module reads every file with :func:`syncsystem.bmd.read_table`
(the columnar reader: exact ``file:line:field`` problems, physical line numbers) and keeps the
clearing rows as one frame per file. Only where the columnar reader cannot report a file exactly
(control characters, undecodable bytes) does the row reader take over, and its records are turned
into the same frame (a row without account keeps a null ``konto``; column problems are said by
`headers`). :mod:`syncsystem.clearing.resolution` resolves such a frame's rows set-wise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from syncsystem import bmd
from syncsystem.bmd import chunked
from syncsystem.bmd.reader import BmdFileError
from syncsystem.bmd.records import Clearing, MandantId, OpenItem
from syncsystem.clearing.chunks import ClearingChunks, accepted, clearing_rows, scan_clearings
from syncsystem.clearing.headers import column_problems, misspelt_columns
from syncsystem.clearing.occurrences import Occurrences
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

__all__ = [
    "CLEARING_COLUMNS",
    "INVOICE_COLUMNS",
    "PAYMENT_COLUMNS",
    "ParsedFile",
    "clearings_frame",
    "invoices_of",
    "read_files",
]

# One clearing row: money in integer cents, the date as ISO text (what the store keeps).
CLEARING_COLUMNS: dict[str, pl.DataType] = {
    "line": pl.Int64(),
    "rechnungsnr": pl.String(),
    "zahlungsbelegnr": pl.String(),
    "konto": pl.Int64(),  # null: the row names no account
    "datum": pl.String(),
    "betrag_cents": pl.Int64(),
    "text": pl.String(),
}
# One invoice of an OP list: as the store keeps it (money in cents, the date as ISO text).
INVOICE_COLUMNS: dict[str, pl.DataType] = {
    "rechnungsnr": pl.String(),
    "konto": pl.Int64(),
    "datum": pl.String(),
    "betrag_cents": pl.Int64(),
}
# A payment ready for the store, in the store's insert order (= rules.Payment's fields).
PAYMENT_COLUMNS = (
    "mandant",
    "rechnungsnr",
    "zahlungsbelegnr",
    "konto",
    "datum",
    "betrag_cents",
    "seq",
    "text",
    "source",
    "line",
)


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One validated input file: its clearing rows as a frame, or to be read again a chunk at a time
    (a large file: `chunks`), or the invoices of an OP list (a frame of `INVOICE_COLUMNS`: half a
    million invoices as objects would cost seconds and ~1 GB)."""

    name: str
    kind: bmd.Kind
    clearings: pl.DataFrame | None = None
    invoices: pl.DataFrame | None = None
    chunks: ClearingChunks | None = None

    @property
    def rows(self) -> int:
        if self.chunks is not None:
            return self.chunks.rows
        found = self.clearings if self.clearings is not None else self.invoices
        return 0 if found is None else found.height

    def clearing_frames(self) -> Iterator[pl.DataFrame]:
        """The clearing rows, in file order: the one frame, or a chunk at a time."""
        if self.chunks is not None:
            yield from self.chunks.frames()
        elif self.clearings is not None:
            yield self.clearings

    def occurrences(self) -> Occurrences:
        """The numbering of this file's identical payments, across its chunks."""
        if self.chunks is not None:
            return self.chunks.occurrences()
        return Occurrences.of_frame(
            self.clearings if self.clearings is not None else pl.DataFrame(schema=CLEARING_COLUMNS)
        )


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


def _invoices_of_table(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        "rechnungsnr",
        pl.col("konto").cast(pl.Int64),
        pl.col("rechnungsdatum").dt.to_string("%Y-%m-%d").alias("datum"),
        # Decimal(38, 2): times 100 is an exact integer
        (pl.col("rechnungsbetrag") * 100).cast(pl.Int64).alias("betrag_cents"),
    )


def _invoices_of_records(items: Sequence[OpenItem]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rechnungsnr": [i.rechnungsnr for i in items],
            "konto": [i.konto for i in items],
            "datum": [i.rechnungsdatum.isoformat() for i in items],
            "betrag_cents": [int(i.rechnungsbetrag.scaleb(2)) for i in items],
        },
        schema=INVOICE_COLUMNS,
    )


def _line_numbers(data: bytes, count: int) -> list[int]:
    """Physical line of each clearing record: the non-blank lines after the header.

    The row reader hands out no line numbers; an Auszifferungsliste has no preamble and no subtotal
    lines, so its records are its non-blank lines after the first. Where that does not hold, lines
    are reported as 0 (whole file).
    """
    numbers = [n for n, text in enumerate(data.splitlines(), start=1) if text.strip()][1:]
    return numbers if len(numbers) == count else [0] * count


def _read_one(path: Path, chunk_bytes: int, keep: int | None) -> tuple[ParsedFile | None, list[Problem], int]:
    """The file, its problems (of a file read in chunks: the first ``keep``) and how many there are."""
    try:
        layout = chunked.layout(path, chunk_bytes=chunk_bytes)
    except BmdFileError:
        layout = None  # the whole-file read says why
    if layout is not None and layout.kind is bmd.Kind.CLEARINGS:
        scanned = scan_clearings(path, str(path), layout, chunk_bytes, keep)
        if scanned is not None:
            chunks, problems, count = scanned
            return ParsedFile(str(path), layout.kind, chunks=chunks), problems, count
    if layout is not None and layout.kind is bmd.Kind.OPENITEMS:
        listed = _op_list_in_chunks(path, str(path), layout, chunk_bytes)
        if listed is not None:
            return listed[0], listed[1], len(listed[1])
    found, problems = _read_whole(path)
    return found, problems, len(problems)


def _op_list_in_chunks(
    path: Path, name: str, layout: chunked.Layout, chunk_bytes: int
) -> tuple[ParsedFile, list[Problem]] | None:
    """A large OP list read a chunk at a time (`bmd.chunked.tables`), each chunk's rows turned into
    invoice columns at once: only one chunk's cells are alive, not the whole file's. None: read the
    file whole (a missing column, or what only the row reader reports exactly).
    """
    parts: list[pl.DataFrame] = []
    problems: list[Problem] = []
    tables = chunked.tables(path, layout, name=name, chunk_bytes=chunk_bytes)
    try:
        for table in tables:
            problems += accepted(table.problems)
            parts.append(_invoices_of_table(table.frame))
            ignored, present = table.ignored_columns, table.frame.columns
    except DataError:
        return None
    finally:
        tables.close()
    if not parts or any(p.code == mc.HEADER_MISSING.name for p in problems):
        return None
    # the header is within the layout's prefix, however small the chunks
    problems += misspelt_columns(layout.prefix, name, bmd.Kind.OPENITEMS, ignored, present)
    return ParsedFile(name, bmd.Kind.OPENITEMS, invoices=pl.concat(parts)), problems


def _read_whole(path: Path) -> tuple[ParsedFile | None, list[Problem]]:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem.of(name, 0, "", mc.FILE_UNREADABLE(reason=os_reason(exc)))]
    try:
        table = bmd.read_table(data, name=name)
    except DataError:
        columns = column_problems(data, name)
        if columns:
            return None, columns
        # what the columnar reader cannot report exactly, the row reader reads (or refuses) exactly
        try:
            result = bmd.read(data, name=name, engine="rows")
        except DataError as exc:
            return None, list(exc.problems)
        kind, problems = result.kind, accepted(result.problems)
        if kind is bmd.Kind.CLEARINGS:
            records = [r for r in result.records if isinstance(r, Clearing)]
            rows = list(zip(_line_numbers(data, len(records)), records, strict=True))
            return ParsedFile(name, kind, clearings=clearings_frame(rows)), problems
        items = [r for r in result.records if isinstance(r, OpenItem)]
        return ParsedFile(name, kind, invoices=_invoices_of_records(items)), problems
    problems = accepted(table.problems)
    if any(p.code == mc.HEADER_MISSING.name for p in problems):
        return None, column_problems(data, name) or problems
    if table.kind in (bmd.Kind.CLEARINGS, bmd.Kind.OPENITEMS):
        problems += misspelt_columns(data, name, table.kind, table.ignored_columns, table.frame.columns)
    if table.kind is bmd.Kind.CLEARINGS:
        return ParsedFile(name, table.kind, clearings=clearing_rows(table)), problems
    if table.kind is not bmd.Kind.OPENITEMS:
        return ParsedFile(name, table.kind), problems  # refused by read_files as the wrong kind
    return ParsedFile(name, table.kind, invoices=_invoices_of_table(table.frame)), problems


def read_files(
    paths: Sequence[Path],
    mandant: MandantId | None,
    on_file: Callable[[int], None] | None = None,
    chunk_bytes: int = chunked.CHUNK_BYTES,
    keep: int | None = None,
) -> list[ParsedFile]:
    """Read and validate every file; raises `DataError` naming every problem of every file (the
    first ``keep`` of them, if given; all are counted: ``DataError.total``).

    ``on_file(n)``, if given, hears that the first ``n`` files are read. A clearing file of two
    ``chunk_bytes`` or more is validated a chunk at a time and read again by the import (`chunks`);
    an OP list of that size is read a chunk at a time into invoice columns.
    """
    problems: list[Problem] = []
    total = 0
    parsed: list[ParsedFile] = []
    for number, path in enumerate(paths, 1):
        room = None if keep is None else max(keep - len(problems), 0)
        found, file_problems, count = _read_one(path, chunk_bytes, room)
        if on_file is not None:
            on_file(number)
        total += count - len(file_problems)  # those a file read in chunks counted but did not keep
        problems.extend(file_problems)
        if found is None:
            continue
        if found.kind not in (bmd.Kind.CLEARINGS, bmd.Kind.OPENITEMS):
            problems.append(Problem.of(found.name, 0, "", mc.CLEARING_WRONG_KIND(kind=str(found.kind))))
            continue
        if found.kind is bmd.Kind.OPENITEMS and mandant is None:
            problems.append(Problem.of(found.name, 0, "", mc.CLEARING_NO_MANDANT()))
        parsed.append(found)
    if problems:
        total += len(problems)
        kept = problems if keep is None else problems[:keep]
        raise DataError(kept, mc.CLEARING_REFUSED(count=total), total=total)
    return parsed


def invoices_of(parsed: Sequence[ParsedFile], mandant: MandantId | None) -> pl.DataFrame:
    """The invoices the OP lists among ``parsed`` name, as invoices of ``mandant``: a frame of
    ``mandant`` and `INVOICE_COLUMNS`."""
    frames = [f.invoices for f in parsed if f.invoices is not None]
    found = pl.concat(frames) if frames else pl.DataFrame(schema=INVOICE_COLUMNS)
    return found.select(pl.lit(mandant or "", dtype=pl.String).alias("mandant"), *INVOICE_COLUMNS)
