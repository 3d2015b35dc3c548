"""How the German feature files write values, and the one place the step modules read them.

Austrian tax advisors review the Gherkin, so values appear as they write them: dates ``02.03.2026``,
times ``21:00``, moments ``03.03.2026 um 07:30`` (Vienna local time), amounts ``1.310,00 €``
(decimal comma, thousands point, the euro sign optional), counts as digits (``4.000``) or words
(``ein``, ``keine``), Vienna's UTC offsets as ``MEZ``/``MESZ``, lists as ``1001 und 1002`` or
``"V-1" und "V-2"``. `step` compiles a step pattern with these as parse types (``{day:Datum}``,
``{gross:Betrag}``, ``{ids:Nummern}``, ``{mandant:Mandant}`` …), so a value written in another
format — an ISO date, a decimal point — leaves the step unbound and the scenario fails instead of
being read wrongly. Step modules import this module relatively
(``from ..gherkin_values import step``), which ``--import-mode=importlib`` resolves from the rootdir.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import parse
from pytest_bdd import parsers

from syncsystem.clock import DEFAULT_TZ

__all__ = [
    "TYPES",
    "austrian_zone",
    "parse_amount",
    "parse_count",
    "parse_date",
    "parse_datetime",
    "parse_list",
    "parse_time",
    "step",
]

_DATE = r"\d{2}\.\d{2}\.\d{4}"
_TIME = r"\d{2}:\d{2}"
_AMOUNT = r"(?:€ ?)?-?\d{1,3}(?:\.\d{3})*,\d{2}(?: ?€)?"
_WORDS = {
    "kein": 0,
    "keine": 0,
    "ein": 1,
    "eine": 1,
    "einen": 1,
    "einem": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
}
_NUMBERS = r"\d+(?:(?:, | und )\d+)*"
_COUNT = r"\d{1,3}(?:\.\d{3})+|\d+|" + "|".join(sorted(_WORDS, key=len, reverse=True))
# Offsets of Europe/Vienna as Austrians name them: Mitteleuropäische (Sommer-)Zeit.
_ZONE_NAMES = {"+01:00": "MEZ", "+02:00": "MESZ"}


def parse_date(text: str) -> date:
    """``02.03.2026`` → 2 March 2026."""
    if not re.fullmatch(_DATE, text.strip()):
        raise ValueError(f"date {text!r} is not written as TT.MM.JJJJ")
    return datetime.strptime(text.strip(), "%d.%m.%Y").date()


def parse_time(text: str) -> time:
    """``21:00`` (optionally followed by ``Uhr``) → 21:00."""
    clean = text.strip().removesuffix("Uhr").strip()
    if not re.fullmatch(_TIME, clean):
        raise ValueError(f"time {text!r} is not written as hh:mm")
    return datetime.strptime(clean, "%H:%M").time()


def parse_datetime(text: str) -> datetime:
    """``03.03.2026 um 07:30`` (``um`` optional) → that moment in Vienna local time."""
    day, _, clock = text.strip().partition(" ")
    return datetime.combine(parse_date(day), parse_time(clock.removeprefix("um ")), tzinfo=DEFAULT_TZ)


def parse_amount(text: str) -> Decimal:
    """``1.310,00 €`` → Decimal("1310.00"); thousands points must group by three."""
    if not re.fullmatch(_AMOUNT, text.strip()):
        raise ValueError(f"amount {text!r} is not written as 1.310,00")
    digits = text.strip().strip("€ ").replace(".", "").replace(",", ".")
    return Decimal(digits)


def parse_count(text: str) -> int:
    """``4.000`` → 4000, ``ein``/``eine`` → 1, ``keine`` → 0, ``sechs`` → 6."""
    clean = text.strip()
    if clean.lower() in _WORDS:
        return _WORDS[clean.lower()]
    if not re.fullmatch(_COUNT, clean):
        raise ValueError(f"count {text!r} is neither digits nor a number word")
    return int(clean.replace(".", ""))


def parse_list(text: str) -> list[str]:
    """``"V-1" und "V-2"`` or ``1001, 1002 und 1003`` → the items, in order."""
    quoted = re.findall(r'"([^"]*)"', text)
    if quoted:
        return quoted
    return [part.strip() for part in re.split(r",| und ", text) if part.strip()]


def austrian_zone(offset: str) -> str:
    """``+01:00`` → ``MEZ``, ``+02:00`` → ``MESZ``; any other offset stays as written, to show up."""
    return _ZONE_NAMES.get(offset, offset)


def _typed(pattern: str, convert: Any) -> Any:
    def typed(text: str) -> Any:  # a fresh function: parse sets the pattern as its attribute
        return convert(text)

    return parse.with_pattern(pattern)(typed)


TYPES: dict[str, Any] = {
    "Datum": _typed(_DATE, parse_date),
    "Uhrzeit": _typed(_TIME, parse_time),
    "Zeitpunkt": _typed(rf"{_DATE} um {_TIME}", parse_datetime),
    "Betrag": _typed(_AMOUNT, parse_amount),
    "Anzahl": _typed(_COUNT, parse_count),
    "Nummern": _typed(_NUMBERS, parse_list),
    "Mandant": _typed(r"\d+", str),
}


def step(pattern: str) -> parsers.parse:
    """A pytest-bdd parse pattern that knows the German value types of `TYPES`."""
    return parsers.parse(pattern, extra_types=TYPES)
