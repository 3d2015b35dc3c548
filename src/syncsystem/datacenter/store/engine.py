"""Opening the store: engine settings per database, and Alembic migrations run programmatically.

SQLite (the embedded default) gets the settings of `syncsystem.db` (WAL, ``synchronous=NORMAL``, a
busy timeout) plus foreign keys; write transactions start with ``BEGIN IMMEDIATE`` so two writers
queue instead of failing on a lock upgrade. PostgreSQL migrations hold an advisory lock, so several
server processes starting at once migrate exactly once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from syncsystem import db
from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc

__all__ = ["MIGRATIONS", "Store", "make_engine", "migrate"]

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x5359_4E43  # "SYNC"


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``) with our settings.

    The pool hands out the most recently returned connection first (``pool_use_lifo``): the polls on the
    event loop then keep using one SQLite connection, whose page cache its own last-seen writes do
    not invalidate (each other connection re-reads the pages after every write — the token lookup
    cost ~2.5× as much with the pool's default round robin)."""
    return db.make_engine(
        url, foreign_keys=True, create_folder=True, pool_size=pool_size, max_overflow=20, pool_use_lifo=True
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with db.migration_connection(engine, _PG_MIGRATION_LOCK) as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(mc.STORE_MIGRATE(reason=str(exc))) from exc


class Store:
    """The engine plus the two ways to use it: a read transaction and a write transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str, *, run_migrations: bool = True, pool_size: int = 10) -> Store:
        store = cls(make_engine(url, pool_size=pool_size))
        if run_migrations:
            migrate(store.engine)
        return store

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def single_read(self, conn: Connection | None = None) -> Iterator[Connection]:
        """For single SELECTs on the hot path (a token, an upload's id): no transaction of their own —
        on PostgreSQL that saves the BEGIN and ROLLBACK round trips (autocommit), on SQLite its
        BEGIN. On ``conn`` (from `connection`) when given, else on a connection of its own."""
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self.engine.connect())
            if self.dialect == "postgresql":
                conn.execution_options(isolation_level="AUTOCOMMIT")
            else:
                conn.execution_options(sqlite_single_read=True)
            yield conn
            conn.rollback()

    @contextlib.contextmanager
    def write(self, conn: Connection | None = None) -> Iterator[Connection]:
        """One transaction that commits on success and rolls back on any exception; on ``conn``
        (from `connection`, after a `single_read` on it) when given, else on a connection of its own."""
        with contextlib.ExitStack() as stack:
            if conn is None:
                conn = stack.enter_context(self.engine.connect())
            elif self.dialect == "postgresql":
                conn.execution_options(isolation_level=conn.default_isolation_level)
            conn.execution_options(sqlite_immediate=True, sqlite_single_read=False)
            with conn.begin():
                yield conn

    def connection(self) -> Connection:
        """A pooled connection for a `single_read` and a later `write` (an upload: its id looked up
        before the bundle is opened, claimed once it is parsed) — one checkout and one liveness
        ping instead of two. Use it as a context manager."""
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()
