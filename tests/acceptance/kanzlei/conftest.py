"""The office pages served live on loopback and driven by headless Chromium, with real FTP/SFTP servers.

`KanzleiDriver` holds the running app (uvicorn in a thread, plain HTTP on 127.0.0.1 as
``syncsystem office serve`` runs by default), a browser page, the state directory it shares with
the transfer CLI, and the Debian vsftpd / OpenSSH servers the transfer tests start
(`tests/integration/transfer/conftest.py`), stopped at the end of the scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.uvicorn_thread import running

from syncsystem import passwords
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.office.accounts import Accounts, Role
from syncsystem.office.app import create_app
from syncsystem.office.web import Office

PASSWORDS = {"anna": "anna-geheim-1", "bernd": "bernd-geheim-2"}


@dataclass
class KanzleiDriver:
    url: str
    state: Path
    tmp: Path
    clock: SimulatedClock
    page: Any
    screenshot: Callable[[object, str], object]
    server: Any = None
    _servers: list[Iterator[Any]] = field(default_factory=list)

    def start(self, servers: Iterator[Any]) -> Any:
        """Start one of the transfer tests' server generators; it is stopped after the scenario."""
        self._servers.append(servers)
        self.server = next(servers)
        return self.server

    def login(self, name: str) -> None:
        self.page.goto(self.url + "/anmelden")
        self.page.fill("#name", name)
        self.page.fill("#password", PASSWORDS[name])
        self.page.click("main button[type=submit]")
        assert self.page.inner_text("#benutzer").startswith(name)

    def error_at(self, label: str) -> str:
        """The message shown at the field labelled ``label``."""
        field_id = self.page.locator("label", has_text=label).first.get_attribute("for")
        return str(self.page.inner_text(f"#{field_id}-fehler"))

    def stop(self) -> None:
        for servers in self._servers:
            servers.close()


@pytest.fixture
def kanzlei(
    tmp_path: Path, browser: Any, screenshot: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[KanzleiDriver]:
    monkeypatch.setattr(passwords, "_LN", 10)  # cheap hashes in tests; the stored string names its cost
    clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
    state = tmp_path / "state"
    with Accounts.open(state) as accounts:
        accounts.add_user("anna", Role.ADMIN, PASSWORDS["anna"], clock.now())
        accounts.add_user("bernd", Role.USER, PASSWORDS["bernd"], clock.now())
    context = browser.new_context(locale="de-AT")
    with running(create_app(Office(state, clock))) as port:
        url = f"http://127.0.0.1:{port}"
        driver = KanzleiDriver(url, state, tmp_path, clock, context.new_page(), screenshot)
        try:
            yield driver
        finally:
            context.close()
            driver.stop()
