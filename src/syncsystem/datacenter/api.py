"""The JSON API: the agent's endpoints (enrol, poll, pickup, fail, bundle upload, report of a bundle
set aside, token rotation) and the advisor's (Mandanten, sync requests, enrolment codes, manual
import, agent revocation).

Handlers are thin: authenticate (`principal`), open an `OfficeScope`, call the store or the ingest,
return JSON. Errors are raised, never turned into responses here — `app.py` maps them in one place.
Blocking work runs in Starlette's thread pool (sync endpoints, or `run_in_threadpool`).
"""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Message

from syncsystem.datacenter import refusals
from syncsystem.datacenter.auth import (
    Principal,
    authenticate_advisor,
    authenticate_agent,
    bearer_token,
    hash_token,
)
from syncsystem.datacenter.context import Datacenter
from syncsystem.datacenter.documents import mandant_doc, request_json
from syncsystem.datacenter.errors import AuthError, RefusedError, TooLargeError
from syncsystem.datacenter.ingest import import_files, ingest_bundle
from syncsystem.datacenter.ingest.opening import record_refusal
from syncsystem.datacenter.store import mandanten_list, poll_path, tenancy
from syncsystem.datacenter.store.scoped import FINAL_STATES, OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.numerals import content_length
from syncsystem.protocol import messages as m
from syncsystem.protocol import reports

__all__ = ["read_body", "routes"]


def dc(request: Request) -> Datacenter:
    return request.app.state.dc  # type: ignore[no-any-return]


def principal(request: Request, kind: str) -> Principal:
    """Authenticate the bearer token as an agent or an advisor (the office scope comes from here);
    an advisor's route was checked by `roles.guard_routes` already, which left the user here."""
    known: Principal | None = getattr(request.state, "principal", None)
    if kind == "advisor" and known is not None:
        return known
    token = bearer_token(request.headers.get("authorization"))
    ctx = dc(request)
    digest = hash_token(token) if kind == "agent" else ""  # the cache's key: one hash per request
    if kind == "agent":
        cached = ctx.agent_cache.get(digest, ctx.clock.monotonic())
        if cached is not None:
            return cached
    with ctx.store.single_read() as conn:
        if kind == "agent":
            agent = authenticate_agent(conn, token, ctx.clock.now())
            ctx.agent_cache.put(digest, agent, ctx.clock.monotonic())
            return agent
        return authenticate_advisor(conn, token)


async def agent_of(request: Request) -> Principal:
    """The calling agent: a token verified within the cache's lifetime is answered on the event loop
    (one hash and a dict lookup — cheaper than the hop to the thread pool and back), any other goes
    to `principal` in the thread pool."""
    ctx = dc(request)
    token = bearer_token(request.headers.get("authorization"))
    cached = ctx.agent_cache.get(hash_token(token), ctx.clock.monotonic())
    return cached if cached is not None else await run_in_threadpool(principal, request, "agent")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it exceeds ``limit`` bytes."""
    size = content_length(request.headers.get("content-length"))
    if size is not None and size > limit:
        raise TooLargeError(mc.DC_BODY_TOO_LARGE(size=size, limit=limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLargeError(mc.DC_BODY_OVER(limit=limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _json(data: bytes) -> Any:
    """A request body as strict JSON (`syncsystem.protocol.messages.loads`: no NaN, no Infinity)."""
    return m.loads(data or b"null")


# --- agent ---------------------------------------------------------------------------------------
async def enrol(request: Request) -> JSONResponse:
    body = m.EnrolRequest.from_json(_json(await read_body(request, 4096)))
    ctx = dc(request)

    def work() -> tenancy.Enrolment:
        with ctx.store.write() as conn:
            done = tenancy.enrol(
                conn,
                body.code,
                body.name,
                ctx.clock.now(),
                agent_id=body.agent_id,
                lifetime=ctx.settings.token_lifetime,
            )
            who = Principal("agent", done.agent_id, done.office_id)
            OfficeScope(conn, who).ensure_mandanten(sorted(set(body.mandanten)))
            return done

    done = await run_in_threadpool(work)
    ctx.agent_cache.clear()  # an agent enrolling again: its earlier tokens stopped working
    answer = m.EnrolResponse(done.agent_id, done.token, done.office_id, ctx.public_key, done.expires_at)
    return JSONResponse(answer.to_json())


async def poll(request: Request) -> JSONResponse:
    """The hot path: token check, waiting-requests lookup and (on SQLite, when no writer holds the
    lock) the last-seen write as prepared statements on the event loop itself, all three on one
    connection (`store.poll_path.poll_once`) — each is sub-millisecond, cheaper than a hop to the
    thread pool; a write that would have to wait goes to the thread pool. On PostgreSQL each statement
    is a round trip to another process, so the whole poll runs in the thread pool: on the event loop it
    would stall every other request of the worker (the uploads of the nightly wave) while PostgreSQL is
    busy (benchmarks/nightly_peak.py, docs/scaling.md)."""
    ctx = dc(request)
    token = bearer_token(request.headers.get("authorization"))
    now = ctx.clock.now()
    engine = ctx.store.engine
    digest = hash_token(token)
    known = ctx.agent_cache.get(digest, ctx.clock.monotonic())

    def due(agent: Principal) -> bool:
        return ctx.seen.due(agent.id, ctx.clock.monotonic())

    if ctx.store.dialect == "sqlite":
        agent, waiting, written = poll_path.poll_once(engine, token, now, known, due)
    else:
        agent, waiting, written = await run_in_threadpool(_poll_pooled, engine, token, now, known, due)
    if known is None:
        ctx.agent_cache.put(digest, agent, ctx.clock.monotonic())
    if not written:
        await run_in_threadpool(poll_path.touch_agent, engine, agent, now)
    fast = ctx.watchers.poll_hint(
        agent.office_id, ctx.clock.monotonic(), ctx.settings, waiting=bool(waiting), wall=now
    )
    chosen = poll_path.nightly_for(engine, agent.office_id)  # the advisor's nightly Mandanten
    answer = m.PollResponse(now, ctx.settings.poll_seconds, tuple(waiting), fast, chosen)
    return JSONResponse(answer.to_json())


def _poll_pooled(
    engine: Any, token: str, now: Any, known: Principal | None, due: Any
) -> tuple[Principal, list[Any], bool]:
    """`poll_path.poll_once` and, when due, the last-seen write, in one hop to the thread pool."""
    agent, waiting, written = poll_path.poll_once(engine, token, now, known, due)
    if not written:
        poll_path.touch_agent(engine, agent, now)
    return agent, waiting, True


def pickup(request: Request) -> JSONResponse:
    agent, ctx = principal(request, "agent"), dc(request)
    request_id = m.check_id(request.path_params["request_id"], "request id")
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, agent)
        scope.pickup(request_id, ctx.clock.now())
        state = scope.request(request_id).state
    return JSONResponse({"request_id": request_id, "state": state})


async def fail(request: Request) -> JSONResponse:
    agent, ctx = await agent_of(request), dc(request)
    request_id = m.check_id(request.path_params["request_id"], "request id")
    body = m.FailRequest.from_json(_json(await read_body(request, 16384)))
    # the reason as codes (newer agents), worded in German where the advisor reads it; the words stay
    # for an older agent's report and a code this datacenter does not know (`refusals.shown`)
    detail = json.dumps(body.detail, ensure_ascii=False) if body.detail else None

    def work() -> None:
        with ctx.store.write() as conn:
            OfficeScope(conn, agent).finish_request(
                request_id, "failed", ctx.clock.now(), reason=body.reason, detail=detail
            )

    await run_in_threadpool(work)
    return JSONResponse({"request_id": request_id, "state": "failed"})


async def upload(request: Request) -> JSONResponse:
    ctx = dc(request)
    agent = await agent_of(request)
    bundle_id = m.check_id(request.path_params["bundle_id"], "bundle id")
    request_id = request.headers.get(m.SYNC_REQUEST_HEADER)
    if request_id is not None:
        m.check_id(request_id, m.SYNC_REQUEST_HEADER)
    data = await read_body(request, ctx.settings.limits.max_bundle_bytes)
    if request_id is not None:  # the live log: received, before the (longer) ingest
        await run_in_threadpool(_received, ctx, agent, request_id, len(data))
    # on the uploads' own thread tokens, validated `Settings.ingests` at a time (the gate), a large one
    # in a lane of its own: a poll never waits for a thread behind uploads, nor for the GIL behind all
    # of them, and a small upload never for minutes behind large ones (docs/scaling.md)
    ack = await ctx.ingest_slots.run(
        len(data),
        ingest_bundle,
        ctx.store,
        agent,
        bundle_id,
        data,
        ctx.keys.for_bundle(data),
        clock=ctx.clock,
        request_id=request_id,
        limits=ctx.settings.limits,
    )
    return JSONResponse(ack.to_json())


async def progress(request: Request) -> JSONResponse:
    """Steps the agent made on a request (exports per Mandant, the upload): the advisor's live log."""
    agent, ctx = await agent_of(request), dc(request)
    request_id = m.check_id(request.path_params["request_id"], "request id")
    body = reports.ProgressReport.from_json(_json(await read_body(request, 65536)))
    figures = ("rows", "seconds", "bytes", "reason", "detail")  # kept in the event's JSON data
    steps = [
        (e.kind, e.mandant, json.dumps({k: v for k, v in e.to_json().items() if k in figures}))
        for e in body.events
    ]

    def work() -> int:
        with ctx.store.write() as conn:
            return OfficeScope(conn, agent).add_events(request_id, ctx.clock.now(), steps)

    return JSONResponse({"request_id": request_id, "recorded": await run_in_threadpool(work)})


def _received(ctx: Datacenter, agent: Principal, request_id: str, size: int) -> None:
    """The live log's "uploaded" step (404 for an unknown request, as the ingest would answer);
    a bundle sent again for a finished request adds nothing."""
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, agent)
        if scope.request(request_id).state not in FINAL_STATES:
            scope.add_events(request_id, ctx.clock.now(), [("uploaded", None, json.dumps({"bytes": size}))])


async def refused(request: Request) -> JSONResponse:
    """The agent set a bundle aside (the datacenter refused it for good): the reason goes where the
    advisor looks — each named Mandant's last error (listed first, also if never seen before) —,
    worded from the refusal's codes where the agent sent them, else in the agent's words."""
    agent, ctx = await agent_of(request), dc(request)
    bundle_id = m.check_id(request.path_params["bundle_id"], "bundle id")
    body = m.RefusedReport.from_json(_json(await read_body(request, 65536)))
    why = refusals.reported(body.reason, body.detail)
    head = mc.REFUSAL_SET_ASIDE(bundle_id=bundle_id, reason=why.said)

    def work() -> None:
        with ctx.store.write() as conn:
            OfficeScope(conn, agent).ensure_mandanten(sorted(set(body.mandanten)))
        record_refusal(ctx.store, agent, body.mandanten, None, head, why.problems, ctx.clock, more=why.more)

    await run_in_threadpool(work)
    return JSONResponse({"bundle_id": bundle_id, "state": "set_aside"})


async def doctor(request: Request) -> JSONResponse:
    """The agent's last ``agent doctor`` checks, kept for the office's Administrator (Einstellungen)."""
    agent, ctx = await agent_of(request), dc(request)
    body = reports.DoctorReport.from_json(_json(await read_body(request, 65536)))

    def work() -> None:
        with ctx.store.write() as conn:
            OfficeScope(conn, agent).record_doctor(json.dumps(body.to_json()["checks"]), ctx.clock.now())

    await run_in_threadpool(work)
    return JSONResponse({"agent_id": agent.id, "checks": len(body.checks)})


def rotate(request: Request) -> JSONResponse:
    agent, ctx = principal(request, "agent"), dc(request)
    with ctx.store.write() as conn:
        token, until, expires = tenancy.rotate_agent_token(
            conn,
            agent,
            ctx.clock.now(),
            timedelta(hours=ctx.settings.token_grace_hours),
            presented=bearer_token(request.headers.get("authorization")),
            lifetime=ctx.settings.token_lifetime,
        )
    ctx.agent_cache.clear()
    return JSONResponse(m.RotateResponse(token, until, expires).to_json())


# --- advisor -------------------------------------------------------------------------------------
def list_mandanten(request: Request) -> JSONResponse:
    advisor, ctx = principal(request, "advisor"), dc(request)
    with ctx.store.read() as conn:
        rows = mandanten_list.every(OfficeScope(conn, advisor))
    return JSONResponse({"mandanten": [mandant_doc(r) for r in rows]})


async def create_request(request: Request) -> JSONResponse:
    advisor, ctx = await run_in_threadpool(principal, request, "advisor"), dc(request)
    body = _json(await read_body(request, 65536))
    if not isinstance(body, dict) or not isinstance(body.get("mandanten"), list):
        raise m.ProtocolError(mc.DC_REQUEST_BODY())
    ids = [m.check_id(x, "mandanten[]") for x in body["mandanten"]]
    mode = body.get("mode", "incremental")

    def work() -> dict[str, Any]:
        with ctx.store.write() as conn:
            scope = OfficeScope(conn, advisor)
            return request_json(scope.request(scope.create_request(ids, mode, ctx.clock.now())))

    return JSONResponse(await run_in_threadpool(work), status_code=201)


def get_request(request: Request) -> JSONResponse:
    advisor, ctx = principal(request, "advisor"), dc(request)
    request_id = m.check_id(request.path_params["request_id"], "request id")
    with ctx.store.write() as conn:
        scope = OfficeScope(conn, advisor)
        scope.expire_stale(ctx.clock.now())
        return JSONResponse(request_json(scope.request(request_id)))


def create_code(request: Request) -> JSONResponse:
    advisor, ctx = principal(request, "advisor"), dc(request)
    with ctx.store.write() as conn:
        code = tenancy.create_enrolment_code(conn, advisor.office_id, ctx.clock.now())
    return JSONResponse({"code": code, "office_id": advisor.office_id}, status_code=201)


def revoke_agent(request: Request) -> JSONResponse:
    advisor, ctx = principal(request, "advisor"), dc(request)
    agent_id = m.check_id(request.path_params["agent_id"], "agent id")
    with ctx.store.write() as conn:
        tenancy.revoke_agent(conn, advisor.office_id, agent_id, ctx.clock.now())
    ctx.agent_cache.clear()
    return JSONResponse({"agent_id": agent_id, "state": "revoked"})


async def manual_import(request: Request) -> JSONResponse:
    advisor, ctx = await run_in_threadpool(principal, request, "advisor"), dc(request)
    mandant = m.check_id(request.path_params["mandant"], "Mandant")
    files, _ = await uploaded_files(request, ctx.settings.limits.max_bundle_bytes)
    bundle_id, status, rows = await run_in_threadpool(
        import_files, ctx.store, advisor, mandant, files, ctx.clock, ctx.settings.limits
    )
    return JSONResponse({"bundle_id": bundle_id, "status": status, "rows": rows})


def _counting(request: Request, limit: int) -> Request:
    """The same request whose body is counted while it arrives: passing ``limit`` bytes ends the
    upload with `TooLargeError` at once — with or without Content-Length (chunked uploads too)."""
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise TooLargeError(mc.DC_UPLOAD_OVER(limit=limit))
        return message

    return Request(request.scope, receive)


async def uploaded_files(request: Request, limit: int) -> tuple[dict[str, bytes], dict[str, str]]:
    """The files of a multipart form (field ``files``) and its text fields; the body is capped at
    ``limit`` bytes while it is received, and two files of the same name are refused — one
    would silently replace the other."""
    size = content_length(request.headers.get("content-length"))
    if size is not None and size > limit:
        raise TooLargeError(mc.DC_UPLOAD_TOO_LARGE(size=size, limit=limit))
    form = await _counting(request, limit).form(max_files=100)
    out: dict[str, bytes] = {}
    fields: dict[str, str] = {}
    try:
        for key, item in form.multi_items():
            if isinstance(item, str):
                fields.setdefault(key, item)
                continue
            if key != "files":
                continue
            name = (item.filename or "upload.csv").replace("\\", "/").rsplit("/", 1)[-1]
            if name in out:
                raise RefusedError(mc.INGEST_DUPLICATE_NAME(name=name))
            out[name] = await item.read()
    finally:
        await form.close()
    if not out:
        raise RefusedError(mc.INGEST_NO_FILES())
    return out, fields


def health(request: Request) -> JSONResponse:
    if request.headers.get("authorization"):
        raise AuthError(mc.DC_HEALTH_NO_CREDENTIALS())
    return JSONResponse({"status": "ok", "server_time": dc(request).clock.now().astimezone(UTC).isoformat()})


routes = [
    Route(m.ENROL_PATH, enrol, methods=["POST"]),
    Route(m.POLL_PATH, poll, methods=["GET"]),
    Route(m.PICKUP_PATH, pickup, methods=["POST"]),
    Route(m.FAIL_PATH, fail, methods=["POST"]),
    Route(m.PROGRESS_PATH, progress, methods=["POST"]),
    Route(m.BUNDLE_PATH, upload, methods=["PUT"]),
    Route(m.REFUSED_PATH, refused, methods=["POST"]),
    Route(m.ROTATE_PATH, rotate, methods=["POST"]),
    Route(m.DOCTOR_PATH, doctor, methods=["POST"]),
    Route(f"{m.API_BASE}/advisor/mandanten", list_mandanten, methods=["GET"]),
    Route(f"{m.API_BASE}/advisor/mandanten/{{mandant}}/import", manual_import, methods=["POST"]),
    Route(f"{m.API_BASE}/advisor/requests", create_request, methods=["POST"]),
    Route(f"{m.API_BASE}/advisor/requests/{{request_id}}", get_request, methods=["GET"]),
    Route(f"{m.API_BASE}/advisor/enrolment-codes", create_code, methods=["POST"]),
    Route(f"{m.API_BASE}/advisor/agents/{{agent_id}}/revoke", revoke_agent, methods=["POST"]),
    Route("/healthz", health, methods=["GET"]),
]
