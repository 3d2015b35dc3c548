"""Datacenter fixtures: a migrated store on SQLite and on PostgreSQL, and a two-office world.

`world` holds two offices (A and B), each with an advisor and an enrolled agent, the app over a
simulated clock, and helpers to build real sealed bundles from BMD files written by `syncsystem.bmd`.
The integration tests load this file too, so both layers use the same world.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from starlette.applications import Starlette

from syncsystem import bmd
from syncsystem.clock import SimulatedClock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.context import Settings
from syncsystem.datacenter.keys import BundleKeys
from syncsystem.datacenter.store import tenancy, users
from syncsystem.datacenter.store.engine import Store, migrate
from syncsystem.datacenter.store.schema import metadata
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.protocol.bundle import FileEntry, Limits, Manifest, ManifestEntry, file_key, seal

with warnings.catch_warnings():
    # Starlette 1.x deprecates httpx (in favour of httpx2) inside its TestClient; the client works.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


@pytest.fixture(scope="session")
def _pg_engine(request: pytest.FixtureRequest) -> Iterator[Store]:
    postgres_url = request.getfixturevalue("postgres_url")
    store = Store.open(postgres_url)
    try:
        yield store
    finally:
        store.close()


def _truncate(store: Store) -> None:
    with store.engine.begin() as conn:
        names = ", ".join(t.name for t in metadata.sorted_tables)
        conn.execute(sa.text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A freshly migrated, empty store on each backend."""
    if request.param == "sqlite":
        s = Store.open(f"sqlite:///{tmp_path / 'dc.db'}")
        try:
            yield s
        finally:
            s.close()
        return
    pg: Store = request.getfixturevalue("_pg_engine")
    migrate(pg.engine)
    _truncate(pg)
    yield pg


def booking(n: int, konto: int = 200001, betrag: str = "120,00") -> bmd.Booking:
    return bmd.Booking(
        konto=konto,
        gkonto=4000,
        belegnr=f"R{n}",
        belegdatum=date(2026, 1, 1 + n % 28),
        buchcode=bmd.Buchcode.SOLL,
        betrag=Decimal(betrag.replace(",", ".")),
        buchsymbol="AR",
        prozent=Decimal("20"),
        steuercode=1,
        steuer=Decimal("-20.00"),
        text=f"Rechnung {n}",
    )


def standard_files(n_bookings: int = 3) -> dict[str, tuple[str, bytes]]:
    """name -> (kind, bytes): bookings, persons, Sachkonten, Kostenstellen and an OP list."""
    return {
        "buchungen.csv": ("bookings", bmd.dumps([booking(i) for i in range(n_bookings)], bmd.Kind.BOOKINGS)),
        "personenkonten.csv": (
            "persons",
            bmd.dumps([bmd.PersonAccount(200001, "Huber GmbH")], bmd.Kind.PERSONS),
        ),
        "sachkonten.csv": (
            "accounts",
            bmd.dumps([bmd.LedgerAccount(4000, "Erlöse 20 %")], bmd.Kind.ACCOUNTS),
        ),
        "kostenstellen.csv": (
            "costcentres",
            bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES),
        ),
        "op.csv": (
            "openitems",
            bmd.dumps(
                [bmd.OpenItem(200001, "R1", date(2026, 1, 2), Decimal("120.00"), Decimal("120.00"), "AR")],
                bmd.Kind.OPENITEMS,
                as_of=date(2026, 1, 31),
            ),
        ),
    }


TEST_SETTINGS = Settings(
    poll_seconds=1800,
    secure_cookies=False,
    limits=Limits(max_bundle_bytes=4 << 20, max_decompressed_bytes=32 << 20),
)


@dataclass
class Office:
    office_id: str
    advisor_token: str
    agent_id: str
    agent_token: str

    @property
    def agent(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.agent_token}"}

    @property
    def advisor(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.advisor_token}"}


@dataclass
class World:
    store: Store
    clock: SimulatedClock
    app: Starlette
    client: TestClient
    public_key: bytes
    a: Office
    b: Office
    counter: list[int] = field(default_factory=lambda: [0])

    def bundle(
        self,
        office: Office,
        bundle_id: str,
        files: dict[str, tuple[str, bytes]] | None = None,
        *,
        mandant: str = "M100",
        cursor_from: int | None = None,
        cursor_to: int = 10,
        key: bytes | None = None,
        rows: dict[str, int] | None = None,
    ) -> bytes:
        files = files if files is not None else standard_files()
        entries = []
        for name, (kind, data) in files.items():
            count = (rows or {}).get(name)
            if count is None:
                count = (
                    bmd.read(data, bmd.Kind(kind), name=name).rows
                    if kind in bmd.Kind._value2member_map_
                    else 0
                )
            entries.append(FileEntry.describe(name, kind, count, data))
        manifest = Manifest(
            bundle_id,
            office.agent_id,
            self.clock.now().astimezone(UTC),
            (ManifestEntry(mandant, tuple(entries), cursor_from, cursor_to, 1.5),),
        )
        blobs = {file_key(mandant, name): data for name, (_, data) in files.items()}
        return seal(manifest, blobs, key or self.public_key)

    def seal_raw(self, plaintext: bytes) -> bytes:
        """Encrypt arbitrary bytes as a version-1 bundle would be (to build hostile bundles)."""
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey  # noqa: PLC0415
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

        from syncsystem.protocol import bundle as b  # noqa: PLC0415

        eph = X25519PrivateKey.generate()
        eph_pub = b._raw_public(eph.public_key())
        key = b._derive(
            eph.exchange(X25519PublicKey.from_public_bytes(self.public_key)), eph_pub, self.public_key
        )
        nonce = b"\1" * 12
        header = b._HEADER.pack(b.MAGIC, 1, 0, b.key_id(self.public_key), eph_pub, nonce, len(plaintext) + 16)
        return header + AESGCM(key).encrypt(nonce, plaintext, header)

    def know(self, office: Office, *ids: str) -> None:
        """The office's agent reported these Mandanten (as at enrolment): the advisor may request them."""
        with self.store.write() as conn:
            OfficeScope(conn, Principal("agent", office.agent_id, office.office_id)).ensure_mandanten(ids)

    def count(self, table: str, office: Office | None = None) -> int:
        with self.store.read() as conn:
            q = f"SELECT count(*) FROM {table}"
            if office is not None:
                return int(
                    conn.execute(sa.text(q + " WHERE office_id = :o"), {"o": office.office_id}).scalar_one()
                )
            return int(conn.execute(sa.text(q)).scalar_one())

    def data_counts(self) -> dict[str, int]:
        return {
            t: self.count(t)
            for t in (
                "bundles",
                "bookings",
                "person_accounts",
                "ledger_accounts",
                "cost_centres",
                "open_items",
                "journal_lines",
                "clearings",
            )
        }


def add_user(conn: sa.Connection, world: World, name: str, role: str = "administrator") -> tuple[str, str]:
    """A user of office A created now, without e-mail or automatic updates: its id and its token."""
    now = world.clock.now()
    return users.create_user(conn, "kanzlei-a", name=name, email="", role=role, auto_update=False, now=now)


def admin_page(world: World) -> TestClient:
    """A browser logged in to the page as a new Administrator "Admin" of office A."""
    with world.store.write() as conn:
        _, token = add_user(conn, world, "Admin")
    client = TestClient(world.app, base_url="https://testserver")
    assert client.post("/login", data={"token": token}, follow_redirects=False).status_code == 303
    return client


def build_world(store: Store, clock: SimulatedClock, settings: Settings | None = None) -> dict[str, Any]:
    offices = {}
    keys = BundleKeys.generate()
    public = keys.public
    with store.write() as conn:
        for name in ("kanzlei-a", "kanzlei-b"):
            tenancy.create_office(conn, name, name.title(), clock.now())
            _, advisor_token = tenancy.create_advisor(conn, name, "Mag. Huber", clock.now())
            code = tenancy.create_enrolment_code(conn, name, clock.now())
            offices[name] = (advisor_token, code)
    app = create_app(store, clock, settings=settings or TEST_SETTINGS, keys=keys)
    return {"public": public, "offices": offices, "app": app, "keys": keys}


@pytest.fixture
def world(store: Store, sim_clock: SimulatedClock) -> Iterator[World]:
    built = build_world(store, sim_clock)
    with TestClient(built["app"], base_url="https://testserver") as client:
        result = []
        for name, (advisor_token, code) in built["offices"].items():
            answer = client.post("/api/v1/enrol", json={"code": code, "name": f"BMD-Server {name}"})
            assert answer.status_code == 200, answer.text
            body = answer.json()
            result.append(Office(name, advisor_token, body["agent_id"], body["token"]))
        yield World(store, sim_clock, built["app"], client, built["public"], result[0], result[1])
