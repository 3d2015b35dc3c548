"""Benchmark: parse + validate a 1,000,000-row BMD bookings file, against a raw polars read.

Generates a seeded bookings file in the canonical NTCS form (Windows-1252, CRLF, umlauts in the
texts, a few deliberately bad rows) in a temporary directory, then measures in the same run the three
ways production reads a file this large — each decodes, splits, types (Decimal money, dates),
validates every cell and the semantic rules and reports the problems with line and field:

* ``bmd.read_table`` — the datacenter's ingest (`datacenter.ingest.validate`) and the clearing import
  of files from ``COLUMNAR_FROM`` up to two pieces (8 MiB; a larger file they read a 4 MiB piece at a
  time, `bmd.chunked.tables`): the whole file as one typed polars frame. **The goal figure** (issue
  15 §1: ≥ 0.5 of the raw read);
* ``bmd.chunked.scan`` — ``syncsystem bmd validate`` (4 MiB pieces, memory bounded by the piece);
* ``bmd.read`` — the library call the transfer's validation and the interfaces use (records lazy);
* the baseline: ``pl.read_csv(..., infer_schema=False)`` — all columns as raw strings.

After one warm-up of each, all run three times, interleaved, in this process; printed are the
medians of the wall time (rows/s), the ratio of the medians, the medians of the process CPU time
(polars' threads included: steadier than wall time when neighbours load the machine) and the
per-stage breakdown of ``read_table`` on the same file (medians of three, wall and CPU). The file is
removed afterwards.
Usage: ``python benchmarks/bmd_parse.py [ROWS]``.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from _bench import machine_load
from syncsystem import bmd
from syncsystem.bmd import transcode
from syncsystem.bmd.chunked import Scan, scan
from syncsystem.bmd.columnar import Table
from syncsystem.bmd.columnar_input import raw_frame

ROWS = int(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else 1_000_000
RUNS = 3
BAD_EVERY = 100_000  # one bad row per 100k: the problem path is exercised, not dominant
TEXTS = ["Rechnung", "Gutschrift Müller", "Miete Jänner", "Büromaterial", "Straßenreinigung", "Wareneinkauf"]


def generate(path: Path, rows: int, rng: random.Random) -> None:
    """Write ``rows`` bookings; the header is the writer's canonical one."""
    sample = bmd.Booking(200000, "1", date(2026, 1, 1), bmd.Buchcode.SOLL, Decimal(0))
    header = bmd.dumps([sample], bmd.Kind.BOOKINGS).split(b"\r\n")[0].decode()
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write(header + "\r\n")
        for i in range(1, rows + 1):
            net = rng.randint(100, 5_000_000)
            rate = rng.choice((20, 10, 13, 0))
            tax = (net * rate + 50) // 100
            gross = net + tax
            day = f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2026"
            betrag = f"{gross // 100},{gross % 100:02d}"
            steuer = f"-{tax // 100},{tax % 100:02d}"
            if i % BAD_EVERY == 0:
                betrag = "12,345"  # three decimals: must be reported at this line
            text = f"{rng.choice(TEXTS)} {i}"
            out.write(
                f"0;{rng.randint(200000, 299999)};{rng.choice((4000, 4010, 4020))};{i};{day};{day};AR;1;"
                f"{rate};1;{betrag};{steuer};{text};;\r\n"
            )


def timed(fn, times: list[tuple[float, float]]):  # type: ignore[no-untyped-def]
    """Run ``fn``; append its (wall, process CPU) seconds to ``times``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return result


def main() -> None:
    rng = random.Random(20260302)
    with tempfile.TemporaryDirectory(prefix="bmd-bench-") as tmp:
        path = Path(tmp) / "buchungen.csv"
        start = time.perf_counter()
        generate(path, ROWS, rng)
        size = path.stat().st_size
        print(f"generated {ROWS:,} rows, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        expected_bad = ROWS // BAD_EVERY
        cases: dict[str, Callable[[], object]] = {
            "polars raw read (all strings)": lambda: pl.read_csv(
                path, separator=";", infer_schema=False, encoding="utf8-lossy"
            ),
            "bmd.read_table (ingest)": lambda: bmd.read_table(path, bmd.Kind.BOOKINGS),
            "bmd.chunked.scan (bmd validate)": lambda: scan(path, bmd.Kind.BOOKINGS),
            "bmd.read (transfer, library)": lambda: bmd.read(path, bmd.Kind.BOOKINGS),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for fn in cases.values():  # warm the page cache and polars' thread pool before timing any
            fn()
        for _ in range(RUNS):  # interleaved, so a busy neighbour slows all alike
            for name, fn in cases.items():
                check(name, timed(fn, times[name]), expected_bad)
                gc.collect()  # no run pays for the previous one's garbage
        print(f"problems found: {expected_bad} (expected {expected_bad}) by each, field betrag")
        report(times)
        baseline = times[next(iter(times))]
        bounds(path, statistics.median(w for w, _ in baseline), statistics.median(c for _, c in baseline))
        for clock, what in ((time.perf_counter, "wall"), (time.process_time, "CPU")):
            runs = [bmd.read_table(path, bmd.Kind.BOOKINGS, timer=clock).stages for _ in range(RUNS)]
            stages = [(name, statistics.median(dict(r)[name] for r in runs)) for name, _ in runs[0]]
            total = sum(seconds for _, seconds in stages)
            breakdown = ", ".join(f"{name} {seconds:.2f}" for name, seconds in stages)
            print(f"stages of read_table, {what} (medians, {total:.2f} s): {breakdown}")


def check(name: str, result: object, expected_bad: int) -> None:
    """Every case read every row and found exactly the deliberately bad ones, by line and field."""
    if isinstance(result, pl.DataFrame):
        assert result.height == ROWS
        return
    assert isinstance(result, bmd.ReadResult | Scan | Table), name
    rows = result.frame.height if isinstance(result, Table) else result.rows
    problems = result.problems
    lines = [BAD_EVERY * k + 1 for k in range(1, expected_bad + 1)]  # the header is line 1
    assert rows == ROWS - expected_bad, (name, rows, problems[:3])
    assert [p.line for p in problems] == lines and all(p.field == "betrag" for p in problems), name


def bounds(path: Path, baseline: float, baseline_cpu: float) -> None:
    """What a read_table costs before a single cell is checked: loading the file, transcoding it to
    UTF-8 (CPython's codecs, one core) and polars' split into the cells and the lines."""
    width = len(path.open("rb").readline().split(b";"))
    steps: dict[str, Callable[[], object]] = {
        "load": path.read_bytes,
        "transcode": lambda: transcode.to_utf8(data, "cp1252"),
        "transcode+split": lambda: raw_frame(data, "cp1252", None, width),
    }
    data = path.read_bytes()
    found = {}
    for name, fn in steps.items():
        runs: list[tuple[float, float]] = []
        for _ in range(RUNS):
            timed(fn, runs)
        found[name] = (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
    floor = found["load"][0] + found["transcode+split"][0]
    floor_cpu = found["load"][1] + found["transcode+split"][1]
    said = ", ".join(f"{name} {wall:.2f} s (CPU {cpu:.2f})" for name, (wall, cpu) in found.items())
    print(
        f"before any check (medians): {said}; load + transcode + split = {floor:.2f} s "
        f"(CPU {floor_cpu:.2f}), so even a read_table that checked nothing would reach a ratio of "
        f"{baseline / floor:.2f} (CPU {baseline_cpu / floor_cpu:.2f})"
    )


def report(times: dict[str, list[tuple[float, float]]]) -> None:
    base_name = next(iter(times))
    base_wall = statistics.median(w for w, _ in times[base_name])
    base_cpu = statistics.median(c for _, c in times[base_name])
    for name, runs in times.items():
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        line = f"{name:32s} median {ROWS / wall:>10,.0f} rows/s ({wall:.2f} s; runs "
        line += " ".join(f"{w:.2f}" for w, _ in runs) + f"), CPU {cpu:.2f} s"
        if name != base_name:
            line += f" — ratio {base_wall / wall:.2f} (CPU {base_cpu / cpu:.2f})"
        print(line)
    print("goal: read_table's ratio >= 0.5 (issue 15 §1)")


if __name__ == "__main__":
    with machine_load("bmd_parse"):
        main()
