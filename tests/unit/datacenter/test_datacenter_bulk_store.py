"""The bulk store path (`store.bulk`) on both backends: upsert by key, snapshot replace, last row wins.

On PostgreSQL the rows go through ``COPY`` into staging and one set-based upsert, on SQLite through
executemany; both must leave the same rows. Expected values are written out by hand below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import psycopg
import pytest
import sqlalchemy as sa

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.rows import Prepared
from syncsystem.datacenter.store import bulk, tenancy
from syncsystem.datacenter.store import schema as t
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.scoped import OfficeScope

NOW = datetime(2026, 3, 2, 12, tzinfo=UTC)
LEDGER = ("office_id", "mandant", "bundle_id", "konto", "bezeichnung", "kontenart", "extra")
OPEN = (
    "office_id",
    "mandant",
    "bundle_id",
    "konto",
    "rechnungsnr",
    "rechnungsdatum",
    "rechnungsbetrag_cent",
    "offener_betrag_cent",
    "buchsymbol",
    "extra",
)


def _ledger(bundle: str, *accounts: tuple[int, str], mandant: str = "M1") -> tuple[str, Prepared]:
    rows = [("kanzlei-a", mandant, bundle, konto, name, "2", "{}") for konto, name in accounts]
    return mandant, Prepared(t.ledger_accounts, LEDGER, rows, False)


def _open(bundle: str, *items: tuple[int, str, int]) -> tuple[str, Prepared]:
    rows = [
        ("kanzlei-a", "M1", bundle, konto, nr, date(2026, 2, 1), amount, amount, "AR", "{}")
        for konto, nr, amount in items
    ]
    return "M1", Prepared(t.open_items, OPEN, rows, True)


def _write(store: Store, *files: tuple[str, Prepared]) -> None:
    with store.write() as conn:
        scope = OfficeScope(conn, Principal("agent", "agent-a", "kanzlei-a"))
        scope.ensure_mandanten(sorted({m for m, _ in files}))
        scope.write_files(list(files))


def _rows(store: Store, table: sa.Table, *columns: str) -> list[tuple[object, ...]]:
    with store.read() as conn:
        query = sa.select(*(table.c[c] for c in columns)).order_by(*(table.c[c] for c in columns))
        return [tuple(r) for r in conn.execute(query)]


@pytest.fixture
def office(store: Store) -> Store:
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-a", "A", NOW)
    return store


def test_upsert_rewrites_only_changed_rows_and_keeps_the_last_of_a_key(office: Store) -> None:
    _write(office, _ledger("b1", (2800, "Bank"), (2700, "Kassa")))
    # b2: 2800 unchanged (keeps b1), 2700 renamed, 4000 new and twice in one bundle (the later wins),
    # and a second Mandant's file of the same table in the same transaction.
    _write(
        office,
        _ledger("b2", (2800, "Bank"), (2700, "Kasse"), (4000, "Erlöse alt"), (4000, "Erlöse")),
        _ledger("b2", (2800, "Bank 2"), mandant="M2"),
    )
    assert _rows(office, t.ledger_accounts, "mandant", "konto", "bezeichnung", "bundle_id") == [
        ("M1", 2700, "Kasse", "b2"),
        ("M1", 2800, "Bank", "b1"),
        ("M1", 4000, "Erlöse", "b2"),
        ("M2", 2800, "Bank 2", "b2"),
    ]


def test_snapshot_replaces_the_mandants_open_items(office: Store) -> None:
    _write(office, _open("b1", (200001, "1", 10000), (200001, "2", 5000)))
    _write(office, _open("b2", (200001, "2", 2500), (200002, "7", 700)))
    assert _rows(office, t.open_items, "konto", "rechnungsnr", "offener_betrag_cent", "bundle_id") == [
        (200001, "2", 2500, "b2"),
        (200002, "7", 700, "b2"),
    ]


def test_two_writes_in_one_transaction_leave_the_second_snapshot(office: Store) -> None:
    """A second write in the same transaction replaces the OP list the first one wrote, as one commit."""
    with office.write() as conn:
        scope = OfficeScope(conn, Principal("agent", "agent-a", "kanzlei-a"))
        scope.ensure_mandanten(["M1"])
        scope.write_files([_open("b1", (200001, "1", 10000), (200001, "2", 5000))])
        scope.write_files([_open("b2", (200001, "2", 2500))])
    assert _rows(office, t.open_items, "konto", "rechnungsnr", "offener_betrag_cent", "bundle_id") == [
        (200001, "2", 2500, "b2"),
    ]


def test_rows_of_another_office_are_refused_and_nothing_is_stored(office: Store) -> None:
    row = ("kanzlei-b", "M1", "b1", 1, "x", "2", "{}")
    foreign = ("M1", Prepared(t.ledger_accounts, LEDGER, [row], False))
    with pytest.raises(ValueError, match="another office"):
        _write(office, _ledger("b1", (2800, "Bank")), foreign)
    assert _rows(office, t.ledger_accounts, "konto") == []


def test_a_refused_row_is_sqlalchemys_integrity_error_and_nothing_is_stored(office: Store) -> None:
    """A row the database refuses (here: a Mandant the office does not have) surfaces on SQLite, whose
    rows go through the driver's own executemany, as SQLAlchemy's IntegrityError, like every other
    statement's (PostgreSQL's COPY path raises the driver's); the transaction stores nothing."""
    dbapi = office.engine.dialect.loaded_dbapi
    refused = sa.exc.IntegrityError if office.dialect == "sqlite" else dbapi.IntegrityError
    with pytest.raises(refused), office.write() as conn:
        scope = OfficeScope(conn, Principal("agent", "agent-a", "kanzlei-a"))
        scope.ensure_mandanten(["M1"])
        scope.write_files([_ledger("b1", (2800, "Bank")), _ledger("b1", (2700, "Kassa"), mandant="M9")])
    assert _rows(office, t.ledger_accounts, "konto") == []


def test_a_write_after_a_rolled_back_one_on_the_same_connection_stores_its_rows(office: Store) -> None:
    """A rollback drops the staging tables it created; the connection's next write makes them anew."""
    office.engine.dispose()  # fresh connections: none has a staging table yet
    with pytest.raises(RuntimeError, match="refused"), office.write() as conn:
        scope = OfficeScope(conn, Principal("agent", "agent-a", "kanzlei-a"))
        scope.ensure_mandanten(["M1"])
        scope.write_files([_ledger("b1", (2800, "Bank"))])
        raise RuntimeError("refused after the rows were staged")
    _write(office, _ledger("b2", (2700, "Kassa")))  # the pool hands out the same connection (LIFO)
    assert _rows(office, t.ledger_accounts, "konto", "bundle_id") == [(2700, "b2")]


def test_a_value_longer_than_its_column_is_refused_not_cut(office: Store) -> None:
    """A name longer than its column (200) fails the write on PostgreSQL instead of being cut short
    (SQLite keeps it whole: it does not enforce a varchar's length)."""
    if office.dialect == "sqlite":
        _write(office, _ledger("b1", (2800, "B" * 201)))
        assert _rows(office, t.ledger_accounts, "bezeichnung") == [("B" * 201,)]
        return
    with pytest.raises(psycopg.errors.StringDataRightTruncation):
        _write(office, _ledger("b1", (2800, "B" * 201)))
    assert _rows(office, t.ledger_accounts, "konto") == []


BOOKING = (
    "office_id",
    "mandant",
    "bundle_id",
    "line_key",
    "konto",
    "gkonto",
    "belegnr",
    "belegdatum",
    "buchdatum",
    "buchsymbol",
    "buchcode",
    "betrag_cent",
    "steuer_cent",
    "steuercode",
    "text",
    "kost",
    "extra",
)
# What COPY's text format must escape, and what looks like its markers: each must arrive as it was.
AWKWARD = ("Tab\there", "Zeile\nzwei", "Wagen\rrücklauf", "Back\\slash", "\\N", "\\.", "Größe € ½", "")


@pytest.mark.parametrize("formatter", ["psycopg's row formatter", "write_row"])
def test_awkward_text_none_and_every_width_arrive_as_they_were(
    office: Store, formatter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if formatter == "write_row":  # the path for a psycopg without the formatter where bulk looks
        monkeypatch.setattr(bulk, "_row_formatter", lambda: None)
    ledger = _ledger("b1", *((1000 + i, name) for i, name in enumerate(AWKWARD)))
    no_tax = (
        "kanzlei-a",
        "M1",
        "b1",
        "k1",
        2000,
        None,
        "R1",
        date(2026, 1, 2),
        None,
        "AR",
        1,
        12000,
        None,
        None,
        "Zeile\t1\\n",
        "",
        "{}",
    )
    taxed = (
        "kanzlei-a",
        "M1",
        "b1",
        "k2",
        2000,
        4000,
        "R2",
        date(2026, 1, 3),
        date(2026, 1, 4),
        "AR",
        2,
        -500,
        -100,
        1,
        "",
        "100",
        '{"a": "\\\\"}',
    )
    bookings = ("M1", Prepared(t.bookings, BOOKING, [no_tax, taxed], False))
    _write(office, ledger, _open("b1", (200001, "R\t1", 700)), bookings)
    assert _rows(office, t.ledger_accounts, "konto", "bezeichnung") == [
        (1000 + i, name) for i, name in enumerate(AWKWARD)
    ]
    assert _rows(office, t.open_items, "konto", "rechnungsnr", "rechnungsdatum", "offener_betrag_cent") == [
        (200001, "R\t1", date(2026, 2, 1), 700)
    ]
    assert _rows(office, t.bookings, *BOOKING) == [no_tax, taxed]
