"""The advisor page's overview ("Mandanten"): what it reads and how it is rendered.

One write transaction reads what the page shows and no more: the header, one page of the Mandanten
table (`listing.Listing` from the URL: search, order, page — `store.mandanten_list.page_rows`), the
office-wide counts in one aggregate query (`mandanten_list.figures`: all, with an error, stale,
matching, newest data), the 20 newest requests and the agents. The rows reach the template already
formatted (Austrian numbers, local times, German error texts), so rendering is a loop over strings
of a template compiled at start (`rendering`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from syncsystem.datacenter import live, rendering, wording
from syncsystem.datacenter.api import dc
from syncsystem.datacenter.auth import Principal, utc
from syncsystem.datacenter.documents import mandant_json, request_json
from syncsystem.datacenter.listing import ORDERS, STALE_AFTER, Listing, figures_text, pager
from syncsystem.datacenter.refusals import PAGE, code_of, problem_view, shown
from syncsystem.datacenter.roles import ROLE_NAMES, may_update
from syncsystem.datacenter.store import mandanten_list, sessions
from syncsystem.datacenter.store.scoped import OfficeScope, listed
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import ProtocolError, check_id

__all__ = ["MAX_PROBLEMS", "MandantRow", "RequestRow", "live_request", "render", "render_session"]

_MODES = {"full": mc.DC_LIVE_MODE_FULL, "incremental": mc.DC_LIVE_MODE_INCREMENTAL}
_OPEN = ("waiting", "picked_up", "uploaded")
# At most this many problems of a refused upload are listed; the rest are counted.
MAX_PROBLEMS = 200
# A longer error text is folded (<details>) after its first 200 characters.
_FOLD = 220
# A request for more Mandanten than this names the first of them and counts the rest (here and in the
# confirmation after "Alle aktualisieren").
NAMED = 20
_BADGES = {"ingested": "ok", "failed": "err"}


def _agent_view(row: Any, now: datetime, poll_seconds: int, tz: tzinfo) -> dict[str, Any]:
    """An agent for the page: when it last polled, and a warning after two missed poll intervals."""
    seen = utc(row.last_seen_at)
    late = seen is None or (now - seen).total_seconds() > 2 * poll_seconds
    return {"id": row.id, "name": row.name, "seen": wording.moment(seen, tz), "late": late}


def _pending(reqs: Sequence[dict[str, Any]]) -> dict[str, str]:
    """A Mandant with an open request shows its state ("wartet", "abgeholt", …) until data arrives."""
    pending: dict[str, str] = {}
    for req in reversed(reqs):
        for mandant in req["mandanten"]:
            if req["state"] in _OPEN:
                pending[mandant] = wording.STATES[req["state"]]
            else:
                pending.pop(mandant, None)
    return pending


@dataclass(frozen=True, slots=True)
class MandantRow:
    """One Mandant's table row, every cell already in its words. (Jinja reads an attribute of an
    object at once; of a dict only after a failed attribute lookup — per cell of every row.)"""

    mandant: str
    name: str
    error: str
    error_short: str  # the first 200 characters of a long error, else ""
    import_refused: bool  # the error is a refused manual import: the stored data is unchanged
    pending: str | None
    updated: bool
    when: str
    zeilen: str
    dauer: str
    groesse: str


@dataclass(frozen=True, slots=True)
class RequestRow:
    """One row of "Anforderungen" in its words (a request for many Mandanten names the first 20)."""

    request_id: str
    mandanten: str
    mode_de: str
    state_de: str
    badge: str
    when: str
    finished: str
    reason_de: str


def _row(row: Any, pending: Mapping[str, str], tz: tzinfo) -> MandantRow:
    values = mandant_json(row)
    error = shown(row.last_error, row.last_error_detail) if row.last_error else ""
    return MandantRow(
        mandant=values["mandant"],
        name=values["name"],
        error=error,
        error_short=error[:200] if len(error) > _FOLD else "",
        import_refused=bool(error) and code_of(row.last_error_detail) == mc.REFUSAL_MANUAL.name,
        pending=pending.get(values["mandant"]),
        updated=values["last_updated"] is not None,
        when=wording.moment(values["last_updated"], tz),
        zeilen=wording.count(values["rows_fetched"]),
        dauer=wording.duration(values["duration_seconds"]),
        groesse=wording.size(values["bundle_size"]),
    )


def _request_row(req: Mapping[str, Any], row: Any, tz: tzinfo) -> RequestRow:
    return RequestRow(
        request_id=req["request_id"],
        mandanten=", ".join(req["mandanten"])
        if len(req["mandanten"]) <= NAMED
        else listed(req["mandanten"], NAMED),
        mode_de=_MODES[req["mode"]]().text("de") if req["mode"] in _MODES else req["mode"],
        state_de=wording.STATES.get(req["state"], req["state"]),
        badge=_BADGES.get(req["state"], "info"),
        when=wording.moment(req["created_at"], tz),
        finished=wording.moment(req["finished_at"], tz, never=""),
        reason_de=shown(row.reason, row.reason_detail) if row.reason else "",
    )


def live_request(request: Request) -> str | None:
    """The request whose live log the page shows (carried in the redirect after "Jetzt aktualisieren")."""
    wanted = request.query_params.get("anforderung", "")
    try:
        return check_id(wanted, "Anforderung") if wanted else None
    except ProtocolError:
        return None


def render_session(request: Request, session_id: str, *, notice: str | None = None) -> HTMLResponse | None:
    """The overview for the advisor of a live session, looked up in the page's own transaction (one
    BEGIN and COMMIT fewer per view); None when the session is not live (ended, expired, unknown)."""
    return _render(request, session_id, notice=notice)


def render(
    request: Request,
    advisor: Principal,
    *,
    notice: str | None = None,
    error: str | None = None,
    problems: Sequence[Problem] = (),
    form: Mapping[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The overview for the view its URL asks for (``?suche=…&sortierung=…&seite=…``)."""
    page = _render(request, advisor, notice=notice, error=error, problems=problems, form=form, status=status)
    assert page is not None  # an advisor given is an advisor found
    return page


def _render(
    request: Request,
    who: Principal | str,
    *,
    notice: str | None = None,
    error: str | None = None,
    problems: Sequence[Problem] = (),
    form: Mapping[str, str] | None = None,
    status: int = 200,
) -> HTMLResponse | None:
    ctx = dc(request)
    now, tz = ctx.clock.now(), ctx.clock.tz
    wanted, stale_before = Listing.of(request.query_params), now - STALE_AFTER
    with ctx.store.write() as conn:
        advisor = sessions.session_advisor(conn, who, now) if isinstance(who, str) else who
        if advisor is None:
            return None
        ctx.watchers.saw(advisor.office_id, ctx.clock.monotonic())  # the agent polls fast while we watch
        scope = OfficeScope(conn, advisor)
        scope.expire_stale(now)
        office, advisor_name = scope.identity()
        figures, newest = mandanten_list.figures(scope, wanted.search, stale_before)
        listing = wanted.within(figures.matching)
        found = mandanten_list.page_rows(scope, listing, stale_before)
        asked = [(request_json(r), r) for r in scope.requests(20)]
        agents = [_agent_view(r, now, ctx.settings.poll_seconds, tz) for r in scope.agents()]
    pending = _pending([req for req, _ in asked])
    html = rendering.template("overview.html").render(
        office=office,
        office_id=advisor.office_id,
        advisor=advisor_name,
        mandanten=[_row(r, pending, tz) for r in found],
        listing=listing,
        orders=ORDERS.items(),
        figures=figures,
        figures_text=figures_text(figures),
        pager=pager(listing, figures),
        view_query=listing.query(),
        requests=[_request_row(req, row, tz) for req, row in asked],
        agents=agents,
        notice=notice,
        error=error,
        problems=[problem_view(p) for p in problems[:MAX_PROBLEMS]],
        more_problems=max(0, len(problems) - MAX_PROBLEMS),
        form=form or {},
        zone=wording.zone_name(now, tz),
        zuletzt=live.last_updated([newest], tz),
        live_request=live_request(request),
        uhr=live.clock_text(ctx),
        role=advisor.role,
        role_name=ROLE_NAMES.get(advisor.role, advisor.role),
        may_update=may_update(advisor.role),
        no_agent=None if agents else mc.DC_REQ_NO_AGENT().text(PAGE),  # the server would refuse
    )
    return HTMLResponse(html, status_code=status)
