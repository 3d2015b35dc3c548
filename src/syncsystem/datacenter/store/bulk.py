"""Storing a bundle's prepared rows: executemany on SQLite, ``COPY`` and one upsert per table on PostgreSQL.

`write_prepared` gets every file of one write transaction, already checked to belong to the office.
Snapshot tables (the OP list) first lose the named Mandanten's rows, so they become exactly the new
ones; other tables upsert by primary key, and an existing row is rewritten only when a value differs,
so re-ingesting the same data writes nothing and keeps the row's ``bundle_id`` (the bundle that last
*changed* it).

On SQLite each file is one executemany of a prepared ``INSERT … ON CONFLICT`` (in process, nothing is
cheaper). On PostgreSQL the rows of all files of one table go through the ``COPY`` protocol (psycopg 3)
— into the table itself for a snapshot, else into a temporary staging table (``ON COMMIT DELETE
ROWS``, and emptied after each upsert, as a large file is stored slice by slice in one transaction)
followed by one set-based ``INSERT … SELECT … ON CONFLICT`` — the per-row round trips and statement
executions of executemany are gone. A key that occurs twice in one bundle keeps its last row, as the
executemany did.
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
    """Per table: all its files' rows by ``COPY``, then (unless a snapshot) one set-based upsert."""
    by_table: dict[tuple[str, tuple[str, ...], bool], list[Prepared]] = {}
    for _, p in files:
        if p.rows:
            by_table.setdefault((p.table.name, p.columns, p.snapshot), []).append(p)
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cur:
        for (name, columns, snapshot), group in by_table.items():
            table = group[0].table
            target = name if snapshot else _stage(cur, name)
            with cur.copy(f"COPY {target} ({', '.join(columns)}) FROM STDIN") as copy:
                write = copy.write_row
                for p in group:
                    for row in p.rows:
                        write(row)
            if not snapshot:
                cur.execute(_merge_sql(table, columns))
                # emptied now, not only at commit: a sliced file calls again in the same transaction
                cur.execute(f"TRUNCATE {target}")


def _stage(cur: Any, name: str) -> str:
    """The session's staging table for ``name`` (created once per connection, emptied at commit)."""
    stage = f"stage_{name}"
    cur.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {name} INCLUDING DEFAULTS, "
        "stage_seq BIGINT GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS"
    )
    return stage


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
