"""A scheduled transfer run with a long history: does its work grow with the closed files before it?

A folder-source job (Mandant 100, hourly, folder target) whose source holds ``--history`` closed
booking files (default 1,000; 50 bookings each, written with `syncsystem.bmd`), all delivered by
earlier runs (and imported by BMD: the target folder is empty again). Then, ``--runs`` (≥ 3)
times: one new closed file, one hour later, one run — timed. Baseline in the same run: the same
run for a job with no history (one closed file only). Also printed, for comparison: reading the
history's files the way a run did before issue 15 (every closed file since the job's start read
and validated, the journal filtering afterwards). Goal: the run with history costs about what the
run without history costs (ratio <= 1.5).

    python benchmarks/transfer_history.py [--history 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _bench import MIN_RUNS, machine_load, runs_text, verdict
from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.jobs import Services, run_job
from syncsystem.transfer.runs import Period
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.source import FolderSource
from syncsystem.transfer.store import TransferStore

START = datetime(2026, 1, 5, 6, tzinfo=UTC)


def booking_file(n: int) -> bytes:
    return dumps(
        [
            Booking(
                konto=200001 + i,
                belegnr=f"R{n}-{i}",
                belegdatum=date(2026, 3, 2),
                buchcode=Buchcode.SOLL,
                betrag=Decimal(f"{10 + i}.50"),
                gkonto=4000,
                buchsymbol="AR",
            )
            for i in range(50)
        ]
    )


def services(root: Path, clock: SimulatedClock) -> Services:
    (root / "inbox").mkdir(parents=True)
    box = SecretBox.for_state(root / "state", use_keyring=False)
    store = TransferStore.open(root / "state")
    job = parse_job(
        {
            "name": "export",
            "source_dir": str(root / "quelle"),
            "target": {"protocol": "folder", "directory": str(root / "inbox")},
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "hourly"},
        },
        box.seal,
        DEFAULT_TZ,
    )
    store.add_job("export", to_mapping(job), clock.now(), replace=False)
    return Services(store, box, clock, mailer=lambda *_: None)


def close(root: Path, at: datetime, n: int) -> None:
    folder = root / "quelle" / "100"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{at.astimezone(DEFAULT_TZ):%Y%m%d_%H%M}_buchungen.csv").write_bytes(booking_file(n))


def timed_runs(root: Path, history: int, runs: int) -> tuple[list[float], Services]:
    clock = SimulatedClock(START)
    svc = services(root, clock)
    for n in range(history):  # the history: closed a minute apart, delivered by one run
        close(root, clock.now() + timedelta(minutes=1 + n % 50, seconds=n), n)
        if n % 50 == 49:
            clock.advance(timedelta(hours=1))
    clock.advance(timedelta(hours=1))
    if history:
        first = run_job(svc, "export")
        assert first.ok and len(first.delivered) == history, first.error
        for sent in (root / "inbox").iterdir():  # BMD imported them: the inbox is drained
            sent.unlink()
    seconds = []
    for n in range(runs):
        close(root, clock.now() + timedelta(minutes=10), history + n)
        clock.advance(timedelta(hours=1))
        t0 = time.perf_counter()
        outcome = run_job(svc, "export")
        seconds.append(time.perf_counter() - t0)
        assert outcome.ok and len(outcome.delivered) == 1, outcome.error
    return seconds, svc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=MIN_RUNS)
    args = parser.parse_args()
    runs = max(args.runs, MIN_RUNS)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        base, _ = timed_runs(tmp / "fresh", 0, runs)
        found, svc = timed_runs(tmp / "history", args.history, runs)
        job = svc.store.job_config("export")[0]
        source = FolderSource(tmp / "history" / "quelle", DEFAULT_TZ)
        parsed = parse_job(job, svc.box.seal, DEFAULT_TZ)
        t0 = time.perf_counter()
        everything = source.files_for(Period(START, svc.clock.now()), parsed)
        old = time.perf_counter() - t0
        svc.store.close()
    ms_base, ms = statistics.median(base) * 1000, statistics.median(found) * 1000
    print(
        f"run without history (1 new closed file): {ms_base:.1f} ms ({runs_text([s * 1000 for s in base])})"
    )
    print(
        f"run with {args.history:,} closed files delivered before + 1 new: {ms:.1f} ms "
        f"({runs_text([s * 1000 for s in found])}); ratio {ms / ms_base:.2f}; goal <= 1.5: "
        f"{verdict(ms / ms_base <= 1.5)}"
    )
    print(
        f"for comparison, reading all {len(everything):,} closed files as runs did before: "
        f"{old * 1000:.0f} ms"
    )


if __name__ == "__main__":
    with machine_load("transfer_history"):
        main()
