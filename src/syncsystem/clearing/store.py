"""The clearing store: invoices and their payments in SQLite or PostgreSQL (SQLAlchemy Core).

The table ``clearing_payments`` carries a UNIQUE constraint over the payment's natural key
(Mandant, invoice, payment document, account, date, amount, occurrence), and payments are written
with ``INSERT … ON CONFLICT DO NOTHING``: the database, not the importer's memory, guarantees that a
clearing becomes a payment exactly once, whatever mix of re-imports, overlapping files and parallel
processes arrives. Imports additionally run one at a time (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
transaction-scoped advisory lock) so that the *paid* bookkeeping of an invoice sees every payment
that a concurrent import committed before it. This module opens the store and answers queries;
`schema` declares the tables, `writes` stores payments, `paid` keeps the paid status, `bulk` holds
the driver-level statements.
"""

from __future__ import annotations

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
from syncsystem.clearing import paid, writes
from syncsystem.clearing.bulk import date_param, driver, executemany
from syncsystem.clearing.rules import Invoice, cents
from syncsystem.clearing.schema import PAYMENT_KEY, invoices, metadata, payments
from syncsystem.db import make_engine
from syncsystem.errors import StoreError

__all__ = [
    "DEFAULT_DB_NAME",
    "PAYMENT_KEY",
    "ClearingStore",
    "InvoiceRow",
    "default_url",
    "invoices",
    "metadata",
    "payments",
]

DEFAULT_DB_NAME = "syncsystem.sqlite"
_PG_IMPORT_LOCK = 0x53594E43  # "SYNC": one clearing import at a time per database
_OWNER_LOOKUP_MAX = 5_000  # distinct invoice numbers up to which owners are looked up, not scanned


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


class ClearingStore:
    """Invoices and payments behind one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    @classmethod
    def open(cls, url: str) -> ClearingStore:
        """Connect to ``url`` and create the tables if they are missing."""
        try:
            parsed = sa.make_url(url)
            if parsed.get_backend_name() not in ("sqlite", "postgresql"):
                raise StoreError(f"{url}: only sqlite:/// and postgresql:// databases are supported")
            # every transaction is an import: BEGIN IMMEDIATE takes SQLite's write lock up front
            engine = make_engine(parsed, busy_timeout_s=60, always_immediate=True)
            metadata.create_all(engine)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open clearing store {_safe(url)}: {exc}") from exc
        return cls(engine)

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
                    # a bulk import's index pages stay in memory (128 MB at most)
                    conn.exec_driver_sql("PRAGMA cache_size=-131072")
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"clearing store: {exc}") from exc

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    # -- invoices -----------------------------------------------------------------------------

    def register_invoices(
        self, conn: Connection, items: Iterable[Invoice], today: date | None = None
    ) -> int:
        """Add or update invoices (amount, account, date); returns how many rows were written."""
        items_list = list(items)
        if not items_list:
            return 0
        stmt = self._insert(invoices)
        stmt = stmt.on_conflict_do_update(
            index_elements=["mandant", "rechnungsnr"],
            set_={"konto": stmt.excluded.konto, "datum": stmt.excluded.datum,
                  "betrag_cents": stmt.excluded.betrag_cents},
        )
        executemany(
            conn, stmt, ("mandant", "rechnungsnr", "konto", "datum", "betrag_cents"),
            [(i.mandant, i.rechnungsnr, i.konto, date_param(self.dialect, i.datum), cents(i.betrag))
             for i in items_list],
        )
        self.refresh_paid(conn, [(i.mandant, i.rechnungsnr) for i in items_list], today)
        return len(items_list)

    def owners(
        self, conn: Connection, numbers: Sequence[str] | pl.Series | None = None
    ) -> list[tuple[str, MandantId, int]]:
        """``(invoice number, Mandant, invoice id)`` of every known invoice, or of those with ``numbers``

        (a series may repeat numbers)."""
        sql = "SELECT rechnungsnr, mandant, id FROM clearing_invoices"
        cursor = driver(conn).cursor()
        try:
            if isinstance(numbers, pl.Series):
                # an estimate suffices to choose the way (both find every owner) and costs a tenth
                estimate = numbers.approx_n_unique()
                many = not isinstance(estimate, int) or estimate > _OWNER_LOOKUP_MAX
                numbers = None if many else numbers.unique().to_list()
            if numbers is None or len(numbers) > _OWNER_LOOKUP_MAX:
                # a big file touches most invoices: one scan beats thousands of lookups
                cursor.execute(sql)
                return cursor.fetchall()  # type: ignore[no-any-return]
            found: list[tuple[str, MandantId, int]] = []
            mark = "?" if self.dialect == "sqlite" else "%s"
            wanted = list(numbers)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                cursor.execute(f"{sql} WHERE rechnungsnr IN ({', '.join([mark] * len(chunk))})", chunk)
                found += cursor.fetchall()
            return found
        finally:
            cursor.close()

    def invoice(self, mandant: MandantId, rechnungsnr: str) -> InvoiceRow | None:
        """The stored invoice, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(invoices).where(
                    invoices.c.mandant == mandant, invoices.c.rechnungsnr == rechnungsnr
                )
            ).first()
        if row is None:
            return None
        return InvoiceRow(row.mandant, row.rechnungsnr, row.konto, row.datum, row.betrag_cents,
                          row.paid_cents, row.paid_on)

    # -- payments and paid status (see `writes` and `paid`) --------------------------------------

    def insert_payments(self, conn: Connection, frame: pl.DataFrame) -> writes.Inserted:
        """Insert a frame of payments (``PAYMENT_COLUMNS``), skipping those whose natural key exists.

        Returns how many are new and their sums per invoice, for :meth:`apply_payments`.
        """
        return writes.insert_payments(conn, frame)

    def apply_payments(
        self, conn: Connection, today: date | None, inserted: writes.Inserted
    ) -> list[tuple[MandantId, str]]:
        """Add the new payments of ``inserted`` to their invoices; returns those paid now."""
        return paid.apply_payments(conn, today, inserted.delta)

    def refresh_paid(
        self, conn: Connection, keys: Iterable[tuple[MandantId, str]], today: date | None
    ) -> list[tuple[MandantId, str]]:
        """Recompute paid sums of the invoices ``keys`` from all their payments; returns those paid now.

        ``today`` is the date recorded for newly paid invoices (None: keep unset).
        """
        return paid.refresh_paid(conn, keys, today)

    def payment_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(payments)).scalar_one())

    def payments_of(self, mandant: MandantId, rechnungsnr: str) -> list[dict[str, Any]]:
        """The payments attached to one invoice, oldest first (by payment date, then as stored)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(payments)
                .where(payments.c.mandant == mandant, payments.c.rechnungsnr == rechnungsnr)
                .order_by(payments.c.datum, payments.c.id)
            )
            return [dict(r._mapping) for r in rows]


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid URL>"
