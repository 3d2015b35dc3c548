"""The bundle: a manifest plus BMD files, zstd-compressed and encrypted to the datacenter's key.

Layout (version 1). A 70-byte header, then AES-256-GCM ciphertext with its 16-byte tag::

    magic "SSBUNDLE" (8) | version u8 | flags u8 (0) | key id (8) | ephemeral X25519 public (32)
    | nonce (12) | ciphertext length u64 BE (8)

The key id is the first 8 bytes of sha256(recipient public key), so a bundle sealed for another
datacenter key is told apart from a tampered one. The AES key is HKDF-SHA256 over the X25519 shared
secret (info binds version, ephemeral and recipient keys); the whole header is the GCM associated
data, so changing any byte of header or body fails authentication. The plaintext is one zstd frame
of the *inner container*: ``u32 BE manifest length | manifest JSON | files in manifest order``.

`open_bundle` checks in order of cost — size, header, length, key id, authentication, then one
bounded streaming pass that decompresses and unpacks at once: the manifest, its declared sizes and
rows against `Limits`, each file counted (bytes, lines) and hashed while it arrives — so a zstd bomb
or a file of millions of rows stops at the limit without expanding — and raises
`BundleRefusedError` with a machine ``code`` and a sentence for people.

``zstandard`` and the cryptography are imported when a bundle is sealed or opened, not with this
module: the agent's worker imports it on every run, and most runs (a poll that finds nothing) never
seal. Sealing (the agent) encrypts through `syncsystem.protocol.sealcrypto`: in the libcrypto the
``ssl`` module has loaded for the upload where that works, so the worker never loads pyca/cryptography
and its second OpenSSL (≈ 10 MiB); opening (the datacenter) uses cryptography. HKDF is the standard
library's HMAC.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import io
import json
import os
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syncsystem.errors import BundleError, SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.manifest import MANIFEST_VERSION, FileEntry, Manifest, ManifestEntry, file_key
from syncsystem.protocol.messages import ProtocolError, loads

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

__all__ = [
    "FORMAT_VERSION",
    "HEADER_SIZE",
    "BundleRefusedError",
    "FileEntry",
    "Limits",
    "Manifest",
    "ManifestEntry",
    "OpenedBundle",
    "file_key",
    "generate_keypair",
    "hkdf_sha256",
    "key_id",
    "open_bundle",
    "public_key_of",
    "seal",
]

MAGIC = b"SSBUNDLE"
FORMAT_VERSION = 1  # container format; the manifest has its own MANIFEST_VERSION
_HEADER = struct.Struct(">8sBB8s32s12sQ")
HEADER_SIZE = _HEADER.size
_TAG = 16
_CHUNK = 1 << 16


def _said(exc: Exception) -> Message:
    """What ``exc`` says: its catalogue message, or (a decoder's own words) its text as it is."""
    if isinstance(exc, SyncsystemError) and exc.message is not None:
        return exc.message
    return mc.LEGACY_TEXT(text=str(exc))


class BundleRefusedError(BundleError):
    """A bundle that cannot be accepted; ``code`` is stable for machines, the message for people.

    Codes: ``too_large``, ``truncated``, ``not_a_bundle``, ``unsupported_version``, ``wrong_key``,
    ``tampered``, ``decompressed_too_large``, ``too_many_rows``, ``corrupt``, ``manifest_invalid``,
    ``checksum_mismatch``, ``invalid_input`` (sealing only).
    """

    def __init__(self, code: str, detail: Message) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Limits:
    """Hard caps applied while opening. The defaults take the largest real Mandant — about a
    million bookings, ~100 MB of CSV — in one bundle, with room for its other files; rows are the
    lines of a file after its header line."""

    max_bundle_bytes: int = 64 * 1024 * 1024
    max_decompressed_bytes: int = 256 * 1024 * 1024
    max_manifest_bytes: int = 1024 * 1024
    max_files: int = 10_000
    max_rows_per_file: int = 1_200_000
    max_rows_per_bundle: int = 1_500_000


def generate_keypair() -> tuple[bytes, bytes]:
    """A fresh X25519 key pair as raw bytes ``(private 32, public 32)``."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: PLC0415

    private = X25519PrivateKey.generate()
    return _raw_private(private), _raw_public(private.public_key())


@functools.lru_cache(maxsize=16)
def public_key_of(private_key: bytes) -> bytes:
    """The raw public key belonging to a raw private key (remembered: the datacenter asks for its few
    keys' public halves with every upload, ~70 µs each)."""
    return _raw_public(_load_private(private_key).public_key())


def key_id(public_key: bytes) -> bytes:
    """8-byte fingerprint of a public key, carried in the header."""
    return hashlib.sha256(public_key).digest()[:8]


@dataclass(frozen=True, slots=True)
class OpenedBundle:
    """A verified bundle: its manifest, its files by `file_key`, and ``digest`` — the sha256 of the
    decrypted inner container, equal for equal contents however often they were sealed."""

    manifest: Manifest
    files: Mapping[str, bytes]
    digest: str
    compressed_size: int


def seal(
    manifest: Manifest, files: Mapping[str, bytes | Path], recipient_public_key: bytes, *, level: int = 3
) -> bytes:
    """Pack, compress and encrypt; ``files`` must hold exactly the manifest's files, matching sizes
    and checksums (a mismatch is a bug of the caller and raises `BundleRefusedError` ``invalid_input``).
    A file given as a `Path` is read in chunks while it is compressed and checked as it streams (one
    changed since it was described is refused alike); an `OSError` reading it propagates."""
    keys = manifest.file_keys()
    if len(set(keys)) != len(keys):
        raise BundleRefusedError("invalid_input", mc.BD_LISTED_TWICE())
    missing, extra = set(keys) - set(files), set(files) - set(keys)
    if missing or extra:
        raise BundleRefusedError(
            "invalid_input",
            mc.BD_FILES_MISMATCH(missing=str(sorted(missing)), extra=str(sorted(extra))),
        )
    for key, entry in manifest.entries():
        data = files[key]
        if isinstance(data, bytes) and (
            len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256
        ):
            raise BundleRefusedError("invalid_input", mc.BD_SIZE_DIFFERS(key=key))
    try:
        # The sealer refuses what the opener would refuse (NaN, a cursor beyond 2^63, a file name
        # no store can hold), so a bad value stops the agent's job here, not the datacenter's queue.
        Manifest.from_json(manifest.to_json())
    except ProtocolError as exc:
        raise BundleRefusedError("invalid_input", _said(exc)) from exc
    manifest_bytes = json.dumps(
        manifest.to_json(), separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode()
    import zstandard  # noqa: PLC0415 - see the module docstring

    compressor = zstandard.ZstdCompressor(level=level, write_content_size=False)
    sink = io.BytesIO()
    entries = dict(manifest.entries())
    with compressor.stream_writer(sink, closefd=False) as writer:
        writer.write(struct.pack(">I", len(manifest_bytes)))
        writer.write(manifest_bytes)
        for key in keys:
            source = files[key]
            if isinstance(source, bytes):
                writer.write(source)
            else:
                _stream_file(writer, source, key, entries[key])
    return _encrypt(sink.getbuffer(), recipient_public_key)


def _stream_file(writer: Any, path: Path, key: str, entry: FileEntry) -> None:
    """Compress ``path`` in chunks, checking it is still the file the manifest describes."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writer.write(chunk)
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise BundleRefusedError("invalid_input", mc.BD_FILE_CHANGED(key=key))


def _encrypt(plaintext: memoryview, recipient_public_key: bytes) -> bytes:
    """Header and AES-256-GCM ciphertext of ``plaintext`` for the recipient's X25519 key."""
    from syncsystem.protocol.sealcrypto import sealer  # noqa: PLC0415 - see the module docstring

    crypto = sealer()
    # Ephemeral key and nonce come from the OS CSPRNG on purpose: a seeded `random.Random` must
    # never feed cryptography. A fresh ephemeral key per bundle makes nonce reuse harmless anyway.
    ephemeral, nonce = os.urandom(32), os.urandom(12)
    try:
        ephemeral_public = crypto.x25519_public(ephemeral)
        shared = crypto.x25519(ephemeral, recipient_public_key)
    except ValueError as exc:
        raise BundleError(mc.BUNDLE_PUBLIC_KEY(reason=str(exc))) from exc
    aes_key = _derive(shared, ephemeral_public, recipient_public_key)
    header = _HEADER.pack(
        MAGIC, FORMAT_VERSION, 0, key_id(recipient_public_key), ephemeral_public, nonce, len(plaintext) + _TAG
    )
    return header + crypto.aes_256_gcm_encrypt(aes_key, nonce, plaintext, header)


def open_bundle(data: bytes, private_key: bytes, *, limits: Limits = Limits()) -> OpenedBundle:
    """Verify, decrypt, decompress and check a bundle; raises `BundleRefusedError` with the reason."""
    if len(data) > limits.max_bundle_bytes:
        raise BundleRefusedError("too_large", mc.BD_TOO_LARGE(size=len(data), limit=limits.max_bundle_bytes))
    if len(data) < len(MAGIC) or data[: len(MAGIC)] != MAGIC[: len(data)]:
        raise BundleRefusedError("not_a_bundle", mc.BD_MAGIC())
    if len(data) < HEADER_SIZE:
        raise BundleRefusedError("truncated", mc.BD_SHORT_HEADER(size=len(data), header=HEADER_SIZE))
    _magic, version, flags, kid, ephemeral_public, nonce, length = _HEADER.unpack_from(data)
    if version != FORMAT_VERSION:
        raise BundleRefusedError(
            "unsupported_version",
            mc.BD_VERSION(version=version, supported=FORMAT_VERSION),
        )
    body = data[HEADER_SIZE:]
    if len(body) < length:
        raise BundleRefusedError("truncated", mc.BD_TRUNCATED(announced=length, arrived=len(body)))
    if len(body) > length or length < _TAG:
        raise BundleRefusedError("tampered", mc.BD_LENGTH())
    from cryptography.exceptions import InvalidTag  # noqa: PLC0415 - see the module docstring
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey  # noqa: PLC0415
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

    recipient_public = public_key_of(private_key)
    if kid != key_id(recipient_public) or flags != 0:
        if flags != 0:
            raise BundleRefusedError("tampered", mc.BD_FLAGS(flags=f"{flags:#x}"))
        raise BundleRefusedError(
            "wrong_key",
            mc.BD_WRONG_KEY(kid=kid.hex(), ours=key_id(recipient_public).hex()),
        )
    try:
        shared = _load_private(private_key).exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        aes_key = _derive(shared, ephemeral_public, recipient_public)
        plaintext = AESGCM(aes_key).decrypt(nonce, body, data[:HEADER_SIZE])
    except (InvalidTag, ValueError) as exc:
        raise BundleRefusedError(
            "tampered",
            mc.BD_AUTH(),
        ) from exc
    manifest, files, digest = _unpack_stream(plaintext, limits)
    return OpenedBundle(manifest, files, digest, len(data))


class _Inner:
    """The decompressed inner container, read in bounded chunks: every byte read is hashed (the
    content digest) and counted, so nothing beyond what the manifest accounts for is inflated."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.digest = hashlib.sha256()

    def read(self, size: int) -> bytes:
        chunk: bytes = self.reader.read(size)
        self.digest.update(chunk)
        return chunk

    def chunks(self, size: int, cut_short: Message) -> Iterator[bytes]:
        """The next ``size`` bytes in chunks; refused as corrupt (``cut_short``) where they end early."""
        left = size
        while left:
            chunk = self.read(min(_CHUNK, left))
            if not chunk:
                raise BundleRefusedError("corrupt", cut_short)
            yield chunk
            left -= len(chunk)

    def exactly(self, size: int, what: Message) -> bytes:
        return b"".join(self.chunks(size, mc.BD_ENDS_INSIDE(what=what)))


def _unpack_stream(plaintext: bytes, limits: Limits) -> tuple[Manifest, dict[str, bytes], str]:
    """Stream-decompress and unpack at once: the manifest first, then each file exactly as large as
    the manifest says, its lines counted while it arrives. A bomb stops before it expands: sizes
    beyond ``max_decompressed_bytes`` are refused before any file is inflated, files with more
    lines than the row limits are refused as soon as the limit is passed, and a single byte beyond
    what the manifest accounts for ends the reading."""
    import zstandard  # noqa: PLC0415 - see the module docstring

    dctx = zstandard.ZstdDecompressor(max_window_size=1 << 27)
    try:
        with dctx.stream_reader(io.BytesIO(plaintext), read_across_frames=False) as reader:
            inner = _Inner(reader)
            head = inner.read(4)
            if len(head) < 4:
                raise BundleRefusedError("corrupt", mc.BD_ENDS_BEFORE_LENGTH())
            (mlen,) = struct.unpack(">I", head)
            if mlen > limits.max_manifest_bytes:
                raise BundleRefusedError(
                    "manifest_invalid",
                    mc.BD_MANIFEST_LENGTH(length=mlen, limit=limits.max_manifest_bytes),
                )
            manifest = _manifest(inner.exactly(mlen, mc.BD_THE_MANIFEST()))
            entries = _check_declared(manifest, mlen, limits)
            files: dict[str, bytes] = {}
            rows_total = 0
            for key, entry in entries:
                blob, rows = _read_file(inner, key, entry.size, limits, rows_total)
                rows_total += rows
                if hashlib.sha256(blob).hexdigest() != entry.sha256:
                    raise BundleRefusedError("checksum_mismatch", mc.BD_CHECKSUM(key=key))
                files[key] = blob
            if inner.read(1):
                raise BundleRefusedError(
                    "corrupt",
                    mc.BD_LONGER(size=4 + mlen + sum(f.size for _, f in entries)),
                )
    except zstandard.ZstdError as exc:
        raise BundleRefusedError("corrupt", mc.BD_COMPRESSED(reason=str(exc))) from exc
    return manifest, files, inner.digest.hexdigest()


def _manifest(raw_bytes: bytes) -> Manifest:
    try:
        raw = loads(raw_bytes.decode("utf-8"))
        if isinstance(raw, dict) and raw.get("version") != MANIFEST_VERSION:
            got = repr(raw.get("version"))
            raise ProtocolError(mc.BD_MANIFEST_VERSION(expected=MANIFEST_VERSION, got=got))
        return Manifest.from_json(raw)
    except (UnicodeDecodeError, json.JSONDecodeError, ProtocolError) as exc:
        raise BundleRefusedError("manifest_invalid", mc.BD_MANIFEST_INVALID(reason=_said(exc))) from exc


def _check_declared(manifest: Manifest, mlen: int, limits: Limits) -> list[tuple[str, FileEntry]]:
    """What the manifest declares must fit the limits before a single file byte is inflated."""
    entries = manifest.entries()
    if len(entries) > limits.max_files:
        raise BundleRefusedError(
            "manifest_invalid", mc.BD_FILES_LIMIT(count=len(entries), limit=limits.max_files)
        )
    declared = 4 + mlen + sum(f.size for _, f in entries)
    if declared > limits.max_decompressed_bytes:
        raise BundleRefusedError(
            "decompressed_too_large",
            mc.BD_DECOMPRESSED(size=declared, limit=limits.max_decompressed_bytes),
        )
    for key, entry in entries:
        if entry.rows > limits.max_rows_per_file:
            raise BundleRefusedError(
                "too_many_rows",
                mc.BD_FILE_ROWS(key=key, rows=entry.rows, limit=limits.max_rows_per_file),
            )
    declared_rows = sum(f.rows for _, f in entries)
    if declared_rows > limits.max_rows_per_bundle:
        raise BundleRefusedError(
            "too_many_rows",
            mc.BD_BUNDLE_ROWS(rows=declared_rows, limit=limits.max_rows_per_bundle),
        )
    return entries


def _read_file(inner: _Inner, key: str, size: int, limits: Limits, rows_before: int) -> tuple[bytes, int]:
    """One file's bytes and its row count (lines after the header), refused as soon as a limit is
    passed — counted on the actual bytes, whatever the manifest declared."""
    parts, lines, last = [], 0, b"\n"
    for chunk in inner.chunks(size, mc.BD_ENDS_INSIDE_FILE(key=key)):
        parts.append(chunk)
        lines += chunk.count(b"\n")
        last = chunk[-1:]
        rows = max(0, lines - 1)  # the first line is the header
        if rows > limits.max_rows_per_file:
            raise BundleRefusedError(
                "too_many_rows", mc.BD_MORE_FILE_ROWS(key=key, limit=limits.max_rows_per_file)
            )
        if rows_before + rows > limits.max_rows_per_bundle:
            raise BundleRefusedError(
                "too_many_rows", mc.BD_MORE_BUNDLE_ROWS(limit=limits.max_rows_per_bundle)
            )
    if size and last != b"\n":
        lines += 1  # a last line without a line break
    return b"".join(parts), max(0, lines - 1)


def _derive(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    """The AES key: HKDF-SHA256 (RFC 5869) of the shared secret, no salt, 32 bytes."""
    info = b"syncsystem bundle v%d" % FORMAT_VERSION + ephemeral_public + recipient_public
    return hkdf_sha256(shared, info, 32)


def hkdf_sha256(secret: bytes, info: bytes, length: int, salt: bytes = b"") -> bytes:
    """RFC 5869's HKDF with SHA-256 (an empty salt is 32 zero bytes), in the standard library."""
    if not 0 < length <= 255 * 32:
        raise ValueError(f"HKDF-SHA256 gives 1 to {255 * 32} bytes, not {length}")
    prk = hmac.digest(salt or bytes(32), secret, "sha256")
    block, out = b"", b""
    for counter in range(1, -(-length // 32) + 1):
        block = hmac.digest(prk, block + info + bytes([counter]), "sha256")
        out += block
    return out[:length]


@functools.lru_cache(maxsize=16)
def _load_private(raw: bytes) -> X25519PrivateKey:
    """The key object of a raw private key (remembered, as `public_key_of`; a key object is immutable)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: PLC0415

    try:
        return X25519PrivateKey.from_private_bytes(raw)
    except ValueError as exc:
        raise BundleError(mc.BUNDLE_PRIVATE_KEY(reason=str(exc))) from exc


def _raw_private(key: X25519PrivateKey) -> bytes:
    # The *_raw methods need no `serialization` module (1.6 MiB the worker does not load).
    return key.private_bytes_raw()


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes_raw()
