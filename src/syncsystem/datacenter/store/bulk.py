"""Storing a bundle's prepared rows: executemany on SQLite, ``COPY`` and one upsert per table on PostgreSQL.

`write_prepared` gets every file of one write transaction, already checked to belong to the office.
Snapshot tables (the OP list) first lose the named Mandanten's rows, so they become exactly the new
ones; other tables upsert by primary key, and an existing row is rewritten only when a value differs,
so re-ingesting the same data writes nothing and keeps the row's ``bundle_id`` (the bundle that last
*changed* it).

On SQLite each file is one executemany of a prepared ``INSERT … ON CONFLICT`` on the driver's cursor
(in process, nothing measured is cheaper: a set-based ``INSERT … SELECT … FROM json_each(?)`` of one
JSON parameter per file took ~1.7x as long, measured for issue 15). On PostgreSQL the rows of *all*
files go through one ``COPY`` (psycopg 3) into one temporary staging table (``stage_rows``: a table
number, text cells, a sequence; ``ON COMMIT DELETE ROWS``: empty again at the end of the
transaction), then one set-based statement per table moves them on, each cell cast to its column's
type — ``INSERT … SELECT DISTINCT ON (key) … ON CONFLICT``, or for a snapshot a plain ``INSERT …
SELECT`` — and the staged rows are deleted (a second call in the same transaction stages only its
own; a large file is stored slice by slice in one transaction). A key that occurs twice in one
bundle keeps its last row, as the executemany did.

Round trips are what a bundle's transaction waits for on a busy database host, and PostgreSQL
empties every such table of the session at each commit that used one, so the path keeps both few:
one staging table, created once per connection (remembered in the pooled connection's ``info``
when its transaction commits — a rollback takes the ``CREATE`` with it), one ``COPY``, and the
statements of all tables in one pipeline.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from syncsystem.datacenter.rows import TABLES, Prepared

__all__ = ["upsert_sql", "write_prepared"]

_POSTGRESQL = postgresql.dialect()  # type: ignore[no-untyped-call]
Staged = dict[tuple[sa.Table, tuple[str, ...], bool], list["Prepared"]]


def write_prepared(conn: Connection, office_id: str, files: Sequence[tuple[str, Prepared]]) -> None:
    """Store ``(mandant, prepared)`` files in ``conn``'s open transaction (see the module docstring)."""
    for mandant, p in files:
        if p.rows and any(r[0] != office_id or r[1] != mandant for r in (p.rows[0], p.rows[-1])):
            raise ValueError("prepared rows belong to another office or Mandant")
    for mandant, p in files:
        if p.snapshot:
            conn.execute(_delete_sql(p.table), {"o": office_id, "m": mandant})
    if conn.dialect.name == "postgresql":
        _copy_all(conn, files)
        return
    # The driver's own executemany: SQLAlchemy's execution layer adds nothing for parameters that are
    # already the driver's, and costs ~50 µs a statement.
    dbapi: Any = conn.dialect.loaded_dbapi
    cursor: Any = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        for _, p in files:
            if p.rows:
                sql = upsert_sql(p.table, p.columns, conn.dialect.name, p.snapshot)
                try:
                    cursor.executemany(sql, p.rows)
                except dbapi.Error as exc:  # as SQLAlchemy would raise it (IntegrityError …)
                    raise sa.exc.DBAPIError.instance(sql, None, exc, dbapi.Error) from exc
    finally:
        cursor.close()


@functools.cache
def _delete_sql(table: sa.Table) -> sa.Delete:
    """A snapshot table's DELETE of one Mandant's rows (parameters ``o`` office, ``m`` Mandant)."""
    office, mandant = sa.bindparam("o", type_=sa.String), sa.bindparam("m", type_=sa.String)
    return sa.delete(table).where(table.c.office_id == office, table.c.mandant == mandant)


def _copy_all(conn: Connection, files: Sequence[tuple[str, Prepared]]) -> None:
    """All rows of all tables by one ``COPY`` into the staging table, then one statement per table
    moves them on (pipelined: one round trip for all)."""
    by_table: Staged = {}
    for _, p in files:
        if p.rows:
            by_table.setdefault((p.table, p.columns, p.snapshot), []).append(p)
    if not by_table:
        return
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cur:
        _ensure_stage(conn, cur)
        with cur.copy(f"COPY {_STAGE} ({', '.join(_cells(_WIDTH))}, t) FROM STDIN") as copy:
            if _row_formatter() is None:
                _write_rows(copy, by_table)
            else:
                _write_text(copy, cur, by_table)
        with driver.pipeline():
            for table, columns, snapshot in by_table:
                cur.execute(_move_sql(table, columns, snapshot))
            cur.execute(f"DELETE FROM {_STAGE}")  # moved: a second call in this transaction starts empty


@functools.cache
def _row_formatter() -> Any:
    """psycopg's formatter of one COPY text row (C in ``psycopg[binary]``), or None where a psycopg
    keeps it elsewhere (it is internal): then ``write_row`` does the same, slower."""
    try:
        from psycopg._copy_base import format_row_text  # noqa: PLC0415 - PostgreSQL only
    except ImportError:  # pragma: no cover - psycopg 3.1
        return None
    return format_row_text


def _write_text(copy: Any, cur: Any, by_table: Staged) -> None:
    """Each table's rows as COPY text by psycopg's own row formatter (what ``write_row`` calls per
    row), then the cells a table lacks and its number appended to every line at once: the formatter
    escapes line breaks inside a value, so each ``\\n`` ends a row. The kontool bundle's 1,130 rows
    took 2.1 ms of CPU instead of 2.5 ms by ``write_row`` of padded rows (a quarter of the cells
    are pads, and the call per row is Python)."""
    from psycopg.adapt import Transformer  # noqa: PLC0415 - PostgreSQL only

    fmt, tx = _row_formatter(), Transformer.from_context(cur)
    for (table, columns, _), group in by_table.items():
        out = bytearray()
        for p in group:
            for row in p.rows:
                fmt(row, tx, out)
        tail = b"\t\\N" * (_WIDTH - len(columns)) + b"\t%d\n" % _number(table)
        copy.write(bytes(out).replace(b"\n", tail))


def _write_rows(copy: Any, by_table: Staged) -> None:
    """The same by ``write_row`` (a psycopg without its row formatter where this module looks)."""
    pads = [(None,) * n for n in range(_WIDTH + 1)]
    write = copy.write_row
    for (table, columns, _), group in by_table.items():
        tail = pads[_WIDTH - len(columns)] + (_number(table),)
        for p in group:
            for row in p.rows:
                write(row + tail)


_STAGE = "stage_rows"
_WIDTH = max(len(table.columns) for table in TABLES.values())  # cells: the widest table
_STAGED = "syncsystem_stage"  # in the pooled connection's info: it has the staging table …
_PENDING = "syncsystem_stage_pending"  # … or made it in the open transaction


def _cells(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


@functools.cache
def _number(table: sa.Table) -> int:
    """The table's number in the staging table's ``t`` (stable for the process)."""
    return sorted(table.metadata.tables).index(table.name)


def _ensure_stage(conn: Connection, cur: Any) -> None:
    """Create the session's staging table unless this connection has it: a type number ``t``, text
    cells and the row's sequence, emptied at every commit. Made in a transaction that rolls back it
    is gone again, so it counts as the connection's once that transaction commits (`_settle_stage`,
    listened for on the engine before the first is made)."""
    info = conn.info
    if info.get(_STAGED) or info.get(_PENDING):
        return
    if not sa.event.contains(conn.engine, "commit", _settle_stage):
        sa.event.listen(conn.engine, "commit", _settle_stage)
        sa.event.listen(conn.engine, "rollback", _drop_pending)
        sa.event.listen(conn.engine, "rollback_savepoint", _drop_pending)
    cells = ", ".join(f"{c} text" for c in _cells(_WIDTH))
    cur.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {_STAGE} (t smallint NOT NULL, {cells}, "
        "seq bigint GENERATED ALWAYS AS IDENTITY) ON COMMIT DELETE ROWS"
    )
    info[_PENDING] = True


def _settle_stage(conn: Connection) -> None:
    if conn.info.pop(_PENDING, None):
        conn.info[_STAGED] = True


def _drop_pending(conn: Connection, *_savepoint: object) -> None:
    conn.info.pop(_PENDING, None)


@functools.cache
def _move_sql(table: sa.Table, columns: tuple[str, ...], snapshot: bool) -> str:
    """``INSERT … SELECT`` of the table's staged rows, each cell cast to its column's type (as COPY
    into the table would read it): for a snapshot all of them, else the last row per key, upserted
    like `upsert_sql`."""
    listed = ", ".join(columns)
    cells = zip(_cells(len(columns)), columns, strict=True)
    typed = ", ".join(f"{cell}::{_cast(table.c[name].type)} AS {name}" for cell, name in cells)
    staged = f"(SELECT {typed}, seq FROM {_STAGE} WHERE t = {_number(table)}) AS staged"
    if snapshot:
        return f"INSERT INTO {table.name} ({listed}) SELECT {listed} FROM {staged}"
    key = ", ".join(c.name for c in table.primary_key.columns)
    latest = f"SELECT DISTINCT ON ({key}) {listed} FROM {staged} ORDER BY {key}, seq DESC"
    return f"INSERT INTO {table.name} ({listed}) {latest} {_conflict(table, columns, 'postgresql')}"


def _cast(kind: sa.types.TypeEngine[Any]) -> str:
    """The type a cell is read as: text stays text — an explicit cast to ``varchar(n)`` would cut a
    longer value silently, the INSERT's own conversion refuses it as COPY into the table did."""
    return "text" if isinstance(kind, sa.String) else kind.compile(dialect=_POSTGRESQL)


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
