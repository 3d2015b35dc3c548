"""The Alembic migrations build exactly the tables the code declares, on SQLite and on PostgreSQL.

Each store (the datacenter's ``store/schema.py``, the clearing store's ``clearing/schema.py``) is
migrated from an empty database to its head revision, then Alembic's autogenerate comparison
(`alembic.autogenerate.compare_metadata`: tables, columns, types, nullability, server defaults,
indexes, unique and foreign keys) holds the result against the declared metadata. Any difference
fails with the list of differences — a migration that forgot a column, or a schema edited without
its migration. Every PostgreSQL comparison runs in a database of its own, created for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from syncsystem import db
from syncsystem.clearing import schema as clearing_schema
from syncsystem.clearing.migrate import migrate as migrate_clearing
from syncsystem.datacenter.store import engine as datacenter_engine
from syncsystem.datacenter.store import schema as datacenter_schema


def _migrate_datacenter(url: str) -> sa.Engine:
    engine = datacenter_engine.make_engine(url, pool_size=1)
    datacenter_engine.migrate(engine)
    return engine


def _migrate_clearing(url: str) -> sa.Engine:
    engine = db.make_engine(url)
    migrate_clearing(engine)
    return engine


# store -> (migrate an empty database to head, declared metadata, the store's Alembic version table)
STORES: dict[str, tuple[Callable[[str], sa.Engine], sa.MetaData, str]] = {
    "datacenter": (_migrate_datacenter, datacenter_schema.metadata, "alembic_version"),
    "clearing": (_migrate_clearing, clearing_schema.metadata, clearing_schema.VERSION_TABLE),
}


def _unquoted(default: str | None) -> str | None:
    return None if default is None else default.strip("()").strip("'\"")


def _same_default(
    _context: Any,
    _inspected: Any,
    _declared: Any,
    inspected: str | None,
    _metadata: Any,
    rendered: str | None,
) -> bool | None:
    """Alembic's own comparison, except that SQLite's reflected ``''`` equals a declared ``""``
    (Alembic reports that pair as a change on SQLite, although both are the empty string)."""
    if inspected is not None and rendered is not None and _unquoted(inspected) == _unquoted(rendered):
        return False
    return None


def differences(engine: sa.Engine, metadata: sa.MetaData, version_table: str) -> list[Any]:
    """What Alembic would change in the database behind ``engine`` to make it ``metadata``."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": _same_default,
                "version_table": version_table,
            },
        )
        diff: list[Any] = compare_metadata(context, metadata)
    return diff


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server: str = request.getfixturevalue("postgres_url")
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"syncsystem_migrations_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.mark.parametrize("store", sorted(STORES))
def test_the_migrations_build_exactly_the_declared_schema(store: str, empty_database: str) -> None:
    """Upgraded from nothing to head, the database differs from the declared metadata in nothing."""
    migrate, metadata, version_table = STORES[store]
    engine = migrate(empty_database)
    try:
        tables = set(sa.inspect(engine).get_table_names())
        assert {t for t in metadata.tables if t != version_table} <= tables  # the comparison saw them
        diff = differences(engine, metadata, version_table)
    finally:
        engine.dispose()
    assert diff == [], f"{store}: migrations and schema.py differ:\n{pformat(diff)}"


def test_the_comparison_sees_what_the_migrations_lack(tmp_path: Path) -> None:
    """The check can fail: a declared column no migration creates, a changed type and a dropped
    index are each reported."""
    engine = _migrate_clearing(f"sqlite:///{tmp_path / 'c.sqlite'}")
    declared = sa.MetaData()
    for table in clearing_schema.metadata.tables.values():
        table.to_metadata(declared)
    payments = declared.tables["clearing_payments"]
    payments.append_column(sa.Column("currency", sa.String(3), nullable=True))
    payments.c.text.type = sa.String(80)
    declared.tables["clearing_invoices"].indexes.clear()
    try:
        diff = differences(engine, declared, clearing_schema.VERSION_TABLE)
    finally:
        engine.dispose()
    kinds = {(d[0] if isinstance(d, tuple) else d[0][0]) for d in diff}
    assert kinds == {"add_column", "modify_type", "remove_index"}, pformat(diff)
