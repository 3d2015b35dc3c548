"""Tokens and principals: who is calling, and for which office.

Tokens are 256-bit random strings shown once; the store keeps only their sha256 (a fast hash is
right for high-entropy secrets — there is nothing to brute-force). `authenticate_agent` and
`authenticate_advisor` turn a bearer token into a `Principal` or raise `AuthError`; the principal's
``office_id`` is what `OfficeScope` filters every query by.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.datacenter.errors import AuthError
from syncsystem.datacenter.store.schema import advisors, agent_tokens, agents
from syncsystem.messages import codes as mc

__all__ = [
    "AgentCache",
    "Principal",
    "authenticate_advisor",
    "authenticate_agent",
    "bearer_token",
    "hash_token",
    "new_id",
    "new_token",
    "token_valid",
    "utc",
]


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated caller: an agent or an advisor (a user of the office, with a role — see
    `syncsystem.datacenter.roles`), always of exactly one office."""

    kind: Literal["agent", "advisor"]
    id: str
    office_id: str
    role: str = ""


def new_token() -> str:
    """A fresh secret token. Secrets come from the OS CSPRNG, never from a seeded `random.Random`."""
    return secrets.token_urlsafe(32)


def new_id(prefix: str) -> str:
    """A fresh unguessable id such as ``agent-1f3a…`` (unique across server processes)."""
    return f"{prefix}-{secrets.token_hex(8)}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utc(moment: datetime | None) -> datetime | None:
    """Stored instants come back naive from SQLite and aware from PostgreSQL; make them aware UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def bearer_token(header: str | None) -> str:
    """The token of an ``Authorization: Bearer …`` header, or `AuthError`."""
    if not header:
        raise AuthError(mc.DC_AUTH_MISSING())
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(mc.DC_AUTH_SHAPE())
    return token.strip()


def token_valid(now: datetime, revoked: datetime | None, expires: datetime | None) -> bool:
    """A token is valid until revoked and, inside a rotation grace, until it expires."""
    expires_at = utc(expires)
    return revoked is None and (expires_at is None or expires_at > now)


def authenticate_agent(conn: Connection, token: str, now: datetime) -> Principal:
    """The agent a token belongs to; refused when unknown, revoked or past its rotation grace."""
    row = conn.execute(
        sa.select(
            agent_tokens.c.agent_id,
            agent_tokens.c.office_id,
            agent_tokens.c.token_hash,
            agent_tokens.c.revoked_at,
            agent_tokens.c.expires_at,
            agents.c.revoked_at.label("agent_revoked"),
        )
        .join(agents, agents.c.id == agent_tokens.c.agent_id)
        .where(agent_tokens.c.token_hash == hash_token(token))
    ).first()
    # compare_digest on the hash keeps the check constant-time even though the lookup is by key.
    if row is None or not hmac.compare_digest(row.token_hash, hash_token(token)):
        raise AuthError(mc.DC_AUTH_AGENT_UNKNOWN())
    if row.agent_revoked is not None or not token_valid(now, row.revoked_at, row.expires_at):
        raise AuthError(mc.DC_AUTH_AGENT_REVOKED())
    return Principal("agent", row.agent_id, row.office_id)


class AgentCache:
    """Recently verified agent tokens, so a poll costs one query instead of two.

    An entry lives ``ttl`` seconds of the clock's monotonic time; a revocation or rotation in this
    process clears the cache at once, one in another server process (on this host or another) takes
    effect within ``ttl`` — the documented revocation delay (`Settings.token_cache_seconds`, bounded
    by `context.MAX_TOKEN_CACHE_SECONDS`); ``ttl`` 0 turns the cache off.
    """

    def __init__(self, ttl: float = 2.0, size: int = 10_000) -> None:
        self.ttl = ttl
        self.size = size
        self._entries: dict[str, tuple[float, Principal]] = {}

    def get(self, digest: str, now: float) -> Principal | None:
        """The agent of the token whose `hash_token` is ``digest``, if verified within ``ttl``."""
        hit = self._entries.get(digest)
        if hit is None or now - hit[0] >= self.ttl:
            return None
        return hit[1]

    def put(self, digest: str, principal: Principal, now: float) -> None:
        if self.ttl <= 0:
            return
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[digest] = (now, principal)

    def clear(self) -> None:
        self._entries.clear()


def authenticate_advisor(conn: Connection, token: str) -> Principal:
    """The advisor a token belongs to; refused when unknown or revoked."""
    row = conn.execute(
        sa.select(advisors.c.id, advisors.c.office_id, advisors.c.revoked_at, advisors.c.role).where(
            advisors.c.token_hash == hash_token(token)
        )
    ).first()
    if row is None or row.revoked_at is not None:
        raise AuthError(mc.DC_AUTH_ADVISOR_UNKNOWN())
    return Principal("advisor", row.id, row.office_id, row.role)
