"""A large Auszifferungsliste a chunk at a time: validated in one pass, resolved and written in another.

A clearing file that `bmd.chunked.layout` cuts (two chunks or more) is never held whole. The
validating pass reads it piece by piece (`bmd.chunked.tables`: each piece behind the file's header,
problems at the file's physical lines, every problem counted) and keeps in memory only the row count
and the hashes its twins need (`occurrences`: 8 bytes a row); each chunk's rows go to a temporary
Arrow file (about 1.6 times the file's size on disk, removed after the import). The import's
transaction reads them back a chunk at a time and resolves and writes each before the next: writing
and reading a million rows back cost ~0.2 s, parsing the file a second time ~0.9 s.
Where a piece is one only the row reader can read exactly (control characters, undecodable bytes),
or the header lacks a required column, the file goes back to the whole-file path
(`frames.read_files`), which says exactly what is wrong with it.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from syncsystem.bmd import chunked
from syncsystem.bmd.checks import CLEARING_WITHOUT_ACCOUNT
from syncsystem.bmd.columnar import Table
from syncsystem.clearing.headers import misspelt_columns
from syncsystem.clearing.occurrences import Occurrences, row_hashes
from syncsystem.errors import DataError, Problem
from syncsystem.messages import codes as mc
from syncsystem.repeats import repeated

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


class ClearingChunks:
    """A validated clearing file whose chunks' rows wait on disk (one Arrow file per chunk in
    ``folder``): its name, how many chunks and rows it has, which row hashes occur more than once
    in it. The folder is removed by `close`, or at the latest when the object is collected."""

    __slots__ = ("__weakref__", "_remove", "folder", "name", "pieces", "repeated", "rows")

    def __init__(self, name: str, folder: Path, pieces: int, rows: int, repeated: pl.Series) -> None:
        self.name, self.folder, self.pieces, self.rows, self.repeated = name, folder, pieces, rows, repeated
        self._remove = weakref.finalize(self, shutil.rmtree, folder, True)

    def frames(self) -> Iterator[pl.DataFrame]:
        """The file's clearing rows, a chunk at a time, in file order."""
        for index in range(self.pieces):
            yield pl.read_ipc(self.folder / f"{index}.arrow")

    def occurrences(self) -> Occurrences:
        return Occurrences(self.repeated)

    def close(self) -> None:
        """Remove the chunks from disk (once; nothing happens the second time)."""
        self._remove()


def scan_clearings(
    path: Path, name: str, layout: chunked.Layout, chunk_bytes: int, keep: int | None = None
) -> tuple[ClearingChunks, list[Problem], int] | None:
    """Validate the clearing file at ``path`` a chunk at a time: the file to import, its problems
    (those of the whole-file path, in its order; the first ``keep`` of them) and how many there are;
    None: read it whole instead."""
    problems: list[Problem] = []
    misspelt: list[Problem] = []
    hashes: list[pl.Series] = []
    rows = count = pieces = 0
    spill = Path(tempfile.mkdtemp(prefix="syncsystem-clearing-"))
    try:
        for table in chunked.tables(path, layout, name=name, chunk_bytes=chunk_bytes):
            found = accepted(table.problems)
            if pieces == 0:
                if any(p.code == mc.HEADER_MISSING.name for p in found):
                    shutil.rmtree(spill, ignore_errors=True)
                    return None  # the whole-file path names the missing column
                misspelt = misspelt_columns(
                    layout.prefix, name, table.kind, table.ignored_columns, table.frame.columns
                )
            count += len(found)
            problems.extend(found if keep is None else found[: max(keep - len(problems), 0)])
            frame = clearing_rows(table)
            hashes.append(row_hashes(frame))
            if not count:  # a refused file is not imported: its rows need not be kept
                frame.write_ipc(spill / f"{pieces}.arrow")
            pieces += 1
            rows += frame.height
    except BaseException as exc:
        shutil.rmtree(spill, ignore_errors=True)
        if isinstance(exc, DataError):
            return None
        raise
    every = pl.concat(hashes) if hashes else pl.Series([], dtype=pl.UInt64)
    twins = repeated(every)
    problems.extend(misspelt if keep is None else misspelt[: max(keep - len(problems), 0)])
    return ClearingChunks(name, spill, pieces, rows, twins), problems, count + len(misspelt)
