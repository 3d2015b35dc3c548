"""Office fixtures: the app over a temporary state directory and a simulated clock, two users.

``anna`` is an Administrator, ``bernd`` a Benutzer; `OfficeWorld.login` logs a test client in and
returns the session's CSRF token read from the page, as a browser would see it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from syncsystem import passwords
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.office.accounts import Accounts, Role
from syncsystem.office.app import create_app
from syncsystem.office.web import Office
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

with warnings.catch_warnings():
    # Starlette 1.x deprecates httpx (in favour of httpx2) inside its TestClient; the client works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORDS = {"anna": "anna-geheim-1", "bernd": "bernd-geheim-2"}
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class OfficeWorld:
    state: Path
    clock: SimulatedClock
    office: Office

    def add_job(self, name: str, **sections: Any) -> dict[str, Any]:
        """Store a valid job (folder to folder, daily 06:30, Mandant 100) as `transfer add` would."""
        (self.state.parent / "quelle").mkdir(exist_ok=True)
        (self.state.parent / "ziel").mkdir(exist_ok=True)
        data: dict[str, Any] = {
            "name": name,
            "source": {"kind": "folder", "dir": str(self.state.parent / "quelle")},
            "target": {"protocol": "folder", "directory": str(self.state.parent / "ziel")},
            "execution": {"mandanten": ["100"]},
            "schedule": {"interval": "daily", "at": "06:30"},
            **sections,
        }
        with TransferStore.open(self.state) as store:
            box = SecretBox.for_state(self.state, use_keyring=False)
            job = parse_job(data, box.seal, self.clock.tz, saving=True)
            store.add_job(name, to_mapping(job), self.clock.now(), replace=False)
        return data

    def client(self) -> TestClient:
        return TestClient(create_app(self.office), follow_redirects=False)

    def login(self, client: TestClient, name: str) -> str:
        """Log ``client`` in as ``name``; returns the CSRF token of the session."""
        answer = client.post("/anmelden", data={"name": name, "password": PASSWORDS[name]})
        assert answer.status_code == 303, answer.text
        page = client.get("/buchhaltungsexport")
        found = _CSRF.search(page.text)
        assert found, page.text
        return found.group(1)


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash test passwords with a small scrypt cost (the stored string names its cost, so it verifies)."""
    monkeypatch.setattr(passwords, "_LN", 10)


def make_world(tmp_path: Path) -> OfficeWorld:
    """An office over ``tmp_path/state`` with anna (Administrator) and bernd (Benutzer)."""
    clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
    state = tmp_path / "state"
    with Accounts.open(state) as accounts:
        accounts.add_user("anna", Role.ADMIN, PASSWORDS["anna"], clock.now())
        accounts.add_user("bernd", Role.USER, PASSWORDS["bernd"], clock.now())
    return OfficeWorld(state, clock, Office(state, clock))


@pytest.fixture
def office_world(tmp_path: Path) -> Iterator[OfficeWorld]:
    yield make_world(tmp_path)
