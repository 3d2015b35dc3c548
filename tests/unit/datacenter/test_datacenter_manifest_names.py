"""Mandanten carry their BMD names, each shows its own share of the bundle size, and a bundle that
declares draft postings (Vorerfassung) is refused with their count — nothing of it stored."""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import UTC
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.datacenter.ingest.commit import bundle_shares
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, seal

from .conftest import add_user, standard_files  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SQLITE = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def _two_mandanten(world: Any, bundle_id: str, drafts: int = 0) -> bytes:
    """M100 with the five standard files, M200 with only its Sachkonten; names as BMD exports them."""
    files = standard_files()
    parts = {"M100": files, "M200": {"sachkonten.csv": files["sachkonten.csv"]}}
    names = {"M100": "Schmidinger AG", "M200": "Huber & Partner KG"}
    entries, blobs = [], {}
    for mandant, chosen in parts.items():
        described = [
            FileEntry.describe(n, kind, bmd.read(data, bmd.Kind(kind), name=n).rows, data)
            for n, (kind, data) in chosen.items()
        ]
        if drafts and mandant == "M100":
            described[0] = replace(described[0], drafts=drafts)
        entries.append(ManifestEntry(mandant, tuple(described), None, 10, 1.0, names[mandant]))
        blobs.update({file_key(mandant, n): data for n, (_, data) in chosen.items()})
    manifest = Manifest(bundle_id, world.a.agent_id, world.clock.now().astimezone(UTC), tuple(entries))
    return seal(manifest, blobs, world.public_key)


def _mandanten(world: Any) -> dict[str, Any]:
    rows = world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).json()["mandanten"]
    return {r["mandant"]: r for r in rows}


@SQLITE
def test_names_and_each_mandant_s_share_of_the_bundle(world) -> None:  # type: ignore[no-untyped-def]
    """The page lists "M100 – Schmidinger AG"; the two shares add up to the bundle's bytes and
    follow the bytes of each Mandant's files (M100 has five files, M200 one of them)."""
    data = _two_mandanten(world, "b-names")
    assert world.client.put("/api/v1/bundles/b-names", content=data, headers=world.a.agent).status_code == 200
    rows = _mandanten(world)
    assert (rows["M100"]["name"], rows["M200"]["name"]) == ("Schmidinger AG", "Huber & Partner KG")
    with world.store.write() as conn:
        _, token = add_user(conn, world, "Lesend", "lesend")
    with TestClient(world.app, base_url="https://testserver") as page:
        html = page.post("/login", data={"token": token}).text
    assert ">M100 Schmidinger AG</label>" in html and ">M200 Huber &amp; Partner KG</label>" in html
    assert rows["M100"]["bundle_size"] + rows["M200"]["bundle_size"] == len(data)
    files = standard_files()
    m100 = sum(len(d) for _, d in files.values())
    m200 = len(files["sachkonten.csv"][1])
    assert rows["M100"]["bundle_size"] == len(data) * m100 // (m100 + m200)
    assert m200 < m100 and rows["M200"]["bundle_size"] < rows["M100"]["bundle_size"]


def test_shares_by_hand() -> None:
    """1000 bytes over files of 300 and 100 bytes: 750 and 250; no bytes at all: equal shares."""
    entry = ManifestEntry("A", (FileEntry("a", "accounts", 1, 300, "0" * 64),), None, 1)
    other = ManifestEntry("B", (FileEntry("b", "accounts", 1, 100, "0" * 64),), None, 1)
    assert bundle_shares(1000, {"A": entry, "B": other}) == {"A": 750, "B": 250}
    empty = {"A": replace(entry, files=()), "B": replace(other, files=())}
    assert bundle_shares(1001, empty) == {"A": 500, "B": 501}


@SQLITE
def test_a_bundle_declaring_drafts_is_refused_with_the_count(world) -> None:  # type: ignore[no-untyped-def]
    """Two draft postings declared for M100's bookings: 422 naming 2 vorerfasste Buchungen; no row stored."""
    world.know(world.a, "M100", "M200")
    data = _two_mandanten(world, "b-drafts", drafts=2)
    answer = world.client.put("/api/v1/bundles/b-drafts", content=data, headers=world.a.agent)
    assert answer.status_code == 422
    assert "2 draft postings" in answer.json()["error"] or "2 vorerfasste" in answer.json()["error"]
    assert world.count("bookings") == 0 and world.count("bundles") == 0
    page_error = _mandanten(world)["M100"]["last_error"]
    assert "vorerfasste Buchungen werden nicht übertragen" in page_error
