"""Agent tokens live 90 days, renew with a grace, and belong to the office's agent: enrolling
again keeps the agent's identity; an agent id of another office is never taken over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from syncsystem.datacenter.store import tenancy, users

from .conftest import add_user  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def _poll(world: Any, token: str) -> int:
    return int(world.client.get("/api/v1/poll", headers={"Authorization": f"Bearer {token}"}).status_code)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _code(world: Any, office: str) -> str:
    with world.store.write() as conn:
        return tenancy.create_enrolment_code(conn, office, world.clock.now())


def test_an_enrolled_token_expires_after_90_days(world) -> None:  # type: ignore[no-untyped-def]
    """The enrolment answer names the expiry (enrolment + 90 days); after it the token is refused."""
    answer = world.client.post("/api/v1/enrol", json={"code": _code(world, "kanzlei-a"), "name": "x"}).json()
    enrolled = world.clock.now().astimezone(UTC)
    assert _at(answer["token_expires_at"]) == enrolled + timedelta(days=90)
    world.clock.advance(timedelta(days=89, hours=23))
    assert _poll(world, answer["token"]) == 200
    world.clock.advance(timedelta(hours=1, seconds=3))  # past the expiry and the 2-second token cache
    assert _poll(world, answer["token"]) == 401


def test_rotation_gives_a_new_90_days_and_the_old_token_a_grace(world) -> None:  # type: ignore[no-untyped-def]
    """Rotating on day 60: the new token lives to day 150, the old one 24 hours more, then stops."""
    world.clock.advance(timedelta(days=60))
    answer = world.client.post("/api/v1/token/rotate", headers=world.a.agent).json()
    now = world.clock.now().astimezone(UTC)
    assert _at(answer["token_expires_at"]) == now + timedelta(days=90)
    assert _at(answer["previous_valid_until"]) == now + timedelta(hours=24)
    assert _poll(world, world.a.agent_token) == 200
    world.clock.advance(timedelta(hours=24, seconds=3))
    assert _poll(world, world.a.agent_token) == 401
    assert _poll(world, answer["token"]) == 200


def test_enrolling_again_keeps_the_agent_and_ends_its_old_tokens(world) -> None:  # type: ignore[no-untyped-def]
    """A new code with the agent's own id: same agent id, old token refused, new token works."""
    body = {"code": _code(world, "kanzlei-a"), "name": "BMD-Server", "agent_id": world.a.agent_id}
    answer = world.client.post("/api/v1/enrol", json=body).json()
    assert answer["agent_id"] == world.a.agent_id
    assert _poll(world, world.a.agent_token) == 401
    assert _poll(world, answer["token"]) == 200
    assert world.count("agents", world.a) == 1


def test_an_agent_id_of_another_office_is_not_taken_over(world) -> None:  # type: ignore[no-untyped-def]
    """Office B's code naming office A's agent makes a new agent of B; A's agent keeps working."""
    body = {"code": _code(world, "kanzlei-b"), "name": "fremd", "agent_id": world.a.agent_id}
    answer = world.client.post("/api/v1/enrol", json=body).json()
    assert answer["agent_id"] != world.a.agent_id and answer["office_id"] == "kanzlei-b"
    assert _poll(world, world.a.agent_token) == 200


def test_the_token_belongs_to_the_office_not_to_the_person(world) -> None:  # type: ignore[no-untyped-def]
    """The Administrator who made the enrolment code is deactivated: the agent still polls."""
    with world.store.write() as conn:
        (first,) = [u.id for u in users.list_users(conn, "kanzlei-a")]
        add_user(conn, world, "Nachfolgerin")
        users.deactivate(conn, "kanzlei-a", first, world.clock.now())
        query = "SELECT count(*) FROM agent_tokens WHERE revoked_at IS NOT NULL"
        revoked = conn.execute(sa.text(query)).scalar()
    assert revoked == 0
    assert _poll(world, world.a.agent_token) == 200
