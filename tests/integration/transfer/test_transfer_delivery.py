"""Delivery against every real target: emulators, a folder, vsftpd and OpenSSH's sftp-server."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from syncsystem.clock import DEFAULT_TZ
from syncsystem.transfer.config import parse_job
from syncsystem.transfer.jobs import connector
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.targets import Connect, TargetError, check_connection, deliver

BASE_JOB = {
    "name": "probe",
    "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
    "schedule": {"interval": "hourly"},
}


def connect_to(target: dict[str, Any], tmp_path: Path) -> Connect:
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    job = parse_job({**BASE_JOB, "target": target}, box.seal, DEFAULT_TZ)
    return connector(job, box, timeout=10)


def test_connection_test_passes_every_step(server: Any, tmp_path: Path) -> None:
    """Login, write, read back and delete all succeed against a writable target and leave nothing."""
    result = check_connection(connect_to(server.target, tmp_path), random.Random(1))
    assert result.ok, result.text()
    assert [s.step for s in result.steps] == ["Anmelden", "Schreiben", "Zurücklesen", "Löschen"]
    assert [p for p in server.inbox.iterdir() if p.is_file()] == []


def test_delivery_renames_complete_file_and_never_overwrites(server: Any, tmp_path: Path) -> None:
    """A file arrives whole under its name, no temp name remains, and different content is refused."""
    data = b"satzart;konto\r\n" + b"0;200001\r\n" * 5000
    session = connect_to(server.target, tmp_path)()
    try:
        first = deliver(session, "100_20260302_0800_buchungen.csv", data)
        again = deliver(session, "100_20260302_0800_buchungen.csv", data)
        with pytest.raises(TargetError) as refused:
            deliver(session, "100_20260302_0800_buchungen.csv", data + b"0;200002\r\n")
    finally:
        session.close()
    assert not first.already_there and again.already_there
    assert "nicht überschrieben" in refused.value.said.text("de") and not refused.value.retryable
    assert str(refused.value).startswith("write: ")  # the step worded in the language in use (tests: en)
    assert {p.name: p.read_bytes() for p in server.inbox.iterdir() if p.is_file()} == {
        "100_20260302_0800_buchungen.csv": data
    }


def test_connection_test_names_the_write_step_without_write_permission(
    server_with_read_only: Any, tmp_path: Path
) -> None:
    """In a read-only directory the test fails exactly at the write step."""
    read_only = server_with_read_only.read_only
    assert read_only, f"{server_with_read_only.kind} offers no read-only directory"
    result = check_connection(connect_to(read_only, tmp_path), random.Random(2))
    assert not result.ok
    assert result.failed_step == "Schreiben"
    assert [s.ok for s in result.steps] == [True, False]


def test_wrong_password_fails_at_login(password_server: Any, tmp_path: Path) -> None:
    """A refused login is reported as the login step, not as a generic error."""
    target = {**password_server.target, "password": "falsch"}
    result = check_connection(connect_to(target, tmp_path), random.Random(3))
    assert result.failed_step == "Anmelden"
