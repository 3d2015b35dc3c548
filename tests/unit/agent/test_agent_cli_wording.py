"""`agent status` and `agent runs` speak the office's language: local dates, grouped numbers and
status words, not ISO timestamps, Python dicts or the stored English status.

Expected lines are written by hand.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.fake_agent import saved_local_profile

from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.clock import DEFAULT_TZ


def _profile(tmp_path: Path) -> tuple[str, ...]:
    state = tmp_path / "home" / "kanzlei"
    saved_local_profile(state)
    with Outbox(state / OUTBOX_NAME) as outbox:
        outbox.record_run(
            {
                "job": "n-1",
                "status": "sealed",
                "rows": 1179,
                "bytes_sealed": 22594,
                "mandanten": ["1001", "1002"],
                "duration_seconds": 2.805,
            },
            datetime(2026, 3, 2, 21, 47, 5, tzinfo=DEFAULT_TZ),
        )
        outbox.set_meta("schedule", json.dumps({"next_poll_at": "2026-03-02T07:34:03+00:00"}))
    return ("--home", str(tmp_path / "home"), "--profile", "kanzlei")


def test_runs_show_local_time_grouped_numbers_and_german_status(tmp_path: Path, cli: Any) -> None:
    """``Mo 02.03.2026 21:47:05  versiegelt  1001, 1002  1.179 Zeile(n)  22.594 Bytes  2,8 s``."""
    profile = _profile(tmp_path)
    german = cli("agent", "runs", *profile).stdout.strip()
    assert german == "Mo 02.03.2026 21:47:05  versiegelt  1001, 1002  1.179 Zeile(n)  22.594 Bytes  2,8 s"
    english = cli("--lang", "en", "agent", "runs", *profile).stdout.strip()
    assert english == "Mon 02.03.2026 21:47:05  sealed  1001, 1002  1,179 row(s)  22,594 bytes  2.8 s"


def test_status_shows_the_next_poll_in_local_time_and_no_python_dict(tmp_path: Path, cli: Any) -> None:
    """The next poll as ``Mo 02.03.2026 08:34`` (Vienna), the cursors as ``–`` when there are none."""
    first = cli("agent", "status", *_profile(tmp_path)).stdout.splitlines()[0]
    assert first == "0 Bündel warten; nächste Abfrage: Mo 02.03.2026 08:34; Cursor: –"
