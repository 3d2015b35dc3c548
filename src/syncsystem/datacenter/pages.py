"""The advisor page (German, server-rendered with Jinja2): Mandanten overview, sync button, upload.

Login is by advisor token (``syncsystem datacenter init`` prints one); it starts a server-side
session (`store.sessions`) whose id — not the token — is kept in an HttpOnly, SameSite=Strict
cookie; logout ends the session and sessions expire. Every POST also checks ``Origin`` against
the host, so another site cannot make an advisor's browser act. Everything shown comes through
`OfficeScope`, so an advisor sees only their own office. The overview itself — 50 Mandanten a page,
searched and ordered by its URL — is `overview.render`; the forms post to their action with the
page's view (``/sync?seite=2``), so a refusal re-renders and a redirect returns to the same page.
"Alle aktualisieren" asks for every Mandant of the office, never only the page's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from syncsystem.datacenter import live, login_link, overview, rendering, wording
from syncsystem.datacenter.api import dc, uploaded_files
from syncsystem.datacenter.auth import Principal, authenticate_advisor
from syncsystem.datacenter.errors import AuthError, DatacenterError, RefusedError, TooLargeError
from syncsystem.datacenter.ingest import import_files
from syncsystem.datacenter.listing import Listing
from syncsystem.datacenter.refusals import PAGE
from syncsystem.datacenter.roles import form_fields, same_origin
from syncsystem.datacenter.store import sessions, users
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole
from syncsystem.protocol.messages import ProtocolError, check_id

__all__ = ["COOKIE", "routes"]

COOKIE = "syncsystem_advisor"

_NOTICES = {"logout": mc.DC_NOTICE_LOGOUT(), "auto": mc.DC_NOTICE_AUTO()}


def _sync_notice(query: str, count: str) -> str | None:
    """The confirmation after a sync request, naming the Mandanten (carried in the redirect URL: the
    first `overview.NAMED` of them and how many in all)."""
    ids = [m for m in query.split(",") if m]
    try:
        for mandant in ids:
            check_id(mandant, "Mandant")
    except ProtocolError:
        return None
    if not ids:
        return None
    total = max(whole(count, 8) or 0, len(ids))
    if total == 1:
        return mc.DC_SYNC_ONE(mandant=ids[0]).text(PAGE)
    named = ", ".join(ids)
    if total > len(ids):
        more = wording.count(total - len(ids))
        return mc.DC_SYNC_MORE(count=wording.count(total), mandanten=named, more=more).text(PAGE)
    return mc.DC_SYNC_MANY(count=wording.count(total), mandanten=named).text(PAGE)


def _notice(request: Request) -> str | None:
    key = request.query_params.get("notice", "")
    if key == "sync":
        params = request.query_params
        return _sync_notice(params.get("mandanten", ""), params.get("anzahl", ""))
    known = _NOTICES.get(key)
    return known.text(PAGE) if known else None


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


def index(request: Request) -> Response:
    """The overview for a live session (looked up in the page's own transaction), else the login."""
    known: Principal | None = getattr(request.state, "principal", None)
    if known is not None:
        return overview.render(request, known, notice=_notice(request))
    session_id = request.cookies.get(COOKIE)
    page = overview.render_session(request, session_id, notice=_notice(request)) if session_id else None
    if page is not None:
        return page
    said = {"failed": mc.DC_LOGIN_FAILED, "link": mc.DC_LOGIN_LINK_USED}.get(
        request.query_params.get("login", "")
    )
    failure = said().text(PAGE) if said is not None else None
    html = rendering.template("login.html").render(failed=failure, notice=_notice(request))
    return HTMLResponse(html, status_code=401 if failure else 200)


async def login(request: Request) -> Response:
    same_origin(request)
    form = await form_fields(request)
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
    same_origin(request)
    session_id = request.cookies.get(COOKIE)
    if session_id:
        ctx = dc(request)
        with ctx.store.write() as conn:
            sessions.end_session(conn, session_id, ctx.clock.now())
    response = RedirectResponse("/?notice=logout", status_code=303)
    response.delete_cookie(COOKIE)
    return response


async def request_sync(request: Request) -> Response:
    same_origin(request)
    advisor = await run_in_threadpool(_advisor, request)
    if advisor is None:
        return RedirectResponse("/", status_code=303)
    form = await form_fields(request)
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
                # "Alle aktualisieren" means every Mandant of the office, not the page's fifty.
                chosen = [r.mandant for r in scope.mandanten()] if form.get("alle") else ids
                made = scope.create_request(chosen, mode, ctx.clock.now())
        except ProtocolError:
            error = mc.DC_SYNC_NONE_CHOSEN().text(PAGE)
            return overview.render(request, advisor, error=error, status=400)
        except RefusedError as exc:  # a Mandant the datacenter does not know
            error = mc.DC_SYNC_REFUSED(reason=exc.reason).text(PAGE)
            return overview.render(request, advisor, error=error, status=422)
        named = list(dict.fromkeys(chosen))
        back = {
            **Listing.of(request.query_params).params(),
            "notice": "sync",
            "mandanten": ",".join(named[: overview.NAMED]),
            "anzahl": str(len(named)),
            "anforderung": made,
        }
        return RedirectResponse("/?" + urlencode(back), status_code=303)

    return await run_in_threadpool(work)


async def upload(request: Request) -> Response:
    same_origin(request)
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
        error = _refused(mandant, exc).text(PAGE)
        return await run_in_threadpool(
            lambda: overview.render(
                request, advisor, error=error, problems=refused, form={"mandant": mandant}, status=422
            )
        )
    except TooLargeError as exc:
        limits = ctx.settings.limits
        most, together = wording.count(limits.max_rows_per_file), wording.count(limits.max_rows_per_bundle)
        error = (
            mc.DC_IMPORT_TOO_MANY_ROWS(most=most, together=together)
            if exc.rows
            else mc.DC_IMPORT_TOO_LARGE(limit=wording.size(limits.max_bundle_bytes))
        ).text(PAGE)
        return await run_in_threadpool(lambda: overview.render(request, advisor, error=error, status=413))
    except ProtocolError:
        error = mc.DC_IMPORT_BAD_MANDANT().text(PAGE)
        return await run_in_threadpool(lambda: overview.render(request, advisor, error=error, status=400))
    except DatacenterError as exc:
        error = mc.DC_IMPORT_REFUSED_OTHER(reason=exc.message or str(exc)).text(PAGE)
        return await run_in_threadpool(lambda: overview.render(request, advisor, error=error, status=400))
    text = (
        mc.DC_IMPORT_DONE(mandant=mandant, rows=wording.count(rows))
        if status == "ingested"
        else mc.DC_IMPORT_ALREADY(mandant=mandant)
    ).text(PAGE)
    return await run_in_threadpool(lambda: overview.render(request, advisor, notice=text))


def _refused(mandant: str, exc: RefusedError) -> Message:
    """The head of a refused upload: the count of its problems, else the refusal's reason."""
    count = len(exc.problems)
    if not count:
        return mc.DC_IMPORT_REFUSED(reason=exc.reason)
    if count == 1:
        return mc.DC_IMPORT_PROBLEM(mandant=mandant)
    return mc.DC_IMPORT_PROBLEMS(mandant=mandant, count=wording.count(count))


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
