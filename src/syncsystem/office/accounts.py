"""Office users, their roles and their server-side sessions, in ``office.sqlite`` in the state directory.

Two roles: `Role.ADMIN` (Administrator) may do everything, `Role.USER` (Benutzer) what a page
grants to users. Each user has their own password, stored only as a `syncsystem.passwords` hash.
A user can be deactivated (kept, but no login and no session); the last active Administrator can
neither be deactivated nor demoted, so the office never locks itself out.
A session is a random id handed to the browser in a cookie; the database keeps only its SHA-256,
the user, a CSRF token and two deadlines: idle (30 minutes since the last request) and absolute
(12 hours since login). Instants come from the injected clock. Every write is one transaction.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from syncsystem.errors import StoreError, UsageError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import store_reason
from syncsystem.passwords import hash_password, verify_password
from syncsystem.sqlite_tx import immediate

__all__ = [
    "ABSOLUTE",
    "IDLE",
    "MIN_PASSWORD",
    "AccountError",
    "Accounts",
    "Role",
    "Session",
    "User",
    "valid_name",
]

IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=12)
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS sessions (
    digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
    csrf TEXT NOT NULL, idle_until TEXT NOT NULL, ends_at TEXT NOT NULL
);
"""


class Role(StrEnum):
    """A user's role; `Role.ADMIN` includes everything `Role.USER` may do."""

    ADMIN = "admin"
    USER = "user"

    @property
    def label(self) -> str:
        return "Administrator" if self is Role.ADMIN else "Benutzer"

    def allows(self, needed: Role) -> bool:
        return self is Role.ADMIN or needed is Role.USER


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: Role
    active: bool = True


class AccountError(UsageError):
    """A refused change of a user; ``field`` names the form field it belongs to (a catalogue message,
    worded when shown: German on the pages, the chosen language in the CLI)."""

    def __init__(self, field: str, message: Message) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Session:
    """A live session: who, and the token every form of theirs must carry."""

    user: User
    csrf: str


def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii", "replace")).hexdigest()


class Accounts:
    """``office.sqlite``: open with `Accounts.open(state_dir)`."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, state_dir: Path) -> Accounts:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(state_dir / "office.sqlite", isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            columns = {row["name"] for row in conn.execute("PRAGMA table_info(users)")}
            if "active" not in columns:  # office.sqlite written before users could be deactivated
                conn.execute("ALTER TABLE users ADD COLUMN active INTEGER NOT NULL DEFAULT 1")
        except (OSError, sqlite3.Error) as exc:
            where = f"{state_dir}/office.sqlite"
            raise StoreError(mc.OFFICE_USERS_UNUSABLE(path=where, reason=store_reason(exc))) from exc
        return cls(conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Accounts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self._conn, label="office.sqlite")

    # users -------------------------------------------------------------------------------------
    def add_user(self, name: str, role: Role, password: str, now: datetime, *, replace: bool = False) -> None:
        """Add ``name`` (or with ``replace`` set a new role and password); refuses weak input."""
        if not _NAME.match(name):
            raise AccountError("name", mc.OFFICE_USER_NAME_SHAPE(name=repr(name)))
        _check_strength(name, password)
        hashed = hash_password(password)
        with self._tx() as tx:
            exists = tx.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone()
            if exists and not replace:
                raise AccountError("name", mc.OFFICE_USER_EXISTS(name=repr(name)))
            if exists:
                _keep_an_admin(tx, name, role, active=True)
                tx.execute(
                    "UPDATE users SET role = ?, hash = ?, active = 1 WHERE name = ?",
                    (role.value, hashed, name),
                )
                tx.execute("DELETE FROM sessions WHERE user = ?", (name,))  # a new password logs out
            else:
                tx.execute(
                    "INSERT INTO users (name, role, hash, created_at, active) VALUES (?, ?, ?, ?, 1)",
                    (name, role.value, hashed, now.isoformat()),
                )

    def users(self) -> list[User]:
        rows = self._conn.execute("SELECT name, role, active FROM users ORDER BY name")
        return [User(r["name"], Role(r["role"]), bool(r["active"])) for r in rows]

    def user(self, name: str) -> User:
        row = self._conn.execute("SELECT name, role, active FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise StoreError(mc.OFFICE_USER_UNKNOWN(name=repr(name)))
        return User(row["name"], Role(row["role"]), bool(row["active"]))

    def set_role(self, name: str, role: Role) -> None:
        """Give ``name`` another role; the last active Administrator keeps theirs."""
        with self._tx() as tx:
            _existing(tx, name)
            _keep_an_admin(tx, name, role, active=True)
            tx.execute("UPDATE users SET role = ? WHERE name = ?", (role.value, name))

    def set_active(self, name: str, active: bool) -> None:
        """(De)activate ``name``; deactivating ends their sessions; never the last active Administrator."""
        with self._tx() as tx:
            role = _existing(tx, name)
            _keep_an_admin(tx, name, role, active=active)
            tx.execute("UPDATE users SET active = ? WHERE name = ?", (int(active), name))
            if not active:
                tx.execute("DELETE FROM sessions WHERE user = ?", (name,))

    def set_password(self, name: str, password: str, *, keep_session: str | None = None) -> None:
        """A new password for ``name``; their sessions end (except ``keep_session``, the caller's own)."""
        _check_strength(name, password)
        hashed = hash_password(password)
        with self._tx() as tx:
            _existing(tx, name)
            tx.execute("UPDATE users SET hash = ? WHERE name = ?", (hashed, name))
            kept = _digest(keep_session) if keep_session else ""
            tx.execute("DELETE FROM sessions WHERE user = ? AND digest != ?", (name, kept))

    def check_password(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None (an unknown name costs the same time)."""
        row = self._conn.execute(
            "SELECT name, role, hash, active FROM users WHERE name = ?", (name,)
        ).fetchone()
        stored = row["hash"] if row else _DUMMY
        ok = verify_password(password, stored)
        return User(row["name"], Role(row["role"])) if row and ok and row["active"] else None

    # sessions ----------------------------------------------------------------------------------
    def start_session(self, user: User, now: datetime) -> str:
        """A new session for ``user``; returns its id (for the cookie; only its digest is stored)."""
        session_id = secrets.token_urlsafe(32)
        with self._tx() as tx:
            tx.execute("DELETE FROM sessions WHERE ends_at <= ? OR idle_until <= ?", (now.isoformat(),) * 2)
            tx.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                (
                    _digest(session_id),
                    user.name,
                    secrets.token_urlsafe(32),
                    (now + IDLE).isoformat(),
                    (now + ABSOLUTE).isoformat(),
                ),
            )
        return session_id

    def session(self, session_id: str, now: datetime) -> Session | None:
        """The live session ``session_id`` (its idle deadline moved on), or None if unknown or expired."""
        digest = _digest(session_id)
        with self._tx() as tx:
            row = tx.execute(
                "SELECT s.csrf, s.idle_until, s.ends_at, u.name, u.role FROM sessions s "
                "JOIN users u ON u.name = s.user WHERE s.digest = ? AND u.active = 1",
                (digest,),
            ).fetchone()
            if row is None:
                return None
            deadline = min(datetime.fromisoformat(row["idle_until"]), datetime.fromisoformat(row["ends_at"]))
            if deadline <= now:
                tx.execute("DELETE FROM sessions WHERE digest = ?", (digest,))
                return None
            idle = (now + IDLE).isoformat()
            tx.execute("UPDATE sessions SET idle_until = ? WHERE digest = ?", (idle, digest))
        return Session(User(row["name"], Role(row["role"])), row["csrf"])

    def end_session(self, session_id: str) -> None:
        with self._tx() as tx:
            tx.execute("DELETE FROM sessions WHERE digest = ?", (_digest(session_id),))


def valid_name(name: str) -> bool:
    """Whether ``name`` has the shape of a user name (letters, digits, ``. _ @ -``, at most 64)."""
    return bool(_NAME.match(name))


def _check_strength(name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("password", mc.OFFICE_PASSWORD_SHORT(name=name, least=MIN_PASSWORD))


def _existing(tx: sqlite3.Connection, name: str) -> Role:
    row = tx.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise StoreError(mc.OFFICE_USER_UNKNOWN(name=repr(name)))
    return Role(row["role"])


def _keep_an_admin(tx: sqlite3.Connection, name: str, role: Role, *, active: bool) -> None:
    """Refuse a change that would leave no active Administrator (``name`` as ``role``/``active`` after it)."""
    now = tx.execute("SELECT role, active FROM users WHERE name = ?", (name,)).fetchone()
    if (role is Role.ADMIN and active) or now is None or now["role"] != Role.ADMIN.value or not now["active"]:
        return
    others = tx.execute(
        "SELECT COUNT(*) FROM users WHERE role = ? AND active = 1 AND name != ?", (Role.ADMIN.value, name)
    ).fetchone()[0]
    if others == 0:
        field = "role" if active else "active"
        raise AccountError(field, mc.OFFICE_LAST_ADMIN(name=name))


_DUMMY = hash_password("timing-equaliser-not-a-password")
