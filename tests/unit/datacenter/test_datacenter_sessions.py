"""Advisor sessions: the cookie holds a session id, logout ends it, sessions expire; advisor tokens
are rotated and revoked from the CLI; an agent token in its rotation grace mints no permanent token."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from syncsystem.datacenter.pages import COOKIE
from syncsystem.datacenter.store.engine import Store


def _login(world, token: str) -> str:  # type: ignore[no-untyped-def]
    world.client.cookies.clear()
    r = world.client.post("/login", data={"token": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
    return str(world.client.cookies[COOKIE])


def _page_with(world, cookie: str) -> int:  # type: ignore[no-untyped-def]
    """The overview's status for a browser holding ``cookie`` (200: logged in, else the login form)."""
    world.client.cookies.clear()
    world.client.cookies.set(COOKIE, cookie)
    r = world.client.get("/")
    return 200 if "Abmelden" in r.text else 401


def test_cookie_holds_a_session_id_not_the_token(world) -> None:  # type: ignore[no-untyped-def]
    """After login the cookie is a fresh session id; the advisor token itself is nowhere in it."""
    cookie = _login(world, world.a.advisor_token)
    assert cookie and world.a.advisor_token not in cookie
    assert _page_with(world, cookie) == 200
    assert _page_with(world, world.a.advisor_token) == 401  # the token is no cookie


def test_logout_ends_the_session(world) -> None:  # type: ignore[no-untyped-def]
    """A cookie copied before logout is refused after it."""
    cookie = _login(world, world.a.advisor_token)
    r = world.client.post("/logout", follow_redirects=False)
    assert r.status_code == 303
    assert _page_with(world, cookie) == 401
    other = _login(world, world.a.advisor_token)  # logging in again works, with a new session
    assert other != cookie and _page_with(world, other) == 200


def test_sessions_expire(world) -> None:  # type: ignore[no-untyped-def]
    """A session is good for 12 hours, then refused even though the cookie is still sent."""
    cookie = _login(world, world.a.advisor_token)
    world.clock.advance(timedelta(hours=11, minutes=59))
    assert _page_with(world, cookie) == 200
    world.clock.advance(timedelta(minutes=2))
    assert _page_with(world, cookie) == 401


def test_cli_rotates_and_revokes_advisor_tokens(cli, tmp_path: Path, sim_clock) -> None:  # type: ignore[no-untyped-def]
    """advisor-token --rotate: old token refused, new one works; --revoke: refused; both end sessions."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    init = json.loads(cli("datacenter", "init", "--db", db, "--office", "kanzlei-x", "--json").stdout)
    advisor_id, old = init["advisor_id"], init["advisor_token"]
    listed = json.loads(cli("datacenter", "advisors", "--db", db, "--office", "kanzlei-x", "--json").stdout)
    assert listed == [{"advisor_id": advisor_id, "name": "Steuerberater", "revoked": False}]
    store = Store.open(db)
    try:
        from syncsystem.datacenter.auth import authenticate_advisor  # noqa: PLC0415
        from syncsystem.datacenter.errors import AuthError  # noqa: PLC0415
        from syncsystem.datacenter.store import sessions  # noqa: PLC0415

        def valid(token: str) -> bool:
            with store.read() as conn:
                try:
                    authenticate_advisor(conn, token)
                except AuthError:
                    return False
                return True

        with store.write() as conn:
            session = sessions.start_session(conn, authenticate_advisor(conn, old), sim_clock.now())
        rotated = cli(
            "datacenter",
            "advisor-token",
            "--db",
            db,
            "--office",
            "kanzlei-x",
            "--advisor",
            advisor_id,
            "--rotate",
        )
        assert rotated.exit_code == 0, rotated.stderr
        new = rotated.stdout.split("sichtbar): ")[1].split()[0]
        assert not valid(old) and valid(new)
        with store.read() as conn:
            assert sessions.session_advisor(conn, session, sim_clock.now()) is None
            session = None
        with store.write() as conn:
            session = sessions.start_session(conn, authenticate_advisor(conn, new), sim_clock.now())
        revoked = cli(
            "datacenter",
            "advisor-token",
            "--db",
            db,
            "--office",
            "kanzlei-x",
            "--advisor",
            advisor_id,
            "--revoke",
        )
        assert revoked.exit_code == 0 and "gesperrt" in revoked.stdout
        assert not valid(new)
        with store.read() as conn:
            assert sessions.session_advisor(conn, session, sim_clock.now()) is None
    finally:
        store.close()
    unknown = cli(
        "datacenter", "advisor-token", "--db", db, "--office", "kanzlei-x", "--advisor", "nobody", "--rotate"
    )
    assert unknown.exit_code == 2 and "nobody" in unknown.stderr


def test_revoked_advisor_loses_the_page_at_once(world) -> None:  # type: ignore[no-untyped-def]
    """Revoking an advisor ends their open browser session too."""
    from syncsystem.datacenter.store import sessions  # noqa: PLC0415

    cookie = _login(world, world.a.advisor_token)
    with world.store.read() as conn:
        advisor = sessions.session_advisor(conn, cookie, world.clock.now())
    assert advisor is not None
    with world.store.write() as conn:
        sessions.revoke_advisor(conn, "kanzlei-a", advisor.id, world.clock.now())
    assert _page_with(world, cookie) == 401
    assert world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).status_code == 401


def test_token_in_grace_cannot_mint_a_token_that_never_expires(world) -> None:  # type: ignore[no-untyped-def]
    """After a rotation, the old token (in its 24 h grace) may rotate again, but what it gets expires
    with it — and the new current token is not cut short."""
    first = world.client.post("/api/v1/token/rotate", headers=world.a.agent).json()
    current = {"Authorization": f"Bearer {first['token']}"}
    world.clock.advance(timedelta(hours=1))
    minted = world.client.post("/api/v1/token/rotate", headers=world.a.agent)
    assert minted.status_code == 200
    assert minted.json()["previous_valid_until"] == first["previous_valid_until"]
    from_old = {"Authorization": f"Bearer {minted.json()['token']}"}
    assert world.client.get("/api/v1/poll", headers=from_old).status_code == 200
    world.clock.advance(timedelta(hours=24))  # past the first rotation's grace
    world.app.state.dc.agent_cache.clear()
    assert world.client.get("/api/v1/poll", headers=world.a.agent).status_code == 401
    assert world.client.get("/api/v1/poll", headers=from_old).status_code == 401
    assert world.client.get("/api/v1/poll", headers=current).status_code == 200
