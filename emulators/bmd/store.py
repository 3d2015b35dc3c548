"""The office on disk: one SQLite file (``bmd.sqlite``) holding the state of every Mandant.

Tables: ``meta`` (seed, profile, start, simulated now), ``mandant`` (company and settings as JSON),
``journal`` (the change journal: one row per finalised change, key (mandant, seq), the record as
JSON) and ``drafts`` (Vorerfassung, outside the journal). The books are rebuilt by replaying the
journal, so the journal is the single source of truth and exports since a cursor are plain range
reads. Writes happen in one transaction each, so a crash never leaves half a working day; other
processes (the agent calling the CLI) see either the old or the new state. Faults live in
``control.json`` beside it (see :mod:`emulators.bmd.control`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import Any

from syncsystem.bmd.records import Booking, CostCentre, LedgerAccount, PersonAccount
from syncsystem.sqlite_tx import immediate

from .books import Change, ChangeKind, ChangeRecord, MandantBooks, MandantInfo
from .codec import dump_record, dumps, load_record, loads
from .errors import OfficeNotFoundError
from .posting import Document

__all__ = ["DB_NAME", "FORMAT", "Store"]

DB_NAME = "bmd.sqlite"
FORMAT = "syncsystem-bmd-emulator/1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mandant (nr TEXT PRIMARY KEY, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    mandant TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, day TEXT NOT NULL,
    payload TEXT NOT NULL, PRIMARY KEY (mandant, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS drafts (
    mandant TEXT NOT NULL, pos INTEGER NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (mandant, pos));
"""

_RECORD_TYPES: dict[ChangeKind, type[Any]] = {
    ChangeKind.PERSON: PersonAccount,
    ChangeKind.ACCOUNT: LedgerAccount,
    ChangeKind.COSTCENTRE: CostCentre,
}


def _dump_document(doc: Document) -> dict[str, Any]:
    return {
        "symbol": doc.symbol,
        "belegnr": doc.belegnr,
        "belegdatum": doc.belegdatum.isoformat(),
        "lines": [dump_record(line) for line in doc.lines],
    }


def _load_document(data: dict[str, Any]) -> Document:
    return Document(
        data["symbol"],
        data["belegnr"],
        date.fromisoformat(data["belegdatum"]),
        tuple(load_record(Booking, line) for line in data["lines"]),
    )


def _dump_change(record: ChangeRecord) -> str:
    return dumps(_dump_document(record) if isinstance(record, Document) else dump_record(record))


def _dump_info(info: MandantInfo) -> str:
    return dumps({**{k: getattr(info, k) for k in info.__slots__}, "lock_date": info.lock_date.isoformat()})


def _load_info(text: str) -> MandantInfo:
    data = loads(text)
    data["lock_date"] = date.fromisoformat(data["lock_date"])
    return MandantInfo(**data)


class Store:
    """Access to ``bmd.sqlite`` of one office directory. Use as a context manager (closes)."""

    def __init__(self, directory: Path, *, create: bool = False) -> None:
        self.path = Path(directory) / DB_NAME
        if not create and not self.path.is_file():
            raise OfficeNotFoundError(
                f"BMD-Emulator: {directory} enthält keine Installation ({DB_NAME} fehlt)"
            )
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            self._db.executescript(_SCHEMA)
            if not create and self.meta("format") != FORMAT:
                raise OfficeNotFoundError(f"BMD-Emulator: {self.path} hat ein unbekanntes Format")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise OfficeNotFoundError(f"BMD-Emulator: {self.path} ist beschädigt: {exc}") from exc
        except OfficeNotFoundError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """All writes inside happen together or not at all (BEGIN IMMEDIATE … COMMIT)."""
        return immediate(self._db)

    # -- meta and Mandanten --------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def mandanten(self) -> list[MandantInfo]:
        rows = self._db.execute("SELECT info FROM mandant ORDER BY nr").fetchall()
        return [_load_info(row[0]) for row in rows]

    def save_info(self, info: MandantInfo) -> None:
        self._db.execute("INSERT OR REPLACE INTO mandant VALUES (?, ?)", (info.nr, _dump_info(info)))

    # -- journal -------------------------------------------------------------------------------

    def append(self, mandant: str, changes: Iterable[Change]) -> None:
        self._db.executemany(
            "INSERT INTO journal VALUES (?, ?, ?, ?, ?)",
            ((mandant, c.seq, c.kind.value, c.day.isoformat(), _dump_change(c.record)) for c in changes),
        )

    def changes(self, mandant: str) -> Iterator[Change]:
        rows = self._db.execute(
            "SELECT seq, kind, day, payload FROM journal WHERE mandant = ? ORDER BY seq", (mandant,)
        )
        for seq, kind_text, day, payload in rows:
            kind = ChangeKind(kind_text)
            data = loads(payload)
            record: ChangeRecord
            if kind is ChangeKind.DOCUMENT:
                record = _load_document(data)
            else:
                record = load_record(_RECORD_TYPES[kind], data)
            yield Change(seq, kind, date.fromisoformat(day), record)

    def save_drafts(self, mandant: str, drafts: Iterable[Document]) -> None:
        self._db.execute("DELETE FROM drafts WHERE mandant = ?", (mandant,))
        self._db.executemany(
            "INSERT INTO drafts VALUES (?, ?, ?)",
            ((mandant, pos, dumps(_dump_document(d))) for pos, d in enumerate(drafts)),
        )

    def books(self, info: MandantInfo) -> MandantBooks:
        """The Mandant's books, rebuilt from its journal, with its current drafts."""
        books = MandantBooks(info)
        for change in self.changes(info.nr):
            books.apply(change)
        rows = self._db.execute(
            "SELECT payload FROM drafts WHERE mandant = ? ORDER BY pos", (info.nr,)
        ).fetchall()
        for (payload,) in rows:
            books.add_draft(_load_document(loads(payload)))
        return books
