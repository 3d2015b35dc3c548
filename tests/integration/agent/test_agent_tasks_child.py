"""The real worker child runs the profile's tasks — the sync and the scheduled transfer — and logs
each run's summary event as one JSON line when ``SYNCSYSTEM_LOG_FORMAT=json`` (as ``syncsystem
--log-format json agent run`` sets it), never the profile's token or the transfer job's password."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from emulators.datacenter import FakeDatacenter, Served

from syncsystem.agent.config import save_config
from syncsystem.agent.resident import read_agenda
from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

from .conftest import MANDANTEN, subprocess_env
from .test_agent_poison_cli import _poll_due_now

SMTP_PASSWORD = "Mail-Geheim-8472"


def _midday_zone() -> str:
    """A fixed-offset zone whose wall clock reads about noon right now: a job runs only between 06:00
    and 22:00 local time (`schedule.recurrence`), and the child reads the real clock, so the test
    must not depend on the hour it runs at (it failed after 22:00 in Vienna)."""
    offset = (12 - datetime.now(UTC).hour + 12) % 24 - 12  # -12 … +11 hours
    return f"Etc/GMT{-offset:+d}"  # POSIX sign: Etc/GMT-9 is UTC+9


def _transfer_state(root: Path, source: Path, inbox: Path, tz: tzinfo) -> bytes:
    """A job ``stb`` every five minutes, created twenty minutes ago, with one closed file waiting."""
    now = datetime.now(tz).replace(second=0, microsecond=0)
    inbox.mkdir(parents=True)
    box = SecretBox.for_state(root, use_keyring=False)
    job = parse_job(
        {
            "name": "stb",
            "source_dir": str(source),
            "target": {"protocol": "folder", "directory": str(inbox)},
            "execution": {"mandanten": ["100"]},
            "schedule": {"interval": "minutes", "every": 5},
            "mail": {
                "to": "it@kanzlei.example",
                "smtp_host": "127.0.0.1",
                "smtp_user": "agent",
                "smtp_password": SMTP_PASSWORD,
            },
        },
        box.seal,
        tz,
    )
    with TransferStore.open(root) as store:
        store.add_job("stb", to_mapping(job), now - timedelta(minutes=20), replace=False)
    data = dumps(
        [
            Booking(
                konto=200001,
                belegnr="R1",
                belegdatum=now.date(),
                buchcode=Buchcode.SOLL,
                betrag=Decimal("10.00"),
                gkonto=4000,
                buchsymbol="AR",
            )
        ]
    )
    (source / "100").mkdir(parents=True)
    (source / "100" / f"{now - timedelta(minutes=5):%Y%m%d_%H%M}_buchungen.csv").write_bytes(data)
    return data


def test_worker_child_runs_sync_and_transfer_tasks_with_json_summary_lines(
    served: Served, make_profile: Any, fake_dc: FakeDatacenter, tmp_path: Path
) -> None:
    """One worker start: the sync seals and uploads the requested bundle, the transfer task delivers
    the waiting file; stderr holds a ``sync_run`` and a ``transfer_run`` JSON line whose bytes match
    what the datacenter received and what landed in the inbox, and the agenda is written."""
    state, inbox, zone = tmp_path / "transfer", tmp_path / "inbox", _midday_zone()
    data = _transfer_state(state, tmp_path / "quelle", inbox, ZoneInfo(zone))
    config = replace(make_profile(served.url, served.ca_file), transfer_state=str(state), timezone=zone)
    save_config(config)
    fake_dc.add_request(MANDANTEN, mode="full")
    _poll_due_now(config)
    env = dict(subprocess_env(), SYNCSYSTEM_LOG_FORMAT="json", SYNCSYSTEM_NO_KEYRING="1")
    argv = [sys.executable, "-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]  # every line is one JSON object
    events = {line["event"]: line for line in lines if line["event"] in ("sync_run", "transfer_run")}
    assert set(events) == {"sync_run", "transfer_run"}, done.stderr
    (arrival,) = fake_dc.arrivals
    assert (events["sync_run"]["outcome"], events["sync_run"]["bytes"]) == ("sealed", arrival.size)
    assert events["sync_run"]["rows"] == arrival.rows > 0
    assert (events["transfer_run"]["outcome"], events["transfer_run"]["files"]) == ("ok", 1)
    assert events["transfer_run"]["bytes"] == len(data) == sum(p.stat().st_size for p in inbox.iterdir())
    assert read_agenda(str(config.state_dir)) is not None
    assert fake_dc.token not in done.stderr and SMTP_PASSWORD not in done.stderr
