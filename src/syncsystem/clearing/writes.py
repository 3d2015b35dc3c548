"""The payment write path: new payments in, duplicates skipped by the database, sums per invoice kept.

`insert_payments` stores a frame of payments with ``INSERT … ON CONFLICT DO NOTHING`` against the
UNIQUE natural key and leaves the sums of exactly the *new* payments per invoice in the temporary
table ``clearing_delta`` for `paid.apply_payments`. SQLite binds the frame's columns straight to
``executemany`` and finds the new rows by id (the import holds the write lock); PostgreSQL copies
into a staging table and takes the new rows from ``RETURNING``.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.engine import Connection

from syncsystem.clearing.bulk import CHUNK, driver, values
from syncsystem.clearing.frames import PAYMENT_COLUMNS
from syncsystem.clearing.schema import PAYMENT_KEY

__all__ = ["insert_payments"]


def insert_payments(conn: Connection, frame: pl.DataFrame) -> int:
    """Insert a frame of payments (``PAYMENT_COLUMNS``), skipping those whose natural key exists.

    Returns how many are new; their sums per invoice wait in the temporary table ``clearing_delta``.
    """
    _temp_tables(conn)
    if frame.is_empty():
        return 0
    if conn.dialect.name == "sqlite":
        return _insert_sqlite(conn, frame)
    return _insert_postgres(conn, frame)


def _insert_sqlite(conn: Connection, frame: pl.DataFrame) -> int:
    # Rows get ids above the largest one present (rowid allocation), and BEGIN IMMEDIATE keeps
    # every other writer out until commit: the ids above ``before`` are exactly the new rows.
    before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM clearing_payments").scalar_one()
    sql = (f"INSERT INTO clearing_payments ({', '.join(PAYMENT_COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(PAYMENT_COLUMNS))}) ON CONFLICT DO NOTHING")
    cursor = driver(conn).cursor()
    created = 0
    try:
        # column lists zipped into tuples: no per-row objects beyond what sqlite3 binds
        for start in range(0, frame.height, CHUNK):
            part = frame.slice(start, CHUNK)
            cursor.executemany(sql, zip(*(values(part[c]) for c in PAYMENT_COLUMNS), strict=True))
            created += max(cursor.rowcount, 0)
    finally:
        cursor.close()
    if created:
        conn.exec_driver_sql(
            "INSERT INTO clearing_delta SELECT mandant, rechnungsnr, sum(betrag_cents), count(*) "
            "FROM clearing_payments WHERE id > ? GROUP BY mandant, rechnungsnr", (before,)
        )
    return created


def _insert_postgres(conn: Connection, frame: pl.DataFrame) -> int:
    # COPY into a session-local staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING
    # whose RETURNING rows are exactly the new payments
    cols = ", ".join(PAYMENT_COLUMNS)
    conn.exec_driver_sql("TRUNCATE clearing_stage")
    data = frame.select(PAYMENT_COLUMNS).write_csv(include_header=False, quote_style="non_numeric")
    with driver(conn).cursor() as cur, cur.copy(
        f"COPY clearing_stage ({cols}) FROM STDIN (FORMAT csv)"
    ) as copy:
        copy.write(data.encode())
    conn.exec_driver_sql(
        f"WITH new AS (INSERT INTO clearing_payments ({cols}) SELECT {cols} FROM clearing_stage "
        f"ON CONFLICT ({', '.join(PAYMENT_KEY)}) DO NOTHING "
        "RETURNING mandant, rechnungsnr, betrag_cents) "
        "INSERT INTO clearing_delta SELECT mandant, rechnungsnr, sum(betrag_cents), count(*) "
        "FROM new GROUP BY mandant, rechnungsnr"
    )
    conn.exec_driver_sql("TRUNCATE clearing_stage")
    return int(conn.exec_driver_sql("SELECT coalesce(sum(n), 0) FROM clearing_delta").scalar_one())


def _temp_tables(conn: Connection) -> None:
    """Session-local work tables, created once per connection and emptied for each import."""
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS clearing_delta (mandant VARCHAR(20) NOT NULL, "
        "rechnungsnr VARCHAR(40) NOT NULL, total BIGINT NOT NULL, n BIGINT NOT NULL, "
        "PRIMARY KEY (mandant, rechnungsnr))"
    )
    conn.exec_driver_sql("DELETE FROM clearing_delta")
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS clearing_stage "
            "(LIKE clearing_payments INCLUDING DEFAULTS)"
        )
