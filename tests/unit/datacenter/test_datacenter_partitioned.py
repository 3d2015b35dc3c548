"""The office data tables partitioned by office (docs/scaling.md) still ingest, upsert and replace.

On the local PostgreSQL, in a schema of its own: the migrated tables, then the seven data tables
turned into ``PARTITION BY HASH (office_id)`` tables exactly as docs/scaling.md shows (their keys
lead with ``office_id``, so nothing else changes); then the real ingest stores a bundle, a second
bundle with one renamed person account upserts it, and the rows sit in the partitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from syncsystem.clock import SimulatedClock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.ingest import ingest_bundle
from syncsystem.datacenter.keys import BundleKeys
from syncsystem.datacenter.rows import TABLES
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, seal

from .conftest import standard_files

pytestmark = pytest.mark.postgres
SCHEMA = "partitioned_by_office"
NOW = datetime(2026, 3, 2, 8, tzinfo=UTC)


def _partition(conn: sa.Connection, table: sa.Table) -> None:
    name = table.name
    key = ", ".join(c.name for c in table.primary_key.columns)
    conn.exec_driver_sql(f"ALTER TABLE {name} RENAME TO {name}_plain")
    conn.exec_driver_sql(
        f"CREATE TABLE {name} (LIKE {name}_plain INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
        "PARTITION BY HASH (office_id)"
    )
    for remainder in range(4):
        conn.exec_driver_sql(
            f"CREATE TABLE {name}_p{remainder} PARTITION OF {name} "
            f"FOR VALUES WITH (MODULUS 4, REMAINDER {remainder})"
        )
    conn.exec_driver_sql(f"ALTER TABLE {name} ADD PRIMARY KEY ({key})")
    conn.exec_driver_sql(f"INSERT INTO {name} SELECT * FROM {name}_plain")
    conn.exec_driver_sql(f"DROP TABLE {name}_plain")


@pytest.fixture
def store(postgres_url: str) -> Iterator[Store]:
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    url = sa.make_url(postgres_url).update_query_dict({"options": f"-csearch_path={SCHEMA}"})
    opened = Store.open(url.render_as_string(hide_password=False))
    with opened.engine.begin() as conn:
        for table in TABLES.values():
            _partition(conn, table)
    try:
        yield opened
    finally:
        opened.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {SCHEMA} CASCADE")
        admin.dispose()


def _bundle(bundle_id: str, agent_id: str, files: dict[str, tuple[str, bytes]], public: bytes) -> bytes:
    from syncsystem import bmd  # noqa: PLC0415 - the row count of each file

    entries = tuple(FileEntry.describe(n, k, len(bmd.read(d, bmd.Kind(k)).records), d)
                    for n, (k, d) in files.items())
    manifest = Manifest(bundle_id, agent_id, NOW, (ManifestEntry("M1", entries, None, 10),))
    return seal(manifest, {file_key("M1", n): d for n, (_, d) in files.items()}, public)


def test_partitioned_tables_ingest_and_upsert(store: Store) -> None:
    from syncsystem import bmd  # noqa: PLC0415

    keys = BundleKeys.generate()
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-a", "A", NOW)
        enrolment = tenancy.enrol(conn, tenancy.create_enrolment_code(conn, "kanzlei-a", NOW), "pc", NOW)
    agent = Principal("agent", enrolment.agent_id, "kanzlei-a")
    clock = SimulatedClock(NOW)
    files = standard_files(3)
    first = ingest_bundle(store, agent, "b-1", _bundle("b-1", agent.id, files, keys.public), keys.current,
                          clock=clock)
    assert first.status == "ingested"
    changed = dict(files)
    renamed = [bmd.PersonAccount(200001, "Huber & Co GmbH")]
    changed["personenkonten.csv"] = ("persons", bmd.dumps(renamed, bmd.Kind.PERSONS))
    second = ingest_bundle(store, agent, "b-2", _bundle("b-2", agent.id, changed, keys.public), keys.current,
                           clock=clock)
    assert second.status == "ingested"
    with store.read() as conn:
        # the same three bookings again: nothing added, nothing rewritten
        found = conn.exec_driver_sql("SELECT count(*), min(bundle_id), max(bundle_id) FROM bookings").one()
        assert tuple(found) == (3, "b-1", "b-1")
        # the renamed person account: updated in place, by the bundle that changed it
        assert conn.exec_driver_sql("SELECT nachname, bundle_id FROM person_accounts").all() == [
            ("Huber & Co GmbH", "b-2")]
        parts = {r[0] for r in conn.exec_driver_sql("SELECT tableoid::regclass::text FROM bookings")}
        assert parts and all(p.startswith("bookings_p") for p in parts)
        # the OP list snapshot was replaced, not doubled
        assert conn.exec_driver_sql("SELECT count(*) FROM open_items").scalar_one() == 1
