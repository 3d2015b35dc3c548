"""Working days: Monday to Friday minus the public holidays of a country (and region).

The nightly sync runs only on working days Monday–Friday that are not public holidays
("Arbeitstage"). Austria, the default, is built in (`syncsystem.schedule.feiertage`, German names);
a region (Bundesland, e.g. ``"9"`` or ``"Wien"``) is checked but adds no public holiday there.
Other countries come from the ``holidays`` package, imported only for them and only where it is
installed (it is not part of the agent's base install). Pure: a `WorkdayCalendar` answers for any
date without reading a clock; holiday tables are computed once per year and cached.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.schedule.feiertage import bundesland, public_holidays

__all__ = ["WorkdayCalendar"]


@functools.lru_cache(maxsize=64)
def _holidays_of(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    if country.upper() == "AT":
        if subdivision and bundesland(subdivision) is None:
            raise ConfigError(mc.CAL_REGION_AT(region=subdivision))
        return public_holidays(year)
    try:
        import holidays  # noqa: PLC0415 - a country database the agent needs only outside Austria
    except ImportError as exc:
        raise ConfigError(mc.CAL_COUNTRY_PACKAGE(country=country)) from exc
    try:
        table = holidays.country_holidays(country, subdiv=subdivision, years=year, language="en_US")
    except NotImplementedError as exc:
        raise ConfigError(mc.CAL_COUNTRY(country=country)) from exc
    except ValueError as exc:  # an unknown subdivision of a known country
        raise ConfigError(mc.CAL_REGION(region=str(subdivision), country=country)) from exc
    return dict(table.items())


@dataclass(frozen=True, slots=True)
class WorkdayCalendar:
    """Which dates are working days for one installation (country/region, Austria by default)."""

    country: str = "AT"
    subdivision: str | None = None

    def validate(self) -> WorkdayCalendar:
        """Raise `ConfigError` now if country or region are unknown, instead of at 21:00."""
        _holidays_of(self.country, self.subdivision, 2000)
        return self

    def holiday(self, day: date) -> str | None:
        """The public holiday's name on ``day``, or None."""
        return _holidays_of(self.country, self.subdivision, day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Monday–Friday and not a public holiday."""
        return day.weekday() < 5 and self.holiday(day) is None

    def working_days(self, first: date, last: date) -> list[date]:
        """Every working day from ``first`` to ``last`` inclusive."""
        out: list[date] = []
        day = first
        while day <= last:
            if self.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day
