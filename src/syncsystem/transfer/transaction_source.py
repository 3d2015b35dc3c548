"""The real source of a transfer job: a source system's documents turned into BMD import files.

`TransactionSource` reads the documents (`transactions`: the export folder and/or the invoice
store), keeps those the job's execution settings ask for (`select`: Mandanten, Filiale, document
types, payment types, incoming invoices only when enabled) and writes per Mandant, with
`interfaces.export_formats`, the bookings in the configured format (single or aggregated per date
and account pair), the incoming invoices in theirs, and — when the job exports debtors — the
person accounts of exactly the companies booked. Person-account files come first (BMD must know
an account before a booking uses it).

Every document has a stable key (``tx|<Mandant>|<id>`` from the export folder,
``store|<Mandant>|<invoice>/<line>[/storno]`` from the invoice store, so a Storno is a document of
its own). `TransactionSource.documents` offers every document of the job's scope dated from the
job's first day up to, not including, the day the run ends (a day's documents go out once it is
over, so aggregated sums stay whole), in a fixed order (Mandant, date, key); the run journal keeps
only those no run has taken yet (`syncsystem.transfer.tracking`). A document entered late — dated
in a day already delivered — thus goes out with the next run, under its own Belegdatum. Names
carry the run's period end (``YYYYMMDD_HHMM_<Mandant>_Buchungen.csv``) and the content depends only
on the reserved documents, so a retried run produces byte-identical files. Aggregated bookings
carry the Belegnr of `interfaces.export_formats.aggregate_belegnr` — the rule ``interfaces export``
uses too: the fixed text plus the day (``Apaleo-20260302``), and, for a day an earlier run already
delivered, the delivery's ordinal (``Apaleo-20260302-2``). Incoming invoices are written with the
supplier's sign and Vorsteuer codes (``single_bookings(incoming=True)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, tzinfo
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import PersonAccount
from syncsystem.errors import DataError, Problem
from syncsystem.interfaces.export_formats import (
    ExportConfig,
    aggregated_bookings,
    person_accounts,
    single_bookings,
)
from syncsystem.interfaces.export_io import load_config
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import ExportFormat, JobConfig
from syncsystem.transfer.runs import Period
from syncsystem.transfer.source import Entry, SourceError, SourceProblemsError
from syncsystem.transfer.source_config import SourceSettings
from syncsystem.transfer.transactions import (
    Document,
    load_store,
    load_transaction_folder,
    with_store,
)

__all__ = ["DocumentFiles", "TransactionSource", "build_files", "covered_days", "select", "wanted"]


def covered_days(period: Period, tz: tzinfo) -> tuple[date, date]:
    """The first day a run covers and the day it stops before (local dates of start and end)."""
    return period.start.astimezone(tz).date(), period.end.astimezone(tz).date()


def _folded(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


def wanted(job: JobConfig, first: date, until: date) -> Callable[[Document], bool]:
    """Whether ``job`` exports a document (its filters, dated ``first`` ≤ date < ``until``)."""
    ex = job.execution
    mandanten = set(ex.mandanten)
    types = _folded(ex.document_types)
    payments = _folded(ex.payment_types)
    filiale = (job.scope.filiale or "").strip().casefold()

    def keep(doc: Document) -> bool:
        return (
            doc.mandant in mandanten
            and first <= doc.transaction.datum < until
            and (not filiale or doc.filiale.casefold() == filiale)
            and doc.document_type.casefold() in types
            and (not payments or doc.payment_type.casefold() in payments)
            and (ex.incoming_invoices or not doc.incoming)
        )

    return keep


def select(documents: Iterable[Document], job: JobConfig, first: date, until: date) -> list[Document]:
    """The documents ``job`` exports for the days ``first`` ≤ date < ``until``."""
    keep = wanted(job, first, until)
    return [doc for doc in documents if keep(doc)]


def _natural(key: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key reading digit runs as numbers (transaction 9 before 10)."""
    return tuple((0, int(p)) if p.isdecimal() else (1, p) for p in re.split(r"(\d+)", key) if p)


def _bookings(
    docs: Sequence[Document],
    config: ExportConfig,
    fmt: ExportFormat,
    name: str,
    repeats: Mapping[date, int],
    *,
    incoming: bool,
) -> bytes:
    if fmt is ExportFormat.BMD_VERDICHTET:
        bookings, problems = aggregated_bookings(
            [d.transaction for d in docs], config, name, incoming=incoming, repeats=repeats
        )
    else:
        bookings, problems = single_bookings([d.transaction for d in docs], config, name, incoming=incoming)
    if problems:
        # the shared builder counts transactions from 1; say which source document that was
        located = [
            replace(p, file=docs[p.line - 1].origin if 0 < p.line <= len(docs) else p.file, line=0)
            for p in problems
        ]
        raise DataError(located, mc.TX_REFUSED_BOOKINGS(name=name))
    return bmd.dumps(bookings, bmd.Kind.BOOKINGS, name=name)


def build_files(
    documents: Sequence[Document],
    job: JobConfig,
    config: ExportConfig,
    stamp: str,
    known_persons: Mapping[int, PersonAccount] | None = None,
    *,
    repeats: Mapping[date, int] | None = None,
) -> list[tuple[str, bytes]]:
    """The import files (name, content) for the selected ``documents``: persons, bookings, incoming.

    ``known_persons`` are full person accounts (the invoice store's debtors) used instead of the
    few company fields of the export configuration where the account matches; ``repeats`` counts,
    per date, the earlier runs that delivered documents of that date.
    """
    persons: list[tuple[str, bytes]] = []
    bookings: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    ex = job.execution
    for mandant in ex.mandanten:
        own = [d for d in documents if d.mandant == mandant]
        if not own:
            continue
        prefix = f"{stamp}_{mandant}"
        parts = (
            ("Buchungen", [d for d in own if not d.incoming], ex.format),
            ("Eingangsrechnungen", [d for d in own if d.incoming], ex.incoming_format or ex.format),
        )
        try:
            for label, docs, fmt in parts:
                if docs:
                    name = f"{prefix}_{label}.csv"
                    incoming = label == "Eingangsrechnungen"
                    data = _bookings(docs, config, fmt, name, repeats or {}, incoming=incoming)
                    bookings.append((name, data))
            if ex.export_debtors:
                accounts = person_accounts([d.transaction for d in own], config)
                full = [(known_persons or {}).get(p.konto, p) for p in accounts]
                if full:
                    name = f"{prefix}_Personenkonten.csv"
                    persons.append((name, bmd.dumps(full, bmd.Kind.PERSONS, name=name)))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceProblemsError(mc.TX_REFUSED_NOT_BUILT(), problems)
    return persons + bookings


@dataclass(frozen=True)
class DocumentFiles:
    """A `source.DocumentBatch`: the job's documents in delivery order and how to write files of some."""

    entries: tuple[Entry, ...]
    by_key: Mapping[str, Document]
    job: JobConfig
    config: ExportConfig
    stamp: str
    known_persons: Mapping[int, PersonAccount] = field(default_factory=dict)

    def files(self, keys: Collection[str], repeats: Mapping[date, int]) -> list[tuple[str, bytes]]:
        chosen = [self.by_key[e.key] for e in self.entries if e.key in keys]
        return build_files(chosen, self.job, self.config, self.stamp, self.known_persons, repeats=repeats)


@dataclass(frozen=True)
class TransactionSource:
    """Builds a job's files from the source system's documents (see the module docstring)."""

    settings: SourceSettings
    tz: tzinfo

    def files_for(self, period: Period, job: JobConfig) -> list[tuple[str, bytes]]:
        """Every document of the days ``period`` covers, untracked (previews and tests)."""
        batch = self.documents(period, job)
        return batch.files({e.key for e in batch.entries}, {})

    def documents(self, window: Period, job: JobConfig) -> DocumentFiles:
        first, until = covered_days(window, self.tz)
        stamp = f"{window.end.astimezone(self.tz):%Y%m%d_%H%M}"
        if first >= until:  # no day is over yet: nothing to load
            return DocumentFiles((), {}, job, ExportConfig(accounts={}), stamp)
        default_mandant = job.execution.mandanten[0] if len(job.execution.mandanten) == 1 else None
        keyed: list[tuple[str, Document]] = []
        try:
            config = load_config(Path(self.settings.config)) if self.settings.config else None
            if self.settings.dir:
                found = load_transaction_folder(Path(self.settings.dir), default_mandant)
                keyed += [(f"tx|{d.mandant}|{d.transaction.id}", d) for d in found]
            known: dict[int, PersonAccount] = {}
            if self.settings.store:
                store = load_store(Path(self.settings.store))
                keyed += [(f"store|{d.mandant}|{d.transaction.id}", d) for d in store.documents]
                known = dict(store.persons)
                config = with_store(config, store)
        except DataError as exc:
            head = exc.summary if isinstance(exc.summary, Message) else mc.LEGACY_TEXT(text=exc.summary)
            raise SourceProblemsError(head, exc.problems, exc.total) from exc
        if config is None:  # parse_source requires a config whenever there is no store
            raise SourceError(mc.TX_SOURCE_NO_CONFIG())
        keep = wanted(job, first, until)
        chosen = sorted(
            ((k, d) for k, d in keyed if keep(d)),
            key=lambda kd: (kd[1].mandant, kd[1].transaction.datum, _natural(kd[0])),
        )
        entries = tuple(Entry(k, d.transaction.datum) for k, d in chosen)
        return DocumentFiles(entries, dict(chosen), job, config, stamp, known)
