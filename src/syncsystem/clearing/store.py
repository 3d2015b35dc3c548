"""The clearing store: invoices and their payments in SQLite or PostgreSQL (SQLAlchemy Core).

The table ``clearing_payments`` carries a UNIQUE constraint over the payment's natural key
(Mandant, invoice, payment document, account, date, amount, occurrence), and payments are written
with ``INSERT … ON CONFLICT DO NOTHING``: the database, not the importer's memory, guarantees that a
clearing becomes a payment exactly once, whatever mix of re-imports, overlapping files and parallel
processes arrives. Imports additionally run one at a time (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
transaction-scoped advisory lock) so that the *paid* bookkeeping of an invoice sees every payment
that a concurrent import committed before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from syncsystem.bmd.records import MandantId
from syncsystem.clearing.rules import Invoice, Payment, cents, is_paid
from syncsystem.db import make_engine
from syncsystem.errors import StoreError

__all__ = ["DEFAULT_DB_NAME", "ClearingStore", "InvoiceRow", "default_url", "metadata"]

DEFAULT_DB_NAME = "syncsystem.sqlite"
_PG_IMPORT_LOCK = 0x53594E43  # "SYNC": one clearing import at a time per database
_CHUNK = 50_000

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

_PAYMENT_COLUMNS = Payment._fields  # insert order = the Payment tuple's field order

_COPY_AFFECTED = object()  # marker: fill the affected set by COPY on PostgreSQL

_affected = sa.Table(
    "clearing_affected",
    sa.MetaData(),
    sa.Column("mandant", sa.String(20), nullable=False),
    sa.Column("rechnungsnr", sa.String(40), nullable=False),
    sa.PrimaryKeyConstraint("mandant", "rechnungsnr"),
    prefixes=["TEMPORARY"],
)


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
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"clearing store: {exc}") from exc

    def _executemany(self, conn: Connection, stmt: Any, keys: Sequence[str],
                     rows: Sequence[Sequence[Any]]) -> int:
        """Run ``stmt`` once per row (values in ``keys`` order); returns the rows affected.

        On SQLite the statement SQLAlchemy compiled goes to the driver with positional tuples:
        building a million parameter dicts costs more than the inserts themselves.
        """
        if not rows:
            return 0
        if self.dialect == "sqlite":
            compiled = stmt.compile(dialect=self.engine.dialect, column_keys=list(keys))
            order = [list(keys).index(k) for k in compiled.positiontup]
            affected = 0
            for start in range(0, len(rows), _CHUNK):
                chunk = [tuple(r[i] for i in order) for r in rows[start : start + _CHUNK]]
                affected += max(conn.exec_driver_sql(str(compiled), chunk).rowcount, 0)
            return affected
        affected = 0
        if stmt is _COPY_AFFECTED:
            return self._copy(conn, "clearing_affected", keys, rows)
        for start in range(0, len(rows), _CHUNK):
            params = [dict(zip(keys, r, strict=True)) for r in rows[start : start + _CHUNK]]
            affected += max(conn.execute(stmt, params).rowcount, 0)
        return affected

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
        self._executemany(
            conn, stmt, ("mandant", "rechnungsnr", "konto", "datum", "betrag_cents"),
            [(i.mandant, i.rechnungsnr, i.konto, _date_param(self.dialect, i.datum), cents(i.betrag))
             for i in items_list],
        )
        self.refresh_paid(conn, [(i.mandant, i.rechnungsnr) for i in items_list], today)
        return len(items_list)

    def mandanten_by_invoice(self, conn: Connection) -> dict[str, list[MandantId]]:
        """Every known invoice number with the Mandanten that have it."""
        found: dict[str, list[MandantId]] = {}
        for nr, mandant in conn.execute(sa.select(invoices.c.rechnungsnr, invoices.c.mandant)):
            found.setdefault(nr, []).append(mandant)
        return found

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

    # -- payments -----------------------------------------------------------------------------

    def insert_payments(self, conn: Connection, items: Sequence[Payment]) -> int:
        """Insert payments, skipping those whose natural key exists; returns how many are new."""
        stmt = self._insert(payments).on_conflict_do_nothing(index_elements=list(PAYMENT_KEY))
        created = 0
        if self.dialect == "sqlite":
            # The statement is SQLAlchemy's; only the executemany goes straight to the driver with
            # positional tuples — a million dict parameters cost more than the insert itself.
            # sqlite3's executemany rowcount is the number of rows actually inserted.
            sql = str(stmt.compile(dialect=self.engine.dialect, column_keys=list(_PAYMENT_COLUMNS)))
            for start in range(0, len(items), _CHUNK):
                rows = [(p[0], p[1], p[2], p[3], p[4].isoformat(), p[5], p[6], p[7][:255],
                         p[8][-255:], p[9]) for p in items[start : start + _CHUNK]]
                created += max(conn.exec_driver_sql(sql, rows).rowcount, 0)
            return created
        # PostgreSQL: COPY into a session-local staging table, then one INSERT … SELECT … ON
        # CONFLICT DO NOTHING whose row count is exactly the payments that were new
        self._stage(conn)
        cols = list(_PAYMENT_COLUMNS)
        self._copy(conn, "clearing_stage", cols, [
            (p[0], p[1], p[2], p[3], p[4].isoformat(), p[5], p[6], p[7][:255], p[8][-255:], p[9])
            for p in items
        ])
        col_list = ", ".join(cols)
        result = conn.exec_driver_sql(
            f"INSERT INTO clearing_payments ({col_list}) SELECT {col_list} FROM clearing_stage "
            f"ON CONFLICT ({', '.join(PAYMENT_KEY)}) DO NOTHING"
        )
        created = max(result.rowcount, 0)
        conn.exec_driver_sql("TRUNCATE clearing_stage")
        return created

    def _stage(self, conn: Connection) -> None:
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS clearing_stage "
            "(LIKE clearing_payments INCLUDING DEFAULTS)"
        )
        conn.exec_driver_sql("TRUNCATE clearing_stage")

    def _copy(self, conn: Connection, table: str, keys: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> int:
        """PostgreSQL COPY FROM STDIN of ``rows`` into ``table`` (inside the open transaction)."""
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(keys)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return len(rows)

    def payment_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(payments)).scalar_one())

    def payments_of(self, mandant: MandantId, rechnungsnr: str) -> list[dict[str, Any]]:
        """The payments attached to one invoice, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(payments)
                .where(payments.c.mandant == mandant, payments.c.rechnungsnr == rechnungsnr)
                .order_by(payments.c.id)
            )
            return [dict(r._mapping) for r in rows]

    def refresh_paid(
        self, conn: Connection, keys: Iterable[tuple[MandantId, str]], today: date | None
    ) -> list[tuple[MandantId, str]]:
        """Recompute paid sums of the invoices ``keys``; returns those that became paid now.

        An invoice whose payments fall below its amount again (a reversed clearing) loses its
        paid date. ``today`` is the date recorded for newly paid invoices (None: keep unset).
        """
        unique = sorted(set(keys))
        if not unique:
            return []
        _affected.create(conn, checkfirst=True)
        conn.execute(_affected.delete())
        self._executemany(
            conn,
            _COPY_AFFECTED if self.dialect == "postgresql" else _affected.insert(),
            ("mandant", "rechnungsnr"),
            unique,
        )
        # driven from the (small, indexed) affected set into the invoices' unique index
        in_affected = sa.tuple_(invoices.c.mandant, invoices.c.rechnungsnr).in_(
            sa.select(_affected.c.mandant, _affected.c.rechnungsnr)
        )
        total = (
            sa.select(sa.func.coalesce(sa.func.sum(payments.c.betrag_cents), 0))
            .where(payments.c.mandant == invoices.c.mandant,
                   payments.c.rechnungsnr == invoices.c.rechnungsnr)
            .scalar_subquery()
        )
        conn.execute(invoices.update().where(in_affected).values(paid_cents=total))
        now_paid: list[tuple[MandantId, str]] = []
        reopened: list[tuple[Any, ...]] = []
        newly: list[tuple[Any, ...]] = []
        rows = conn.execute(
            sa.select(invoices.c.id, invoices.c.mandant, invoices.c.rechnungsnr,
                      invoices.c.betrag_cents, invoices.c.paid_cents, invoices.c.paid_on)
            .where(in_affected)
        )
        for ident, mandant, nr, amount, paid_cents, paid_on in rows:
            paid = is_paid(amount, paid_cents) and paid_cents != 0
            if paid and paid_on is None and today is not None:
                newly.append((ident, _date_param(self.dialect, today)))
                now_paid.append((mandant, nr))
            elif not paid and paid_on is not None:
                reopened.append((ident, None))
        stmt = invoices.update().where(invoices.c.id == sa.bindparam("k")).values(
            paid_on=sa.bindparam("d")
        )
        for batch in (newly, reopened):
            self._executemany(conn, stmt, ("k", "d"), batch)
        conn.execute(_affected.delete())
        return sorted(now_paid)


def _date_param(dialect: str, value: date) -> Any:
    # the driver-level path on SQLite bypasses sa.Date's bind processor: hand it ISO text
    return value.isoformat() if dialect == "sqlite" else value


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid URL>"
