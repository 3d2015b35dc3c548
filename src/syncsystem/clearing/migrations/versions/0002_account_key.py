"""Invoices keyed by (Mandant, person account, invoice number); payments found on the wrong invoice.

Until now an invoice was identified by Mandant and number alone, so a customer's payment on invoice
26 could be attached to a supplier's invoice 26 of the same Mandant. Every payment keeps its row
(nothing is deleted); a payment whose account differs from that of the invoice it was attached to
is recorded in ``clearing_findings`` (and logged): from now on it refers to the invoice of *its*
account, which the source system or an OP list may register later. The paid sums and dates of all
invoices are recomputed under the new key, the paid date as the clearing date from which the
payments reach the amount (``syncsystem.clearing.paid``; written out here so that this revision
keeps meaning what it meant when it was written). Cancellations get a column of their own.

Revision ID: 0002
Revises: 0001
"""

import logging

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

log = logging.getLogger("syncsystem.clearing.migrations")

_SAME = (
    "p.mandant = clearing_invoices.mandant AND p.konto = clearing_invoices.konto "
    "AND p.rechnungsnr = clearing_invoices.rechnungsnr"
)
_REACHED = "({p} <> 0 AND (({a} >= 0 AND {p} >= {a}) OR ({a} < 0 AND {p} <= {a})))"
_PAID = (
    "(clearing_invoices.cancelled_on IS NULL AND "
    + _REACHED.format(p="clearing_invoices.paid_cents", a="clearing_invoices.betrag_cents")
    + ")"
)


def upgrade() -> None:
    conn = op.get_bind()
    findings = op.create_table(
        "clearing_findings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("found_by", sa.String(40), nullable=False),
        sa.Column("payment_id", sa.Integer, nullable=False),
        sa.Column("mandant", sa.String(20), nullable=False),
        sa.Column("rechnungsnr", sa.String(40), nullable=False),
        sa.Column("konto", sa.Integer, nullable=False),
        sa.Column("attached_konto", sa.Integer, nullable=False),
        sa.Column("datum", sa.String(10), nullable=False),
        sa.Column("betrag_cents", sa.BigInteger, nullable=False),
        sa.Column("zahlungsbelegnr", sa.String(40), nullable=False),
        sa.Column("source", sa.String(255), nullable=False),
        sa.Column("line", sa.Integer, nullable=False),
        sa.Column("message", sa.String(400), nullable=False),
    )
    wrong = conn.execute(
        sa.text(
            "SELECT p.id, p.mandant, p.rechnungsnr, p.konto, i.konto, p.datum, p.betrag_cents, "
            "p.zahlungsbelegnr, p.source, p.line FROM clearing_payments AS p JOIN clearing_invoices AS i "
            "ON i.mandant = p.mandant AND i.rechnungsnr = p.rechnungsnr WHERE p.konto <> i.konto "
            "ORDER BY p.id"
        )
    ).all()
    rows = []
    for pid, mandant, nr, konto, attached, datum, cents, beleg, source, line in wrong:
        message = (
            f"{source}:{line}: payment {beleg} of {datum} ({cents / 100:.2f}) on account {konto} "
            f"had been attached to invoice {nr} of account {attached} in Mandant {mandant} by "
            f"its number alone; it now waits for invoice {nr} of account {konto}"
        )
        log.info("clearing store migration: %s", message)  # the command line shows it (migrate)
        rows.append(
            {
                "found_by": revision,
                "payment_id": pid,
                "mandant": mandant,
                "rechnungsnr": nr,
                "konto": konto,
                "attached_konto": attached,
                "datum": datum,
                "betrag_cents": cents,
                "zahlungsbelegnr": beleg,
                "source": source,
                "line": line,
                "message": message[:400],
            }
        )
    if rows:
        op.bulk_insert(findings, rows)
    with op.batch_alter_table("clearing_invoices") as batch:
        batch.drop_constraint("uq_clearing_invoice", type_="unique")
        batch.create_unique_constraint("uq_clearing_invoice_account", ["mandant", "konto", "rechnungsnr"])
        batch.add_column(sa.Column("cancelled_on", sa.Date, nullable=True))
    conn.execute(
        sa.text(
            "UPDATE clearing_invoices SET paid_on = NULL, "
            "paid_cents = (SELECT coalesce(sum(p.betrag_cents), 0) "
            f"FROM clearing_payments AS p WHERE {_SAME})"
        )
    )
    ok = "CASE WHEN " + _REACHED.format(p="run", a="betrag") + " THEN 1 ELSE 0 END"
    as_date = "CAST(c.paid_on AS DATE)" if conn.dialect.name == "postgresql" else "c.paid_on"
    conn.execute(
        sa.text(
            "WITH daily AS (SELECT clearing_invoices.id AS invoice_id, "
            "clearing_invoices.betrag_cents AS betrag, "
            "p.datum AS datum, sum(p.betrag_cents) AS total "
            f"FROM clearing_invoices JOIN clearing_payments AS p ON {_SAME} WHERE {_PAID} "
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
    )


def downgrade() -> None:
    raise NotImplementedError("invoices of two accounts may share a number now: no way back to 0001")
