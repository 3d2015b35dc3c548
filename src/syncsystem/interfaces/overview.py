"""What the Debitoren page shows of an export folder: working files with their rows, closed sets.

Read-only views over the same files the CLI writes: the working files ``Stammdaten.csv`` and
``Buchungen_<Mandant>.csv`` read back through `syncsystem.bmd` (so the page shows what BMD will
import), and every close with its files in import order, rows, size and SHA-256 as its manifest
``…_Abschluss.json`` records them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from syncsystem import bmd
from syncsystem.interfaces.closing import MANIFEST_SUFFIX
from syncsystem.interfaces.workfiles import STAMMDATEN, read_kind, working_booking_files

__all__ = ["ClosedFile", "ClosedSetView", "Table", "closed_set_views", "show_value", "working_tables"]


@dataclass(frozen=True, slots=True)
class Table:
    """One working file as a table: its name, kind, column names and rows of display strings."""

    name: str
    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class ClosedFile:
    name: str
    kind: str
    rows: int
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class ClosedSetView:
    """One close as its manifest records it: files in BMD import order."""

    stamp: str
    closed_at: str
    manifest: str
    files: tuple[ClosedFile, ...]


def show_value(value: object) -> str:
    """A record value as the office reads it: ``1.234,56`` → ``1234,56``, dates ``TT.MM.JJJJ``."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    return str(value)


def _table(path: Path, kind: bmd.Kind) -> Table:
    records = read_kind(path, kind)
    names = [f.name for f in fields(records[0])] if records and is_dataclass(records[0]) else []
    cells = [[show_value(getattr(r, n)) for n in names] for r in records]
    used = [i for i, n in enumerate(names) if any(row[i] for row in cells)]
    return Table(
        path.name,
        str(kind),
        tuple(names[i] for i in used),
        tuple(tuple(row[i] for i in used) for row in cells),
    )


def working_tables(folder: Path) -> list[Table]:
    """The open working files of ``folder``: Stammdaten first, then the booking files by Mandant."""
    tables = [_table(folder / STAMMDATEN, bmd.Kind.PERSONS)] if (folder / STAMMDATEN).exists() else []
    tables += [_table(path, bmd.Kind.BOOKINGS) for _, path in working_booking_files(folder)]
    return tables


def closed_set_views(folder: Path) -> list[ClosedSetView]:
    """Every completed close of ``folder``, in the order the closes happened (= BMD import order)."""
    views = []
    for manifest in sorted(folder.glob(f"*{MANIFEST_SUFFIX}")) if folder.is_dir() else []:
        doc = json.loads(manifest.read_text(encoding="utf-8"))
        files = tuple(
            ClosedFile(e["name"], e["kind"], int(e["rows"]), int(e["size"]), e["sha256"])
            for e in doc["files"]
        )
        views.append(ClosedSetView(doc["stamp"], doc["closed_at"], manifest.name, files))
    return views
