"""The scheduled transfer as a task logs one ``transfer_run`` summary event per run, never a password."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.logs import JsonFormatter
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore
from syncsystem.transfer.task import TransferTask

MONDAY = date(2026, 3, 2)
WRONG = "Falsch-Passwort-4711"


@pytest.fixture
def json_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The JSON lines the root logger wrote at INFO so far, parsed (one object per line)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old)


def _state(root: Path, source: Path, target: dict[str, Any], now: datetime) -> None:
    """A transfer state with one daily 09:00 job ``stb`` from ``source`` to ``target``."""
    box = SecretBox.for_state(root, use_keyring=False)
    job = parse_job(
        {
            "name": "stb",
            "source_dir": str(source),
            "target": target,
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "daily", "at": "09:00"},
        },
        box.seal,
        DEFAULT_TZ,
    )
    with TransferStore.open(root) as store:
        store.add_job("stb", to_mapping(job), now, replace=False)


def _closed_file(source: Path, at: datetime) -> bytes:
    data = dumps(
        [
            Booking(
                konto=200001,
                belegnr="R1",
                belegdatum=MONDAY,
                buchcode=Buchcode.SOLL,
                betrag=Decimal("10.00"),
                gkonto=4000,
                buchsymbol="AR",
            )
        ]
    )
    (source / "100").mkdir(parents=True)
    (source / "100" / f"{at:%Y%m%d_%H%M}_buchungen.csv").write_bytes(data)
    return data


@pytest.mark.parametrize("password", ["right", "wrong"])
def test_transfer_run_logs_one_summary_event_without_the_password(
    password_server: Any,
    tmp_path: Path,
    password: str,
    json_lines: Callable[[], list[dict[str, Any]]],
) -> None:
    """A due job run through `TransferTask`: one ``transfer_run`` line with outcome, files, bytes,
    duration — the delivered file's size when it went out, ``failed`` at login with a wrong password;
    neither the real nor the wrong password appears in any log line."""
    clock = SimulatedClock(datetime.combine(MONDAY, time(8, 0), DEFAULT_TZ))
    real = password_server.target["password"]
    target = password_server.target if password == "right" else {**password_server.target, "password": WRONG}
    _state(tmp_path / "state", tmp_path / "quelle", target, clock.now())
    data = _closed_file(tmp_path / "quelle", clock.now() + timedelta(minutes=1))
    task = TransferTask(tmp_path / "state", clock, keyring=False)
    slot = datetime.combine(MONDAY, time(9, 0), DEFAULT_TZ)
    assert task.due(clock.now()) == slot
    clock.advance(slot - clock.now())
    result = task.run(clock.now())
    lines = json_lines()
    events = [line for line in lines if line["event"] == "transfer_run"]
    assert len(events) == 1 and list(result.events) == [{k: events[0][k] for k in result.events[0]}]
    event = events[0]
    assert {"timestamp", "level", "logger", "duration_seconds"} <= set(event)
    assert event["logger"] == "syncsystem.transfer.jobs" and event["job"] == "stb"
    seen = (event["outcome"], event["files"], event["bytes"], event["level"])
    if password == "right":
        assert seen == ("ok", 1, len(data), "INFO")
        sizes = [p.stat().st_size for p in password_server.inbox.iterdir() if p.is_file()]
        assert result.ok and sizes == [len(data)]
    else:
        assert seen == ("failed", 0, 0, "WARNING")
        assert not result.ok and event["error"]
    text = "\n".join(json.dumps(line) for line in lines)
    assert real not in text and WRONG not in text
