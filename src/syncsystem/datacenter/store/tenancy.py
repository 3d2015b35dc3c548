"""Offices, advisors, agents and their credentials: creation, enrolment, rotation, revocation.

These are the only functions that act *across* offices (an enrolment code decides which office an
agent joins; the operator creates offices), so they live apart from `OfficeScope`. Enrolment codes
are single-use and expire; agent tokens rotate with a grace period during which old and new token
are both valid; revocation is immediate.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.datacenter.auth import Principal, hash_token, new_id, new_token, utc
from syncsystem.datacenter.errors import AuthError, ConflictError, NotFoundError
from syncsystem.datacenter.store.schema import (
    advisors,
    agent_tokens,
    agents,
    enrolment_codes,
    offices,
)
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import check_id

__all__ = [
    "TOKEN_LIFETIME",
    "Enrolment",
    "create_advisor",
    "create_enrolment_code",
    "create_office",
    "enrol",
    "office_exists",
    "revoke_agent",
    "rotate_agent_token",
]

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed by people


TOKEN_LIFETIME = timedelta(days=90)
"""How long an agent token works; the agent renews it well before (`syncsystem.agent.renewal`)."""


@dataclass(frozen=True, slots=True)
class Enrolment:
    agent_id: str
    token: str
    office_id: str
    expires_at: datetime | None = None


def create_office(conn: Connection, office_id: str, name: str, now: datetime) -> None:
    """A new office; `ConflictError` when ``office_id`` exists (checked in the caller's write
    transaction — on SQLite an immediate one, so no other writer comes between). On PostgreSQL a
    second ``init`` of the same office can pass the check before the first commits; its insert
    then waits and fails on the key, inside a savepoint, so the transaction can still look: the
    office is there now, and that is the same `ConflictError`."""
    check_id(office_id, "office id")
    exists = ConflictError(mc.DC_CLI_OFFICE_EXISTS(office=office_id))
    if office_exists(conn, office_id):
        raise exists
    try:
        with conn.begin_nested():
            conn.execute(sa.insert(offices).values(id=office_id, name=name, created_at=now.astimezone(UTC)))
    except sa.exc.IntegrityError as exc:
        if not office_exists(conn, office_id):
            raise  # some other constraint: the database's own error
        raise exists from exc


def office_exists(conn: Connection, office_id: str) -> bool:
    return conn.execute(sa.select(offices.c.id).where(offices.c.id == office_id)).first() is not None


def create_advisor(conn: Connection, office_id: str, name: str, now: datetime) -> tuple[str, str]:
    """A new advisor of ``office_id``; returns ``(advisor_id, token)`` — the token is shown once."""
    if not office_exists(conn, office_id):
        raise NotFoundError(mc.DC_NO_OFFICE(office=office_id))
    advisor_id, token = new_id("advisor"), new_token()
    conn.execute(
        sa.insert(advisors).values(
            id=advisor_id,
            office_id=office_id,
            name=name,
            token_hash=hash_token(token),
            created_at=now.astimezone(UTC),
        )
    )
    return advisor_id, token


def create_enrolment_code(
    conn: Connection, office_id: str, now: datetime, valid_for: timedelta = timedelta(days=7)
) -> str:
    """A single-use code such as ``K7QM-2XPD-9RTA`` an agent enrols with into ``office_id``."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
    conn.execute(
        sa.insert(enrolment_codes).values(
            code_hash=hash_token(_normal_code(code)),
            office_id=office_id,
            created_at=now.astimezone(UTC),
            expires_at=(now + valid_for).astimezone(UTC),
        )
    )
    return code


def _normal_code(code: str) -> str:
    return code.strip().upper().replace("-", "").replace(" ", "")


def enrol(
    conn: Connection,
    code: str,
    name: str,
    now: datetime,
    *,
    agent_id: str | None = None,
    lifetime: timedelta = TOKEN_LIFETIME,
) -> Enrolment:
    """Trade an enrolment code for an agent and its token; a code works exactly once.

    An agent of the code's office enrolling again (``agent_id``) keeps its identity — its bundles,
    cursors and requests stay its own — and its earlier tokens stop working; any other id gets a
    new agent (an id of another office reveals nothing). The token belongs to the office's agent,
    not to whoever made the code."""
    row = conn.execute(
        sa.select(enrolment_codes).where(enrolment_codes.c.code_hash == hash_token(_normal_code(code)))
    ).first()
    if row is None:
        raise AuthError(mc.DC_ENROL_UNKNOWN())
    if row.used_at is not None:
        raise AuthError(mc.DC_ENROL_USED())
    expires = utc(row.expires_at)
    if expires is not None and expires <= now:
        raise AuthError(mc.DC_ENROL_EXPIRED())
    known = agent_id is not None and _agent_of(conn, row.office_id, agent_id)
    agent_id = agent_id if known and agent_id else new_id("agent")
    token = new_token()
    claimed = conn.execute(
        sa.update(enrolment_codes)
        .where(enrolment_codes.c.code_hash == row.code_hash, enrolment_codes.c.used_at.is_(None))
        .values(used_at=now.astimezone(UTC), agent_id=agent_id)
    ).rowcount
    if claimed != 1:  # another enrolment won the race for this code
        raise AuthError(mc.DC_ENROL_USED())
    stamp = now.astimezone(UTC)
    if known:
        conn.execute(sa.update(agents).where(agents.c.id == agent_id).values(revoked_at=None))
        conn.execute(
            sa.update(agent_tokens)
            .where(agent_tokens.c.agent_id == agent_id, agent_tokens.c.revoked_at.is_(None))
            .values(revoked_at=stamp)
        )
    else:
        conn.execute(
            sa.insert(agents).values(
                id=agent_id, office_id=row.office_id, name=name.strip() or agent_id, created_at=stamp
            )
        )
    conn.execute(
        sa.insert(agent_tokens).values(
            token_hash=hash_token(token),
            agent_id=agent_id,
            office_id=row.office_id,
            created_at=stamp,
            expires_at=stamp + lifetime,
        )
    )
    return Enrolment(agent_id, token, row.office_id, stamp + lifetime)


def _agent_of(conn: Connection, office_id: str, agent_id: str) -> bool:
    found = conn.execute(
        sa.select(agents.c.id).where(agents.c.id == agent_id, agents.c.office_id == office_id)
    ).first()
    return found is not None


def rotate_agent_token(
    conn: Connection,
    agent: Principal,
    now: datetime,
    grace: timedelta = timedelta(hours=24),
    *,
    presented: str | None = None,
    lifetime: timedelta = TOKEN_LIFETIME,
) -> tuple[str, datetime, datetime]:
    """A new token for ``agent``, valid for ``lifetime``; its current tokens stay valid for
    ``grace``. Returns (token, until, new token's expiry).

    A token that is itself inside a rotation grace (``presented``, superseded) mints a token that
    expires when it does: an old, possibly leaked token cannot buy itself a long-lived successor.
    """
    inherited = None
    if presented is not None:
        row = conn.execute(
            sa.select(agent_tokens.c.expires_at, agent_tokens.c.superseded_at).where(
                agent_tokens.c.token_hash == hash_token(presented)
            )
        ).first()
        inherited = None if row is None or row.superseded_at is None else utc(row.expires_at)
    stamp = now.astimezone(UTC)
    until = stamp + grace
    if inherited is not None:
        until = min(until, inherited)
    else:  # only a current token puts the others on their grace (an old one cannot cut a new one short)
        _start_grace(conn, agent, until, stamp)
    expires = inherited or stamp + lifetime
    token = new_token()
    conn.execute(
        sa.insert(agent_tokens).values(
            token_hash=hash_token(token),
            agent_id=agent.id,
            office_id=agent.office_id,
            created_at=stamp,
            expires_at=expires,
            superseded_at=stamp if inherited is not None else None,
        )
    )
    return token, until, expires


def _start_grace(conn: Connection, agent: Principal, until: datetime, now: datetime) -> None:
    current = sa.and_(agent_tokens.c.agent_id == agent.id, agent_tokens.c.revoked_at.is_(None))
    conn.execute(
        sa.update(agent_tokens)
        .where(current, agent_tokens.c.superseded_at.is_(None))
        .values(superseded_at=now)
    )
    conn.execute(
        sa.update(agent_tokens)
        .where(current, sa.or_(agent_tokens.c.expires_at.is_(None), agent_tokens.c.expires_at > until))
        .values(expires_at=until)
    )


def revoke_agent(conn: Connection, office_id: str, agent_id: str, now: datetime) -> None:
    """Revoke an agent of ``office_id`` and all its tokens at once."""
    done = conn.execute(
        sa.update(agents)
        .where(agents.c.id == agent_id, agents.c.office_id == office_id)
        .values(revoked_at=now.astimezone(UTC))
    ).rowcount
    if done != 1:
        raise NotFoundError(mc.DC_NO_AGENT(agent=agent_id))
    conn.execute(
        sa.update(agent_tokens)
        .where(agent_tokens.c.agent_id == agent_id)
        .values(revoked_at=now.astimezone(UTC))
    )
