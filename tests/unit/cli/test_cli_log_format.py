"""``--log-format json``: one JSON object per log line (timestamp, level, logger, event, fields),
summary events as JSON, and never a secret — through the real CLI and the formatter alone."""

from __future__ import annotations

import io
import json
import logging
import re
import socket
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.logs import JsonFormatter, log_event
from syncsystem.runtime import Runtime

PASSWORD = "Kanzlei-Geheim-2026!"
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture(autouse=True)
def _restore_root_logger() -> Iterator[None]:
    """The CLI configures the root logger; put it back as it was."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_json_lines_carry_the_transfer_run_and_no_password(tmp_path: Path) -> None:
    """``syncsystem --log-format json transfer run`` against an FTP server that is not there: the
    stderr log lines are JSON objects, one is the failed ``transfer_run`` with its counts, and the
    job's password appears nowhere in stdout or stderr."""
    clock = SimulatedClock(datetime.combine(date(2026, 3, 2), time(8, 0), DEFAULT_TZ))
    source = tmp_path / "quelle"
    (source / "100").mkdir(parents=True)
    data = dumps(
        [
            Booking(
                konto=200001,
                belegnr="R1",
                belegdatum=date(2026, 3, 2),
                buchcode=Buchcode.SOLL,
                betrag=Decimal("10.00"),
                gkonto=4000,
                buchsymbol="AR",
            )
        ]
    )
    (source / "100" / "20260302_0810_buchungen.csv").write_bytes(data)
    job = tmp_path / "job.json"
    job.write_text(
        json.dumps(
            {
                "name": "stb",
                "source_dir": str(source),
                "target": {
                    "protocol": "ftp",
                    "host": "127.0.0.1",
                    "port": _closed_port(),
                    "user": "bmd",
                    "password_env": "FTP_PASSWORD",
                    "directory": "/",
                },
                "execution": {"mandanten": ["100"]},
                "schedule": {"interval": "daily", "at": "09:00"},
            }
        ),
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    environ = {"SYNCSYSTEM_NO_KEYRING": "1", "FTP_PASSWORD": PASSWORD}
    runtime = Runtime(clock, environ, out, err, tmp_path)
    base = ["--log-level", "info", "--log-format", "json", "transfer"]
    state = ["--state", str(tmp_path / "s")]
    assert run([*base, "add", *state, "--config", str(job)], runtime) == 0, err.getvalue()
    clock.advance(timedelta(hours=1))
    run([*base, "run", *state, "stb"], runtime)
    lines = [json.loads(line) for line in err.getvalue().splitlines() if line.startswith("{")]
    assert lines and all({"timestamp", "level", "logger", "event"} <= set(line) for line in lines)
    assert all(STAMP.match(line["timestamp"]) for line in lines)
    runs = [line for line in lines if line["event"] == "transfer_run"]
    assert len(runs) == 1
    assert {k: runs[0][k] for k in ("level", "logger", "job", "outcome", "files", "bytes")} == {
        "level": "WARNING",
        "logger": "syncsystem.transfer.jobs",
        "job": "stb",
        "outcome": "failed",
        "files": 0,
        "bytes": 0,
    }
    assert isinstance(runs[0]["duration_seconds"], float) and runs[0]["error"]
    assert PASSWORD not in err.getvalue() and PASSWORD not in out.getvalue()


def _format(record_logger: str, emit: Any) -> dict[str, Any]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(record_logger)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    (line,) = stream.getvalue().splitlines()
    parsed: dict[str, Any] = json.loads(line)
    return parsed


def test_event_fields_are_top_level_and_secret_fields_masked() -> None:
    """An event's fields sit beside timestamp/level/logger/event; values under password, token or
    secret keys (nested too) are masked, the reserved keys cannot be overwritten by a field."""
    line = _format(
        "syncsystem.test",
        lambda log: log_event(
            log,
            "sync_run",
            {
                "rows": 7,
                "bytes": 1024,
                "outcome": "sealed",
                "token": "tok-abc123",
                "target": {"host": "h", "password": "pw-xyz"},
                "level": "forged",
                "client_secret": "s3",
            },
        ),
    )
    assert line["event"] == "sync_run" and line["level"] == "INFO" and line["logger"] == "syncsystem.test"
    assert (line["rows"], line["bytes"], line["outcome"]) == (7, 1024, "sealed")
    assert line["token"] == "***" and line["target"] == {"host": "h", "password": "***"}
    assert line["client_secret"] == "***"
    assert not {"tok-abc123", "pw-xyz", "s3", "forged"} & {str(v) for v in _leaves(line)}


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    else:
        yield value


def test_plain_log_records_become_json_with_the_message_as_event() -> None:
    """A record that is not an event keeps its message as ``event``; an exception comes along."""

    def emit(log: logging.Logger) -> None:
        try:
            raise ValueError("kaputt")
        except ValueError:
            log.exception("poll failed: %s", "timeout")

    line = _format("syncsystem.agent", emit)
    assert line["event"] == "poll failed: timeout" and line["level"] == "ERROR"
    assert "ValueError: kaputt" in line["exception"]
