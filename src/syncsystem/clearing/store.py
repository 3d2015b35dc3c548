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

import itertools
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
from syncsystem.clearing.frames import PAYMENT_COLUMNS
from syncsystem.clearing.rules import Invoice, cents
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


# rules.is_paid in SQL: the payments reach the amount (credit notes: from above), and something was paid
PAID_SQL = ("(clearing_invoices.paid_cents <> 0 AND ((clearing_invoices.betrag_cents >= 0 AND "
            "clearing_invoices.paid_cents >= clearing_invoices.betrag_cents) OR "
            "(clearing_invoices.betrag_cents < 0 AND "
            "clearing_invoices.paid_cents <= clearing_invoices.betrag_cents)))")
_OWNER_LOOKUP_MAX = 5_000  # distinct invoice numbers up to which owners are looked up, not scanned

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
                else:
                    # a bulk import's index pages stay in memory (128 MB at most)
                    conn.exec_driver_sql("PRAGMA cache_size=-131072")
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

    def owners(self, conn: Connection, numbers: Sequence[str] | None = None) -> list[tuple[str, MandantId]]:
        """``(invoice number, Mandant)`` of every known invoice, or of those with ``numbers``."""
        sql = "SELECT rechnungsnr, mandant FROM clearing_invoices"
        cursor = _driver(conn).cursor()
        try:
            if numbers is None or len(numbers) > _OWNER_LOOKUP_MAX:
                # a big file touches most invoices: one scan beats thousands of lookups
                cursor.execute(sql)
                return cursor.fetchall()  # type: ignore[no-any-return]
            found: list[tuple[str, MandantId]] = []
            mark = "?" if self.dialect == "sqlite" else "%s"
            for start in range(0, len(numbers), 500):
                chunk = list(numbers[start : start + 500])
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

    # -- payments -----------------------------------------------------------------------------

    def insert_payments(self, conn: Connection, frame: pl.DataFrame) -> int:
        """Insert a frame of payments (``PAYMENT_COLUMNS``), skipping those whose natural key exists.

        Returns how many are new; their sums per invoice wait in the temporary table
        ``clearing_delta`` for :meth:`apply_payments`.
        """
        self._temp_tables(conn)
        if frame.is_empty():
            return 0
        if self.dialect == "sqlite":
            return self._insert_sqlite(conn, frame)
        return self._insert_postgres(conn, frame)

    def _insert_sqlite(self, conn: Connection, frame: pl.DataFrame) -> int:
        # Rows get ids above the largest one present (rowid allocation), and BEGIN IMMEDIATE keeps
        # every other writer out until commit: the ids above ``before`` are exactly the new rows.
        before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM clearing_payments").scalar_one()
        sql = (f"INSERT INTO clearing_payments ({', '.join(PAYMENT_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(PAYMENT_COLUMNS))}) ON CONFLICT DO NOTHING")
        cursor = _driver(conn).cursor()
        created = 0
        try:
            # column lists zipped into tuples: no per-row objects beyond what sqlite3 binds
            for start in range(0, frame.height, _CHUNK):
                part = frame.slice(start, _CHUNK)
                cursor.executemany(sql, zip(*(_values(part[c]) for c in PAYMENT_COLUMNS), strict=True))
                created += max(cursor.rowcount, 0)
        finally:
            cursor.close()
        if created:
            conn.exec_driver_sql(
                "INSERT INTO clearing_delta SELECT mandant, rechnungsnr, sum(betrag_cents), count(*) "
                "FROM clearing_payments WHERE id > ? GROUP BY mandant, rechnungsnr", (before,)
            )
        return created

    def _insert_postgres(self, conn: Connection, frame: pl.DataFrame) -> int:
        # COPY into a session-local staging table, then one INSERT … SELECT … ON CONFLICT DO NOTHING
        # whose RETURNING rows are exactly the new payments
        cols = ", ".join(PAYMENT_COLUMNS)
        conn.exec_driver_sql("TRUNCATE clearing_stage")
        data = frame.select(PAYMENT_COLUMNS).write_csv(include_header=False, quote_style="non_numeric")
        with _driver(conn).cursor() as cur, cur.copy(
            f"COPY clearing_stage ({cols}) FROM STDIN (FORMAT csv)"
        ) as copy:
            copy.write(data.encode())
        conn.exec_driver_sql(
            f"WITH new AS (INSERT INTO clearing_payments ({cols}) SELECT {cols} FROM clearing_stage "
            f"ON CONFLICT ({', '.join(PAYMENT_KEY)}) DO NOTHING "
            "RETURNING mandant, rechnungsnr, betrag_cents) "
            "INSERT INTO clearing_delta SELECT mandant, rechnungsnr, sum(betrag_cents), count(*) "
            "FROM new GROUP BY mandant, rechnungsnr"
        )
        conn.exec_driver_sql("TRUNCATE clearing_stage")
        return int(conn.exec_driver_sql("SELECT coalesce(sum(n), 0) FROM clearing_delta").scalar_one())

    def _temp_tables(self, conn: Connection) -> None:
        """Session-local work tables, created once per connection and emptied for each import."""
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS clearing_delta (mandant VARCHAR(20) NOT NULL, "
            "rechnungsnr VARCHAR(40) NOT NULL, total BIGINT NOT NULL, n BIGINT NOT NULL, "
            "PRIMARY KEY (mandant, rechnungsnr))"
        )
        conn.exec_driver_sql("DELETE FROM clearing_delta")
        if self.dialect == "postgresql":
            conn.exec_driver_sql(
                "CREATE TEMP TABLE IF NOT EXISTS clearing_stage "
                "(LIKE clearing_payments INCLUDING DEFAULTS)"
            )

    def _copy(self, conn: Connection, table: str, keys: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> None:
        """PostgreSQL COPY FROM STDIN of ``rows`` into ``table`` (inside the open transaction)."""
        with _driver(conn).cursor() as cur, cur.copy(f"COPY {table} ({', '.join(keys)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def apply_payments(self, conn: Connection, today: date | None) -> list[tuple[MandantId, str]]:
        """Add the new payments (``clearing_delta``) to their invoices; returns those paid now."""
        conn.exec_driver_sql(
            "UPDATE clearing_invoices SET paid_cents = paid_cents + d.total FROM clearing_delta AS d "
            "WHERE clearing_invoices.mandant = d.mandant AND clearing_invoices.rechnungsnr = d.rechnungsnr"
        )
        return self._mark_paid(conn, "clearing_delta", today)

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
        """Recompute paid sums of the invoices ``keys`` from all their payments; returns those paid now.

        ``today`` is the date recorded for newly paid invoices (None: keep unset).
        """
        unique = sorted(set(keys))
        if not unique:
            return []
        _affected.create(conn, checkfirst=True)
        conn.execute(_affected.delete())
        if self.dialect == "postgresql":
            self._copy(conn, "clearing_affected", ("mandant", "rechnungsnr"), unique)
        else:
            self._executemany(conn, _affected.insert(), ("mandant", "rechnungsnr"), unique)
        conn.exec_driver_sql(
            "UPDATE clearing_invoices SET paid_cents = (SELECT coalesce(sum(p.betrag_cents), 0) "
            "FROM clearing_payments AS p WHERE p.mandant = clearing_invoices.mandant "
            "AND p.rechnungsnr = clearing_invoices.rechnungsnr) FROM clearing_affected AS a "
            "WHERE clearing_invoices.mandant = a.mandant AND clearing_invoices.rechnungsnr = a.rechnungsnr"
        )
        now_paid = self._mark_paid(conn, "clearing_affected", today)
        conn.execute(_affected.delete())
        return now_paid

    def _mark_paid(self, conn: Connection, work: str, today: date | None) -> list[tuple[MandantId, str]]:
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
            {"today": _date_param(self.dialect, today)},
        )
        return sorted((m, nr) for m, nr in rows)


def _values(column: pl.Series) -> Iterable[Any]:
    """A column's Python values for binding; one shared object when all are equal (file name)."""
    if column.n_unique() == 1:
        return itertools.repeat(column[0], column.len())
    return column.to_list()


def _driver(conn: Connection) -> Any:
    raw = conn.connection.driver_connection
    assert raw is not None
    return raw


def _date_param(dialect: str, value: date) -> Any:
    # the driver-level path on SQLite bypasses sa.Date's bind processor: hand it ISO text
    return value.isoformat() if dialect == "sqlite" else value


def _safe(url: str) -> str:
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "<invalid URL>"
