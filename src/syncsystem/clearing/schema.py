"""The clearing store's tables: invoices keyed by (Mandant, account, number), payments under a UNIQUE
natural key.

An invoice is identified by Mandant, person account and invoice number
(``uq_clearing_invoice_account``): a customer's and a supplier's invoice 26 in one Mandant are
two invoices. A payment refers to its invoice by the same three columns; ``clearing_payments``
carries a UNIQUE constraint over the payment's natural key (`PAYMENT_KEY`: Mandant, invoice,
payment document, account, date, amount, occurrence), which is what makes a payment impossible to
store twice. ``clearing_findings`` keeps what a migration found wrong in the data it migrated (a
payment the old number-only key had attached to another account's invoice). `PAID_SQL` is
`rules.is_paid` as an SQL condition (a cancelled invoice is never paid). The schema is created
and changed by the Alembic migrations in
``clearing/migrations`` only; `metadata` mirrors the newest revision.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "INVOICE_KEY",
    "PAID_SQL",
    "PAYMENT_KEY",
    "VERSION_TABLE",
    "findings",
    "invoices",
    "metadata",
    "payments",
    "reached_sql",
    "version",
]

metadata = sa.MetaData()

VERSION_TABLE = "clearing_alembic_version"  # not alembic_version: the store may share a database
INVOICE_KEY = ("mandant", "konto", "rechnungsnr")

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
    sa.Column("cancelled_on", sa.Date, nullable=True),
    sa.UniqueConstraint(*INVOICE_KEY, name="uq_clearing_invoice_account"),
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

findings = sa.Table(
    "clearing_findings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("found_by", sa.String(40), nullable=False),  # the migration revision
    sa.Column("payment_id", sa.Integer, nullable=False),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.Column("konto", sa.Integer, nullable=False),  # the payment's account (from the file)
    sa.Column("attached_konto", sa.Integer, nullable=False),  # the invoice it had been attached to
    sa.Column("datum", sa.String(10), nullable=False),
    sa.Column("betrag_cents", sa.BigInteger, nullable=False),
    sa.Column("zahlungsbelegnr", sa.String(40), nullable=False),
    sa.Column("source", sa.String(255), nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("message", sa.String(400), nullable=False),
)

# Alembic's own bookkeeping of this store's revision, declared so that `metadata.drop_all` empties
# a store completely (tests, benchmarks); Alembic creates and fills it.
version = sa.Table(VERSION_TABLE, metadata, sa.Column("version_num", sa.String(32), primary_key=True))


def reached_sql(paid: str, amount: str) -> str:
    """`rules.is_paid` as SQL over the expressions ``paid`` and ``amount`` (cents)."""
    return (
        f"({paid} <> 0 AND (({amount} >= 0 AND {paid} >= {amount}) OR ({amount} < 0 AND {paid} <= {amount})))"
    )


# rules.is_paid in SQL for the invoice row: the payments reach the amount (credit notes: from
# above), something was paid, and the invoice was not cancelled
PAID_SQL = (
    "(clearing_invoices.cancelled_on IS NULL AND "
    + reached_sql("clearing_invoices.paid_cents", "clearing_invoices.betrag_cents")
    + ")"
)
