"""The office's own pages beside the overview: "Benutzer" and "Einstellungen" (Administrator) and
"Mein Zugang" (every user).

Einstellungen lists the office's Mandanten for the nightly choice as the overview does — 50 a page,
searched and ordered by its URL (`listing.Listing`, `store.mandanten_list`) — and a save changes
only the Mandanten its page showed (`store.nightly.choose_among`); "Alle auswählen" / "Keinen
auswählen" set the whole office. The page's pager and search are buttons of the same form
(``blaettern``: a page number, "suche", "alle-zeigen"), so moving on saves the shown page's ticks
first and says so when they had changed — a tick is never lost by paging without saving.

Who may open which page is decided by `roles.ROUTE_PERMISSIONS` when the app is built, never here:
each handler finds its user in ``request.state.principal`` (and POSTs were checked for their origin
there too). A new login token or enrolment code is shown exactly once, on the page that made it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from syncsystem.datacenter import live, rendering, wording
from syncsystem.datacenter.auth import Principal, utc
from syncsystem.datacenter.errors import ConflictError, NotFoundError, RefusedError
from syncsystem.datacenter.listing import ORDERS, STALE_AFTER, Listing, pager
from syncsystem.datacenter.refusals import PAGE, shown
from syncsystem.datacenter.roles import LESEND, ROLE_NAMES, ROLES, form_fields, may_update
from syncsystem.datacenter.store import mandanten_list, nightly, tenancy, users
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.numerals import whole
from syncsystem.protocol.messages import ProtocolError, check_id
from syncsystem.protocol.reports import CHECK_PARTS

__all__ = ["forbidden", "routes"]

_NOTICES = {
    "rolle": mc.DC_USER_ROLE_CHANGED(),
    "automatisch": mc.DC_USER_AUTO_SAVED(),
    "gesperrt": mc.DC_USER_DEACTIVATED(),
    "nacht": mc.DC_NIGHTLY_SAVED(),
    "nacht-alle": mc.DC_NIGHTLY_ALL_SAVED(),
    "nacht-keine": mc.DC_NIGHTLY_NONE_SAVED(),
    "nacht-mitgenommen": mc.DC_NIGHTLY_CARRIED(),
}
_NIGHTLY_NOTICES = ("nacht", "nacht-alle", "nacht-keine", "nacht-mitgenommen")
_SETTINGS = "/einstellungen"


def _notice(request: Request, *only: str) -> str | None:
    """The notice a redirect named in its URL (``?notice=rolle``), of those this page shows."""
    key = request.query_params.get("notice", "")
    known = _NOTICES.get(key) if key in only else None
    return known.text(PAGE) if known else None


def _me(request: Request) -> Principal:
    who: Principal = request.state.principal
    return who


def _page(request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    ctx, who = request.app.state.dc, _me(request)
    with ctx.store.read() as conn:
        scope = OfficeScope(conn, who)
        office, name = scope.identity()
        newest = scope.last_updated()
    html = rendering.template(template).render(
        office=office,
        advisor=name,
        zuletzt=live.last_updated([newest], ctx.clock.tz),  # top right on every page, as on the overview
        uhr=live.clock_text(ctx),
        role=who.role,
        role_name=ROLE_NAMES.get(who.role, who.role),
        roles=[(r, ROLE_NAMES[r]) for r in ROLES],
        base_url=str(request.base_url).rstrip("/"),
        **values,
    )
    return HTMLResponse(html, status_code=status)


def forbidden(who: Principal) -> HTMLResponse:
    """The page a user sees where their role does not reach (403)."""
    refusal = mc.DC_FORBIDDEN_PAGE(role=ROLE_NAMES.get(who.role, who.role)).text(PAGE)
    return rendering.refusal_page(403, refusal)


# --- Benutzer ------------------------------------------------------------------------------------
def _user_rows(request: Request) -> list[dict[str, Any]]:
    ctx, who = request.app.state.dc, _me(request)
    with ctx.store.read() as conn:
        rows = users.list_users(conn, who.office_id)
    return [
        {
            "id": r.id,
            "name": r.name,
            "email": r.email,
            "role": r.role,
            "role_name": ROLE_NAMES.get(r.role, r.role),
            "auto": bool(r.auto_update),
            "auto_effective": bool(r.auto_update) and may_update(r.role),
            "active": r.revoked_at is None,
            "last_login": r.last_login_on.strftime("%d.%m.%Y") if r.last_login_on else "–",
            "me": r.id == who.id,
        }
        for r in rows
    ]


def _users_page(request: Request, status: int = 200, **values: Any) -> HTMLResponse:
    notice = values.pop("notice", None) or _notice(request, "rolle", "automatisch", "gesperrt")
    # a new user starts with the least role: Administrator is a choice, never a default
    new_role = (values.get("form") or {}).get("role") or LESEND
    rows = _user_rows(request)
    return _page(request, "benutzer.html", status, users=rows, notice=notice, new_role=new_role, **values)


def list_page(request: Request) -> Response:
    return _users_page(request)


async def create(request: Request) -> Response:
    form = await form_fields(request)
    values = {k: str(form.get(k, "")).strip() for k in ("name", "email", "role")}
    auto = form.get("auto") == "1"
    ctx, who = request.app.state.dc, _me(request)

    def work() -> Response:
        try:
            with ctx.store.write() as conn:
                user_id, token = users.create_user(
                    conn, who.office_id, **values, auto_update=auto, now=ctx.clock.now()
                )
        except users.FormError as exc:
            typed = {**values, "auto": auto}  # the ticked box comes back with the typed text
            at = {field: said.text(PAGE) for field, said in exc.fields.items()}  # shown at each field
            summary = " ".join(at.values())  # above the form as well: every refused field, in order
            return _users_page(request, 400, error=summary, field_errors=at, form=typed)
        shown = {"name": values["name"], "token": token, "user_id": user_id}
        return _users_page(request, notice=mc.DC_USER_CREATED(name=values["name"]).text(PAGE), token=shown)

    return await run_in_threadpool(work)


def _user_id(request: Request) -> str:
    return check_id(request.path_params["user_id"], "Benutzer")


async def _act(request: Request, notice: str, act: Any) -> Response:
    """Run ``act(conn, office_id, user_id, form)`` in one transaction; refusals are shown on the page."""
    form = await form_fields(request)
    ctx, who = request.app.state.dc, _me(request)

    def work() -> Response:
        try:
            user_id = _user_id(request)
            with ctx.store.write() as conn:
                act(conn, who.office_id, user_id, form)
        except (ConflictError, NotFoundError, ProtocolError, users.FormError) as exc:
            said = mc.DC_USER_UNKNOWN() if isinstance(exc, (NotFoundError, ProtocolError)) else exc.message
            text = said.text(PAGE) if said else str(exc)
            return _users_page(request, 409 if isinstance(exc, ConflictError) else 400, error=text)
        return RedirectResponse(f"/benutzer?notice={notice}", status_code=303)

    return await run_in_threadpool(work)


async def change_role(request: Request) -> Response:
    def act(conn: Any, office: str, uid: str, form: Any) -> None:
        users.set_role(conn, office, uid, str(form.get("role", "")))

    return await _act(request, "rolle", act)


async def change_auto(request: Request) -> Response:
    def act(conn: Any, office: str, uid: str, form: Any) -> None:
        users.set_auto_update(conn, office, uid, form.get("auto") == "1")

    return await _act(request, "automatisch", act)


async def deactivate(request: Request) -> Response:
    now = request.app.state.dc.clock.now()

    def act(conn: Any, office: str, uid: str, form: Any) -> None:
        users.deactivate(conn, office, uid, now)

    return await _act(request, "gesperrt", act)


async def new_token(request: Request) -> Response:
    await form_fields(request)
    ctx, who = request.app.state.dc, _me(request)

    def work() -> Response:
        try:
            user_id = _user_id(request)
            with ctx.store.write() as conn:
                name = users.user(conn, who.office_id, user_id).name
                token = users.new_login_token(conn, who.office_id, user_id, ctx.clock.now())
        except (NotFoundError, ProtocolError):
            return _users_page(request, 400, error=mc.DC_USER_UNKNOWN_ACTIVE().text(PAGE))
        shown = {"name": name, "token": token, "user_id": user_id}
        notice = mc.DC_USER_NEW_TOKEN(name=name).text(PAGE)
        return _users_page(request, notice=notice, token=shown)

    return await run_in_threadpool(work)


# --- Mein Zugang ---------------------------------------------------------------------------------
def _konto(request: Request, notice: str | None = None) -> HTMLResponse:
    ctx, who = request.app.state.dc, _me(request)
    with ctx.store.read() as conn:
        me = users.user(conn, who.office_id, who.id)
    return _page(
        request,
        "konto.html",
        me={"name": me.name, "email": me.email, "auto": bool(me.auto_update)},
        effective=may_update(who.role),
        notice=notice,
    )


def konto(request: Request) -> Response:
    return _konto(request, _notice(request, "automatisch"))


async def konto_auto(request: Request) -> Response:
    form = await form_fields(request)
    ctx, who = request.app.state.dc, _me(request)

    def work() -> None:
        with ctx.store.write() as conn:
            users.set_auto_update(conn, who.office_id, who.id, form.get("auto") == "1")

    await run_in_threadpool(work)
    return RedirectResponse("/konto?notice=automatisch", status_code=303)


# --- Einstellungen -------------------------------------------------------------------------------
def _settings_page(request: Request, status: int = 200, **values: Any) -> HTMLResponse:
    """Agents, the enrolment code and the nightly choice: one page of the office's Mandanten (the
    overview's `Listing` from the URL — search, order, 50 a page) and how many are ticked in all."""
    ctx, who = request.app.state.dc, _me(request)
    wanted, stale_before = Listing.of(request.query_params), ctx.clock.now() - STALE_AFTER
    with ctx.store.read() as conn:
        scope = OfficeScope(conn, who)
        agents = scope.agents()
        figures, _ = mandanten_list.figures(scope, wanted.search, stale_before)
        listing = wanted.within(figures.matching)
        found = mandanten_list.page_rows(scope, listing, stale_before)
        count = nightly.ticked(conn, who.office_id)
    rows = [{"id": r.mandant, "name": r.name, "nightly": bool(r.nightly)} for r in found]
    tz = ctx.clock.tz
    shown = [
        {
            "id": a.id,
            "name": a.name,
            "seen": wording.moment(utc(a.last_seen_at), tz),
            "doctor_at": wording.moment(utc(a.doctor_at), tz, never=""),
            "doctor": _checks(a.doctor_result),
        }
        for a in agents
    ]
    total = wording.count(figures.total)
    summary = (
        mc.DC_NIGHTLY_TICKED(count=wording.count(count), total=total)
        if count
        else mc.DC_NIGHTLY_NONE_TICKED(total=total)
    )
    notice = values.pop("notice", None) or _notice(request, *_NIGHTLY_NOTICES)
    return _page(
        request,
        "einstellungen.html",
        status,
        agents=shown,
        mandanten=rows,
        notice=notice,
        listing=listing,
        orders=ORDERS.items(),
        figures=figures,
        pager=pager(listing, figures, _SETTINGS),
        view_query=listing.query(),
        ticked=summary.text(PAGE) if figures.total else "",
        **values,
    )


def _checks(stored: str | None) -> list[dict[str, Any]]:
    """The agent's last doctor checks as stored (JSON list); none when it never reported."""
    if not stored:
        return []
    try:
        checks = json.loads(stored)
    except ValueError:
        return []
    return [_worded(c) for c in checks if isinstance(c, dict)] if isinstance(checks, list) else []


def _worded(check: dict[str, Any]) -> dict[str, Any]:
    """A check for the page: each part in German from its codes where the agent sent them (and this
    datacenter knows them), else in the agent's words as sent."""
    sent = check.get("codes")
    codes: dict[str, Any] = sent if isinstance(sent, dict) else {}
    german = {
        part: shown(str(check.get(part) or ""), json.dumps(codes[part]))
        for part in CHECK_PARTS
        if isinstance(codes.get(part), dict)
    }
    return {**check, **german}


def settings_page(request: Request) -> Response:
    return _settings_page(request)


async def new_enrolment(request: Request) -> Response:
    """ "Neuen Zugang erstellen": a single-use enrolment code of the office (not of this user)."""
    await form_fields(request)
    ctx, who = request.app.state.dc, _me(request)

    def work() -> Response:
        with ctx.store.write() as conn:
            code = tenancy.create_enrolment_code(conn, who.office_id, ctx.clock.now())
        return _settings_page(request, code=code)

    return await run_in_threadpool(work)


async def choose_nightly(request: Request) -> Response:
    """Save the nightly choice of the page the form showed (``gezeigt``: its Mandanten), leaving the
    other pages' ticks alone; "Alle auswählen" / "Keinen auswählen" (``alle`` = 1 / 0) set the whole
    office. A form without ``gezeigt`` (from before the page had pages) names the whole choice.
    A pager or search button (``blaettern``) saves the page the same way, then shows the view it
    asked for, with a notice only when a tick had changed."""
    form = await form_fields(request)
    ids = [str(x) for x in form.getlist("nacht")]
    shown = [str(x) for x in form.getlist("gezeigt")]
    everyone = str(form.get("alle", ""))
    ctx, who = request.app.state.dc, _me(request)
    here = Listing.of(request.query_params)
    going = _moved_to(here, form) if everyone not in ("0", "1") else None

    def work() -> Response:
        changed = 0
        try:
            with ctx.store.write() as conn:
                if everyone in ("0", "1"):
                    nightly.choose_all(conn, who.office_id, ticked=everyone == "1")
                elif shown:
                    changed = nightly.choose_among(conn, who.office_id, shown, ids)
                else:
                    nightly.choose(conn, who.office_id, ids)
        except RefusedError as exc:
            return _settings_page(request, 422, error=mc.DC_NIGHTLY_REFUSED(reason=exc.reason).text(PAGE))
        if going is None:
            notice = {"1": "nacht-alle", "0": "nacht-keine"}.get(everyone, "nacht")
        else:  # moved on: say so only when the page's ticks had changed
            notice = "nacht-mitgenommen" if changed else ""
        view = (going or here).params()
        query = urlencode({**view, "notice": notice} if notice else view)
        return RedirectResponse(f"{_SETTINGS}?{query}" if query else _SETTINGS, status_code=303)

    return await run_in_threadpool(work)


def _moved_to(here: Listing, form: Any) -> Listing | None:
    """The view a pager or search button of the nightly form asks for (``blaettern``: a page number,
    "suche" with the form's search and order, "alle-zeigen"); None for the save buttons (stay)."""
    where = str(form.get("blaettern", ""))
    if where == "suche":
        asked = {key: str(form.get(key, "")) for key in ("suche", "sortierung")}
        return Listing.of(asked)
    if where == "alle-zeigen":
        return replace(here, search="", page=1)
    page = whole(where, 6)
    return replace(here, page=page) if page else None


routes = [
    Route("/konto", konto, methods=["GET"]),
    Route("/konto/automatisch", konto_auto, methods=["POST"]),
    Route("/benutzer", list_page, methods=["GET"]),
    Route("/benutzer", create, methods=["POST"]),
    Route("/benutzer/{user_id}/rolle", change_role, methods=["POST"]),
    Route("/benutzer/{user_id}/automatisch", change_auto, methods=["POST"]),
    Route("/benutzer/{user_id}/sperren", deactivate, methods=["POST"]),
    Route("/benutzer/{user_id}/zugang", new_token, methods=["POST"]),
    Route("/einstellungen", settings_page, methods=["GET"]),
    Route("/einstellungen/zugang", new_enrolment, methods=["POST"]),
    Route("/einstellungen/nacht", choose_nightly, methods=["POST"]),
]
