"""Two real ``syncsystem datacenter serve`` processes (uvicorn, TLS on loopback) on one PostgreSQL
database behave as one datacenter: no per-process state breaks correctness (docs/scaling.md).

* The same bundle uploaded to both at the same moment is stored once: one answer ``ingested``, the
  other ``duplicate``; the same id with other content is refused with 409 on either server.
* A revoked agent token is refused at once by the server that revoked it and, by the other, from
  the end of its token cache lifetime on (``SYNCSYSTEM_DATACENTER_TOKEN_CACHE_SECONDS``): a poll
  sent after that moment is never answered from the cache.
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from tests.uvicorn_thread import free_port

from syncsystem import bmd
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, seal

from .conftest import unit  # type: ignore[attr-defined]

CACHE_SECONDS = 2
pytestmark = pytest.mark.postgres


@pytest.fixture
def database(postgres_url: str) -> Iterator[str]:
    """A database of its own (the servers migrate nothing: `Store.open` below does)."""
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = f"syncsystem_two_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _serve(url: str, key_file: Path, tls: tuple[Path, Path], port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SYNCSYSTEM_DATACENTER_TOKEN_CACHE_SECONDS": str(CACHE_SECONDS)}
    cmd = [sys.executable, "-m", "syncsystem.cli", "datacenter", "serve", "--db", url, "--port", str(port)]
    cmd += ["--key-file", str(key_file), "--cert", str(tls[0]), "--key", str(tls[1])]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_healthy(client: httpx.Client, base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"server ended: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if client.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{base} did not start")
        time.sleep(0.2)


def _bundle(public: bytes, agent_id: str, bundle_id: str, mandant: str, first: int) -> bytes:
    data = bmd.dumps([unit.booking(first + i) for i in range(3)], bmd.Kind.BOOKINGS)
    entry = FileEntry.describe("buchungen.csv", "bookings", 3, data)
    manifest = Manifest(
        bundle_id,
        agent_id,
        datetime(2026, 3, 2, tzinfo=UTC),
        (ManifestEntry(mandant, (entry,), None, 10, 1.0),),
    )
    return seal(manifest, {file_key(mandant, "buchungen.csv"): data}, public)


def _at_once(calls: list[tuple[httpx.Client, str, bytes]], headers: dict[str, str]) -> list[httpx.Response]:
    """PUT each (client, url, body) from its own thread, released together."""
    gate, answers = threading.Barrier(len(calls)), [None] * len(calls)

    def put(i: int) -> None:
        client, url, body = calls[i]
        gate.wait()
        answers[i] = client.put(url, content=body, headers=headers)  # type: ignore[call-overload]

    threads = [threading.Thread(target=put, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return answers  # type: ignore[return-value]


def test_two_servers_share_one_database(database: str, tls_ca, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, ca_file, cert_file, key_pem = tls_ca
    store = Store.open(database)
    key_file = tmp_path / "dc.key"
    public = ensure_keys(store, key_file).public
    now = datetime.now(UTC)
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-a", "Kanzlei A", now)
        _, advisor = tenancy.create_advisor(conn, "kanzlei-a", "Mag. Huber", now)
        agent = tenancy.enrol(conn, tenancy.create_enrolment_code(conn, "kanzlei-a", now), "BMD-Server", now)
    ports = [free_port(), free_port()]
    bases = [f"https://127.0.0.1:{p}" for p in ports]
    trust = ssl.create_default_context(cafile=str(ca_file))
    clients = [httpx.Client(verify=trust, timeout=60) for _ in ports]
    procs = [_serve(database, key_file, (cert_file, key_pem), p) for p in ports]
    try:
        for client, base, proc in zip(clients, bases, procs, strict=True):
            _wait_healthy(client, base, proc)
        _idempotent_across_servers(store, clients, bases, public, agent)
        _revocation_reaches_both(clients, bases, agent, advisor)
    finally:
        for client in clients:
            client.close()
        for proc in procs:
            proc.terminate()
            proc.wait(20)
            if proc.stderr:
                proc.stderr.close()
        store.close()


def _idempotent_across_servers(
    store: Store, clients: list[httpx.Client], bases: list[str], public: bytes, agent: tenancy.Enrolment
) -> None:
    headers = {"Authorization": f"Bearer {agent.token}"}
    rounds = 4
    for r in range(rounds):
        bundle_id = f"b-same-{r}"
        body = _bundle(public, agent.agent_id, bundle_id, f"M{r}", 10 * r)
        url = f"/api/v1/bundles/{bundle_id}"
        answers = _at_once([(c, b + url, body) for c, b in zip(clients, bases, strict=True)], headers)
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        assert sorted(a.json()["status"] for a in answers) == ["duplicate", "ingested"]
    for r in range(rounds):
        bundle_id = f"b-other-{r}"
        one = _bundle(public, agent.agent_id, bundle_id, f"N{r}", 100 + 10 * r)
        other = _bundle(public, agent.agent_id, bundle_id, f"N{r}", 200 + 10 * r)
        url = f"/api/v1/bundles/{bundle_id}"
        answers = _at_once([(clients[0], bases[0] + url, one), (clients[1], bases[1] + url, other)], headers)
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        loser = other if answers[0].status_code == 200 else one
        for client, base in zip(clients, bases, strict=True):  # refused on either server
            assert client.put(base + url, content=loser, headers=headers).status_code == 409
    with store.read() as conn:
        stored = conn.execute(sa.text("SELECT count(*), count(DISTINCT id) FROM bundles")).one()
        bookings = conn.execute(sa.text("SELECT count(*) FROM bookings")).scalar_one()
    assert tuple(stored) == (2 * rounds, 2 * rounds)
    assert bookings == 3 * 2 * rounds  # three lines per stored bundle, none twice


def _revocation_reaches_both(
    clients: list[httpx.Client], bases: list[str], agent: tenancy.Enrolment, advisor: str
) -> None:
    agent_h = {"Authorization": f"Bearer {agent.token}"}
    for client, base in zip(clients, bases, strict=True):  # both caches hold the token now
        assert client.get(f"{base}/api/v1/poll", headers=agent_h).status_code == 200
    revoke = f"{bases[0]}/api/v1/advisor/agents/{agent.agent_id}/revoke"
    assert clients[0].post(revoke, headers={"Authorization": f"Bearer {advisor}"}).status_code == 200
    revoked_at = time.monotonic()
    assert clients[0].get(f"{bases[0]}/api/v1/poll", headers=agent_h).status_code == 401  # at once
    time.sleep(max(0.0, revoked_at + CACHE_SECONDS - time.monotonic()))
    for client, base in zip(clients, bases, strict=True):  # past the bound: refused by both
        assert client.get(f"{base}/api/v1/poll", headers=agent_h).status_code == 401
        assert client.put(f"{base}/api/v1/bundles/b-late", content=b"x", headers=agent_h).status_code == 401
