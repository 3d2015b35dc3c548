"""Roles and the one place every route's permission is checked.

An office's users have one role each: **Administrator** (users, agent, tokens, settings — and
everything a Sachbearbeiter may), **Sachbearbeiter** (may update accounting figures and import)
and **Lesend** (sees only). `ROUTE_PERMISSIONS` names, for every route of the app, the permission
it needs; `guard_routes` wraps each route with that check when the app is built and refuses to
build an app with a route the table does not name (deny by default). Pages authenticate by the
session cookie (and their POSTs must come from the page's own origin), the JSON API by the user's
bearer token; agent routes check the agent's token themselves (the poll's hot path).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from syncsystem.datacenter.auth import Principal, authenticate_advisor, bearer_token
from syncsystem.datacenter.errors import AuthError, ForbiddenError
from syncsystem.datacenter.refusals import PAGE
from syncsystem.datacenter.store import sessions
from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.protocol import messages as m
from syncsystem.webforms import whole_form

__all__ = [
    "ADMIN",
    "ADMINISTRATOR",
    "AGENT",
    "LESEND",
    "PUBLIC",
    "ROLES",
    "ROLE_NAMES",
    "ROUTE_PERMISSIONS",
    "SACHBEARBEITER",
    "SCRIPT_PATHS",
    "SESSION_COOKIE",
    "UPDATE",
    "VIEW",
    "allowed",
    "form_fields",
    "guard_routes",
    "may_update",
]

SESSION_COOKIE = "syncsystem_advisor"

ADMINISTRATOR, SACHBEARBEITER, LESEND = "administrator", "sachbearbeiter", "lesend"
ROLES: tuple[str, ...] = (ADMINISTRATOR, SACHBEARBEITER, LESEND)
ROLE_NAMES = {ADMINISTRATOR: "Administrator", SACHBEARBEITER: "Sachbearbeiter", LESEND: "Lesend"}

PUBLIC, AGENT, VIEW, UPDATE, ADMIN = "public", "agent", "view", "update", "admin"
_GRANTS: dict[str, frozenset[str]] = {
    ADMINISTRATOR: frozenset({VIEW, UPDATE, ADMIN}),
    SACHBEARBEITER: frozenset({VIEW, UPDATE}),
    LESEND: frozenset({VIEW}),
}

_A = m.API_BASE + "/advisor"
ROUTE_PERMISSIONS: dict[tuple[str, str], str] = {
    # the agent's protocol (the handlers check the agent token)
    ("POST", m.ENROL_PATH): PUBLIC,
    ("GET", m.POLL_PATH): AGENT,
    ("POST", m.PICKUP_PATH): AGENT,
    ("POST", m.FAIL_PATH): AGENT,
    ("POST", m.PROGRESS_PATH): AGENT,
    ("PUT", m.BUNDLE_PATH): AGENT,
    ("POST", m.REFUSED_PATH): AGENT,
    ("POST", m.ROTATE_PATH): AGENT,
    ("POST", m.DOCTOR_PATH): AGENT,
    ("GET", m.OPENAPI_PATH): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    # the advisor's JSON API
    ("GET", _A + "/mandanten"): VIEW,
    ("POST", _A + "/mandanten/{mandant}/import"): UPDATE,
    ("POST", _A + "/requests"): UPDATE,
    ("GET", _A + "/requests/{request_id}"): VIEW,
    ("POST", _A + "/enrolment-codes"): ADMIN,
    ("POST", _A + "/agents/{agent_id}/revoke"): ADMIN,
    # the pages ("/" is the login form without a session, the overview with one)
    ("GET", "/"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("POST", "/sync"): UPDATE,
    ("POST", "/upload"): UPDATE,
    ("GET", "/live"): VIEW,  # the open overview says an advisor watches (fast polls)
    ("GET", "/live/{request_id}"): VIEW,  # the live log of a request
    ("GET", "/anmelden/{code}"): PUBLIC,  # one-time login link (the code is the credential)
    ("GET", "/konto"): VIEW,
    ("POST", "/konto/automatisch"): VIEW,
    ("GET", "/benutzer"): ADMIN,
    ("POST", "/benutzer"): ADMIN,
    ("POST", "/benutzer/{user_id}/rolle"): ADMIN,
    ("POST", "/benutzer/{user_id}/automatisch"): ADMIN,
    ("POST", "/benutzer/{user_id}/sperren"): ADMIN,
    ("POST", "/benutzer/{user_id}/zugang"): ADMIN,
    ("GET", "/einstellungen"): ADMIN,
    ("POST", "/einstellungen/zugang"): ADMIN,
    ("POST", "/einstellungen/nacht"): ADMIN,
}

# Page paths whose answer is JSON for the open page's own script (`datacenter.live`: the overview's
# heartbeat, a request's live log). Without a session a browser is sent to the login there as on
# every page; the script (``fetch`` asks for ``*/*``) gets a JSON 401 it can read instead.
SCRIPT_PATHS = frozenset({"/live", "/live/{request_id}"})


def allowed(role: str, permission: str) -> bool:
    """Whether a user of ``role`` holds ``permission`` (public and agent routes need no role)."""
    if permission in (PUBLIC, AGENT):
        return True
    return permission in _GRANTS.get(role, frozenset())


def may_update(role: str) -> bool:
    """Whether the role may update accounting figures (and so auto-update at its first login)."""
    return allowed(role, UPDATE)


Endpoint = Callable[[Request], Any]


def _session_user(request: Request) -> Principal | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    ctx = request.app.state.dc
    with ctx.store.read() as conn:
        return sessions.session_advisor(conn, session_id, ctx.clock.now())


def _token_user(request: Request) -> Principal:
    token = bearer_token(request.headers.get("authorization"))
    with request.app.state.dc.store.single_read() as conn:
        return authenticate_advisor(conn, token)


def same_origin(request: Request) -> None:
    """A page POST must come from the page itself: ``Origin``, when sent, names this host."""
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise AuthError(mc.DC_FOREIGN_ORIGIN())


async def form_fields(request: Request) -> FormData:
    """A page form's fields, read whole (a multipart body cut off is a 400, `webforms.whole_form`).
    Files sent along (the pages take none) are closed at once: Starlette leaves an unclosed form's
    temporary files open until the garbage collector finds them."""
    async with whole_form(request) as form:
        return form


Forbidden = Callable[[Principal], HTMLResponse]


def _logged_out(request: Request, script: bool) -> Response:
    """A page's answer without a session: 303 to the login at ``/`` — but on a script path to a
    client that does not ask for HTML, 401 in JSON (an HTML login page is nothing a script reads)."""
    if script and "text/html" not in request.headers.get("accept", ""):
        said = mc.DC_NOT_SIGNED_IN()
        return JSONResponse({"error": said.text(PAGE), **said.as_dict()}, status_code=401)
    return RedirectResponse("/", status_code=303)


def _guarded(
    permission: str, endpoint: Endpoint, page: bool, forbidden: Forbidden, script: bool = False
) -> Callable[[Request], Awaitable[Response]]:

    async def check(request: Request) -> Response:
        if page and request.method == "POST":
            same_origin(request)
        if page:
            user = await run_in_threadpool(_session_user, request)
            if user is None:
                return _logged_out(request, script)
        else:
            user = await run_in_threadpool(_token_user, request)
        if not allowed(user.role, permission):
            if page:
                return forbidden(user)
            raise ForbiddenError(
                mc.DC_ROLE_FORBIDDEN(role=user.role, method=request.method, path=request.url.path)
            )
        request.state.principal = user
        if inspect.iscoroutinefunction(endpoint):
            return await endpoint(request)  # type: ignore[no-any-return]
        return await run_in_threadpool(endpoint, request)

    check.__name__ = getattr(endpoint, "__name__", "endpoint")
    check.__module__ = endpoint.__module__
    return check


def guard_routes(routes: Iterable[BaseRoute], forbidden: Forbidden) -> list[BaseRoute]:
    """Every route wrapped with the check of its permission; a route missing from the table (or a
    table entry no route serves) refuses the app — nothing is reachable by oversight. A page a
    role may not use answers ``forbidden(user)`` (403)."""
    out: list[BaseRoute] = []
    missing: list[str] = []
    served: set[tuple[str, str]] = set()
    for route in routes:
        if not isinstance(route, Route):
            missing.append(repr(route))
            continue
        methods: Sequence[str] = sorted((route.methods or set()) - {"HEAD"})
        perms = {ROUTE_PERMISSIONS.get((method, route.path)) for method in methods}
        served.update((method, route.path) for method in methods)
        if None in perms or len(perms) != 1:
            missing.extend(f"{method} {route.path}" for method in methods)
            continue
        (permission,) = perms
        assert permission is not None
        endpoint = route.endpoint
        if permission not in (PUBLIC, AGENT):
            page = not route.path.startswith(m.API_BASE)
            endpoint = _guarded(permission, endpoint, page, forbidden, route.path in SCRIPT_PATHS)
        out.append(Route(route.path, endpoint, methods=list(methods), name=route.name))
    missing.extend(f"{method} {path} (no such route)" for method, path in ROUTE_PERMISSIONS.keys() - served)
    if missing:
        raise ConfigError("routes without a permission in roles.ROUTE_PERMISSIONS: " + ", ".join(missing))
    return out
