"""Questions the CLI and the office page ask the clearing store: invoices by Mandant, account, status.

One function per question, used by ``clearing invoices`` and the Zahlungsabgleich page alike, so
both show the same rows in the same order (Mandant, then the invoice number in natural order:
``R-2`` before ``R-10``). The status is derived from amount, payments and cancellation
(`rules.invoice_status`); amounts come back as exact decimal strings.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from syncsystem.clearing.rules import InvoiceStatus, invoice_status
from syncsystem.clearing.store import ClearingStore, invoices

__all__ = ["STATUSES", "invoice_rows", "mandanten", "natural_key"]

STATUSES = tuple(s.value for s in InvoiceStatus)


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key putting ``R-2`` before ``R-10``: digit runs compare as numbers."""
    return tuple(
        (0, int(part), "") if part.isdecimal() else (1, 0, part.casefold())
        for part in re.split(r"(\d+)", text)
        if part
    )


def invoice_rows(
    store: ClearingStore, *, mandant: str | None = None, konto: int | None = None, status: str | None = None
) -> list[dict[str, Any]]:
    """The invoices (optionally of one Mandant, account and status) with paid sum, status, paid date."""
    query = sa.select(invoices)
    if mandant:
        query = query.where(invoices.c.mandant == mandant)
    if konto is not None:
        query = query.where(invoices.c.konto == konto)
    with store.engine.connect() as conn:
        found = sorted(conn.execute(query), key=lambda r: (r.mandant, natural_key(r.rechnungsnr), r.konto))
    rows = [
        {
            "mandant": r.mandant,
            "konto": r.konto,
            "rechnungsnr": r.rechnungsnr,
            "datum": r.datum.isoformat(),
            "betrag": str(Decimal(r.betrag_cents).scaleb(-2)),
            "bezahlt": str(Decimal(r.paid_cents).scaleb(-2)),
            "status": invoice_status(r.betrag_cents, r.paid_cents, r.cancelled_on is not None).value,
            "paid_on": r.paid_on.isoformat() if r.paid_on else None,
            "cancelled_on": r.cancelled_on.isoformat() if r.cancelled_on else None,
        }
        for r in found
    ]
    return [r for r in rows if not status or r["status"] == status]


def mandanten(store: ClearingStore) -> list[str]:
    """The Mandanten that have invoices, sorted (for a filter's choices)."""
    with store.engine.connect() as conn:
        return sorted(conn.execute(sa.select(invoices.c.mandant).distinct()).scalars())
