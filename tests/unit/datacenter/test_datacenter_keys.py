"""The datacenter's private key lives in a 0600 key file, not in the database; old databases are
migrated (key moved out, row erased from disk); rotation keeps old keys for bundles in flight."""

from __future__ import annotations

import base64
import json
import stat
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem.clock import SimulatedClock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.keys import BundleKeys, ensure_keys, load_keys, rotate_keys
from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.schema import settings
from syncsystem.errors import ConfigError
from syncsystem.protocol.bundle import generate_keypair

from .conftest import TEST_SETTINGS, World, build_world  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_keeps_the_key_out_of_the_database(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """init writes datacenter.key (0600) beside datacenter.db (0600); the database holds no key."""
    db = tmp_path / "dc.db"
    result = cli("datacenter", "init", "--db", f"sqlite:///{db}", "--office", "kanzlei-x", "--json")
    assert result.exit_code == 0, result.stderr
    key_file = tmp_path / "dc.key"
    assert _mode(db) == 0o600 and _mode(key_file) == 0o600
    keys = load_keys(key_file)
    assert base64.b64encode(keys.public).decode() == json.loads(result.stdout)["public_key"]
    raw = db.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("dc.db-*"))
    assert base64.b64encode(keys.current) not in raw and keys.current not in raw
    store = Store.open(f"sqlite:///{db}")
    try:
        with store.read() as conn:
            assert conn.execute(sa.select(settings.c.name)).all() == [("bundle_public_key",)]  # no secret
    finally:
        store.close()


def test_key_file_readable_by_others_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A key file with mode 0644 is refused naming the file and the chmod, exit 2."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    assert cli("datacenter", "init", "--db", db, "--office", "kanzlei-x").exit_code == 0
    (tmp_path / "dc.key").chmod(0o644)
    result = cli("datacenter", "rotate-key", "--db", db)
    assert result.exit_code == 2
    assert f"chmod 600 {tmp_path / 'dc.key'}" in result.stderr


def test_key_in_an_old_database_moves_to_the_key_file(
    store: Store, sim_clock: SimulatedClock, tmp_path: Path
) -> None:
    """A database of an earlier version (key in `settings`) opens with the same key, now from the
    file; the row is gone — on SQLite its bytes are gone from the database file too."""
    private, public = generate_keypair()
    encoded = base64.b64encode(private).decode()
    with store.write() as conn:
        conn.execute(sa.insert(settings).values(name="private_key", value=encoded))
    key_file = tmp_path / "keys" / "dc.key"
    keys = ensure_keys(store, key_file)
    assert keys.current == private and keys.public == public and _mode(key_file) == 0o600
    with store.read() as conn:
        assert conn.execute(sa.select(settings.c.name)).all() == [("bundle_public_key",)]  # no secret
    if store.dialect == "sqlite":
        raw = b"".join(p.read_bytes() for p in tmp_path.glob("dc.db*"))
        assert encoded.encode() not in raw and private not in raw
    assert ensure_keys(store, key_file) == keys  # the next start reads the file


def test_old_database_key_is_kept_when_a_key_file_exists(store: Store, tmp_path: Path) -> None:
    """If a key file exists already, a different key still in the database is kept as retired."""
    legacy, _ = generate_keypair()
    with store.write() as conn:
        conn.execute(sa.insert(settings).values(name="private_key", value=base64.b64encode(legacy).decode()))
    first = BundleKeys.generate()
    key_file = tmp_path / "dc.key"
    key_file.write_text(f"current {base64.b64encode(first.current).decode()}\n")
    key_file.chmod(0o600)
    keys = ensure_keys(store, key_file)
    assert keys.current == first.current and keys.retired == (legacy,)


def test_rotation_keeps_bundles_in_flight(store: Store, sim_clock: SimulatedClock, tmp_path: Path) -> None:
    """A bundle sealed for the old key before a rotation is still ingested; enrolment hands out the
    new key; a bundle for a key the datacenter never had is refused."""
    key_file = tmp_path / "dc.key"
    keys = ensure_keys(store, key_file)
    built = build_world(store, sim_clock)
    with TestClient(built["app"], base_url="https://testserver") as client:
        advisor_token, code = built["offices"]["kanzlei-a"]
        body = client.post("/api/v1/enrol", json={"code": code, "name": "BMD"}).json()
    before, after = rotate_keys(key_file)
    assert before == keys and after.retired == (keys.current,) and after.public != keys.public
    app = create_app(store, sim_clock, settings=TEST_SETTINGS, key_file=key_file)
    with TestClient(app, base_url="https://testserver") as client:
        from .conftest import Office  # type: ignore[import-not-found]  # noqa: PLC0415

        office = Office("kanzlei-a", advisor_token, body["agent_id"], body["token"])
        world = World(store, sim_clock, app, client, keys.public, office, office)
        old_sealed = world.bundle(office, "b-old")  # sealed for the key the agent got at enrolment
        r = client.put("/api/v1/bundles/b-old", content=old_sealed, headers=office.agent)
        assert r.status_code == 200, r.text
        world.public_key = after.public
        r = client.put(
            "/api/v1/bundles/b-new",
            content=world.bundle(office, "b-new", cursor_from=10),
            headers=office.agent,
        )
        assert r.status_code == 200, r.text
        other = BundleKeys.generate()
        world.public_key = other.public
        r = client.put(
            "/api/v1/bundles/b-alien", content=world.bundle(office, "b-alien"), headers=office.agent
        )
        assert r.status_code == 422 and "wrong_key" in r.json()["error"]
        with store.write() as conn:
            from syncsystem.datacenter.store import tenancy  # noqa: PLC0415

            fresh = tenancy.create_enrolment_code(conn, "kanzlei-b", sim_clock.now())
        enrolled = client.post("/api/v1/enrol", json={"code": fresh, "name": "BMD 2"}).json()
        assert base64.b64decode(enrolled["public_key"]) == after.public


def test_cli_rotate_key(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`datacenter rotate-key` prints the new public key and keeps the old key as retired."""
    db = f"sqlite:///{tmp_path / 'dc.db'}"
    init = cli("datacenter", "init", "--db", db, "--office", "kanzlei-x", "--json")
    old_public = json.loads(init.stdout)["public_key"]
    rotated = cli("datacenter", "rotate-key", "--db", db, "--json")
    assert rotated.exit_code == 0, rotated.stderr
    payload = json.loads(rotated.stdout)
    assert payload["previous_public_key"] == old_public != payload["public_key"]
    keys = load_keys(tmp_path / "dc.key")
    assert base64.b64encode(keys.public).decode() == payload["public_key"] and len(keys.retired) == 1
    assert _mode(tmp_path / "dc.key") == 0o600


def test_damaged_key_file_is_refused(tmp_path: Path) -> None:
    """A key file whose line is not a key is refused naming file and line."""
    key_file = tmp_path / "dc.key"
    key_file.write_text("# comment\ncurrent not-base64!\n")
    key_file.chmod(0o600)
    with pytest.raises(ConfigError, match=r"dc.key:2: not a private key"):
        load_keys(key_file)


def test_a_second_server_needs_the_first_servers_key_file(store: Store, tmp_path: Path) -> None:
    """Servers sharing one database share one key file: a server with its own, different key file
    or with none is refused (it could open no bundle sealed for the others' key); a copy starts."""
    first = tmp_path / "host-a" / "dc.key"
    keys = ensure_keys(store, first)
    other = tmp_path / "host-b" / "dc.key"
    with pytest.raises(ConfigError, match="copy the key file of the first server"):
        ensure_keys(store, other)
    assert not other.exists()
    _write_keys(other, BundleKeys.generate())
    with pytest.raises(ConfigError, match="lacks the bundle key"):
        ensure_keys(store, other)
    other.write_bytes(first.read_bytes())
    assert ensure_keys(store, other) == keys
    after = rotate_keys(first)[1]  # rotated on host a: host a's file still carries the recorded key
    assert ensure_keys(store, first) == after
    with pytest.raises(ConfigError, match="lacks the bundle key"):  # host b must take the new file
        ensure_keys(store, other)


def _write_keys(path: Path, keys: BundleKeys) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"current {base64.b64encode(keys.current).decode()}\n")
    path.chmod(0o600)
