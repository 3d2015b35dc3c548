"""The office's own web application (German, server-rendered): Starlette + Jinja2, plain forms, no build.

``syncsystem office serve`` runs it on the host where the jobs run. It works on the same state
directory as ``syncsystem transfer --state DIR`` (``transfer.sqlite``, ``secret.key``) plus
``office.sqlite`` for users and sessions (`syncsystem.office.accounts`), so page and CLI share one
source of truth.

Extension point — adding a page
-------------------------------
A page is a module ``syncsystem/office/pages/<name>.py``; every module there is found at start-up
(`pkgutil`), nothing else needs registering. It exports:

- ``NAV``: a `web.NavEntry` (German title, path, the `Role` it needs, ``order`` in the navigation),
  or ``None`` for a module without a navigation entry;
- ``routes``: a list of `web.page_route(path, handler, role, methods)` — the *one* place a route
  declares its role; the wrapper checks session, role, ``Origin`` and CSRF before the handler runs.
  Handlers are plain functions ``handler(req: web.Req) -> Response`` (run in a thread);
- optionally ``NOTICES``: ``{key: message}`` (a catalogue code, `messages.codes.office_pages`) shown
  in German after a redirect `web.see_other(path, key)`.

Templates live in ``office/templates/``: extend ``base.html`` (navigation, user, logout, notice) and
import ``_form.html`` for fields with their inline error (``{{ f.text(form, "target.host", "FTP
Hostname", required=True) }}``; every POST form carries ``{{ f.csrf(csrf) }}``). A `web.Form` holds
values and one message per field; show bad input by rendering the form again with status 400 —
nothing saved. ``req.office.transfer()`` opens the transfer store as the CLI does;
``req.office.accounts()`` the users. Tests: add each route with its role to the hand-written table
in ``tests/unit/office/test_office_roles.py`` (a route missing there fails the test).

Security: sessions are server-side (`accounts`), the cookie is HttpOnly, SameSite=Strict, and
Secure whenever served over TLS; every POST checks ``Origin`` and the session's CSRF token;
responses carry a strict Content-Security-Policy (no inline script, no foreign origins).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from syncsystem.messages import Message, speaking
from syncsystem.messages import codes as mc
from syncsystem.office import pages as pages_package
from syncsystem.office.accounts import ABSOLUTE, Role, valid_name
from syncsystem.office.web import COOKIE, ENV, PAGE, Form, Office, office_of, render, same_origin, see_other
from syncsystem.webforms import client_gone, whole_form

__all__ = ["create_app", "page_modules", "route_roles"]

_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
_NOTICES = {"login_needed": mc.OFFICE_LOGIN_NEEDED(), "logout": mc.OFFICE_LOGGED_OUT()}


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: AsgiMessage) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        # The pages speak German whatever the server's locale: everything worded while a request
        # runs (form messages, the doctor's checks, a connection test's steps) is German.
        with speaking(PAGE):
            await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def page_modules() -> list[ModuleType]:
    """Every module in `syncsystem.office.pages`, in navigation order."""
    found = [
        importlib.import_module(f"{pages_package.__name__}.{info.name}")
        for info in pkgutil.iter_modules(pages_package.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(found, key=lambda m: (m.NAV.order if getattr(m, "NAV", None) else 1000, m.__name__))


def _login_page(
    request: Request,
    *,
    status: int = 200,
    error: str = "",
    name: str = "",
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    html = ENV.get_template("login.html").render(
        nav=[],
        user=None,
        csrf="",
        path="",
        error=error,
        form=Form({"name": name}, errors or {}),
        notice=office_of(request).notices.get(request.query_params.get("hinweis", "")),
        weiter=request.query_params.get("weiter", ""),
    )
    return HTMLResponse(html, status_code=status)


def _login_field_errors(name: str, password: str) -> dict[str, str]:
    """Messages for the login form's fields that need no look-up (empty or impossible input)."""
    errors: dict[str, Message] = {}
    if not name:
        errors["name"] = mc.OFFICE_LOGIN_NAME_MISSING()
    elif not valid_name(name):
        errors["name"] = mc.OFFICE_LOGIN_NAME_SHAPE()
    if not password:
        errors["password"] = mc.OFFICE_LOGIN_PASSWORD_MISSING()
    elif name and "password" not in errors and "name" in errors:
        errors["password"] = mc.OFFICE_PASSWORD_NOT_SENT()
    return {field: said.text(PAGE) for field, said in errors.items()}


async def _login(request: Request) -> Response:
    if request.method == "GET":
        return _login_page(request)
    if not same_origin(request):
        return _login_page(request, status=403, error=mc.OFFICE_LOGIN_FOREIGN().text(PAGE))
    async with whole_form(request) as form:
        name, password = str(form.get("name", "")).strip(), str(form.get("password", ""))
    errors = _login_field_errors(name, password)
    if errors:
        return _login_page(request, status=400, name=name, errors=errors)
    office = office_of(request)
    with office.accounts() as accounts:
        user = accounts.check_password(name, password)
        if user is None:  # which of the two was wrong stays unsaid (no probing for user names)
            wrong = mc.OFFICE_LOGIN_WRONG().text(PAGE)
            return _login_page(request, status=400, name=name, errors={"password": wrong})
        session_id = accounts.start_session(user, office.clock.now())
    weiter = request.query_params.get("weiter", "")
    target = weiter if weiter.startswith("/") and not weiter.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=int(ABSOLUTE.total_seconds()),
        httponly=True,
        secure=office.secure_cookies,
        samesite="strict",
        path="/",
    )
    return response


async def _logout(request: Request) -> Response:
    """End the session: only from this site, with the session's CSRF token (else anyone could log you out)."""
    if not same_origin(request):
        return HTMLResponse(mc.OFFICE_LOGOUT_FOREIGN().text(PAGE), status_code=403)
    async with whole_form(request) as form:
        token = str(form.get("csrf", ""))
    session_id = request.cookies.get(COOKIE)
    if session_id:
        office = office_of(request)
        with office.accounts() as accounts:
            session = accounts.session(session_id, office.clock.now())
            if session is not None and session.csrf != token:
                return HTMLResponse(mc.OFFICE_LOGOUT_EXPIRED().text(PAGE), status_code=403)
            accounts.end_session(session_id)
    response = see_other("/anmelden", "logout")
    response.delete_cookie(
        COOKIE, path="/", httponly=True, secure=office_of(request).secure_cookies, samesite="strict"
    )
    return response


async def _home(request: Request) -> Response:
    """The first page of the navigation (the login page when nobody is logged in)."""
    nav = office_of(request).nav
    return RedirectResponse(nav[0].path if nav else "/anmelden", status_code=303)


def _form_broken(request: Request, exc: Exception) -> Response:
    """A form that arrived malformed or cut off (login, logout; the pages answer it themselves)."""
    return render(request, "refused.html", status=400, text=mc.OFFICE_FORM_BROKEN())


def _not_found(request: Request, exc: Exception) -> Response:
    return render(request, "refused.html", status=404, text=mc.OFFICE_PAGE_UNKNOWN())


def _wrong_method(request: Request, exc: Exception) -> Response:
    """A method the route does not take (a typed-in or replayed request): German, with ``Allow``."""
    page = render(request, "refused.html", status=405, text=mc.OFFICE_PAGE_METHOD())
    page.headers.update(getattr(exc, "headers", None) or {})
    return page


def route_roles(app: Starlette) -> dict[tuple[str, str], Role | None]:
    """(method, path) -> the role a route needs; None for the public login and logout routes."""
    table: dict[tuple[str, str], Role | None] = {}
    for route in app.routes:
        if isinstance(route, Route):
            for method in route.methods or ():
                if method != "HEAD":
                    table[(method, route.path)] = getattr(route, "required_role", None)
    return table


def create_app(office: Office, *, modules: Callable[[], list[ModuleType]] = page_modules) -> Starlette:
    """The application over ``office``'s state directory, with every page module's routes."""
    found = modules()
    routes: list[BaseRoute] = [
        Route("/", _home, methods=["GET"]),
        Route("/anmelden", _login, methods=["GET", "POST"]),
        Route("/abmelden", _logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=Path(__file__).with_name("static")), name="static"),
    ]
    notices = dict(_NOTICES)
    for module in found:
        routes.extend(module.routes)
        notices.update(getattr(module, "NOTICES", {}))
    nav = tuple(m.NAV for m in found if getattr(m, "NAV", None) is not None)
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders)],
        exception_handlers={
            400: _form_broken,
            404: _not_found,
            405: _wrong_method,
            ClientDisconnect: client_gone,
        },
    )
    app.state.office = replace(office, nav=nav, notices=notices)
    return app
