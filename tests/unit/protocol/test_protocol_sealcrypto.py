"""The seal's cryptography: the libcrypto binding and pyca agree with cryptography and the RFC vectors.

Expected values are the published test vectors (RFC 7748 for X25519, RFC 5869 for HKDF, the GCM
specification's test case 14) and pyca/cryptography's own primitives, which are not under test here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from syncsystem.errors import BundleError
from syncsystem.protocol import bundle, sealcrypto
from syncsystem.protocol.bundle import FileEntry, Manifest, ManifestEntry, file_key, hkdf_sha256, open_bundle

# RFC 7748, section 6.1
ALICE = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
ALICE_PUBLIC = bytes.fromhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
BOB = bytes.fromhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
BOB_PUBLIC = bytes.fromhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
SHARED = bytes.fromhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")


def binding() -> sealcrypto.LibCrypto:
    found = sealcrypto.load()
    assert found is not None, "the libcrypto of this interpreter's ssl module should be usable"
    return found


SEALERS = pytest.mark.parametrize("make", [binding, sealcrypto.Pyca], ids=["libcrypto", "pyca"])


def test_the_worker_path_is_available_here() -> None:
    """CPython linked to a shared OpenSSL (as here and on python.org's builds) gets the binding."""
    assert isinstance(sealcrypto.sealer(), sealcrypto.LibCrypto)


@SEALERS
def test_x25519_gives_the_rfc_7748_vectors(make: Callable[[], sealcrypto.Sealer]) -> None:
    crypto = make()
    assert crypto.x25519_public(ALICE) == ALICE_PUBLIC
    assert crypto.x25519_public(BOB) == BOB_PUBLIC
    assert crypto.x25519(ALICE, BOB_PUBLIC) == SHARED == crypto.x25519(BOB, ALICE_PUBLIC)


@SEALERS
def test_x25519_agrees_with_cryptography_on_random_keys(make: Callable[[], sealcrypto.Sealer]) -> None:
    crypto = make()
    for _ in range(20):
        own, peer = X25519PrivateKey.generate(), X25519PrivateKey.generate()
        raw = own.private_bytes_raw()
        assert crypto.x25519_public(raw) == own.public_key().public_bytes_raw()
        assert crypto.x25519(raw, peer.public_key().public_bytes_raw()) == own.exchange(peer.public_key())


@SEALERS
def test_a_low_order_peer_key_or_a_wrong_length_fails(make: Callable[[], sealcrypto.Sealer]) -> None:
    crypto = make()
    with pytest.raises(ValueError):
        crypto.x25519(ALICE, bytes(32))  # the all-zero shared secret
    with pytest.raises(ValueError):
        crypto.x25519(ALICE, BOB_PUBLIC[:31])
    with pytest.raises(ValueError):
        crypto.x25519_public(ALICE + b"\0")


@SEALERS
@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 1000, (1 << 20) - 1, (1 << 20) + 5, 3 << 20])
def test_aes_256_gcm_matches_cryptography(make: Callable[[], sealcrypto.Sealer], size: int) -> None:
    """Sizes around the block and around the 1 MiB chunk the binding hands to OpenSSL."""
    key, nonce, data, aad = os.urandom(32), os.urandom(12), os.urandom(size), os.urandom(70)
    sealed = make().aes_256_gcm_encrypt(key, nonce, memoryview(data), aad)
    assert sealed == AESGCM(key).encrypt(nonce, data, aad)
    assert AESGCM(key).decrypt(nonce, sealed, aad) == data


@SEALERS
def test_aes_256_gcm_test_case_14(make: Callable[[], sealcrypto.Sealer]) -> None:
    expected = bytes.fromhex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")
    assert make().aes_256_gcm_encrypt(bytes(32), bytes(12), bytes(16), b"") == expected


def test_aes_256_gcm_refuses_wrong_key_or_nonce_sizes() -> None:
    with pytest.raises(ValueError):
        binding().aes_256_gcm_encrypt(bytes(16), bytes(12), b"x", b"")
    with pytest.raises(ValueError):
        binding().aes_256_gcm_encrypt(bytes(32), bytes(16), b"x", b"")


def test_hkdf_gives_the_rfc_5869_vectors() -> None:
    """Test cases 1 and 3 (SHA-256): with salt and info, and with neither."""
    okm1 = "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
    okm3 = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"
    ikm = b"\x0b" * 22
    assert hkdf_sha256(ikm, bytes(range(0xF0, 0xFA)), 42, bytes(range(13))).hex() == okm1
    assert hkdf_sha256(ikm, b"", 42).hex() == okm3
    with pytest.raises(ValueError):
        hkdf_sha256(ikm, b"", 255 * 32 + 1)


def test_hkdf_agrees_with_cryptography() -> None:
    for length in (1, 32, 33, 100):
        secret, info = os.urandom(32), os.urandom(72)
        theirs = HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)
        assert hkdf_sha256(secret, info, length) == theirs


def _sample() -> tuple[Manifest, dict[str, bytes]]:
    data = "satzart;konto;belegnr\r\n0;200001;R1\r\n".encode("cp1252") * 40_000  # > 1 MiB
    entry = ManifestEntry("M1", (FileEntry.describe("buchungen.csv", "bookings", 40_000, data),), None, 7)
    manifest = Manifest("b-1", "agent-1", datetime(2026, 3, 2, 7, 0, tzinfo=UTC), (entry,))
    return manifest, {file_key("M1", "buchungen.csv"): data}


@pytest.mark.parametrize("pyca", [False, True], ids=["libcrypto", "pyca"])
def test_what_either_seals_the_datacenter_opens(monkeypatch: pytest.MonkeyPatch, pyca: bool) -> None:
    """The same bundle format either way: the datacenter's opener (cryptography) reads both."""
    if pyca:
        monkeypatch.setattr(sealcrypto, "load", lambda: None)
    private, public = bundle.generate_keypair()
    manifest, files = _sample()
    opened = open_bundle(bundle.seal(manifest, files, public), private)
    assert opened.manifest == manifest and dict(opened.files) == files


@pytest.mark.parametrize("pyca", [False, True], ids=["libcrypto", "pyca"])
def test_sealing_to_an_unusable_key_is_a_bundle_error(monkeypatch: pytest.MonkeyPatch, pyca: bool) -> None:
    if pyca:
        monkeypatch.setattr(sealcrypto, "load", lambda: None)
    manifest, files = _sample()
    for key in (bytes(32), b"short"):
        with pytest.raises(BundleError, match="X25519 public key"):
            bundle.seal(manifest, files, key)


def test_cryptography_reads_the_vectors_alike() -> None:
    """The vectors above are RFC 7748's (a typo would make the binding's self-test fail silently)."""
    alice = X25519PrivateKey.from_private_bytes(ALICE)
    assert alice.public_key().public_bytes_raw() == ALICE_PUBLIC
    assert alice.exchange(X25519PublicKey.from_public_bytes(BOB_PUBLIC)) == SHARED
    assert (sealcrypto._ALICE, sealcrypto._ALICE_PUBLIC, sealcrypto._BOB_PUBLIC, sealcrypto._SHARED) == (
        ALICE,
        ALICE_PUBLIC,
        BOB_PUBLIC,
        SHARED,
    )
