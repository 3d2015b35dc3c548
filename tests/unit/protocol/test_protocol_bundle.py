"""Bundle sealing and opening: round trip, and every refusal with its reason."""

from __future__ import annotations

import io
import json
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zstandard
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from syncsystem.errors import BundleError
from syncsystem.protocol import bundle as b
from syncsystem.protocol.bundle import (
    BundleRefusedError,
    FileEntry,
    Limits,
    Manifest,
    ManifestEntry,
    file_key,
    generate_keypair,
    open_bundle,
    seal,
)

BOOKINGS = "satzart;konto;belegnr\r\n0;200001;R1\r\n".encode("cp1252")
ACCOUNTS = "konto;bezeichnung\r\n4000;Erlöse\r\n".encode("cp1252")


def make(bundle_id: str = "b-1") -> tuple[Manifest, dict[str, bytes]]:
    files = {file_key("M1", "buchungen.csv"): BOOKINGS, file_key("M1", "sachkonten.csv"): ACCOUNTS}
    entry = ManifestEntry(
        "M1",
        (
            FileEntry.describe("buchungen.csv", "bookings", 1, BOOKINGS),
            FileEntry.describe("sachkonten.csv", "accounts", 1, ACCOUNTS),
        ),
        cursor_from=None,
        cursor_to=42,
    )
    return Manifest(bundle_id, "agent-1", datetime(2026, 3, 2, 7, 0, tzinfo=UTC), (entry,)), files


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return generate_keypair()


def refused(data: bytes, private: bytes, **kw: object) -> BundleRefusedError:
    with pytest.raises(BundleRefusedError) as info:
        open_bundle(data, private, **kw)  # type: ignore[arg-type]
    return info.value


def test_round_trip(keys: tuple[bytes, bytes]) -> None:
    """A sealed bundle opens to the same manifest and files."""
    private, public = keys
    manifest, files = make()
    opened = open_bundle(seal(manifest, files, public), private)
    assert opened.manifest == manifest
    assert dict(opened.files) == files


def test_same_contents_same_digest_despite_fresh_encryption(keys: tuple[bytes, bytes]) -> None:
    """Sealing twice gives different bytes but the same content digest (idempotency key)."""
    private, public = keys
    manifest, files = make()
    one, two = seal(manifest, files, public), seal(manifest, files, public)
    assert one != two
    assert open_bundle(one, private).digest == open_bundle(two, private).digest


def test_every_single_byte_change_is_refused(keys: tuple[bytes, bytes]) -> None:
    """Flipping any one byte of a bundle makes it refused, never silently accepted."""
    private, public = keys
    manifest, files = make()
    data = seal(manifest, files, public)
    for i in range(len(data)):
        bad = bytearray(data)
        bad[i] ^= 0x01
        with pytest.raises(BundleRefusedError):
            open_bundle(bytes(bad), private)


def test_tampered_body_names_tampering(keys: tuple[bytes, bytes]) -> None:
    """A changed ciphertext byte is reported as tampering."""
    private, public = keys
    data = bytearray(seal(*make(), public))
    data[-20] ^= 0xFF
    error = refused(bytes(data), private)
    assert error.code == "tampered"
    assert "changed after sealing" in str(error)


def test_truncated(keys: tuple[bytes, bytes]) -> None:
    """Cut bundles are reported as truncated, with byte counts."""
    private, public = keys
    data = seal(*make(), public)
    assert refused(data[:-1], private).code == "truncated"
    assert refused(data[:30], private).code == "truncated"
    assert refused(b"", private).code == "not_a_bundle"  # no magic at all: not a cut bundle


def test_wrong_key(keys: tuple[bytes, bytes]) -> None:
    """A bundle sealed for another datacenter key says so."""
    _, public = keys
    other_private, _ = generate_keypair()
    error = refused(seal(*make(), public), other_private)
    assert error.code == "wrong_key"


def test_wrong_version(keys: tuple[bytes, bytes]) -> None:
    """An unknown format version is refused by name."""
    private, public = keys
    data = bytearray(seal(*make(), public))
    data[8] = 9
    error = refused(bytes(data), private)
    assert error.code == "unsupported_version"
    assert "version 9" in str(error)


def test_not_a_bundle(keys: tuple[bytes, bytes]) -> None:
    """Random bytes are not a bundle."""
    assert refused(b"PK\x03\x04" + b"\0" * 100, keys[0]).code == "not_a_bundle"


def test_oversize_compressed(keys: tuple[bytes, bytes]) -> None:
    """A bundle over the byte limit is refused before any crypto."""
    private, public = keys
    data = seal(*make(), public)
    assert refused(data, private, limits=Limits(max_bundle_bytes=len(data) - 1)).code == "too_large"


def _seal_raw_plaintext(plaintext: bytes, public: bytes) -> bytes:
    """Encrypt arbitrary bytes exactly like `seal` would (to build hostile bundles)."""
    eph = X25519PrivateKey.generate()
    eph_pub = b._raw_public(eph.public_key())
    key = b._derive(eph.exchange(X25519PublicKey.from_public_bytes(public)), eph_pub, public)
    nonce = b"\0" * 12
    header = b._HEADER.pack(b.MAGIC, 1, 0, b.key_id(public), eph_pub, nonce, len(plaintext) + 16)
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def _bomb(manifest: Manifest | None, zeros_mib: int) -> bytes:
    """zstd of ``u32 len | manifest | zeros_mib MiB of zeros`` (no manifest: zeros only)."""
    sink = io.BytesIO()
    with zstandard.ZstdCompressor(level=19).stream_writer(sink, closefd=False) as w:
        if manifest is not None:
            body = json.dumps(manifest.to_json()).encode()
            w.write(struct.pack(">I", len(body)) + body)
        zeros = b"\0" * (1 << 20)
        for _ in range(zeros_mib):
            w.write(zeros)
    return sink.getvalue()


def _declaring(size: int, rows: int = 0) -> Manifest:
    entry = ManifestEntry("M1", (FileEntry("bomb.csv", "bookings", rows, size, "0" * 64),), None, 1)
    return Manifest("b-1", "agent-1", datetime(2026, 3, 2, 7, 0, tzinfo=UTC), (entry,))


def test_zstd_bomb_stops_at_the_cap(keys: tuple[bytes, bytes]) -> None:
    """A small bundle that decompresses to 256 MiB is refused without expanding: an honest manifest
    is refused for its declared size, a lying one at the first byte beyond it, zeros as no manifest."""
    private, public = keys
    limits = Limits(max_decompressed_bytes=8 << 20)
    honest = _seal_raw_plaintext(_bomb(_declaring(256 << 20), 256), public)
    assert len(honest) < 200_000
    error = refused(honest, private, limits=limits)
    assert error.code == "decompressed_too_large" and "limit is 8388608" in str(error)
    lying = _seal_raw_plaintext(_bomb(_declaring(1000), 256), public)
    assert refused(lying, private, limits=limits).code in {"checksum_mismatch", "corrupt"}
    zeros = _seal_raw_plaintext(_bomb(None, 256), public)
    assert refused(zeros, private, limits=limits).code == "manifest_invalid"


def test_rows_per_file_are_counted_while_streaming(keys: tuple[bytes, bytes]) -> None:
    """A file with more lines than the per-file limit is refused with ``too_many_rows`` even when
    its manifest declares fewer; the declared count alone is refused before inflating."""
    private, public = keys
    lines = b"satzart;konto\r\n" + b"0;200001\r\n" * 5000
    entry = ManifestEntry("M1", (FileEntry.describe("buchungen.csv", "bookings", 10, lines),), None, 1)
    manifest = Manifest("b-1", "agent-1", datetime(2026, 3, 2, 7, 0, tzinfo=UTC), (entry,))
    sealed = seal(manifest, {file_key("M1", "buchungen.csv"): lines}, public)
    error = refused(sealed, private, limits=Limits(max_rows_per_file=4999))
    assert error.code == "too_many_rows" and "M1/buchungen.csv" in str(error) and "4999" in str(error)
    assert open_bundle(sealed, private, limits=Limits(max_rows_per_file=5000)).manifest == manifest
    declared = refused(
        _seal_raw_plaintext(_bomb(_declaring(1000, rows=10_000), 1), public),
        private,
        limits=Limits(max_rows_per_file=9_999),
    )
    assert declared.code == "too_many_rows" and "declares 10000 rows" in str(declared)


def test_rows_per_bundle_are_counted_across_files(keys: tuple[bytes, bytes]) -> None:
    """Two files each within the per-file limit but together above the bundle limit are refused."""
    private, public = keys
    lines = b"satzart;konto\r\n" + b"0;200001\r\n" * 3000
    files = {file_key("M1", "a.csv"): lines, file_key("M1", "b.csv"): lines}
    entry = ManifestEntry(
        "M1", tuple(FileEntry.describe(n, "bookings", 1, lines) for n in ("a.csv", "b.csv")), None, 1
    )
    manifest = Manifest("b-1", "agent-1", datetime(2026, 3, 2, 7, 0, tzinfo=UTC), (entry,))
    sealed = seal(manifest, files, public)
    error = refused(sealed, private, limits=Limits(max_rows_per_file=3000, max_rows_per_bundle=5999))
    assert error.code == "too_many_rows" and "per bundle" in str(error)
    assert open_bundle(sealed, private, limits=Limits(max_rows_per_file=3000, max_rows_per_bundle=6000))


def test_checksum_mismatch(keys: tuple[bytes, bytes]) -> None:
    """A file whose bytes differ from the manifest's sha256 is refused naming the file."""
    private, public = keys
    manifest, _ = make()
    body = json.dumps(manifest.to_json()).encode()
    evil = BOOKINGS.replace(b"R1", b"R2")
    inner = struct.pack(">I", len(body)) + body + evil + ACCOUNTS
    error = refused(_seal_raw_plaintext(zstandard.ZstdCompressor().compress(inner), public), private)
    assert error.code == "checksum_mismatch"
    assert "M1/buchungen.csv" in str(error)


def test_corrupt_sizes_and_manifest(keys: tuple[bytes, bytes]) -> None:
    """Contents that do not add up, and manifests that do not parse, are refused."""
    private, public = keys
    manifest, _ = make()
    body = json.dumps(manifest.to_json()).encode()
    short = struct.pack(">I", len(body)) + body + BOOKINGS
    cctx = zstandard.ZstdCompressor()
    assert refused(_seal_raw_plaintext(cctx.compress(short), public), private).code == "corrupt"
    junk = struct.pack(">I", 5) + b"{nope"
    assert refused(_seal_raw_plaintext(cctx.compress(junk), public), private).code == "manifest_invalid"
    assert refused(_seal_raw_plaintext(b"not zstd at all", public), private).code == "corrupt"


def test_seal_checks_its_input(keys: tuple[bytes, bytes]) -> None:
    """Sealing files that do not match the manifest is refused (a caller bug, caught early)."""
    manifest, files = make()
    files[file_key("M1", "buchungen.csv")] = b"other"
    with pytest.raises(BundleRefusedError, match="differs from the manifest"):
        seal(manifest, files, keys[1])
    del files[file_key("M1", "buchungen.csv")]
    with pytest.raises(BundleRefusedError, match="missing"):
        seal(manifest, files, keys[1])


def test_bad_key_material() -> None:
    """Keys of the wrong length are a BundleError, not a crash."""
    with pytest.raises(BundleError):
        seal(*make(), b"short")


def test_files_given_as_paths_are_streamed_and_checked(keys: tuple[bytes, bytes], tmp_path: Path) -> None:
    """A file may be handed over as its path: read in chunks while compressed, the same bundle
    contents as from bytes; one that no longer matches its manifest entry is refused."""
    private, public = keys
    manifest, files = make()
    paths: dict[str, bytes | Path] = {}
    for number, (key, data) in enumerate(files.items()):
        paths[key] = tmp_path / f"f{number}.csv"
        paths[key].write_bytes(data)  # type: ignore[union-attr]
    opened = open_bundle(seal(manifest, paths, public), private)
    assert dict(opened.files) == files
    assert opened.digest == open_bundle(seal(manifest, files, public), private).digest
    (tmp_path / "f0.csv").write_bytes(BOOKINGS.replace(b"R1", b"R2"))  # same size, other bytes
    with pytest.raises(BundleRefusedError, match="changed after it was described") as info:
        seal(manifest, paths, public)
    assert info.value.code == "invalid_input"
    (tmp_path / "f0.csv").unlink()
    with pytest.raises(FileNotFoundError):
        seal(manifest, paths, public)
