"""Benchmark: reading the datacenter's small BMD files (one kontool Mandant, seven files, ~1,100 rows).

The files come from the real BMD emulator (``Office.create(…, profile="kontool")`` exported with
``flat=True``). Each file is read ``--repeat`` times with ``bmd.read`` (engine "auto", which picks
the row reader for files this small, and "rows" explicitly), with ``bmd.read_table`` (the columnar
path; the OP list with its preamble is read with ``bmd.read`` there, as the ingest does), and, as the
baseline in the same run, with ``csv.reader`` plus the same typed conversion (``int``, ``Decimal``,
``date``, Buchcode) but no validation, no problems and no records. Printed: µs per row and ms per
bundle for each, and the ratio to the baseline (goal for ``read``: ≤ 6 µs/row).

    python benchmarks/bmd_small_files.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from emulators.bmd import Office

from _bench import machine_load
from syncsystem import bmd
from syncsystem.bmd.dialect import CellType
from syncsystem.bmd.records import Buchcode

Files = list[tuple[str, bmd.Kind, int, bytes]]


def export(tmp: Path) -> Files:
    office = Office.create(tmp / "bmd", seed=1, mandanten=1, profile="kontool", start=date(2026, 3, 2))
    out = tmp / "export"
    done = office.export(out, flat=True)
    files = []
    for result in done.mandanten:
        for f in result.files:
            files.append((f.name, f.kind, f.rows, (result.directory / f.name).read_bytes()))
    return files


def _date(cell: str) -> date:
    if "." in cell:
        return date(int(cell[6:10]), int(cell[3:5]), int(cell[0:2]))
    if "/" in cell:
        return date(2000 + int(cell[0:2]), int(cell[3:5]), int(cell[6:8]))
    return date(int(cell[0:4]), int(cell[4:6]), int(cell[6:8]))


_PLAIN: dict[CellType, Callable[[str], object]] = {
    CellType.TEXT: str,
    CellType.INT: int,
    CellType.ACCOUNT: int,
    CellType.MONEY: lambda c: Decimal(c.replace(",", ".").replace(" ", "")),
    CellType.RATE: lambda c: Decimal(c.replace(",", ".").replace(" ", "")),
    CellType.DATE: _date,
    CellType.BUCHCODE: lambda c: Buchcode(int(c)),
}


def baseline(data: bytes, kind: bmd.Kind) -> int:
    """csv.reader + typed conversion of every mapped cell; no validation, problems or records."""
    schema = bmd.SCHEMAS[kind]
    reader = csv.reader(io.StringIO(data.decode("cp1252")), delimiter=";")
    if schema.preamble:
        next(reader)
    header = next(reader)
    plan = [
        (i, _PLAIN[col.ctype])
        for i, caption in enumerate(header)
        if caption.strip() and (col := schema.lookup(caption)) is not None
    ]
    rows = 0
    for cells in reader:
        if not cells:
            continue
        values = []
        for i, conv in plan:
            cell = cells[i].strip()
            values.append(conv(cell) if cell else None)
        rows += 1
    return rows


def timed(files: Files, repeat: int, read: Callable[[bytes, bmd.Kind, str], object]) -> float:
    """Seconds per bundle (all seven files once), the median of ``repeat`` (≥ 3) rounds."""
    times = []
    for _ in range(max(repeat, 3)):
        start = time.perf_counter()
        for name, kind, _, data in files:
            read(data, kind, name)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _table(data: bytes, kind: bmd.Kind, name: str) -> object:
    if bmd.SCHEMAS[kind].preamble:  # read_table does not read files with a preamble
        return bmd.read(data, kind, name=name).records
    return bmd.read_table(data, kind, name=name).frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30, help="rounds per reader (median is shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bmd-small-") as name:
        files = export(Path(name))
    rows = sum(count for _, _, count, _ in files)
    size = sum(len(d) for *_, d in files)
    print(f"bundle: {len(files)} files, {rows} rows, {size / 1024:.0f} KB (kontool, emulator seed 1)")
    for name, kind, count, data in files:
        result = bmd.read(data, kind, name=name)
        assert result.ok and result.rows == count, (name, result.problems[:3], result.rows, count)
        print(f"  {name:24} {kind.value:12} {count:5} rows {len(data) / 1024:6.1f} KB")
    readers: list[tuple[str, Callable[[bytes, bmd.Kind, str], object]]] = [
        ("baseline csv.reader + types", lambda d, k, n: baseline(d, k)),
        ('bmd.read engine="auto"', lambda d, k, n: bmd.read(d, k, name=n).records),
        ('bmd.read engine="rows"', lambda d, k, n: bmd.read(d, k, name=n, engine="rows").records),
        ('bmd.read engine="columns"', lambda d, k, n: bmd.read(d, k, name=n, engine="columns").records),
        ("bmd.read_table", _table),
    ]
    for _, read in readers:  # warm-up: imports, polars' thread pool, caches
        timed(files, 2, read)
    base = timed(files, args.repeat, readers[0][1])
    for label, read in readers:
        seconds = base if read is readers[0][1] else timed(files, args.repeat, read)
        print(
            f"{label:30} {seconds / rows * 1e6:6.2f} µs/row {seconds * 1000:7.2f} ms/bundle"
            f"  ratio to baseline {seconds / base:5.2f}"
        )
    auto = timed(files, args.repeat, readers[1][1])
    print(f"goal bmd.read <= 6 µs/row: {'met' if auto / rows * 1e6 <= 6 else 'NOT met'}")


if __name__ == "__main__":
    with machine_load("bmd_small_files"):
        main()
