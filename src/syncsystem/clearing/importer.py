"""Import Auszifferungslisten (and BMD OP lists) into the clearing store: validate all, then commit once.

The order of work is what makes the import safe: every named file is read and validated first
(any problem — wrong encoding, a bad amount, a missing column — refuses the whole run with
``file:line:field`` messages, before the database is touched); then one transaction registers the
invoices from OP lists, resolves each clearing row to exactly one Mandant's invoice, inserts the
payments with ``ON CONFLICT DO NOTHING`` against their natural key, and updates which invoices are
now paid. Unknown and ambiguous invoice numbers are reported, never dropped and never guessed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from syncsystem import bmd
from syncsystem.bmd.records import Clearing, MandantId, OpenItem
from syncsystem.clearing.rules import Invoice, Payment, Unresolved, cents, resolve
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import DataError, Problem

__all__ = ["ImportReport", "ParsedFile", "import_files", "read_files"]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One validated input file: its clearings or its open items, each with its line number."""

    name: str
    kind: bmd.Kind
    rows: tuple[tuple[int, Any], ...]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import did; ``already_present`` counts rows whose payment existed before."""

    files: tuple[str, ...]
    created: int
    already_present: int
    ambiguous: tuple[Unresolved, ...] = ()
    unknown: tuple[Unresolved, ...] = ()
    now_paid: tuple[tuple[MandantId, str], ...] = ()
    invoices_registered: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

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
            "now_paid": [{"mandant": m, "rechnungsnr": n} for m, n in self.now_paid],
            "invoices_registered": self.invoices_registered,
        }


def _line_numbers(data: bytes, kind: bmd.Kind, count: int) -> Sequence[int]:
    """Physical line of each record: the non-blank lines after the header (Auszifferungsliste).

    The reader does not hand out line numbers per record; a clearing list has no preamble and
    no subtotal lines, so its records are exactly its non-blank lines after the first. Where
    that does not hold (OP lists), lines are reported as 0 (whole file).
    """
    if kind is bmd.Kind.CLEARINGS:
        numbers = [n for n, text in enumerate(data.splitlines(), start=1) if text.strip()][1:]
        if len(numbers) == count:
            return numbers
    return [0] * count


def read_files(paths: Sequence[Path], mandant: MandantId | None) -> list[ParsedFile]:
    """Read and validate every file; raises `DataError` naming every problem of every file."""
    problems: list[Problem] = []
    parsed: list[ParsedFile] = []
    for path in paths:
        name = str(path)
        try:
            data = path.read_bytes()
            result = bmd.read(data, name=name)
        except OSError as exc:
            problems.append(Problem(name, 0, "", f"cannot read file: {exc.strerror or exc}"))
            continue
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(result.problems)
        if result.kind not in (bmd.Kind.CLEARINGS, bmd.Kind.OPENITEMS):
            problems.append(
                Problem(name, 0, "", f"not an Auszifferungsliste or OP list (found: {result.kind})")
            )
            continue
        if result.kind is bmd.Kind.OPENITEMS and mandant is None:
            problems.append(
                Problem(name, 0, "", "an OP list carries no Mandant: name it with --mandant")
            )
        records = result.records
        rows = tuple(zip(_line_numbers(data, result.kind, len(records)), records, strict=True))
        for line, record in rows:
            if isinstance(record, Clearing):
                amount, column = record.betrag, "Ausz-Betrag"
            elif isinstance(record, OpenItem):
                amount, column = record.rechnungsbetrag, "Rng-Betrag"
            else:
                continue
            try:
                cents(amount)
            except ValueError as exc:
                problems.append(Problem(name, line, column, str(exc)))
        parsed.append(ParsedFile(name, result.kind, rows))
    if problems:
        raise DataError(problems, f"import refused, nothing imported: {len(problems)} problem(s)")
    return parsed


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
    today: date,
    mandant: MandantId | None = None,
    timer: Callable[[], float] | None = None,
) -> ImportReport:
    """Validate ``paths``, then import them in one transaction; see the module docstring.

    With a ``timer`` (e.g. ``time.perf_counter``, handed in by benchmarks) the report's
    ``extra["seconds"]`` holds the time spent reading/validating, resolving and writing.
    """
    with _gc_paused():
        return _import(store, paths, today, mandant, timer or (lambda: 0.0))


def _import(
    store: ClearingStore,
    paths: Sequence[Path],
    today: date,
    mandant: MandantId | None,
    timer: Callable[[], float],
) -> ImportReport:
    t0 = timer()
    parsed = read_files(paths, mandant)
    t_read = timer()
    invoices = [
        Invoice(mandant or "", item.rechnungsnr, item.konto, item.rechnungsdatum, item.rechnungsbetrag)
        for f in parsed
        if f.kind is bmd.Kind.OPENITEMS
        for _, item in f.rows
        if isinstance(item, OpenItem)
    ]
    with store.transaction() as conn:
        registered = store.register_invoices(conn, invoices, today)
        known = store.mandanten_by_invoice(conn)
        payments: list[Payment] = []
        ambiguous: list[Unresolved] = []
        unknown: list[Unresolved] = []
        for f in parsed:
            if f.kind is not bmd.Kind.CLEARINGS:
                continue
            res = resolve(f.rows, f.name, known, mandant)
            payments.extend(res.payments)
            ambiguous.extend(res.ambiguous)
            unknown.extend(res.unknown)
        t_resolved = timer()
        created = store.insert_payments(conn, payments)
        now_paid: list[tuple[MandantId, str]] = []
        if created:
            now_paid = store.refresh_paid(conn, ((p.mandant, p.rechnungsnr) for p in payments), today)
    return ImportReport(
        files=tuple(f.name for f in parsed),
        created=created,
        already_present=len(payments) - created,
        ambiguous=tuple(ambiguous),
        unknown=tuple(unknown),
        now_paid=tuple(now_paid),
        invoices_registered=registered,
        extra={"seconds": {"read": t_read - t0, "resolve": t_resolved - t_read,
                           "write": timer() - t_resolved}},
    )
