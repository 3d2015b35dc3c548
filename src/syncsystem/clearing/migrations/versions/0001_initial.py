"""The clearing store as the first release created it (``metadata.create_all``): invoices keyed by
(Mandant, invoice number) alone.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clearing_invoices",
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
    op.create_index("ix_clearing_invoice_nr", "clearing_invoices", ["rechnungsnr"])
    key = ("mandant", "rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents", "seq")
    op.create_table(
        "clearing_payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mandant", sa.String(20), nullable=False),
        sa.Column("rechnungsnr", sa.String(40), nullable=False),
        sa.Column("zahlungsbelegnr", sa.String(40), nullable=False),
        sa.Column("konto", sa.Integer, nullable=False),
        sa.Column("datum", sa.String(10), nullable=False),
        sa.Column("betrag_cents", sa.BigInteger, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.String(255), nullable=False, server_default=""),
        sa.Column("source", sa.String(255), nullable=False, server_default=""),
        sa.Column("line", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint(*key, name="uq_clearing_payment_natural_key"),
    )


def downgrade() -> None:
    op.drop_table("clearing_payments")
    op.drop_table("clearing_invoices")
