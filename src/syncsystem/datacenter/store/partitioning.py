"""The datacenter's schema partitioned by office: PostgreSQL declarative partitioning, hash(office_id).

Every office-scoped table — the office's Mandanten, sync requests, bundles and data rows — leads
with ``office_id`` in its primary key and in every index (`OFFICE_TABLES`; the migrations guarantee it,
tests/integration/test_office_leading_keys.py checks it), so each can be ``PARTITION BY HASH
(office_id)``: every query the store runs names one office, and PostgreSQL prunes to one partition.
The directory tables (offices, advisors, agents, tokens, sessions, enrolment codes, settings) are
looked up by a token's hash before the office is known; they are small and stay unpartitioned.

`create_partitioned_schema` builds the declared schema (`schema.metadata`) that way in an empty
database and stamps it with the newest migration, so `Store.open` takes it as it is. docs/scaling.md
shows the SQL and the Citus equivalent (``create_distributed_table(…, 'office_id')``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from syncsystem.datacenter.store.engine import MIGRATIONS
from syncsystem.datacenter.store.schema import metadata

__all__ = ["DIRECTORY_TABLES", "OFFICE_TABLES", "create_partitioned_schema", "partitioned_metadata"]

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
DIRECTORY_TABLES = (
    "settings",
    "offices",
    "advisors",
    "enrolment_codes",
    "agents",
    "agent_tokens",
    "advisor_sessions",
)


def partitioned_metadata() -> sa.MetaData:
    """A copy of the declared schema whose office-scoped tables are partitioned by hash(office_id)."""
    copy = sa.MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        moved = table.to_metadata(copy)
        if table.name in OFFICE_TABLES:
            moved.dialect_options["postgresql"]["partition_by"] = "HASH (office_id)"
    return copy


def create_partitioned_schema(engine: Engine, partitions: int = 4) -> None:
    """Create the schema in the empty PostgreSQL database behind ``engine``: each office-scoped table
    with ``partitions`` hash partitions; then stamp the newest migration."""
    if engine.dialect.name != "postgresql":
        raise ValueError("declarative partitioning needs PostgreSQL")
    head = ScriptDirectory.from_config(_config()).get_current_head()
    with engine.begin() as conn:
        partitioned_metadata().create_all(conn)
        for table in OFFICE_TABLES:
            for remainder in range(partitions):
                conn.exec_driver_sql(
                    f"CREATE TABLE {table}_p{remainder} PARTITION OF {table} "
                    f"FOR VALUES WITH (MODULUS {partitions}, REMAINDER {remainder})"
                )
        conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.exec_driver_sql(f"INSERT INTO alembic_version VALUES ('{head}')")


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg
