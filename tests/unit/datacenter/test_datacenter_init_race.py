"""Two ``datacenter init`` of the same office at once: the one that loses says the office exists,
as a second init after the first does — not the database's unique-key error.

On SQLite the write transaction is an immediate one, so the second init waits and its check sees
the office. On PostgreSQL both checks can pass before either commits; the second insert then waits
on the offices key and fails when the first commits. The expected sentences are written out from
the catalogues: ``datacenter.cli.office_exists`` "Kanzlei {office!r} gibt es schon" / "office
{office!r} exists already".
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem import messages
from syncsystem.datacenter.errors import ConflictError
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store, migrate

NOW = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dc.db'}"
    return str(request.getfixturevalue("postgres_url"))


def test_an_office_inserted_between_check_and_insert_is_said_to_exist(  # type: ignore[no-untyped-def]
    cli, url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first init commits the office; the second's check is made to miss it (as a check made
    just before the other's commit would), so its insert meets the key: exit 2, 'gibt es schon'."""
    office = f"kanzlei-{uuid.uuid4().hex[:8]}"
    key = ["--key-file", str(tmp_path / "bundle.key")]
    assert cli("datacenter", "init", "--db", url, "--office", office, *key).exit_code == 0
    real, missed = tenancy.office_exists, []

    def late_check(conn: sa.Connection, office_id: str) -> bool:
        if not missed:
            missed.append(office_id)
            return False
        return real(conn, office_id)

    monkeypatch.setattr(tenancy, "office_exists", late_check)
    de = cli("datacenter", "init", "--db", url, "--office", office, *key)
    en = cli("--lang", "en", "datacenter", "init", "--db", url, "--office", office, *key)
    assert missed == [office]
    assert (de.exit_code, de.stderr) == (2, f"syncsystem: Kanzlei '{office}' gibt es schon\n")
    assert (en.exit_code, en.stderr) == (2, f"syncsystem: office '{office}' exists already\n")


@pytest.fixture
def pg_store(postgres_url: str) -> Iterator[Store]:
    store = Store.open(postgres_url)
    migrate(store.engine)
    try:
        yield store
    finally:
        store.close()


def _waiting_on_a_lock(store: Store) -> bool:
    with store.engine.connect() as conn:
        query = sa.text(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return bool(conn.execute(query).scalar())


@pytest.mark.postgres
def test_two_inits_at_once_on_postgresql_the_second_says_the_office_exists(pg_store: Store) -> None:
    """Two connections create the same office: the first inserts and holds its transaction open;
    the second passes its check, waits on the key, and — once the first commits — is refused as
    existing (the database's unique violation mapped to the same refusal)."""
    office = f"kanzlei-{uuid.uuid4().hex[:8]}"
    second: list[BaseException] = []

    def other_init() -> None:
        try:
            with pg_store.write() as conn:
                tenancy.create_office(conn, office, "Kanzlei B", NOW)
        except BaseException as exc:  # handed to the test thread
            second.append(exc)

    with pg_store.write() as first:
        tenancy.create_office(first, office, "Kanzlei A", NOW)
        thread = threading.Thread(target=other_init)
        thread.start()
        for _ in range(6000):  # until the second insert waits on the first's key (not a timing claim)
            if _waiting_on_a_lock(pg_store) or not thread.is_alive():
                break
            threading.Event().wait(0.01)
        assert thread.is_alive(), second  # it waits on the key: its check passed before the commit
    thread.join()
    [refused] = second
    assert isinstance(refused, ConflictError), repr(refused)
    assert refused.message is not None
    assert refused.message.text("de") == f"Kanzlei '{office}' gibt es schon"
    with messages.speaking("en"):
        assert str(refused.message) == f"office '{office}' exists already"
    with pg_store.read() as conn:
        names = conn.execute(sa.text("SELECT name FROM offices WHERE id = :id"), {"id": office}).scalars()
        assert list(names) == ["Kanzlei A"]
