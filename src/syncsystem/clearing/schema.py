"""The clearing store's tables: invoices with their paid sums, payments under a UNIQUE natural key.

``clearing_payments`` carries a UNIQUE constraint over the payment's natural key (`PAYMENT_KEY`:
Mandant, invoice, payment document, account, date, amount, occurrence), which is what makes a
payment impossible to store twice. `PAID_SQL` is `rules.is_paid` as an SQL condition, and
`affected` the session-local work table of invoices whose paid status is recomputed.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = ["PAID_SQL", "PAYMENT_KEY", "affected", "invoices", "metadata", "payments"]

metadata = sa.MetaData()

invoices = sa.Table(
    "clearing_invoices",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.Column("konto", sa.Integer, nullable=False),
    sa.Column("datum", sa.Date, nullable=False),
    sa.Column("betrag_cents", sa.BigInteger, nullable=False),
    sa.Column("paid_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("paid_on", sa.Date, nullable=True),
    sa.UniqueConstraint("mandant", "rechnungsnr", name="uq_clearing_invoice"),
)
sa.Index("ix_clearing_invoice_nr", invoices.c.rechnungsnr)

PAYMENT_KEY = ("mandant", "rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents", "seq")

payments = sa.Table(
    "clearing_payments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.Column("zahlungsbelegnr", sa.String(40), nullable=False),
    sa.Column("konto", sa.Integer, nullable=False),
    # ISO text, not sa.Date: a million bind conversions per import cost more than they buy here
    sa.Column("datum", sa.String(10), nullable=False),
    sa.Column("betrag_cents", sa.BigInteger, nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("text", sa.String(255), nullable=False, server_default=""),
    sa.Column("source", sa.String(255), nullable=False, server_default=""),
    sa.Column("line", sa.Integer, nullable=False, server_default="0"),
    sa.UniqueConstraint(*PAYMENT_KEY, name="uq_clearing_payment_natural_key"),
)


# rules.is_paid in SQL: the payments reach the amount (credit notes: from above), and something was paid
PAID_SQL = ("(clearing_invoices.paid_cents <> 0 AND ((clearing_invoices.betrag_cents >= 0 AND "
            "clearing_invoices.paid_cents >= clearing_invoices.betrag_cents) OR "
            "(clearing_invoices.betrag_cents < 0 AND "
            "clearing_invoices.paid_cents <= clearing_invoices.betrag_cents)))")

affected = sa.Table(
    "clearing_affected",
    sa.MetaData(),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.PrimaryKeyConstraint("mandant", "rechnungsnr"),
    prefixes=["TEMPORARY"],
)
