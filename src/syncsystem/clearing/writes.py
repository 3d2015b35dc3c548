"""The payment write path: new payments in, duplicates skipped by the database, sums per invoice kept.

`insert_payments` stores frames of payments (a large file's chunks, one after another) with
``INSERT … ON CONFLICT DO NOTHING`` against the UNIQUE natural key and hands the sums of exactly the
*new* payments per invoice to `paid.apply_payments`. SQLite binds each frame's columns, sorted by
the key, as multi-row ``VALUES`` lists; when every row was new (the first import of a file: the
statements' change count equals the frame's rows), the sums come from the frame itself, otherwise
from the rows with ids above those present before (the import holds the write lock); the chunks'
sums are merged per invoice at the end. PostgreSQL copies each frame into a staging table and adds
the new rows from ``RETURNING`` to the temporary table ``clearing_delta``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from sqlalchemy.engine import Connection

from syncsystem.clearing.bulk import driver, values_many
from syncsystem.clearing.frames import PAYMENT_COLUMNS
from syncsystem.clearing.schema import PAYMENT_KEY

__all__ = ["DELTA_SCHEMA", "Inserted", "insert_payments"]

# The new payments' sums per invoice: the invoice's id and what was added to it.
DELTA_SCHEMA: dict[str, pl.DataType] = {"invoice_id": pl.Int64(), "total": pl.Int64()}


@dataclass(frozen=True, slots=True)
class Inserted:
    """What `insert_payments` stored: how many payments are new, and their sums per invoice.

    ``delta`` (`DELTA_SCHEMA`) holds the sums in memory (SQLite); None means they wait in the
    temporary table ``clearing_delta`` (PostgreSQL).
    """

    created: int
    delta: pl.DataFrame | None


def insert_payments(conn: Connection, frames: pl.DataFrame | Iterable[pl.DataFrame]) -> Inserted:
    """Insert payments (``PAYMENT_COLUMNS``), skipping those whose natural key exists: one frame, or
    frames one after another (a large file's chunks, each resolved as the previous one is written)."""
    sqlite = conn.dialect.name == "sqlite"
    if not sqlite:
        _temp_tables(conn)
    created = 0
    deltas: list[pl.DataFrame] = []
    for frame in [frames] if isinstance(frames, pl.DataFrame) else frames:
        if frame.is_empty():
            continue
        if sqlite:
            inserted = _insert_sqlite(conn, frame)
            created += inserted.created
            if inserted.delta is not None and not inserted.delta.is_empty():
                deltas.append(inserted.delta)
        else:
            _insert_postgres(conn, frame)
    if not sqlite:
        new = conn.exec_driver_sql("SELECT coalesce(sum(n), 0) FROM clearing_delta").scalar_one()
        return Inserted(int(new), None)
    return Inserted(created, _merged(deltas))


def _merged(deltas: list[pl.DataFrame]) -> pl.DataFrame:
    """The sums per invoice of several chunks' deltas (an invoice's payments may span chunks).

    Sorted by invoice, each invoice's rows are one run, and its sum is the running total at the
    run's end minus the one before: a few columns of 8 bytes a row, where a `group_by` over half a
    million invoices builds hash tables of ~70 MB.
    """
    if len(deltas) <= 1:
        return deltas[0] if deltas else pl.DataFrame(schema=DELTA_SCHEMA)
    both = pl.concat(deltas).sort("invoice_id")
    ids = both["invoice_id"]
    last = (ids != ids.shift(-1)).fill_null(True)  # the last row of each invoice's run
    running = both["total"].cum_sum().filter(last)
    return pl.DataFrame({"invoice_id": ids.filter(last), "total": running - running.shift(1, fill_value=0)})


def _insert_sqlite(conn: Connection, frame: pl.DataFrame) -> Inserted:
    # Rows get ids above the largest one present (rowid allocation), and BEGIN IMMEDIATE keeps
    # every other writer out until commit: the ids above ``before`` are exactly the new rows.
    before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM clearing_payments").scalar_one()
    # In natural-key order the UNIQUE index grows at its ends instead of at random places: a file in
    # any other order (by account, by date) costs three times as much to insert or to re-check.
    frame = frame.sort(PAYMENT_KEY, maintain_order=True)
    cursor = driver(conn).cursor()
    try:
        created = values_many(
            cursor,
            f"INSERT INTO clearing_payments ({', '.join(PAYMENT_COLUMNS)})",
            "ON CONFLICT DO NOTHING",
            frame,
            PAYMENT_COLUMNS,
        )
    finally:
        cursor.close()
    if not created:
        return Inserted(0, pl.DataFrame(schema=DELTA_SCHEMA))
    if created == frame.height and "invoice_id" in frame.columns and not frame["invoice_id"].has_nulls():
        # every row of the frame is a new payment: sum them where they already are
        delta = frame.group_by("invoice_id").agg(pl.col("betrag_cents").sum().alias("total"))
        return Inserted(created, delta.cast(DELTA_SCHEMA))  # type: ignore[arg-type]
    rows = conn.exec_driver_sql(
        "SELECT i.id, sum(p.betrag_cents) FROM clearing_payments AS p "
        "JOIN clearing_invoices AS i ON i.mandant = p.mandant AND i.konto = p.konto "
        "AND i.rechnungsnr = p.rechnungsnr WHERE p.id > ? GROUP BY i.id",
        (before,),
    ).all()
    return Inserted(created, pl.DataFrame([tuple(r) for r in rows], schema=DELTA_SCHEMA, orient="row"))


def _insert_postgres(conn: Connection, frame: pl.DataFrame) -> None:
    # COPY into a session-local staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING
    # whose RETURNING rows are exactly the new payments, added to the import's sums per invoice
    cols = ", ".join(PAYMENT_COLUMNS)
    conn.exec_driver_sql("TRUNCATE clearing_stage")
    # staged in key order, as on SQLite: the UNIQUE index is then filled and probed in order
    ordered = frame.sort(PAYMENT_KEY, maintain_order=True).select(PAYMENT_COLUMNS)
    data = ordered.write_csv(include_header=False, quote_style="non_numeric")
    with (
        driver(conn).cursor() as cur,
        cur.copy(f"COPY clearing_stage ({cols}) FROM STDIN (FORMAT csv)") as copy,
    ):
        copy.write(data.encode())
    conn.exec_driver_sql(
        f"WITH new AS (INSERT INTO clearing_payments ({cols}) SELECT {cols} FROM clearing_stage "
        f"ON CONFLICT ({', '.join(PAYMENT_KEY)}) DO NOTHING "
        "RETURNING mandant, konto, rechnungsnr, betrag_cents) "
        "INSERT INTO clearing_delta SELECT mandant, konto, rechnungsnr, sum(betrag_cents), count(*) "
        "FROM new GROUP BY mandant, konto, rechnungsnr ON CONFLICT (mandant, konto, rechnungsnr) "
        "DO UPDATE SET total = clearing_delta.total + excluded.total, n = clearing_delta.n + excluded.n"
    )
    conn.exec_driver_sql("TRUNCATE clearing_stage")


def _temp_tables(conn: Connection) -> None:
    """PostgreSQL's session-local work tables, created once per connection, emptied per import."""
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS clearing_delta (mandant VARCHAR(20) NOT NULL, "
        "konto INTEGER NOT NULL, rechnungsnr VARCHAR(40) NOT NULL, total BIGINT NOT NULL, "
        "n BIGINT NOT NULL, PRIMARY KEY (mandant, konto, rechnungsnr))"
    )
    conn.exec_driver_sql("DELETE FROM clearing_delta")
    conn.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS clearing_stage (LIKE clearing_payments INCLUDING DEFAULTS)"
    )
