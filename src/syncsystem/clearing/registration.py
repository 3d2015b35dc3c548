"""An OP list's invoices registered in SQLite: upserts in file order, the paid status where it can change.

`register_sqlite` writes a frame of invoices (``mandant`` and `frames.INVOICE_COLUMNS`) with
multi-row ``INSERT … ON CONFLICT (Mandant, account, number) DO UPDATE`` statements in the frame's
order, so of a key named twice the later row counts without a deduplicating copy of the frame (SQLite
applies a statement's rows one after another). The paid status is then recomputed
(`paid.refresh_affected`) only for the invoices whose recomputation can change something: those
that have payments or a paid status. Every other registered invoice has no payment, so its
recomputed sum would be 0 and its paid date empty — what it holds already. They are found without
a table of the file's keys: a registered invoice that existed before is noted by a function the
upsert's ``DO UPDATE`` calls for exactly these rows, a new one is one with an id above those present
before (the import holds the write lock, as in `writes`) that has payments (e.g. payments found
unattached until now). Registering never removes an invoice and never undoes a cancellation.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy.engine import Connection

from syncsystem.clearing import paid
from syncsystem.clearing.bulk import driver, values_many

__all__ = ["register_sqlite"]

_COLUMNS = ("mandant", "rechnungsnr", "konto", "datum", "betrag_cents")
_HAS_PAYMENTS = (
    "EXISTS (SELECT 1 FROM clearing_payments AS p WHERE p.mandant = clearing_invoices.mandant "
    "AND p.rechnungsnr = clearing_invoices.rechnungsnr AND p.konto = clearing_invoices.konto)"
)
_HAS_PAID = "(clearing_invoices.paid_cents <> 0 OR clearing_invoices.paid_on IS NOT NULL)"


def register_sqlite(conn: Connection, frame: pl.DataFrame) -> None:
    """Add or update the invoices of ``frame`` (the later row of a key counts), then recompute the paid
    status of those that have payments or a paid status (see the module docstring)."""
    paid.clear_affected(conn)
    before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM clearing_invoices").scalar_one()
    noted: set[int] = set()

    def note(invoice_id: int, paid_on: str | None) -> str | None:
        noted.add(invoice_id)
        return paid_on  # unchanged: `paid.refresh_affected` sets the right date

    raw = driver(conn)
    raw.create_function("clearing_noted", 2, note)
    cursor = raw.cursor()
    try:
        values_many(
            cursor,
            f"INSERT INTO clearing_invoices ({', '.join(_COLUMNS)})",
            "ON CONFLICT (mandant, konto, rechnungsnr) DO UPDATE SET datum = excluded.datum, "
            f"betrag_cents = excluded.betrag_cents, paid_on = CASE WHEN {_HAS_PAID} OR {_HAS_PAYMENTS} "
            "THEN clearing_noted(clearing_invoices.id, clearing_invoices.paid_on) "
            "ELSE clearing_invoices.paid_on END",
            frame,
            _COLUMNS,
        )
        if noted:
            ids = pl.DataFrame({"invoice_id": sorted(noted)}, schema={"invoice_id": pl.Int64})
            values_many(cursor, "INSERT INTO clearing_affected (invoice_id)", "", ids, ("invoice_id",))
    finally:
        cursor.close()
        raw.create_function("clearing_noted", 2, None)
    conn.exec_driver_sql(
        "INSERT OR IGNORE INTO clearing_affected (invoice_id) SELECT clearing_invoices.id "
        f"FROM clearing_invoices WHERE clearing_invoices.id > ? AND {_HAS_PAYMENTS}",
        (before,),
    )
    paid.refresh_affected(conn)
