"""Benchmark: import 1,000,000 clearing rows, then the same file again — beside a bare insert.

Goal (issue 6): first import ≤ 5 s, re-import ≤ 3 s with 0 new rows, into SQLite. Printed beside
a baseline measured in the same run that does what the product's database work does, like for
like, by hand: the same rows (pre-converted tuples) into the product's own table and UNIQUE key,
in key order, with the same settings — SQLite: the product's page cache (``IMPORT_CACHE_KIB``),
multi-row ``VALUES`` of as many rows as 999 parameters hold, ``ON CONFLICT DO NOTHING``, one
transaction; PostgreSQL: COPY into a staging table, one ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` — what the database alone costs. The import figure is broken down into its phases:
validating the file with ``syncsystem.bmd`` (a large file a chunk at a time), registering invoices,
reading it again chunk by chunk, resolution, insert, paid bookkeeping. Also on PostgreSQL
(``--postgres URL`` or ``$SYNCSYSTEM_TEST_POSTGRES_URL``, else 127.0.0.1:5432/test if reachable).

    python benchmarks/clearing_import.py [--rows 1000000] [--postgres URL | --no-postgres]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from statistics import median

import polars as pl
import sqlalchemy as sa

from _bench import MIN_RUNS, machine_load
from syncsystem import bmd
from syncsystem.bmd.records import Clearing
from syncsystem.clearing.frames import PAYMENT_COLUMNS, read_files
from syncsystem.clearing.importer import import_files
from syncsystem.clearing.resolution import owners_frame, resolve_frame
from syncsystem.clearing.rules import Invoice
from syncsystem.clearing.schema import PAYMENT_KEY
from syncsystem.clearing.store import IMPORT_CACHE_KIB, ClearingStore, metadata

LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = date(2026, 1, 1)


def make_file(path: Path, rows: int) -> None:
    """Two clearings per invoice, invoices spread over two Mandanten' number ranges."""
    records = [
        Clearing(
            f"R{i // 2:07d}",
            Decimal(f"{i % 997 + 1}.{i % 100:02d}"),
            START + timedelta(days=i % 300),
            200000 + (i // 2) % 90000,
            f"BK{i:08d}",
            "Zahlung",
        )
        for i in range(rows)
    ]
    bmd.write(records, path, bmd.Kind.CLEARINGS)


def invoices(rows: int) -> list[Invoice]:
    # each invoice on the account its clearings name (an invoice is Mandant + account + number)
    return [
        Invoice("1001" if k % 2 else "1002", f"R{k:07d}", 200000 + k % 90000, START, Decimal("1500.00"))
        for k in range(rows // 2 + 1)
    ]


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def _key_ordered(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """The rows in the table's natural-key order — the order the product inserts in."""
    at = [PAYMENT_COLUMNS.index(k) for k in PAYMENT_KEY]
    return sorted(rows, key=lambda r: tuple(r[i] for i in at))  # type: ignore[arg-type, return-value]


def bare_sqlite(db: Path, rows: list[tuple[object, ...]]) -> tuple[float, float, int]:
    """Like the product's SQLite path, by hand: the product's table and UNIQUE key, its page cache,
    rows in key order, multi-row ``VALUES`` statements of as many rows as 999 parameters hold
    (``executemany`` over them), ``ON CONFLICT DO NOTHING``, one ``BEGIN IMMEDIATE`` transaction
    — twice; returns (insert s, again s, new on the second pass)."""
    engine = sa.create_engine(f"sqlite:///{db}")
    metadata.create_all(engine)
    engine.dispose()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    width = len(PAYMENT_COLUMNS)
    per = 999 // width
    one = f"({', '.join('?' * width)})"

    def sql(n: int) -> str:
        return (
            f"INSERT INTO clearing_payments ({', '.join(PAYMENT_COLUMNS)}) VALUES "
            f"{', '.join([one] * n)} ON CONFLICT DO NOTHING"
        )

    flat = [v.isoformat() if isinstance(v, date) else v for row in _key_ordered(rows) for v in row]
    step = per * width
    whole = len(flat) // step * step
    times, new = [], 0
    for _ in range(2):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        new = conn.executemany(sql(per), (flat[i : i + step] for i in range(0, whole, step))).rowcount
        if whole < len(flat):
            new += conn.execute(sql((len(flat) - whole) // width), flat[whole:]).rowcount
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return times[0], times[1], new


def bare_postgres(url: str, rows: list[tuple[object, ...]]) -> tuple[float, float, int]:
    """Like the product's PostgreSQL path, by hand: the product's table, rows in key order COPYed into
    a staging table, one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` — twice."""
    import psycopg  # noqa: PLC0415 - only when PostgreSQL is benchmarked

    engine = sa.create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
    cols = ", ".join(PAYMENT_COLUMNS)
    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    ordered = _key_ordered(rows)
    with psycopg.connect(dsn) as conn:
        conn.execute(f"CREATE TEMP TABLE bench_stage AS SELECT {cols} FROM clearing_payments WITH NO DATA")
        times, new = [], 0
        for _ in range(2):
            t0 = time.perf_counter()
            with conn.cursor() as cur:
                cur.execute("TRUNCATE bench_stage")
                with cur.copy(f"COPY bench_stage ({cols}) FROM STDIN") as copy:
                    for row in ordered:
                        copy.write_row(row)
                cur.execute(
                    f"INSERT INTO clearing_payments ({cols}) SELECT {cols} FROM bench_stage "
                    f"ON CONFLICT ({', '.join(PAYMENT_KEY)}) DO NOTHING"
                )
                new = cur.rowcount
            conn.commit()
            times.append(time.perf_counter() - t0)
    engine = sa.create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    return times[0], times[1], new


def run(label: str, url: str, file: Path, rows: int, runs: int, bare) -> None:  # type: ignore[no-untyped-def]
    """``runs`` rounds of (fresh store → import → re-import); then the bare insert twice."""
    parse_s, parsed = timed(lambda: read_files([file], None))
    firsts, agains, phases = [], [], {"import": [], "re-import": []}  # type: ignore[var-annotated]
    for _ in range(runs):
        engine = sa.create_engine(url)
        metadata.drop_all(engine)
        engine.dispose()
        with ClearingStore.open(url) as store:
            with store.transaction() as conn:
                store.register_invoices(conn, invoices(rows))
            first_s, first = timed(lambda: import_files(store, [file], timer=time.perf_counter))
            again_s, again = timed(lambda: import_files(store, [file], timer=time.perf_counter))
        assert first.created == rows and again.created == 0 and again.already_present == rows
        firsts.append(first_s)
        agains.append(again_s)
        phases["import"].append(first.extra["seconds"])
        phases["re-import"].append(again.extra["seconds"])
    payments = _payments(parsed)
    bares = [bare(payments, i) for i in range(runs)]  # each into a fresh table
    bare_first, bare_again = median(b[0] for b in bares), median(b[1] for b in bares)
    bare_new = bares[-1][2]
    first_s, again_s = median(firsts), median(agains)
    print(f"\n== {label}: {rows:,} clearing rows, median of {runs} run(s) ==")
    print(f"parse only (read + validation)   {parse_s:7.2f} s")
    for name, runs_phases in phases.items():
        med = {k: median(p[k] for p in runs_phases) for k in runs_phases[0]}
        print(f"{name:9} phases: " + "  ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    print(
        f"import           {first_s:7.2f} s  created {rows:,}  "
        f"(goal ≤ 5 s: {'met' if first_s <= 5 else 'NOT met'})   runs {_list(firsts)}"
    )
    print(
        f"re-import        {again_s:7.2f} s  created 0  present {rows:,}  "
        f"(goal ≤ 3 s, 0 new: {'met' if again_s <= 3 else 'NOT met'})   runs {_list(agains)}"
    )
    print(f"bare insert      {bare_first:7.2f} s   runs {_list([b[0] for b in bares])}")
    print(f"bare re-insert   {bare_again:7.2f} s   runs {_list([b[1] for b in bares])}  new {bare_new:,}")
    print(f"ratio import/bare {first_s / bare_first:5.2f}   re-import/bare {again_s / bare_again:5.2f}")


def _list(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def _payments(parsed) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """The rows the import stores, as pre-converted tuples for the bare baseline."""
    known = invoices(parsed[0].rows)
    owners = owners_frame([(inv.rechnungsnr, inv.mandant, inv.konto) for inv in known])
    clearings = pl.concat(list(parsed[0].clearing_frames()))  # a large file is validated in chunks
    frame = resolve_frame(clearings, parsed[0].name, owners).payments
    return list(frame.select(PAYMENT_COLUMNS).iter_rows())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--postgres", default=os.environ.get("SYNCSYSTEM_TEST_POSTGRES_URL", LOCAL_PG))
    ap.add_argument("--runs", type=int, default=3, help="rounds of import + re-import (median shown)")
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    args.runs = max(args.runs, MIN_RUNS)
    with machine_load("clearing_import"), tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        file = folder / "Auszifferungsliste.csv"
        gen_s, _ = timed(lambda: make_file(file, args.rows))
        print(f"generated {file.name}: {file.stat().st_size / 1e6:.1f} MB in {gen_s:.1f} s (not measured)")
        run(
            "SQLite",
            f"sqlite:///{folder / 'bench.sqlite'}",
            file,
            args.rows,
            args.runs,
            lambda rows, i: bare_sqlite(folder / f"bare{i}.sqlite", rows),
        )
        if not args.no_postgres:
            try:
                engine = sa.create_engine(args.postgres)
                with engine.connect():
                    pass
                engine.dispose()
            except sa.exc.SQLAlchemyError as exc:
                print(f"\nPostgreSQL skipped: {exc.__class__.__name__}")
                return
            run(
                "PostgreSQL",
                args.postgres,
                file,
                args.rows,
                args.runs,
                lambda rows, i: bare_postgres(args.postgres, rows),
            )


if __name__ == "__main__":
    main()
