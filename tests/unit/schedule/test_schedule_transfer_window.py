"""Issue 11 §4: a missed transfer slot is never caught up between 22:00 and 06:00.

Expected values are a table written by hand (Vienna wall times, CET/CEST as the calendar says),
not computed by the code under test.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest

from syncsystem.clock import DEFAULT_TZ as VIENNA
from syncsystem.clock import SimulatedClock
from syncsystem.schedule.recurrence import (
    Daily,
    EveryMinutes,
    Recurrence,
    Weekly,
    due_slot,
    in_window,
    next_allowed,
    next_run,
)
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.jobs import Services
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.slots import next_wakeup, run_due
from syncsystem.transfer.store import TransferStore

START = datetime(2026, 1, 1, tzinfo=VIENNA)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VIENNA)


DAILY_22 = Daily(time(22, 0))
HOURLY = EveryMinutes(60)
FRIDAY_2130 = Weekly(frozenset({4}), time(21, 30))

# rule, last slot that ran, now → slot due now (None: not now), when the next run happens
TABLE: list[tuple[str, Recurrence, str | None, str, str | None, str]] = [
    # the report: Monday's 22:00 missed, host up at 03:47 → nothing now, the catch-up at 06:00
    ("missed 22:00, up at 03:47", DAILY_22, "2026-03-01 22:00", "2026-03-03 03:47", None, "2026-03-03 06:00"),
    (
        "at 06:00 it runs",
        DAILY_22,
        "2026-03-01 22:00",
        "2026-03-03 06:00",
        "2026-03-02 22:00",
        "2026-03-03 06:00",
    ),
    (
        "on time at 22:00",
        DAILY_22,
        "2026-03-01 22:00",
        "2026-03-02 22:00",
        "2026-03-02 22:00",
        "2026-03-02 22:00",
    ),
    (
        "a busy worker, 22:10",
        DAILY_22,
        "2026-03-01 22:00",
        "2026-03-02 22:10",
        "2026-03-02 22:00",
        "2026-03-02 22:10",
    ),
    ("22:16 is a catch-up", DAILY_22, "2026-03-01 22:00", "2026-03-02 22:16", None, "2026-03-03 06:00"),
    ("already ran, 03:47", DAILY_22, "2026-03-02 22:00", "2026-03-03 03:47", None, "2026-03-03 22:00"),
    ("up at 23:59", DAILY_22, "2026-03-01 22:00", "2026-03-02 23:59", None, "2026-03-03 06:00"),
    ("up at 05:59", DAILY_22, "2026-03-01 22:00", "2026-03-03 05:59", None, "2026-03-03 06:00"),
    (
        "in the window a catch-up runs at once",
        Daily(time(14, 0)),
        "2026-03-01 14:00",
        "2026-03-02 15:30",
        "2026-03-02 14:00",
        "2026-03-02 15:30",
    ),
    (
        "hourly, down from 21:30 to 23:30",
        HOURLY,
        "2026-03-02 21:00",
        "2026-03-02 23:30",
        None,
        "2026-03-03 06:00",
    ),
    (
        "hourly at 06:00 the missed ones collapse into 06:00",
        HOURLY,
        "2026-03-02 21:00",
        "2026-03-03 06:00",
        "2026-03-03 06:00",
        "2026-03-03 06:00",
    ),
    (
        "weekly Friday 21:30 missed, Saturday 01:00",
        FRIDAY_2130,
        "2026-02-27 21:30",
        "2026-03-07 01:00",
        None,
        "2026-03-07 06:00",
    ),
    # 29 March 2026: clocks go forward at 02:00; 06:00 is CEST (+02:00)
    ("DST night", DAILY_22, "2026-03-27 22:00", "2026-03-29 03:30", None, "2026-03-29 06:00"),
    # 25 October 2026: clocks go back at 03:00; a catch-up waits through the doubled hour
    ("DST back", DAILY_22, "2026-10-23 22:00", "2026-10-25 02:30", None, "2026-10-25 06:00"),
]


@pytest.mark.parametrize(("case", "rule", "last", "now", "due", "next_at"), TABLE, ids=[t[0] for t in TABLE])
def test_missed_slots_wait_for_the_window(
    case: str, rule: Recurrence, last: str | None, now: str, due: str | None, next_at: str
) -> None:
    """Each row: what is due at ``now`` and when the next run is, as written by hand."""
    moment = at(now)
    answer = due_slot(rule, at(last) if last else None, START, moment, VIENNA)
    assert answer == (at(due) if due else None)
    if answer is not None:
        assert in_window(moment, VIENNA) or (moment - answer).total_seconds() <= 15 * 60
    assert next_run(rule, at(last) if last else None, START, moment, VIENNA) == at(next_at)


def test_next_allowed_by_hand() -> None:
    """In the window a moment stays; after 22:00 it moves to tomorrow 06:00, before 06:00 to today's."""
    assert next_allowed(at("2026-03-02 22:00"), VIENNA) == at("2026-03-02 22:00")
    assert next_allowed(at("2026-03-02 22:00:01"), VIENNA) == at("2026-03-03 06:00")
    assert next_allowed(at("2026-03-03 00:00"), VIENNA) == at("2026-03-03 06:00")
    assert next_allowed(at("2026-03-03 06:00"), VIENNA) == at("2026-03-03 06:00")
    assert next_allowed(at("2026-12-31 23:00"), VIENNA) == at("2027-01-01 06:00")
    assert next_allowed(at("2026-03-29 01:00"), VIENNA).utcoffset().total_seconds() == 7200  # type: ignore[union-attr]


def test_run_due_at_0347_leaves_the_missed_2200_slot_for_0600(tmp_path: Path) -> None:
    """`transfer run-due` at 03:47 after a missed 22:00 runs nothing; the agent wakes at 06:00 for it."""
    clock = SimulatedClock(at("2026-03-02 08:00"))
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    (tmp_path / "inbox").mkdir()
    job = parse_job(
        {
            "name": "stb",
            "source_dir": str(tmp_path / "quelle"),
            "target": {"protocol": "folder", "directory": str(tmp_path / "inbox")},
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "daily", "at": "22:00"},
        },
        box.seal,
        VIENNA,
    )
    with TransferStore.open(tmp_path / "state") as store:
        store.add_job("stb", to_mapping(job), clock.now(), replace=False)
        services = Services(store, box, clock)
        clock.advance(at("2026-03-03 03:47") - clock.now())  # the host was down over Monday 22:00
        assert run_due(services) == []
        assert next_wakeup(services) == at("2026-03-03 06:00")
        clock.advance(at("2026-03-03 06:00") - clock.now())
        ran = run_due(services)
        assert len(ran) == 1 and store.state("stb").last_slot == at("2026-03-02 22:00")
        assert next_wakeup(services) == at("2026-03-03 22:00")
