"""Paid status of invoices: paid sums from payments, and the date from which an invoice is paid.

An invoice is paid on the clearing date (``Ausz-Datum``) from which its payments, summed in date
order, reach its amount and stay there — not on the day of the import: a reversal opens it again,
a later overpayment does not move the date, and a file imported late still gives the date BMD
cleared it. Every path follows `schema.PAID_SQL` (= `rules.is_paid`; a cancelled invoice is never
paid) and works on the session-local table ``clearing_affected`` (the invoice ids touched, and
whether each was paid before):

* `apply_payments` adds the new payments of one import to their invoices — on SQLite from the sums
  in memory, by invoice id in multi-row ``UPDATE … FROM (VALUES …)`` statements; on PostgreSQL from
  the table ``clearing_delta`` in one ``UPDATE … FROM``;
* `refresh_paid` recomputes the sums of given invoices from all their payments (after invoices were
  registered, cancelled or migrated);
* both then `_settle` the touched invoices' paid dates in two statements and return those paid now.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.bmd.records import AccountNo, MandantId
from syncsystem.clearing.bulk import copy_rows, driver, executemany, values_many
from syncsystem.clearing.schema import INVOICE_KEY, PAID_SQL, reached_sql

__all__ = ["InvoiceKey", "apply_payments", "refresh_paid"]

InvoiceKey = tuple[MandantId, AccountNo, str]  # (Mandant, account, invoice number)

_KEYS = sa.Table(
    "clearing_keys",
    sa.MetaData(),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("konto", sa.Integer, nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.PrimaryKeyConstraint(*INVOICE_KEY),
    prefixes=["TEMPORARY"],
)
_SAME_INVOICE = ("p.mandant = clearing_invoices.mandant AND p.konto = clearing_invoices.konto "
                 "AND p.rechnungsnr = clearing_invoices.rechnungsnr")
_WAS_PAID = "CASE WHEN clearing_invoices.paid_on IS NULL THEN 0 ELSE 1 END"


def _affected(conn: Connection) -> None:
    """(Re)create the empty work table of touched invoices for this connection."""
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS clearing_affected "
        "(invoice_id BIGINT PRIMARY KEY, was_paid SMALLINT NOT NULL DEFAULT 0)"
    )
    conn.exec_driver_sql("DELETE FROM clearing_affected")


def apply_payments(conn: Connection, delta: pl.DataFrame | None = None) -> list[InvoiceKey]:
    """Add the new payments to their invoices; returns those paid now.

    ``delta`` (`writes.DELTA_SCHEMA`) holds the new sums per invoice; None: they are in the
    temporary table ``clearing_delta``.
    """
    _affected(conn)
    if delta is not None:
        if delta.is_empty():
            return []
        delta = delta.sort("invoice_id")  # ascending ids: the table's pages are visited in order
        cursor = driver(conn).cursor()
        try:
            values_many(cursor, "INSERT INTO clearing_affected (invoice_id)", "", delta, ("invoice_id",))
            conn.exec_driver_sql(
                f"UPDATE clearing_affected SET was_paid = (SELECT {_WAS_PAID} FROM clearing_invoices "
                "WHERE clearing_invoices.id = clearing_affected.invoice_id)"
            )
            values_many(cursor, "UPDATE clearing_invoices SET paid_cents = clearing_invoices.paid_cents "
                        "+ v.column2 FROM (", ") AS v WHERE clearing_invoices.id = v.column1",
                        delta, ("invoice_id", "total"))
        finally:
            cursor.close()
    else:
        join = ("clearing_invoices.mandant = d.mandant AND clearing_invoices.konto = d.konto "
                "AND clearing_invoices.rechnungsnr = d.rechnungsnr")
        conn.exec_driver_sql(
            f"INSERT INTO clearing_affected (invoice_id, was_paid) SELECT clearing_invoices.id, {_WAS_PAID} "
            f"FROM clearing_delta AS d JOIN clearing_invoices ON {join}"
        )
        conn.exec_driver_sql(
            "UPDATE clearing_invoices SET paid_cents = clearing_invoices.paid_cents + d.total "
            f"FROM clearing_delta AS d WHERE {join}"
        )
    return _settle(conn)


def refresh_paid(conn: Connection, keys: Iterable[InvoiceKey]) -> list[InvoiceKey]:
    """Recompute paid sums and dates of the invoices ``keys`` from all their payments; returns
    those paid now."""
    unique = sorted(set(keys))
    if not unique:
        return []
    _KEYS.create(conn, checkfirst=True)
    conn.execute(_KEYS.delete())
    if conn.dialect.name == "postgresql":
        copy_rows(conn, "clearing_keys", INVOICE_KEY, unique)
    else:
        executemany(conn, _KEYS.insert(), INVOICE_KEY, unique)
    _affected(conn)
    conn.exec_driver_sql(
        f"INSERT INTO clearing_affected (invoice_id, was_paid) SELECT clearing_invoices.id, {_WAS_PAID} "
        "FROM clearing_keys AS k JOIN clearing_invoices ON clearing_invoices.mandant = k.mandant "
        "AND clearing_invoices.konto = k.konto AND clearing_invoices.rechnungsnr = k.rechnungsnr"
    )
    conn.execute(_KEYS.delete())
    conn.exec_driver_sql(
        "UPDATE clearing_invoices SET paid_cents = (SELECT coalesce(sum(p.betrag_cents), 0) "
        f"FROM clearing_payments AS p WHERE {_SAME_INVOICE}) "
        "WHERE clearing_invoices.id IN (SELECT invoice_id FROM clearing_affected)"
    )
    return _settle(conn)


def _settle(conn: Connection) -> list[InvoiceKey]:
    """Set or clear the paid dates of the invoices in ``clearing_affected``; returns those paid now.

    The date is the last day on which the running sum of the invoice's payments (per clearing
    date) went from not reaching its amount to reaching it.
    """
    touched = "clearing_invoices.id IN (SELECT invoice_id FROM clearing_affected)"
    conn.exec_driver_sql(
        f"UPDATE clearing_invoices SET paid_on = NULL WHERE {touched} "
        f"AND clearing_invoices.paid_on IS NOT NULL AND NOT {PAID_SQL}"
    )
    ok = f"CASE WHEN {reached_sql('run', 'betrag')} THEN 1 ELSE 0 END"
    as_date = "CAST(c.paid_on AS DATE)" if conn.dialect.name == "postgresql" else "c.paid_on"
    conn.exec_driver_sql(
        "WITH daily AS (SELECT clearing_invoices.id AS invoice_id, "
        "clearing_invoices.betrag_cents AS betrag, p.datum AS datum, sum(p.betrag_cents) AS total "
        f"FROM clearing_invoices JOIN clearing_payments AS p ON {_SAME_INVOICE} "
        f"WHERE {touched} AND {PAID_SQL} "
        "GROUP BY clearing_invoices.id, clearing_invoices.betrag_cents, p.datum), "
        "running AS (SELECT invoice_id, datum, betrag, "
        "sum(total) OVER (PARTITION BY invoice_id ORDER BY datum) AS run FROM daily), "
        f"marked AS (SELECT invoice_id, datum, {ok} AS ok FROM running), "
        "flips AS (SELECT invoice_id, datum, ok, "
        "lag(ok) OVER (PARTITION BY invoice_id ORDER BY datum) AS before FROM marked), "
        "crossing AS (SELECT invoice_id, max(datum) AS paid_on FROM flips "
        "WHERE ok = 1 AND (before IS NULL OR before = 0) GROUP BY invoice_id) "
        f"UPDATE clearing_invoices SET paid_on = {as_date} FROM crossing AS c "
        "WHERE clearing_invoices.id = c.invoice_id"
    )
    rows: Any = conn.exec_driver_sql(
        "SELECT clearing_invoices.mandant, clearing_invoices.konto, clearing_invoices.rechnungsnr "
        "FROM clearing_affected AS a JOIN clearing_invoices ON clearing_invoices.id = a.invoice_id "
        "WHERE a.was_paid = 0 AND clearing_invoices.paid_on IS NOT NULL"
    )
    return sorted((m, int(k), nr) for m, k, nr in rows)
