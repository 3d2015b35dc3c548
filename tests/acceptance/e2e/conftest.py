"""Driver for "Anfrage durch den Steuerberater": real datacenter, real sockets, TLS, simulated time.

`E2E` builds what an office has: the datacenter (`syncsystem.datacenter` over SQLite, served by
uvicorn on 127.0.0.1 with trustme certificates), a seeded BMD emulator office, and the agent
enrolled over HTTPS and driven tick by tick on a `SimulatedClock` (the demo's `AgentRunner`).
The advisor acts through the datacenter's HTTPS API and page. Everything is stopped in teardown.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
import trustme
from emulators.bmd import Office

from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.jobs import MandantRun
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store import schema
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.demo.agent import AgentRunner, emulator_export_command, enrol
from syncsystem.demo.datacenter import AdvisorClient, LiveDatacenter
from syncsystem.demo.tls import TlsFiles

OFFICE = "kanzlei-e2e"


def trustme_tls(folder: Path) -> TlsFiles:
    """Server certificate for 127.0.0.1 from a trustme CA (the test extra's way of making one)."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    ca.cert_pem.write_to_path(str(files.ca_file))
    cert.private_key_and_cert_chain_pem.write_to_path(str(files.cert_file))
    cert.private_key_pem.write_to_path(str(files.key_file))
    return files


class E2E:
    def __init__(self, tmp: Path, mandanten: int) -> None:
        self.clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
        self.tls = trustme_tls(tmp)
        self.office = Office.create(
            tmp / "bmd", seed=11, mandanten=mandanten, profile="small", start=date(2026, 3, 2)
        )
        self.exporter = OfficeExporter(self.office, self.clock)  # the agent's own adapter, in process
        self.datacenter = LiveDatacenter(tmp / "dc.sqlite", self.clock, self.tls)
        self.runner: AgentRunner | None = None
        self.requests: list[dict[str, Any]] = []
        self.datacenter.start()
        access = self.datacenter.create_office(OFFICE, "Kanzlei E2E", "Steuerberaterin")
        self.advisor = AdvisorClient(self.datacenter.url, access.advisor_token, self.tls.ca_file)
        config, token = enrol(
            self.datacenter.url,
            self.tls.ca_file,
            access.enrolment_code,
            tmp / "agent",
            self.office.mandanten,
            export_command=emulator_export_command(self.office),
        )
        self.runner = AgentRunner(config, token, self.clock, self.exporter)

    def run_for(self, minutes: int) -> None:
        assert self.runner is not None
        self.runner.run_until(self.clock.now() + timedelta(minutes=minutes))

    @property
    def exports(self) -> list[MandantRun]:
        """Every Mandant export of a sealed job so far, oldest first."""
        return [run for _, run in self.runner.exports] if self.runner is not None else []

    def request(self, mandanten: list[str]) -> None:
        self.requests.append(self.advisor.request_sync(mandanten, "incremental"))

    def stored_bookings(self) -> dict[str, int]:
        with self.datacenter.store.read() as conn:
            scope = OfficeScope(conn, Principal("advisor", "e2e", OFFICE))
            return {r.mandant: scope.count(schema.bookings, r.mandant) for r in scope.mandanten()}

    def bmd_bookings(self) -> dict[str, int]:
        with TemporaryDirectory() as tmp:
            result = self.office.export(Path(tmp))
        return {
            m.mandant: sum(f.rows for f in m.files if f.kind.value == "bookings") for m in result.mandanten
        }

    def close(self) -> None:
        self.advisor.close()
        if self.runner is not None:
            self.runner.close()
        self.datacenter.close()


@pytest.fixture
def e2e_factory(tmp_path: Path) -> Iterator[Any]:
    """Builds an `E2E` world on demand; every server it started is stopped afterwards."""
    made: list[E2E] = []

    def make(mandanten: int) -> E2E:
        made.append(E2E(tmp_path, mandanten))
        return made[-1]

    yield make
    for world in made:
        world.close()
