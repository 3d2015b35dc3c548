"""Pick lists from BMD: number and designation of person accounts, ledger accounts, cost centres.

BMD exports one file per kind into the export folder — ``Kundenstammdaten.csv``,
``Sachkonten.csv``, ``Kostenstellen.csv`` (seed 002) — without any Mandant reference, so a list
is only meaningful where the Mandanten share it (chart of accounts, cost centres). Person accounts
are per Mandant by nature, so BMD's customer list may also be exported once per Mandant as
``Kundenstammdaten_<Mandant>.csv``: the customer pick list then says which Mandant each entry is
from (`read_customers`). A missing file is an empty list; a broken one is refused with its problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import CostCentre, LedgerAccount, PersonAccount
from syncsystem.errors import DataError
from syncsystem.messages import codes as mc

__all__ = ["PickItem", "PickList", "customer_files", "read_customers", "read_picklist"]


class PickList(Enum):
    """The three pick lists and the file each is read from."""

    CUSTOMERS = "Kundenstammdaten.csv"
    ACCOUNTS = "Sachkonten.csv"
    COSTCENTRES = "Kostenstellen.csv"


_KINDS = {
    PickList.CUSTOMERS: bmd.Kind.PERSONS,
    PickList.ACCOUNTS: bmd.Kind.ACCOUNTS,
    PickList.COSTCENTRES: bmd.Kind.COSTCENTRES,
}


@dataclass(frozen=True, slots=True)
class PickItem:
    """One entry of a pick list."""

    number: str
    designation: str


def _item(record: object) -> PickItem:
    if isinstance(record, PersonAccount):
        name = " ".join(part for part in (record.nachname, record.vorname) if part)
        return PickItem(str(record.konto), name)
    if isinstance(record, LedgerAccount):
        return PickItem(str(record.konto), record.bezeichnung)
    if isinstance(record, CostCentre):
        return PickItem(record.kost, record.bezeichnung)
    raise TypeError(f"no pick list entry for {type(record).__name__}")


def read_picklist(folder: Path, which: PickList) -> list[PickItem]:
    """The entries of one pick list, sorted by number."""
    path = folder / which.value
    if not path.exists():
        return []
    result = bmd.read(path, _KINDS[which])
    if result.problems:
        raise DataError(result.problems, mc.IN_REFUSED_PICKLIST(name=str(path)))
    items = [_item(r) for r in result.records]
    return sorted(items, key=lambda i: (len(i.number), i.number))


_PER_MANDANT = re.compile(r"^Kundenstammdaten_([A-Za-z0-9][A-Za-z0-9-]{0,19})\.csv$")


def customer_files(folder: Path) -> list[tuple[str, Path]]:
    """BMD's customer lists in ``folder``: ``("", Kundenstammdaten.csv)`` and one per Mandant."""
    found = [("", folder / PickList.CUSTOMERS.value)] if (folder / PickList.CUSTOMERS.value).exists() else []
    if folder.is_dir():
        for path in sorted(folder.glob("Kundenstammdaten_*.csv")):
            match = _PER_MANDANT.match(path.name)
            if match:
                found.append((match.group(1), path))
    return found


def read_customers(folder: Path) -> list[tuple[str, PickItem]]:
    """Every customer of BMD's lists with its Mandant (``""``: the list names none), by Mandant and number."""
    entries: list[tuple[str, PickItem]] = []
    for mandant, path in customer_files(folder):
        result = bmd.read(path, bmd.Kind.PERSONS)
        if result.problems:
            raise DataError(result.problems, mc.IN_REFUSED_PICKLIST(name=str(path)))
        entries.extend((mandant, _item(r)) for r in result.records)
    return sorted(entries, key=lambda e: (e[0], len(e[1].number), e[1].number))
