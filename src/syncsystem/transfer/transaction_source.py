"""The real source of a transfer job: a source system's documents turned into BMD import files.

`TransactionSource` reads the documents (`transactions`: the export folder and/or the invoice
store), keeps those the job's execution settings ask for (`select`: Mandanten, Filiale, document
types, payment types, incoming invoices only when enabled) and writes per Mandant, with
`interfaces.export_formats`, the bookings in the configured format (single or aggregated per date
and account pair), the incoming invoices in theirs, and — when the job exports debtors — the
person accounts of exactly the companies booked. Person-account files come first (BMD must know
an account before a booking uses it).

A run covers whole days: the documents dated from the local day its period starts up to, not
including, the day it ends (a day goes out once it is over, so postings made later that day are
not lost). Periods chain, so every day belongs to exactly one run. Names carry the period end
(``YYYYMMDD_HHMM_<Mandant>_Buchungen.csv``) and the content depends only on the period and the
documents, so a retried run of the same period produces byte-identical files and the journal and
the target's never-overwrite check both recognise what already arrived. Aggregated bookings carry
the configured fixed Belegnr text plus the day (``Apaleo-20260302``): BMD refuses a Belegnummer it
has already booked under the same symbol, so the bare text would fail from the second day on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
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
from syncsystem.transfer.config import ExportFormat, JobConfig
from syncsystem.transfer.runs import Period
from syncsystem.transfer.source import SourceError
from syncsystem.transfer.source_config import SourceSettings
from syncsystem.transfer.transactions import (
    Document,
    load_store,
    load_transaction_folder,
    with_store,
)

__all__ = ["TransactionSource", "build_files", "covered_days", "select"]


def covered_days(period: Period, tz: tzinfo) -> tuple[date, date]:
    """The first day a run covers and the day it stops before (local dates of start and end)."""
    return period.start.astimezone(tz).date(), period.end.astimezone(tz).date()


def _folded(values: Iterable[str]) -> set[str]:
    return {v.strip().casefold() for v in values}


def select(documents: Iterable[Document], job: JobConfig, first: date, until: date) -> list[Document]:
    """The documents ``job`` exports for the days ``first`` ≤ date < ``until``."""
    ex = job.execution
    mandanten = set(ex.mandanten)
    types = _folded(ex.document_types)
    payments = _folded(ex.payment_types)
    filiale = (job.scope.filiale or "").strip().casefold()
    return [
        doc
        for doc in documents
        if doc.mandant in mandanten
        and first <= doc.transaction.datum < until
        and (not filiale or doc.filiale.casefold() == filiale)
        and doc.document_type.casefold() in types
        and (not payments or doc.payment_type.casefold() in payments)
        and (ex.incoming_invoices or not doc.incoming)
    ]


def _bookings(docs: Sequence[Document], config: ExportConfig, fmt: ExportFormat, name: str) -> bytes:
    aggregated = fmt is ExportFormat.BMD_VERDICHTET
    build = aggregated_bookings if aggregated else single_bookings
    bookings, problems = build([d.transaction for d in docs], config, name)
    if aggregated:
        # BMD books a Belegnummer only once per Buchungssymbol: the fixed text alone would be refused
        # from the second day on, so each day's sums carry the day (every day goes out in one run).
        bookings = [replace(b, belegnr=f"{b.belegnr}-{b.belegdatum:%Y%m%d}") for b in bookings]
    if problems:
        # the shared builder counts transactions from 1; say which source document that was
        located = [
            Problem(docs[p.line - 1].origin if 0 < p.line <= len(docs) else p.file, 0, p.field, p.message)
            for p in problems
        ]
        raise DataError(located, f"{name}: Buchungen nicht erstellt")
    return bmd.dumps(bookings, bmd.Kind.BOOKINGS, name=name)


def build_files(
    documents: Sequence[Document],
    job: JobConfig,
    config: ExportConfig,
    stamp: str,
    known_persons: Mapping[int, PersonAccount] | None = None,
) -> list[tuple[str, bytes]]:
    """The import files (name, content) for the selected ``documents``: persons, bookings, incoming.

    ``known_persons`` are full person accounts (the invoice store's debtors) used instead of the
    few company fields of the export configuration where the account matches.
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
                    bookings.append((name, _bookings(docs, config, fmt, name)))
            if ex.export_debtors:
                accounts = person_accounts([d.transaction for d in own], config)
                full = [(known_persons or {}).get(p.konto, p) for p in accounts]
                if full:
                    name = f"{prefix}_Personenkonten.csv"
                    persons.append((name, bmd.dumps(full, bmd.Kind.PERSONS, name=name)))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(str(DataError(problems, "Importdateien nicht erstellt, nichts übertragen")))
    return persons + bookings


@dataclass(frozen=True)
class TransactionSource:
    """Builds a job's files from the source system's documents (see the module docstring)."""

    settings: SourceSettings
    tz: tzinfo

    def files_for(self, period: Period, job: JobConfig) -> list[tuple[str, bytes]]:
        first, until = covered_days(period, self.tz)
        if first >= until:
            return []  # no day is over yet since the last run
        default_mandant = job.execution.mandanten[0] if len(job.execution.mandanten) == 1 else None
        try:
            config = load_config(Path(self.settings.config)) if self.settings.config else None
            documents: list[Document] = []
            if self.settings.dir:
                documents += load_transaction_folder(Path(self.settings.dir), default_mandant)
            known: dict[int, PersonAccount] = {}
            if self.settings.store:
                store = load_store(Path(self.settings.store))
                documents += store.documents
                known = dict(store.persons)
                config = with_store(config, store)
        except DataError as exc:
            raise SourceError(str(exc)) from exc
        if config is None:  # parse_source requires a config whenever there is no store
            raise SourceError("source.config: Exportkonfiguration fehlt")
        chosen = select(documents, job, first, until)
        stamp = f"{period.end.astimezone(self.tz):%Y%m%d_%H%M}"
        return build_files(chosen, job, config, stamp, known)
