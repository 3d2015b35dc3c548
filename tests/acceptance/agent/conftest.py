"""Driver for the agent's Gherkin scenarios: the real worker, planner and outbox in simulated time.

`AgentSim` wires one agent profile to a `FakeDatacenter` through the in-process client and to BMD
through a `FolderExporter` whose folder a small "BMD" writes into (new postings each working day).
`run_until` repeats what the resident timer does — tick, then sleep until the planned wake-up — on
a `SimulatedClock`, so a week takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from emulators.datacenter import FakeDatacenter, InProcessClient
from tests.fake_agent import enrolled_config

from syncsystem.agent.exporter import Exporter, FolderExporter
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME, TickResult, Worker
from syncsystem.clock import DEFAULT_TZ, SimulatedClock


def write_bmd_export(folder: Path, mandant: str, cursor: int) -> None:
    """What BMD's export leaves for one Mandant: a bookings file with ``cursor`` rows and the cursor."""
    target = folder / mandant
    target.mkdir(parents=True, exist_ok=True)
    lines = ["satzart;konto;gkonto;belegnr;belegdatum;buchsymbol;buchcode;betrag;text"]
    lines += [f"0;4000;200{i % 100:03d};{i};02.03.2026;AR;1;{100 + i},00;Rechnung {i}" for i in range(cursor)]
    (target / "bookings.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (target / "cursor").write_text(str(cursor), encoding="ascii")


class Killed(BaseException):
    """Stands for SIGKILL inside a simulation: nothing after it runs, no cleanup code reacts."""

    def __init__(self, bundle_id: str) -> None:
        super().__init__(bundle_id)
        self.bundle_id = bundle_id


@dataclass(frozen=True, slots=True)
class Kill:
    """The harness' journal of one simulated SIGKILL: when, and right after which bundle's upload."""

    at: datetime
    bundle_id: str


class KillingClient(InProcessClient):
    """The in-process client, except that the process 'dies' right after one upload reached the server."""

    kill_next_upload = False

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None):  # type: ignore[no-untyped-def]
        ack = super().upload(bundle_id, data, request_id)
        if KillingClient.kill_next_upload:
            KillingClient.kill_next_upload = False
            raise Killed(bundle_id)
        return ack


class AgentSim:
    def __init__(
        self, tmp_path: Path, clock: SimulatedClock, mandanten: int, exporter: Exporter | None = None
    ) -> None:
        self.clock = clock
        self.dc = FakeDatacenter(now=clock.now)
        self.mandanten = tuple(str(1001 + i) for i in range(mandanten))
        self.bmd = tmp_path / "bmd-export"
        self.exporter = exporter or FolderExporter(self.bmd)
        self.down: list[tuple[datetime, datetime]] = []  # spans in which the agent does not run
        if exporter is None:
            for m in self.mandanten:
                write_bmd_export(self.bmd, m, 10)
        self.config = enrolled_config(self.dc, tmp_path / "kanzlei", self.mandanten, self.bmd)
        self.ticks: list[TickResult] = []
        self.kills: list[Kill] = []  # the harness' own journal of simulated SIGKILLs
        self.dc.on_delay = clock.sleep
        self.worker: Worker | None = None

    def tick(self) -> TickResult | None:
        # One worker process per wake-up in production; here one Worker object lives until it is
        # "killed" — the state it reads is the outbox's either way. No fsync per commit in the
        # simulation (WAL stays safe against a killed process, which is what is simulated).
        if self.worker is None:
            self.worker = Worker(
                self.config,
                clock=self.clock,
                exporter=self.exporter,
                client_factory=lambda: KillingClient(self.dc),
                durable=False,
            )
        try:
            result = self.worker.tick()
        except Killed as kill:
            self.kills.append(Kill(self.clock.now(), kill.bundle_id))
            self.worker.close()
            self.worker = None
            return None
        self.ticks.append(result)
        return result

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None

    def run_until(self, end: datetime) -> None:
        while self.clock.now() < end:
            off = next((b for a, b in self.down if a <= self.clock.now() < b), None)
            if off is not None:  # the agent is not running: the next tick is when it is back
                self.close()
                self.clock.wait_until(min(off, end))
                continue
            result = self.tick()
            if result is None:  # "killed": the service manager restarts the agent a minute later
                self.clock.advance(timedelta(minutes=1))
                continue
            wake = max(result.wake_at, self.clock.now().astimezone(UTC) + timedelta(seconds=1))
            downs = [a for a, _ in self.down if self.clock.now() < a]
            self.clock.wait_until(min(wake, end, *downs))

    def outbox(self) -> Outbox:
        return Outbox(self.config.state_dir / OUTBOX_NAME)


@pytest.fixture
def agent_context() -> dict[str, object]:
    """Scenario-local values shared by the steps."""
    return {}


@pytest.fixture
def start_clock() -> SimulatedClock:
    """Simulated time from Monday 2026-03-02 08:00 Vienna."""
    return SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
