"""Unit tests of the agent's exporters against the BMD emulator and its CLI, and of the exit-code contract."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from emulators.bmd import Office

from syncsystem import messages
from syncsystem.agent.exporter import (
    CommandExporter,
    ExportFailedError,
    FolderExporter,
    OfficeExporter,
    reason_of_exit,
)
from syncsystem.agent.exportfiles import kind_of, read_cursor
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.demo.agent import emulator_export_command


def test_office_exporter_ships_german_named_files_with_kinds(office: Office, tmp_path: Path) -> None:
    """A full export through the emulator yields all seven BMD kinds, row counts and the cursor."""
    clock = SimulatedClock(datetime(2026, 3, 2, 21, 0, tzinfo=DEFAULT_TZ))
    result = OfficeExporter(office, clock).export("1001", None, tmp_path / "work")
    assert {f.kind for f in result.files} == {
        "bookings",
        "persons",
        "accounts",
        "costcentres",
        "openitems",
        "clearings",
        "journal",
    }
    assert result.cursor_to > 0 and result.rows > 100
    took = (clock.now() - datetime(2026, 3, 2, 21, 0, tzinfo=DEFAULT_TZ)).total_seconds()
    assert result.duration_seconds is not None and result.duration_seconds > 0
    assert took == pytest.approx(result.duration_seconds, abs=0.1)  # the modelled time, on the clock


def test_office_exporter_incremental_ships_only_the_new_day(office: Office, tmp_path: Path) -> None:
    """After a working day passes, an export from the last cursor carries only that day's postings."""
    exporter = OfficeExporter(office)
    full = exporter.export("1001", None, tmp_path / "a")
    office.advance_to(datetime(2026, 3, 3, 21, 0, tzinfo=DEFAULT_TZ))
    delta = exporter.export("1001", full.cursor_to, tmp_path / "b")
    again = exporter.export("1001", delta.cursor_to, tmp_path / "c")
    assert delta.cursor_to > full.cursor_to and 0 < delta.rows < full.rows
    assert again.cursor_to == delta.cursor_to and again.rows == 0


@pytest.mark.parametrize(
    ("fault", "reason", "retryable"),
    [
        ("licence", "licence", False),
        ("locked", "locked", True),
        ("password", "password", False),
        ("clock", "clock", False),
        ("crash", "other", True),
    ],
)
def test_office_exporter_classifies_bmd_errors_by_class(
    office: Office, tmp_path: Path, fault: str, reason: str, retryable: bool
) -> None:
    """Each BMD fault becomes an ExportFailedError with its contract reason; permanent ones: no retry."""
    office.control.inject(fault, times=1, minutes=30)
    with pytest.raises(ExportFailedError) as err:
        OfficeExporter(office).export("1001", None, tmp_path / "w")
    assert (err.value.reason, err.value.retryable) == (reason, retryable)


def test_office_exporter_checks_show_the_failing_bmd_check_with_a_hint(office: Office) -> None:
    """The doctor's BMD checks: all ok, then a permanent password fault names its check and a fix."""
    messages.set_language("de")  # the doctor's words, as the office reads them
    exporter = OfficeExporter(office)
    assert all(c.ok for c in exporter.checks())
    office.control.inject("password", times=None, mandant="1002")
    failed = [c for c in exporter.checks() if not c.ok]
    assert [c.name for c in failed] == ["Buchhaltungsdatei ohne Kennwort"] and failed[0].hint


def test_command_exporter_runs_the_emulator_cli_full_then_incremental(office: Office, tmp_path: Path) -> None:
    """The emulator's export CLI as the configured command: files, cursor from its JSON, then a delta."""
    exporter = CommandExporter(emulator_export_command(office))
    full = exporter.export("1002", None, tmp_path / "a")
    office.advance_to(datetime(2026, 3, 3, 21, 0, tzinfo=DEFAULT_TZ))
    delta = exporter.export("1002", full.cursor_to, tmp_path / "b")
    assert len(full.files) == 7 and delta.cursor_to > full.cursor_to and 0 < delta.rows < full.rows


def test_command_exporter_reads_the_emulator_cli_exit_codes(office: Office, tmp_path: Path) -> None:
    """The emulator CLI exits by the contract: licence (3) is reported at once, a lock (4) is retried."""
    exporter = CommandExporter(emulator_export_command(office))
    office.control.inject("licence", times=1)
    with pytest.raises(ExportFailedError) as err:
        exporter.export("1001", None, tmp_path / "a")
    assert err.value.reason == "licence" and not err.value.retryable and "Lizenz" in str(err.value)
    office.control.inject("locked", times=1)
    with pytest.raises(ExportFailedError) as err:
        exporter.export("1001", None, tmp_path / "b")
    assert err.value.reason == "locked" and err.value.retryable and "exit 4" in str(err.value)


def test_export_duration_comes_from_the_command_or_is_measured(office: Office, tmp_path: Path) -> None:
    """The emulator CLI states BMD's modelled duration; a silent command is measured on the clock."""
    stated = CommandExporter(emulator_export_command(office)).export("1001", None, tmp_path / "a")
    assert stated.duration_seconds is not None and stated.duration_seconds > 1
    clock = SimulatedClock(datetime(2026, 3, 2, 21, 0, tzinfo=DEFAULT_TZ))
    script = "import sys, pathlib; p = pathlib.Path(sys.argv[1]); (p / 'cursor').write_text('5')"
    silent = CommandExporter([sys.executable, "-c", script, "{out_dir}"], clock=clock)
    measured = silent.export("1001", None, tmp_path / "b")
    assert (
        measured.cursor_to == 5 and measured.duration_seconds is not None and measured.duration_seconds >= 0
    )
    unknown = CommandExporter([sys.executable, "-c", script, "{out_dir}"]).export(
        "1001", None, tmp_path / "c"
    )
    assert unknown.duration_seconds is None


def test_folder_exporter_takes_the_duration_from_cursor_json(tmp_path: Path) -> None:
    """BMD's scheduled export states its duration in cursor.json; without it the duration is unknown."""
    folder = tmp_path / "bmd" / "1001"
    folder.mkdir(parents=True)
    (folder / "buchungen.csv").write_text("satzart;konto\r\n0;4000\r\n", encoding="utf-8")
    (folder / "cursor.json").write_text(
        json.dumps({"cursor_to": 9, "duration_seconds": 61.5}), encoding="utf-8"
    )
    assert FolderExporter(tmp_path / "bmd").export("1001", None, tmp_path / "w").duration_seconds == 61.5
    (folder / "cursor.json").write_text(json.dumps({"cursor_to": 9}), encoding="utf-8")
    assert FolderExporter(tmp_path / "bmd").export("1001", None, tmp_path / "w").duration_seconds is None


@pytest.mark.parametrize(
    ("code", "reason", "retryable"),
    [
        (1, "other", True),
        (2, "usage", False),
        (3, "licence", False),
        (4, "locked", True),
        (5, "password", False),
        (6, "clock", False),
        (7, "dialog", False),
        (8, "other", True),
        (-9, "other", True),
    ],
)
def test_exit_code_contract(tmp_path: Path, code: int, reason: str, retryable: bool) -> None:
    """A configured command's exit code alone decides the reason, whatever it prints."""
    script = (
        f"import sys; print('Lizenz gesperrt Kennwort'); sys.exit({code})"
        if code >= 0
        else "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    )
    with pytest.raises(ExportFailedError) as err:
        CommandExporter([sys.executable, "-c", script]).export("1001", None, tmp_path)
    assert (err.value.reason, err.value.retryable) == (reason, retryable)
    assert reason_of_exit(code) == reason  # no guessing from BMD's text, not even for exit 1


def test_missing_export_command_is_a_usage_error(tmp_path: Path) -> None:
    """A command that does not exist is reported at once, naming it."""
    with pytest.raises(ExportFailedError) as err:
        CommandExporter(["/nonexistent/bmdexport"]).export("1001", None, tmp_path)
    assert not err.value.retryable and "/nonexistent/bmdexport" in str(err.value)


def test_cursor_sources_and_unknown_files(tmp_path: Path) -> None:
    """Cursor from indented JSON output, from cursor.json, else a clear error; files by name or header."""
    assert read_cursor(tmp_path, "1001", json.dumps({"cursors": {"1001": 12}}, indent=2)) == 12
    (tmp_path / "cursor.json").write_text(json.dumps({"cursor_to": 34}), encoding="utf-8")
    assert read_cursor(tmp_path, "1001") == 34
    (tmp_path / "cursor.json").unlink()
    with pytest.raises(ExportFailedError, match="no cursor"):
        read_cursor(tmp_path, "1001")
    assert kind_of("op-liste.csv", b"") == "openitems"
    with pytest.raises(ExportFailedError, match=r"notes\.csv"):
        kind_of("notes.csv", b"a;b;c\r\n")
