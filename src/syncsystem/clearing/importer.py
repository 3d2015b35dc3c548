"""Import Auszifferungslisten (and BMD OP lists) into the clearing store: validate all, then commit once.

The order of work is what makes the import safe: every named file is read and validated first
(any problem — wrong encoding, a bad amount, a missing column — refuses the whole run with
``file:line:field`` messages, before the database is touched); then one transaction registers the
invoices from OP lists (an OP list adds and updates invoices, it never removes one: a fully paid
invoice is simply no longer on it), resolves each clearing row to exactly one invoice by Mandant,
person account and number, inserts the payments with ``ON CONFLICT DO NOTHING`` against their
natural key, and updates which invoices are now paid (on the clearing's date, not the import's).
Unknown and ambiguous invoices are reported, never dropped and never guessed.

Memory does not grow with a clearing file: one of two `CHUNK_BYTES` or more is validated a chunk
at a time, and read again in the transaction, where each chunk is resolved against the invoices of
its own numbers (looked up by index, never all invoices loaded) and written before the next is read
(`chunks`); identical rows are numbered across chunks (`occurrences`); the paid bookkeeping runs
once over the sums of all chunks. An OP list of that size is read a chunk at a time into compact
invoice columns (`frames`). A failure anywhere leaves nothing: every chunk is in the one
transaction.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

from syncsystem import bmd
from syncsystem.bmd.records import MandantId
from syncsystem.clearing.frames import ParsedFile, invoices_of, read_files
from syncsystem.clearing.resolution import owners_frame, resolve_frame
from syncsystem.clearing.rules import Unresolved
from syncsystem.clearing.store import ClearingStore, InvoiceKey

__all__ = ["CHUNK_BYTES", "ImportReport", "ParsedFile", "import_files", "read_files"]

# A clearing file is validated, resolved and written this much at a time (~39,000 rows): half of
# `bmd validate`'s chunk, since here each chunk's payments and their invoices are alive with it.
CHUNK_BYTES = 2 << 20


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import did; ``already_present`` counts rows whose payment existed before; ``empty``
    names the files that held no data rows (a header only)."""

    files: tuple[str, ...]
    created: int
    already_present: int
    ambiguous: tuple[Unresolved, ...] = ()
    unknown: tuple[Unresolved, ...] = ()
    now_paid: tuple[InvoiceKey, ...] = ()
    invoices_registered: int = 0
    extra: dict[str, Any] = field(default_factory=dict)
    empty: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        """True when every row found its invoice."""
        return not self.ambiguous and not self.unknown

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": list(self.files),
            "created": self.created,
            "already_present": self.already_present,
            "ambiguous": [u.as_dict() for u in self.ambiguous],
            "unknown": [u.as_dict() for u in self.unknown],
            "now_paid": [{"mandant": m, "konto": k, "rechnungsnr": n} for m, k, n in self.now_paid],
            "invoices_registered": self.invoices_registered,
        }


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a bulk import builds millions of acyclic objects.

    Every generation-2 pass walks all live objects, so with a million records alive the collector's
    passes grow with the import and dominate it; records and payments form no cycles, so nothing
    is lost by collecting once afterwards instead.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_files(
    store: ClearingStore,
    paths: Sequence[Path],
    *,
    mandant: MandantId | None = None,
    timer: Callable[[], float] | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    keep: int | None = None,
) -> ImportReport:
    """Validate ``paths``, then import them in one transaction; see the module docstring.

    With a ``timer`` (e.g. ``time.perf_counter``, handed in by benchmarks) the report's
    ``extra["seconds"]`` holds the time spent validating, registering invoices, reading the
    clearing files again, resolving, writing and marking paid invoices. ``progress(done, total)``,
    if given, hears the steps: one per file validated, then resolving and writing, marking paid
    invoices, and the commit (``total`` is the number of files plus 3). A clearing file of two
    ``chunk_bytes`` or more is validated, resolved and written a chunk at a time; an OP list of that
    size is read a chunk at a time. A refusal's
    `DataError` holds the first ``keep`` problems (all if None) and counts all (``total``).
    """
    total = len(paths) + 3
    report = progress or (lambda _done, _total: None)
    with _gc_paused():
        return _import(
            store,
            paths,
            mandant,
            timer or (lambda: 0.0),
            lambda done: report(done, total),
            chunk_bytes=chunk_bytes,
            keep=keep,
        )


@dataclass(slots=True)
class _Resolution:
    """The clearing rows of the files resolved a chunk at a time, as the writer takes them."""

    store: ClearingStore
    conn: Connection
    mandant: MandantId | None
    timer: Callable[[], float]
    rows: int = 0
    ambiguous: list[Unresolved] = field(default_factory=list)
    unknown: list[Unresolved] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: {"reread": 0.0, "resolve": 0.0})

    def payments(self, files: Sequence[ParsedFile]) -> Iterator[pl.DataFrame]:
        """Each chunk's payments, resolved against the invoices of its own numbers only."""
        for file in files:
            occurrences = file.occurrences()
            chunks = file.clearing_frames()
            while True:
                t0 = self.timer()
                frame = next(chunks, None)
                t1 = self.timer()
                self.seconds["reread"] += t1 - t0
                if frame is None:
                    break
                owners = owners_frame(self.store.owners(self.conn, frame["rechnungsnr"]), self.mandant)
                resolved = resolve_frame(frame, file.name, owners, occurrences)
                self.rows += resolved.payments.height
                self.ambiguous += resolved.ambiguous
                self.unknown += resolved.unknown
                self.seconds["resolve"] += self.timer() - t1
                yield resolved.payments


def _import(
    store: ClearingStore,
    paths: Sequence[Path],
    mandant: MandantId | None,
    timer: Callable[[], float],
    step: Callable[[int], None],
    *,
    chunk_bytes: int,
    keep: int | None,
) -> ImportReport:
    t0 = timer()
    parsed = read_files(paths, mandant, on_file=step, chunk_bytes=chunk_bytes, keep=keep)
    files = len(paths)
    t_read = timer()
    try:
        with store.transaction() as conn:
            registered = store.register_invoices(conn, invoices_of(parsed, mandant))
            t_registered = timer()
            resolution = _Resolution(store, conn, mandant, timer)
            inserted = store.insert_payments(
                conn, resolution.payments([f for f in parsed if f.kind is bmd.Kind.CLEARINGS])
            )
            created = inserted.created
            t_inserted = timer()
            step(files + 1)
            # nothing new (a re-import): no invoice's sums can have changed
            now_paid = store.apply_payments(conn, inserted) if created else []
            step(files + 2)
        step(files + 3)
    finally:  # the chunks spilled to disk go now, imported or not
        for file in parsed:
            if file.chunks is not None:
                file.chunks.close()
    written = t_inserted - t_registered - sum(resolution.seconds.values())
    return ImportReport(
        files=tuple(f.name for f in parsed),
        created=created,
        already_present=resolution.rows - created,
        ambiguous=tuple(resolution.ambiguous),
        unknown=tuple(resolution.unknown),
        now_paid=tuple(now_paid),
        invoices_registered=registered,
        empty=tuple(f.name for f in parsed if f.rows == 0),
        extra={
            "seconds": {
                "read": t_read - t0,
                "register": t_registered - t_read,
                **resolution.seconds,
                "insert": written,
                "paid": timer() - t_inserted,
            }
        },
    )
