"""Bundle ingest: stored per Mandant, idempotent, and bad bundles refused with nothing stored."""

from __future__ import annotations

import io
import json
import struct
from datetime import UTC
from unittest import mock

import sqlalchemy as sa
import zstandard

from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, generate_keypair

from .conftest import booking, standard_files  # type: ignore[import-not-found]


def put(world, office, bundle_id, data, **headers):  # type: ignore[no-untyped-def]
    return world.client.put(f"/api/v1/bundles/{bundle_id}", content=data, headers={**office.agent, **headers})


def test_bundle_lands_in_every_table(world) -> None:  # type: ignore[no-untyped-def]
    """Bookings, person accounts, Sachkonten, Kostenstellen and open items are stored for the Mandant."""
    assert put(world, world.a, "b-1", world.bundle(world.a, "b-1")).status_code == 200
    counts = world.data_counts()
    assert counts == {
        "bundles": 1,
        "bookings": 3,
        "person_accounts": 1,
        "ledger_accounts": 1,
        "cost_centres": 1,
        "open_items": 1,
        "journal_lines": 0,
        "clearings": 0,
    }
    with world.store.read() as conn:
        row = conn.exec_driver_sql(
            "SELECT betrag_cent, belegnr, mandant FROM bookings ORDER BY belegnr"
        ).first()
    assert tuple(row) == (12000, "R0", "M100")


def test_same_id_twice_and_resealed_retry_are_duplicates(world) -> None:  # type: ignore[no-untyped-def]
    """The same bundle id with the same bytes, or re-sealed same content, is acknowledged and stored once."""
    data = world.bundle(world.a, "b-1")
    assert put(world, world.a, "b-1", data).json()["status"] == "ingested"
    assert put(world, world.a, "b-1", data).json() == {
        "bundle_id": "b-1",
        "status": "duplicate",
        "cursors": {"M100": 10},
    }
    assert put(world, world.a, "b-1", world.bundle(world.a, "b-1")).json()["status"] == "duplicate"
    assert world.data_counts()["bundles"] == 1 and world.data_counts()["bookings"] == 3


def test_same_id_other_content_is_a_conflict(world) -> None:  # type: ignore[no-untyped-def]
    """The same bundle id with different content is refused with 409 and changes nothing."""
    assert put(world, world.a, "b-1", world.bundle(world.a, "b-1")).status_code == 200
    before = world.data_counts()
    other = world.bundle(world.a, "b-1", standard_files(5))
    r = put(world, world.a, "b-1", other)
    assert r.status_code == 409 and "other content" in r.json()["error"]
    assert world.data_counts() == before


def test_reingesting_the_same_data_adds_no_rows(world) -> None:  # type: ignore[no-untyped-def]
    """A new bundle with data already stored (overlapping export) creates no duplicate rows."""
    put(world, world.a, "b-1", world.bundle(world.a, "b-1", standard_files(3)))
    put(world, world.a, "b-2", world.bundle(world.a, "b-2", standard_files(5), cursor_from=10, cursor_to=20))
    counts = world.data_counts()
    assert counts["bookings"] == 5 and counts["person_accounts"] == 1 and counts["open_items"] == 1


def test_identical_lines_in_one_file_are_kept(world) -> None:  # type: ignore[no-untyped-def]
    """Two identical booking lines in one file are two rows (the occurrence is part of the key)."""
    from syncsystem import bmd  # noqa: PLC0415

    files = {"b.csv": ("bookings", bmd.dumps([booking(1), booking(1)], bmd.Kind.BOOKINGS))}
    put(world, world.a, "b-1", world.bundle(world.a, "b-1", files))
    put(world, world.a, "b-2", world.bundle(world.a, "b-2", files, cursor_from=10))
    assert world.count("bookings") == 2


def test_cursor_gap_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    """An incremental bundle starting after the acknowledged cursor is refused (data would be missing)."""
    put(world, world.a, "b-1", world.bundle(world.a, "b-1", cursor_to=10))
    r = put(world, world.a, "b-2", world.bundle(world.a, "b-2", cursor_from=15, cursor_to=20))
    assert r.status_code == 422 and "gap" in r.json()["error"]
    assert world.data_counts()["bundles"] == 1


def _refused(world, data, status=422):  # type: ignore[no-untyped-def]
    before = world.data_counts()
    r = put(world, world.a, "b-bad", data)
    assert r.status_code == status, r.text
    assert world.data_counts() == before
    return r.json()["error"]


def test_tampered_byte_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    """One changed byte: refused as tampered, nothing stored."""
    data = bytearray(world.bundle(world.a, "b-bad"))
    data[len(data) // 2] ^= 0x40
    assert "tampered" in _refused(world, bytes(data))


def test_wrong_key_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    """A bundle sealed for another key: refused naming the key, nothing stored."""
    _, other = generate_keypair()
    assert "wrong_key" in _refused(world, world.bundle(world.a, "b-bad", key=other))


def test_truncated_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    """A cut upload: refused as truncated, nothing stored."""
    assert "truncated" in _refused(world, world.bundle(world.a, "b-bad")[:-100])


def test_zstd_bomb_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    """A tiny bundle expanding beyond the limit is refused with 413 and its reason, nothing stored."""
    zeros = b"\0" * (40 << 20)
    entry = ManifestEntry("M100", (FileEntry.describe("buchungen.csv", "bookings", 0, zeros),), None, 1)
    manifest = Manifest("b-bad", world.a.agent_id, world.clock.now().astimezone(UTC), (entry,))
    body = json.dumps(manifest.to_json()).encode()
    sink = io.BytesIO()
    with zstandard.ZstdCompressor(level=19).stream_writer(sink, closefd=False) as w:
        w.write(struct.pack(">I", len(body)) + body + zeros)
    sealed = world.seal_raw(sink.getvalue())
    assert len(sealed) < 64 << 10
    assert "decompressed_too_large" in _refused(world, sealed, status=413)


def test_oversize_upload_is_413(world) -> None:  # type: ignore[no-untyped-def]
    """A body above the bundle limit is refused with 413 before it is read in full."""
    _refused(world, b"SSBUNDLE" + b"\0" * (4 * 1024 * 1024 + 1), status=413)


def test_invalid_csv_inside_is_refused_with_file_line_field(world) -> None:  # type: ignore[no-untyped-def]
    """A bundle whose BMD file has a bad cell: refused naming file, line and field; nothing stored."""
    files = standard_files()
    kind, data = files["buchungen.csv"]
    files["buchungen.csv"] = (kind, data.replace(b"120,00", b"12O,00", 1))
    error = _refused(world, world.bundle(world.a, "b-bad", files, rows={"buchungen.csv": 3}))
    assert "M100/buchungen.csv:2:betrag" in error
    mandant = world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).json()["mandanten"]
    assert mandant == []  # nothing stored: not even the Mandant appears


def test_a_file_in_two_encodings_is_refused_with_file_line_field(world) -> None:  # type: ignore[no-untyped-def]
    """A bundle whose bookings are UTF-8 but line 4 was written in Windows-1252: refused naming
    M100/buchungen.csv:4:text and the encoding; nothing of any file stored."""
    files = standard_files()
    kind, data = files["buchungen.csv"]
    lines = data.decode("cp1252").split("\r\n")
    utf8 = [line.replace("Rechnung", "Gebühr für Äpfel").encode() for line in lines[:3]]
    mixed = [*utf8, lines[3].replace("Rechnung", "Grüße").encode("cp1252"), *(x.encode() for x in lines[4:])]
    files["buchungen.csv"] = (kind, b"\r\n".join(mixed))
    error = _refused(world, world.bundle(world.a, "b-bad", files, rows={"buchungen.csv": 3}))
    assert "M100/buchungen.csv:4:text" in error and "utf-8" in error, error


def test_manifest_row_count_must_match(world) -> None:  # type: ignore[no-untyped-def]
    """A manifest claiming other row counts than the file holds is refused."""
    error = _refused(world, world.bundle(world.a, "b-bad", rows={"buchungen.csv": 99}))
    assert "declares 99 rows" in error


def _lookup_misses_once():  # type: ignore[no-untyped-def]
    """The upload's first lookup of its id finds nothing — as when a concurrent upload of the same id
    commits between that lookup and this upload's write transaction."""
    original = OfficeScope.bundle
    calls = []

    def bundle(self, bundle_id):  # type: ignore[no-untyped-def]
        calls.append(bundle_id)
        return None if len(calls) == 1 else original(self, bundle_id)

    return mock.patch.object(OfficeScope, "bundle", bundle)


def test_an_upload_that_lost_the_race_is_a_duplicate_or_conflict(world) -> None:  # type: ignore[no-untyped-def]
    """The write transaction claims the id first: an upload whose id another upload stored meanwhile is
    answered like a second upload (duplicate, or 409 for other content) and stores nothing."""
    data = world.bundle(world.a, "b-1")
    assert put(world, world.a, "b-1", data).json()["status"] == "ingested"
    before = world.data_counts()
    with _lookup_misses_once():
        again = put(world, world.a, "b-1", world.bundle(world.a, "b-1"))
    assert again.json() == {"bundle_id": "b-1", "status": "duplicate", "cursors": {"M100": 10}}
    with _lookup_misses_once():
        other = put(world, world.a, "b-1", world.bundle(world.a, "b-1", standard_files(5)))
    assert other.status_code == 409
    assert world.data_counts() == before


def test_an_upload_takes_one_pooled_connection(world) -> None:  # type: ignore[no-untyped-def]
    """The id's lookup and the write transaction share one checkout (each checkout costs a liveness
    ping on PostgreSQL); a duplicate takes one too. The agent's token is cached after the first."""
    checkouts: list[object] = []
    assert put(world, world.a, "b-1", world.bundle(world.a, "b-1")).status_code == 200

    def count(*args: object) -> None:
        checkouts.append(args)

    sa.event.listen(world.store.engine, "checkout", count)
    try:
        assert put(world, world.a, "b-2", world.bundle(world.a, "b-2")).json()["status"] == "ingested"
        assert len(checkouts) == 1
        assert put(world, world.a, "b-2", world.bundle(world.a, "b-2")).json()["status"] == "duplicate"
        assert len(checkouts) == 2
    finally:
        sa.event.remove(world.store.engine, "checkout", count)
    assert world.data_counts()["bundles"] == 2
