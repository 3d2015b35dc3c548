"""A large Auszifferungsliste a chunk at a time: validated in one pass, resolved and written in another.

A clearing file that `bmd.chunked.layout` cuts (two chunks or more: from 8 MiB on) is never held
whole. The validating pass reads it piece by piece (`bmd.chunked.tables`: each piece behind the
file's header, problems at the file's physical lines, every problem of every piece collected) and
keeps of its rows only their number and the hashes its twins need (`occurrences`: 8 bytes a row);
the import's transaction reads it again, and each piece is resolved and written before the next is
read. Reading twice costs less memory than keeping the rows and less time than spilling them.
Where a piece is one only the row reader can read exactly (control characters, undecodable bytes),
or the header lacks a required column, the file goes back to the whole-file path
(`frames.read_files`), which says exactly what is wrong with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from syncsystem.bmd import chunked
from syncsystem.bmd.checks import CLEARING_WITHOUT_ACCOUNT
from syncsystem.bmd.columnar import Table
from syncsystem.clearing.headers import misspelt_columns
from syncsystem.clearing.occurrences import Occurrences, row_hashes
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc

__all__ = ["ClearingChunks", "accepted", "clearing_rows", "scan_clearings"]


def clearing_rows(table: Table) -> pl.DataFrame:
    """The clearing rows of a table read by the columnar reader as a frame of
    `frames.CLEARING_COLUMNS` (money in cents, the date as ISO text)."""
    frame = table.frame
    text = pl.col("text") if "text" in frame.columns else pl.lit(str(table.base.get("text", "")))
    konto = pl.col("konto") if "konto" in frame.columns else pl.lit(None)
    return frame.select(
        pl.col("line").cast(pl.Int64),
        "rechnungsnr",
        "zahlungsbelegnr",
        konto.cast(pl.Int64).alias("konto"),
        pl.col("datum").dt.to_string("%Y-%m-%d"),
        # Decimal(38, 2): times 100 is an exact integer
        (pl.col("betrag") * 100).cast(pl.Int64).alias("betrag_cents"),
        text.fill_null("").alias("text"),
    )


def accepted(problems: Sequence[Problem]) -> list[Problem]:
    """The problems that refuse a clearing file here: a row without account is not one of them
    (the rules match it where its number is unique, and report it ambiguous otherwise)."""
    return [p for p in problems if p.code != CLEARING_WITHOUT_ACCOUNT]


@dataclass(frozen=True, slots=True)
class ClearingChunks:
    """A validated clearing file, read again a chunk at a time: where it is, how it is cut, how many
    rows it has and which row hashes occur more than once in it."""

    path: Path
    name: str
    layout: chunked.Layout
    chunk_bytes: int
    rows: int
    repeated: pl.Series

    def frames(self) -> Iterator[pl.DataFrame]:
        """The file's clearing rows, a chunk at a time, in file order."""
        for table in chunked.tables(self.path, self.layout, name=self.name, chunk_bytes=self.chunk_bytes):
            yield clearing_rows(table)

    def occurrences(self) -> Occurrences:
        return Occurrences(self.repeated)


def scan_clearings(path: Path, name: str, layout: chunked.Layout, chunk_bytes: int,
                   keep: int | None = None) -> tuple[ClearingChunks, list[Problem], int] | None:
    """Validate the clearing file at ``path`` a chunk at a time: the file to read again, its problems
    (those of the whole-file path, in its order; the first ``keep`` of them) and how many there are;
    None: read it whole instead."""
    problems: list[Problem] = []
    misspelt: list[Problem] = []
    hashes: list[pl.Series] = []
    rows = count = 0
    try:
        for index, table in enumerate(chunked.tables(path, layout, name=name, chunk_bytes=chunk_bytes)):
            found = accepted(table.problems)
            if index == 0:
                if any(p.code == mc.HEADER_MISSING.name for p in found):
                    return None  # the whole-file path names the missing column
                misspelt = misspelt_columns(layout.prefix, name, table.kind, table.ignored_columns,
                                            table.frame.columns)
            count += len(found)
            problems.extend(found if keep is None else found[: max(keep - len(problems), 0)])
            frame = clearing_rows(table)
            hashes.append(row_hashes(frame))
            rows += frame.height
    except DataError:
        return None
    every = pl.concat(hashes) if hashes else pl.Series([], dtype=pl.UInt64)
    repeated = Occurrences.of_hashes(every).repeated
    problems.extend(misspelt if keep is None else misspelt[: max(keep - len(problems), 0)])
    return ClearingChunks(path, name, layout, chunk_bytes, rows, repeated), problems, count + len(misspelt)
