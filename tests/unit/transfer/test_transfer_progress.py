"""A transfer run tells its progress callback the bytes delivered of the bytes due, file by file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from syncsystem.clock import SimulatedClock
from syncsystem.transfer.jobs import run_job

from .test_transfer_runs import booking_file, close, setup


def test_run_reports_bytes_delivered_of_bytes_due(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """Two closed files of a and b bytes: the callback hears 0/(a+b), a/(a+b), (a+b)/(a+b)."""
    svc = setup(tmp_path, sim_clock, [])
    first, second = booking_file(1), booking_file(22)
    close(tmp_path, sim_clock.now() + timedelta(minutes=10), first)
    close(tmp_path, sim_clock.now() + timedelta(minutes=20), second)
    sim_clock.advance(timedelta(minutes=61))
    heard: list[tuple[int, int]] = []
    outcome = run_job(svc, "export", progress=lambda done, total: heard.append((done, total)))
    due = len(first) + len(second)
    assert outcome.ok and len(outcome.delivered) == 2
    assert heard == [(0, due), (len(first), due), (due, due)]
    svc.store.close()
