"""The BMD-Konfiguration page's export form: a missing or unreadable period is named at its own
field in German (the wording by hand from de.po), never by the form's internal names."""

from __future__ import annotations

import re
from typing import Any

import pytest

REQUIRED = "Pflichtfeld: bitte ausfüllen"
_ERROR = re.compile(r'<span class="feldfehler" id="([a-z]+)-fehler" role="alert">([^<]*)</span>')


def _export(world: Any, **fields: str) -> Any:
    client = world.client()
    csrf = world.login(client, "bernd")
    return client.post("/bmd-konfiguration/export", data={**fields, "csrf": csrf})


def _field_errors(page: str) -> dict[str, str]:
    return dict(_ERROR.findall(page))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"period": "month", "month": ""}, {"month": REQUIRED}),
        ({"period": "day", "day": ""}, {"day": REQUIRED}),
        ({"period": "custom", "start": "2026-03-01", "end": ""}, {"end": REQUIRED}),
        ({"period": "custom", "start": "", "end": ""}, {"start": REQUIRED, "end": REQUIRED}),
    ],
)
def test_an_empty_period_field_is_a_required_field_at_itself(
    office_world: Any, fields: dict[str, str], expected: dict[str, str]
) -> None:
    """The empty field of the chosen kind says 'Pflichtfeld' where it is, and only there."""
    answer = _export(office_world, **fields)
    assert answer.status_code == 400
    assert _field_errors(answer.text) == expected


def test_a_month_typed_the_german_way_is_refused_in_german_words(office_world: Any) -> None:
    """A browser without a month picker lets '03.2026' through: the refusal names 'Monat', not 'month'."""
    answer = _export(office_world, period="month", month="03.2026")
    assert answer.status_code == 400
    assert _field_errors(answer.text) == {
        "month": "Zeitraum Monat: &#39;03.2026&#39; ist kein gültiges Datum (Monat JJJJ-MM, Tag JJJJ-MM-TT)"
    }
