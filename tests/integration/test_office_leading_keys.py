"""Every office-scoped table of the datacenter leads with ``office_id`` in its key and in every index,
after the migrations, on SQLite and PostgreSQL — the precondition for partitioning by hash(office_id)
or distributing by office with Citus (docs/scaling.md). Alembic's schema comparison does not look at
primary keys, so this test does.

The tables are named here by hand (docs/scaling.md lists the same): the office's data, which grows with
history. The directory tables (offices, advisors, agents, tokens, sessions, enrolment codes) are looked
up by a token's hash before the office is known and stay unpartitioned (Citus: reference tables)."""

from __future__ import annotations

import sqlalchemy as sa
from tests.integration.test_schema_migrations import empty_database  # noqa: F401  (the fixture)

from syncsystem.datacenter.store import engine as datacenter_engine
from syncsystem.datacenter.store import partitioning, schema

OFFICE_TABLES = (
    "mandanten",
    "sync_requests",
    "bundles",
    "bookings",
    "journal_lines",
    "person_accounts",
    "ledger_accounts",
    "cost_centres",
    "open_items",
    "clearings",
    "sync_events",
)


def leading_problems(inspector: sa.Inspector, tables: tuple[str, ...]) -> list[str]:
    """Each key or index of ``tables`` that does not start with office_id, named."""
    problems = []
    for table in tables:
        key = inspector.get_pk_constraint(table)["constrained_columns"]
        if key[:1] != ["office_id"]:
            problems.append(f"{table}: primary key {key}")
        for index in inspector.get_indexes(table):
            if index["column_names"][:1] != ["office_id"]:
                problems.append(f"{table}: index {index['name']} {index['column_names']}")
        for unique in inspector.get_unique_constraints(table):
            if unique["column_names"][:1] != ["office_id"]:
                problems.append(f"{table}: unique {unique['name']} {unique['column_names']}")
    return problems


def test_office_scoped_tables_lead_with_the_office(empty_database: str) -> None:  # noqa: F811
    engine = datacenter_engine.make_engine(empty_database, pool_size=1)
    try:
        datacenter_engine.migrate(engine)
        inspector = sa.inspect(engine)
        assert set(OFFICE_TABLES) <= set(inspector.get_table_names())
        assert leading_problems(inspector, OFFICE_TABLES) == []
        # the check can fail: the directory table agents is keyed by id alone
        assert leading_problems(inspector, ("agents",)) == ["agents: primary key ['id']"]
    finally:
        engine.dispose()


def test_every_table_is_classified_and_the_partitioned_list_is_this_one() -> None:
    """A new table must be named office-scoped or directory (docs/scaling.md); the partitioning
    module partitions exactly the tables named here."""
    assert set(partitioning.OFFICE_TABLES) == set(OFFICE_TABLES)
    assert set(partitioning.OFFICE_TABLES) | set(partitioning.DIRECTORY_TABLES) == set(schema.metadata.tables)
    assert not set(partitioning.OFFICE_TABLES) & set(partitioning.DIRECTORY_TABLES)
