"""An export for a date range (seed 003): single and aggregated bookings and person accounts, kept.

`export_range` reads the source system's transactions folder (as a transfer job does,
`transfer.transactions.load_transaction_folder`), keeps the transactions dated inside the range,
and writes into a new folder ``<JJJJMMTT_HHMMSS>_<von>_<bis>`` under the exports folder:
``Buchungen.csv`` (one line per transaction), ``Buchungen_verdichtet.csv`` (summed per day and
account pair) and, with the option "Import-Datei für Personenkonten erstellen", ``Personenkonten.csv``
(import it first). A manifest ``export.json`` lists range, files, rows and SHA-256; `export_history`
reads those manifests back as "Vorherige BMD-Importe", newest first. Nothing is written when a
transaction has a problem (every problem named file:line:field).
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from syncsystem import bmd
from syncsystem.errors import DataError, Problem, UsageError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.bmd_config import read_doc, wants_persons
from syncsystem.interfaces.export_formats import aggregated_bookings, person_accounts, single_bookings
from syncsystem.interfaces.export_io import config_from_doc
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole
from syncsystem.transfer.transactions import Document, load_transaction_folder

__all__ = ["MANIFEST", "ExportRecord", "export_history", "export_range", "period_range"]

MANIFEST = "export.json"
SINGLE, AGGREGATED, PERSONS = "Buchungen.csv", "Buchungen_verdichtet.csv", "Personenkonten.csv"


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One export as its manifest records it; ``files``: (name, rows, size, sha256) in import order."""

    folder: str
    created_at: str
    start: date
    end: date
    transactions: int
    files: tuple[tuple[str, int, int, str], ...]


def period_range(kind: str, value: str, end: str = "") -> tuple[date, date]:
    """``month`` 2026-03 → 01.03.–31.03.; ``day`` 2026-03-05; ``custom`` value..end (JJJJ-MM-TT)."""
    try:
        if kind == "month":
            year, month = (int(p) for p in value.split("-"))
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if kind == "day":
            day = date.fromisoformat(value)
            return day, day
        if kind == "custom":
            start, stop = date.fromisoformat(value), date.fromisoformat(end)
            if stop < start:
                raise UsageError(mc.PG_RANGE_ORDER(start=f"{start:%d.%m.%Y}", end=f"{stop:%d.%m.%Y}"))
            return start, stop
    except ValueError as exc:
        raise UsageError(mc.PG_PERIOD(kind=kind, value=f"{value} {end}".strip())) from exc
    raise UsageError(mc.IN_ONE_OF(allowed="month, day, custom"))


def _record(folder: Path, doc: dict[str, Any]) -> ExportRecord:
    files = tuple((str(f["name"]), int(f["rows"]), int(f["size"]), str(f["sha256"])) for f in doc["files"])
    return ExportRecord(
        folder.name,
        str(doc["created_at"]),
        date.fromisoformat(str(doc["start"])),
        date.fromisoformat(str(doc["end"])),
        int(doc["transactions"]),
        files,
    )


def export_range(
    config_path: Path,
    transactions_dir: Path,
    exports_dir: Path,
    *,
    start: date,
    end: date,
    now: datetime,
    mandant: str = "",
) -> ExportRecord:
    """Write the three files of ``start``–``end`` (of ``mandant``, if given; outgoing documents only:
    incoming invoices go with a transfer job) into a new export folder; see the module docstring."""
    doc = read_doc(config_path)
    config = config_from_doc(doc, str(config_path))
    documents = load_transaction_folder(transactions_dir, mandant or None)
    docs = [
        d
        for d in documents
        if start <= d.transaction.datum <= end and not d.incoming and d.mandant == (mandant or d.mandant)
    ]
    chosen = [d.transaction for d in docs]
    singles, problems = single_bookings(chosen, config, str(transactions_dir))
    aggregated, _ = aggregated_bookings(chosen, config, str(transactions_dir))  # the same problems
    if problems:
        raise DataError([_at_origin(p, docs) for p in problems], mc.IN_REFUSED_EXPORT())
    stamp = now.strftime("%Y%m%d_%H%M%S")
    folder = exports_dir / f"{stamp}_{start:%Y%m%d}_{end:%Y%m%d}"
    second = now
    while folder.exists():  # two exports within one second: the next free second
        second += timedelta(seconds=1)
        folder = exports_dir / f"{second:%Y%m%d_%H%M%S}_{start:%Y%m%d}_{end:%Y%m%d}"
    folder.mkdir(parents=True)
    parts: list[tuple[str, list[bmd.Record], bmd.Kind]] = []
    if wants_persons(doc):
        parts.append((PERSONS, list(person_accounts(chosen, config)), bmd.Kind.PERSONS))
    parts += [(SINGLE, list(singles), bmd.Kind.BOOKINGS), (AGGREGATED, list(aggregated), bmd.Kind.BOOKINGS)]
    entries = []
    for name, records, kind in parts:
        rows = bmd.write(records, folder / name, kind)
        data = (folder / name).read_bytes()
        entries.append(
            {"name": name, "rows": rows, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )
    manifest = {
        "created_at": now.isoformat(),
        "start": start.isoformat(),
        "end": end.isoformat(),
        "mandant": mandant,
        "transactions": len(chosen),
        "files": entries,
        "note": "Personenkonten.csv before the booking files.",
    }
    atomic_write_text(folder / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return _record(folder, manifest)


def _at_origin(problem: Problem, docs: list[Document]) -> Problem:
    """A problem of the n-th chosen transaction, placed at the file and line (or item) it came from."""
    file, _, where = docs[problem.line - 1].origin.rpartition(":")
    line = whole(where)
    if line is not None:
        return replace(problem, file=file, line=line)
    return replace(problem, file=file, line=0, field=f"{where}.{problem.field}")


def export_history(exports_dir: Path) -> list[ExportRecord]:
    """Every finished export under ``exports_dir`` ("Vorherige BMD-Importe"), newest first."""
    if not exports_dir.is_dir():
        return []
    records = [
        _record(path.parent, json.loads(path.read_text(encoding="utf-8")))
        for path in exports_dir.glob(f"*/{MANIFEST}")
    ]
    return sorted(records, key=lambda r: r.folder, reverse=True)
