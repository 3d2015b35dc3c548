"""Size of the BMD emulator's exports: compressed full export per 10 kontool-sized Mandanten
(goal ≤ 200 KB, kontool's published figure) and an unchanged next-day export (goal ≤ 10 KB).

Compression as the bundle does it: one zstd frame (level 3) over all files of the export. Each
figure is printed with its ratio to the goal and to the uncompressed size measured in the same
run (the baseline). Also reports the modelled export duration per Mandant (kontool: ~60 s) and,
for information, the incremental export after one working day. Bounded: ~10 s on 2 cores.

    python benchmarks/emulator_size.py [--mandanten 10] [--profile kontool] [--seed 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import zstandard
from emulators.bmd import ExportResult, Office

from _bench import machine_load
from syncsystem.clock import DEFAULT_TZ


def _sizes(result: ExportResult) -> tuple[int, int]:
    blob = bytearray()
    for m in result.mandanten:
        for path in sorted(m.directory.iterdir()):
            blob += f"{m.mandant}/{path.name}\n".encode() + path.read_bytes()
    return len(blob), len(zstandard.ZstdCompressor(level=3).compress(bytes(blob)))


def _line(label: str, raw: int, packed: int, per: float, goal_kb: float) -> None:
    kb = packed / 1024 * per
    print(
        f"{label:<34} {kb:8.1f} KB per 10 Mandanten   goal {goal_kb:5.0f} KB  ratio to goal "
        f"{kb / goal_kb:5.2f}   (uncompressed baseline {raw / 1024 * per:8.1f} KB, "
        f"compressed/baseline {packed / raw:5.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mandanten", type=int, default=10)
    parser.add_argument("--profile", default="kontool")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    per = 10 / args.mandanten
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        office = Office.create(
            Path(tmp) / "office",
            seed=args.seed,
            mandanten=args.mandanten,
            profile=args.profile,
            start=date(2026, 3, 2),
        )
        built = time.perf_counter() - started
        full = office.export(Path(tmp) / "full")
        _line("full export", *_sizes(full), per, 200)
        same = office.export(Path(tmp) / "same", since=full.cursors)
        _line("unchanged next-day export", *_sizes(same), per, 10)
        office.advance_to(datetime(2026, 3, 2, 21, tzinfo=DEFAULT_TZ))
        day = office.export(Path(tmp) / "day", since=full.cursors)
        _line("next day after a working day", *_sizes(day), per, 10)
        seconds = full.duration_seconds / args.mandanten
        print(
            f"modelled full export duration      {seconds:8.1f} s per Mandant   goal    60 s  "
            f"ratio to goal {seconds / 60:5.2f}"
        )
        print(
            f"(office with {args.mandanten} {args.profile} Mandanten built in {built:.1f} s, "
            f"{sum(m.rows for m in full.mandanten)} rows in the full export)"
        )


if __name__ == "__main__":
    with machine_load("emulator_size"):
        main()
