"""Storing a bundle's prepared rows: executemany on SQLite, ``COPY`` and one upsert per table on PostgreSQL.

`write_prepared` gets every file of one write transaction, already checked to belong to the office.
Snapshot tables (the OP list) first lose the named Mandanten's rows, so they become exactly the new
ones; other tables upsert by primary key, and an existing row is rewritten only when a value differs,
so re-ingesting the same data writes nothing and keeps the row's ``bundle_id`` (the bundle that last
*changed* it).

On SQLite each file is one executemany of a prepared ``INSERT … ON CONFLICT`` (in process, nothing is
cheaper). On PostgreSQL the rows of all files of one table go through the ``COPY`` protocol (psycopg 3)
— into the table itself for a snapshot, else into a temporary staging table (``ON COMMIT DELETE
ROWS``: empty again at the end of the transaction) followed by one set-based ``INSERT … SELECT … ON
CONFLICT`` — the per-row round trips and statement executions of executemany are gone. A key that
occurs twice in one bundle keeps its last row, as the executemany did.

Round trips are what a bundle's transaction waits for on a busy database host, so the PostgreSQL path
keeps them few: the staging tables are created once per connection (remembered in the pooled
connection's ``info`` when their transaction commits — a rollback takes the ``CREATE`` with it), and
the upserts of all tables go out together in one pipeline after the ``COPY``s.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.datacenter.rows import Prepared

__all__ = ["upsert_sql", "write_prepared"]


def write_prepared(conn: Connection, office_id: str, files: Sequence[tuple[str, Prepared]]) -> None:
    """Store ``(mandant, prepared)`` files in ``conn``'s open transaction (see the module docstring)."""
    for mandant, p in files:
        if p.rows and any(r[0] != office_id or r[1] != mandant for r in (p.rows[0], p.rows[-1])):
            raise ValueError("prepared rows belong to another office or Mandant")
    for mandant, p in files:
        if p.snapshot:
            table = p.table
            conn.execute(sa.delete(table).where(table.c.office_id == office_id, table.c.mandant == mandant))
    if conn.dialect.name == "postgresql":
        _copy_all(conn, files)
        return
    for _, p in files:
        if p.rows:
            conn.exec_driver_sql(upsert_sql(p.table, p.columns, conn.dialect.name, p.snapshot), p.rows)


def _copy_all(conn: Connection, files: Sequence[tuple[str, Prepared]]) -> None:
    """Per table: all its files' rows by ``COPY``; then the upserts of the staged tables, pipelined."""
    by_table: dict[tuple[str, tuple[str, ...], bool], list[Prepared]] = {}
    for _, p in files:
        if p.rows:
            by_table.setdefault((p.table.name, p.columns, p.snapshot), []).append(p)
    staged = [(group[0].table, columns) for (_, columns, snapshot), group in by_table.items() if not snapshot]
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cur:
        _ensure_stages(conn, cur, [table.name for table, _ in staged])
        for (name, columns, snapshot), group in by_table.items():
            target = name if snapshot else f"stage_{name}"
            with cur.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
                write = copy.write_row
                for p in group:
                    for row in p.rows:
                        write(row)
        if staged:
            with driver.pipeline():
                for table, columns in staged:
                    cur.execute(_merge_sql(table, columns))


_STAGED = "syncsystem_stages"  # in the pooled connection's info: its committed staging tables
_PENDING = "syncsystem_stages_pending"  # … and those created in the open transaction


def _ensure_stages(conn: Connection, cur: Any, names: Sequence[str]) -> None:
    """Create the staging tables ``stage_<name>`` this connection lacks (session-local, emptied at
    every commit). A table created in a transaction that rolls back is gone again, so it counts as
    the connection's only once that transaction commits (`_settle_stages`, listened for on the engine
    before the first is created)."""
    info = conn.info
    have: set[str] = info.setdefault(_STAGED, set()) | info.setdefault(_PENDING, set())
    missing = [name for name in names if name not in have]
    if not missing:
        return
    if not sa.event.contains(conn.engine, "commit", _settle_stages):
        sa.event.listen(conn.engine, "commit", _settle_stages)
        sa.event.listen(conn.engine, "rollback", _drop_pending)
        sa.event.listen(conn.engine, "rollback_savepoint", _drop_pending)
    with conn.connection.driver_connection.pipeline():  # type: ignore[union-attr]
        for name in missing:
            cur.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS stage_{name} (LIKE {name} INCLUDING DEFAULTS, "
                "stage_seq BIGINT GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS"
            )
    info[_PENDING].update(missing)


def _settle_stages(conn: Connection) -> None:
    pending = conn.info.pop(_PENDING, None)
    if pending:
        conn.info.setdefault(_STAGED, set()).update(pending)


def _drop_pending(conn: Connection, *_savepoint: object) -> None:
    conn.info.pop(_PENDING, None)


@functools.cache
def _merge_sql(table: sa.Table, columns: tuple[str, ...]) -> str:
    """``INSERT … SELECT`` from the staging table: the last row per key, upserted like `upsert_sql`."""
    key = [c.name for c in table.primary_key.columns]
    listed = ", ".join(columns)
    latest = (
        f"SELECT DISTINCT ON ({', '.join(key)}) {listed} FROM stage_{table.name} "
        f"ORDER BY {', '.join(key)}, stage_seq DESC"
    )
    return f"INSERT INTO {table.name} ({listed}) {latest} {_conflict(table, columns, 'postgresql')}"


def _conflict(table: sa.Table, columns: tuple[str, ...], dialect: str) -> str:
    key = [c.name for c in table.primary_key.columns]
    content = [c for c in columns if c not in key and c != "bundle_id"]
    if not content:
        return f"ON CONFLICT ({', '.join(key)}) DO NOTHING"
    distinct = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    changed = " OR ".join(f"{table.name}.{c} {distinct} excluded.{c}" for c in content)
    assign = ", ".join(f"{c} = excluded.{c}" for c in [*content, "bundle_id"])
    return f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {assign} WHERE {changed}"


@functools.cache
def upsert_sql(table: sa.Table, columns: tuple[str, ...], dialect: str, plain: bool) -> str:
    """``INSERT … VALUES … ON CONFLICT`` text for executemany, built once per table and dialect."""
    mark = "?" if dialect == "sqlite" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))})"
    return sql if plain else f"{sql} {_conflict(table, columns, dialect)}"
