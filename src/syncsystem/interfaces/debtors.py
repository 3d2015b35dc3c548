"""Create and update debtors: the next customer number, and the working file ``Stammdaten.csv``.

A new debtor takes the next customer number of the settings — but never one that is already
taken: before handing it out the number is re-synced against BMD's ``Kundenstammdaten.csv`` (if
BMD exported one into the folder), the debtors the interface knows, and the working file. Vertec
leaves this re-sync to a person; doing it here is what keeps the number from colliding when
someone created an address directly in BMD. Everything happens under the folder lock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import AccountNo, PersonAccount
from syncsystem.errors import ConfigError, DataError, Problem
from syncsystem.interfaces.settings import folder_lock, load_settings, save_settings
from syncsystem.interfaces.store import InvoiceStore
from syncsystem.interfaces.workfiles import STAMMDATEN, read_kind, upsert_persons
from syncsystem.messages import codes as mc

__all__ = ["KUNDENSTAMMDATEN", "create_debtors", "next_customer_number", "update_debtors"]

KUNDENSTAMMDATEN = "Kundenstammdaten.csv"


def next_customer_number(start: int, customer_range: tuple[int, int], taken: Iterable[int]) -> int:
    """The first number ≥ ``start`` inside ``customer_range`` that is not ``taken``."""
    low, high = customer_range
    used = set(taken)
    number = max(start, low)
    while number in used:
        number += 1
    if number > high:
        raise ConfigError(f"BMD customer range {low}–{high} is exhausted (next would be {number})")
    return number


def _taken_numbers(folder: Path, store: InvoiceStore) -> set[AccountNo]:
    taken = set(store.debtors)
    for name in (KUNDENSTAMMDATEN, STAMMDATEN):
        taken.update(r.konto for r in read_kind(folder / name, bmd.Kind.PERSONS)
                     if isinstance(r, PersonAccount))
    return taken


def create_debtors(folder: Path, debtors: Iterable[PersonAccount]) -> list[PersonAccount]:
    """Give each debtor the next free customer number and write it to Stammdaten.csv."""
    with folder_lock(folder):
        settings = load_settings(folder)
        store = InvoiceStore.load(folder)
        taken = _taken_numbers(folder, store)
        created: list[PersonAccount] = []
        number = settings.next_customer_number
        for debtor in debtors:
            number = next_customer_number(number, settings.customer_range, taken)
            person = replace(debtor, konto=number)
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
    return created


def update_debtors(folder: Path, debtors: Iterable[PersonAccount], source: str) -> list[PersonAccount]:
    """Overwrite known debtors (identified by account number) in Stammdaten.csv."""
    items = list(debtors)
    with folder_lock(folder):
        store = InvoiceStore.load(folder)
        bmd_known = {r.konto for r in read_kind(folder / KUNDENSTAMMDATEN, bmd.Kind.PERSONS)
                     if isinstance(r, PersonAccount)}
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
