"""The poll's hot path on pooled driver connections: who polls, what waits, and that it was seen.

An agent polls every 30 minutes, so in production the 2-second token cache and the once-a-minute
last-seen throttle almost never hit: each poll costs a token lookup, a last-seen write and the
waiting-requests lookup (`poll_waiting`). Built through SQLAlchemy's expression layer, building and
caching the statement costs more than the query itself (benchmarks/datacenter_poll.py measured ~550
polls/s that way); here each is one prepared statement on a driver connection, with exactly the
rules of `auth.authenticate_agent`, `OfficeScope.touch_agent` and `OfficeScope.waiting` (the unit
tests hold each pair to the same answers on SQLite and PostgreSQL). `poll_once` runs all three on
one connection: on SQLite the event-loop thread's own (`loop_connection`: no pool checkout, busy
timeout 0 so the loop never waits), on PostgreSQL — and when SQLite is busy — one pooled checkout.
"""

from __future__ import annotations

import hmac
import sqlite3
import threading
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from syncsystem.datacenter.auth import Principal, hash_token, token_valid, utc
from syncsystem.datacenter.errors import AuthError
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import SyncRequestMessage

__all__ = [
    "agent_for_token",
    "loop_connection",
    "nightly_for",
    "poll_once",
    "poll_waiting",
    "touch_agent",
    "try_touch_now",
]

_AGENT_SQL = (
    "SELECT t.agent_id, t.office_id, t.token_hash, t.revoked_at, t.expires_at, a.revoked_at "
    "FROM agent_tokens t JOIN agents a ON a.id = t.agent_id WHERE t.token_hash = {p}"
)
_SQLITE_WRITER = threading.Lock()
_TOUCH_SQL = "UPDATE agents SET last_seen_at = {p} WHERE office_id = {p} AND id = {p}"
_POLL_SQL = (
    "SELECT id, mandanten, mode FROM sync_requests WHERE office_id = {p} AND state = 'waiting' "
    "ORDER BY created_at"
)


_LOOP_CONNECTIONS: weakref.WeakKeyDictionary[Engine, tuple[threading.local, list[Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOOP_GUARD = threading.Lock()


def poll_waiting(engine: Engine, principal: Principal, raw: Any = None) -> list[SyncRequestMessage]:
    """The poll's hot path: the same lookup as `OfficeScope.waiting`, as one prepared statement on a
    pooled driver connection (the SQLAlchemy expression layer costs more than the query itself) —
    ``raw`` when the caller holds one for the whole poll (`api.poll`), else one checked out here.
    Only when requests wait does it fall back to `OfficeScope` for their cursors."""
    placeholder = "%s" if engine.dialect.paramstyle in ("format", "pyformat") else "?"
    own = raw is None
    if own:
        raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_POLL_SQL.format(p=placeholder), (principal.office_id,))
        found = cursor.fetchall()
        cursor.close()
    finally:
        if own:
            raw.close()
    if not found:
        return []
    with engine.connect() as conn:
        return OfficeScope(conn, principal).waiting()


def loop_connection(engine: Engine) -> Any:
    """SQLite: the calling thread's own connection for the polls (None on PostgreSQL).

    One per event-loop thread, taken from the pool once and detached from it (so configured like
    every other: WAL, foreign keys), with ``busy_timeout`` 0 for good: the loop must never wait, and
    a pool checkout plus the timeout's set and reset cost as much as the poll's three statements.
    A statement refused as busy raises `sqlite3.OperationalError`; `api.poll` then takes the pooled
    path. Closed when the engine is disposed."""
    if engine.dialect.name != "sqlite":
        return None
    with _LOOP_GUARD:
        mine = _LOOP_CONNECTIONS.get(engine)
        if mine is None:
            mine = _LOOP_CONNECTIONS[engine] = (threading.local(), [])
            sa.event.listen(engine, "engine_disposed", _close)
    local, every = mine
    con: Any = getattr(local, "con", None)
    if con is None:
        fairy = engine.raw_connection()
        con = fairy.driver_connection
        fairy.detach()
        con.execute("PRAGMA busy_timeout=0")
        local.con = con
        with _LOOP_GUARD:
            every.append(con)
    return con


def _close(engine: Engine) -> None:
    with _LOOP_GUARD:
        _, every = _LOOP_CONNECTIONS.pop(engine, (None, []))
        for con in every:
            con.close()


def poll_once(
    engine: Engine, token: str, now: datetime, known: Principal | None, due: Callable[[Principal], bool]
) -> tuple[Principal, list[SyncRequestMessage], bool]:
    """The poll's statements: the token lookup (unless ``known``), the office's waiting requests and,
    when ``due``, the last-seen write if it needs no waiting — (principal, waiting, written). On
    SQLite on the loop's own connection (`loop_connection`); when that finds the database busy, and
    on PostgreSQL, on one pooled connection. ``written`` False: the caller writes from the pool."""
    con = loop_connection(engine)
    if con is not None:
        try:
            agent = known or agent_for_token(engine, token, now, con)
            waiting = poll_waiting(engine, agent, con)
        except sqlite3.OperationalError:  # busy: the pooled connection below may wait its turn
            pass
        else:
            return agent, waiting, not due(agent) or _touch_on_loop(con, agent, now)
    raw = engine.raw_connection()
    try:
        agent = known or agent_for_token(engine, token, now, raw)
        waiting = poll_waiting(engine, agent, raw)
        return agent, waiting, not due(agent) or try_touch_now(engine, agent, now, raw)
    finally:
        raw.close()  # the pool's reset ends PostgreSQL's read transaction


_NIGHTLY_SQL = "SELECT mandant FROM mandanten WHERE office_id = {p} AND nightly = 1 ORDER BY mandant"


def nightly_for(engine: Engine, office_id: str) -> tuple[str, ...] | None:
    """`store.nightly.chosen` as one prepared statement: on SQLite on the event loop's own
    connection (a read in WAL mode does not wait for writers), on PostgreSQL on one pooled
    checkout — the poll answer's ``nightly`` without a hop to the thread pool."""
    con = loop_connection(engine)
    if con is not None:
        try:
            rows = con.execute(_NIGHTLY_SQL.format(p="?"), (office_id,)).fetchall()
        except sqlite3.OperationalError:  # busy after all: the pooled connection may wait its turn
            pass
        else:
            return tuple(r[0] for r in rows) or None
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_NIGHTLY_SQL.format(p=_placeholder(engine)), (office_id,))
        rows = cursor.fetchall()
        cursor.close()
    finally:
        raw.close()
    return tuple(r[0] for r in rows) or None


def _touch_on_loop(con: Any, principal: Principal, now: datetime) -> bool:
    if not _SQLITE_WRITER.acquire(blocking=False):
        return False
    try:
        return _update_unless_locked(con.execute, principal, now)
    finally:
        _SQLITE_WRITER.release()


def _update_unless_locked(execute: Callable[..., object], principal: Principal, now: datetime) -> bool:
    """SQLite's last-seen UPDATE by ``execute``; False, nothing written, where it is locked."""
    try:
        execute(_TOUCH_SQL.format(p="?"), (_sqlite_stamp(now), principal.office_id, principal.id))
        return True
    except sqlite3.OperationalError:  # locked by another process' writer: the pool's turn
        return False


def _sqlite_stamp(now: datetime) -> str:
    """``now`` as the text SQLAlchemy's SQLite DateTime writes (UTC, without the offset)."""
    return now.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _placeholder(engine: Engine) -> str:
    return "%s" if engine.dialect.paramstyle in ("format", "pyformat") else "?"


def _instant(value: Any) -> datetime | None:
    """A stored instant as aware UTC: SQLite's driver returns the text SQLAlchemy wrote."""
    if isinstance(value, str):
        return utc(datetime.fromisoformat(value))
    return utc(value)


def agent_for_token(engine: Engine, token: str, now: datetime, raw: Any = None) -> Principal:
    """`auth.authenticate_agent` in one prepared statement: refused when unknown, revoked or expired.

    ``raw``, when given, is a pooled driver connection the caller checked out for the whole poll
    (`api.poll`: lookup, waiting requests and last-seen write on one checkout); it stays open."""
    if raw is None:
        raw = engine.raw_connection()
        try:
            return agent_for_token(engine, token, now, raw)
        finally:
            raw.rollback()  # ends PostgreSQL's implicit transaction; a no-op on autocommit SQLite
            raw.close()
    digest = hash_token(token)
    cursor = raw.cursor()
    cursor.execute(_AGENT_SQL.format(p=_placeholder(engine)), (digest,))
    row = cursor.fetchone()
    cursor.close()
    if row is None or not hmac.compare_digest(row[2], digest):
        raise AuthError(mc.DC_AUTH_AGENT_UNKNOWN())
    agent_id, office_id, _, revoked, expires, agent_revoked = row
    if agent_revoked is not None or not token_valid(now, revoked, _instant(expires)):
        raise AuthError(mc.DC_AUTH_AGENT_REVOKED())
    return Principal("agent", agent_id, office_id)


def touch_agent(engine: Engine, principal: Principal, now: datetime) -> None:
    """`OfficeScope.touch_agent` as one prepared UPDATE, committed (SQLite: one atomic statement).

    On SQLite the pool's threads take turns through a process-wide lock: queued on SQLite's own
    busy handler instead, concurrent writers sleep in steps of milliseconds and polls stall."""
    if engine.dialect.name == "sqlite":
        with _SQLITE_WRITER:
            _update(engine, _sqlite_stamp(now), principal)
        return
    _update(engine, now.astimezone(UTC), principal)


def try_touch_now(engine: Engine, principal: Principal, now: datetime, raw: Any = None) -> bool:
    """SQLite only: the last-seen write at once if it needs no waiting, else False (nothing done).

    Runs on the event loop, so it must never wait: it skips when another thread of this process
    writes, and asks SQLite not to wait for another process' writer (``busy_timeout`` 0 for this
    one statement). In WAL mode with ``synchronous=NORMAL`` the commit does not sync, so the
    write costs what the UPDATE costs — a hop to the thread pool costs several times more.
    ``raw`` as in `agent_for_token` (SQLite's pooled connections are autocommit: the UPDATE is
    committed when it returns)."""
    if engine.dialect.name != "sqlite" or not _SQLITE_WRITER.acquire(blocking=False):
        return False
    try:
        if raw is None:
            raw = engine.raw_connection()
            try:
                return _touch_at_once(raw, principal, now)
            finally:
                raw.close()
        return _touch_at_once(raw, principal, now)
    finally:
        _SQLITE_WRITER.release()


def _touch_at_once(raw: Any, principal: Principal, now: datetime) -> bool:
    cursor = raw.cursor()
    waits = raw.info.get("busy_timeout")  # the connection's own, set once when it was opened
    if waits is None:
        waits = raw.info["busy_timeout"] = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
    cursor.execute("PRAGMA busy_timeout=0")
    try:
        return _update_unless_locked(cursor.execute, principal, now)
    finally:
        cursor.execute(f"PRAGMA busy_timeout={int(waits)}")
        cursor.close()


def _update(engine: Engine, stamp: Any, principal: Principal) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(_TOUCH_SQL.format(p=_placeholder(engine)), (stamp, principal.office_id, principal.id))
        cursor.close()
        raw.commit()
    finally:
        raw.close()
