"""Step definitions for „Größenordnung“: ten kontool Mandanten from the BMD emulator through the agent."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import time as wall
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import psutil
import pytest
from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter
from pytest_bdd import given, scenarios, then, when

from syncsystem.agent.config import AgentConfig, save_config, write_token
from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.install import resident_command
from syncsystem.clock import DEFAULT_TZ, SimulatedClock, SystemClock

from ..gherkin_values import step
from .conftest import AgentSim

scenarios("groessenordnung")

MONDAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def kontool_office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten kontool-sized Mandanten, built once per session (about two seconds) and copied per scenario."""
    path = tmp_path_factory.mktemp("kontool") / "office"
    Office.create(path, seed=11, mandanten=10, profile="kontool", start=MONDAY)
    return path


@given(
    step("eine Kanzlei mit {count:Anzahl} Mandanten in der Größe von kontool im BMD-Emulator"),
    target_fixture="office",
)
def _office(count: int, kontool_office: Path, tmp_path: Path) -> Office:
    shutil.copytree(kontool_office, tmp_path / "office")
    office = Office.open(tmp_path / "office")
    assert len(office.mandanten) == count
    return office


@given("ein Agent, der diese Mandanten über die BMD-Exportschnittstelle exportiert", target_fixture="sim")
def _agent(office: Office, tmp_path: Path, start_clock: SimulatedClock) -> Iterator[AgentSim]:
    sim = AgentSim(tmp_path, start_clock, len(office.mandanten), OfficeExporter(office, start_clock))
    assert sim.mandanten == office.mandanten
    yield sim
    sim.close()


@given("der Steuerberater fordert alle Mandanten vollständig an")
def _full_request(sim: AgentSim) -> None:
    sim.dc.add_request(sim.mandanten, mode="full")


@when("der Agent die Anforderung bei der nächsten Abfrage abarbeitet")
def _next_poll(sim: AgentSim, agent_context: dict[str, Any]) -> None:
    sim.run_until(sim.clock.now() + timedelta(minutes=31))  # a poll falls in every 30 minutes
    assert len(sim.dc.arrivals) == 1, sim.dc.journal
    agent_context["full"] = sim.dc.arrivals[0]


@when("ein Arbeitstag in BMD vergeht und der Agent abends synchronisiert")
def _working_day(sim: AgentSim, office: Office) -> None:
    end_of_day = datetime.combine(MONDAY, time(18), tzinfo=DEFAULT_TZ)
    sim.clock.call_at(end_of_day, lambda: office.advance_to(end_of_day))
    sim.run_until(datetime.combine(MONDAY, time(23, 30), tzinfo=DEFAULT_TZ))


@then(
    step(
        "kommen beim Rechenzentrum höchstens {kb:Anzahl} KB an, in einem Bündel mit allen "
        "{count:Anzahl} Mandanten"
    )
)
def _on_the_wire(sim: AgentSim, agent_context: dict[str, Any], kb: int, count: int) -> None:
    uploads = [e for e in sim.dc.journal if e.method == "PUT"]
    full = agent_context["full"]
    assert len(uploads) == 1 and len(full.mandanten) == count
    print(f"Größenordnung: {full.size} bytes on the wire, {full.rows} rows")
    assert full.size <= kb * 1000, f"{full.size} bytes on the wire"
    assert full.rows > 10 * 1000  # kontool-sized: about 1,200 rows per Mandant


@then("das Rechenzentrum steht auf dem Stand von BMD")
def _cursors(sim: AgentSim, office: Office) -> None:
    bmd = {m["nr"]: m["cursor"] for m in office.control.inspect()["mandanten"]}
    assert sim.dc.cursors == bmd
    with sim.outbox() as outbox:
        assert outbox.acked_cursors() == bmd


@then("setzt das nächtliche Bündel jedes Mandanten beim Stand des Vollabzugs an")
def _chained(sim: AgentSim, agent_context: dict[str, Any]) -> None:
    full, *rest = sim.dc.arrivals
    assert len(rest) == 1 and rest[0].request_id is None
    assert rest[0].cursor_from == full.cursor_to
    assert all(rest[0].cursor_to[m] > full.cursor_to[m] for m in full.mandanten)
    agent_context["nightly"] = rest[0]


@then("es ist kleiner als ein Drittel des Vollabzugs")
def _smaller(agent_context: dict[str, Any]) -> None:
    assert agent_context["nightly"].size < agent_context["full"].size / 3


@given("ein eingerichteter Agent ohne fällige Arbeit", target_fixture="state_dir")
def _idle_agent(tmp_path: Path) -> Path:
    dc = FakeDatacenter(now=SystemClock().now)
    config = AgentConfig(
        profile="kanzlei",
        state_dir=tmp_path / "kanzlei",
        agent_id="agent-1",
        office_id="office-1",
        datacenter_url="https://127.0.0.1:1",
        public_key_b64=base64.b64encode(dc.public_key).decode(),
        mandanten=("1001",),
    )
    save_config(config)
    write_token(config.state_dir, "token-1")
    (config.state_dir / "agenda").write_text(f"{wall.time() + 3600:.3f}\n")
    return config.state_dir


@when("sein Dienst als eigener Prozess eine Sekunde ruht")
def _resident(state_dir: Path, agent_context: dict[str, Any]) -> None:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen(resident_command(state_dir), env=env, stderr=subprocess.DEVNULL)
    try:
        wall.sleep(1.0)
        assert proc.poll() is None
        agent_context["rss"] = psutil.Process(proc.pid).memory_info().rss
    finally:
        proc.terminate()
        proc.wait(10)


@then(step("belegt er höchstens {mib:Anzahl} MiB Arbeitsspeicher"))
def _rss(agent_context: dict[str, Any], mib: int) -> None:
    assert agent_context["rss"] <= mib * 1024 * 1024, f"{agent_context['rss'] / 1048576:.1f} MiB"
