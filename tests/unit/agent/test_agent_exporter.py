"""Unit tests of the agent's exporters against the BMD emulator and its CLI, and of the exit-code contract."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

import pytest
from emulators.bmd import Office

from syncsystem.agent.exporter import (
    CommandExporter,
    ExportFailedError,
    OfficeExporter,
    reason_of_exit,
)
from syncsystem.agent.exportfiles import kind_of, read_cursor
from syncsystem.clock import DEFAULT_TZ, SimulatedClock


def test_office_exporter_ships_german_named_files_with_kinds(office: Office, tmp_path: Path) -> None:
    """A full export through the emulator yields all seven BMD kinds, row counts and the cursor."""
    clock = SimulatedClock(datetime(2026, 3, 2, 21, 0, tzinfo=DEFAULT_TZ))
    result = OfficeExporter(office, clock).export("1001", None, tmp_path / "work")
    assert {f.kind for f in result.files} == {"bookings", "persons", "accounts", "costcentres", "openitems",
                                              "clearings", "journal"}
    assert result.cursor_to > 0 and result.rows > 100
    assert clock.now() > datetime(2026, 3, 2, 21, 0, tzinfo=DEFAULT_TZ)  # the export took simulated time


def test_office_exporter_incremental_ships_only_the_new_day(office: Office, tmp_path: Path) -> None:
    """After a working day passes, an export from the last cursor carries only that day's postings."""
    exporter = OfficeExporter(office)
    full = exporter.export("1001", None, tmp_path / "a")
    office.advance_to(datetime(2026, 3, 3, 21, 0, tzinfo=DEFAULT_TZ))
    delta = exporter.export("1001", full.cursor_to, tmp_path / "b")
    again = exporter.export("1001", delta.cursor_to, tmp_path / "c")
    assert delta.cursor_to > full.cursor_to and 0 < delta.rows < full.rows
    assert again.cursor_to == delta.cursor_to and again.rows == 0


@pytest.mark.parametrize(("fault", "reason", "retryable"), [
    ("licence", "licence", False), ("locked", "locked", True), ("password", "password", False),
    ("crash", "crash", True)])
def test_office_exporter_classifies_bmd_errors_by_class(office: Office, tmp_path: Path, fault: str,
                                                        reason: str, retryable: bool) -> None:
    """Each BMD fault becomes an ExportFailedError with its reason; only a person can fix licence/password."""
    office.control.inject(fault, times=1)
    with pytest.raises(ExportFailedError) as err:
        OfficeExporter(office).export("1001", None, tmp_path / "w")
    assert (err.value.reason, err.value.retryable) == (reason, retryable)


def test_office_exporter_checks_show_the_failing_bmd_check_with_a_hint(office: Office) -> None:
    """The doctor's BMD checks: all ok, then a permanent password fault names its check and a fix."""
    exporter = OfficeExporter(office)
    assert all(c.ok for c in exporter.checks())
    office.control.inject("password", times=None, mandant="1002")
    failed = [c for c in exporter.checks() if not c.ok]
    assert [c.name for c in failed] == ["Buchhaltungsdatei ohne Kennwort"] and failed[0].hint


def _emulator_command(office: Office) -> list[str]:
    return [sys.executable, "-c", "import sys; from syncsystem.cli import main; sys.exit(main())",
            "emulate", "bmd", "export", "--office", str(office.path), "--mandant", "{mandant}",
            "--since={since}", "--out", "{out_dir}", "--flat", "--json"]


def test_command_exporter_runs_the_emulator_cli_full_then_incremental(office: Office, tmp_path: Path) -> None:
    """The emulator's export CLI as the configured command: files, cursor from its JSON, then a delta."""
    exporter = CommandExporter(_emulator_command(office))
    full = exporter.export("1002", None, tmp_path / "a")
    office.advance_to(datetime(2026, 3, 3, 21, 0, tzinfo=DEFAULT_TZ))
    delta = exporter.export("1002", full.cursor_to, tmp_path / "b")
    assert len(full.files) == 7 and delta.cursor_to > full.cursor_to and 0 < delta.rows < full.rows


def test_command_exporter_maps_the_emulator_cli_exit_1_by_bmd_text(office: Office, tmp_path: Path) -> None:
    """The emulator CLI exits 1 for every refusal; BMD's text tells licence (permanent) from lock (retry)."""
    exporter = CommandExporter(_emulator_command(office))
    office.control.inject("licence", times=1)
    with pytest.raises(ExportFailedError) as err:
        exporter.export("1001", None, tmp_path / "a")
    assert err.value.reason == "licence" and not err.value.retryable and "Lizenz" in str(err.value)
    office.control.inject("locked", times=1)
    with pytest.raises(ExportFailedError) as err:
        exporter.export("1001", None, tmp_path / "b")
    assert err.value.reason == "locked" and err.value.retryable


@pytest.mark.parametrize(("code", "reason", "retryable"), [
    (2, "usage", False), (3, "licence", False), (4, "locked", True), (5, "password", False),
    (6, "clock", False), (7, "other", True), (-9, "other", True)])
def test_exit_code_contract(tmp_path: Path, code: int, reason: str, retryable: bool) -> None:
    """A configured command's exit code alone decides the reason, whatever it prints."""
    script = f"import sys; print('Lizenz gesperrt Kennwort'); sys.exit({code})" if code >= 0 else \
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    with pytest.raises(ExportFailedError) as err:
        CommandExporter([sys.executable, "-c", script]).export("1001", None, tmp_path)
    assert (err.value.reason, err.value.retryable) == (reason, retryable)
    assert reason_of_exit(1, "Die Datenbank der Firma 1001 ist gesperrt") == "locked"


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
