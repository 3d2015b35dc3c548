"""The working files of the export folder: ``Stammdaten.csv`` and ``Buchungen_<Mandant>.csv``.

Working files grow with every debtor change and every booking until they are closed (see
`closing`). They are BMD import files written by `syncsystem.bmd` — never by hand — and each
change rewrites the whole file atomically, so a reader (or a crash) never meets half a file.
Callers hold the folder lock while they read-modify-write.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import AccountNo, Booking, MandantId, PersonAccount
from syncsystem.errors import DataError, UsageError
from syncsystem.messages import codes as mc

__all__ = [
    "STAMMDATEN",
    "append_bookings",
    "bookings_name",
    "check_mandant",
    "read_kind",
    "upsert_persons",
    "working_booking_files",
]

STAMMDATEN = "Stammdaten.csv"
_MANDANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")
_BOOKINGS = re.compile(r"^Buchungen_([A-Za-z0-9][A-Za-z0-9-]{0,19})\.csv$")


def check_mandant(mandant: MandantId) -> MandantId:
    """A Mandant id usable in a file name (letters, digits, dashes; at most 20)."""
    if not _MANDANT.match(mandant):
        raise UsageError(mc.IN_MANDANT_SHAPE(mandant=mandant))
    return mandant


def bookings_name(mandant: MandantId) -> str:
    return f"Buchungen_{check_mandant(mandant)}.csv"


def working_booking_files(folder: Path) -> list[tuple[MandantId, Path]]:
    """The open booking working files of ``folder`` by Mandant, sorted."""
    found = []
    for path in sorted(folder.glob("Buchungen_*.csv")):
        match = _BOOKINGS.match(path.name)
        if match:
            found.append((match.group(1), path))
    return found


def read_kind(path: Path, kind: bmd.Kind) -> list[bmd.Record]:
    """Records of an existing BMD file of ``kind`` (empty if missing); problems raise DataError."""
    if not path.exists():
        return []
    result = bmd.read(path, kind)
    if result.problems:
        raise DataError(result.problems, mc.IN_REFUSED_WORKFILE(name=str(path)))
    return list(result.records)


def upsert_persons(folder: Path, persons: Iterable[PersonAccount]) -> None:
    """Add or replace (by account number) person accounts in the working Stammdaten.csv."""
    path = folder / STAMMDATEN
    current: dict[AccountNo, PersonAccount] = {}
    for rec in read_kind(path, bmd.Kind.PERSONS):
        assert isinstance(rec, PersonAccount)
        current[rec.konto] = rec
    for person in persons:
        current[person.konto] = person
    bmd.write(list(current.values()), path, bmd.Kind.PERSONS)


def append_bookings(folder: Path, mandant: MandantId, bookings: Sequence[Booking]) -> Path:
    """Append booking lines to the Mandant's working file; returns its path."""
    path = folder / bookings_name(mandant)
    records = read_kind(path, bmd.Kind.BOOKINGS)
    records.extend(bookings)
    bmd.write(records, path, bmd.Kind.BOOKINGS)
    return path
