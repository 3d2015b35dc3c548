"""Creating a Mandant: chart, Kostenstellen, person accounts, opening balances and past work days.

Used by :meth:`Office.create` and by the control plane's reset. The history covers the profile's
number of working days before the office's start date; the opening balances (EB) are dated at the
start of the fiscal year that contains the first history day. Everything is a journal change, so a
full export contains the whole history and the cursor starts at the last change.
"""

from __future__ import annotations

from datetime import date, timedelta

from .activity import Day
from .books import Change, MandantBooks
from .chart import STANDARD_CHART
from .generate import make_cost_centre, make_customer, make_mandant, make_supplier
from .profiles import Profile
from .workdays import derive_faker, derive_rng, is_working_day, lock_date_for

__all__ = ["create_mandant", "fiscal_year_start", "history_days"]


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
    setup.opening_balances(fiscal_year_start(days[0], info.fy_start_month))
    changes = list(setup.changes)
    for day in days:
        work = Day(books, day, derive_rng(seed, nr, day), derive_faker(seed, nr, day), profile)
        work.run()
        changes.extend(work.changes)
    return books, changes
