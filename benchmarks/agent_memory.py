"""Idle RSS of the agent's resident timer beside a bare interpreter (goal: ≤ 10 MiB).

Starts both as real processes, lets them settle, reads RSS with psutil, prints figure and ratio.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from _bench import machine_load, median_of, rss_of, runs_text, verdict
from syncsystem.agent.install import resident_command


def main() -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        (state / "agenda").write_text(f"{time.time() + 3600:.3f}\n")
        bare, bare_runs = median_of(lambda: rss_of([sys.executable, "-c", "import time; time.sleep(5)"], env))
        bare_s, bare_s_runs = median_of(
            lambda: rss_of([sys.executable, "-S", "-c", "import time; time.sleep(5)"], env)
        )
        resident, resident_runs = median_of(lambda: rss_of(resident_command(state), env))
    print(f"median of {len(resident_runs)} runs each")
    print(f"bare python          {bare:6.2f} MiB   {runs_text(bare_runs, '{:.2f}')}")
    print(f"bare python -S       {bare_s:6.2f} MiB   {runs_text(bare_s_runs, '{:.2f}')}")
    ratio = resident / bare_s
    print(
        f"resident agent timer {resident:6.2f} MiB   {runs_text(resident_runs, '{:.2f}')}  "
        f"(goal ≤ 10 MiB: {verdict(resident <= 10)}; ratio to bare -S {ratio:.2f})"
    )


if __name__ == "__main__":
    with machine_load("agent_memory"):
        main()
