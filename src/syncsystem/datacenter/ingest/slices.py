"""Large files stored in bounded slices: the typed frame kept from validation to the write.

A file read with the columnar reader (`validate.COLUMNAR_FROM` and up) is validated whole — every
problem of every line is known before the database is touched — but not turned into Python values
then: as Python objects a file costs ~1 KB per row (its columns, then the parameter tuples), about
twelve times its size as text. `Sliced` keeps the compact polars frame instead and, inside the one
write transaction, `write_files` stores it `SLICE_ROWS` rows at a time — frame slice → columns
(`rows.columns_of`) → parameter rows (`rows.prepare`) → stored and freed before the next slice.
The transaction still covers the whole bundle: a failure in any slice stores nothing.

``line_key`` numbers identical lines of one file in order, and a slice sees only its own lines, so
the numbers are counted over the whole frame first (`repeats`): the keys are those of the row reader
whatever the slice size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
import sqlalchemy as sa

from syncsystem.bmd import Kind
from syncsystem.datacenter.rows import TABLES, FieldColumns, Prepared, columns_of, data_columns, prepare
from syncsystem.datacenter.store.scoped import OfficeScope

__all__ = ["SLICE_ROWS", "Framed", "Sliced", "prepare_file", "repeats", "write_files"]

# ~50 MB of Python objects per slice for bookings (~1 KB a row); large enough that the per-slice
# statements (an executemany, or a COPY and one upsert) cost nothing measurable.
SLICE_ROWS = 50_000


@dataclass(frozen=True, slots=True)
class Framed:
    """A validated columnar file: its typed frame (record fields only) and the values of the fields
    the file has no column for (`bmd.read_table`'s ``base``)."""

    frame: pl.DataFrame
    base: dict[str, object]


@dataclass(frozen=True, slots=True)
class Sliced:
    """A file of ``kind`` for ``mandant`` whose rows are prepared one slice at a time when stored."""

    kind: Kind
    framed: Framed
    office_id: str
    mandant: str
    bundle_id: str

    @property
    def table(self) -> sa.Table:
        return TABLES[self.kind]

    def part(self, start: int, size: int, counted: pl.Series | None) -> Prepared:
        """The parameter rows of lines ``start`` to ``start + size`` (``counted``: `repeats`)."""
        frame = self.framed.frame.slice(start, size)
        numbers = None if counted is None else counted.slice(start, size).to_list()
        cols = columns_of(self.kind, (frame, self.framed.base))
        return prepare(self.kind, cols, self.office_id, self.mandant, self.bundle_id, repeats=numbers)


def prepare_file(
    kind: Kind, columns: FieldColumns | Framed, office_id: str, mandant: str, bundle_id: str
) -> Prepared | Sliced:
    """A file's rows: prepared now from columns, or sliced later from a frame."""
    if isinstance(columns, Framed):
        return Sliced(kind, columns, office_id, mandant, bundle_id)
    return prepare(kind, columns, office_id, mandant, bundle_id)


def repeats(frame: pl.DataFrame) -> pl.Series | None:
    """Per line, how many identical lines precede it in ``frame`` (the ``#n`` of a ``line_key``);
    None when every line is distinct. Equal row hashes only nominate candidates (cheap: one integer
    a row, found repeated by sorting — a hash table over every row would cost ~80 bytes a row);
    among those the lines are compared field by field."""
    if frame.height < 2:
        return None
    hashes = frame.hash_rows()
    ordered = hashes.sort()
    same = ordered.slice(1) == ordered.slice(0, ordered.len() - 1)
    if not same.any():
        return None
    candidates = hashes.is_in(ordered.slice(1).filter(same).unique())
    picked = frame.filter(candidates)
    counted = picked.select(pl.int_range(pl.len(), dtype=pl.UInt32).over(picked.columns)).to_series()
    return pl.zeros(frame.height, pl.UInt32, eager=True).scatter(candidates.arg_true(), counted)


def write_files(scope: OfficeScope, files: Sequence[tuple[str, Prepared | Sliced]]) -> None:
    """Store every file in ``scope``'s open transaction, a sliced one `SLICE_ROWS` rows at a time.

    Within one table the files are stored in their order (of a key given twice, the last row wins);
    the files before a table's first sliced file — all of them when nothing is sliced, and always
    the OP lists, which are never sliced and replace a Mandant's list — are stored together."""
    first: list[tuple[str, Prepared]] = []
    later: list[tuple[str, Prepared | Sliced]] = []
    sliced_tables: set[str] = set()
    for mandant, file in files:
        if isinstance(file, Prepared) and file.table.name not in sliced_tables:
            first.append((mandant, file))
        else:
            sliced_tables.add(file.table.name)
            later.append((mandant, file))
    if first or not later:
        scope.write_files(first)
    for mandant, file in later:
        if isinstance(file, Prepared):
            scope.write_files([(mandant, file)])
            continue
        size = SLICE_ROWS
        counted = repeats(file.framed.frame) if "line_key" in data_columns(file.kind) else None
        for start in range(0, file.framed.frame.height, size):
            # one slice's Python objects at a time: the Prepared is gone when write_files returns
            scope.write_files([(mandant, file.part(start, size, counted))])
