"""Walk every route of the office web app with hostile requests: no answer is a 5xx, every 4xx says why.

The routes are read from the app (`hostile_http.routes_of`: every page module's routes, login,
logout and the static files), so a new page is walked without a change here. Each route gets its
share of the budget, sent logged out, with a stale session, and as the administrator ``anna`` —
with her session's CSRF token and this site's ``Origin``, so POSTs reach the handlers, and without.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from tests.office_live import PASSWORDS, make_office

from syncsystem import passwords
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.office.app import create_app
from syncsystem.office.web import COOKIE
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

from .conftest import FUZZ, PROFILE, guard
from .hostile_http import Identity, routes_of, walk

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette deprecates httpx in its TestClient; the client works
    from starlette.testclient import TestClient

pytestmark = [pytest.mark.fuzz]

BUDGET = 500 if PROFILE == "ci" else 20_000
"""Requests for the whole app; each route and caller gets an equal share, at least `MIN_EACH`."""
MIN_EACH = 3
ORIGIN = "http://testserver"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
NO_REAL_CSRF = {"/agent/starten", "/agent/beenden"}
"""Routes that start or stop the machine's agent service: walked, but never with a valid CSRF token."""


KNOWN = ("demo", "bernd")
"""Path parameters the office knows: the stored job ``demo`` and the user ``bernd`` (never anna, the
walk's own administrator: deactivating her would end the walk's session)."""


def _store_job(state: Path, clock: SimulatedClock) -> None:
    """The job ``demo`` (folder to folder, daily 06:30, Mandant 100), stored as `transfer add` does."""
    for folder in ("quelle", "ziel"):
        (state.parent / folder).mkdir(exist_ok=True)
    data = {
        "name": "demo",
        "source": {"kind": "folder", "dir": str(state.parent / "quelle")},
        "target": {"protocol": "folder", "directory": str(state.parent / "ziel")},
        "execution": {"mandanten": ["100"]},
        "schedule": {"interval": "daily", "at": "06:30"},
    }
    with TransferStore.open(state) as store:
        job = parse_job(data, SecretBox.for_state(state, use_keyring=False).seal, clock.tz, saving=True)
        store.add_job("demo", to_mapping(job), clock.now(), replace=False)


@pytest.fixture(scope="module")
def office_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real office app over a fresh state directory with anna (Administrator) and bernd."""
    clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_LN", 10)  # a small scrypt cost; the stored hash names it
        office = make_office(tmp_path_factory.mktemp("fuzz-office") / "state", clock)
        _store_job(office.state_dir, clock)
        with TestClient(create_app(office), follow_redirects=False, raise_server_exceptions=False) as client:
            yield client


def _anna(client: TestClient) -> tuple[str, str]:
    """A fresh session of anna: (session id, CSRF token)."""
    client.cookies.clear()
    answer = client.post("/anmelden", data={"name": "anna", "password": PASSWORDS["anna"]})
    assert answer.status_code == 303, answer.text
    page = client.get("/buchhaltungsexport")
    found = _CSRF.search(page.text)
    session = client.cookies.get(COOKIE)
    client.cookies.clear()
    assert found and session, page.text
    return session, found.group(1)


def _identities(client: TestClient, path: str) -> list[Identity]:
    session, csrf = _anna(client)
    form = {} if path in NO_REAL_CSRF else {"csrf": csrf}
    return [
        Identity("logged out"),
        Identity("stale session", cookies={COOKIE: "0" * 43}),
        Identity("anna", headers={"Origin": ORIGIN}, cookies={COOKIE: session}, form=form),
        Identity("anna without CSRF", cookies={COOKIE: session}),
    ]


def test_every_office_route_answers_hostile_requests_without_5xx(office_client: TestClient) -> None:
    """Every route and method (now and then a wrong method): status < 500, a 4xx with a body."""
    routes = routes_of(office_client.app)  # type: ignore[arg-type]
    assert len(routes) >= 40, [r.path for r in routes]  # the walk reads the app; an empty list proves nothing
    for route in routes:
        identities = _identities(office_client, route.path)  # fresh: an earlier route may have been logout
        each = max(MIN_EACH, BUDGET // (len(routes) * len(identities)))
        for who in identities:
            walk(office_client, route, who, each, FUZZ, lambda: guard("route walk (office)"), known=KNOWN)
