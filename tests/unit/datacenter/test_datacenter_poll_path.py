"""The poll's prepared statements answer exactly as the expression-layer rules they stand in for."""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem.datacenter.auth import authenticate_agent, utc
from syncsystem.datacenter.errors import AuthError
from syncsystem.datacenter.store import poll_path, tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.poll_path import poll_waiting
from syncsystem.datacenter.store.schema import agents
from syncsystem.datacenter.store.scoped import OfficeScope

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _enrol(store: Store, office: str) -> str:
    with store.write() as conn:
        tenancy.create_office(conn, office, office, NOW)
        return tenancy.enrol(conn, tenancy.create_enrolment_code(conn, office, NOW), "a", NOW).token


def _both(store: Store, token: str, now: datetime) -> tuple[object, object]:
    """(expression layer, prepared statement): a Principal or the refusal's message, each."""
    answers: list[object] = []

    def expression() -> object:
        with store.read() as conn:
            return authenticate_agent(conn, token, now)

    def on_one_checkout() -> object:  # as api.poll asks: on a connection it holds for the poll
        raw = store.engine.raw_connection()
        try:
            return poll_path.agent_for_token(store.engine, token, now, raw)
        finally:
            raw.close()

    def poll_once() -> object:  # api.poll's call: SQLite on the loop's connection, PostgreSQL pooled
        return poll_path.poll_once(store.engine, token, now, None, lambda _agent: False)[0]

    for ask in (
        expression,
        lambda: poll_path.agent_for_token(store.engine, token, now),
        on_one_checkout,
        poll_once,
    ):
        try:
            answers.append(ask())
        except AuthError as exc:
            answers.append(str(exc))
    assert answers[3] == answers[2] == answers[1]
    return answers[0], answers[1]


def test_token_lookup_agrees_on_valid_unknown_rotated_and_revoked(store: Store) -> None:
    """Valid, unknown, within and past the rotation grace, revoked: same principal or same refusal."""
    token = _enrol(store, "office-a")
    valid = _both(store, token, NOW)
    assert valid[0] == valid[1] and getattr(valid[1], "office_id", None) == "office-a"
    assert _both(store, "no-such-token", NOW) == ("unknown agent token", "unknown agent token")
    principal = poll_path.agent_for_token(store.engine, token, NOW)
    with store.write() as conn:
        tenancy.rotate_agent_token(conn, principal, NOW, grace=timedelta(hours=1))
    inside = _both(store, token, NOW + timedelta(minutes=59))
    after = _both(store, token, NOW + timedelta(hours=1))
    assert inside[0] == inside[1] == principal
    assert after == ("agent token revoked or expired",) * 2
    with store.write() as conn:
        tenancy.revoke_agent(conn, "office-a", principal.id, NOW)
    assert _both(store, token, NOW) == ("agent token revoked or expired",) * 2


def test_touch_stores_what_the_scoped_update_stores(store: Store) -> None:
    """The prepared last-seen UPDATE reads back as the same instant as OfficeScope.touch_agent's."""
    first = poll_path.agent_for_token(store.engine, _enrol(store, "office-a"), NOW)
    second = poll_path.agent_for_token(store.engine, _enrol(store, "office-b"), NOW)
    seen = NOW + timedelta(seconds=1, microseconds=250)
    poll_path.touch_agent(store.engine, first, seen)
    with store.write() as conn:
        OfficeScope(conn, second).touch_agent(seen)
    with store.read() as conn:
        stored = dict(conn.execute(sa.select(agents.c.id, agents.c.last_seen_at)).all())
    assert stored[first.id] == stored[second.id] and stored[first.id] is not None


def test_one_checkout_serves_lookup_waiting_and_write(store: Store) -> None:
    """api.poll's sequence on ONE pooled connection: the principal, its office's waiting requests
    (none, then one), and the last-seen write (SQLite on that connection, PostgreSQL from the thread
    pool's path); afterwards the connection goes back clean and a write transaction still works."""
    token = _enrol(store, "office-a")
    principal = poll_path.agent_for_token(store.engine, token, NOW)
    for round_, waiting in enumerate((0, 1)):
        if waiting:
            with store.write() as conn:
                OfficeScope(conn, principal).ensure_mandanten(["1001"])
                OfficeScope(conn, principal).create_request(("1001",), "full", NOW)
        seen = NOW + timedelta(minutes=round_)
        raw = store.engine.raw_connection()
        try:
            assert poll_path.agent_for_token(store.engine, token, seen, raw) == principal
            found = poll_waiting(store.engine, principal, raw)
            written = poll_path.try_touch_now(store.engine, principal, seen, raw)
        finally:
            raw.close()
        if not written:
            assert store.engine.dialect.name == "postgresql"
            poll_path.touch_agent(store.engine, principal, seen)
        assert len(found) == waiting
        with store.write() as conn:  # nothing left open on the returned connection blocks a writer
            assert OfficeScope(conn, principal).waiting() == found
        with store.read() as conn:
            assert utc(conn.execute(sa.select(agents.c.last_seen_at)).scalar_one()) == seen


@pytest.mark.parametrize("office", ["office-a"])
def test_touch_stays_in_the_agents_office(store: Store, office: str) -> None:
    """A principal whose office does not match the agent row changes nothing."""
    agent = poll_path.agent_for_token(store.engine, _enrol(store, office), NOW)
    poll_path.touch_agent(store.engine, type(agent)("agent", agent.id, "other-office"), NOW)
    with store.read() as conn:
        assert conn.execute(sa.select(agents.c.last_seen_at)).scalar_one() is None


def test_the_write_on_the_event_loop_never_waits(tmp_path: Path) -> None:
    """SQLite: written at once when free; while another process' writer holds the lock it returns
    False at once (the poll then writes from the thread pool) and the connection keeps its timeout."""
    store = Store.open(f"sqlite:///{tmp_path / 'dc.db'}")
    try:
        agent = poll_path.agent_for_token(store.engine, _enrol(store, "office-a"), NOW)
        assert poll_path.try_touch_now(store.engine, agent, NOW) is True
        other = sqlite3.connect(tmp_path / "dc.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        assert poll_path.try_touch_now(store.engine, agent, NOW + timedelta(minutes=1)) is False
        assert time.monotonic() - started < 1.0  # the engine's busy timeout is 30 s
        other.execute("ROLLBACK")
        other.close()
        with store.read() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30_000
            seen = conn.execute(sa.select(agents.c.last_seen_at)).scalar_one()
        assert seen is not None and seen.replace(tzinfo=UTC) == NOW
    finally:
        store.close()


def test_the_loops_own_connection_never_waits_and_closes_with_the_engine(tmp_path: Path) -> None:
    """SQLite: poll_once looks up, lists and writes on the loop's own connection (busy timeout 0,
    the pool's keep 30 s); while another process' writer holds the lock the write is left to the
    caller at once; a revoked token is refused there too; disposing the engine closes it."""
    store = Store.open(f"sqlite:///{tmp_path / 'dc.db'}")
    token = _enrol(store, "office-a")
    agent, waiting, written = poll_path.poll_once(store.engine, token, NOW, None, lambda _agent: True)
    assert (agent.office_id, waiting, written) == ("office-a", [], True)
    con = poll_path.loop_connection(store.engine)
    assert con.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    other = sqlite3.connect(tmp_path / "dc.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    later = NOW + timedelta(minutes=1)
    assert poll_path.poll_once(store.engine, token, later, None, lambda _agent: True)[2] is False
    assert time.monotonic() - started < 1.0
    other.execute("ROLLBACK")
    other.close()
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar_one() == 30_000
        assert utc(conn.execute(sa.select(agents.c.last_seen_at)).scalar_one()) == NOW
    with store.write() as conn:
        tenancy.revoke_agent(conn, "office-a", agent.id, NOW)
    with pytest.raises(AuthError, match="revoked"):
        poll_path.poll_once(store.engine, token, later, None, lambda _agent: True)
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        con.execute("SELECT 1")


class _Busy:
    """A connection SQLite refuses as busy, as the loop's own does while another process holds the
    database exclusively (busy timeout 0: refused at once)."""

    def cursor(self) -> None:
        raise sqlite3.OperationalError("database is locked")

    execute = cursor


def test_a_busy_database_sends_the_poll_to_the_pooled_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite: when the loop's connection is refused as busy, poll_once still answers and still
    refuses — on a pooled connection, which may wait its turn."""
    store = Store.open(f"sqlite:///{tmp_path / 'dc.db'}")
    try:
        token = _enrol(store, "office-a")
        monkeypatch.setattr(poll_path, "loop_connection", lambda _engine: _Busy())
        agent, waiting, written = poll_path.poll_once(store.engine, token, NOW, None, lambda _agent: True)
        assert (agent.office_id, waiting, written) == ("office-a", [], True)
        with pytest.raises(AuthError, match="unknown"):
            poll_path.poll_once(store.engine, "no-such-token", NOW, None, lambda _agent: True)
    finally:
        store.close()


def test_the_poll_s_nightly_lookup_answers_as_the_store_does(store: Store) -> None:
    """nightly_for (the poll's prepared statement) and nightly.chosen agree: None before a choice,
    then the ticked Mandanten in order — and never another office's."""
    from syncsystem.datacenter.auth import Principal  # noqa: PLC0415
    from syncsystem.datacenter.store import nightly  # noqa: PLC0415

    for office in ("office-a", "office-b"):
        _enrol(store, office)
        with store.write() as conn:
            OfficeScope(conn, Principal("agent", "x", office)).ensure_mandanten(["1003", "1001", "1002"])
    assert poll_path.nightly_for(store.engine, "office-a") is None is nightly.chosen(store.engine, "office-a")
    with store.write() as conn:
        nightly.choose(conn, "office-a", ["1003", "1001"])
    assert poll_path.nightly_for(store.engine, "office-a") == ("1001", "1003")
    assert nightly.chosen(store.engine, "office-a") == ("1001", "1003")
    assert poll_path.nightly_for(store.engine, "office-b") is None
