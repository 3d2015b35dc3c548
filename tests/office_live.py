"""The office pages served for a browser: a live uvicorn on a loopback port, users anna and bernd.

Shared by the browser tests of the office pages (``tests/integration/office_pages``) and the German
scenarios that drive them (``tests/acceptance/kanzleiseiten``): `serve` runs the real app (plain HTTP
on 127.0.0.1, as ``syncsystem office serve`` does by default) in a thread and stops it afterwards;
`login` signs a Playwright page in as a user would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.uvicorn_thread import running

from syncsystem.clock import SimulatedClock
from syncsystem.office.accounts import Accounts, Role
from syncsystem.office.app import create_app
from syncsystem.office.web import Office

__all__ = ["PASSWORDS", "login", "make_office", "serve"]

PASSWORDS = {"anna": "anna-geheim-1", "bernd": "bernd-geheim-2"}


def make_office(state: Path, clock: SimulatedClock) -> Office:
    """An office state with ``anna`` (Administrator) and ``bernd`` (Benutzer)."""
    with Accounts.open(state) as accounts:
        accounts.add_user("anna", Role.ADMIN, PASSWORDS["anna"], clock.now())
        accounts.add_user("bernd", Role.USER, PASSWORDS["bernd"], clock.now())
    return Office(state, clock)


@contextmanager
def serve(office: Office) -> Iterator[str]:
    """The app over ``office`` on a free loopback port; yields its base URL."""
    with running(create_app(office)) as port:
        yield f"http://127.0.0.1:{port}"


def login(page: Any, url: str, name: str) -> None:
    """Sign ``page`` in as ``name`` through the login form."""
    page.goto(url + "/anmelden")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("button[type=submit]")
    assert page.locator("#benutzer").inner_text().startswith(name), page.inner_text("body")
