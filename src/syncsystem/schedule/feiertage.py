"""Austria's public holidays (bundesweit), computed without any holiday package.

The Feiertagsruhegesetz 1957 §7 names 13 days: nine on fixed dates and four that move with Easter
Sunday (Ostermontag +1, Christi Himmelfahrt +39, Pfingstmontag +50, Fronleichnam +60 days). Easter
Sunday comes from the Gregorian computus (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
Karfreitag is no public holiday since 2019, 24.12. and 31.12. never were. The Bundesländer add no
public holidays of their own (a Landespatron's day is a school and office holiday, not one under the
law), so one table serves every region. Names are the German ones Austrian offices use; other
modules (messages, the demo) take them from `holiday_names` or `public_holidays`. Pure and small, so
the agent's worker needs no country database to know its working days.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

__all__ = ["BUNDESLAENDER", "bundesland", "easter_sunday", "holiday_names", "public_holidays"]

# Fixed-date holidays as (month, day, name), in calendar order.
_FIXED: Final = (
    (1, 1, "Neujahr"),
    (1, 6, "Heilige Drei Könige"),
    (5, 1, "Staatsfeiertag"),
    (8, 15, "Mariä Himmelfahrt"),
    (10, 26, "Nationalfeiertag"),
    (11, 1, "Allerheiligen"),
    (12, 8, "Mariä Empfängnis"),
    (12, 25, "Christtag"),
    (12, 26, "Stefanitag"),
)
# Movable holidays as (days after Easter Sunday, name).
_MOVABLE: Final = (
    (1, "Ostermontag"),
    (39, "Christi Himmelfahrt"),
    (50, "Pfingstmontag"),
    (60, "Fronleichnam"),
)
# Bundesland codes (ISO 3166-2:AT numbers) and the names and abbreviations a profile may use.
BUNDESLAENDER: Final = MappingProxyType(
    {
        "1": "Burgenland",
        "2": "Kärnten",
        "3": "Niederösterreich",
        "4": "Oberösterreich",
        "5": "Salzburg",
        "6": "Steiermark",
        "7": "Tirol",
        "8": "Vorarlberg",
        "9": "Wien",
    }
)
_REGION_ALIASES: Final = {
    **{code: code for code in BUNDESLAENDER},
    **{name.casefold(): code for code, name in BUNDESLAENDER.items()},
    "b": "1",
    "bgld": "1",
    "k": "2",
    "ktn": "2",
    "n": "3",
    "nö": "3",
    "o": "4",
    "oö": "4",
    "s": "5",
    "sbg": "5",
    "st": "6",
    "stmk": "6",
    "t": "7",
    "v": "8",
    "vbg": "8",
    "w": "9",
}
_FIRST_YEAR: Final = 1583  # the first full year of the Gregorian calendar


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (anonymous Gregorian computus)."""
    if year < _FIRST_YEAR:
        raise ValueError(f"year {year}: the Gregorian computus applies from {_FIRST_YEAR}")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own letter
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def bundesland(region: str) -> str | None:
    """The Bundesland code ("1"–"9") for a code, name or abbreviation (``"W"``, ``"Wien"``), or None."""
    return _REGION_ALIASES.get(region.strip().casefold())


@functools.lru_cache(maxsize=64)
def public_holidays(year: int) -> MappingProxyType[date, str]:
    """Every public holiday of ``year`` → its German name, in date order (13 entries)."""
    easter = easter_sunday(year)
    days = {date(year, month, day): name for month, day, name in _FIXED}
    for offset, name in _MOVABLE:
        day = easter + timedelta(days=offset)
        # Christi Himmelfahrt falls on 1 May when Easter is on 23 March (2008, 2160): one day, both names.
        days[day] = f"{days[day]}, {name}" if day in days else name
    return MappingProxyType(dict(sorted(days.items())))


def holiday_names() -> tuple[str, ...]:
    """The 13 holidays' German names: the fixed ones in calendar order, then the movable ones."""
    return tuple(name for _, _, name in _FIXED) + tuple(name for _, name in _MOVABLE)
