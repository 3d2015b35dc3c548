"""The OP list's preamble: the "per <Tag>. <Monat> <Jahr>" date line BMD writes above the header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = ["parse_as_of"]

_MONTHS = {
    "jänner": 1, "januar": 1, "jaenner": 1, "februar": 2, "feber": 2, "märz": 3, "maerz": 3, "april": 4,
    "mai": 5, "juni": 6, "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11,
    "dezember": 12,
}  # fmt: skip
_PER_DATE = re.compile(r"per\s+(\d{1,2})\.\s*([^\W\d_]+)\s+(\d{4})", re.IGNORECASE)


def parse_as_of(lines: Sequence[tuple[int, str | bytes]], label: str) -> tuple[date | None, list[Problem]]:
    """The date of the first preamble line that names one, or the problem why there is none."""
    for number, text in lines:
        if not isinstance(text, str):
            continue
        match = _PER_DATE.search(text)
        if match is None:
            continue
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name.lower())
        try:
            return date(int(year), month or 0, int(day)), []
        except ValueError:
            return None, [Problem.of(label, number, "", mc.PREAMBLE_BAD_DATE(text=match.group(0)))]
    if lines:
        return None, [Problem.of(label, lines[0][0], "", mc.PREAMBLE_NO_DATE())]
    return None, []
