"""Advisor sessions and advisor credentials: browser logins that end, tokens that can be replaced.

Logging in on the advisor page trades the advisor's permanent token for a *session*: a fresh random
id in the cookie, of which the store keeps only the sha256, valid for a fixed lifetime. Logout ends
it at once (the old cookie is refused afterwards), and so do rotating or revoking the advisor's
token (`rotate_advisor_token`, `revoke_advisor` — the operator's CLI), so a stolen cookie or token
stops working everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.datacenter.auth import Principal, hash_token, new_token, utc
from syncsystem.datacenter.errors import NotFoundError
from syncsystem.datacenter.store.schema import advisor_sessions, advisors
from syncsystem.messages import codes as mc

__all__ = [
    "SESSION_LIFETIME",
    "end_session",
    "list_advisors",
    "revoke_advisor",
    "rotate_advisor_token",
    "session_advisor",
    "start_session",
]

SESSION_LIFETIME = timedelta(hours=12)


def start_session(
    conn: Connection, advisor: Principal, now: datetime, lifetime: timedelta = SESSION_LIFETIME
) -> str:
    """A new session for ``advisor``; returns its id (for the cookie — shown nowhere else)."""
    session_id = new_token()
    stamp = now.astimezone(UTC)
    conn.execute(
        sa.insert(advisor_sessions).values(
            id_hash=hash_token(session_id),
            advisor_id=advisor.id,
            office_id=advisor.office_id,
            created_at=stamp,
            expires_at=stamp + lifetime,
        )
    )
    return session_id


def session_advisor(conn: Connection, session_id: str, now: datetime) -> Principal | None:
    """The advisor of a live session: not ended, not expired, advisor not revoked; else None."""
    row = conn.execute(
        sa.select(
            advisor_sessions.c.advisor_id,
            advisor_sessions.c.office_id,
            advisor_sessions.c.expires_at,
            advisor_sessions.c.ended_at,
            advisors.c.revoked_at,
            advisors.c.role,
        )
        .join(advisors, advisors.c.id == advisor_sessions.c.advisor_id)
        .where(advisor_sessions.c.id_hash == hash_token(session_id))
    ).first()
    if row is None or row.ended_at is not None or row.revoked_at is not None:
        return None
    expires = utc(row.expires_at)
    if expires is None or expires <= now:
        return None
    return Principal("advisor", row.advisor_id, row.office_id, row.role)


def end_session(conn: Connection, session_id: str, now: datetime) -> None:
    """End one session (logout); an unknown or ended one is left as it is."""
    conn.execute(
        sa.update(advisor_sessions)
        .where(advisor_sessions.c.id_hash == hash_token(session_id), advisor_sessions.c.ended_at.is_(None))
        .values(ended_at=now.astimezone(UTC))
    )


def _end_all(conn: Connection, advisor_id: str, now: datetime) -> None:
    conn.execute(
        sa.update(advisor_sessions)
        .where(advisor_sessions.c.advisor_id == advisor_id, advisor_sessions.c.ended_at.is_(None))
        .values(ended_at=now.astimezone(UTC))
    )


def _advisor_row(conn: Connection, office_id: str, advisor_id: str) -> Any:
    row = conn.execute(
        sa.select(advisors.c.id, advisors.c.revoked_at).where(
            advisors.c.id == advisor_id, advisors.c.office_id == office_id
        )
    ).first()
    if row is None:
        raise NotFoundError(mc.DC_NO_ADVISOR(advisor=advisor_id, office=office_id))
    return row


def rotate_advisor_token(conn: Connection, office_id: str, advisor_id: str, now: datetime) -> str:
    """A new token for the advisor; the old one stops working at once, and so do their sessions."""
    row = _advisor_row(conn, office_id, advisor_id)
    if row.revoked_at is not None:
        raise NotFoundError(mc.DC_ADVISOR_REVOKED(advisor=advisor_id))
    token = new_token()
    conn.execute(sa.update(advisors).where(advisors.c.id == advisor_id).values(token_hash=hash_token(token)))
    _end_all(conn, advisor_id, now)
    return token


def revoke_advisor(conn: Connection, office_id: str, advisor_id: str, now: datetime) -> None:
    """Revoke the advisor's token and end their sessions, at once."""
    _advisor_row(conn, office_id, advisor_id)
    conn.execute(
        sa.update(advisors)
        .where(advisors.c.id == advisor_id, advisors.c.revoked_at.is_(None))
        .values(revoked_at=now.astimezone(UTC))
    )
    _end_all(conn, advisor_id, now)


def list_advisors(conn: Connection, office_id: str) -> list[Any]:
    """The office's advisors: id, name and when revoked (None while active)."""
    return list(
        conn.execute(
            sa.select(advisors.c.id, advisors.c.name, advisors.c.revoked_at)
            .where(advisors.c.office_id == office_id)
            .order_by(advisors.c.created_at, advisors.c.id)
        ).all()
    )
