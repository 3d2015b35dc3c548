"""Creating a Mandant: chart, Kostenstellen, person accounts, opening balances and past work days.

Used by :meth:`Office.create` and by the control plane's reset. The history covers the profile's
number of working days before the office's start date; the opening balances (EB) are dated at the
start of the fiscal year that contains the first history day. Everything is a journal change, so a
full export contains the whole history and the cursor starts at the last change.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from syncsystem.bmd.records import Booking, Buchcode

from .activity import Day
from .books import Change, MandantBooks
from .chart import BANK, CASH, OPENING_BALANCE, STANDARD_CHART
from .generate import make_cost_centre, make_customer, make_mandant, make_supplier
from .posting import ZERO, Document, money
from .profiles import Profile
from .workdays import derive_faker, derive_rng, is_working_day, lock_date_for

__all__ = ["create_mandant", "fiscal_year_start", "history_days", "opening_balances"]


def history_days(start: date, count: int) -> list[date]:
    """The ``count`` working days before ``start``, oldest first."""
    days: list[date] = []
    day = start - timedelta(days=1)
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def fiscal_year_start(day: date, first_month: int) -> date:
    """First day of the fiscal year (starting in ``first_month``) that contains ``day``."""
    year = day.year if day.month >= first_month else day.year - 1
    return date(year, first_month, 1)


def create_mandant(seed: int, nr: str, profile: Profile, start: date) -> tuple[MandantBooks, list[Change]]:
    """A new Mandant with its whole history; returns its books and the journal changes to store."""
    rng = derive_rng(seed, nr, "stammdaten")
    fake = derive_faker(seed, nr, "stammdaten")
    info = make_mandant(nr, rng, fake, lock_date_for(start))
    books = MandantBooks(info)
    days = history_days(start, profile.history_days)
    setup = Day(books, days[0], rng, fake, profile)
    for account in STANDARD_CHART:
        setup.emit(account)
    for index in range(profile.cost_centres):
        setup.emit(make_cost_centre(index))
    for index in range(profile.customers):
        # Customer 200003 is always a Swiss export client, so every Mandant has 0 % invoices.
        setup.emit(make_customer(200001 + index, rng, fake, export_client=index == 2))
    for index in range(profile.suppliers):
        setup.emit(make_supplier(300001 + index, rng, fake))
    opening_balances(setup, fiscal_year_start(days[0], info.fy_start_month))
    changes = list(setup.changes)
    for day in days:
        work = Day(books, day, derive_rng(seed, nr, day), derive_faker(seed, nr, day), profile)
        work.run()
        changes.extend(work.changes)
    return books, changes


def opening_balances(work: Day, fy_start: date) -> None:
    """EB postings at the start of the fiscal year: bank, cash, equity and some open items."""
    lines: list[tuple[int, Buchcode, Decimal]] = [
        (BANK, Buchcode.SOLL, money(work.rng.uniform(5000, 250000))),
        (CASH, Buchcode.SOLL, money(work.rng.uniform(200, 3000))),
    ]
    for base, code, sign in ((200000, Buchcode.SOLL, 1), (300000, Buchcode.HABEN, -1)):
        for _ in range(3):
            person = work.pick_person(base)
            if person is not None:
                lines.append((person.konto, code, sign * work.net()))
    total = sum((amount for _, _, amount in lines), ZERO)
    lines.append((9000, Buchcode.HABEN, -total))
    for konto, code, amount in lines:
        nr = str(work.books.next_number("EB", 1))
        work.emit(
            Document(
                "EB",
                nr,
                fy_start,
                (
                    Booking(
                        konto=konto,
                        gkonto=OPENING_BALANCE,
                        belegnr=nr,
                        belegdatum=fy_start,
                        buchdatum=fy_start,
                        buchcode=code,
                        betrag=amount,
                        buchsymbol="EB",
                        text="Eröffnungsbilanz",
                        ebkennz=1,
                        periode=1,
                    ),
                ),
            )
        )
