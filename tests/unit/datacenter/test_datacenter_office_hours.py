"""The opt-in quick start: during office hours the poll answer asks for the office cadence.

The table is by hand: Vienna is UTC+1 in December and UTC+2 in July; 8 December is Mariä
Empfängnis, a public holiday in Austria; 12 December 2026 is a Saturday.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from syncsystem.datacenter.context import Settings, WatchTracker

QUICK = Settings(office_poll_seconds=45)


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime(2026, 12, 7, 5, 59, tzinfo=UTC), False),  # Mon 06:59 Vienna: before hours
        (datetime(2026, 12, 7, 6, 0, tzinfo=UTC), True),  # Mon 07:00
        (datetime(2026, 12, 7, 17, 59, tzinfo=UTC), True),  # Mon 18:59
        (datetime(2026, 12, 7, 18, 0, tzinfo=UTC), False),  # Mon 19:00: after hours
        (datetime(2026, 12, 8, 9, 0, tzinfo=UTC), False),  # Tue 10:00, Mariä Empfängnis
        (datetime(2026, 12, 12, 9, 0, tzinfo=UTC), False),  # Sat 10:00
        (datetime(2026, 7, 6, 5, 30, tzinfo=UTC), True),  # Mon 07:30 summer time
        (datetime(2026, 7, 6, 4, 30, tzinfo=UTC), False),  # Mon 06:30 summer time
    ],
)
def test_office_hours_are_working_days_seven_to_seven_in_vienna(utc: datetime, expected: bool) -> None:
    assert QUICK.in_office_hours(utc) is expected
    hint = WatchTracker().poll_hint("kanzlei", 0.0, QUICK, waiting=False, wall=utc)
    assert hint == (45 if expected else None)


def test_off_by_default_so_agents_poll_every_30_minutes() -> None:
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert not Settings().in_office_hours(monday)
    assert WatchTracker().poll_hint("kanzlei", 0.0, Settings(), waiting=False, wall=monday) is None


def test_a_waiting_request_still_asks_for_the_fast_cadence() -> None:
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    assert WatchTracker().poll_hint("kanzlei", 0.0, QUICK, waiting=True, wall=monday) == 5
