"""The resident service: a tiny timer that starts the agent's worker when work is due.

This is the part that stays in memory all day, so it imports nothing beyond ``os``, ``sys`` and
``time`` (already loaded by a bare interpreter): no ``datetime``/``zoneinfo`` (≈1.5 MiB), no
``subprocess`` (≈2.8 MiB), no ``requests``/``ssl`` (≈15 MiB). It runs under ``python -S`` so not even
``site`` loads, and stays at about 8.4 MiB RSS — under kontool's 10 MiB. The decisions are not
made here: the worker runs the pure planner and leaves the next wake-up, in epoch seconds, in the
profile's ``agenda`` file; this loop sleeps until then (in steps of at most a minute, so a clock
jump or a new agenda is noticed), starts ``python -m syncsystem.agent.tasks``, waits for it, and
backs off (1, 2, 4 … up to 30 minutes) if the worker could not even leave an agenda.

Started by ``syncsystem agent run`` (which replaces itself with this lean process) or by the
systemd unit / Windows service ``syncsystem agent install`` writes.
"""

import os
import sys
import time

STEP_SECONDS = 60.0
MAX_BACKOFF = 1800.0


def _say(message: str) -> None:
    # One line per event to stderr (the journal under systemd); no logging module: it costs 1 MiB.
    os.write(2, f"syncsystem-agent[{os.getpid()}]: {message}\n".encode())


def read_agenda(state_dir: str) -> float | None:
    """The next wake-up the worker planned (epoch seconds), or None if there is none yet."""
    try:
        with open(os.path.join(state_dir, "agenda"), encoding="ascii") as fh:
            return float(fh.read().strip())
    except (OSError, ValueError):
        return None


def start_worker(state_dir: str) -> int:
    """Run one worker to completion and return its exit status."""
    argv = [sys.executable, "-m", "syncsystem.agent.tasks", "--state-dir", state_dir]
    if os.name == "nt":  # pragma: no cover - the Windows service wrapper path
        import subprocess  # noqa: PLC0415 - Windows has no posix_spawn; pay for subprocess there only

        return subprocess.call(argv)
    pid = os.posix_spawn(sys.executable, argv, dict(os.environ))
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def run(state_dir: str, *, once: bool = False) -> int:
    """Keep time for one profile until killed (or for one worker run with ``once``)."""
    _say(f"resident timer started for {state_dir}")
    # The doctor looks for this file to tell whether the service runs.
    with open(os.path.join(state_dir, "resident.pid"), "w", encoding="ascii") as fh:
        fh.write(f"{os.getpid()}\n")
    failures = 0
    while True:
        due = read_agenda(state_dir)
        now = time.time()
        if due is None or due <= now:
            code = start_worker(state_dir)
            after = read_agenda(state_dir)
            if code != 0:
                _say(f"worker exited with status {code}")
            if after is None or after <= time.time():
                failures += 1
                delay = min(60.0 * 2 ** min(failures - 1, 10), MAX_BACKOFF)
                _say(f"worker left no new agenda; next try in {delay:.0f} s")
                if once:
                    return 1
                time.sleep(delay)
            else:
                failures = 0
                if once:
                    return code
            continue
        time.sleep(min(due - now, STEP_SECONDS))


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        os.write(2, b"usage: python -S -m syncsystem.agent.resident STATE_DIR [--once]\n")
        return 2
    try:
        return run(argv[1], once="--once" in argv[2:])
    except KeyboardInterrupt:
        _say("stopped")
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
