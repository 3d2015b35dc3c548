"""Paid status of invoices: paid sums from payments, and the date an invoice became (or ceased) paid.

`apply_payments` adds the new payments of one import to their invoices — on SQLite from the sums
in memory, by invoice id in multi-row ``UPDATE … FROM (VALUES …)`` statements that add the sums
and set or clear the paid dates in one pass (instead of three joins over the whole table); on
PostgreSQL from the table ``clearing_delta`` in one ``UPDATE … FROM`` as well;
`refresh_paid` recomputes the sums of given invoices from all their payments (after invoices were
registered or changed), then sets or clears ``paid_on``. All follow `schema.PAID_SQL` (=
`rules.is_paid`): an invoice whose payments reach its amount gets ``today`` and is reported, one
that a reversal takes below it again loses its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from syncsystem.bmd.records import MandantId
from syncsystem.clearing.bulk import copy_rows, date_param, driver, executemany, values_many
from syncsystem.clearing.schema import PAID_SQL, affected

__all__ = ["apply_payments", "refresh_paid"]


def apply_payments(
    conn: Connection, today: date | None, delta: pl.DataFrame | None = None
) -> list[tuple[MandantId, str]]:
    """Add the new payments to their invoices; returns those paid now.

    ``delta`` (`writes.DELTA_SCHEMA`) holds the new sums per invoice; None: they are in the
    temporary table ``clearing_delta``.
    """
    if delta is not None:
        return _apply_delta(conn, delta, today)
    # One pass: the sums and the paid dates together. ``o`` is the invoice as the statement's
    # snapshot saw it, before the update: newly paid is an empty date that is set now.
    reached = PAID_SQL.replace("clearing_invoices.paid_cents", "(clearing_invoices.paid_cents + d.total)")
    rows = conn.execute(
        sa.text(
            "WITH u AS (UPDATE clearing_invoices SET paid_cents = clearing_invoices.paid_cents + d.total, "
            f"paid_on = CASE WHEN {reached} THEN coalesce(clearing_invoices.paid_on, "
            "CAST(:today AS DATE)) ELSE NULL END "
            "FROM clearing_delta AS d, clearing_invoices AS o "
            "WHERE clearing_invoices.mandant = d.mandant AND clearing_invoices.rechnungsnr = d.rechnungsnr "
            "AND o.id = clearing_invoices.id "
            "RETURNING clearing_invoices.mandant, clearing_invoices.rechnungsnr, "
            "o.paid_on IS NULL AND clearing_invoices.paid_on IS NOT NULL AS newly) "
            "SELECT mandant, rechnungsnr FROM u WHERE newly"
        ),
        {"today": today},
    )
    return sorted((m, nr) for m, nr in rows)


def refresh_paid(
    conn: Connection, keys: Iterable[tuple[MandantId, str]], today: date | None
) -> list[tuple[MandantId, str]]:
    """Recompute paid sums of the invoices ``keys`` from all their payments; returns those paid now.

    ``today`` is the date recorded for newly paid invoices (None: keep unset).
    """
    unique = sorted(set(keys))
    if not unique:
        return []
    affected.create(conn, checkfirst=True)
    conn.execute(affected.delete())
    if conn.dialect.name == "postgresql":
        copy_rows(conn, "clearing_affected", ("mandant", "rechnungsnr"), unique)
    else:
        executemany(conn, affected.insert(), ("mandant", "rechnungsnr"), unique)
    conn.exec_driver_sql(
        "UPDATE clearing_invoices SET paid_cents = (SELECT coalesce(sum(p.betrag_cents), 0) "
        "FROM clearing_payments AS p WHERE p.mandant = clearing_invoices.mandant "
        "AND p.rechnungsnr = clearing_invoices.rechnungsnr) FROM clearing_affected AS a "
        "WHERE clearing_invoices.mandant = a.mandant AND clearing_invoices.rechnungsnr = a.rechnungsnr"
    )
    now_paid = _mark_paid(conn, "clearing_affected", today)
    conn.execute(affected.delete())
    return now_paid


def _apply_delta(conn: Connection, delta: pl.DataFrame, today: date | None) -> list[tuple[MandantId, str]]:
    """SQLite: add ``delta`` to its invoices by id and set or clear their paid dates in one pass.

    The set expressions see the row as it was, so an invoice is newly paid exactly where the
    paid date was still empty and the new sum reaches the amount: ``coalesce`` asks the function
    ``clearing_paid_now`` for a date only then, and the function notes the invoice.
    """
    delta = delta.sort("invoice_id")  # ascending ids: the table's pages are visited in order
    if delta.is_empty():
        return []
    newly: list[int] = []
    day = date_param("sqlite", today) if today is not None else None

    def paid_now(invoice_id: int) -> str | None:
        if day is not None:
            newly.append(invoice_id)
        return day

    raw = driver(conn)
    raw.create_function("clearing_paid_now", 1, paid_now)
    new_sum = "(clearing_invoices.paid_cents + v.column2)"
    reached = PAID_SQL.replace("clearing_invoices.paid_cents", new_sum)
    cursor = raw.cursor()
    try:
        values_many(cursor, f"UPDATE clearing_invoices SET paid_cents = {new_sum}, "
                    f"paid_on = CASE WHEN {reached} THEN coalesce(clearing_invoices.paid_on, "
                    "clearing_paid_now(clearing_invoices.id)) ELSE NULL END FROM (",
                    ") AS v WHERE clearing_invoices.id = v.column1", delta, ("invoice_id", "total"))
    finally:
        cursor.close()
        raw.create_function("clearing_paid_now", 1, None)
    now = delta.filter(pl.col("invoice_id").is_in(pl.Series(newly, dtype=pl.Int64).implode()))
    return list(now.select("mandant", "rechnungsnr").sort("mandant", "rechnungsnr").iter_rows())


def _mark_paid(conn: Connection, work: str, today: date | None) -> list[tuple[MandantId, str]]:
    """Set or clear the paid date of the invoices in temp table ``work`` by their paid sums.

    An invoice whose payments fall below its amount again (a reversed clearing) loses its paid
    date; one that reaches it gets ``today`` and is returned.
    """
    join = (f"FROM {work} AS w WHERE clearing_invoices.mandant = w.mandant "
            "AND clearing_invoices.rechnungsnr = w.rechnungsnr")
    conn.exec_driver_sql(
        f"UPDATE clearing_invoices SET paid_on = NULL {join} "
        f"AND clearing_invoices.paid_on IS NOT NULL AND NOT {PAID_SQL}"
    )
    if today is None:
        return []
    rows = conn.execute(
        sa.text(f"UPDATE clearing_invoices SET paid_on = :today {join} "
                f"AND clearing_invoices.paid_on IS NULL AND {PAID_SQL} "
                "RETURNING clearing_invoices.mandant, clearing_invoices.rechnungsnr"),
        {"today": date_param(conn.dialect.name, today)},
    )
    return sorted((m, nr) for m, nr in rows)
