"""Run the benchmark scripts within a time bound and keep what they print.

Each ``benchmarks/<name>.py`` runs as its own process with ``SYNCSYSTEM_BENCH_QUICK=1`` (a script may
use fewer repetitions then) and a timeout. Its whole output is kept; the lines that carry figures —
baseline, ratio, goal, load, median — are picked out for the overview, word for word, so the bundle
shows exactly what the script measured and compared against. A script that crashes or runs out of
time is a failure of the certification, never silently left out.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

FIGURE = re.compile(r"ratio|baseline|bare|goal|ziel|median|load|met\b|MiB|/s\b|\bs\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BenchResult:
    name: str
    status: str  # "passed" (exit 0), "failed" (non-zero exit) or "timeout"
    seconds: float
    figures: tuple[str, ...]
    output: str


def figure_lines(output: str) -> tuple[str, ...]:
    """The printed lines that carry a figure: a number and a word of comparison or unit."""
    return tuple(
        line.rstrip() for line in output.splitlines() if re.search(r"\d", line) and FIGURE.search(line)
    )


def run_benchmark(script: Path, timeout: float, env: dict[str, str]) -> BenchResult:
    start = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=dict(env, SYNCSYSTEM_BENCH_QUICK="1", PYTHONUNBUFFERED="1"),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or ""
        out = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        return BenchResult(
            script.stem,
            "timeout",
            time.monotonic() - start,
            figure_lines(out),
            out + f"\n[abgebrochen nach {timeout:.0f} s]\n",
        )
    output = done.stdout + (f"\n--- stderr ---\n{done.stderr}" if done.returncode else "")
    return BenchResult(
        script.stem,
        "passed" if done.returncode == 0 else "failed",
        time.monotonic() - start,
        figure_lines(done.stdout),
        output,
    )


def run_all(folder: Path, names: list[str] | None, timeout: float, out: Path) -> list[BenchResult]:
    """Run the named scripts (all when None), writing each one's output to ``out/<name>.txt``."""
    scripts = sorted(folder.glob("*.py")) if names is None else [folder / f"{n}.py" for n in names]
    out.mkdir(parents=True, exist_ok=True)
    results = []
    for script in scripts:
        print(f"certify: benchmark {script.stem} …", flush=True)
        result = run_benchmark(script, timeout, dict(os.environ))
        (out / f"{script.stem}.txt").write_text(result.output, encoding="utf-8")
        results.append(result)
    return results
