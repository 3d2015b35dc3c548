"""Bundles per second for kontool-sized Mandanten: SQLite in process, PostgreSQL with 1 and 2 servers.

A kontool Mandant is ~20 KB compressed (seed 000: ~200 KB per ten Mandanten). Each bundle here is
one Mandant — bookings, person accounts, Sachkonten, Kostenstellen, OP list written by
`syncsystem.bmd.dumps` from generated records — sealed with the real format. Measured:

* SQLite: `ingest_bundle` in process (verify, decrypt, decompress, parse, validate, one transaction);
  baseline in the same run: only `open_bundle` + `bmd.read` (the work before the database).
  Goal ≥ 500 bundles/s.
* PostgreSQL (``--postgres URL``, default the local test server): `syncsystem datacenter serve`
  with ``--workers 1`` and ``--workers 2`` over loopback HTTP, 8 concurrent uploading clients.
  Goal: 2 workers ≥ 1.7 × 1 worker.

    python benchmarks/datacenter_ingest.py [--bundles 300] [--postgres postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from syncsystem import bmd
from syncsystem.clock import SystemClock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.ingest import ingest_bundle
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, open_bundle, seal

WORDS = ["Miete", "Büromaterial", "Honorar", "Wareneinkauf", "Reparatur", "Strom", "Telefon", "Beratung"]


def mandant_files(rng: random.Random, n: int) -> dict[str, tuple[str, bytes, int]]:
    persons = [bmd.PersonAccount(200000 + i, f"Kunde {i} GmbH", ort="Wien", plz="1010") for i in range(40)]
    bookings = []
    for i in range(n):
        konto = 200000 + rng.randrange(40)
        amount = Decimal(rng.randrange(1000, 500000)) / 100
        bookings.append(
            bmd.Booking(
                konto=konto,
                gkonto=rng.choice([4000, 4010, 4020]),
                belegnr=f"R{i:06d}",
                belegdatum=date(2026, 1, 1) + timedelta(days=rng.randrange(58)),
                buchcode=bmd.Buchcode.SOLL,
                betrag=amount,
                buchsymbol="AR",
                prozent=Decimal(20),
                steuercode=1,
                steuer=-(amount / 6).quantize(Decimal("0.01")),
                text=f"{rng.choice(WORDS)} {i}",
            )
        )
    items = [bmd.OpenItem(b.konto, b.belegnr, b.belegdatum, b.betrag, b.betrag, "AR") for b in bookings[:60]]
    out = {
        "buchungen.csv": ("bookings", bmd.dumps(bookings, bmd.Kind.BOOKINGS), len(bookings)),
        "personen.csv": ("persons", bmd.dumps(persons, bmd.Kind.PERSONS), len(persons)),
        "sachkonten.csv": (
            "accounts",
            bmd.dumps([bmd.LedgerAccount(k, f"Erlöse {k}") for k in (4000, 4010, 4020)], bmd.Kind.ACCOUNTS),
            3,
        ),
        "kost.csv": (
            "costcentres",
            bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES),
            1,
        ),
        "op.csv": ("openitems", bmd.dumps(items, bmd.Kind.OPENITEMS, as_of=date(2026, 2, 28)), len(items)),
    }
    return out


def make_bundles(count: int, agent_id: str, public: bytes, rows: int) -> list[tuple[str, bytes]]:
    rng = random.Random(42)
    out = []
    for i in range(count):
        mandant = f"M{i:05d}"
        files = mandant_files(rng, rows)
        entry = ManifestEntry(
            mandant, tuple(FileEntry.describe(n, k, r, d) for n, (k, d, r) in files.items()), None, 1
        )
        manifest = Manifest(f"bundle-{i:05d}", agent_id, datetime(2026, 3, 1, tzinfo=UTC), (entry,))
        out.append(
            (
                manifest.bundle_id,
                seal(manifest, {file_key(mandant, n): d for n, (_, d, _) in files.items()}, public),
            )
        )
    return out


def setup(store: Store) -> tuple[Principal, str, bytes, bytes]:
    now = datetime.now(UTC)
    with store.write() as conn:
        public = tenancy.ensure_keypair(conn)
        private = tenancy.load_private_key(conn)
        tenancy.create_office(conn, "kanzlei-bench", "Bench", now)
        enrolment = tenancy.enrol(
            conn, tenancy.create_enrolment_code(conn, "kanzlei-bench", now), "bench", now
        )
    assert private is not None
    return Principal("agent", enrolment.agent_id, "kanzlei-bench"), enrolment.token, public, private


def sqlite_run(count: int, rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(f"sqlite:///{Path(tmp) / 'ingest.db'}")
        agent, _, public, private = setup(store)
        bundles = make_bundles(count, agent.id, public, rows)
        size = sum(len(b) for _, b in bundles) / len(bundles)
        start = time.perf_counter()
        for _, data in bundles:
            opened = open_bundle(data, private)
            for m in opened.manifest.mandanten:
                for f in m.files:
                    bmd.read(opened.files[file_key(m.mandant, f.name)], bmd.Kind(f.kind)).records  # noqa: B018
        base = count / (time.perf_counter() - start)
        clock = SystemClock()
        start = time.perf_counter()
        for bundle_id, data in bundles:
            ingest_bundle(store, agent, bundle_id, data, private, clock=clock)
        rate = count / (time.perf_counter() - start)
        with store.read() as conn:
            stored = conn.execute(sa.text("SELECT count(*) FROM bookings")).scalar_one()
        store.close()
    print(f"bundle: 1 Mandant, {rows} bookings + master data + OP list, {size / 1024:.1f} KB sealed")
    print(f"SQLite  open+parse only (baseline): {base:8.0f} bundles/s")
    print(
        f"SQLite  full ingest               : {rate:8.0f} bundles/s  ({stored} bookings stored)  "
        f"ratio to baseline {rate / base:.2f}; goal >= 500/s: {'met' if rate >= 500 else 'NOT met'}"
    )


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _upload(url: str, token: str, bundles: list[tuple[str, bytes]], clients: int) -> float:
    import httpx  # noqa: PLC0415

    queue = list(bundles)
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:

        async def worker() -> None:
            while queue:
                bundle_id, data = queue.pop()
                r = await client.put(f"{url}/api/v1/bundles/{bundle_id}", content=data)
                r.raise_for_status()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return len(bundles) / (time.perf_counter() - start)


def postgres_run(url: str, count: int, rows: int) -> None:
    rates = {}
    for workers in (1, 2):
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        name = f"syncsystem_bench_{os.getpid()}_{workers}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        db_url = sa.make_url(url).set(database=name).render_as_string(hide_password=False)
        store = Store.open(db_url)
        agent, token, public, _ = setup(store)
        store.close()
        bundles = make_bundles(count, agent.id, public, rows)
        port = _port()
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "syncsystem.cli",
                "datacenter",
                "serve",
                "--db",
                db_url,
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                        break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError("server did not start") from None
                    time.sleep(0.2)
            time.sleep(1.0 if workers > 1 else 0.2)  # let every worker bind
            rates[workers] = asyncio.run(_upload(f"http://127.0.0.1:{port}", token, bundles, 8))
        finally:
            proc.terminate()
            proc.wait(20)
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        print(f"PostgreSQL, {workers} server process(es), HTTP, 8 clients: {rates[workers]:8.0f} bundles/s")
    ratio = rates[2] / rates[1]
    print(
        f"PostgreSQL ratio 2/1 workers: {ratio:.2f}  (goal >= 1.7: {'met' if ratio >= 1.7 else 'NOT met'}; "
        f"this machine has {os.cpu_count()} cores shared with the load generator)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundles", type=int, default=300)
    parser.add_argument("--rows", type=int, default=250, help="bookings per Mandant (default ~20 KB sealed)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SYNCSYSTEM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    sqlite_run(args.bundles, args.rows)
    if not args.no_postgres:
        postgres_run(args.postgres, args.bundles, args.rows)


if __name__ == "__main__":
    main()
