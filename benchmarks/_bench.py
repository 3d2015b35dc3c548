"""What every benchmark shares: machine load at start and end, medians of repeated runs, verdicts.

A figure means little without the load it was taken under (two cores shared by several jobs here)
and without its spread, so each script wraps its work in `machine_load()` (prints the 1/5/15-minute
load averages and CPU count at start and end), runs each measurement at least `MIN_RUNS` times and
prints the median with every run (`median_of`), and says "met" only through `verdict`, which refuses
to judge when a required tool such as wrk is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

__all__ = [
    "MIN_RUNS",
    "free_port",
    "load_line",
    "machine_load",
    "median_of",
    "rss_of",
    "runs_text",
    "serve_command",
    "verdict",
    "wrk_missing",
]

MIN_RUNS = 3


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_command(db_url: str, key_file: Path, port: int, workers: int) -> list[str]:
    """The command line of ``syncsystem datacenter serve`` on ``port`` of 127.0.0.1 with ``workers``."""
    serve = ["-m", "syncsystem.cli", "datacenter", "serve", "--db", db_url, "--key-file", str(key_file)]
    return [sys.executable, *serve, "--port", str(port), "--workers", str(workers)]


def load_line() -> str:
    """``load 0.52 0.61 0.70 (1/5/15 min) on 2 CPUs``."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} CPUs"


@contextlib.contextmanager
def machine_load(name: str) -> Iterator[None]:
    """Print the machine load before and after the benchmark's work."""
    print(f"[{name}] machine at start: {load_line()}", flush=True)
    try:
        yield
    finally:
        print(f"[{name}] machine at end:   {load_line()}", flush=True)


def median_of(measure: Callable[[], float], runs: int = MIN_RUNS) -> tuple[float, list[float]]:
    """Run ``measure`` ``runs`` (≥ 3) times; the median and every value, in run order."""
    values = [measure() for _ in range(max(runs, MIN_RUNS))]
    return statistics.median(values), values


def runs_text(values: Sequence[float], fmt: str = "{:.0f}") -> str:
    """``runs 10 12 11`` for printing beside a median."""
    return "runs " + " ".join(fmt.format(v) for v in values)


def wrk_missing() -> bool:
    """True (and says so) when wrk, the HTTP load generator the goals are stated for, is absent."""
    if shutil.which("wrk"):
        return False
    print(
        "wrk is not installed (apt-get install wrk): figures come from the httpx fallback and are "
        "not judged against the goal"
    )
    return True


def verdict(ok: bool, *, judged: bool = True) -> str:
    """``met`` / ``NOT met``, or ``not judged`` when the measurement cannot support a verdict."""
    if not judged:
        return "not judged"
    return "met" if ok else "NOT met"


def rss_of(argv: list[str], env: Mapping[str, str] | None = None) -> float:
    """Resident memory (MiB) of a process started with ``argv``, one second after its start."""
    import subprocess  # noqa: PLC0415
    import time  # noqa: PLC0415

    import psutil  # noqa: PLC0415 - only the memory benchmarks need it

    proc = subprocess.Popen(argv, env=None if env is None else dict(env), stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        return float(psutil.Process(proc.pid).memory_info().rss) / 1048576
    finally:
        proc.terminate()
        proc.wait(10)
