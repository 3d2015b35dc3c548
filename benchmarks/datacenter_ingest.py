"""Bundles per second for kontool-sized Mandanten: in process, over HTTP, SQLite and PostgreSQL.

Bundles come from the real BMD emulator: an office of ten kontool Mandanten
(`emulators.bmd.Office.create(…, profile="kontool")`), each exported with ``flat=True`` (seven
files, ~1,100 rows, ~110 KB of CSV) and sealed with the real format (~21 KB). Bundle *i* carries
the files of Mandant *i mod 10* under its own Mandant id, so every bundle inserts new rows.

Measured, each phase bounded by ``--seconds``:

* SQLite in process: `ingest_bundle` end to end (verify, decrypt, decompress, parse, validate, one
  transaction) with its per-stage breakdown; baseline in the same run, alternating with it: `open_bundle`
  plus a bare ``INSERT … ON CONFLICT DO NOTHING`` of the same, already converted rows (no parse, no
  checks). Goal (issue 15): ≥ 0.8 of the baseline. Also printed: the ratio of CPU seconds per bundle
  (this process's, which other jobs on a shared machine disturb least), and the parse stage alone by
  the ingest's happy path (`bmd.clean_columns`), the row reader and the columnar `bmd.read_table` —
  which is how `ingest.COLUMNAR_FROM` is chosen.
* HTTP on loopback: `syncsystem datacenter serve` in its own process(es), 8 concurrent uploads by
  ``--client``: wrk (the default where installed; `_wrk_upload.py`: C and LuaJIT, ~0.35 ms of CPU per
  21 KB PUT) or httpx in this process (~3 ms per PUT, on the same 2 cores as the server — wrk is the
  fairer measure: a remote agent's upload costs the server's machine nothing). Only 200 ``ingested``
  counts (errors printed, the stored bundles checked); printed: the server's CPU per bundle (/proc),
  the client's per request, busy cores. SQLite with 1 worker; PostgreSQL (``--postgres URL``,
  default the local test server; ``--private-postgres``: a throwaway cluster) with 1 and 2 workers.
  PostgreSQL baseline in the same run, each of its windows just before one of 1 worker's (both see
  the same machine load): `open_bundle` plus a bare ``COPY`` of the same, already converted rows
  into the tables (in process, no HTTP). Goal (issue 15): 1 worker over HTTP ≥ 0.7 of that (wrk).

Every figure is the median of ``--runs`` (≥ 3) measured windows of ``--seconds`` each.

    python benchmarks/datacenter_ingest.py [--seconds 4] [--runs 3] [--no-sqlite]
        [--postgres URL | --private-postgres | --no-postgres] [--client auto|wrk|httpx]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from _bench import MIN_RUNS, machine_load, runs_text, verdict, wrk_missing
from _ingest_bundles import Bundles, Export, Work, convert, kontool_exports, setup, timed
from _peak_probe import cpu_seconds, descendants
from _peak_server import start_server
from _pg_private import private_cluster
from _wrk_upload import WARM_UP, Window, check_stored, http_figures, httpx_windows, warm_up, wrk_windows
from syncsystem import bmd
from syncsystem.bmd.clean_columns import clean_columns
from syncsystem.clock import SystemClock
from syncsystem.datacenter.ingest import ingest_bundle
from syncsystem.datacenter.rows import columns_of
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import open_bundle

STAGES = ("lookup", "open", "parse", "prepare", "store")


def parse_alternatives(exports: list[Export], runs: int) -> tuple[float, float, float]:
    """ms per bundle to parse and convert to columns — the ingest's happy path (`clean_columns`), the
    row reader with `columns_of`, the columnar read_table — each the median of ``runs`` passes over
    all bundles (the three take turns file by file, so they see the same machine load)."""
    found: list[tuple[float, float, float]] = []
    for _ in range(runs):
        clean_s = rows_s = table_s = 0.0
        for _, _, files in exports:
            for name, kind_name, _, data in files:
                kind = bmd.Kind(kind_name)
                start = time.perf_counter()
                assert clean_columns(data, kind, name=name) is not None
                t0 = time.perf_counter()
                columns_of(kind, bmd.read(data, kind, name=name))
                t1 = time.perf_counter()
                # every kind, the OP list's preamble included; the columns_of conversion costs ~1 ms
                # of the total — nearly all is read_table itself, chiefly the ~80 KB journal, which
                # is above bmd's 64 KiB row-reader cutoff and so takes the polars CSV path (~17 ms)
                table = bmd.read_table(data, kind, name=name)
                columns_of(kind, (table.frame, table.base))
                table_s += time.perf_counter() - t1
                rows_s += t1 - t0
                clean_s += t0 - start
        found.append((clean_s, rows_s, table_s))
    clean, rows, table = (statistics.median(f[i] for f in found) / len(exports) * 1000 for i in range(3))
    return clean, rows, table


@dataclass
class Alternated:
    """Per measured window, the baseline's and the ingest's bundles per second and the ratio of their
    CPU seconds per bundle; ``ingested``: the bundles the ingest did in all windows."""

    base_rates: list[float] = field(default_factory=list)
    full_rates: list[float] = field(default_factory=list)
    cpu_ratios: list[float] = field(default_factory=list)
    ingested: int = 0


def alternate(
    bundles: list[tuple[str, bytes]], per_run: int, runs: int, seconds: float, bare: Work, full: Work
) -> Alternated:
    """Window by window, the baseline then the ingest over the same bundles, so both see the same
    machine load."""
    found = Alternated()
    for run in range(max(runs, MIN_RUNS)):
        window = bundles[run * per_run : (run + 1) * per_run]
        n, t, cpu_base = timed(window, seconds, bare)
        found.base_rates.append(n / t)
        cpu_base /= n
        n, t, cpu_full = timed(window, seconds, full)
        found.full_rates.append(n / t)
        found.cpu_ratios.append(cpu_base / (cpu_full / n))
        found.ingested += n
    return found


def bare_insert(store: Store, office_id: str, private: bytes, converted: dict[str, tuple[str, list]]) -> Work:
    """SQLite baseline: decrypt + bare ``INSERT … ON CONFLICT DO NOTHING`` of rows converted beforehand."""

    def bare(bundle_id: str, data: bytes) -> None:
        open_bundle(data, private)
        mandant, prepared = converted[bundle_id]
        with store.write() as conn:
            conn.exec_driver_sql(
                "INSERT INTO mandanten (office_id, mandant) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (office_id, mandant),
            )
            for _, p in prepared:
                marks = ", ".join("?" * len(p.columns))
                sql = f"INSERT INTO {p.table.name} ({', '.join(p.columns)}) VALUES ({marks})"
                conn.exec_driver_sql(f"{sql} ON CONFLICT DO NOTHING", p.rows)

    return bare


def sqlite_run(exports: list[Export], seconds: float, runs: int, tmp: Path) -> None:
    store = Store.open(f"sqlite:///{tmp / 'ingest.db'}")
    agent, _, public, private = setup(store, tmp / "ingest.key")
    per_run = int(seconds * 150) + 20
    bundles = Bundles(exports, agent.id, public, "b").batch(0, per_run * runs)
    base_store = Store.open(f"sqlite:///{tmp / 'baseline.db'}")
    base_agent, _, _, _ = setup(base_store, tmp / "baseline.key")
    converted = convert(bundles, private, base_agent.office_id)
    bare = bare_insert(base_store, base_agent.office_id, private, converted)
    stages: dict[str, float] = {}
    clock = SystemClock()

    def full(bundle_id: str, data: bytes) -> None:
        ingest_bundle(store, agent, bundle_id, data, private, clock=clock, stages=stages)

    found = alternate(bundles, per_run, runs, seconds, bare, full)
    base_store.close()
    with store.read() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM journal_lines")).scalar_one()
    store.close()
    parse_ms = parse_alternatives(exports, max(runs, MIN_RUNS))
    print(describe_bundle(exports, bundles))
    print_sqlite(found, stored, stages, parse_ms)


def describe_bundle(exports: list[Export], bundles: list[tuple[str, bytes]]) -> str:
    size = sum(len(b) for _, b in bundles) / len(bundles)
    raw = sum(len(d) for _, _, files in exports for *_, d in files) / len(exports)
    rows = sum(r for _, _, files in exports for _, _, r, _ in files) / len(exports)
    return (
        f"bundle: 1 kontool Mandant from the BMD emulator, {rows:.0f} rows in 7 files, "
        f"{raw / 1024:.0f} KB CSV, {size / 1024:.1f} KB sealed"
    )


def print_sqlite(
    found: Alternated, stored: int, stages: dict[str, float], parse_ms: tuple[float, float, float]
) -> None:
    """The SQLite in-process figures: rates, their ratio, the stages and the parse alternatives."""
    rate, base = statistics.median(found.full_rates), statistics.median(found.base_rates)
    ratios = [f / b for f, b in zip(found.full_rates, found.base_rates, strict=True)]
    print(
        f"SQLite  baseline open_bundle + bare INSERT ON CONFLICT DO NOTHING: {base:7.1f} bundles/s "
        f"({runs_text(found.base_rates, '{:.1f}')})"
    )
    print(
        f"SQLite  ingest_bundle end to end: {rate:7.1f} bundles/s ({runs_text(found.full_rates, '{:.1f}')}; "
        f"{found.ingested} bundles, {stored} journal rows)"
    )
    ratio = statistics.median(ratios)
    print(
        f"SQLite  ratio to baseline: {ratio:.2f} ({runs_text(ratios, '{:.2f}')}); "
        f"goal >= 0.8: {verdict(ratio >= 0.8)}"
    )
    # CPU seconds of this process per bundle: what other jobs on a shared machine disturb least
    print(
        f"        ratio of CPU time per bundle: {statistics.median(found.cpu_ratios):.2f} "
        f"({runs_text(found.cpu_ratios, '{:.2f}')})"
    )
    total, n_full = sum(stages.values()), found.ingested
    print(
        "        per bundle: "
        + ", ".join(f"{s} {stages.get(s, 0) / n_full * 1000:.2f} ms" for s in STAGES)
        + f" = {total / n_full * 1000:.2f} ms; baseline {1000 / base:.2f} ms"
    )
    by_clean, by_rows, by_table = parse_ms
    print(
        f"        parse+columns alone: happy path {by_clean:.2f} ms, row reader {by_rows:.2f} ms, "
        f"columnar read_table {by_table:.2f} ms per bundle"
        f" -> one core parses at most {1000 / min(by_clean, by_rows, by_table):.0f} bundles/s"
    )


def wait_serving(url: str) -> None:
    """Until ``url``/healthz answers (30 s at most)."""
    import httpx  # noqa: PLC0415 - only the HTTP phases need it

    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(f"{url}/healthz", timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start") from None
            time.sleep(0.2)


def http_run(
    db_url: str,
    workers: int,
    exports: list[Export],
    seconds: float,
    runs: int,
    client: str,
    before: Callable[[], None] | None = None,
) -> list[Window]:
    """``runs`` windows of uploads to ``workers`` server processes by ``client`` (wrk or httpx), after
    8 warm-up uploads (every worker imports and connects); checks the stored bundles afterwards."""
    store = Store.open(db_url)
    folder = Path(tempfile.mkdtemp())
    agent, token, public, _ = setup(store, folder / "datacenter.key")
    store.close()
    bundles = Bundles(exports, agent.id, public, f"h{workers}")
    proc, url = start_server(db_url, folder / "datacenter.key", workers)
    try:
        warm_up(url, token, bundles.batch(900_000, WARM_UP))

        def cpu() -> float:
            return sum(cpu_seconds(pid) or 0.0 for pid in descendants(proc.pid))

        if client == "wrk":
            found = wrk_windows(url, token, bundles.batch, seconds, runs, before, cpu, folder)
        else:
            found = asyncio.run(httpx_windows(url, token, bundles.make, seconds, runs, before, cpu))
    finally:
        proc.terminate()
        proc.wait(20)
        shutil.rmtree(folder, ignore_errors=True)
    store = Store.open(db_url)
    with store.read() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM bundles")).scalar_one()
    store.close()
    check_stored(found, stored, f"{workers} worker(s), {client}")
    return found


class BareCopy:
    """PostgreSQL baseline: decrypt + bare ``COPY`` of the same, converted rows into the tables."""

    def __init__(self, db_url: str, exports: list[Export], seconds: float, runs: int) -> None:
        self.store = Store.open(db_url)
        key_file = Path(tempfile.mkdtemp()) / "datacenter.key"
        self.agent, _, public, self.private = setup(self.store, key_file)
        self.per_run, self.seconds, self.rates = int(seconds * 150) + 20, seconds, list[float]()
        self.bundles = Bundles(exports, self.agent.id, public, "c").batch(0, self.per_run * runs)
        self.converted = convert(self.bundles, self.private, self.agent.office_id)

    def copy(self, bundle_id: str, data: bytes) -> None:
        open_bundle(data, self.private)
        mandant, prepared = self.converted[bundle_id]
        with self.store.write() as conn:
            cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            sql = "INSERT INTO mandanten (office_id, mandant) VALUES (%s, %s)"
            cur.execute(sql, (self.agent.office_id, mandant))
            for _, p in prepared:
                with cur.copy(f"COPY {p.table.name} ({', '.join(p.columns)}) FROM STDIN") as out:
                    for row in p.rows:
                        out.write_row(row)

    def window(self) -> None:
        run = len(self.rates)
        n, t, _ = timed(self.bundles[run * self.per_run : (run + 1) * self.per_run], self.seconds, self.copy)
        self.rates.append(n / t)

    def close(self) -> None:
        self.store.close()


@contextlib.contextmanager
def scratch_database(url: str, suffix: str) -> Iterator[str]:
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"syncsystem_bench_{os.getpid()}_{suffix}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield sa.make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_run(url: str, exports: list[Export], seconds: float, runs: int, client: str) -> None:
    """The baseline's windows alternate with those of 1 worker over HTTP (the same machine load);
    2 workers afterwards."""
    with scratch_database(url, "copy") as copy_url, scratch_database(url, "1") as db_url:
        bare = BareCopy(copy_url, exports, seconds, runs)
        try:
            one = http_run(db_url, 1, exports, seconds, runs, client, before=bare.window)
        finally:
            bare.close()
    copies, base = bare.rates, statistics.median(bare.rates)
    print(
        f"PostgreSQL baseline open_bundle + bare COPY, in process: {base:7.1f} bundles/s "
        f"({runs_text(copies, '{:.1f}')}; each window just before one of 1 worker's)"
    )
    rate = http_figures("PostgreSQL HTTP, 1 server process", one)
    with scratch_database(url, "2") as db_url:
        two = http_figures(
            "PostgreSQL HTTP, 2 server processes", http_run(db_url, 2, exports, seconds, runs, client)
        )
    pairs, met = [w.rate / b for w, b in zip(one, copies, strict=True)], rate / base >= 0.7
    print(
        f"PostgreSQL ratio 1 worker over HTTP ({client}) / bare COPY: {rate / base:.2f} (window by "
        f"window: {runs_text(pairs, '{:.2f}')}); goal >= 0.7: {verdict(met, judged=client == 'wrk')}"
    )
    print(
        f"PostgreSQL ratio 2/1 workers: {two / rate:.2f} (reported, not the goal; "
        f"{os.cpu_count()} cores shared by the servers, PostgreSQL and the load generator)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="duration of each measured window")
    parser.add_argument("--runs", type=int, default=MIN_RUNS, help="measured windows per figure (>= 3)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SYNCSYSTEM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-http", action="store_true", help="the in-process SQLite figures only")
    parser.add_argument("--no-sqlite", action="store_true", help="the PostgreSQL figures only")
    parser.add_argument(
        "--private-postgres",
        action="store_true",
        help="PostgreSQL on a throwaway cluster of its own (_pg_private.py), not --postgres",
    )
    parser.add_argument(
        "--client",
        choices=("auto", "wrk", "httpx"),
        default="auto",
        help="the HTTP load generator (auto: wrk where installed, else httpx in this process)",
    )
    args = parser.parse_args()
    runs = max(args.runs, MIN_RUNS)
    client = args.client
    if client == "auto":
        client = "httpx" if wrk_missing() else "wrk"
    elif client == "wrk" and shutil.which("wrk") is None:
        parser.error("--client wrk: wrk is not installed (apt-get install wrk)")
    print(f"HTTP load generator: {client}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        exports = kontool_exports(tmp)
        if not args.no_sqlite:
            sqlite_run(exports, args.seconds, runs, tmp)
            if args.no_http:
                return
            found = http_run(f"sqlite:///{tmp / 'http.db'}", 1, exports, args.seconds, runs, client)
            http_figures("SQLite  HTTP, 1 server process", found)
        if args.no_postgres:
            return
        if args.private_postgres:
            with private_cluster() as url:
                print(f"PostgreSQL: a private cluster for this run ({url})")
                postgres_run(url, exports, args.seconds, runs, client)
        else:
            postgres_run(args.postgres, exports, args.seconds, runs, client)


if __name__ == "__main__":
    with machine_load("datacenter_ingest"):
        main()
