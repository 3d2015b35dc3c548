"""Working days and seeds: the two sources of rhythm and chance of the emulated office.

A working day is Monday–Friday except Austrian public holidays (``holidays.AT``) — BMD users
book on those days only. Randomness is derived, never shared: each (office seed, Mandant, day)
gets its own ``random.Random`` and ``Faker("de_AT")`` seeded from a SHA-256 of those parts, so a
day's work does not depend on how many days were simulated before in the same process.
"""

from __future__ import annotations

import calendar as _cal
import hashlib
import random
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache

import holidays
from faker import Faker

__all__ = [
    "derive_faker",
    "derive_rng",
    "is_working_day",
    "last_day_of_month",
    "lock_date_for",
    "working_days",
]


@cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("AT", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def working_days(first: date, last: date) -> Iterator[date]:
    """Working days from ``first`` to ``last``, both included."""
    day = first
    while day <= last:
        if is_working_day(day):
            yield day
        day += timedelta(days=1)


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, _cal.monthrange(year, month)[1])


def lock_date_for(day: date) -> date:
    """The Sperrdatum on ``day``: end of the month before last (that month's VAT return is filed)."""
    year, month = day.year, day.month - 2
    if month < 1:
        year, month = year - 1, month + 12
    return last_day_of_month(year, month)


def _seed_int(*parts: object) -> int:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def derive_rng(*parts: object) -> random.Random:
    """A ``random.Random`` seeded from ``parts`` (e.g. office seed, Mandant, day)."""
    return random.Random(_seed_int("rng", *parts))


def derive_faker(*parts: object) -> Faker:
    """A ``Faker("de_AT")`` of its own, seeded from ``parts``."""
    fake = Faker("de_AT")
    fake.seed_instance(_seed_int("faker", *parts))
    return fake
