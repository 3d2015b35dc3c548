"""Paid status of invoices: paid sums from payments, and the date from which an invoice is paid.

An invoice is paid on the clearing date (``Ausz-Datum``) from which its payments, summed in date
order, reach its amount and stay there — not on the day of the import: a reversal opens it again,
a later overpayment does not move the date, and a file imported late still gives the date BMD
cleared it. Every path follows `schema.PAID_SQL` (= `rules.is_paid`; a cancelled invoice is never
paid) and works on the session-local table ``clearing_affected`` (the invoice ids touched):

* `apply_payments` adds the new payments of one import to their invoices — on SQLite from the sums
  in memory, by invoice id in multi-row ``UPDATE … FROM (VALUES …)`` statements that also clear the
  dates of invoices no longer paid and note those paid (only these need `_settle`); on PostgreSQL
  the same in one ``UPDATE … FROM clearing_delta … RETURNING``;
* `refresh_paid` recomputes the sums of given invoices from all their payments (after invoices were
  registered, cancelled or migrated); `refresh_affected` those already noted in ``clearing_affected``
  (`registration` notes only the registered invoices that have payments or a paid status);
* both then `_settle` the touched invoices' paid dates and return those paid now: the payments of
  the invoices paid now, summed per clearing date, come back in one query, `crossing_dates` finds
  each one's date with `rules.is_paid` (a loop over a few rows per invoice is cheaper than SQLite's
  window functions), and two ``UPDATE … FROM`` statements set them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.bmd.records import AccountNo, MandantId
from syncsystem.clearing.bulk import copy_rows, driver, values_many
from syncsystem.clearing.rules import is_paid
from syncsystem.clearing.schema import INVOICE_KEY, PAID_SQL

__all__ = ["InvoiceKey", "apply_payments", "clear_affected", "refresh_affected", "refresh_paid"]

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
_SAME_INVOICE = (
    "p.mandant = clearing_invoices.mandant AND p.konto = clearing_invoices.konto "
    "AND p.rechnungsnr = clearing_invoices.rechnungsnr"
)


def clear_affected(conn: Connection) -> None:
    """(Re)create the empty work table of touched invoices for this connection."""
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS clearing_affected (invoice_id BIGINT PRIMARY KEY)"
    )
    conn.exec_driver_sql("DELETE FROM clearing_affected")


def apply_payments(conn: Connection, delta: pl.DataFrame | None = None) -> list[InvoiceKey]:
    """Add the new payments to their invoices; returns those paid now.

    ``delta`` (`writes.DELTA_SCHEMA`) holds the new sums per invoice; None: they are in the
    temporary table ``clearing_delta``.
    """
    clear_affected(conn)
    if delta is not None:
        if delta.is_empty():
            return []
        _add_sums_sqlite(conn, delta.sort("invoice_id"))  # ascending ids: pages visited in order
    else:
        join = (
            "clearing_invoices.mandant = d.mandant AND clearing_invoices.konto = d.konto "
            "AND clearing_invoices.rechnungsnr = d.rechnungsnr"
        )
        # as on SQLite: sums added and dates of invoices no longer paid cleared in one pass (the set
        # expressions see the old row, RETURNING the new one); those paid now go to `_settle`
        new_sum = "(clearing_invoices.paid_cents + d.total)"
        reached = PAID_SQL.replace("clearing_invoices.paid_cents", new_sum)
        conn.exec_driver_sql(
            f"WITH u AS (UPDATE clearing_invoices SET paid_cents = {new_sum}, paid_on = CASE WHEN "
            f"{reached} THEN clearing_invoices.paid_on ELSE NULL END FROM clearing_delta AS d "
            f"WHERE {join} RETURNING clearing_invoices.id, {PAID_SQL} AS paid) "
            "INSERT INTO clearing_affected (invoice_id) SELECT id FROM u WHERE paid"
        )
    return _settle(conn)


def _add_sums_sqlite(conn: Connection, delta: pl.DataFrame) -> None:
    """SQLite: add ``delta``'s sums by invoice id in multi-row ``UPDATE … FROM (VALUES …)``; an
    invoice the new sum no longer pays loses its date in the same pass, and those it pays are noted
    (by a function the statement calls only for them) in ``clearing_affected`` for `_settle`.

    The set expressions see the row as it was before the statement, as SQL requires.
    """
    reached_ids: list[int] = []

    def reached_now(invoice_id: int, paid_on: str | None) -> str | None:
        reached_ids.append(invoice_id)
        return paid_on  # the right date is `_settle`'s to set

    raw = driver(conn)
    raw.create_function("clearing_reached", 2, reached_now)
    new_sum = "(clearing_invoices.paid_cents + v.column2)"
    reached = PAID_SQL.replace("clearing_invoices.paid_cents", new_sum)
    cursor = raw.cursor()
    try:
        values_many(
            cursor,
            f"UPDATE clearing_invoices SET paid_cents = {new_sum}, paid_on = CASE WHEN "
            f"{reached} THEN clearing_reached(clearing_invoices.id, clearing_invoices.paid_on) "
            "ELSE NULL END FROM (",
            ") AS v WHERE clearing_invoices.id = v.column1",
            delta,
            ("invoice_id", "total"),
        )
        if reached_ids:
            ids = pl.DataFrame({"invoice_id": reached_ids}, schema={"invoice_id": pl.Int64})
            values_many(cursor, "INSERT INTO clearing_affected (invoice_id)", "", ids, ("invoice_id",))
    finally:
        cursor.close()
        raw.create_function("clearing_reached", 2, None)


def refresh_paid(conn: Connection, keys: Iterable[InvoiceKey] | pl.DataFrame) -> list[InvoiceKey]:
    """Recompute paid sums and dates of the invoices ``keys`` (or a frame of `INVOICE_KEY`
    columns) from all their payments; returns those paid now."""
    if isinstance(keys, pl.DataFrame):
        frame = keys.select(INVOICE_KEY).unique().sort(INVOICE_KEY)
    else:
        frame = pl.DataFrame(
            sorted(set(keys)),
            schema={"mandant": pl.String, "konto": pl.Int64, "rechnungsnr": pl.String},
            orient="row",
        )
    if frame.is_empty():
        return []
    _KEYS.create(conn, checkfirst=True)
    conn.execute(_KEYS.delete())
    if conn.dialect.name == "postgresql":
        copy_rows(conn, "clearing_keys", INVOICE_KEY, frame.iter_rows())
    else:
        cursor = driver(conn).cursor()
        try:
            values_many(
                cursor, "INSERT INTO clearing_keys (mandant, konto, rechnungsnr)", "", frame, INVOICE_KEY
            )
        finally:
            cursor.close()
    clear_affected(conn)
    conn.exec_driver_sql(
        "INSERT INTO clearing_affected (invoice_id) SELECT clearing_invoices.id "
        "FROM clearing_keys AS k JOIN clearing_invoices ON clearing_invoices.mandant = k.mandant "
        "AND clearing_invoices.konto = k.konto AND clearing_invoices.rechnungsnr = k.rechnungsnr"
    )
    conn.execute(_KEYS.delete())
    return refresh_affected(conn)


def refresh_affected(conn: Connection) -> list[InvoiceKey]:
    """Recompute paid sums and dates of the invoices in ``clearing_affected`` (see `clear_affected`)
    from all their payments; returns those paid now."""
    conn.exec_driver_sql(
        "UPDATE clearing_invoices SET paid_cents = (SELECT coalesce(sum(p.betrag_cents), 0) "
        f"FROM clearing_payments AS p WHERE {_SAME_INVOICE}) "
        "WHERE clearing_invoices.id IN (SELECT invoice_id FROM clearing_affected)"
    )
    return _settle(conn)


def _settle(conn: Connection) -> list[InvoiceKey]:
    """Set or clear the paid dates of the invoices in ``clearing_affected``; returns those paid now.

    The date is found by `crossing_dates` from the invoices' payments summed per clearing date;
    an invoice whose date was empty and is set now is paid now.
    """
    touched = "clearing_invoices.id IN (SELECT invoice_id FROM clearing_affected)"
    conn.exec_driver_sql(
        f"UPDATE clearing_invoices SET paid_on = NULL WHERE {touched} "
        f"AND clearing_invoices.paid_on IS NOT NULL AND NOT {PAID_SQL}"
    )
    daily = conn.exec_driver_sql(
        "SELECT clearing_invoices.id, clearing_invoices.betrag_cents, p.datum, sum(p.betrag_cents) "
        f"FROM clearing_invoices JOIN clearing_payments AS p ON {_SAME_INVOICE} "
        f"WHERE {touched} AND {PAID_SQL} "
        "GROUP BY clearing_invoices.id, clearing_invoices.betrag_cents, p.datum "
        "ORDER BY clearing_invoices.id, p.datum"
    )
    dates = crossing_dates(daily)
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS clearing_paid_dates "
        "(invoice_id BIGINT PRIMARY KEY, paid_on DATE NOT NULL)"
    )
    conn.exec_driver_sql("DELETE FROM clearing_paid_dates")
    if not dates:
        return []
    if conn.dialect.name == "postgresql":
        copy_rows(conn, "clearing_paid_dates", ("invoice_id", "paid_on"), dates)
    else:
        frame = pl.DataFrame(dates, schema={"invoice_id": pl.Int64, "paid_on": pl.String}, orient="row")
        cursor = driver(conn).cursor()
        try:
            values_many(
                cursor,
                "INSERT INTO clearing_paid_dates (invoice_id, paid_on)",
                "",
                frame,
                ("invoice_id", "paid_on"),
            )
        finally:
            cursor.close()
    join = "FROM clearing_paid_dates AS d WHERE clearing_invoices.id = d.invoice_id"
    rows: Any = conn.exec_driver_sql(
        f"UPDATE clearing_invoices SET paid_on = d.paid_on {join} AND clearing_invoices.paid_on IS NULL "
        "RETURNING clearing_invoices.mandant, clearing_invoices.konto, clearing_invoices.rechnungsnr"
    )
    newly = sorted((m, int(k), nr) for m, k, nr in rows)
    # already paid, but a payment dated earlier or a reversal in between moved the date
    conn.exec_driver_sql(
        f"UPDATE clearing_invoices SET paid_on = d.paid_on {join} AND clearing_invoices.paid_on <> d.paid_on"
    )
    return newly


def crossing_dates(daily: Iterable[tuple[int, int, str, int]]) -> list[tuple[int, str]]:
    """``(invoice id, paid date)`` from ``(invoice id, amount, clearing date, sum on that date)`` rows
    ordered by invoice and date, for invoices whose payments reach their amount in the end.

    The paid date is the last date on which the running sum went from not reaching the amount
    (`rules.is_paid`) to reaching it — the date from which the invoice stays paid.
    """
    found: list[tuple[int, str]] = []
    current, run, was_ok, crossing = None, 0, False, ""
    for invoice_id, amount, day, total in daily:
        if invoice_id != current:
            if current is not None:
                found.append((current, crossing))
            current, run, was_ok, crossing = invoice_id, 0, False, ""
        run += int(total)
        ok = is_paid(int(amount), run)
        if ok and not was_ok:
            crossing = str(day)
        was_ok = ok
    if current is not None:
        found.append((current, crossing))
    return found
