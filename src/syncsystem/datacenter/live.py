"""The advisor's live log of one sync request ("Jetzt aktualisieren" ⇒ watch it happen).

``GET /live/{request_id}`` answers the page's script (it asks once a second, no page reload) with
the request's steps in German: created, picked up by the agent, each Mandant's BMD export started
and finished (rows, BMD's own time), uploaded (bytes), ingested — then budget123's status line,
how many *transactions* (booking lines, not rows of every file) were fetched and how long it took.
A failure is worded from the catalogue with the next step (licence expired, database locked, agent
offline since …). Each answer also tells the datacenter that an advisor of the office watches, so
the poll answer asks the agent to come back within seconds (`context.WatchTracker`). Without a
session `roles.guard_routes` answers first (`roles.SCRIPT_PATHS`): the script gets a JSON 401 and
sends the browser to the login, a browser that opens the address itself is redirected there.

`log_view` is pure (request row, its events, the office's agents, now, zone); the route is its shell.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from syncsystem import messages
from syncsystem.datacenter import wording
from syncsystem.datacenter.auth import Principal, utc
from syncsystem.datacenter.refusals import shown
from syncsystem.datacenter.store import mandanten_list
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import check_id

__all__ = ["failure", "heartbeat", "last_updated", "log_view", "route"]

PAGE = "de"
_MODES = {"full": mc.DC_LIVE_MODE_FULL(), "incremental": mc.DC_LIVE_MODE_INCREMENTAL()}
# What an older agent's export failures say (`agent.exporter`), all it sends: "export of Mandant 1001
# failed (exit 3, licence): …" from a command, "export of Mandant 1001 failed (licence): …" in process.
_EXPORT_FAILED = re.compile(r"export of Mandant (?P<mandant>\S+) failed \((?:exit -?\d+, )?(?P<reason>\w+)\)")
# A newer agent sends the same failures as codes (the detail) whose values name Mandant and kind.
_EXPORT_FAILED_CODES = frozenset({mc.AG_EXPORT_EXIT.name, mc.AG_EXPORT_BMD_FAILED.name})
_FAILURES = {
    "licence": mc.LIVE_FAIL_LICENCE,
    "locked": mc.LIVE_FAIL_LOCKED,
    "password": mc.LIVE_FAIL_PASSWORD,
    "clock": mc.LIVE_FAIL_CLOCK,
}


def _export_values(detail: str | None) -> dict[str, Any]:
    """The values of a detail (JSON) that says a failed export; none for any other detail."""
    try:
        said = json.loads(detail or "null")
    except ValueError:
        return {}
    if not isinstance(said, dict) or said.get("code") not in _EXPORT_FAILED_CODES:
        return {}
    values = said.get("values")
    return values if isinstance(values, dict) else {}


def _export_failed(reason: str, detail: str | None) -> tuple[str, str] | None:
    """The Mandant and the kind (licence, locked …) of a failed export: from the detail's values
    (a newer agent), else from the words (an older agent's, or a detail this version cannot read)."""
    values = _export_values(detail)
    mandant, kind = values.get("mandant"), values.get("kind")
    if isinstance(mandant, str) and isinstance(kind, str):
        return mandant, kind
    found = _EXPORT_FAILED.search(reason)
    return (found["mandant"], found["reason"]) if found else None


def failure(reason: str, detail: str | None = None) -> str:
    """A failed request's reason in plain German with the next step (from the catalogue); ``detail``
    is the reason as codes (JSON) where the agent sent them."""
    found = _export_failed(reason, detail)
    if found and found[1] in _FAILURES:
        return _FAILURES[found[1]](mandant=found[0]).text(PAGE)
    return mc.LIVE_FAIL_OTHER(text=shown(reason, detail).rstrip(".") or "?").text(PAGE)


def last_updated(moments: Sequence[Any], tz: tzinfo, lang: str = PAGE) -> str:
    """ "Zuletzt aktualisiert: …" for the page's top right — the newest of the Mandanten's times (in
    ``lang``: the page's German, or the CLI's language for `datacenter status`)."""
    known = [
        m
        for m in (utc(datetime.fromisoformat(x) if isinstance(x, str) else x) for x in moments)
        if m is not None
    ]
    newest = wording.moment(max(known) if known else None, tz, never=mc.DC_STATUS_NEVER().text(lang))
    return mc.LIVE_LAST_UPDATED(moment=newest).text(lang)


def clock_text(ctx: Any) -> str | None:
    """ "Simulierte Zeit: Mo 27.03.2026 10:15" when the datacenter runs on the demo's moving clock."""
    if not ctx.settings.show_clock:
        return None
    now = ctx.clock.now().astimezone(ctx.clock.tz)
    return mc.DC_CLOCK_SIMULATED(day=messages.short_day(now.date(), PAGE), time=f"{now:%H:%M}").text(PAGE)


def _line(at: datetime | None, tz: tzinfo, kind: str, message: Message | str) -> dict[str, str]:
    text = message if isinstance(message, str) else message.text(PAGE)
    return {"at": "" if at is None else f"{at.astimezone(tz):%H:%M:%S}", "kind": kind, "text": text}


def _seconds(value: Any) -> str:
    return "unbekannt" if value is None else wording.duration(float(value))


def _event_line(kind: str, mandant: str | None, data: dict[str, Any]) -> Message | None:
    if kind == "export_started":
        return mc.LIVE_EXPORT_STARTED(mandant=mandant or "?")
    if kind == "export_finished":
        return mc.LIVE_EXPORT_FINISHED(
            mandant=mandant or "?",
            rows=wording.count(data.get("rows")),
            seconds=_seconds(data.get("seconds")),
        )
    if kind == "export_failed":  # worded from the codes where the agent sent them, else its words
        codes = data.get("detail")
        why = failure(str(data.get("reason") or ""), json.dumps(codes) if isinstance(codes, dict) else None)
        return mc.LIVE_EXPORT_FAILED(mandant=mandant or "?", reason=why)
    if kind == "uploaded":
        return mc.LIVE_UPLOADED(size=wording.size(data.get("bytes")))
    if kind == "ingested":
        return mc.LIVE_INGESTED(rows=wording.count(data.get("rows")))
    return None


def _agent_offline(agents: Sequence[Any], now: datetime, poll_seconds: int, tz: tzinfo) -> Message | None:
    """Why a waiting request may wait long: no agent, or none seen for two poll intervals."""
    if not agents:
        return mc.LIVE_NO_AGENT()
    seen = [s for s in (utc(a.last_seen_at) for a in agents) if s is not None]
    newest = max(seen) if seen else None
    if newest is None or (now - newest).total_seconds() > 2 * poll_seconds:
        return mc.LIVE_AGENT_OFFLINE(since=wording.moment(newest, tz))
    return None


def log_view(
    req: Any, events: Sequence[Any], agents: Sequence[Any], now: datetime, *, tz: tzinfo, poll_seconds: int
) -> dict[str, Any]:
    """The live log of request ``req`` (a `sync_requests` row) for the page's script, as JSON."""
    created, picked, finished = utc(req.created_at), utc(req.picked_up_at), utc(req.finished_at)
    mandanten = json.loads(req.mandanten)
    lines = [
        _line(
            created,
            tz,
            "created",
            mc.LIVE_CREATED(mandanten=", ".join(mandanten), mode=_MODES.get(req.mode, req.mode)),
        )
    ]
    if picked is not None:
        lines.append(_line(picked, tz, "picked_up", mc.LIVE_PICKED_UP()))
    transactions: int | None = None
    for row in events:
        if row.kind == "export_failed" and req.state == "failed":
            continue  # the last line says why, once
        data = json.loads(row.data or "{}")
        said = _event_line(row.kind, row.mandant, data)
        if said is not None:
            lines.append(_line(utc(row.at), tz, row.kind, said))
        if row.kind == "ingested":
            transactions = data.get("transactions")
    summary = None
    if req.state == "waiting":
        offline = _agent_offline(agents, now, poll_seconds, tz)
        lines.append(_line(None, tz, "hint" if offline is None else "problem", offline or mc.LIVE_WAITING()))
    elif req.state == "failed":
        lines.append(
            _line(finished, tz, "failed", mc.LIVE_FAILED(reason=failure(req.reason or "", req.reason_detail)))
        )
    elif req.state == "ingested" and created is not None and finished is not None:
        took = wording.duration(max(0.0, (finished - created).total_seconds()))
        summary = mc.LIVE_DONE(transactions=wording.count(transactions), duration=took).text(PAGE)
    return {
        "request_id": req.id,
        "state": req.state,
        "state_de": wording.STATES.get(req.state, req.state),
        "done": req.state in ("ingested", "failed"),
        "lines": lines,
        "summary": summary,
        "transactions": transactions,
        "finished": wording.moment(finished, tz, never=""),
    }


def route(advisor_of: Callable[[Request], Principal | None]) -> Route:
    """``GET /live/{request_id}`` for the advisor of the request's session (``advisor_of``: the
    page's session check, handed in by `datacenter.pages`)."""

    async def live(request: Request) -> Response:
        return await run_in_threadpool(_answer, request, advisor_of)

    return Route("/live/{request_id}", live, methods=["GET"])


def heartbeat(advisor_of: Callable[[Request], Principal | None]) -> Route:
    """``GET /live``: the open overview page says once a minute that an advisor watches (and reads
    the demo's simulated time, ``{"uhr": …}``, every two seconds when it is shown)."""

    def beat(request: Request) -> Response:
        advisor = advisor_of(request)
        assert advisor is not None  # `roles.guard_routes` answered a request without a session
        ctx = request.app.state.dc
        ctx.watchers.saw(advisor.office_id, ctx.clock.monotonic())
        return JSONResponse({"uhr": clock_text(ctx)}, headers={"Cache-Control": "no-store"})

    async def live(request: Request) -> Response:
        return await run_in_threadpool(beat, request)

    return Route("/live", live, methods=["GET"])


def _answer(request: Request, advisor_of: Callable[[Request], Principal | None]) -> Response:
    request_id = check_id(request.path_params["request_id"], "request id")
    ctx = request.app.state.dc
    advisor = advisor_of(request)
    assert advisor is not None  # `roles.guard_routes` answered a request without a session
    ctx.watchers.saw(advisor.office_id, ctx.clock.monotonic())
    now = ctx.clock.now()
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, advisor)
        scope.expire_stale(now)
        req = scope.request(request_id)
        view = log_view(
            req,
            scope.events(request_id),
            scope.agents(),
            now,
            tz=ctx.clock.tz,
            poll_seconds=ctx.settings.poll_seconds,
        )
        asked = json.loads(req.mandanten)
        rows = {r.mandant: r for r in mandanten_list.named(scope, asked)}
        newest = scope.last_updated()
    view["mandanten"] = {
        m: {
            "zuletzt": wording.moment(utc(rows[m].last_updated), ctx.clock.tz),
            "zeilen": wording.count(rows[m].rows_fetched),
        }
        for m in asked
        if m in rows
    }
    view["zuletzt"] = last_updated([newest], ctx.clock.tz)
    view["uhr"] = clock_text(ctx)
    return JSONResponse(view, headers={"Cache-Control": "no-store"})
