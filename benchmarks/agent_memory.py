"""Idle RSS of the agent's resident timer beside a bare interpreter (goal: ≤ 10 MiB).

Starts both as real processes, lets them settle, reads RSS with psutil, prints figure and ratio.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from syncsystem.agent.install import resident_command


def rss_of(argv: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(argv, env=env, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        return psutil.Process(proc.pid).memory_info().rss / 1048576
    finally:
        proc.terminate()
        proc.wait(10)


def main() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        (state / "agenda").write_text(f"{time.time() + 3600:.3f}\n")
        bare = rss_of([sys.executable, "-c", "import time; time.sleep(5)"], env)
        bare_s = rss_of([sys.executable, "-S", "-c", "import time; time.sleep(5)"], env)
        resident = rss_of(resident_command(state), env)
    print(f"bare python          {bare:6.2f} MiB")
    print(f"bare python -S       {bare_s:6.2f} MiB")
    ratio = resident / bare_s
    print(f"resident agent timer {resident:6.2f} MiB  (goal ≤ 10 MiB; ratio to bare -S {ratio:.2f})")


if __name__ == "__main__":
    main()
