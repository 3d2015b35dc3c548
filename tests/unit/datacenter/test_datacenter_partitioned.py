"""The store on a schema partitioned by hash(office_id) (PostgreSQL declarative partitioning).

`partitioning.create_partitioned_schema` builds the declared schema in a database of its own with
every office-scoped table split into four hash partitions; a representative slice of the store's
tests then runs against it unchanged — ingest (rows, duplicates, conflicts, cursor gaps), the poll's
hot path, the advisor's requests and page, and office isolation — by overriding the ``store``
fixture here. docs/scaling.md describes the recipe.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from syncsystem.datacenter.store import partitioning
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.schema import metadata

from .test_datacenter_api import (  # noqa: F401  (collected here, on the partitioned store)
    test_poll_reports_time_interval_and_waiting_requests,
    test_request_lifecycle_to_ingested,
    test_token_rotation_without_downtime_and_revocation,
)
from .test_datacenter_ingest import (  # noqa: F401
    test_bundle_lands_in_every_table,
    test_cursor_gap_is_refused,
    test_reingesting_the_same_data_adds_no_rows,
    test_same_id_other_content_is_a_conflict,
    test_same_id_twice_and_resealed_retry_are_duplicates,
)
from .test_datacenter_isolation import (  # noqa: F401
    office_a_state,
    test_every_endpoint_refuses_the_other_office,
    test_page_shows_only_own_office,
)
from .test_datacenter_poll_path import (  # noqa: F401
    test_one_checkout_serves_lookup_waiting_and_write,
    test_token_lookup_agrees_on_valid_unknown_rotated_and_revoked,
)

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def _partitioned(postgres_url: str) -> Iterator[Store]:
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"syncsystem_partitioned_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    engine = sa.create_engine(url)
    partitioning.create_partitioned_schema(engine, partitions=4)
    engine.dispose()
    store = Store.open(url)  # the stamped head: nothing to migrate
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def store(_partitioned: Store) -> Iterator[Store]:
    with _partitioned.engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {', '.join(t.name for t in metadata.sorted_tables)} CASCADE")
    yield _partitioned


def test_the_office_tables_are_partitioned_and_rows_spread(store: Store, world) -> None:  # type: ignore[no-untyped-def]
    """Each office-scoped table is partitioned by hash of office_id; two offices' rows land by office."""
    with store.read() as conn:
        keys = dict(
            conn.exec_driver_sql(
                "SELECT c.relname, pg_get_partkeydef(c.oid) FROM pg_class c WHERE c.relkind = 'p'"
            ).all()
        )
    assert keys == {t: "HASH (office_id)" for t in partitioning.OFFICE_TABLES}
    for office in (world.a, world.b):
        assert (
            world.client.put(
                f"/api/v1/bundles/b-{office.office_id}",
                content=world.bundle(office, f"b-{office.office_id}"),
                headers=office.agent,
            ).status_code
            == 200
        )
    with store.read() as conn:
        placed = conn.exec_driver_sql(
            "SELECT tableoid::regclass::text, count(DISTINCT office_id) FROM bookings GROUP BY 1"
        ).all()
    assert sum(n for _, n in placed) == 2 and all(t.startswith("bookings_p") for t, _ in placed)
