"""Driver for "Zugang erneuert sich selbst": the real datacenter over TLS with a short token life,
a BMD emulator office and the agent's real tasks (sync and token renewal) on a simulated clock."""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import Office

from syncsystem.agent.config import load_config, read_token
from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.worker import TickResult
from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.context import Settings
from syncsystem.demo.agent import AgentRunner, emulator_export_command, enrol
from syncsystem.demo.datacenter import AdvisorClient, LiveDatacenter
from syncsystem.runtime import Runtime

from ..e2e.conftest import trustme_tls

OFFICE = "kanzlei-zugang"


class Zugang:
    def __init__(self, tmp: Path, lifetime_days: int, mandanten: int) -> None:
        self.tmp = tmp
        self.clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
        self.tls = trustme_tls(tmp)
        self.office = Office.create(
            tmp / "bmd", seed=5, mandanten=mandanten, profile="small", start=date(2026, 3, 2)
        )
        settings = Settings(token_lifetime=timedelta(days=lifetime_days), secure_cookies=False)
        self.datacenter = LiveDatacenter(tmp / "dc.sqlite", self.clock, self.tls, settings=settings)
        self.datacenter.start()
        access = self.datacenter.create_office(OFFICE, "Kanzlei Zugang", "Mag. Erste")
        self.advisor = AdvisorClient(self.datacenter.url, access.advisor_token, self.tls.ca_file)
        self.home = tmp / "agent-home"
        _, self.first_token = enrol(
            self.datacenter.url,
            self.tls.ca_file,
            access.enrolment_code,
            self.home / "demo",
            self.office.mandanten,
            export_command=emulator_export_command(self.office),
            clock=self.clock,
        )
        self.enrolled_at = self.clock.now()
        self.runner: AgentRunner | None = None
        self.ticks: list[TickResult] = []
        self.requests: list[dict[str, Any]] = []
        self.second_advisor: AdvisorClient | None = None
        self.cursors_before: dict[str, int] = {}
        self.agent_id_before = ""
        self.start_agent()

    @property
    def state_dir(self) -> Path:
        return self.home / "demo"

    def start_agent(self) -> None:
        if self.runner is not None:
            self.runner.close()
        config = load_config(self.state_dir)
        self.runner = AgentRunner(
            config, read_token(self.state_dir), self.clock, OfficeExporter(self.office, self.clock)
        )

    def run_for(self, delta: timedelta) -> None:
        assert self.runner is not None
        self.runner.run_until(self.clock.now() + delta, on_tick=self.ticks.append)

    def agent_cli(self, *argv: str) -> tuple[int, str]:
        out = io.StringIO()
        runtime = Runtime(
            clock=self.clock, environ={}, stdout=out, stderr=io.StringIO(), cwd=self.tmp, rng=random.Random(3)
        )
        code = run(["agent", *argv, "--home", str(self.home), "--profile", "demo"], runtime)
        return code, out.getvalue()

    def close(self) -> None:
        if self.runner is not None:
            self.runner.close()
        self.advisor.close()
        if self.second_advisor is not None:
            self.second_advisor.close()
        self.datacenter.close()


@pytest.fixture
def zugang_factory(tmp_path: Path) -> Iterator[Any]:
    made: list[Zugang] = []

    def make(lifetime_days: int, mandanten: int) -> Zugang:
        made.append(Zugang(tmp_path, lifetime_days, mandanten))
        return made[-1]

    yield make
    for world in made:
        world.close()
