"""Create and update debtors: the next customer number, and the working file ``Stammdaten.csv``.

A new debtor takes the next customer number of the settings — but never one that is already
taken: before handing it out the number is re-synced against BMD's ``Kundenstammdaten.csv`` (if
BMD exported one into the folder), the debtors the interface knows, and the working file. Vertec
leaves this re-sync to a person; doing it here is what keeps the number from colliding when
someone created an address directly in BMD. Everything happens under the folder lock.

The new number goes back to the source system as Vertec writes it into the address: each created
debtor adds a row ``quelle;konto;nachname`` to ``Kundennummern.csv`` in the export folder
(`WRITEBACK_FILE`; ``quelle`` is the id the source system gave the debtor, field ``quelle`` or
``id``), which the source system reads to fill its Personenkonto field. `resync_next_customer`
sets the next number after the highest one BMD, the interface or the working file knows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import AccountNo, PersonAccount
from syncsystem.errors import ConfigError, DataError, Problem
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.picklists import customer_files
from syncsystem.interfaces.settings import (
    InterfaceSettings,
    folder_lock,
    load_settings,
    save_settings,
)
from syncsystem.interfaces.store import InvoiceStore
from syncsystem.interfaces.workfiles import STAMMDATEN, read_kind, upsert_persons
from syncsystem.messages import codes as mc

__all__ = [
    "KUNDENSTAMMDATEN",
    "WRITEBACK_FILE",
    "create_debtors",
    "next_customer_number",
    "resync_next_customer",
    "taken_numbers",
    "update_debtors",
]

KUNDENSTAMMDATEN = "Kundenstammdaten.csv"
WRITEBACK_FILE = "Kundennummern.csv"
_WRITEBACK_HEADER = "quelle;konto;nachname\r\n"


def next_customer_number(start: int, customer_range: tuple[int, int], taken: Iterable[int]) -> int:
    """The first number ≥ ``start`` inside ``customer_range`` that is not ``taken``."""
    low, high = customer_range
    used = set(taken)
    number = max(start, low)
    while number in used:
        number += 1
    if number > high:
        raise ConfigError(mc.IN_DEBTOR_RANGE(low=low, high=high, next=number))
    return number


def taken_numbers(folder: Path, store: InvoiceStore) -> set[AccountNo]:
    """Every customer number in use: BMD's lists, the interface's debtors, the working file."""
    taken = set(store.debtors)
    paths = [path for _, path in customer_files(folder)] + [folder / STAMMDATEN]
    for path in paths:
        taken.update(r.konto for r in read_kind(path, bmd.Kind.PERSONS) if isinstance(r, PersonAccount))
    return taken


def _write_back(folder: Path, created: Sequence[PersonAccount], refs: Sequence[str]) -> None:
    """Append ``quelle;konto;nachname`` per created debtor to the write-back file."""
    path = folder / WRITEBACK_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else _WRITEBACK_HEADER
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for person, ref in zip(created, list(refs) + [""] * len(created), strict=False):
        writer.writerow([ref, person.konto, person.nachname])
    atomic_write_text(path, text + out.getvalue())


def resync_next_customer(folder: Path) -> tuple[int, int]:
    """Set the next customer number after the highest number taken in the customer range.

    Returns (old, new). The highest, not the first gap: a gap may be a number BMD deleted, and
    handing it out again would let an old booking meet a new debtor.
    """
    with folder_lock(folder):
        settings = load_settings(folder)
        low, high = settings.customer_range
        taken = [n for n in taken_numbers(folder, InvoiceStore.load(folder)) if low <= n <= high]
        new = max(taken) + 1 if taken else low
        save_settings(settings.with_next(new))
    return settings.next_customer_number, new


def create_debtors(
    folder: Path, debtors: Iterable[PersonAccount], refs: Sequence[str] = ()
) -> list[PersonAccount]:
    """Give each debtor the next free customer number (and the roles' collective account and payment
    terms where it names none), write it to Stammdaten.csv and the number back for the source
    system (``refs``: the source system's id of each debtor, in order)."""
    with folder_lock(folder):
        settings: InterfaceSettings = load_settings(folder)
        store = InvoiceStore.load(folder)
        taken = taken_numbers(folder, store)
        created: list[PersonAccount] = []
        number = settings.next_customer_number
        for debtor in debtors:
            number = next_customer_number(number, settings.customer_range, taken)
            person = settings.roles.complete(replace(debtor, konto=number))
            taken.add(number)
            created.append(person)
            number += 1
        if not created:
            return []
        upsert_persons(folder, created)
        for person in created:
            store.debtors[person.konto] = person
        store.save()
        save_settings(settings.with_next(number))
        _write_back(folder, created, refs)
    return created


def update_debtors(folder: Path, debtors: Iterable[PersonAccount], source: str) -> list[PersonAccount]:
    """Overwrite known debtors (identified by account number) in Stammdaten.csv."""
    items = list(debtors)
    with folder_lock(folder):
        store = InvoiceStore.load(folder)
        bmd_known = {
            r.konto
            for r in read_kind(folder / KUNDENSTAMMDATEN, bmd.Kind.PERSONS)
            if isinstance(r, PersonAccount)
        }
        problems = [
            Problem.of(source, 0, "konto", mc.IN_DEBTOR_UNKNOWN(konto=d.konto))
            for d in items
            if d.konto not in store.debtors and d.konto not in bmd_known
        ]
        if problems:
            raise DataError(problems, mc.IN_REFUSED_UPDATE())
        upsert_persons(folder, items)
        for person in items:
            store.debtors[person.konto] = person
        store.save()
    return items
