"""Advisor page and ``/api/v1/advisor/mandanten`` latency for a large office with 3 years of history.

On a scratch PostgreSQL database (``--postgres URL``, default the local test server): one office of
``--mandanten`` (500) Mandanten whose every Mandant was synced every day for ``--days`` (1,095)
days — one sync request and one bundle per Mandant and day (~550,000 each; written with ``COPY``) —
beside 50 smaller offices with a year of the same. `syncsystem datacenter serve` (1 worker) answers
``--requests`` (300) sequential GETs of each endpoint from this process (httpx, loopback): the page
with a session cookie — its first page of 50 Mandanten (``/``), its last (``/?seite=10``) and a
search — and the JSON list of all 500 with the advisor's token. Printed per endpoint: p50 and p99
latency, medians of ``--runs`` (≥ 3) rounds, and the server process's CPU per request (user +
system from ``/proc``: what the code costs, much less disturbed by other load on the machine than
the latencies); baseline in the same run: ``/healthz`` (what the HTTP stack alone costs). The
page's query for the office's newest requests is also timed alone with and without migration
0006's index ``(office_id, created_at)``, to show what it is for. Goal (issue 15): p99 ≤ 50 ms.

    python benchmarks/advisor_page.py [--postgres URL] [--mandanten 500] [--days 1095] [--keep-db]

``--keep-db`` keeps the filled database (``syncsystem_bench_advisor_kept``) and reuses it on the next
run with ``--keep-db`` (the history takes minutes to write); ``--drop-db`` drops it and exits.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa

from _bench import MIN_RUNS, free_port, machine_load, runs_text, serve_command, verdict
from datacenter_ingest import scratch_database, wait_serving
from syncsystem.datacenter.auth import authenticate_advisor
from syncsystem.datacenter.pages import COOKIE
from syncsystem.datacenter.store import sessions, tenancy
from syncsystem.datacenter.store.engine import Store

NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KEPT = "syncsystem_bench_advisor_kept"


def _copy(cur: object, table: str, columns: str, rows: Iterator[tuple[object, ...]]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        copy.write(buffer.getvalue())


def fill(store: Store, office: str, mandanten: int, days: int) -> None:
    """``mandanten`` Mandanten, each with one request and one bundle per day for ``days`` days."""
    with store.write() as conn:
        tenancy.create_office(conn, office, f"Kanzlei {office}", NOW - timedelta(days=days))
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        ids = [f"M{m:05d}" for m in range(mandanten)]
        _copy(
            cur,
            "mandanten",
            "office_id, mandant, name, cursor, last_updated, rows_fetched, bundle_size",
            ((office, m, f"Mandant {m}", days, NOW.isoformat(), 1130, 21000) for m in ids),
        )
        for day in range(days):
            at = (NOW - timedelta(days=days - day)).isoformat()
            _copy(
                cur,
                "sync_requests",
                "id, office_id, mandanten, mode, state, agent_id, bundle_id, created_at, finished_at",
                (
                    (
                        f"r-{office}-{day}-{m}",
                        office,
                        f'["{m}"]',
                        "incremental",
                        "ingested",
                        "agent",
                        f"b-{day}-{m}",
                        at,
                        at,
                    )
                    for m in ids
                ),
            )
            _copy(
                cur,
                "bundles",
                "office_id, id, agent_id, raw_sha256, content_digest, size, rows, "
                "cursors, source, received_at",
                (
                    (
                        office,
                        f"b-{day}-{m}",
                        "agent",
                        "0" * 64,
                        "0" * 64,
                        21000,
                        1130,
                        f'{{"{m}": {day}}}',
                        "agent",
                        at,
                    )
                    for m in ids
                ),
            )
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("ANALYZE")


def latencies(client: httpx.Client, path: str, count: int, **kwargs: object) -> tuple[float, float]:
    """p50 and p99 in ms of ``count`` sequential GETs of ``path``."""
    found = []
    for _ in range(count):
        t0 = time.perf_counter()
        response = client.get(path, **kwargs)  # type: ignore[arg-type]
        found.append((time.perf_counter() - t0) * 1000)
        response.raise_for_status()
    found.sort()
    return found[len(found) // 2], found[min(len(found) - 1, int(len(found) * 0.99))]


def server_cpu(pid: int) -> float:
    """Seconds of CPU the server process has used (user + system, all threads; Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(db_url: str, key_file: Path, token: str, session: str, args: argparse.Namespace) -> None:
    port = free_port()
    proc = subprocess.Popen(
        serve_command(db_url, key_file, port, 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_serving(base)
        cases = {
            "/healthz (baseline)": ("/healthz", {}),
            "/api/v1/advisor/mandanten": (
                "/api/v1/advisor/mandanten",
                {"headers": {"Authorization": f"Bearer {token}"}},
            ),
            "/ (advisor page: Mandanten 1-50, problems first)": ("/", {"cookies": {COOKIE: session}}),
            "/?seite=10 (Mandanten 451-500)": ("/?seite=10", {"cookies": {COOKIE: session}}),
            "/?suche=M0042&sortierung=aelteste (search)": (
                "/?suche=M0042&sortierung=aelteste",
                {"cookies": {COOKIE: session}},
            ),
        }
        with httpx.Client(base_url=base, timeout=30) as client:
            for label, (path, kwargs) in cases.items():
                latencies(client, path, 20, **kwargs)  # warm-up: connections, caches, plans
                p50s, p99s = [], []
                cpu = server_cpu(proc.pid)
                for _ in range(max(args.runs, MIN_RUNS)):
                    p50, p99 = latencies(client, path, args.requests, **kwargs)
                    p50s.append(p50)
                    p99s.append(p99)
                cpu = (server_cpu(proc.pid) - cpu) * 1000 / (len(p50s) * args.requests)
                p99 = statistics.median(p99s)
                goal = "" if "baseline" in label else f"; goal p99 <= 50 ms: {verdict(p99 <= 50)}"
                print(
                    f"  {label}: p50 {statistics.median(p50s):.1f} ms, p99 {p99:.1f} ms "
                    f"({runs_text(p99s, '{:.1f}')}), server CPU {cpu:.1f} ms/request{goal}"
                )
    finally:
        proc.terminate()
        proc.wait(20)


def newest_requests(store: Store, *, index: bool) -> float:
    """ms (median of 5) of the advisor page's query for the office's 20 newest sync requests, with or
    without migration 0006's index (dropped in a transaction that is rolled back)."""
    sql = "SELECT * FROM sync_requests WHERE office_id = 'kanzlei-gross' ORDER BY created_at DESC LIMIT 20"
    found = []
    with store.engine.connect() as conn:
        if not index:
            conn.exec_driver_sql("DROP INDEX ix_sync_requests_office_created")
        for _ in range(5):
            t0 = time.perf_counter()
            conn.exec_driver_sql(sql).all()
            found.append((time.perf_counter() - t0) * 1000)
        conn.rollback()
    return statistics.median(found)


@contextmanager
def kept_database(url: str) -> Iterator[tuple[str, bool]]:
    """The kept database's URL and whether it holds a filled history already (created if missing)."""
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": KEPT}
            ).first()
            if not exists:
                conn.execute(sa.text(f'CREATE DATABASE "{KEPT}"'))
    finally:
        admin.dispose()
    db_url = sa.make_url(url).set(database=KEPT).render_as_string(hide_password=False)
    probe = sa.create_engine(db_url)
    try:
        with probe.connect() as conn:
            filled = (
                bool(exists)
                and conn.execute(
                    sa.text(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'sync_requests'"
                    )
                ).scalar()
            )
            if filled:
                filled = (
                    conn.execute(sa.text("SELECT 1 FROM offices WHERE id = 'kanzlei-gross'")).first()
                    is not None
                )
    finally:
        probe.dispose()
    yield db_url, bool(filled)


def drop_kept(url: str) -> None:
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{KEPT}" WITH (FORCE)'))
    finally:
        admin.dispose()


def history(store: Store, args: argparse.Namespace) -> str:
    """Write the offices' history (timed) and the big office's advisor; returns the advisor's token."""
    t0 = time.perf_counter()
    for n in range(args.others):
        fill(store, f"kanzlei-{n:02d}", 20, 365)
    fill(store, "kanzlei-gross", args.mandanten, args.days)
    with store.write() as conn:
        _, token = tenancy.create_advisor(conn, "kanzlei-gross", "Beraterin", NOW)
        requests = conn.execute(sa.text("SELECT count(*) FROM sync_requests")).scalar_one()
    print(
        f"history: {requests:,} sync requests and as many bundles ({args.mandanten} Mandanten x "
        f"{args.days} days, plus {args.others} offices x 20 Mandanten x 365 days), "
        f"written in {time.perf_counter() - t0:.0f} s"
    )
    return token


def run(db_url: str, filled: bool, key_file: Path, args: argparse.Namespace) -> None:
    store = Store.open(db_url)
    try:
        if filled:
            with store.write() as conn:  # a fresh advisor each run (its token is shown only once)
                _, token = tenancy.create_advisor(conn, "kanzlei-gross", "Beraterin", NOW)
                if not key_file.exists():  # the history's bundles are not encrypted: a new key will do
                    conn.execute(sa.text("DELETE FROM settings WHERE name = 'bundle_public_key'"))
            print(f"history: reused the kept database {KEPT}")
        else:
            token = history(store, args)
        with store.write() as conn:
            session = sessions.start_session(conn, authenticate_advisor(conn, token), datetime.now(UTC))
        print("with migration 0006's index (office_id, created_at):")
        measure(db_url, key_file, token, session, args)
        with_index, without = newest_requests(store, index=True), newest_requests(store, index=False)
        print(
            f"the page's newest-20-requests query alone: {with_index:.2f} ms with the index, "
            f"{without:.1f} ms without it (median of 5)"
        )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("SYNCSYSTEM_TEST_POSTGRES_URL", LOCAL_PG))
    parser.add_argument("--mandanten", type=int, default=500)
    parser.add_argument("--days", type=int, default=1095)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--others", type=int, default=50, help="smaller offices (20 Mandanten, 1 year)")
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    parser.add_argument("--keep-db", action="store_true", help=f"keep and reuse the database {KEPT}")
    parser.add_argument("--drop-db", action="store_true", help=f"drop the database {KEPT} and exit")
    args = parser.parse_args()
    kept_key = Path(tempfile.gettempdir()) / f"{KEPT}.key"
    if args.drop_db:
        drop_kept(args.postgres)
        kept_key.unlink(missing_ok=True)
        return
    if args.keep_db:
        with kept_database(args.postgres) as (db_url, filled):
            run(db_url, filled, kept_key, args)
        return
    with scratch_database(args.postgres, "advisor") as db_url, tempfile.TemporaryDirectory() as tmp:
        run(db_url, False, Path(tmp) / "datacenter.key", args)


if __name__ == "__main__":
    with machine_load("advisor_page"):
        main()
