"""The datacenter as an ASGI app: `create_app` wires store, clock and key into Starlette routes.

Wire errors become HTTP responses here and only here (`EXCEPTION_HANDLERS`): each
`DatacenterError` carries its status; malformed messages are 400; a busy database is 503 with
``Retry-After``. Under the API (``/api/v1``) the answer is JSON; on every other path — where a
browser goes — the same refusal is a German page with the catalogue's words. The app never reads
the real clock — it is handed a `Clock` (the worker-process factory in
`syncsystem.datacenter.serve` hands it the system clock).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from syncsystem import messages
from syncsystem.clock import Clock
from syncsystem.datacenter import api, pages, refusals, users_page
from syncsystem.datacenter.auth import AgentCache
from syncsystem.datacenter.context import Datacenter, IngestSlots, Settings
from syncsystem.datacenter.errors import AuthError, DatacenterError, RefusedError
from syncsystem.datacenter.keys import BundleKeys, beside_database, ensure_keys
from syncsystem.datacenter.openapi import openapi_document
from syncsystem.datacenter.refusals import PAGE
from syncsystem.datacenter.rendering import refusal_page
from syncsystem.datacenter.roles import guard_routes
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import ConfigError, SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import API_BASE, OPENAPI_PATH, ProtocolError
from syncsystem.webforms import client_gone

__all__ = ["EXCEPTION_HANDLERS", "create_app"]

log = logging.getLogger(__name__)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _words(exc: SyncsystemError, lang: str | None) -> str:
    """The error in ``lang``: a refusal with its problems, else its message, else its text as raised."""
    if isinstance(exc, RefusedError):
        return exc.text(lang)
    return exc.message.text(lang) if exc.message is not None else str(exc)


def _codes(exc: SyncsystemError, said: Message) -> dict[str, Any]:
    """The error as codes: its message, and a refusal's data problems (the first ones, the rest
    counted) beside it, as the advisor's page keeps a refusal (`refusals.detail`)."""
    if isinstance(exc, RefusedError) and exc.problems:
        return refusals.detail(exc.reason, exc.problems)
    return said.as_dict()


def _worded(
    request: Request, exc: SyncsystemError, status: int, headers: dict[str, str] | None = None
) -> Response:
    """An error in the words of the client's language (``Accept-Language``: de or en, else the
    datacenter's), with its message code and values where it has them, for clients that word it.
    Outside the API (a page, a page's form, the live log) it is a German page instead."""
    said = exc.message
    if not request.url.path.startswith(API_BASE):
        return refusal_page(status, _words(exc, PAGE), headers)
    if said is None:
        return _error(status, str(exc), headers)
    wanted = request.headers.get("accept-language", "").strip().lower()[:2]
    lang = wanted if wanted in messages.LANGUAGES else None
    body = {"error": _words(exc, lang), **_codes(exc, said)}
    return JSONResponse(body, status_code=status, headers=headers)


async def _datacenter_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DatacenterError)
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, AuthError) else None
    return _worded(request, exc, exc.status, headers)


async def _protocol_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProtocolError)
    return _worded(request, exc, 400)


async def _syncsystem_error(request: Request, exc: Exception) -> Response:
    log.error("request %s %s failed: %s", request.method, request.url.path, exc)
    return _error(500, f"internal error: {type(exc).__name__}")


async def _busy(request: Request, exc: Exception) -> Response:
    # A locked SQLite file or a lost PostgreSQL connection: the client should simply retry.
    log.warning("database busy on %s %s: %s", request.method, request.url.path, exc)
    return _error(503, "database busy, retry later", {"Retry-After": "5"})


_PAGE_REFUSALS = {400: mc.DC_FORM_BROKEN, 404: mc.DC_PAGE_UNKNOWN, 405: mc.DC_PAGE_METHOD}


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals: JSON under the API, a German page where browsers go (an unknown
    page, ``GET /login`` typed into the address bar, a page's form that arrived malformed or cut off)."""
    assert isinstance(exc, HTTPException)
    headers = dict(exc.headers or {})
    page = _PAGE_REFUSALS.get(exc.status_code)
    if page is None or request.url.path.startswith(API_BASE):
        return _error(exc.status_code, str(exc.detail), headers)
    return refusal_page(exc.status_code, page().text(PAGE), headers)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    DatacenterError: _datacenter_error,
    ProtocolError: _protocol_error,
    sa.exc.OperationalError: _busy,
    SyncsystemError: _syncsystem_error,
    HTTPException: _http_error,
    ClientDisconnect: client_gone,
}


def create_app(
    store: Store,
    clock: Clock,
    *,
    settings: Settings | None = None,
    keys: BundleKeys | None = None,
    key_file: Path | None = None,
) -> Starlette:
    """The app over ``store`` with its bundle ``keys`` — else those of ``key_file`` (created on
    first start), else of the key file beside a SQLite database (`keys.beside_database`)."""
    if keys is None:
        path = key_file or beside_database(str(store.engine.url))
        if path is None:
            raise ConfigError(mc.DC_KEYS_NEEDED())
        keys = ensure_keys(store, path)
    settings = settings or Settings()
    ctx = Datacenter(
        store,
        clock,
        keys,
        settings,
        agent_cache=AgentCache(ttl=settings.token_cache_seconds),
        ingest_slots=IngestSlots(settings.ingests),
    )

    def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_document())

    app = Starlette(
        # Every route's permission is checked in one place: `roles.ROUTE_PERMISSIONS`.
        routes=guard_routes(
            [*api.routes, Route(OPENAPI_PATH, openapi, methods=["GET"]), *pages.routes, *users_page.routes],
            users_page.forbidden,
        ),
        exception_handlers=EXCEPTION_HANDLERS,
    )
    app.state.dc = ctx
    return app
