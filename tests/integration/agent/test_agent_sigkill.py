"""Integration tests: the real worker process is SIGKILLed mid-upload and mid-export, restarted, and
every bundle arrives exactly once with the cursors where BMD is (fake datacenter on loopback TLS)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, Served

from syncsystem.agent.config import AgentConfig
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME

from .conftest import MANDANTEN, emulator_export_command, subprocess_env


def _poll_due_now(config: AgentConfig) -> None:
    """Make the first worker run poll at once (a fresh agent would wait for its grid slot)."""
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        outbox.set_meta("schedule", json.dumps({"next_poll_at": due, "last_nightly_day": None}))


def _start_worker(config: AgentConfig) -> subprocess.Popen[bytes]:
    # Own session: SIGKILL goes to the worker and its export child, as systemd kills the unit's cgroup.
    return subprocess.Popen(
        [sys.executable, "-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)],
        env=subprocess_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(condition: Callable[[], bool], what: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _rows(config: AgentConfig, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(config.state_dir / OUTBOX_NAME, timeout=10)
    try:
        return db.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []  # the worker has not created the tables yet
    finally:
        db.close()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert proc.stderr is not None
    proc.stderr.close()


def _run_to_end(config: AgentConfig) -> None:
    proc = _start_worker(config)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()


def _assert_exactly_once(fake_dc: FakeDatacenter, office: Office, config: AgentConfig) -> None:
    assert len(fake_dc.arrivals) == 1 and fake_dc.arrivals[0].mandanten == MANDANTEN
    assert len({a.bundle_id for a in fake_dc.arrivals}) == len(fake_dc.arrivals)
    bmd = {m["nr"]: m["cursor"] for m in office.control.inspect()["mandanten"]}
    assert fake_dc.cursors == bmd
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        assert set(outbox.bundle_states().values()) == {"acked"}
        assert outbox.acked_cursors() == bmd
        assert set(outbox.job_states().values()) == {"done"}
    assert all(r.state == "done" for r in fake_dc.requests.values())


def test_sigkill_mid_upload_then_restart_delivers_once(
    served: Served, fake_dc: FakeDatacenter, make_profile: Callable[..., AgentConfig], office: Office
) -> None:
    """Killed while the datacenter holds the upload (slow answer): the restart re-sends, it counts once."""
    config = make_profile(served.url, served.ca_file)
    _poll_due_now(config)
    fake_dc.add_request(MANDANTEN)
    fake_dc.faults.slow(3.0, path_contains="/bundles/")
    proc = _start_worker(config)
    _wait_for(lambda: bool(_rows(config, "SELECT 1 FROM bundles WHERE state = 'pending'")), "a sealed bundle")
    time.sleep(1.0)  # the PUT is on the wire; the datacenter sits on it for 3 s
    _kill(proc)
    assert fake_dc.arrivals == []  # not yet taken in; the server finishes it after the agent died
    _wait_for(lambda: bool(fake_dc.arrivals), "the datacenter to ingest the orphaned upload", 10)
    fake_dc.faults.reset()
    _run_to_end(config)
    _assert_exactly_once(fake_dc, office, config)
    puts = [e for e in fake_dc.journal if e.method == "PUT"]
    assert len(puts) == 2 and puts[0].bundle_id == puts[1].bundle_id  # re-sent, answered as duplicate


def test_sigkill_mid_export_then_restart_resumes_the_job(
    served: Served,
    fake_dc: FakeDatacenter,
    make_profile: Callable[..., AgentConfig],
    office: Office,
    tmp_path: Path,
) -> None:
    """Killed while BMD's export runs: nothing was sent; the restart exports again and delivers once."""
    slow_export = ("sh", "-c", 'sleep 30; exec "$@"', "slow-bmd-export")
    config = make_profile(served.url, served.ca_file, command=emulator_export_command(office, *slow_export))
    _poll_due_now(config)
    fake_dc.add_request(MANDANTEN)
    proc = _start_worker(config)
    work = config.state_dir / "work"
    _wait_for(lambda: work.is_dir() and any(work.rglob("1001")), "the export of Mandant 1001 to start")
    _kill(proc)
    assert _rows(config, "SELECT state FROM jobs") == [("new",)] and fake_dc.arrivals == []
    assert [r.state for r in fake_dc.requests.values()] == ["picked_up"]
    make_profile(served.url, served.ca_file)  # the same profile, with BMD's export at its usual speed
    _run_to_end(config)
    _assert_exactly_once(fake_dc, office, config)
