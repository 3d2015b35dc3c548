"""Driver for the users-and-roles features: the datacenter app in process (SQLite, simulated
clock), one browser-like client per user (its own cookie), the office's users made by the store
as the Administrator's page would. Pages are read as HTML; the browser tests drive Chromium."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.context import Settings
from syncsystem.datacenter.keys import BundleKeys
from syncsystem.datacenter.store import tenancy, users
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

OFFICE = "kanzlei-huber"
ROLES = {"Administrator": "administrator", "Sachbearbeiter": "sachbearbeiter", "Lesend": "lesend"}


class Kanzlei:
    def __init__(self, tmp: Path) -> None:
        self.clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
        self.store = Store.open(f"sqlite:///{tmp / 'dc.sqlite'}")
        self.app = create_app(
            self.store, self.clock, settings=Settings(secure_cookies=False), keys=BundleKeys.generate()
        )
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.clients: dict[str, Any] = {}
        self.last: dict[str, Any] = {}  # the last answer each user saw
        with self.store.write() as conn:
            tenancy.create_office(conn, OFFICE, "Kanzlei Huber", self.clock.now())

    def add_mandanten(self, ids: list[str]) -> None:
        """The Mandanten as the office's agent reports them at its enrolment (an office without an
        agent could not have any update answered, so none would be asked for)."""
        with self.store.write() as conn:
            code = tenancy.create_enrolment_code(conn, OFFICE, self.clock.now())
            agent = tenancy.enrol(conn, code, "BMD-Server", self.clock.now())
            OfficeScope(conn, Principal("agent", agent.agent_id, OFFICE)).ensure_mandanten(ids)

    def add_user(self, name: str, role: str, auto: bool) -> None:
        with self.store.write() as conn:
            self.ids[name], self.tokens[name] = users.create_user(
                conn, OFFICE, name=name, email="", role=ROLES[role], auto_update=auto, now=self.clock.now()
            )

    def client(self, name: str) -> Any:
        if name not in self.clients:
            self.clients[name] = TestClient(self.app, base_url="https://testserver").__enter__()
        return self.clients[name]

    def login(self, name: str, token: str | None = None) -> Any:
        answer = self.client(name).post("/login", data={"token": token or self.tokens[name]})
        self.last[name] = answer
        return answer

    def post(self, name: str, path: str, data: dict[str, str]) -> Any:
        answer = self.client(name).post(path, data=data)
        self.last[name] = answer
        return answer

    def get(self, name: str, path: str) -> Any:
        answer = self.client(name).get(path, follow_redirects=False)
        self.last[name] = answer
        return answer

    def requests_by(self, name: str) -> list[tuple[str, list[str]]]:
        with self.store.read() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT mode, mandanten FROM sync_requests WHERE requested_by = :u ORDER BY created_at"
                ),
                {"u": self.ids[name]},
            ).all()
        return [(r.mode, json.loads(r.mandanten)) for r in rows]

    def role_of(self, name: str) -> str:
        with self.store.read() as conn:
            return str(users.user(conn, OFFICE, self.ids[name]).role)

    def shown_token(self, html: str) -> str | None:
        found = re.search(r'<code id="zugangsschluessel">([^<]+)</code>', html)
        return found.group(1) if found else None

    def close(self) -> None:
        for client in self.clients.values():
            client.__exit__(None, None, None)
        self.store.close()


@pytest.fixture
def kanzlei(tmp_path: Path) -> Iterator[Kanzlei]:
    world = Kanzlei(tmp_path)
    try:
        yield world
    finally:
        world.close()
