"""The advisor page (German, server-rendered with Jinja2): Mandanten overview, sync button, upload.

Login is by advisor token (``syncsystem datacenter init`` prints one); it is kept in an HttpOnly,
SameSite=Strict cookie, and every POST also checks ``Origin`` against the host, so another site
cannot make an advisor's browser act. Everything shown comes through `OfficeScope`, so an advisor
sees only their own office.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from syncsystem.datacenter.api import dc, mandant_json, request_json, uploaded_files
from syncsystem.datacenter.auth import Principal, authenticate_advisor, utc
from syncsystem.datacenter.errors import AuthError, DatacenterError, RefusedError
from syncsystem.datacenter.ingest import import_files
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.protocol.messages import ProtocolError, check_id

__all__ = ["COOKIE", "routes"]

COOKIE = "syncsystem_advisor"
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=select_autoescape(["html"])
)

_NOTICES = {
    "sync": "Synchronisierung angefordert. Der Agent holt die Daten bei seiner nächsten Abfrage.",
    "logout": "Sie wurden abgemeldet.",
}


def _size(value: int | None) -> str:
    if value is None:
        return "–"
    return f"{value / 1024:.1f} KB".replace(".", ",") if value >= 1024 else f"{value} B"


def _duration(value: float | None) -> str:
    if value is None:
        return "–"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def _when(value: str | None, request: Request) -> str:
    if value is None:
        return "noch nie"
    tz = dc(request).clock.tz
    return datetime.fromisoformat(value).astimezone(tz).strftime("%d.%m.%Y %H:%M")


_ENV.filters["size"] = _size
_ENV.filters["duration"] = _duration

_STATES = {
    "waiting": "wartet",
    "picked_up": "abgeholt",
    "uploaded": "hochgeladen",
    "ingested": "eingespielt",
    "failed": "fehlgeschlagen",
}


def _agent_view(row: Any, now: datetime, poll_seconds: int, request: Request) -> dict[str, Any]:
    """An agent for the page: when it last polled, and a warning after two missed poll intervals."""
    seen = utc(row.last_seen_at)
    late = seen is None or (now - seen).total_seconds() > 2 * poll_seconds
    return {
        "id": row.id,
        "name": row.name,
        "seen": _when(None if seen is None else seen.isoformat(), request),
        "late": late,
    }


def _advisor(request: Request) -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    with dc(request).store.read() as conn:
        try:
            return authenticate_advisor(conn, token)
        except AuthError:
            return None


def _same_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin.split("://", 1)[-1] != request.headers.get("host", ""):
        raise AuthError("Anfrage von fremder Herkunft abgelehnt")


def _render(
    request: Request,
    advisor: Principal,
    *,
    notice: str | None = None,
    error: str | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    ctx = dc(request)
    now = ctx.clock.now()
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, advisor)
        scope.expire_stale(now)
        rows = [mandant_json(r) for r in scope.mandanten()]
        reqs = [request_json(r) for r in scope.requests(20)]
        agents = [_agent_view(r, now, ctx.settings.poll_seconds, request) for r in scope.agents()]
    for row in rows:
        row["when"] = _when(row["last_updated"], request)
    for req in reqs:
        req["when"] = _when(req["created_at"], request)
        req["state_de"] = _STATES.get(req["state"], req["state"])
    html = _ENV.get_template("overview.html").render(
        office=advisor.office_id,
        mandanten=rows,
        requests=reqs,
        agents=agents,
        notice=notice,
        error=error,
        problems=problems or [],
    )
    return HTMLResponse(html, status_code=status)


def index(request: Request) -> Response:
    advisor = _advisor(request)
    if advisor is None:
        failed = request.query_params.get("login") == "failed"
        notice = _NOTICES.get(request.query_params.get("notice", ""))
        html = _ENV.get_template("login.html").render(failed=failed, notice=notice)
        return HTMLResponse(html, status_code=401 if failed else 200)
    return _render(request, advisor, notice=_NOTICES.get(request.query_params.get("notice", "")))


async def login(request: Request) -> Response:
    _same_origin(request)
    form = await request.form()
    token = str(form.get("token", "")).strip()

    def check() -> bool:
        with dc(request).store.read() as conn:
            try:
                authenticate_advisor(conn, token)
            except AuthError:
                return False
        return True

    if not token or not await run_in_threadpool(check):
        return RedirectResponse("/?login=failed", status_code=303)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=dc(request).settings.secure_cookies,
        max_age=12 * 3600,
    )
    return response


def logout(request: Request) -> Response:
    _same_origin(request)
    response = RedirectResponse("/?notice=logout", status_code=303)
    response.delete_cookie(COOKIE)
    return response


async def request_sync(request: Request) -> Response:
    _same_origin(request)
    advisor = await run_in_threadpool(_advisor, request)
    if advisor is None:
        return RedirectResponse("/", status_code=303)
    form = await request.form()
    ids = [str(x).strip() for x in form.getlist("mandant") if str(x).strip()]
    mode = str(form.get("mode", "incremental"))
    ctx = dc(request)

    def work() -> Response:
        try:
            for mandant in ids:
                check_id(mandant, "Mandant")
            with ctx.store.write() as conn:
                OfficeScope(conn, advisor).create_request(ids, mode, ctx.clock.now())
        except ProtocolError:
            return _render(request, advisor, error="Bitte mindestens einen Mandanten auswählen.", status=400)
        return RedirectResponse("/?notice=sync", status_code=303)

    return await run_in_threadpool(work)


async def upload(request: Request) -> Response:
    _same_origin(request)
    advisor = await run_in_threadpool(_advisor, request)
    if advisor is None:
        return RedirectResponse("/", status_code=303)
    ctx = dc(request)
    try:
        files = await uploaded_files(request, ctx.settings.limits.max_bundle_bytes)
        form = await request.form()
        mandant = check_id(str(form.get("mandant", "")).strip(), "Mandant")
        _, status, rows = await run_in_threadpool(import_files, ctx.store, advisor, mandant, files, ctx.clock)
    except RefusedError as exc:
        error = f"Import abgewiesen – es wurde nichts gespeichert: {exc.reason}"
        problems = [str(p) for p in exc.problems]
        return await run_in_threadpool(_render, request, advisor, error=error, problems=problems, status=422)
    except (ProtocolError, DatacenterError) as exc:
        error = f"Import abgewiesen: {exc}"
        return await run_in_threadpool(_render, request, advisor, error=error, status=400)
    text = (
        f"Import für Mandant {mandant}: {rows} Zeilen eingespielt."
        if status == "ingested"
        else f"Diese Dateien für Mandant {mandant} wurden bereits eingespielt; nichts geändert."
    )
    return await run_in_threadpool(lambda: _render(request, advisor, notice=text))


routes = [
    Route("/", index, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/sync", request_sync, methods=["POST"]),
    Route("/upload", upload, methods=["POST"]),
]
