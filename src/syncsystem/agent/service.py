"""Starting and stopping the resident service of a profile from the office (budget123's "DQS Admin").

Where the agent runs under systemd or WinSW, those start and stop it; this module serves the office
page and ``syncsystem agent start|stop`` on a host without them: `start` launches the lean resident
timer (the command the unit files run) in a session of its own, its stderr appended to the profile's
``resident.log``; `stop` ends the process named in ``resident.pid`` — only after checking that it is
this profile's resident, and with it the worker it may be running (its process group).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from syncsystem.agent.config import load_config, read_token
from syncsystem.agent.doctor import resident_running
from syncsystem.agent.install import resident_command
from syncsystem.errors import UsageError
from syncsystem.messages import codes as mc

__all__ = ["LOG_NAME", "detach", "log_tail", "start", "stop"]

LOG_NAME = "resident.log"
_STARTED: dict[int, subprocess.Popen[bytes]] = {}  # reaped on stop: no zombie in a long-lived server


def start(state_dir: Path, *, wait: float = 5.0) -> int:
    """Start the resident of ``state_dir``; returns its pid. Refused when one already runs."""
    running, detail = resident_running(state_dir)
    if running:
        raise UsageError(mc.AGENT_ALREADY_RUNNING(detail=detail))
    load_config(state_dir)  # refuse to start a service that cannot work
    read_token(state_dir)
    (state_dir / "resident.pid").unlink(missing_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    with open(state_dir / LOG_NAME, "ab") as log:
        proc = subprocess.Popen(
            resident_command(state_dir),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            env=env,
            start_new_session=True,
        )
    _STARTED[proc.pid] = proc
    _until(lambda: resident_running(state_dir)[0], wait)
    return proc.pid


def detach(pid: int) -> None:
    """Forget the resident ``pid`` started here: it runs on by design after this process ends
    (``agent start`` from the command line), so nobody waits for it and no warning says it still runs."""
    proc = _STARTED.pop(pid, None)
    if proc is not None:
        proc.returncode = 0


def stop(state_dir: Path, *, wait: float = 10.0) -> int:
    """Stop the resident of ``state_dir`` (and a worker it runs); returns the pid it had."""
    running, detail = resident_running(state_dir)
    if not running:
        raise UsageError(mc.AGENT_NOT_STOPPABLE(detail=detail))
    pid = int((state_dir / "resident.pid").read_text(encoding="ascii").strip())
    try:
        if os.getpgid(pid) == pid:  # a session of its own (started here or by a service manager)
            os.killpg(pid, signal.SIGTERM)
        else:
            os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    proc = _STARTED.pop(pid, None)
    if proc is not None:
        proc.wait(timeout=wait)
    _until(lambda: not resident_running(state_dir)[0], wait)
    (state_dir / "resident.pid").unlink(missing_ok=True)
    return pid


def _until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def log_tail(state_dir: Path, lines: int = 50) -> list[str]:
    """The last ``lines`` lines of the resident's log (empty when it never ran from here)."""
    path = state_dir / LOG_NAME
    if not path.exists():
        return []
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - 64 * 1024))
        text = handle.read().decode("utf-8", errors="replace")
    return text.splitlines()[-lines:]
