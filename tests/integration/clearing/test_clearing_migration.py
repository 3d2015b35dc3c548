"""A clearing store of the first release migrates without losing a payment; misattached ones are reported.

The old store is built here with the first release's own layout (copied from its ``schema.py``,
``metadata.create_all``, no version table) and filled as its number-only key left it: customer
200023's payment on invoice 26 attached to supplier 300016's invoice 26 of the same Mandant.
Expected values are written by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from syncsystem.clearing.rules import Invoice, InvoiceStatus, invoice_status
from syncsystem.clearing.store import ClearingStore
from syncsystem.errors import StoreError

OLD = sa.MetaData()
OLD_INVOICES = sa.Table(
    "clearing_invoices",
    OLD,
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
sa.Index("ix_clearing_invoice_nr", OLD_INVOICES.c.rechnungsnr)
_KEY = ("mandant", "rechnungsnr", "zahlungsbelegnr", "konto", "datum", "betrag_cents", "seq")
OLD_PAYMENTS = sa.Table(
    "clearing_payments",
    OLD,
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
    sa.UniqueConstraint(*_KEY, name="uq_clearing_payment_natural_key"),
)

IMPORTED = date(2026, 3, 20)  # the day the old code imported (and wrongly called "paid on")
PAYMENTS = [
    # customer 200023 paid its invoice 26; the old key put it on the supplier's invoice 26
    ("1001", "26", "BK-11", 200023, "2026-03-09", 341333, 1, "Zahlung 26", "ausz.csv", 2),
    # the Mandant paid part of supplier 300016's invoice 26 (supplier side: negative)
    ("1001", "26", "BK-12", 300016, "2026-03-10", -50000, 1, "Zahlung ER 26", "ausz.csv", 3),
    # customer 200023 paid invoice 27 in full
    ("1001", "27", "BK-13", 200023, "2026-03-05", 10000, 1, "Zahlung 27", "ausz.csv", 4),
]


def _old_store(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        OLD.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS clearing_alembic_version")
        conn.exec_driver_sql("DROP TABLE IF EXISTS clearing_findings")
        OLD.create_all(conn)
        conn.execute(
            OLD_INVOICES.insert(),
            [
                # what the old code computed: 3413,33 − 500,00 on the supplier's −1.527,90
                {
                    "mandant": "1001",
                    "rechnungsnr": "26",
                    "konto": 300016,
                    "datum": date(2026, 3, 2),
                    "betrag_cents": -152790,
                    "paid_cents": 291333,
                    "paid_on": None,
                },
                {
                    "mandant": "1001",
                    "rechnungsnr": "27",
                    "konto": 200023,
                    "datum": date(2026, 3, 2),
                    "betrag_cents": 10000,
                    "paid_cents": 10000,
                    "paid_on": IMPORTED,
                },
            ],
        )
        conn.execute(
            OLD_PAYMENTS.insert(),
            [dict(zip((*_KEY, "text", "source", "line"), p, strict=True)) for p in PAYMENTS],
        )
    engine.dispose()


def _payments(store: ClearingStore) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT mandant, rechnungsnr, zahlungsbelegnr, konto, datum, betrag_cents, seq, text, source, "
            "line FROM clearing_payments ORDER BY id"
        ).all()
    return [tuple(r) for r in rows]


def test_old_store_migrates_keeps_every_payment_and_reports_the_misattached_one(db_url: str) -> None:
    """After the migration: three payments as before; the customer's payment reported and waiting
    for its own invoice; the supplier's invoice owes 1.027,90 again (−1.527,90 − −500,00)."""
    _old_store(db_url)
    with ClearingStore.open(db_url) as store:
        assert _payments(store) == PAYMENTS
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert "BK-11" in notice and "account 200023" in notice and "account 300016" in notice, notice
        supplier = store.invoice("1001", "26", 300016)
        assert supplier is not None and (supplier.paid_cents, supplier.paid_on) == (-50000, None)
        assert invoice_status(supplier.betrag_cents, supplier.paid_cents) is InvoiceStatus.PARTIAL
        paid = store.invoice("1001", "27", 200023)
        assert paid is not None and (paid.paid_cents, paid.paid_on) == (10000, date(2026, 3, 5))
        waiting = store.unattached()
        assert [(w["konto"], w["rechnungsnr"], w["betrag_cents"]) for w in waiting] == [
            (200023, "26", 341333)
        ]
        assert waiting[0]["message"] == notice
        # the source system registers the customer's invoice 26: the payment lands there
        with store.transaction() as conn:
            store.register_invoices(
                conn, [Invoice("1001", "26", 200023, date(2026, 3, 2), Decimal("3413.33"))]
            )
        customer = store.invoice("1001", "26", 200023)
        assert customer is not None and (customer.paid_cents, customer.paid_on) == (341333, date(2026, 3, 9))
        assert store.unattached() == []
    with ClearingStore.open(db_url) as again:  # migrated once: nothing new to report
        assert again.notices == () and _payments(again) == PAYMENTS


def test_the_command_line_shows_what_the_migration_found(tmp_path: Path, cli: Any) -> None:
    """`clearing invoices` on an old store names the misattached payment on stderr, once."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    _old_store(url)
    first = cli("clearing", "invoices", "--db", url)
    assert first.exit_code == 0 and "clearing store migrated:" in first.stderr and "BK-11" in first.stderr
    second = cli("clearing", "invoices", "--db", url)
    assert second.stderr == ""
    waiting = cli("clearing", "unattached", "--db", url)
    assert waiting.exit_code == 1 and "3.413,33" in waiting.stdout and "BK-11" in waiting.stdout


def test_a_store_of_an_unknown_newer_revision_is_refused_not_touched(tmp_path: Path) -> None:
    """A store a newer syncsystem migrated is refused with a StoreError naming the revision."""
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    ClearingStore.open(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE clearing_alembic_version SET version_num = '0099'")
    engine.dispose()
    with pytest.raises(StoreError, match="unknown schema revision"):
        ClearingStore.open(url)
