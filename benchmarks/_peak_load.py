"""The nightly peak's client side: enrolled agents, sealed uploads of the real size mix, pollers and
uploaders on one httpx client (`nightly_peak.py` drives them; loopback only)."""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from emulators.bmd import Office

from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.exportfiles import MandantExport
from syncsystem.agent.jobs import _seal
from syncsystem.agent.outbox import Job
from syncsystem.clock import DEFAULT_TZ
from syncsystem.datacenter.auth import hash_token, new_token
from syncsystem.datacenter.store import schema
from syncsystem.datacenter.store.engine import Store

KINDS = ("full", "day", "same")
Pool = dict[str, list[tuple[MandantExport, int | None]]]


@dataclass
class Upload:
    agent: int
    bundle_id: str
    data: bytes
    kind: str


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    done_at: list[float] = field(default_factory=list)


def make_pool(tmp: Path) -> Pool:
    """Per kind, (export, cursor it starts from) of 3 kontool Mandanten, from the BMD emulator."""
    office = Office.create(tmp / "bmd", seed=7, mandanten=3, profile="kontool", start=date(2026, 3, 2))
    office.advance_to(datetime(2026, 3, 2, 20, tzinfo=DEFAULT_TZ))
    exporter, pool = OfficeExporter(office), {k: [] for k in KINDS}
    fulls = {m: exporter.export(m, None, tmp / "full") for m in office.mandanten}
    office.advance_to(datetime(2026, 3, 3, 20, tzinfo=DEFAULT_TZ))
    for m, full in fulls.items():
        day = exporter.export(m, full.cursor_to, tmp / "day")
        same = exporter.export(m, day.cursor_to, tmp / "same")
        pool["full"].append((full, None))
        pool["day"].append((day, full.cursor_to))
        pool["same"].append((same, day.cursor_to))
    return pool


def enrol_agents(store: Store, count: int) -> list[tuple[str, str, str]]:
    """``count`` offices with one agent each: (office id, agent id, token), in one transaction."""
    now = datetime.now(UTC)
    agents = [(f"kanzlei-{i:05d}", f"agent-{i:05d}", new_token()) for i in range(count)]
    with store.write() as conn:
        conn.execute(
            sa.insert(schema.offices), [{"id": o, "name": o, "created_at": now} for o, _, _ in agents]
        )
        conn.execute(
            sa.insert(schema.agents),
            [{"id": a, "office_id": o, "name": "BMD-Server", "created_at": now} for o, a, _ in agents],
        )
        conn.execute(
            sa.insert(schema.agent_tokens),
            [
                {"token_hash": hash_token(t), "agent_id": a, "office_id": o, "created_at": now}
                for o, a, t in agents
            ],
        )
    return agents


def plan_uploads(
    store: Store,
    pool: Pool,
    agents: list[tuple[str, str, str]],
    public: bytes,
    run: str,
    count: int,
    mix: tuple[float, float, float],
) -> list[Upload]:
    """``count`` sealed uploads round robin over the agents, each a Mandant of its own; the offices'
    acknowledged cursors for the incremental ones are seeded (one transaction)."""
    rng, uploads, seeds = random.Random(f"{run}-{count}"), [], []
    now = datetime.now(UTC)
    for k in range(count):
        agent = k % len(agents)
        office_id, agent_id, _ = agents[agent]
        kind = rng.choices(KINDS, weights=mix)[0]
        export, start = pool[kind][k % len(pool[kind])]
        mandant, bundle_id = f"{run}-{k // len(agents)}-{kind}", f"{run}-{k:06d}"
        if start is not None:
            seeds.append({"office_id": office_id, "mandant": mandant, "name": "", "cursor": start})
        job = Job(
            bundle_id,
            "scheduled",
            None,
            (mandant,),
            "full" if start is None else "incremental",
            {},
            bundle_id,
            "taken",
            "",
        )
        data = _seal(job, [replace(export, mandant=mandant)], {mandant: start}, agent_id, public, now)
        uploads.append(Upload(agent, bundle_id, data, kind))
    with store.write() as conn:
        if seeds:
            conn.execute(sa.insert(schema.mandanten), seeds)
    return uploads


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def poller(
    client: httpx.AsyncClient,
    tokens: list[str],
    rate: float,
    until: float,
    tally: Tally,
    stop: asyncio.Event | None = None,
) -> None:
    """Open loop: ``rate`` polls/s by random agents until ``until`` or ``stop`` (at most 64 outstanding)."""
    rng, gate, tasks = random.Random(5), asyncio.Semaphore(64), set()

    async def one(token: str) -> None:
        async with gate:
            t0 = time.perf_counter()
            try:
                r = await client.get("/api/v1/poll", headers={"Authorization": f"Bearer {token}"})
                key = str(r.status_code)
            except httpx.HTTPError as exc:
                key = type(exc).__name__
            tally.latencies.append(time.perf_counter() - t0)
            tally.statuses[key] = tally.statuses.get(key, 0) + 1
            if key != "200":
                tally.errors.append(f"poll {key}")

    start, n = time.perf_counter(), 0
    while (now := time.perf_counter()) < until and not (stop and stop.is_set()):
        due = start + n / rate
        if due > now:
            await asyncio.sleep(min(due - now, 0.1))
            continue
        n += 1
        task = asyncio.create_task(one(rng.choice(tokens)))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    await asyncio.gather(*tasks)


async def uploader(
    client: httpx.AsyncClient, queue: list[Upload], tokens: list[str], until: float, tally: Tally
) -> None:
    while queue and time.perf_counter() < until:
        up = queue.pop()
        t0 = time.perf_counter()
        try:
            r = await client.put(
                f"/api/v1/bundles/{up.bundle_id}",
                content=up.data,
                headers={"Authorization": f"Bearer {tokens[up.agent]}"},
            )
            key = r.json().get("status", str(r.status_code)) if r.status_code == 200 else str(r.status_code)
            if r.status_code != 200:
                tally.errors.append(f"upload {r.status_code} {r.text[:120]}")
        except httpx.HTTPError as exc:
            key = type(exc).__name__
            tally.errors.append(f"upload {key}")
        tally.latencies.append(time.perf_counter() - t0)
        tally.done_at.append(time.perf_counter())
        tally.statuses[key] = tally.statuses.get(key, 0) + 1


async def enrol_warmup(client: httpx.AsyncClient, codes: list[str]) -> float:
    t0 = time.perf_counter()
    for code in codes:
        r = await client.post("/api/v1/enrol", json={"code": code, "name": "BMD-Server"})
        r.raise_for_status()
    return len(codes) / (time.perf_counter() - t0)
