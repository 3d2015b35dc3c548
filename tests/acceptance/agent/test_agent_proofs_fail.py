"""The agent scenarios' steps fail when the behaviour they describe is taken out of the product.

Each test breaks one thing on purpose — the holiday calendar, the outage, the kill — runs the same
driver the scenario uses, and expects the scenario's own step to raise. A step that still passed
here would prove nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.schedule.workdays import WorkdayCalendar

from . import test_agent_features as steps
from .conftest import AgentSim, KillingClient

FEATURES = Path(__file__).resolve().parents[3] / "features"


def table_after(feature: str, step_start: str) -> list[list[str]]:
    """The data table that follows the first step line starting with ``step_start`` in a feature file."""
    lines = (FEATURES / feature).read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().split(" ", 1)[-1].startswith(step_start))
    rows = []
    for line in lines[at + 1 :]:
        if not line.strip().startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


SPRING = "naechtliches_fenster/naechtliches_fenster.feature"


def _spring(tmp_path: Path) -> AgentSim:
    sim = AgentSim(tmp_path, SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)), 3)
    steps._simulate_span(sim, date(2026, 3, 23), date(2026, 4, 8))
    return sim


def test_nightly_window_step_fails_when_the_product_forgets_easter_monday(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a calendar that knows no holidays, the spring scenario's table (not the product) catches it."""
    monkeypatch.setattr(WorkdayCalendar, "holiday", lambda self, day: None)
    sim = _spring(tmp_path)
    try:
        table = table_after(SPRING, "beginnt genau an diesen Arbeitstagen")
        assert [row[0] for row in table][:2] == ["Datum", "23.03.2026"]
        with pytest.raises(AssertionError):
            steps._each_workday_once(sim, table)
    finally:
        sim.close()


def test_nightly_window_step_fails_when_the_product_runs_on_saturdays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A calendar that counts Saturday as a working day (Werktag) fails the spring scenario."""
    original = WorkdayCalendar.is_working_day
    monkeypatch.setattr(
        WorkdayCalendar, "is_working_day", lambda self, day: day.weekday() == 5 or original(self, day)
    )
    sim = _spring(tmp_path)
    try:
        with pytest.raises(AssertionError):
            steps._each_workday_once(sim, table_after(SPRING, "beginnt genau an diesen Arbeitstagen"))
    finally:
        sim.close()


def test_outage_step_fails_without_the_outage(tmp_path: Path) -> None:
    """Three days without the scripted outage: the step that reads the journal for it fails."""
    sim = AgentSim(tmp_path, SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)), 3)
    try:
        sim.dc.add_request(sim.mandanten)
        steps._simulate_days(sim, 3)
        with pytest.raises(AssertionError):
            steps._outage_happened(
                sim, datetime(2026, 3, 2, 20, tzinfo=DEFAULT_TZ), datetime(2026, 3, 3, 2, tzinfo=DEFAULT_TZ)
            )
        with pytest.raises(AssertionError):  # the nightly bundle did not have to wait
            steps._waited(sim, date(2026, 3, 2), datetime.combine(date(2026, 3, 3), time(2), DEFAULT_TZ))
    finally:
        sim.close()


def test_kill_step_fails_without_the_kill(tmp_path: Path) -> None:
    """Two days in which nobody kills the agent: the step that reads the harness' kill journal fails."""
    KillingClient.kill_next_upload = False
    sim = AgentSim(tmp_path, SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)), 3)
    try:
        sim.dc.add_request(sim.mandanten)
        steps._simulate_days(sim, 2)
        with pytest.raises(AssertionError):
            steps._killed_after_ack(sim)
    finally:
        sim.close()


def test_polling_step_counts_the_seventh_day(tmp_path: Path) -> None:
    """Six and a half simulated days do not pass a step that promises 48 polls on each of 7 days."""
    sim = AgentSim(tmp_path, SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)), 3)
    try:
        sim.run_until(datetime(2026, 3, 8, 20, 0, tzinfo=DEFAULT_TZ))
        with pytest.raises(AssertionError):
            steps._48_per_day(sim, 7)
    finally:
        sim.close()
