"""BMD's export interface for one Mandant: what changed after a cursor, as BMD files.

:func:`export_set` is pure: from the books and a cursor it selects the journal postings (PR10G
shape, ``JournalNr`` running per Mandant), the booking lines as entered (with Kostenstelle,
Steuercode and clearing references), person accounts, Sachkonten, Kostenstellen, the OP list and
the Auszifferungsliste. A full export (no cursor) lists all master data, all postings and every
still-open item; an export since cursor C lists only what changed after C (touched open items with
their new open amount, 0 when closed). The new cursor is the Mandant's last sequence number, never
lower than C. :func:`write_set` writes the files through :mod:`syncsystem.bmd` (cp1252, CRLF) and a
``cursor.json``. Drafts are never part of it. :func:`modelled_seconds` is the export duration model.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd import Kind
from syncsystem.bmd.records import JournalLine, Record

from .books import MandantBooks
from .posting import ZERO
from .profiles import Profile

__all__ = [
    "CURSOR_FILE",
    "FILES",
    "ExportSet",
    "ExportedFile",
    "export_set",
    "file_bytes",
    "modelled_seconds",
    "write_set",
]

# (file name, kind) in the order BMD's export writes them.
FILES: tuple[tuple[str, Kind], ...] = (
    ("sachkonten.csv", Kind.ACCOUNTS),
    ("kostenstellen.csv", Kind.COSTCENTRES),
    ("personenkonten.csv", Kind.PERSONS),
    ("buchungen.csv", Kind.BOOKINGS),
    ("journal.csv", Kind.JOURNAL),
    ("op-liste.csv", Kind.OPENITEMS),
    ("auszifferungen.csv", Kind.CLEARINGS),
)
CURSOR_FILE = "cursor.json"


@dataclass(frozen=True, slots=True)
class ExportedFile:
    """One file the export wrote: name, kind, data rows, bytes, SHA-256."""

    name: str
    kind: Kind
    rows: int
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class ExportSet:
    """The records of one Mandant's export, per file, plus the cursor range they cover."""

    mandant: str
    cursor_from: int | None
    cursor_to: int
    as_of: date
    records: dict[Kind, Sequence[Record]]

    @property
    def rows(self) -> int:
        return sum(len(r) for r in self.records.values())


def _journal(books: MandantBooks, since: int) -> list[JournalLine]:
    lines: list[JournalLine] = []
    number = 0
    for seq, doc in books.documents:
        postings = doc.postings()
        if seq <= since:
            number += len(postings)
            continue
        for posting in postings:
            number += 1
            lines.append(
                JournalLine(
                    konto=posting.konto,
                    buchdatum=posting.buchdatum or doc.belegdatum,
                    belegdatum=posting.belegdatum,
                    belegnr=posting.belegnr,
                    gkonto=posting.gkonto,
                    buchcode=posting.buchcode,
                    betrag=posting.betrag,
                    steuer=posting.steuer if posting.steuer is not None else ZERO,
                    buchsymbol=posting.buchsymbol,
                    journalnr=number,
                )
            )
    return lines


def export_set(books: MandantBooks, since: int | None, as_of: date) -> ExportSet:
    """What an export of ``books`` since cursor ``since`` (None: full) contains."""
    after = since or 0
    if since is not None and since >= books.seq:
        empty: dict[Kind, Sequence[Record]] = {kind: () for _, kind in FILES}
        return ExportSet(books.info.nr, since, since, as_of, empty)
    records: dict[Kind, Sequence[Record]] = {
        Kind.ACCOUNTS: books.changed_accounts(after),
        Kind.COSTCENTRES: books.changed_costcentres(after),
        Kind.PERSONS: books.changed_persons(after),
        Kind.BOOKINGS: [line for doc in books.posted_documents(after) for line in doc.lines],
        Kind.JOURNAL: _journal(books, after),
        Kind.OPENITEMS: books.open_item_list(after),
        Kind.CLEARINGS: books.clearing_list(after),
    }
    return ExportSet(books.info.nr, since, books.seq, as_of, records)


def file_bytes(export: ExportSet, kind: Kind) -> bytes:
    """The bytes BMD writes for one kind of ``export`` (via the shared format library)."""
    name = next(n for n, k in FILES if k is kind)
    data: bytes = bmd.dumps(export.records[kind], kind, as_of=export.as_of, name=name)
    return data


def write_set(
    export: ExportSet,
    directory: Path,
    exported_at: datetime,
    duration: float,
    *,
    upto: int | None = None,
    mandant_name: str = "",
) -> list[ExportedFile]:
    """Write the files of ``export`` into ``directory`` and, when complete, ``cursor.json``.

    ``upto`` (crash fault) stops after that many complete files and leaves the next one cut in
    half — what a crashed BMD export leaves behind; no cursor file is written then.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[ExportedFile] = []
    for index, (name, kind) in enumerate(FILES):
        data = file_bytes(export, kind)
        if upto is not None and index >= upto:
            (directory / name).write_bytes(data[: len(data) // 2])
            return written
        (directory / name).write_bytes(data)
        written.append(
            ExportedFile(name, kind, len(export.records[kind]), len(data), hashlib.sha256(data).hexdigest())
        )
    cursor = {
        "mandant": export.mandant,
        "mandant_name": mandant_name,  # from BMD's Mandant master data (Firmenstamm), e.g. "Schmidinger AG"
        "cursor_from": export.cursor_from,
        "cursor_to": export.cursor_to,
        "mode": "full" if export.cursor_from is None else "incremental",
        "exported_at": exported_at.isoformat(),
        "duration_seconds": round(duration, 1),
        "files": {
            f.name: {"kind": f.kind.value, "rows": f.rows, "size": f.size, "sha256": f.sha256}
            for f in written
        },
    }
    (directory / CURSOR_FILE).write_text(json.dumps(cursor, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return written


def modelled_seconds(profile: Profile, rows: int, factor: float = 1.0) -> float:
    """Simulated export duration: opening the Mandant plus a cost per exported row."""
    return round((profile.export_seconds_base + profile.export_seconds_per_row * rows) * factor, 1)
