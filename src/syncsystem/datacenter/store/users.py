"""An office's users (advisors of old, now with e-mail, role and auto-update) and their logins.

The Administrator creates users, changes roles, deactivates them and hands out new login tokens;
the office always keeps one active Administrator. `login` starts the session and, at a user's
first login of the day (Europe/Vienna, from the injected clock), starts a changes-only update of
the office's Mandanten when the user asked for it and their role may update. "First of the day" is
decided by one conditional UPDATE, so two logins at the same moment start one update, not two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.datacenter.auth import Principal, hash_token, new_id, new_token
from syncsystem.datacenter.errors import ConflictError, DatacenterError, NotFoundError
from syncsystem.datacenter.roles import ADMINISTRATOR, ROLES, may_update
from syncsystem.datacenter.store import sessions
from syncsystem.datacenter.store.schema import advisors
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "OFFICE_ZONE",
    "FormError",
    "Login",
    "create_user",
    "deactivate",
    "list_users",
    "login",
    "new_login_token",
    "set_auto_update",
    "set_role",
    "user",
]

OFFICE_ZONE = ZoneInfo("Europe/Vienna")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class FormError(DatacenterError):
    """A form field with a value the office cannot use (400); ``field`` names it for the page, and
    ``fields`` every field refused with its message (the page shows each at its field)."""

    status = 400

    def __init__(self, field: str, message: Message, fields: Mapping[str, Message] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.reason = message
        self.fields = dict(fields or {field: message})


@dataclass(frozen=True, slots=True)
class Login:
    """A started session, and the update the login started (None when it started none)."""

    session_id: str
    auto_request_id: str | None


def _check(name: str, email: str, role: str) -> None:
    """Every unusable field at once, so the page can mark them all (the first names the error)."""
    wrong: dict[str, Message] = {}
    if not name.strip() or len(name) > 200:
        wrong["name"] = mc.DC_USER_NAME(most=200)
    if email and (len(email) > 254 or not _EMAIL.match(email)):
        wrong["email"] = mc.DC_USER_EMAIL(email=email)
    if role not in ROLES:
        wrong["role"] = mc.DC_USER_ROLE()
    if wrong:
        field, message = next(iter(wrong.items()))
        raise FormError(field, message, wrong)


def create_user(
    conn: Connection, office_id: str, *, name: str, email: str, role: str, auto_update: bool, now: datetime
) -> tuple[str, str]:
    """A new user of ``office_id``; returns ``(user_id, token)`` — the token is shown once."""
    name, email = name.strip(), email.strip()
    _check(name, email, role)
    user_id, token = new_id("user"), new_token()
    conn.execute(
        sa.insert(advisors).values(
            id=user_id,
            office_id=office_id,
            name=name,
            email=email,
            role=role,
            auto_update=int(auto_update),
            token_hash=hash_token(token),
            created_at=now.astimezone(UTC),
        )
    )
    return user_id, token


def list_users(conn: Connection, office_id: str) -> list[Any]:
    """The office's users, oldest first: id, name, email, role, auto_update, revoked_at, last_login_on."""
    return list(
        conn.execute(
            sa.select(
                advisors.c.id,
                advisors.c.name,
                advisors.c.email,
                advisors.c.role,
                advisors.c.auto_update,
                advisors.c.revoked_at,
                advisors.c.last_login_on,
            )
            .where(advisors.c.office_id == office_id)
            .order_by(advisors.c.created_at, advisors.c.id)
        ).all()
    )


def user(conn: Connection, office_id: str, user_id: str) -> Any:
    """One user of ``office_id``; a user of another office is not found, like a missing one."""
    for row in list_users(conn, office_id):
        if row.id == user_id:
            return row
    raise NotFoundError(mc.DC_NO_USER(user=user_id, office=office_id))


def _last_admin(conn: Connection, office_id: str, user_id: str) -> bool:
    admins = [r.id for r in list_users(conn, office_id) if r.role == ADMINISTRATOR and r.revoked_at is None]
    return admins == [user_id]


def set_role(conn: Connection, office_id: str, user_id: str, role: str) -> None:
    """Change a user's role; the office's last active Administrator keeps theirs."""
    row = user(conn, office_id, user_id)
    _check(row.name, "", role)
    if role != ADMINISTRATOR and _last_admin(conn, office_id, user_id):
        raise ConflictError(mc.DC_USER_LAST_ADMIN())
    conn.execute(sa.update(advisors).where(advisors.c.id == user_id).values(role=role))


def set_auto_update(conn: Connection, office_id: str, user_id: str, on: bool) -> None:
    user(conn, office_id, user_id)
    conn.execute(sa.update(advisors).where(advisors.c.id == user_id).values(auto_update=int(on)))


def deactivate(conn: Connection, office_id: str, user_id: str, now: datetime) -> None:
    """Lock a user out at once (token revoked, sessions ended); never the last Administrator."""
    if _last_admin(conn, office_id, user_id):
        raise ConflictError(mc.DC_USER_LAST_ADMIN())
    sessions.revoke_advisor(conn, office_id, user_id, now)


def new_login_token(conn: Connection, office_id: str, user_id: str, now: datetime) -> str:
    """A new login token for the user; the old one and their sessions end at once."""
    return sessions.rotate_advisor_token(conn, office_id, user_id, now)


def _first_login_today(conn: Connection, user_id: str, today: date) -> bool:
    done = conn.execute(
        sa.update(advisors)
        .where(
            advisors.c.id == user_id,
            sa.or_(advisors.c.last_login_on.is_(None), advisors.c.last_login_on != today),
        )
        .values(last_login_on=today)
    ).rowcount
    return done == 1


def login(
    conn: Connection, who: Principal, now: datetime, lifetime: timedelta = sessions.SESSION_LIFETIME
) -> Login:
    """Start ``who``'s session; at their first login of the day maybe start the automatic update."""
    session_id = sessions.start_session(conn, who, now, lifetime)
    first = _first_login_today(conn, who.id, now.astimezone(OFFICE_ZONE).date())
    if not first or not may_update(who.role):
        return Login(session_id, None)
    wants = conn.execute(sa.select(advisors.c.auto_update).where(advisors.c.id == who.id)).scalar_one()
    scope = OfficeScope(conn, who)
    ids = [row.mandant for row in scope.mandanten()]
    if not wants or not ids or not scope.agents():  # without an agent nothing could answer it
        return Login(session_id, None)
    return Login(session_id, scope.create_request(ids, "incremental", now))
