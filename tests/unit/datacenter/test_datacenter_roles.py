"""Each role on each route: allowed or denied exactly as the hand-written table below says.

The table is written here by hand from the issue's roles (Administrator: users, agent, tokens,
settings; Sachbearbeiter: update and import; Lesend: sees only), not read from the product's
`roles.ROUTE_PERMISSIONS`; a second test makes sure the table names every advisor route the app
serves, so a new route cannot stay untested. Denied means 403 for a logged-in user; someone not
logged in is sent to the login page (pages) or gets 401 (API).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from starlette.routing import Route

from .conftest import add_user  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

ADMIN, SACH, LESEND = "administrator", "sachbearbeiter", "lesend"
ALL, UPDATERS, ADMINS = {ADMIN, SACH, LESEND}, {ADMIN, SACH}, {ADMIN}

# (method, path template, who may) — written from the issue, not from the product's table.
EXPECTED: list[tuple[str, str, set[str]]] = [
    ("GET", "/api/v1/advisor/mandanten", ALL),
    ("POST", "/api/v1/advisor/mandanten/{mandant}/import", UPDATERS),
    ("POST", "/api/v1/advisor/requests", UPDATERS),
    ("GET", "/api/v1/advisor/requests/{request_id}", ALL),
    ("POST", "/api/v1/advisor/enrolment-codes", ADMINS),
    ("POST", "/api/v1/advisor/agents/{agent_id}/revoke", ADMINS),
    ("POST", "/sync", UPDATERS),
    ("POST", "/upload", UPDATERS),
    ("GET", "/live", ALL),  # the open overview's heartbeat: anyone who may look at the figures
    ("GET", "/live/{request_id}", ALL),  # a request's live log: seeing, not updating
    ("GET", "/konto", ALL),
    ("POST", "/konto/automatisch", ALL),
    ("GET", "/benutzer", ADMINS),
    ("POST", "/benutzer", ADMINS),
    ("POST", "/benutzer/{user_id}/rolle", ADMINS),
    ("POST", "/benutzer/{user_id}/automatisch", ADMINS),
    ("POST", "/benutzer/{user_id}/sperren", ADMINS),
    ("POST", "/benutzer/{user_id}/zugang", ADMINS),
    ("GET", "/einstellungen", ADMINS),
    ("POST", "/einstellungen/zugang", ADMINS),
    ("POST", "/einstellungen/nacht", ADMINS),
]
# Routes no user role guards: the agent's protocol (its token) and what anyone may reach.
UNGUARDED = {
    ("POST", "/api/v1/enrol"),
    ("GET", "/api/v1/poll"),
    ("POST", "/api/v1/requests/{request_id}/pickup"),
    ("POST", "/api/v1/requests/{request_id}/fail"),
    ("PUT", "/api/v1/bundles/{bundle_id}"),
    ("POST", "/api/v1/bundles/{bundle_id}/refused"),
    ("POST", "/api/v1/token/rotate"),
    ("POST", "/api/v1/agent/doctor"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/healthz"),
    ("GET", "/"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("POST", "/api/v1/requests/{request_id}/progress"),  # the agent's live log steps (its token)
    ("GET", "/anmelden/{code}"),  # one-time login link: the code itself is the credential
}

_WHO = ("administrator", "sachbearbeiter", "lesend", "niemand")
# Page paths the open page's script reads (fetch asks for */*, as this client does): without a
# session a JSON 401 there, not the redirect to the login page every other page answers.
_SCRIPTS = {"/live", "/live/{request_id}"}


def _served(app: Any) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in app.routes
        if isinstance(route, Route)
        for method in (route.methods or set()) - {"HEAD"}
    }


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_the_table_names_every_route_the_app_serves(world) -> None:  # type: ignore[no-untyped-def]
    """Every route is either in the role table or one of the known unguarded ones, and back."""
    table = {(method, path) for method, path, _ in EXPECTED}
    assert _served(world.app) == table | UNGUARDED


def _users(world: Any) -> dict[str, tuple[str, str]]:
    """role -> (user id, token): one user per role in office A (its first advisor is Administrator)."""
    out = {}
    with world.store.write() as conn:
        for role in (ADMIN, SACH, LESEND):
            out[role] = add_user(conn, world, f"Frau {role}", role)
        # a colleague the user routes act on, so acting never locks the acting user out
        out["ziel"] = add_user(conn, world, "Ziel", SACH)
    return out


def _concrete(path: str, world: Any, target: str) -> str:
    return path.format(mandant="M100", request_id="r-unknown", agent_id=world.a.agent_id, user_id=target)


def _call(client: Any, method: str, path: str, token: str | None) -> Any:
    if path.startswith("/api/"):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.request(method, path, headers=headers, json={"mandanten": ["M100"]})
    return client.request(
        method, path, data={"mandant": "M100", "role": "lesend", "name": "Neu"}, follow_redirects=False
    )


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
@pytest.mark.parametrize("who", _WHO)
@pytest.mark.parametrize(("method", "path", "may"), EXPECTED, ids=[f"{m} {p}" for m, p, _ in EXPECTED])
def test_each_role_on_each_route(world, who: str, method: str, path: str, may: set[str]) -> None:  # type: ignore[no-untyped-def]
    """A user of each role is let through where the table allows it and refused with 403 elsewhere."""
    people = _users(world)
    target = _concrete(path, world, people["ziel"][0])
    with TestClient(world.app, base_url="https://testserver") as client:
        token = None
        if who != "niemand":
            token = people[who][1]
            login = client.post("/login", data={"token": token}, follow_redirects=False)
            assert login.status_code == 303 and "syncsystem_advisor" in login.cookies
        answer = _call(client, method, target, token)
    if who == "niemand":
        if path.startswith("/api/") or path in _SCRIPTS:
            assert answer.status_code == 401
        else:
            assert answer.status_code == 303 and answer.headers["location"] == "/"
    elif who in may:
        assert answer.status_code not in (401, 403), answer.text[:300]
        assert answer.headers.get("location") != "/", "an allowed user was sent to the login page"
    else:
        assert answer.status_code == 403, answer.text[:300]
        if not path.startswith("/api/"):
            assert "Keine Berechtigung" in answer.text
