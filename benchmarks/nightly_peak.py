"""The nightly peak on loopback: 10,000 enrolled agents polling, the upload wave, 1 and 2 API workers.

Issue 15 §3. Bounded in count (``--max-bundles`` sealed uploads per configuration) and in time
(``--poll-phase`` + ``--alone`` + ``--wave`` seconds per configuration, ≈ 3 minutes in all); stops by
itself. Never part of the test suite. Plain HTTP on loopback (TLS ends at the load balancer).

* Agents: ``--agents`` (10,000) offices with one agent each, distinct tokens, written straight into
  the store's tables in one transaction (the rows `tenancy.enrol` writes) — 10,000 HTTP enrolments
  would take minutes here; 20 real HTTP enrolments are timed as the warm-up.
* Bundles: the BMD emulator (``kontool`` profile, 3 Mandanten) exports each Mandant fully (a new
  Mandant), after one working day, and once more with nothing changed; the agent's own sealing code
  (`syncsystem.agent.jobs._seal`) seals every upload for its agent, bundle id and a Mandant id
  of its own (a small pool reused with distinct ids). Mix per night (``--mix``): 2 % new Mandanten,
  58 % worked on that day, 40 % unchanged. Incremental bundles start at the cursor the office
  acknowledged (seeded beside the agents), as every night.
* Phases per configuration (1 and 2 ``datacenter serve`` workers on one PostgreSQL database): polls
  alone, open loop at agents / (1800 s / ``--compress``) per second (CPU per poll); uploads alone by
  ``--clients`` concurrent uploaders (CPU per bundle and bundles/s, median of the phase's thirds);
  the nightly wave, uploads and polls together (bundles/s against the baseline of 13.9/s that
  10,000 offices × 10 Mandanten in two hours need, p50/p99 latency).
* Reported: errors and duplicates (goal 0 each; stored bundles = ``ingested`` answers), CPU-seconds in
  the API workers (per process) and in PostgreSQL's backends (/proc; pg_stat_statements when
  preloaded), pg_stat_activity's wait events sampled every 100 ms (lock waits on office rows: goal
  none), and the API nodes an office count needs (`syncsystem.datacenter.sizing`).

    python benchmarks/nightly_peak.py [--quick] [--postgres URL | --private-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa

from _bench import machine_load
from _peak_load import (
    KINDS,
    Pool,
    Tally,
    Upload,
    enrol_agents,
    enrol_warmup,
    make_pool,
    pct,
    plan_uploads,
    poller,
    uploader,
)
from _peak_probe import (
    Probe,
    statements_available,
    statements_lines,
    statements_sum,
)
from _peak_server import Meter, Phase, start_server
from _pg_private import private_cluster
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.sizing import Costs, Load, plan
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store

NEEDED = 10_000 * 10 / 7200  # bundles/s: 10,000 offices × 10 Mandanten in the 21–23 h window


@dataclass
class Result:
    workers: int
    enrol_per_second: float
    polls: Tally  # polls alone
    poll_phase: Phase
    poll_seconds: float
    alone: Tally  # uploads alone: the CPU per bundle
    alone_thirds: list[tuple[int, float, Phase, int]]  # bundles, seconds, CPU, polls in each third
    wave: Tally  # uploads with the polls beside them: rate, latency
    wave_polls: Tally
    wave_thirds: list[tuple[int, float, Phase, int]]
    stored: int
    probe: Probe


async def _wave(
    client: httpx.AsyncClient,
    meter: Meter,
    seconds: float,
    clients: int,
    tokens: list[str],
    queue: list[Upload],
    rate: float,
) -> tuple[Tally, Tally, list[tuple[int, float, Phase, int]]]:
    """Uploads by ``clients`` concurrent uploaders (and polls at ``rate``, if any) for ``seconds`` or
    until ``queue`` runs out; CPU snapshots at each third."""
    ups, polls, marks = Tally(), Tally(), []
    start = time.perf_counter()
    until = start + seconds
    loaders = [asyncio.create_task(uploader(client, queue, tokens, until, ups)) for _ in range(clients)]
    stop = asyncio.Event()
    polling = asyncio.create_task(poller(client, tokens, rate, until, polls, stop)) if rate else None
    marks.append((time.perf_counter(), meter.snap(), 0, 0))
    for i in (1, 2, 3):  # a snapshot at each third, or when the sealed uploads ran out
        pending = [t for t in loaders if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=max(0.0, start + seconds * i / 3 - time.perf_counter()))
        marks.append((time.perf_counter(), meter.snap(), len(ups.done_at), len(polls.latencies)))
        if all(t.done() for t in loaders):
            break
    await asyncio.gather(*loaders)
    stop.set()
    if polling is not None:
        await polling
    thirds = [
        (b[2] - a[2], b[0] - a[0], meter.between(a[1], b[1]), b[3] - a[3])
        for a, b in itertools.pairwise(marks)
    ]
    return ups, polls, thirds


async def _phases(
    args: argparse.Namespace,
    base: str,
    meter: Meter,
    workers: int,
    tokens: list[str],
    uploads: list[Upload],
    codes: list[str],
) -> Result:
    rate = len(tokens) / (1800 / args.compress)
    # keep-alive shorter than uvicorn's 5 s: a request never goes out on a connection it just closed
    limits = httpx.Limits(
        max_connections=args.clients + 70, max_keepalive_connections=args.clients + 70, keepalive_expiry=3.0
    )
    queue = list(reversed(uploads))
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        enrol_rate = await enrol_warmup(client, codes)
        await asyncio.sleep(0.3)  # the probe sees every pooled backend
        polls, before = Tally(), meter.snap()
        t0 = time.perf_counter()
        await poller(client, tokens, rate, t0 + args.poll_phase, polls)
        poll_seconds = time.perf_counter() - t0
        poll_phase = meter.between(before, meter.snap())
        alone, _, alone_thirds = await _wave(client, meter, args.alone, args.clients, tokens, queue, 0.0)
        wave, wave_polls, wave_thirds = await _wave(
            client, meter, args.wave, args.clients, tokens, queue, rate
        )
    return Result(
        workers,
        enrol_rate,
        polls,
        poll_phase,
        poll_seconds,
        alone,
        alone_thirds,
        wave,
        wave_polls,
        wave_thirds,
        0,
        meter.probe,
    )


def run_config(
    args: argparse.Namespace, ctx: dict[str, object], workers: int, uploads: list[Upload], codes: list[str]
) -> Result:
    url, dbname, admin = str(ctx["url"]), str(ctx["dbname"]), str(ctx["admin"])
    tokens: list[str] = ctx["tokens"]  # type: ignore[assignment]
    proc, base = start_server(url, ctx["key_file"], workers)  # type: ignore[arg-type]
    probe = Probe(admin, dbname)
    probe.start()
    try:
        meter = Meter(proc.pid, probe, admin, dbname, bool(ctx["statements"]))
        result = asyncio.run(_phases(args, base, meter, workers, tokens, uploads, codes))
    finally:
        probe.stop()
        proc.terminate()
        proc.wait(30)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        result.stored = conn.execute(
            sa.text("SELECT count(*) FROM bundles WHERE id LIKE :p"), {"p": f"w{workers}-%"}
        ).scalar_one()
    engine.dispose()
    return result


def costs_of(r: Result) -> tuple[Costs, list[float], list[float]]:
    """CPU-seconds per poll (polls alone) and per bundle (uploads alone, median of the thirds); the
    thirds' bundles/s alone and with the polls beside them."""
    n_polls = max(1, len(r.polls.latencies))
    api_poll = sum(r.poll_phase.workers.values()) / n_polls
    db_poll = r.poll_phase.backends / n_polls
    used = [(n, ph) for n, _, ph, _ in r.alone_thirds if n]
    api = [sum(ph.workers.values()) / n for n, ph in used]
    db = [ph.backends / n for n, ph in used]
    nan = float("nan")
    med = statistics.median
    costs = Costs(med(api) if api else nan, api_poll, med(db) if db else nan, db_poll)
    return costs, [n / t for n, t, _, _ in r.alone_thirds], [n / t for n, t, _, _ in r.wave_thirds]


def _ms(values: list[float], q: float) -> str:
    return f"{pct(values, q) * 1000:.0f} ms"


def report(r: Result, baseline: float | None) -> tuple[Costs, float]:
    """Print one configuration's figures; returns its costs and its bundles/s with polls."""
    costs, alone, wave = costs_of(r)
    rate_alone, rate = statistics.median(alone), statistics.median(wave)
    st = {
        k: r.alone.statuses.get(k, 0) + r.wave.statuses.get(k, 0)
        for k in {*r.alone.statuses, *r.wave.statuses}
    }
    ingested = st.get("ingested", 0)
    dupes = st.get("duplicate", 0) + abs(ingested - r.stored)
    w = f"[{r.workers} worker{'s' if r.workers > 1 else ''}]"
    print(f"{w} HTTP enrolment (warm-up): {r.enrol_per_second:.1f}/s")
    print(
        f"{w} polls alone: {len(r.polls.latencies) / r.poll_seconds:.1f}/s, "
        f"p50 {_ms(r.polls.latencies, 0.5)}, "
        f"p99 {_ms(r.polls.latencies, 0.99)}; CPU per poll: API {costs.api_per_poll * 1000:.2f} ms, "
        f"PostgreSQL {costs.db_per_poll * 1000:.2f} ms"
    )
    print(
        f"{w} uploads alone: {rate_alone:.1f} bundles/s (median of thirds: "
        + " ".join(f"{x:.1f}" for x in alone)
        + f"), p50 {_ms(r.alone.latencies, 0.5)}, "
        f"p99 {_ms(r.alone.latencies, 0.99)}; "
        f"CPU per bundle: API workers {costs.api_per_bundle * 1000:.1f} ms, "
        f"PostgreSQL {costs.db_per_bundle * 1000:.1f} ms"
    )
    print(
        f"{w} nightly wave (uploads + polls): {rate:.1f} bundles/s (thirds: "
        + " ".join(f"{x:.1f}" for x in wave)
        + f"); baseline: the peak needs {NEEDED:.1f}/s, ratio {rate / NEEDED:.2f}"
        + (f"; vs 1 worker {rate / baseline:.2f}" if baseline else "")
    )
    print(
        f"{w} upload latency p50 {_ms(r.wave.latencies, 0.5)}, p99 {_ms(r.wave.latencies, 0.99)}; "
        f"{len(r.wave_polls.latencies)} polls beside it, p50 {_ms(r.wave_polls.latencies, 0.5)}, "
        f"p99 {_ms(r.wave_polls.latencies, 0.99)}"
    )
    errors = r.alone.errors + r.wave.errors + r.wave_polls.errors + r.polls.errors
    print(
        f"{w} errors {len(errors)} (goal 0){': ' + '; '.join(errors[:3]) if errors else ''}; "
        f"duplicates {dupes} (goal 0); bundles stored {r.stored} = ingested answers {ingested}"
    )
    _report_workers(w, r)
    _report_waits(w, r.probe)
    return costs, rate


def _report_workers(w: str, r: Result) -> None:
    thirds = r.alone_thirds
    total = {p: sum(t[2].workers.get(p, 0.0) for t in thirds) for p in thirds[-1][2].workers}
    busy = {p: c for p, c in total.items() if c > 0.05}
    bundles = sum(t[0] for t in thirds) or 1
    print(
        f"{w} API CPU per process, uploads alone: "
        + ", ".join(f"pid {p} {c:.1f} s = {c / bundles * 1000:.1f} ms per bundle" for p, c in busy.items())
    )
    spent = [t[2].statements for t in thirds]
    if all(s is not None for s in spent):
        for line in statements_lines(statements_sum(spent), bundles, "bundle (uploads alone)"):
            print(f"{w} {line}")
    if r.poll_phase.statements is not None:
        print(f"{w} " + statements_lines(r.poll_phase.statements, max(1, len(r.polls.latencies)), "poll")[0])


def _report_waits(w: str, probe: Probe) -> None:
    top = ", ".join(f"{k} {v}" for k, v in probe.waits.most_common(6)) or "none"
    print(f"{w} wait events in {probe.samples} samples of pg_stat_activity (active backends): {top}")
    locks = probe.office_lock_waits
    print(
        f"{w} lock waits on office rows (offices, agents, mandanten): {len(locks)} (goal none)"
        + (f": {locks[:2]}" if locks else "")
    )


def sizing(costs: Costs, label: str) -> None:
    for offices in (1_000, 10_000, 100_000):
        p = plan(Load(offices), costs)
        print(
            f"sizing ({label}): {offices:>7,} offices -> {p.bundles_per_second:6.1f} bundles/s, "
            f"{p.polls_per_second:5.1f} polls/s: API {p.api_cores:5.2f} busy cores = {p.api_nodes} "
            f"2-core node(s) at <= 50 %; PostgreSQL {p.db_cores:5.2f} busy cores"
        )


def setup(args: argparse.Namespace, tmp: Path, url: str) -> tuple[dict[str, object], Pool]:
    store = Store.open(url)
    try:
        public = ensure_keys(store, tmp / "dc.key").public
        t0 = time.perf_counter()
        agents = enrol_agents(store, args.agents)
        print(
            f"enrolled {len(agents):,} agents with distinct tokens through the store's tables in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        pool = make_pool(tmp)
        sizes = {k: statistics.mean(sum(f.size for f in e.files) for e, _ in v) for k, v in pool.items()}
        print(
            "pool (BMD emulator, kontool, 3 Mandanten), CSV per Mandant: "
            + ", ".join(f"{k} {s / 1024:.1f} KB" for k, s in sizes.items())
        )
    finally:
        store.close()
    return {
        "url": url,
        "key_file": tmp / "dc.key",
        "public": public,
        "agents": agents,
        "tokens": [t for _, _, t in agents],
    }, pool


def prepare_run(
    ctx: dict[str, object], pool: Pool, args: argparse.Namespace, workers: int
) -> tuple[list[Upload], list[str]]:
    store = Store.open(str(ctx["url"]), run_migrations=False)
    try:
        t0 = time.perf_counter()
        uploads = plan_uploads(
            store,
            pool,
            ctx["agents"],
            ctx["public"],
            f"w{workers}",  # type: ignore[arg-type]
            args.max_bundles,
            tuple(args.mix),
        )
        sealed = {k: [len(u.data) for u in uploads if u.kind == k] for k in KINDS}
        print(
            f"[{workers}] sealed {len(uploads)} uploads with the agent's code in "
            f"{time.perf_counter() - t0:.1f} s; "
            + ", ".join(f"{k} {len(v)} x {statistics.mean(v) / 1024:.1f} KB" for k, v in sealed.items() if v)
        )
        with store.write() as conn:
            codes = [
                tenancy.create_enrolment_code(conn, "kanzlei-00000", datetime.now(UTC)) for _ in range(20)
            ]
    finally:
        store.close()
    return uploads, codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "SYNCSYSTEM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument(
        "--wave", type=float, default=20.0, help="seconds of the nightly wave (uploads + polls)"
    )
    parser.add_argument("--alone", type=float, default=15.0, help="seconds of uploads alone")
    parser.add_argument("--poll-phase", type=float, default=6.0, help="seconds of polls alone")
    parser.add_argument("--clients", type=int, default=8, help="concurrent uploaders")
    parser.add_argument("--compress", type=float, default=4.0, help="time compression of the 30-min poll")
    parser.add_argument("--max-bundles", type=int, default=2000, help="uploads sealed per configuration")
    parser.add_argument("--mix", type=float, nargs=3, default=(2, 58, 40), metavar=("FULL", "DAY", "SAME"))
    parser.add_argument("--workers", type=int, nargs="+", default=(1, 2))
    parser.add_argument("--quick", action="store_true", help="CI-sized: 500 agents, seconds-long phases")
    parser.add_argument(
        "--private-postgres",
        action="store_true",
        help="run on a throwaway cluster of its own with pg_stat_statements (_pg_private.py), not --postgres",
    )
    args = parser.parse_args()
    if args.quick:
        args.agents, args.alone, args.wave, args.poll_phase, args.max_bundles = 500, 4.0, 4.0, 3.0, 400
    if args.private_postgres:
        with private_cluster() as admin_url:
            print(f"PostgreSQL: a private cluster for this run ({admin_url}), pg_stat_statements preloaded")
            run(args, admin_url)
    else:
        run(args, args.postgres)


def run(args: argparse.Namespace, server: str) -> None:
    """Every configuration on a database of its own on ``server`` (an admin URL), dropped after."""
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    dbname = f"syncsystem_peak_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{dbname}"'))
    url = sa.make_url(server).set(database=dbname).render_as_string(hide_password=False)
    statements = statements_available(server)
    print(
        "pg_stat_statements: "
        + (
            "preloaded, read per phase (execution time per statement — not CPU)"
            if statements
            else "not available (shared_preload_libraries does not load it; enabling it needs a "
            "server restart; --private-postgres starts a cluster that has it) "
            "-> PostgreSQL CPU from /proc of the backends only"
        )
    )
    try:
        with tempfile.TemporaryDirectory() as name:
            ctx, pool = setup(args, Path(name), url)
            ctx.update(dbname=dbname, admin=server, statements=statements)
            print(
                f"polls: {args.agents:,} agents every 1800 s compressed {args.compress:g}x = "
                f"{args.agents / (1800 / args.compress):.1f} polls/s; "
                f"uploads: {args.clients} concurrent clients"
            )
            baseline = None
            for workers in args.workers:
                uploads, codes = prepare_run(ctx, pool, args, workers)
                result = run_config(args, ctx, workers, uploads, codes)
                costs, rate = report(result, baseline)
                baseline = baseline or rate
                sizing(costs, f"{workers} worker(s)")
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    with machine_load("nightly_peak"):
        main()
