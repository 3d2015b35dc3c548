"""Fuzz bundle opening: `syncsystem.protocol.open_bundle` on damaged and hostile bundles refuses with
`BundleRefusedError`, and the datacenter answers every upload of one — and the advisor's overview
after it — without a 5xx."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncsystem import bmd
from syncsystem.protocol.bundle import (
    FileEntry,
    Manifest,
    ManifestEntry,
    file_key,
    generate_keypair,
    open_bundle,
    seal,
)

from .conftest import FUZZ, Datacenter, corpus, guard
from .hostile import hostile_bundle
from .strategies import mutated

pytestmark = pytest.mark.fuzz

SEEDS = corpus()
PRIVATE, PUBLIC = generate_keypair()
_IDS = itertools.count(1)


def _valid_bundle() -> bytes:
    data = next(d for n, d in SEEDS if n.startswith("fdoo_pr10gtest"))
    files = (FileEntry.describe("buchungen.csv", "bookings", bmd.read(data).rows, data),)
    entry = ManifestEntry("M100", files, None, 10, 1.5)
    manifest = Manifest("b-seed", "agent-1", datetime(2026, 3, 2, tzinfo=UTC), (entry,))
    return seal(manifest, {file_key("M100", "buchungen.csv"): data}, PUBLIC)


VALID = [("sealed", _valid_bundle())]


@given(data=st.one_of(mutated(VALID), st.binary(max_size=512)))
@FUZZ
def test_open_bundle_refuses_damaged_bundles_with_a_reason(data: bytes) -> None:
    """Flipped, cut or extended bundles are refused by `BundleRefusedError` (a `BundleError`)."""
    with guard("open_bundle (damaged)"):
        open_bundle(data, PRIVATE)


@given(data=st.data())
@FUZZ
def test_open_bundle_on_hostile_contents(data: st.DataObject) -> None:
    """Correctly encrypted but hostile contents are opened or refused, never crash the opener."""
    _, sealed = data.draw(hostile_bundle(PUBLIC, "agent-1", "b-fuzz", SEEDS))
    with guard("open_bundle (hostile)"):
        open_bundle(sealed, PRIVATE)


@given(data=st.data())
@FUZZ
def test_datacenter_answers_hostile_uploads_without_5xx(datacenter: Datacenter, data: st.DataObject) -> None:
    """Every hostile bundle gets 200 or a 4xx with a reason; the advisor's overview still answers."""
    bundle_id = f"b-fuzz-{next(_IDS):06d}"
    what, sealed = data.draw(hostile_bundle(datacenter.public_key, datacenter.agent_id, bundle_id, SEEDS))
    with guard("datacenter upload"):
        headers = {**datacenter.agent, "Content-Type": "application/octet-stream"}
        answer = datacenter.client.put(f"/api/v1/bundles/{bundle_id}", content=sealed, headers=headers)
        assert answer.status_code < 500, (what, answer.status_code, answer.text[:500])
        if answer.status_code >= 400:
            assert answer.json().get("error"), answer.text[:500]
        overview = datacenter.client.get("/api/v1/advisor/mandanten", headers=datacenter.advisor)
        assert overview.status_code == 200, (what, overview.status_code, overview.text[:500])
