"""The control plane: every fault surfaces as BMD's error, faults persist across processes,
probabilistic faults are reproducible, reset restores the initial books."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from emulators.bmd import (
    CURSOR_FILE,
    DatabaseLockedError,
    ExportAbortedError,
    ExportTimeoutError,
    HostClockOffError,
    LicenceExpiredError,
    Office,
    PasswordProtectedError,
)
from emulators.bmd.errors import BmdError

from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.errors import ExportError


def test_licence_expired_on_next_call_only(office: Office, tmp_path: Path) -> None:
    """A licence fault set for the next call fails that export with BMD's text; the call after works."""
    office.control.inject("licence")
    with pytest.raises(LicenceExpiredError, match=r"Lizenz ist am .* abgelaufen"):
        office.export(tmp_path / "a")
    assert office.export(tmp_path / "b").mandanten


def test_database_locked_for_one_mandant(office: Office, tmp_path: Path) -> None:
    """A lock on one Mandant names the Mandant and the user; other Mandanten export normally."""
    office.control.inject("locked", mandant="1002", user="MAYER", times=None)
    assert office.export(tmp_path / "a", mandanten=["1001"]).mandanten
    with pytest.raises(DatabaseLockedError, match="Firma 1002 ist durch den Benutzer MAYER gesperrt"):
        office.export(tmp_path / "b", mandanten=["1002"])
    with pytest.raises(DatabaseLockedError):
        office.import_file("1002", tmp_path / "missing.csv")


def test_password_protected_file(office: Office, tmp_path: Path) -> None:
    """A protected file refuses exports without or with a wrong password, opens with the right one."""
    office.control.inject("password", password="geheim", times=None)
    with pytest.raises(PasswordProtectedError, match=r"kennwortgeschützt\. Bitte geben"):
        office.export(tmp_path / "a")
    with pytest.raises(PasswordProtectedError, match="Kennwort ist falsch"):
        office.export(tmp_path / "b", password="falsch")
    assert office.export(tmp_path / "c", password="geheim").mandanten


def test_export_crash_leaves_partial_files(office: Office, tmp_path: Path) -> None:
    """A crash half way leaves complete and one truncated file behind, and no cursor file."""
    full = office.export(tmp_path / "ok", mandanten=["1001"])["1001"].directory
    office.control.inject("crash")
    with pytest.raises(ExportAbortedError) as crashed:
        office.export(tmp_path / "crash", mandanten=["1001"])
    directory = tmp_path / "crash" / "1001"
    assert not (directory / CURSOR_FILE).exists()
    names = crashed.value.written
    *complete, cut = names
    for name in complete:
        assert (directory / name).read_bytes() == (full / name).read_bytes()
    assert 0 < (directory / cut).stat().st_size < (full / cut).stat().st_size
    assert isinstance(crashed.value, ExportError) and isinstance(crashed.value, BmdError)


def test_slow_export_takes_longer_and_can_time_out(office: Office, tmp_path: Path) -> None:
    """A slow host multiplies the simulated duration; with a timeout the export fails after it."""
    normal = office.export(tmp_path / "a", mandanten=["1001"]).duration_seconds
    office.control.inject("slow", factor=5)
    slow = office.export(tmp_path / "b", mandanten=["1001"]).duration_seconds
    assert slow == pytest.approx(normal * 5, rel=0.01)
    office.control.inject("slow", factor=5)
    clock = SimulatedClock(datetime(2026, 3, 2, 21, tzinfo=DEFAULT_TZ))
    with pytest.raises(ExportTimeoutError, match="Zeitüberschreitung"):
        office.export(tmp_path / "c", mandanten=["1001"], clock=clock, timeout=60)
    assert clock.now() == datetime(2026, 3, 2, 21, 1, tzinfo=DEFAULT_TZ)


def test_host_clock_offset(office: Office, tmp_path: Path) -> None:
    """A small clock offset shifts the export's timestamps; beyond five minutes the login fails."""
    clock = SimulatedClock(datetime(2026, 3, 2, 21, tzinfo=DEFAULT_TZ))
    office.control.inject("clock", minutes=3)
    result = office.export(tmp_path / "a", mandanten=["1001"], clock=clock)
    assert result["1001"].exported_at - clock.now() == timedelta(minutes=3)
    office.control.inject("clock", minutes=-12)
    with pytest.raises(HostClockOffError, match="weicht um -12 Minuten ab"):
        office.export(tmp_path / "b", clock=clock)


def test_probabilistic_faults_are_reproducible(office: Office, tmp_path: Path) -> None:
    """With a probability the same fault seed gives the same sequence of failures."""

    def run() -> list[bool]:
        office.control.clear()
        office.control.seed(42)
        office.control.inject("locked", probability=0.5, times=None)
        outcome = []
        for index in range(12):
            try:
                office.export(tmp_path / f"o{index}", mandanten=["1001"])
                outcome.append(True)
            except DatabaseLockedError:
                outcome.append(False)
        return outcome

    first = run()
    assert first == run()
    assert set(first) == {True, False}  # the fault struck some calls and spared others


def test_faults_are_seen_by_another_process_and_reset_restores(office: Office, tmp_path: Path) -> None:
    """Faults live in the office directory (another Office.open sees them); reset clears them and the work."""
    office.advance_to(datetime(2026, 3, 5, 19, tzinfo=DEFAULT_TZ))
    Office.open(office.path).control.inject("licence", times=None)
    assert [f.kind for f in office.control.faults] == ["licence"]
    report = office.control.inspect()
    assert report["faults"][0]["kind"] == "licence" and len(report["mandanten"]) == 3
    office.control.reset()
    assert office.control.faults == ()
    assert office.now == datetime(2026, 3, 2, tzinfo=DEFAULT_TZ)
    assert office.export(tmp_path / "after").mandanten


def test_status_reports_blocking_faults_without_consuming(office: Office) -> None:
    """status() names what would stop the next export (for the agent's doctor) and consumes nothing."""
    assert office.status() == []
    office.control.inject("password", mandant="1001")
    assert office.status() == ["password (Firma 1001)"]
    assert len(office.control.faults) == 1
