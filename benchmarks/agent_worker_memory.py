"""Peak memory of the agent's worker during a sync of 10 kontool Mandanten (goal: ≤ 35 MiB).

The real worker process (`python -m syncsystem.agent.tasks`, as the resident starts it) runs behind
`tools/agent_only.py`, so it can import only what the base install brings, as on an agent host: it
polls the fake datacenter on loopback TLS, finds a request for all 10 Mandanten, runs BMD's export
(the emulator's CLI, a child process whose memory is not the worker's), seals and uploads. This is
the production path: the worker seals in the libcrypto its ``ssl`` module loaded
(`syncsystem.protocol.sealcrypto`) — each run checks it loaded zstandard and ctypes but not
cryptography, whose own OpenSSL a host without a reachable libcrypto would load instead (≈ 10 MiB
more). The figure is the worker's own peak RSS (VmHWM of that process alone). Baselines in the same
run: the peak of a bare interpreter started the same way, of the worker's imports alone (`worker
--help`), which splits the figure into what the worker loads and what the sync itself costs, and of
a quiet run (a poll that finds no request, 47 of the 48 runs of a day), which never loads the
bundle's cryptography and compression. Median of 3 runs; machine load at start and end.
"""

from __future__ import annotations

import base64
import json
import os
import statistics
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, serve

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.clock import SystemClock
from syncsystem.demo.agent import emulator_export_command

GOAL_MIB = 35.0
MANDANTEN = 10
RUNS = 3
AGENT_ONLY = Path(__file__).resolve().parents[1] / "tools" / "agent_only.py"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def peak_mib(argv: list[str], env: dict[str, str], record: Path) -> float:
    done = subprocess.run(
        [sys.executable, str(AGENT_ONLY), "--maxrss", str(record), "--modules", f"{record}.modules", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"run failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(record.read_text()) / 1024


def loaded(record: Path) -> set[str]:
    """The top-level modules the run of ``record`` imported."""
    return set(Path(f"{record}.modules").read_text().split())


def one_sync(root: Path, office: Office, env: dict[str, str], n: int, *, request: bool = True) -> float:
    """A fresh profile, one request for every Mandant (none if not ``request``), one worker run; the
    worker's peak in MiB."""
    dc = FakeDatacenter(now=SystemClock().now)
    with serve(dc) as served:
        config = AgentConfig(
            profile=f"bench-{n}",
            state_dir=root / f"home-{n}",
            agent_id=dc.agent_id,
            office_id="office-1",
            datacenter_url=served.url,
            ca_file=served.ca_file,
            public_key_b64=base64.b64encode(dc.public_key).decode(),
            mandanten=tuple(office.mandanten),
            export=ExportSettings(kind="command", command=emulator_export_command(office)),
        )
        save_config(config)
        write_token(config.state_dir, dc.token)
        with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
            due = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
            outbox.set_meta("schedule", json.dumps({"next_poll_at": due, "last_nightly_day": None}))
        if request:
            dc.add_request(tuple(office.mandanten), mode="full")
        peak = peak_mib(
            ["-m", "syncsystem.agent.tasks", "--state-dir", str(config.state_dir)], env, root / f"rss-{n}"
        )
        if not request:
            if dc.arrivals or not dc.polls():
                raise SystemExit(f"the quiet run did not poll, or uploaded: {dc.arrivals}")
        elif len(dc.arrivals) != 1 or len(dc.arrivals[0].mandanten) != MANDANTEN:
            raise SystemExit(f"the worker did not deliver {MANDANTEN} Mandanten: {dc.arrivals}")
        elif not {"zstandard", "ctypes"} <= loaded(root / f"rss-{n}") or "cryptography" in loaded(
            root / f"rss-{n}"
        ):
            raise SystemExit("the worker did not seal in ssl's libcrypto (it loaded cryptography)")
    return peak


def main() -> None:
    print(f"load at start: {load()}")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    with tempfile.TemporaryDirectory(prefix="worker-memory-") as tmp:
        root = Path(tmp)
        office = Office.create(
            root / "office", seed=3, mandanten=MANDANTEN, profile="kontool", start=date(2026, 3, 2)
        )
        bare = [peak_mib(["-m", "this"], env, root / f"bare-{n}") for n in range(RUNS)]
        imports = [
            peak_mib(["-m", "syncsystem.agent.tasks", "--help"], env, root / f"imp-{n}") for n in range(RUNS)
        ]
        quiet = [one_sync(root, office, env, RUNS + n, request=False) for n in range(RUNS)]
        worker = [one_sync(root, office, env, n) for n in range(RUNS)]
    b, i, w = statistics.median(bare), statistics.median(imports), statistics.median(worker)
    q = statistics.median(quiet)
    runs = {
        name: ", ".join(f"{x:.1f}" for x in xs)
        for name, xs in (("bare", bare), ("imports", imports), ("quiet", quiet), ("worker", worker))
    }
    print(f"bare interpreter peak        {b:6.1f} MiB  (runs: {runs['bare']})")
    print(f"worker imports alone         {i:6.1f} MiB  (runs: {runs['imports']})")
    print(f"worker peak, quiet poll      {q:6.1f} MiB  (runs: {runs['quiet']})")
    print(
        f"worker peak, {MANDANTEN} Mandanten     {w:6.1f} MiB  (runs: {runs['worker']}; sealed in ssl's "
        "libcrypto, cryptography not loaded)"
    )
    verdict = "met" if w <= GOAL_MIB else "NOT met"
    print(f"worker / bare ratio {w / b:.2f}; goal ≤ {GOAL_MIB:.0f} MiB: {verdict}")
    print(f"load at end: {load()}")


if __name__ == "__main__":
    main()
