"""Benchmark: parse + validate a 1,000,000-row BMD bookings file, against a raw polars read.

Generates a seeded bookings file in the canonical NTCS form (Windows-1252, CRLF, umlauts in the
texts, a few deliberately bad rows) in a temporary directory, then measures in the same run:

* ``syncsystem.bmd.read`` — decode, split, type (Decimal money, dates), validate every cell and the
  semantic rules, problems with line numbers (records stay lazy, as the ingest uses them);
* the baseline: ``pl.read_csv(..., infer_schema=False)`` — all columns as raw strings.

After one warm-up of each, both run three times, interleaved, in this process; printed are the
medians (rows/s), the ratio of the medians (goal ≥ 0.5, the issue resolves at ≥ 0.25) and the
per-stage breakdown of one ``read_table`` of the same file. The file is removed afterwards.
Usage: ``python benchmarks/bmd_parse.py [ROWS]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl

from _bench import machine_load
from syncsystem import bmd

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


def timed(fn, times: list[float]):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    times.append(time.perf_counter() - start)
    return result


def main() -> None:
    rng = random.Random(20260302)
    with tempfile.TemporaryDirectory(prefix="bmd-bench-") as tmp:
        path = Path(tmp) / "buchungen.csv"
        start = time.perf_counter()
        generate(path, ROWS, rng)
        size = path.stat().st_size
        print(f"generated {ROWS:,} rows, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")

        def baseline() -> pl.DataFrame:
            return pl.read_csv(path, separator=";", infer_schema=False, encoding="utf8-lossy")

        def ours() -> bmd.ReadResult:
            return bmd.read(path, bmd.Kind.BOOKINGS)

        baseline()  # warm the page cache and polars' thread pool before timing either
        ours()
        polars_times: list[float] = []
        our_times: list[float] = []
        for _ in range(RUNS):  # interleaved, so a busy neighbour slows both alike
            frame = timed(baseline, polars_times)
            result = timed(ours, our_times)
        t_polars, t_ours = statistics.median(polars_times), statistics.median(our_times)
        assert frame.height == ROWS
        expected_bad = ROWS // BAD_EVERY
        assert result.rows == ROWS - expected_bad, (result.rows, result.problems[:3])
        assert len(result.problems) == expected_bad and all(p.field == "betrag" for p in result.problems)
        print(f"problems found: {len(result.problems)} (expected {expected_bad}), e.g. {result.problems[:1]}")
        runs = "runs: polars " + " ".join(f"{t:.2f}" for t in polars_times)
        print(runs + ", ours " + " ".join(f"{t:.2f}" for t in our_times))
        print(f"polars raw read (all strings), median: {ROWS / t_polars:>12,.0f} rows/s  ({t_polars:.2f} s)")
        print(f"syncsystem.bmd parse+validate, median: {ROWS / t_ours:>12,.0f} rows/s  ({t_ours:.2f} s)")
        print(f"ratio of the medians: {t_polars / t_ours:.2f}  (goal >= 0.5, resolves at >= 0.25)")
        table = bmd.read_table(path, bmd.Kind.BOOKINGS, timer=time.perf_counter)
        total = sum(seconds for _, seconds in table.stages)
        breakdown = ", ".join(f"{name} {seconds:.2f}" for name, seconds in table.stages)
        print(f"stages of one read_table ({total:.2f} s): {breakdown}")


if __name__ == "__main__":
    with machine_load("bmd_parse"):
        main()
