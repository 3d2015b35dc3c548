"""The clearing store: invoices and their payments in SQLite or PostgreSQL (SQLAlchemy Core).

The table ``clearing_payments`` carries a UNIQUE constraint over the payment's natural key
(Mandant, invoice, payment document, account, date, amount, occurrence), and payments are written
with ``INSERT … ON CONFLICT DO NOTHING``: the database, not the importer's memory, guarantees that a
clearing becomes a payment exactly once, whatever mix of re-imports, overlapping files and parallel
processes arrives. Imports additionally run one at a time (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
transaction-scoped advisory lock) so that the *paid* bookkeeping of an invoice sees every payment
that a concurrent import committed before it. This module opens the store (migrating it, see
`migrate`) and answers queries; `schema` declares the tables, `registration` registers invoices on
SQLite, `writes` stores payments, `paid` keeps the paid status, `bulk` holds the driver-level
statements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from syncsystem.bmd.records import MandantId
from syncsystem.clearing import paid, registration, writes
from syncsystem.clearing.bulk import CHUNK, driver, executemany
from syncsystem.clearing.migrate import migrate
from syncsystem.clearing.paid import InvoiceKey
from syncsystem.clearing.rules import Invoice, cents
from syncsystem.clearing.schema import INVOICE_KEY, PAYMENT_KEY, findings, invoices, metadata, payments
from syncsystem.db import make_engine
from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc

__all__ = [
    "DEFAULT_DB_NAME",
    "IMPORT_CACHE_KIB",
    "PAYMENT_KEY",
    "ClearingStore",
    "InvoiceKey",
    "InvoiceRow",
    "default_url",
    "invoices",
    "metadata",
    "payments",
]

DEFAULT_DB_NAME = "syncsystem.sqlite"
# SQLite's page cache for an import (KiB): 32 MiB. 128 MiB,
# as before, added ~100 MB to a million-row import's peak (benchmarks/memory.py) to save ~4 % of its
# CPU time (docs/scaling.md, "Memory").
IMPORT_CACHE_KIB = 32 << 10
_PG_IMPORT_LOCK = 0x53594E43  # "SYNC": one clearing import at a time per database


def default_url(cwd: Path, environ: dict[str, str] | Any) -> str:
    """``$SYNCSYSTEM_DB`` or a SQLite file ``syncsystem.sqlite`` in the working directory."""
    url = environ.get("SYNCSYSTEM_DB", "")
    return str(url) if url else f"sqlite:///{cwd / DEFAULT_DB_NAME}"


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    """An invoice as stored, with what has been paid on it."""

    mandant: MandantId
    rechnungsnr: str
    konto: int
    datum: date
    betrag_cents: int
    paid_cents: int
    paid_on: date | None
    cancelled_on: date | None = None


class ClearingStore:
    """Invoices and payments behind one SQLAlchemy engine."""

    def __init__(self, engine: Engine, notices: Sequence[str] = ()) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self.notices = tuple(notices)  # what migrating the store on this open found (see `migrate`)

    @classmethod
    def open(cls, url: str) -> ClearingStore:
        """Connect to ``url`` and bring the schema to the newest revision (creating it if missing)."""
        try:
            parsed = sa.make_url(url)
            if parsed.get_backend_name() not in ("sqlite", "postgresql"):
                raise StoreError(mc.STORE_CLEARING_URL(url=_safe(url)))
            # every transaction is an import: BEGIN IMMEDIATE takes SQLite's write lock up front
            engine = make_engine(parsed, busy_timeout_s=60, always_immediate=True)
            notices = migrate(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(mc.STORE_CLEARING_OPEN(url=_safe(url), reason=str(exc))) from exc
        return cls(engine, notices)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> ClearingStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One import: a transaction that holds the store's import lock until it ends."""
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_IMPORT_LOCK})
                else:
                    conn.exec_driver_sql(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(mc.STORE_CLEARING_FAILED(reason=str(exc))) from exc

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- invoices -----------------------------------------------------------------------------

    def register_invoices(self, conn: Connection, items: Iterable[Invoice] | pl.DataFrame) -> int:
        """Add or update invoices (amount, date) by (Mandant, account, number); returns how many.

        ``items``: invoices, or a frame of ``mandant`` and `frames.INVOICE_COLUMNS` (an OP list of
        half a million invoices stays columns). Of one key named twice the later row counts.
        Registering never removes an invoice and never undoes a cancellation.
        """
        frame = items if isinstance(items, pl.DataFrame) else _invoice_frame(list(items))
        if frame.is_empty():
            return 0
        if self.dialect == "sqlite":
            registration.register_sqlite(conn, frame)  # upserts in file order: the later row counts
            return frame.height
        unique = frame.unique(subset=list(INVOICE_KEY), keep="last", maintain_order=True)
        columns = ("mandant", "rechnungsnr", "konto", "datum", "betrag_cents")
        stmt = self._insert(invoices)
        stmt = stmt.on_conflict_do_update(
            index_elements=list(INVOICE_KEY),
            set_={"datum": stmt.excluded.datum, "betrag_cents": stmt.excluded.betrag_cents},
        )
        for part in unique.with_columns(pl.col("datum").str.to_date()).iter_slices(CHUNK):
            executemany(conn, stmt, columns, part.select(columns).rows())
        self.refresh_paid(conn, unique.select(INVOICE_KEY))
        return frame.height

    def cancel_invoice(self, conn: Connection, invoice: Invoice, on: date) -> None:
        """Register ``invoice`` (if it is not known yet) as cancelled on ``on``: never paid again."""
        self.register_invoices(conn, [invoice])
        conn.execute(
            invoices.update()
            .where(
                invoices.c.mandant == invoice.mandant,
                invoices.c.konto == invoice.konto,
                invoices.c.rechnungsnr == invoice.rechnungsnr,
                invoices.c.cancelled_on.is_(None),
            )
            .values(cancelled_on=on)
        )
        self.refresh_paid(conn, [(invoice.mandant, invoice.konto, invoice.rechnungsnr)])

    def owners(
        self, conn: Connection, numbers: Sequence[str] | pl.Series | None = None
    ) -> list[tuple[str, MandantId, int, int]]:
        """``(invoice number, Mandant, account, invoice id)`` of every known invoice, or of those
        with ``numbers`` (a series may repeat numbers): a file's chunk at a time, these are looked
        up by the number's index in one statement, never by reading every invoice."""
        sql = "SELECT rechnungsnr, mandant, konto, id FROM clearing_invoices"
        cursor = driver(conn).cursor()
        try:
            if numbers is None:
                cursor.execute(sql)
            else:
                wanted = numbers.unique().to_list() if isinstance(numbers, pl.Series) else list(set(numbers))
                if self.dialect == "sqlite":
                    cursor.execute(
                        f"{sql} WHERE rechnungsnr IN (SELECT value FROM json_each(?))", (json.dumps(wanted),)
                    )
                else:
                    cursor.execute(f"{sql} WHERE rechnungsnr = ANY(%s)", (wanted,))
            return cursor.fetchall()  # type: ignore[no-any-return]
        finally:
            cursor.close()

    def invoice(self, mandant: MandantId, rechnungsnr: str, konto: int | None = None) -> InvoiceRow | None:
        """The stored invoice, or None; without ``konto`` the only one with this number."""
        query = sa.select(invoices).where(
            invoices.c.mandant == mandant, invoices.c.rechnungsnr == rechnungsnr
        )
        if konto is not None:
            query = query.where(invoices.c.konto == konto)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        if len(rows) > 1:
            raise ValueError(f"invoice {rechnungsnr} exists on several accounts of Mandant {mandant}")
        if not rows:
            return None
        row = rows[0]
        return InvoiceRow(
            row.mandant,
            row.rechnungsnr,
            row.konto,
            row.datum,
            row.betrag_cents,
            row.paid_cents,
            row.paid_on,
            row.cancelled_on,
        )

    # -- payments and paid status (see `writes` and `paid`) --------------------------------------

    def insert_payments(
        self, conn: Connection, frames: pl.DataFrame | Iterable[pl.DataFrame]
    ) -> writes.Inserted:
        """Insert payments (``PAYMENT_COLUMNS``: a frame, or frames one after another), skipping
        those whose natural key exists.

        Returns how many are new and their sums per invoice, for :meth:`apply_payments`.
        """
        return writes.insert_payments(conn, frames)

    def apply_payments(self, conn: Connection, inserted: writes.Inserted) -> list[InvoiceKey]:
        """Add the new payments of ``inserted`` to their invoices; returns those paid now."""
        return paid.apply_payments(conn, inserted.delta)

    def refresh_paid(self, conn: Connection, keys: Iterable[InvoiceKey] | pl.DataFrame) -> list[InvoiceKey]:
        """Recompute paid sums and dates of the invoices ``keys``; returns those paid now."""
        return paid.refresh_paid(conn, keys)

    def payment_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(payments)).scalar_one())

    def payments_of(
        self, mandant: MandantId, rechnungsnr: str, konto: int | None = None
    ) -> list[dict[str, Any]]:
        """The payments referring to one invoice, oldest first (by payment date, then as stored)."""
        query = sa.select(payments).where(
            payments.c.mandant == mandant, payments.c.rechnungsnr == rechnungsnr
        )
        if konto is not None:
            query = query.where(payments.c.konto == konto)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query.order_by(payments.c.datum, payments.c.id))]

    def unattached(self) -> list[dict[str, Any]]:
        """Payments whose invoice (Mandant, account, number) is not known (yet), with what a
        migration found about them."""
        inv, pay, fnd = invoices.alias("i"), payments.alias("p"), findings.alias("f")
        query = (
            sa.select(pay, fnd.c.message)
            .select_from(
                pay.outerjoin(
                    inv,
                    sa.and_(
                        inv.c.mandant == pay.c.mandant,
                        inv.c.konto == pay.c.konto,
                        inv.c.rechnungsnr == pay.c.rechnungsnr,
                    ),
                ).outerjoin(fnd, fnd.c.payment_id == pay.c.id)
            )
            .where(inv.c.id.is_(None))
            .order_by(pay.c.mandant, pay.c.konto, pay.c.rechnungsnr, pay.c.datum, pay.c.id)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]


def _invoice_frame(items: Sequence[Invoice]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "mandant": [i.mandant for i in items],
            "rechnungsnr": [i.rechnungsnr for i in items],
            "konto": [i.konto for i in items],
            "datum": [i.datum.isoformat() for i in items],
            "betrag_cents": [cents(i.betrag) for i in items],
        },
        schema={
            "mandant": pl.String(),
            "rechnungsnr": pl.String(),
            "konto": pl.Int64(),
            "datum": pl.String(),
            "betrag_cents": pl.Int64(),
        },
    )


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid URL>"
