"""A year of the agent in simulated time: every poll and nightly sync for 100 Mandanten (goal ≤ 10 s).

The real worker, planner, outbox (SQLite, WAL) and bundle sealing run on a `SimulatedClock`
against the fake datacenter through its in-process client; BMD is a folder export that gets new
postings for every Mandant each working day at 18:00. Prints wall time, ticks, polls, nightly
runs and bundles, the ratio to the 10 s goal, and as baseline the pure planner alone over the same
year (what the schedule costs without any I/O). ``--profile`` writes a cProfile of the run.
"""

from __future__ import annotations

import argparse
import base64
import cProfile
import pstats
import sys
import tempfile
import time as wall
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from emulators.datacenter import FakeDatacenter, InProcessClient

from _bench import machine_load
from syncsystem.agent.config import AgentConfig, ExportSettings
from syncsystem.agent.exporter import FolderExporter
from syncsystem.agent.plan import Policies, after_nightly, after_poll_ok, initial_state, plan_next
from syncsystem.agent.worker import Worker
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.schedule.workdays import WorkdayCalendar

GOAL_SECONDS = 10.0
MANDANTEN = 100
START = datetime(2026, 1, 1, 0, 0, tzinfo=DEFAULT_TZ)
HEADER = "satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text\r\n"


def write_day(folder: Path, mandanten: tuple[str, ...], cursor: int, day: date) -> None:
    """BMD's export folders after ``day``: that day's 20 postings per Mandant and the cursor."""
    rows = "".join(
        f"0;4000;200{i % 100:03d};{i};{day:%d.%m.%Y};AR;1;{100 + i},00;Rechnung {i}\r\n"
        for i in range(cursor - 20, cursor)
    )
    for mandant in mandanten:
        target = folder / mandant
        target.mkdir(parents=True, exist_ok=True)
        (target / "buchungen.csv").write_text(HEADER + rows, encoding="utf-8")
        (target / "cursor").write_text(str(cursor), encoding="ascii")


def simulate(root: Path) -> dict[str, float]:
    clock = SimulatedClock(START)
    dc = FakeDatacenter(now=clock.now)
    mandanten = tuple(str(1001 + i) for i in range(MANDANTEN))
    bmd = root / "bmd"
    write_day(bmd, mandanten, 20, START.date())
    bmd_seconds = [0.0]
    calendar = WorkdayCalendar()
    cursor = 20
    end = START + timedelta(days=365)
    day = START.date()
    while day < end.date():
        if calendar.is_working_day(day):
            cursor += 20

            def book(c: int = cursor, d: date = day) -> None:
                started = wall.perf_counter()
                write_day(bmd, mandanten, c, d)
                bmd_seconds[0] += wall.perf_counter() - started

            clock.call_at(datetime.combine(day, time(18), tzinfo=DEFAULT_TZ), book)
        day += timedelta(days=1)
    config = AgentConfig(
        profile="jahr",
        state_dir=root / "jahr",
        agent_id=dc.agent_id,
        office_id="office-1",
        datacenter_url="https://dc.example",
        public_key_b64=base64.b64encode(dc.public_key).decode(),
        mandanten=mandanten,
        export=ExportSettings(kind="folder", folder=str(bmd)),
    )
    ticks = nightly = 0
    client = InProcessClient(dc)
    with Worker(
        config, clock=clock, exporter=FolderExporter(bmd), client_factory=lambda: client, durable=False
    ) as worker:
        while clock.now() < end:
            result = worker.tick()
            ticks += 1
            nightly += bool(result.nightly_day)
            soonest = clock.now().astimezone(UTC) + timedelta(seconds=1)
            clock.wait_until(min(max(result.wake_at, soonest), end))
    return {
        "ticks": ticks,
        "polls": len(dc.polls()),
        "nightly": nightly,
        "bundles": len(dc.arrivals),
        "rows": sum(a.rows for a in dc.arrivals),
        "bmd_seconds": bmd_seconds[0],
    }


def planner_only() -> int:
    """Baseline: the pure planner over the same year, every action assumed to succeed at once."""
    config = AgentConfig(
        profile="x",
        state_dir=Path(),
        agent_id="agent-1",
        office_id="",
        datacenter_url="https://x",
        public_key_b64="",
    )
    policies = Policies(config.poll_policy(), config.nightly_policy())
    now, end = START, START + timedelta(days=365)
    state = initial_state(policies, now)
    steps = 0
    while now < end:
        plan = plan_next(state, policies, now)
        for due in plan.due:
            state = (
                after_nightly(state, due.day)
                if due.kind == "nightly" and due.day
                else after_poll_ok(state, policies, now)
            )
        steps += 1
        now = max(plan_next(state, policies, now).wake_at, now + timedelta(seconds=1))
    return steps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, help="write a cProfile (pstats) file and print the top 25")
    args = parser.parse_args(argv)
    started = wall.perf_counter()
    steps = planner_only()
    baseline = wall.perf_counter() - started
    # tmpfs when there is one: the figure is the agent's own work, not this host's disk latency
    # (the outbox runs with durable=False as in every simulation; see Outbox).
    scratch = "/dev/shm" if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="simulated-year-", dir=scratch) as tmp:
        profiler = cProfile.Profile() if args.profile else None
        started = wall.perf_counter()
        if profiler is not None:
            profiler.enable()
        counts = simulate(Path(tmp))
        if profiler is not None:
            profiler.disable()
        elapsed = wall.perf_counter() - started - counts["bmd_seconds"]
    if profiler is not None:
        profiler.dump_stats(args.profile)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(25)
    print(
        f"simulated year, {MANDANTEN} Mandanten, state on {scratch or tempfile.gettempdir()}: "
        f"{elapsed:.2f} s wall, BMD's folder writes ({counts['bmd_seconds']:.2f} s) excluded "
        f"\n  ({counts['ticks']:.0f} ticks, {counts['polls']:.0f} polls, "
        f"{counts['nightly']:.0f} nightly runs, "
        f"{counts['bundles']:.0f} bundles, {counts['rows']:.0f} rows)"
    )
    print(
        f"  per tick {elapsed / counts['ticks'] * 1000:.3f} ms; goal ≤ {GOAL_SECONDS:.0f} s → "
        f"ratio to goal {elapsed / GOAL_SECONDS:.2f}"
    )
    print(
        f"  baseline: pure planner over the same year {baseline:.2f} s ({steps} steps) → "
        f"agent/planner {elapsed / baseline:.1f}×"
    )
    return 0 if counts["polls"] > 17000 and counts["nightly"] >= 240 else 1


if __name__ == "__main__":
    with machine_load("simulated_year"):
        code = main()
    sys.exit(code)
