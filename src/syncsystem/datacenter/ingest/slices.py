"""Large files stored in bounded slices: the typed frame kept from validation to the write.

A file read with the columnar reader (`validate.COLUMNAR_FROM` and up) is validated whole — every
problem of every line is known before the database is touched — but not turned into Python values
then: as Python objects a file costs ~1 KB per row (its columns, then the parameter tuples), about
twelve times its size as text. `Sliced` keeps the compact polars frame instead (`Framed`) — or, for a
file validated piece by piece (`Pieced`, `bmd.chunked`), only its bytes, which it reads again a piece
at a time (a typed frame costs ~200 bytes a booking, its text ~75) — and, inside the one write
transaction, `write_files` stores it `SLICE_ROWS` rows at a time — frame slice → columns
(`rows.columns_of`) → parameter rows (`rows.prepare`) → stored and freed before the next slice.
The transaction still covers the whole bundle: a failure in any slice stores nothing.

``line_key`` numbers identical lines of one file in order, and a slice sees only its own lines, so
the numbers are counted over the whole file (`Repeats`): the lines whose row hash occurs more than
once in the file are the candidates, and those are numbered as the file goes by — the keys are those
of the row reader whatever the slice or piece size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import polars as pl
import sqlalchemy as sa

from syncsystem.bmd import Kind, chunked
from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.rows import TABLES, FieldColumns, Prepared, columns_of, data_columns, prepare
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.repeats import repeated

__all__ = ["SLICE_ROWS", "Framed", "Pieced", "Repeats", "Sliced", "prepare_file", "repeats", "write_files"]

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
class Pieced:
    """A columnar file validated piece by piece (`bmd.chunked`, every piece without a problem): its
    bytes and how they are cut, read again a piece at a time while it is stored; ``repeated``: the
    row hashes that occur more than once in the file (`Repeats`), None when none does."""

    data: bytes
    layout: chunked.Layout
    label: str
    chunk_bytes: int
    base: dict[str, object]
    repeated: pl.Series | None

    def frames(self) -> Iterator[pl.DataFrame]:
        for table in chunked.tables(self.data, self.layout, name=self.label, chunk_bytes=self.chunk_bytes):
            if table.problems:  # the same bytes read the same way as validated: cannot happen
                raise RefusedError(mc.INGEST_INVALID_DATA(), table.problems)
            yield table.frame.drop("line")


@dataclass(slots=True)
class Repeats:
    """The ``#n`` of each ``line_key``, counted over a file that goes by in frames (in file order).

    ``repeated``: the row hashes occurring more than once in the whole file (`repeated_hashes`). Only
    lines with such a hash can repeat; those seen so far are kept (few, unless the file repeats
    itself) and each new frame's candidates are numbered among them field by field."""

    repeated: pl.Series | None
    seen: pl.DataFrame | None = field(default=None)

    def __call__(self, frame: pl.DataFrame) -> pl.Series | None:
        """Per line of ``frame``, how many identical lines precede it in the file; None: all 0."""
        if self.repeated is None or frame.height == 0:
            return None
        candidates = frame.hash_rows().is_in(self.repeated)
        if not candidates.any():
            return None
        picked = frame.filter(candidates)
        known = picked if self.seen is None else pl.concat([self.seen, picked])
        counted = known.select(pl.int_range(pl.len(), dtype=pl.UInt32).over(known.columns)).to_series()
        self.seen = known
        numbers = counted.slice(known.height - picked.height)
        return pl.zeros(frame.height, pl.UInt32, eager=True).scatter(candidates.arg_true(), numbers)


def repeated_hashes(hashes: pl.Series) -> pl.Series | None:
    """The row hashes occurring more than once in ``hashes`` (`syncsystem.repeats`); None when all
    are distinct."""
    found = repeated(hashes)
    return None if found.is_empty() else found


@dataclass(frozen=True, slots=True)
class Sliced:
    """A file of ``kind`` for ``mandant`` whose rows are prepared one slice at a time when stored."""

    kind: Kind
    framed: Framed | Pieced
    office_id: str
    mandant: str
    bundle_id: str

    @property
    def table(self) -> sa.Table:
        return TABLES[self.kind]

    def parts(self, size: int) -> Iterator[Prepared]:
        """The parameter rows, ``size`` lines at a time, in file order."""
        keyed = "line_key" in data_columns(self.kind)
        if isinstance(self.framed, Framed):
            frames: Iterator[pl.DataFrame] = iter((self.framed.frame,))
            count = Repeats(repeated_hashes(self.framed.frame.hash_rows()) if keyed else None)
        else:
            frames = self.framed.frames()
            count = Repeats(self.framed.repeated if keyed else None)
        for frame in frames:
            counted = count(frame)
            for start in range(0, frame.height, size):
                numbers = None if counted is None else counted.slice(start, size).to_list()
                cols = columns_of(self.kind, (frame.slice(start, size), self.framed.base))
                yield prepare(self.kind, cols, self.office_id, self.mandant, self.bundle_id, repeats=numbers)


def prepare_file(
    kind: Kind, columns: FieldColumns | Framed | Pieced, office_id: str, mandant: str, bundle_id: str
) -> Prepared | Sliced:
    """A file's rows: prepared now from columns, or sliced later from a frame or from its pieces."""
    if isinstance(columns, Framed | Pieced):
        return Sliced(kind, columns, office_id, mandant, bundle_id)
    return prepare(kind, columns, office_id, mandant, bundle_id)


def repeats(frame: pl.DataFrame) -> pl.Series | None:
    """Per line, how many identical lines precede it in ``frame`` (the ``#n`` of a ``line_key``);
    None when every line is distinct. Equal row hashes only nominate candidates; among those the
    lines are compared field by field (`Repeats` over one frame)."""
    if frame.height < 2:
        return None
    return Repeats(repeated_hashes(frame.hash_rows()))(frame)


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
        for part in file.parts(SLICE_ROWS):
            # one slice's Python objects at a time: the Prepared is gone when write_files returns
            scope.write_files([(mandant, part)])
