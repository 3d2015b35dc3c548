"""Issue 11 §1 and §3 with the real worker process, the CLI and the fake datacenter on TLS.

A bundle the datacenter refuses (422) is set aside: the worker exits 1 (not 0), the datacenter is
told, ``agent status`` and ``agent doctor`` show it, and the next request goes through. The export
command is one quoted command line whose program lies in a folder with a space in its name.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, Served

from syncsystem.agent.config import AgentConfig, load_config
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME

from .conftest import MANDANTEN, emulator_export_command, subprocess_env


def _poll_due_now(config: AgentConfig) -> None:
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
        outbox.set_meta("schedule", json.dumps({"next_poll_at": due, "last_nightly_day": None}))


def _worker(config: AgentConfig) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)]
    return subprocess.run(
        argv, env=subprocess_env(), capture_output=True, text=True, timeout=120, check=False
    )


def _quoted_profile(make_profile: Any, served: Served, office: Office, tmp_path: Path) -> AgentConfig:
    """A profile whose export.command is one string; the interpreter is reached through a folder
    with a space (as ``C:\\Program Files\\BMD\\…`` would be)."""
    folder = tmp_path / "Program Files" / "BMD"
    folder.mkdir(parents=True)
    python = folder / "python3"
    # A wrapper, not a symlink: a symlinked interpreter outside the venv loses the venv's site
    # directory and with it an editable install of syncsystem.
    python.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    argv = list(emulator_export_command(office))
    argv[0] = str(python)
    config = make_profile(served.url, served.ca_file)
    path = config.state_dir / "agent.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("command = [")
    end = text.index("\n", start)
    line = shlex.join(argv).replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(text[:start] + f'command = "{line}"' + text[end:], encoding="utf-8")
    loaded = load_config(config.state_dir)
    assert loaded.export.command[0] == str(python) and " " in loaded.export.command[0]
    return loaded


def test_refused_bundle_is_set_aside_shown_and_the_next_goes_on(
    cli: Any, served: Served, make_profile: Any, fake_dc: FakeDatacenter, office: Office, tmp_path: Path
) -> None:
    """422 for the first bundle: worker exits 1, the bundle is reported, status and doctor show it;
    the next request is delivered."""
    config = _quoted_profile(make_profile, served, office, tmp_path)
    fake_dc.add_request(MANDANTEN, mode="full")
    fake_dc.faults.fail_next(1, status=422, path_contains="/bundles/")
    _poll_due_now(config)
    done = _worker(config)
    assert done.returncode == 1, done.stderr
    assert "set aside" in done.stderr
    assert len(fake_dc.set_aside) == 1
    report = next(iter(fake_dc.set_aside.values()))
    assert sorted(report["mandanten"]) == sorted(MANDANTEN) and "422" in report["reason"]

    status = cli("agent", "status", "--home", config.state_dir.parent, "--profile", "kanzlei", "--json")
    aside = json.loads(status.stdout)["set_aside"]
    assert [(a["reported"], sorted(a["mandanten"])) for a in aside] == [(True, sorted(MANDANTEN))]
    text = cli("agent", "status", "--home", config.state_dir.parent, "--profile", "kanzlei").stdout
    assert "Zurückgestellt: Bündel" in text and "HTTP 422" in text

    doctor = cli("agent", "doctor", "--home", config.state_dir.parent, "--profile", "kanzlei", "--json")
    assert doctor.exit_code == 1
    failed = [c for c in json.loads(doctor.stdout)["checks"] if c["check"].endswith("zurückgestellt")]
    assert len(failed) == 1 and not failed[0]["ok"] and "HTTP 422" in failed[0]["detail"]

    fake_dc.add_request(MANDANTEN, mode="incremental")
    _poll_due_now(config)
    again = _worker(config)
    assert again.returncode == 0, again.stderr
    assert len(fake_dc.arrivals) == 1 and set(fake_dc.cursors) == set(MANDANTEN)
