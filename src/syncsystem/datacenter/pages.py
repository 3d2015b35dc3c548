"""The advisor page (German, server-rendered with Jinja2): Mandanten overview, sync button, upload.

Login is by advisor token (``syncsystem datacenter init`` prints one); it starts a server-side
session (`store.sessions`) whose id — not the token — is kept in an HttpOnly, SameSite=Strict
cookie; logout ends the session and sessions expire. Every POST also checks ``Origin`` against
the host, so another site cannot make an advisor's browser act. Everything shown comes through
`OfficeScope`, so an advisor sees only their own office.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from syncsystem.datacenter import live, login_link, wording
from syncsystem.datacenter.api import dc, mandant_json, request_json, uploaded_files
from syncsystem.datacenter.auth import Principal, authenticate_advisor, utc
from syncsystem.datacenter.errors import AuthError, DatacenterError, RefusedError, TooLargeError
from syncsystem.datacenter.ingest import import_files
from syncsystem.datacenter.refusals import problem_view, shown
from syncsystem.datacenter.roles import ROLE_NAMES, may_update
from syncsystem.datacenter.store import sessions, users
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.errors import Problem
from syncsystem.protocol.messages import ProtocolError, check_id

__all__ = ["COOKIE", "routes"]

COOKIE = "syncsystem_advisor"
_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=select_autoescape(["html"])
)

_NOTICES = {
    "logout": "Sie wurden abgemeldet.",
    "auto": "Erste Anmeldung heute: die automatische Aktualisierung (nur Änderungen) wurde gestartet.",
}
_MODES = {"full": "vollständig", "incremental": "nur Änderungen"}
# At most this many problems of a refused upload are listed; the rest are counted.
MAX_PROBLEMS = 200

_ENV.filters["zahl"] = wording.count
_ENV.filters["size"] = wording.size
_ENV.filters["duration"] = wording.duration


def _agent_view(row: Any, now: datetime, poll_seconds: int, tz: tzinfo) -> dict[str, Any]:
    """An agent for the page: when it last polled, and a warning after two missed poll intervals."""
    seen = utc(row.last_seen_at)
    late = seen is None or (now - seen).total_seconds() > 2 * poll_seconds
    return {"id": row.id, "name": row.name, "seen": wording.moment(seen, tz), "late": late}


def _sync_notice(query: str) -> str | None:
    """The confirmation after a sync request, naming the Mandanten (carried in the redirect URL)."""
    ids = [m for m in query.split(",") if m]
    try:
        for mandant in ids:
            check_id(mandant, "Mandant")
    except ProtocolError:
        return None
    if not ids:
        return None
    who = f"Mandant {ids[0]}" if len(ids) == 1 else f"{len(ids)} Mandanten ({', '.join(ids)})"
    return (f"Aktualisierung für {who} angefordert. Der Agent holt die Daten in wenigen Sekunden "
            "– siehe Live-Protokoll.")


def _notice(request: Request) -> str | None:
    key = request.query_params.get("notice", "")
    if key == "sync":
        return _sync_notice(request.query_params.get("mandanten", ""))
    return _NOTICES.get(key)


def _advisor(request: Request) -> Principal | None:
    """The advisor of the request's live session (the cookie holds a session id, not a token);
    on routes that need a role, `roles.guard_routes` found them already."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return known
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    ctx = dc(request)
    with ctx.store.read() as conn:
        return sessions.session_advisor(conn, session_id, ctx.clock.now())


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
    problems: Sequence[Problem] = (),
    form: Mapping[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    ctx = dc(request)
    now, tz = ctx.clock.now(), ctx.clock.tz
    ctx.watchers.saw(advisor.office_id, ctx.clock.monotonic())  # the agent polls fast while we watch
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, advisor)
        scope.expire_stale(now)
        office, advisor_name = scope.identity()
        found, asked = scope.mandanten(), scope.requests(20)
        rows = [{**mandant_json(r), "error_de": shown(r.last_error, r.last_error_detail)} for r in found]
        reqs = [{**request_json(r), "reason_de": shown(r.reason, r.reason_detail)} for r in asked]
        agents = [_agent_view(r, now, ctx.settings.poll_seconds, tz) for r in scope.agents()]
    # A Mandant with an open request shows its state ("wartet", "abgeholt", …) until data arrives.
    pending: dict[str, str] = {}
    for req in reversed(reqs):
        for mandant in req["mandanten"]:
            if req["state"] in ("waiting", "picked_up", "uploaded"):
                pending[mandant] = wording.STATES[req["state"]]
            else:
                pending.pop(mandant, None)
    for row in rows:
        row["when"] = wording.moment(row["last_updated"], tz)
        row["pending"] = pending.get(row["mandant"])
    for req in reqs:
        req["when"] = wording.moment(req["created_at"], tz)
        req["finished"] = wording.moment(req["finished_at"], tz, never="")
        req["state_de"] = wording.STATES.get(req["state"], req["state"])
        req["mode_de"] = _MODES.get(req["mode"], req["mode"])
    html = _ENV.get_template("overview.html").render(
        office=office,
        office_id=advisor.office_id,
        advisor=advisor_name,
        mandanten=rows,
        requests=reqs,
        agents=agents,
        notice=notice,
        error=error,
        problems=[problem_view(p) for p in problems[:MAX_PROBLEMS]],
        more_problems=max(0, len(problems) - MAX_PROBLEMS),
        form=form or {},
        zone=wording.zone_name(now, tz),
        zuletzt=live.last_updated([r["last_updated"] for r in rows], tz),
        live_request=_live_request(request),
        uhr=live.clock_text(ctx),
        role=advisor.role,
        role_name=ROLE_NAMES.get(advisor.role, advisor.role),
        may_update=may_update(advisor.role),
    )
    return HTMLResponse(html, status_code=status)


def _live_request(request: Request) -> str | None:
    """The request whose live log the page shows (carried in the redirect after "Jetzt aktualisieren")."""
    wanted = request.query_params.get("anforderung", "")
    try:
        return check_id(wanted, "Anforderung") if wanted else None
    except ProtocolError:
        return None


def index(request: Request) -> Response:
    advisor = _advisor(request)
    if advisor is None:
        failed = request.query_params.get("login") == "failed"
        notice = _notice(request)
        html = _ENV.get_template("login.html").render(failed=failed, notice=notice)
        return HTMLResponse(html, status_code=401 if failed else 200)
    return _render(request, advisor, notice=_notice(request))


async def login(request: Request) -> Response:
    _same_origin(request)
    form = await request.form()
    token = str(form.get("token", "")).strip()

    ctx = dc(request)

    def start() -> users.Login | None:
        with ctx.store.write() as conn:
            try:
                advisor = authenticate_advisor(conn, token)
            except AuthError:
                return None
            return users.login(conn, advisor, ctx.clock.now(), ctx.settings.session_lifetime)

    started = await run_in_threadpool(start) if token else None
    if started is None:
        return RedirectResponse("/?login=failed", status_code=303)
    response = RedirectResponse("/?notice=auto" if started.auto_request_id else "/", status_code=303)
    response.set_cookie(
        COOKIE,
        started.session_id,
        httponly=True,
        samesite="strict",
        secure=ctx.settings.secure_cookies,
        max_age=int(ctx.settings.session_lifetime.total_seconds()),
    )
    return response


def logout(request: Request) -> Response:
    """End the session on the server (the old cookie is refused from now on) and drop the cookie."""
    _same_origin(request)
    session_id = request.cookies.get(COOKIE)
    if session_id:
        ctx = dc(request)
        with ctx.store.write() as conn:
            sessions.end_session(conn, session_id, ctx.clock.now())
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
    if str(form.get("jetzt", "")).strip():  # "Jetzt aktualisieren" in one Mandant's row
        ids = [str(form.get("jetzt")).strip()]
    mode = str(form.get("mode", "incremental"))
    ctx = dc(request)

    def work() -> Response:
        try:
            for mandant in ids:
                check_id(mandant, "Mandant")
            with ctx.store.write() as conn:
                scope = OfficeScope(conn, advisor)
                chosen = [r.mandant for r in scope.mandanten()] if form.get("alle") else ids
                made = scope.create_request(chosen, mode, ctx.clock.now())
        except ProtocolError:
            error = "Bitte mindestens einen Mandanten auswählen (oder eine gültige Mandantennummer eingeben)."
            return _render(request, advisor, error=error, status=400)
        except RefusedError as exc:  # a Mandant the datacenter does not know
            return _render(request, advisor, error=f"Nicht angefordert: {exc.reason.text('de')}", status=422)
        url = f"/?notice=sync&mandanten={quote(','.join(chosen))}&anforderung={quote(made)}"
        return RedirectResponse(url, status_code=303)

    return await run_in_threadpool(work)


async def upload(request: Request) -> Response:
    _same_origin(request)
    advisor = await run_in_threadpool(_advisor, request)
    if advisor is None:
        return RedirectResponse("/", status_code=303)
    ctx = dc(request)
    mandant = ""
    try:
        files, fields = await uploaded_files(request, ctx.settings.limits.max_bundle_bytes)
        mandant = fields.get("mandant", "").strip()
        check_id(mandant, "Mandant")
        _, status, rows = await run_in_threadpool(
            import_files, ctx.store, advisor, mandant, files, ctx.clock, ctx.settings.limits
        )
    except RefusedError as exc:
        refused = exc.problems
        count = len(refused)
        found = "ein Problem" if count == 1 else f"{wording.count(count)} Probleme"
        error = (
            f"Import für Mandant {mandant} abgewiesen – es wurde nichts gespeichert. {found} gefunden:"
            if refused
            else f"Import abgewiesen – es wurde nichts gespeichert: {exc.reason.text('de')}."
        )
        return await run_in_threadpool(
            lambda: _render(
                request, advisor, error=error, problems=refused, form={"mandant": mandant}, status=422
            )
        )
    except TooLargeError as exc:
        if exc.rows:
            most = wording.count(ctx.settings.limits.max_rows_per_file)
            together = wording.count(ctx.settings.limits.max_rows_per_bundle)
            error = (
                f"Import abgewiesen: Die Dateien haben mehr Zeilen als erlaubt (höchstens {most} je Datei, "
                f"{together} zusammen). Bitte in Teilen hochladen."
            )
        else:
            limit = wording.size(ctx.settings.limits.max_bundle_bytes)
            error = (
                f"Import abgewiesen: Die Dateien sind zusammen größer als {limit}. Bitte in Teilen hochladen."
            )
        return await run_in_threadpool(lambda: _render(request, advisor, error=error, status=413))
    except ProtocolError:
        error = "Import abgewiesen: Bitte eine gültige Mandantennummer angeben (Buchstaben, Ziffern, . _ -)."
        return await run_in_threadpool(lambda: _render(request, advisor, error=error, status=400))
    except DatacenterError as exc:
        error = f"Import abgewiesen: {exc}"
        return await run_in_threadpool(lambda: _render(request, advisor, error=error, status=400))
    text = (
        f"Import für Mandant {mandant} abgeschlossen: {wording.count(rows)} Zeilen geprüft und eingespielt."
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
    live.route(_advisor),
    live.heartbeat(_advisor),
    login_link.route(COOKIE),
]
