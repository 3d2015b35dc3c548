"""Unit tests of Austria's public holidays, against the hand-written official table.

The expected dates and names are copied from ``shared/reference/oracles.md`` (Feiertagsruhegesetz
1957 §7, 2026–2028, written by hand), and well-known Easter dates from the published tables; none
comes from the code under test or from the ``holidays`` package.
"""

from __future__ import annotations

from datetime import date

import pytest

from syncsystem.errors import ConfigError
from syncsystem.schedule.feiertage import bundesland, easter_sunday, holiday_names, public_holidays
from syncsystem.schedule.workdays import WorkdayCalendar

# oracles.md, "Austrian public holidays (bundesweit), 2026–2028": Datum, Feiertag, fällt auf Mo–Fr
ORACLE = """
01.01.2026 Neujahr ja
06.01.2026 Heilige Drei Könige ja
06.04.2026 Ostermontag ja
01.05.2026 Staatsfeiertag ja
14.05.2026 Christi Himmelfahrt ja
25.05.2026 Pfingstmontag ja
04.06.2026 Fronleichnam ja
15.08.2026 Mariä Himmelfahrt nein
26.10.2026 Nationalfeiertag ja
01.11.2026 Allerheiligen nein
08.12.2026 Mariä Empfängnis ja
25.12.2026 Christtag ja
26.12.2026 Stefanitag nein
01.01.2027 Neujahr ja
06.01.2027 Heilige Drei Könige ja
29.03.2027 Ostermontag ja
01.05.2027 Staatsfeiertag nein
06.05.2027 Christi Himmelfahrt ja
17.05.2027 Pfingstmontag ja
27.05.2027 Fronleichnam ja
15.08.2027 Mariä Himmelfahrt nein
26.10.2027 Nationalfeiertag ja
01.11.2027 Allerheiligen ja
08.12.2027 Mariä Empfängnis ja
25.12.2027 Christtag nein
26.12.2027 Stefanitag nein
01.01.2028 Neujahr nein
06.01.2028 Heilige Drei Könige ja
17.04.2028 Ostermontag ja
01.05.2028 Staatsfeiertag ja
25.05.2028 Christi Himmelfahrt ja
05.06.2028 Pfingstmontag ja
15.06.2028 Fronleichnam ja
15.08.2028 Mariä Himmelfahrt ja
26.10.2028 Nationalfeiertag ja
01.11.2028 Allerheiligen ja
08.12.2028 Mariä Empfängnis ja
25.12.2028 Christtag ja
26.12.2028 Stefanitag ja
"""


def _oracle() -> list[tuple[date, str, bool]]:
    rows = []
    for cell in ORACLE.splitlines():
        if cell.strip():
            day, rest = cell.strip().split(" ", 1)
            name, weekday = rest.rsplit(" ", 1)
            dd, mm, yyyy = day.split(".")
            rows.append((date(int(yyyy), int(mm), int(dd)), name, weekday == "ja"))
    return rows


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_public_holidays_match_the_official_table(year: int) -> None:
    """Each year has exactly the 13 days of the official table, with their German names."""
    expected = {day: name for day, name, _ in _oracle() if day.year == year}
    assert len(expected) == 13
    assert dict(public_holidays(year)) == expected


def test_working_days_follow_the_table_monday_to_friday() -> None:
    """A holiday on Monday–Friday is no working day; the day after it (if Mon–Fri, no holiday) is."""
    cal = WorkdayCalendar()
    holidays = {day for day, _, _ in _oracle()}
    for day, name, on_weekday in _oracle():
        assert (day.weekday() < 5) == on_weekday, f"oracle row {day} {name}"
        assert not cal.is_working_day(day)
        assert cal.holiday(day) == name
    assert cal.is_working_day(date(2026, 4, 7)) and cal.is_working_day(date(2026, 12, 24))
    assert cal.is_working_day(date(2026, 12, 31)) and cal.is_working_day(date(2026, 4, 3))  # Karfreitag
    assert cal.working_days(date(2026, 12, 21), date(2027, 1, 8)) == [
        *(date(2026, 12, d) for d in (21, 22, 23, 24, 28, 29, 30, 31)),
        *(date(2027, 1, d) for d in (4, 5, 7, 8)),
    ]
    assert not holidays & set(cal.working_days(date(2026, 1, 1), date(2028, 12, 31)))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),  # oracles.md
        (1818, date(1818, 3, 22)),
        (2285, date(2285, 3, 22)),  # the earliest possible date
        (1943, date(1943, 4, 25)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2000, date(2000, 4, 23)),
        (2008, date(2008, 3, 23)),
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (1583, date(1583, 4, 10)),  # the first full year of the Gregorian calendar
    ],
)
def test_easter_sunday_by_the_gregorian_computus(year: int, expected: date) -> None:
    """Easter Sunday matches the published dates, including the extremes 22 March and 25 April."""
    assert easter_sunday(year) == expected


def test_ascension_on_labour_day_keeps_both_names() -> None:
    """In 2008 Christi Himmelfahrt fell on 1 May: one holiday, 12 dates, both names kept."""
    days = public_holidays(2008)
    assert days[date(2008, 5, 1)] == "Staatsfeiertag, Christi Himmelfahrt" and len(days) == 12


def test_names_and_regions() -> None:
    """All 13 names in German; a Bundesland by code, name or abbreviation, anything else refused."""
    assert holiday_names() == (
        "Neujahr",
        "Heilige Drei Könige",
        "Staatsfeiertag",
        "Mariä Himmelfahrt",
        "Nationalfeiertag",
        "Allerheiligen",
        "Mariä Empfängnis",
        "Christtag",
        "Stefanitag",
        "Ostermontag",
        "Christi Himmelfahrt",
        "Pfingstmontag",
        "Fronleichnam",
    )
    iso_3166_2_at = {  # ISO 3166-2:AT: AT-1 … AT-9, with the usual abbreviations
        "1": ("Burgenland", "B", "Bgld"),
        "2": ("Kärnten", "K", "Ktn"),
        "3": ("Niederösterreich", "N", "NÖ"),
        "4": ("Oberösterreich", "O", "OÖ"),
        "5": ("Salzburg", "S", "Sbg"),
        "6": ("Steiermark", "St", "Stmk"),
        "7": ("Tirol", "T"),
        "8": ("Vorarlberg", "V", "Vbg"),
        "9": ("Wien", "W"),
    }
    for code, names in iso_3166_2_at.items():
        assert {bundesland(n) for n in (code, *names, names[0].upper(), f" {names[1].lower()} ")} == {code}
    assert bundesland("10") is None and bundesland("Bayern") is None and bundesland("") is None
    assert WorkdayCalendar("AT", "Tirol").validate().holiday(date(2026, 10, 26)) == "Nationalfeiertag"
    with pytest.raises(ConfigError, match="Austrian region"):
        WorkdayCalendar("AT", "10").validate()
    with pytest.raises(ValueError, match="Gregorian"):
        easter_sunday(1582)
