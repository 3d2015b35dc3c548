"""Opening a SQLAlchemy engine with syncsystem's database settings, for SQLite and PostgreSQL.

The datacenter store and the clearing store both open their engines here, so the SQLite settings
live in one place: WAL with ``synchronous=NORMAL``, a busy timeout so writers queue instead of
failing, and transactions begun by SQLAlchemy rather than by pysqlite's implicit ``BEGIN`` — which
lets a writer take its lock up front with ``BEGIN IMMEDIATE`` (no lock upgrade, so no
``SQLITE_BUSY`` half-way through). A store chooses ``BEGIN IMMEDIATE`` for every transaction, or
per connection with the execution option ``sqlite_immediate=True``; ``sqlite_single_read=True``
runs a lone SELECT without a transaction of its own. PostgreSQL engines ping pooled connections
before use; both stores migrate inside `migration_connection` (a PostgreSQL advisory lock, so
processes opening one database at once migrate it exactly once). Stores on the standard library's
``sqlite3`` (no SQLAlchemy on the agent host) begin their write transactions the same way through
:mod:`syncsystem.sqlite_tx`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import sqlalchemy.ext.compiler
from sqlalchemy.engine import Connection, Engine

from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

__all__ = ["SUPPORTED_BACKENDS", "folded", "make_engine", "migration_connection"]

SUPPORTED_BACKENDS = ("sqlite", "postgresql")


def make_engine(
    url: str | sa.URL,
    *,
    busy_timeout_s: int = 30,
    foreign_keys: bool = False,
    always_immediate: bool = False,
    create_folder: bool = False,
    **pool: int,
) -> Engine:
    """An engine for ``url`` (``sqlite:///path`` or ``postgresql+psycopg://…``) with our settings.

    ``pool`` goes to ``create_engine`` as is (``pool_size``, ``max_overflow``); ``create_folder``
    creates the folder of a SQLite file first.
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(mc.DB_NOT_A_URL(url=str(url))) from exc
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ConfigError(mc.DB_UNSUPPORTED(url=parsed.render_as_string(hide_password=True), backend=backend))
    if backend != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True, **pool)
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
        _create_private(Path(parsed.database), create_folder=create_folder)
    engine = sa.create_engine(
        parsed,
        connect_args={"check_same_thread": False, "timeout": busy_timeout_s},
        **pool,
    )
    _configure_sqlite(engine, busy_timeout_s, foreign_keys, always_immediate)
    return engine


FOLD_FUNCTION = "syncsystem_fold"


def _fold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


class folded(sa.sql.expression.FunctionElement[str]):  # noqa: N801 - a SQL function, named as one
    """``folded(x)``: ``x`` case-folded for comparisons that ignore case, umlauts and ß included —
    ``lower`` on PostgreSQL (Unicode-aware), on SQLite Python's ``str.casefold`` (registered on every
    connection; SQLite's own ``lower`` folds ASCII only)."""

    type = sa.String()
    name = "folded"
    inherit_cache = True


@sa.ext.compiler.compiles(folded)
def _folded(element: folded, compiler: Any, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@sa.ext.compiler.compiles(folded, "sqlite")
def _folded_on_sqlite(element: folded, compiler: Any, **kw: Any) -> str:
    return f"{FOLD_FUNCTION}({compiler.process(element.clauses, **kw)})"


def _create_private(path: Path, *, create_folder: bool) -> None:
    """Create a new SQLite file readable by its owner only (0600): it holds accounting data and
    credentials' hashes; SQLite gives its -wal and -shm files the same mode."""
    if create_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass
    except OSError as exc:
        raise ConfigError(mc.DB_CANNOT_CREATE(path=str(path), reason=os_reason(exc))) from exc


def _configure_sqlite(
    engine: Engine, busy_timeout_s: int, foreign_keys: bool, always_immediate: bool
) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # pysqlite's own implicit BEGIN is switched off so that ours (see _on_begin) is the only one
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_s * 1000}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        if foreign_keys:
            cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        # SQLite's lower() folds ASCII only ("Ö" stays "Ö"); `folded` compiles to this on SQLite
        dbapi_conn.create_function(FOLD_FUNCTION, 1, _fold, deterministic=True)

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("sqlite_single_read"):
            return  # one SELECT needs no transaction of its own: the driver runs it atomically
        immediate = always_immediate or options.get("sqlite_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextlib.contextmanager
def migration_connection(engine: Engine, lock_key: int) -> Iterator[Connection]:
    """A connection to run migrations on; on PostgreSQL it holds the session advisory lock
    ``lock_key`` until the block ends, so concurrent starts migrate one after the other."""
    with engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({int(lock_key)})")
        try:
            yield conn
        finally:
            if postgres:
                conn.rollback()  # a failed migration leaves an aborted transaction, which refuses the unlock
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({int(lock_key)})")
                conn.commit()
