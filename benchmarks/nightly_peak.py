"""The nightly peak in compressed time: many enrolled agents poll and upload their Mandanten at once.

Loopback only, bounded by ``--seconds``. On a scratch PostgreSQL database (``--postgres URL``):
``--agents`` (10,000) offices with one enrolled agent each, every agent with its own token (written
in bulk, hashed like `tenancy.enrol` does). ``syncsystem datacenter serve`` (``--workers``, default 1)
answers ``--clients`` (16) concurrent loopback clients that work through the agents in random order:
each agent polls once (the 30-minute polls of the 21–23 h window, compressed) and uploads one bundle
for one of its Mandanten, with the real size mix — a new Mandant's full export (10 %: all seven files
of a kontool Mandant from the BMD emulator), a working day's changes (60 %: bookings, OP list,
clearings) and an unchanged Mandant (30 %: the account master files only).

Printed: ingested bundles/s, p50/p99 upload and poll latency, errors (must be 0), duplicates (bundles
stored twice — must be 0), lock waits (``pg_stat_activity`` sampled every 0.2 s — must be none), and
CPU-seconds per bundle in the API worker processes (``/proc/<pid>/stat`` of the server's process
tree) and in PostgreSQL (``/proc/<pid>/stat`` of the backends connected to the scratch database;
``pg_stat_statements`` is not loaded on the shared server), and from those the 2-core API nodes an
office count needs (docs/scaling.md). No in-run baseline yet: the goals here are absolute (0 errors,
0 duplicates, no lock waits, constant CPU per bundle as workers are added).

    python benchmarks/nightly_peak.py [--agents 10000] [--seconds 60] [--workers 1] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import math
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from _bench import machine_load, verdict
from datacenter_ingest import Export, free_port, kontool_exports, scratch_database, wait_serving
from syncsystem.datacenter.auth import hash_token, new_token
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol import messages as m
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, seal

NOW = datetime(2026, 3, 2, 21, tzinfo=UTC)
LOCAL_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
MIX = (("full", 0.1, None), ("day", 0.6, {"buchungen.csv", "op-liste.csv", "auszifferungen.csv"}),
       ("unchanged", 0.3, {"sachkonten.csv", "kostenstellen.csv"}))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            children = []
        todo.extend(int(c) for c in children)
    return found


def enrol_all(store: Store, count: int) -> list[tuple[str, str]]:
    """``count`` offices with one agent each; returns (agent id, token) per agent."""
    agents = [(f"agent-{i:05d}", new_token()) for i in range(count)]
    with store.write() as conn:
        cur = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        offices = [(f"k{i:05d}", f"Kanzlei {i}", NOW) for i in range(count)]
        rows = {"offices": ("id, name, created_at", offices),
                "agents": ("id, office_id, name, created_at",
                           [(a, f"k{i:05d}", "pc", NOW) for i, (a, _) in enumerate(agents)]),
                "agent_tokens": ("token_hash, agent_id, office_id, created_at",
                                 [(hash_token(t), a, f"k{i:05d}", NOW) for i, (a, t) in enumerate(agents)])}
        for table, (columns, values) in rows.items():
            buffer = io.StringIO("".join("\t".join(str(v) for v in row) + "\n" for row in values))
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
    return agents


def bundle(exports: list[Export], agent_id: str, n: int, public: bytes,
           rng: random.Random) -> tuple[str, str, bytes]:
    kind = rng.choices([k for k, _, _ in MIX], [w for _, w, _ in MIX])[0]
    wanted = dict((k, f) for k, _, f in MIX)[kind]
    _, cursor_to, files = exports[n % len(exports)]  # every bundle a full export: no gap to check
    chosen = [f for f in files if wanted is None or f[0] in wanted]
    mandant = f"M{n % 10:02d}"
    entry = ManifestEntry(mandant, tuple(FileEntry.describe(name, k, r, d) for name, k, r, d in chosen),
                          None, cursor_to)
    manifest = Manifest(f"n-{agent_id}", agent_id, NOW, (entry,))
    return kind, manifest.bundle_id, seal(manifest, {file_key(mandant, f[0]): f[3] for f in chosen}, public)


async def wave(url: str, work: list[tuple[str, str, str, bytes]], seconds: float,
               clients: int) -> dict[str, object]:
    polls: list[float] = []
    uploads: list[float] = []
    errors: list[str] = []
    queue = list(work)
    deadline = time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def one() -> None:
            while queue and time.perf_counter() < deadline:
                token, _, bundle_id, data = queue.pop()
                auth = {"Authorization": f"Bearer {token}"}
                t0 = time.perf_counter()
                r = await client.get(m.POLL_PATH, headers=auth)
                polls.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors.append(f"poll {r.status_code}")
                t0 = time.perf_counter()
                r = await client.put(f"{m.API_BASE}/bundles/{bundle_id}", content=data, headers=auth)
                uploads.append(time.perf_counter() - t0)
                if r.status_code != 200 or r.json().get("status") != "ingested":
                    errors.append(f"upload {r.status_code} {r.text[:80]}")

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(clients)))
        return {"polls": polls, "uploads": uploads, "errors": errors, "elapsed": time.perf_counter() - start}


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else math.nan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--postgres", default=os.environ.get("SYNCSYSTEM_TEST_POSTGRES_URL", LOCAL_PG))
    args = parser.parse_args()
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as name, scratch_database(args.postgres, "peak") as db_url:
        tmp = Path(name)
        exports = kontool_exports(tmp)
        store = Store.open(db_url)
        keys = ensure_keys(store, tmp / "datacenter.key")
        agents = enrol_all(store, args.agents)
        work = []
        sizes: dict[str, list[int]] = {}
        for n, (agent_id, token) in enumerate(agents):
            kind, bundle_id, data = bundle(exports, agent_id, n, keys.public, rng)
            sizes.setdefault(kind, []).append(len(data))
            work.append((token, kind, bundle_id, data))
        rng.shuffle(work)
        mix = ", ".join(f"{k} {len(v)} x {sum(v) / len(v) / 1024:.1f} KB" for k, v in sizes.items())
        print(f"{args.agents:,} agents with distinct tokens; bundle mix: {mix}")
        port = free_port()
        cmd = [sys.executable, "-m", "syncsystem.cli", "datacenter", "serve", "--db", db_url, "--key-file",
               str(tmp / "datacenter.key"), "--port", str(port), "--workers", str(args.workers)]
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_serving(url)
            asyncio.run(wave(url, work[-args.clients * 2:], 30, args.clients))  # warm-up: pools, caches
            del work[-args.clients * 2:]
            backends = _backends(store, db_url)
            api0, pg0 = cpu_seconds(tree(proc.pid)), cpu_seconds(backends)
            stop = threading.Event()
            waits: list[str] = []
            sampler = threading.Thread(target=_lock_waits, args=(store, db_url, stop, waits))
            sampler.start()
            try:
                found = asyncio.run(wave(url, work, args.seconds, args.clients))
            finally:
                stop.set()
                sampler.join()
            api1, pg1 = cpu_seconds(tree(proc.pid)), cpu_seconds(_backends(store, db_url))
            found["lock_waits"] = waits
        finally:
            proc.terminate()
            proc.wait(20)
        with store.read() as conn:
            stored = conn.execute(sa.text("SELECT count(*), count(DISTINCT id) FROM bundles")).one()
        store.close()
    report(found, stored, api1 - api0, pg1 - pg0, args)


def report(found: dict[str, object], stored: tuple[int, int], api: float, pg: float,
           args: argparse.Namespace) -> None:
    uploads, polls, errors = found["uploads"], found["polls"], found["errors"]
    assert isinstance(uploads, list) and isinstance(polls, list) and isinstance(errors, list)
    done = len(uploads) - len(errors)
    elapsed = float(found["elapsed"])  # type: ignore[arg-type]
    rate = done / elapsed
    print(f"ingested {done:,} bundles in {elapsed:.1f} s = {rate:.1f} bundles/s "
          f"({args.workers} worker(s), {args.clients} clients); upload p50 {_pct(uploads, 0.5):.0f} ms, "
          f"p99 {_pct(uploads, 0.99):.0f} ms; poll p50 {_pct(polls, 0.5):.0f} ms, "
          f"p99 {_pct(polls, 0.99):.0f} ms")
    print(f"errors: {len(errors)} ({verdict(not errors)}{'; first: ' + errors[0] if errors else ''}); "
          f"duplicates: {stored[0] - stored[1]} ({verdict(stored[0] == stored[1])})")
    waits = found.get("lock_waits", [])
    assert isinstance(waits, list)
    print(f"lock waits sampled in pg_stat_activity every 0.2 s: {len(waits)} "
          f"({verdict(not waits)}{'; e.g. ' + waits[0] if waits else ''})")
    per_api, per_pg = api / max(done, 1), pg / max(done, 1)
    print(f"CPU per bundle (its agent's poll included): API workers {per_api * 1000:.1f} ms, "
          f"PostgreSQL backends {per_pg * 1000:.1f} ms (all {args.workers} worker(s) together: constant "
          f"CPU per bundle as workers are added is the goal)")
    for offices in (10_000, 100_000):
        need = offices * 10 / 7200 * per_api / (2 * 0.6)
        print(f"model: {offices:,} offices x 10 Mandanten in 2 h = {offices * 10 / 7200:.0f} bundles/s -> "
              f"{max(1, math.ceil(need))} API node(s) of 2 cores at <= 60 % ({need:.2f})")


def _lock_waits(store: Store, db_url: str, stop: threading.Event, out: list[str]) -> None:
    """Every 0.2 s: the scratch database's backends waiting on a lock (wait_event_type 'Lock')."""
    name = sa.make_url(db_url).database
    sql = sa.text("SELECT wait_event, left(query, 80) FROM pg_stat_activity "
                  "WHERE datname = :d AND wait_event_type = 'Lock'")
    with store.engine.connect() as conn:
        while not stop.wait(0.2):
            out.extend(f"{event}: {query}" for event, query in conn.execute(sql, {"d": name}))
            conn.rollback()


def _backends(store: Store, db_url: str) -> list[int]:
    name = sa.make_url(db_url).database
    with store.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> "
                                    "pg_backend_pid()"), {"d": name})
        return [int(r[0]) for r in rows]


if __name__ == "__main__":
    with machine_load("nightly_peak"):
        main()
