"""Bulk statements for the clearing store below SQLAlchemy's per-row cost: driver cursors, COPY, binds.

On SQLite the statement SQLAlchemy compiled goes to the driver with positional tuples (building a
million parameter dicts costs more than the inserts themselves), and bulk rows go as multi-row
``VALUES`` lists (`values_many`: a hundred rows per statement execution cost a third less than one
each); PostgreSQL gets ``COPY FROM STDIN``.
Callers hand dates over as ISO text (the frames hold them so): the driver-level path bypasses
``sa.Date``'s bind processor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from sqlalchemy.engine import Connection

__all__ = ["CHUNK", "copy_rows", "driver", "executemany", "values", "values_many"]

CHUNK = 50_000
_MAX_PARAMS = 999  # SQLite's historic bound-parameter limit: safe on every build


def executemany(conn: Connection, stmt: Any, keys: Sequence[str], rows: Sequence[Sequence[Any]]) -> int:
    """Run ``stmt`` once per row (values in ``keys`` order); returns the rows affected."""
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        compiled = stmt.compile(dialect=conn.dialect, column_keys=list(keys))
        order = [list(keys).index(k) for k in compiled.positiontup]
        affected = 0
        for start in range(0, len(rows), CHUNK):
            chunk = [tuple(r[i] for i in order) for r in rows[start : start + CHUNK]]
            affected += max(conn.exec_driver_sql(str(compiled), chunk).rowcount, 0)
        return affected
    affected = 0
    for start in range(0, len(rows), CHUNK):
        params = [dict(zip(keys, r, strict=True)) for r in rows[start : start + CHUNK]]
        affected += max(conn.execute(stmt, params).rowcount, 0)
    return affected


def copy_rows(conn: Connection, table: str, keys: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """PostgreSQL COPY FROM STDIN of ``rows`` into ``table`` (inside the open transaction)."""
    with driver(conn).cursor() as cur, cur.copy(f"COPY {table} ({', '.join(keys)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def values(column: pl.Series) -> list[Any]:
    """A column's Python values for binding; one shared string when all are equal (file name)."""
    if column.dtype == pl.String and column.n_unique() == 1:
        return [column[0]] * column.len()
    return column.to_list()


def values_many(cursor: Any, head: str, tail: str, frame: pl.DataFrame, columns: Sequence[str]) -> int:
    """SQLite: ``head VALUES (…), (…), … tail`` for the rows of ``frame``; returns the rows changed.

    Rows go in frame order, as many per statement as the parameter limit allows; the parameters
    are one flat list filled column by column (slice assignment runs in C, not per value).
    """
    width = len(columns)
    per = max(_MAX_PARAMS // width, 1)
    row = f"({', '.join('?' * width)})"

    def sql(rows: int) -> str:
        return f"{head} VALUES {', '.join([row] * rows)} {tail}"

    changed = 0
    for start in range(0, frame.height, CHUNK):
        part = frame.slice(start, CHUNK)
        flat: list[Any] = [None] * (part.height * width)
        for j, name in enumerate(columns):
            flat[j::width] = values(part[name])
        step = per * width
        whole = len(flat) // step * step
        if whole:
            cursor.executemany(sql(per), (flat[i : i + step] for i in range(0, whole, step)))
            changed += max(cursor.rowcount, 0)
        if whole < len(flat):
            cursor.execute(sql((len(flat) - whole) // width), flat[whole:])
            changed += max(cursor.rowcount, 0)
    return changed


def driver(conn: Connection) -> Any:
    """The DBAPI connection under ``conn`` (sqlite3 or psycopg), in the same transaction."""
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw
