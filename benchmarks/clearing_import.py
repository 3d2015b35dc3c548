"""Benchmark: import 1,000,000 clearing rows, then the same file again — beside a bare insert.

Goal (issue 6): first import ≤ 5 s, re-import ≤ 3 s with 0 new rows, into SQLite. Printed beside
a baseline measured in the same run: a bare ``INSERT … ON CONFLICT DO NOTHING`` of the same rows
(pre-converted tuples, one ``executemany``, one transaction) into a table with the same UNIQUE
key — what the database alone costs. The import figure is broken down into parsing the file with
``syncsystem.bmd`` and everything after (resolution, insert, paid bookkeeping). Also on PostgreSQL
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

import sqlalchemy as sa

from syncsystem import bmd
from syncsystem.bmd.records import Clearing
from syncsystem.clearing.frames import PAYMENT_COLUMNS, owners_frame, read_files, resolve_frame
from syncsystem.clearing.importer import import_files
from syncsystem.clearing.rules import Invoice
from syncsystem.clearing.store import ClearingStore, metadata

LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = date(2026, 1, 1)


def make_file(path: Path, rows: int) -> None:
    """Two clearings per invoice, invoices spread over two Mandanten' number ranges."""
    records = [
        Clearing(f"R{i // 2:07d}", Decimal(f"{i % 997 + 1}.{i % 100:02d}"), START + timedelta(days=i % 300),
                 200000 + (i // 2) % 90000, f"BK{i:08d}", "Zahlung")
        for i in range(rows)
    ]
    bmd.write(records, path, bmd.Kind.CLEARINGS)


def invoices(rows: int) -> list[Invoice]:
    # each invoice on the account its clearings name (an invoice is Mandant + account + number)
    return [Invoice("1001" if k % 2 else "1002", f"R{k:07d}", 200000 + k % 90000, START, Decimal("1500.00"))
            for k in range(rows // 2 + 1)]


def timed(fn):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bare_sqlite(db: Path, rows: list[tuple[object, ...]]) -> tuple[float, float, int]:
    """Bare executemany INSERT … ON CONFLICT DO NOTHING, twice; returns (insert s, again s, new)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, mandant TEXT, rechnungsnr TEXT, "
                 "zahlungsbelegnr TEXT, konto INTEGER, datum TEXT, betrag_cents INTEGER, seq INTEGER, "
                 "text TEXT, source TEXT, line INTEGER, UNIQUE (mandant, rechnungsnr, zahlungsbelegnr, "
                 "konto, datum, betrag_cents, seq))")
    sql = ("INSERT INTO p (mandant, rechnungsnr, zahlungsbelegnr, konto, datum, betrag_cents, seq, "
           "text, source, line) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING")
    times = []
    new = 0
    for _ in range(2):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        new = conn.executemany(sql, rows).rowcount
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
    conn.close()
    return times[0], times[1], new


def bare_postgres(url: str, rows: list[tuple[object, ...]]) -> tuple[float, float, int]:
    import psycopg  # noqa: PLC0415 - only when PostgreSQL is benchmarked

    dsn = sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_p")
        conn.execute("CREATE TABLE bench_p (id serial PRIMARY KEY, mandant text, rechnungsnr text, "
                     "zahlungsbelegnr text, konto int, datum text, betrag_cents bigint, seq int, text text, "
                     "source text, line int, UNIQUE (mandant, rechnungsnr, zahlungsbelegnr, konto, datum, "
                     "betrag_cents, seq))")
        conn.commit()
        sql = ("INSERT INTO bench_p (mandant, rechnungsnr, zahlungsbelegnr, konto, datum, betrag_cents, "
               "seq, text, source, line) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING")
        times = []
        before = 0
        for _ in range(2):
            t0 = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(sql, rows)
            conn.commit()
            times.append(time.perf_counter() - t0)
            if not before:
                before = conn.execute("SELECT count(*) FROM bench_p").fetchone()[0]  # type: ignore[index]
        after = conn.execute("SELECT count(*) FROM bench_p").fetchone()[0]  # type: ignore[index]
        conn.execute("DROP TABLE bench_p")
        conn.commit()
    return times[0], times[1], after - before


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
    bare_first, bare_again, bare_new = bare(_payments(parsed))
    first_s, again_s = median(firsts), median(agains)
    print(f"\n== {label}: {rows:,} clearing rows, median of {runs} run(s) ==")
    print(f"parse only (read + validation)   {parse_s:7.2f} s")
    for name, runs_phases in phases.items():
        med = {k: median(p[k] for p in runs_phases) for k in runs_phases[0]}
        print(f"{name:9} phases: " + "  ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    print(f"import           {first_s:7.2f} s  created {rows:,}  "
          f"(goal ≤ 5 s: {'met' if first_s <= 5 else 'NOT met'})   runs {_list(firsts)}")
    print(f"re-import        {again_s:7.2f} s  created 0  present {rows:,}  "
          f"(goal ≤ 3 s, 0 new: {'met' if again_s <= 3 else 'NOT met'})   runs {_list(agains)}")
    print(f"bare insert      {bare_first:7.2f} s   bare re-insert {bare_again:7.2f} s  new {bare_new:,}")
    print(f"ratio import/bare {first_s / bare_first:5.2f}   re-import/bare {again_s / bare_again:5.2f}")


def _list(times: list[float]) -> str:
    return " ".join(f"{t:.2f}" for t in times)


def _payments(parsed) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """The rows the import stores, as pre-converted tuples for the bare baseline."""
    known = invoices(parsed[0].rows)
    owners = owners_frame([(inv.rechnungsnr, inv.mandant, inv.konto) for inv in known])
    frame = resolve_frame(parsed[0].clearings, parsed[0].name, owners).payments
    return list(frame.select(PAYMENT_COLUMNS).iter_rows())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--postgres", default=os.environ.get("SYNCSYSTEM_TEST_POSTGRES_URL", LOCAL_PG))
    ap.add_argument("--runs", type=int, default=3, help="rounds of import + re-import (median shown)")
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        file = folder / "Auszifferungsliste.csv"
        gen_s, _ = timed(lambda: make_file(file, args.rows))
        print(f"generated {file.name}: {file.stat().st_size / 1e6:.1f} MB in {gen_s:.1f} s (not measured)")
        run("SQLite", f"sqlite:///{folder / 'bench.sqlite'}", file, args.rows, args.runs,
            lambda rows: bare_sqlite(folder / "bare.sqlite", rows))
        if not args.no_postgres:
            try:
                engine = sa.create_engine(args.postgres)
                with engine.connect():
                    pass
                engine.dispose()
            except sa.exc.SQLAlchemyError as exc:
                print(f"\nPostgreSQL skipped: {exc.__class__.__name__}")
                return
            run("PostgreSQL", args.postgres, file, args.rows, args.runs,
                lambda rows: bare_postgres(args.postgres, rows))


if __name__ == "__main__":
    main()
