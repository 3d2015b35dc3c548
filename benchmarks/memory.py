"""Peak memory of the bulk commands, next to the size of the file they read (issue 15 §2).

Each case runs the real command line in a child process (``syncsystem.cli`` as ``__main__``), which
reports its peak resident set (``VmHWM`` from ``/proc/self/status``) as it exits, with the wall
time and its CPU time (user + system of all its threads: on a shared machine the wall time mostly
measures the neighbours). Files are generated into a temporary directory (never committed) with the
same seeded generators the other benchmarks use:

* ``bmd validate`` of 1,000,000 bookings (`bmd_parse.generate`, ~93 MB) — goal ≤ 250 MB;
* ``clearing import`` of 1,000,000 clearing rows into SQLite (`clearing_import.make_file`) whose
  500,001 invoices are registered beforehand (`clearing_import.invoices`; a copy of that database
  per run) — goal ≤ 300 MB;
* ``clearing import --mandant`` of an OP list of 500,000 invoices into SQLite — goal ≤ 10 s and
  ≤ 250 MB.

Baseline in the same run: the idle interpreter with ``syncsystem.cli`` imported — what any command
costs before it reads a byte. Each figure is the median of
``--runs`` (≥ 3) runs; the load is printed at start and end.

    python benchmarks/memory.py [--scale 1.0] [--runs 3] [--only validate|clearing|oplist]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from _bench import MIN_RUNS, machine_load, runs_text, verdict
from bmd_parse import generate
from clearing_import import invoices, make_file
from syncsystem import bmd
from syncsystem.bmd.records import OpenItem
from syncsystem.clearing.store import ClearingStore

MB = 1024 * 1024


def op_list(path: Path, invoices: int) -> None:
    """An OP list of ``invoices`` open invoices over 90,000 customer accounts."""
    start = date(2026, 1, 1)
    records = [
        OpenItem(
            200000 + i % 90000,
            f"R{i:07d}",
            start + timedelta(days=i % 300),
            Decimal(f"{i % 997 + 100}.{i % 100:02d}"),
            Decimal(f"{i % 97 + 1}.00"),
            "AR",
            "Rechnung",
        )
        for i in range(invoices)
    ]
    bmd.write(records, path, bmd.Kind.OPENITEMS, as_of=date(2026, 3, 2))


# The child reports its own high-water mark (VmHWM of its address space) when it exits: the
# kernel's ru_maxrss of a child also counts the parent's memory at the fork, so it is not used.
_WRAP = """
import atexit, runpy, sys
out = sys.argv.pop(1)
def _peak():
    with open("/proc/self/status") as status:
        found = [line.split()[1] for line in status if line.startswith("VmHWM")]
    with open(out, "w") as handle:
        handle.write(found[0])
atexit.register(_peak)
if len(sys.argv) > 1:
    runpy.run_module("syncsystem.cli", run_name="__main__")
else:
    import syncsystem.cli
"""


def measure(args: list[str], cwd: Path) -> tuple[float, float, int, float]:
    """Peak RSS (MB), wall seconds, exit code and CPU seconds (user + system, all threads) of
    ``python -m syncsystem.cli ARGS`` (no ARGS: the idle interpreter with the package imported).

    On the shared machine the wall time mostly measures the neighbours' load; the CPU time much less.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    peak_file = cwd / "peak.txt"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAP, str(peak_file), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return int(peak_file.read_text()) / 1024, wall, done.returncode, cpu


def case(
    label: str,
    args: list[str],
    cwd: Path,
    runs: int,
    size: int,
    limit_mb: float,
    limit_s: float | None = None,
    fresh: Path | None = None,
    template: Path | None = None,
) -> None:
    peaks, walls, cpus, codes = [], [], [], set()
    for _ in range(runs):
        if fresh is not None:
            fresh.unlink(missing_ok=True)  # every import starts from the same database
            if template is not None:
                shutil.copy(template, fresh)
        peak, wall, code, cpu = measure(args, cwd)
        peaks.append(peak)
        walls.append(wall)
        cpus.append(cpu)
        codes.add(code)
    peak, wall = statistics.median(peaks), statistics.median(walls)
    ok = peak <= limit_mb and (limit_s is None or wall <= limit_s)
    goal = f"<= {limit_mb:.0f} MB" + (f" and <= {limit_s:.0f} s" if limit_s else "")
    print(
        f"{label}: file {size / MB:.1f} MB; peak RSS {peak:.0f} MB ({runs_text(peaks)}), "
        f"{wall:.1f} s ({runs_text(walls, '{:.1f}')}), CPU {statistics.median(cpus):.1f} s "
        f"({runs_text(cpus, '{:.1f}')}); exit {sorted(codes)}; goal {goal}: {verdict(ok)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the stated file sizes")
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    parser.add_argument("--only", choices=("validate", "clearing", "oplist"))
    args = parser.parse_args()
    runs = max(args.runs, MIN_RUNS)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        idle = [measure([], tmp)[0] for _ in range(runs)]
        print(
            f"baseline: idle interpreter with syncsystem.cli imported {statistics.median(idle):.0f} MB "
            f"({runs_text(idle)})"
        )
        if args.only in (None, "validate"):
            file = tmp / "buchungen.csv"
            generate(file, int(1_000_000 * args.scale), random.Random(15))
            case(
                f"bmd validate, {int(1_000_000 * args.scale):,} bookings",
                ["bmd", "validate", str(file)],
                tmp,
                runs,
                file.stat().st_size,
                250,
            )
            file.unlink()
        if args.only in (None, "clearing"):
            file = tmp / "Auszifferungsliste.csv"
            rows = int(1_000_000 * args.scale)
            make_file(file, rows)
            template = tmp / "invoices.sqlite"
            with ClearingStore.open(f"sqlite:///{template}") as store, store.transaction() as conn:
                store.register_invoices(conn, invoices(rows))
            db = tmp / "clearing.sqlite"
            command = ["clearing", "import", "--db", f"sqlite:///{db}", str(file)]
            case(
                f"clearing import, {rows:,} rows",
                command,
                tmp,
                runs,
                file.stat().st_size,
                300,
                fresh=db,
                template=template,
            )
            file.unlink()
        if args.only in (None, "oplist"):
            file = tmp / "OP-Liste.csv"
            op_list(file, int(500_000 * args.scale))
            db = tmp / "oplist.sqlite"
            case(
                f"clearing import of an OP list, {int(500_000 * args.scale):,} invoices",
                ["clearing", "import", "--mandant", "1001", "--db", f"sqlite:///{db}", str(file)],
                tmp,
                runs,
                file.stat().st_size,
                250,
                10,
                fresh=db,
            )


if __name__ == "__main__":
    with machine_load("memory"):
        main()
