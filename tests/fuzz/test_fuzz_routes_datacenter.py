"""Walk every route of the datacenter app with hostile requests: no answer is a 5xx, every 4xx says why.

The routes are read from the app (`hostile_http.routes_of`), so a new route is walked without a
change here. Each route gets its share of the budget (a few hundred requests for the whole app in
CI), sent logged out, with a bad session or token, as the enrolled agent (bearer token), as the
advisor's API client (bearer token) and as the advisor's browser (session cookie, same origin) — on
SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from syncsystem.datacenter.pages import COOKIE
from syncsystem.datacenter.store.engine import Store, migrate
from syncsystem.datacenter.store.schema import metadata

from .conftest import FUZZ, PROFILE, Datacenter, corpus, datacenter_over, guard
from .hostile_http import HostileRequest, Identity, routes_of, walk

pytestmark = [pytest.mark.fuzz]

BUDGET = 500 if PROFILE == "ci" else 20_000
"""Requests for the whole app; each route and caller gets an equal share, at least `MIN_EACH`."""
MIN_EACH = 3
ORIGIN = "https://testserver"


def _session(datacenter: Datacenter) -> str:
    token = datacenter.advisor["Authorization"].removeprefix("Bearer ")
    datacenter.client.cookies.clear()
    answer = datacenter.client.post(
        "/login", data={"token": token}, headers={"Origin": ORIGIN}, follow_redirects=False
    )
    session = answer.cookies.get(COOKIE)
    datacenter.client.cookies.clear()
    assert answer.status_code == 303 and session, answer.text
    return session


def _identities(datacenter: Datacenter) -> list[Identity]:
    return [
        Identity("logged out"),
        Identity("stale session", cookies={COOKIE: "0" * 43}),
        Identity("agent", headers=dict(datacenter.agent)),
        Identity("advisor API", headers=dict(datacenter.advisor)),
        Identity("advisor browser", headers={"Origin": ORIGIN}, cookies={COOKIE: _session(datacenter)}),
    ]


def _keep_agent(datacenter: Datacenter, identities: list[Identity]) -> object:
    """After a token rotation the agent goes on with its new token, as a real agent would."""

    def after(request: HostileRequest, answer: object) -> None:
        if request.url.startswith("/api/v1/token/rotate") and getattr(answer, "status_code", 0) == 200:
            token = answer.json()["token"]  # type: ignore[attr-defined]
            datacenter.agent["Authorization"] = identities[2].headers["Authorization"] = f"Bearer {token}"

    return after


def _known(datacenter: Datacenter) -> tuple[str, ...]:
    """Path parameters the datacenter knows: Mandant M100 (imported by hand: three bookings) and a
    waiting sync request of it."""
    files = {"files": ("buchungen.csv", dict(corpus())["buchungen.csv"])}
    imported = datacenter.client.post(
        "/api/v1/advisor/mandanten/M100/import", files=files, headers=datacenter.advisor
    )
    assert imported.status_code < 300, imported.text
    answer = datacenter.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=datacenter.advisor
    )
    assert answer.status_code == 201, answer.text
    return (str(answer.json()["request_id"]), "M100")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def walked(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datacenter]:
    """The datacenter the walk runs against: the fuzz fixture on SQLite, or the same on PostgreSQL
    (the session's database, migrated and emptied first)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("datacenter")
        return
    store = Store.open(request.getfixturevalue("postgres_url"))
    migrate(store.engine)
    with store.engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {', '.join(t.name for t in metadata.sorted_tables)} CASCADE"))
    try:
        with datacenter_over(store, tmp_path_factory.mktemp("fuzz-dc-pg") / "bundle.key") as dc:
            yield dc
    finally:
        store.close()


def test_every_datacenter_route_answers_hostile_requests_without_5xx(walked: Datacenter) -> None:
    """Every route and method of the app (and one wrong method each): status < 500, a 4xx with a body."""
    datacenter = walked
    known = _known(datacenter)
    routes = routes_of(datacenter.client.app)
    assert len(routes) >= 30, [r.path for r in routes]  # the walk reads the app; an empty list proves nothing
    for route in routes:
        identities = _identities(datacenter)  # a fresh session: an earlier route may have been /logout
        each = max(MIN_EACH, BUDGET // (len(routes) * len(identities)))
        for who in identities:
            walk(
                datacenter.client,
                route,
                who,
                each,
                FUZZ,
                lambda: guard("route walk (datacenter)"),
                _keep_agent(datacenter, identities),
                known,
            )  # type: ignore[arg-type]
