"""The agent's own cost per sync of 10 kontool Mandanten: package + encrypt + upload (goal ≤ 1 s).

BMD's time is excluded: the emulator exports the 10 Mandanten once into a folder, and the agent
takes them from there (`FolderExporter`: read, count rows, describe). Each round then runs the
agent's real path — `run_job` (manifest, zstd, X25519/AES-GCM seal, durable SQLite outbox) and
`flush` over `DatacenterClient` (http.client, HTTPS) to the fake datacenter on loopback TLS, which
opens and checks the bundle before it answers. Baseline in the same run: plain zstd + AES-256-GCM
of the same bytes in memory (what the work costs with no agent around it).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import zstandard
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, serve

from _bench import machine_load
from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.delivery import flush
from syncsystem.agent.exporter import FolderExporter
from syncsystem.agent.jobs import run_job
from syncsystem.agent.outbox import Outbox
from syncsystem.clock import DEFAULT_TZ, SystemClock

GOAL_SECONDS = 1.0
ROUNDS = 7
MANDANTEN = 10


def baseline(files: list[bytes]) -> float:
    """zstd (level 3) + AES-256-GCM of the concatenated files, in memory."""
    started = time.perf_counter()
    compressed = zstandard.ZstdCompressor(level=3).compress(b"".join(files))
    AESGCM(AESGCM.generate_key(bit_length=256)).encrypt(os.urandom(12), compressed, None)
    return time.perf_counter() - started


def main() -> int:
    clock = SystemClock(DEFAULT_TZ)
    with tempfile.TemporaryDirectory(prefix="agent-overhead-") as tmp:
        root = Path(tmp)
        office = Office.create(
            root / "office", seed=3, mandanten=MANDANTEN, profile="kontool", start=date(2026, 3, 2)
        )
        office.export(root / "exported")  # BMD's part, done once and not timed
        mandanten = office.mandanten
        raw = [p.read_bytes() for m in mandanten for p in sorted((root / "exported" / m).glob("*.csv"))]
        dc = FakeDatacenter(now=clock.now)
        exporter = FolderExporter(root / "exported")
        times: list[float] = []
        sizes: list[int] = []
        with (
            serve(dc) as served,
            DatacenterClient(served.url, dc.token, ca_file=served.ca_file) as client,
            Outbox(root / "outbox.sqlite") as outbox,
        ):
            for n in range(ROUNDS + 1):  # round 0 warms up (TLS handshake, imports)
                elapsed, sealed = _round(n, mandanten, outbox, exporter, client, dc, clock, root / "work")
                if n:
                    times.append(elapsed)
                    sizes.append(sealed)
        base = statistics.median(baseline(raw) for _ in range(ROUNDS))
    return _report(times, sizes, raw, base)


def _round(
    n: int,
    mandanten: tuple[str, ...],
    outbox: Outbox,
    exporter: FolderExporter,
    client: DatacenterClient,
    dc: FakeDatacenter,
    clock: SystemClock,
    work_root: Path,
) -> tuple[float, int]:
    """Round ``n``: one job queued, exported, sealed into the outbox and uploaded; its seconds and
    the sealed bytes."""
    started = time.perf_counter()
    job_id = f"bench-{n}"
    outbox.add_job(
        job_id=job_id,
        kind="request",
        request_id=None,
        mandanten=mandanten,
        mode="full",
        request_cursors={},
        bundle_id=f"b-bench{n:04d}",
        created_at=datetime.now(DEFAULT_TZ),
    )
    job = next(j for j in outbox.open_jobs() if j.job_id == job_id)
    outcome = run_job(
        job,
        outbox=outbox,
        exporter=exporter,
        clock=clock,
        agent_id=dc.agent_id,
        public_key=dc.public_key,
        work_root=work_root,
    )
    result = flush(outbox, client, clock.now)
    elapsed = time.perf_counter() - started
    assert outcome.status == "sealed" and result.acknowledged == [f"b-bench{n:04d}"], result
    return elapsed, outcome.bytes_sealed


def _report(times: list[float], sizes: list[int], raw: list[bytes], base: float) -> int:
    """Print the figures; 0 when the median round keeps the goal."""
    median = statistics.median(times)
    print(
        f"agent overhead per {MANDANTEN} kontool Mandanten (read + seal + durable outbox + HTTPS upload, "
        f"BMD excluded): median {median * 1000:.0f} ms of {ROUNDS} rounds (min {min(times) * 1000:.0f}, "
        f"max {max(times) * 1000:.0f})"
    )
    print(
        f"  {sum(len(r) for r in raw) / 1024:.0f} KiB raw → {statistics.median(sizes) / 1024:.0f} KiB "
        f"sealed on the wire"
    )
    print(f"  goal ≤ {GOAL_SECONDS:.0f} s → ratio to goal {median / GOAL_SECONDS:.2f}")
    print(
        f"  baseline: zstd + AES-GCM of the same bytes {base * 1000:.1f} ms → agent/baseline "
        f"{median / base:.1f}×"
    )
    return 0 if median <= GOAL_SECONDS else 1


if __name__ == "__main__":
    with machine_load("agent_overhead"):
        code = main()
    sys.exit(code)
