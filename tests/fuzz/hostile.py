"""Hostile bundles: valid encryption around contents an attacker or a broken agent could send.

`hostile_bundle(public_key, agent_id, bundle_id, seeds)` draws a manifest for one Mandant whose
files are (mutated) real BMD files with correct sizes and checksums — so opening gets past the
crypto and reaches validation and ingest — and then optionally replaces one manifest field with a
hostile JSON value (NaN, ±Infinity, integers beyond 2^63, lone surrogates, NUL, wrong types) or
damages the container itself (manifest length, stray bytes).
"""

from __future__ import annotations

import hashlib
import json
import struct
from collections.abc import Sequence
from typing import Any

import zstandard
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import note
from hypothesis import strategies as st

from syncsystem.protocol import bundle as b

from .strategies import bmd_bytes, file_names

FIELDS = (
    "bundle_id",
    "agent_id",
    "created_at",
    "version",
    "mandanten",
    "mandant",
    "cursor_from",
    "cursor_to",
    "duration_seconds",
    "files",
    "name",
    "kind",
    "rows",
    "size",
    "sha256",
)
HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            float("nan"),
            float("inf"),
            float("-inf"),
            2**63,
            2**64 + 1,
            -(2**63) - 1,
            -1,
            0,
            "\ud800",
            "a\x00b",
            "",
            "M100",
            [],
            {},
            None,
            True,
            1e308,
            "2026-02-30T25:00:00",
        ]
    ),
    st.floats(),
    st.integers(),
    st.text(max_size=40),
)


def encrypt(plaintext: bytes, public_key: bytes) -> bytes:
    """Encrypt ``plaintext`` exactly as `seal` does, so only the contents are hostile."""
    eph = X25519PrivateKey.generate()
    eph_pub = b._raw_public(eph.public_key())
    key = b._derive(eph.exchange(X25519PublicKey.from_public_bytes(public_key)), eph_pub, public_key)
    nonce = b"\1" * 12
    header = b._HEADER.pack(
        b.MAGIC, b.FORMAT_VERSION, 0, b.key_id(public_key), eph_pub, nonce, len(plaintext) + 16
    )
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def _kind_of(name: str) -> str:
    for stem, kind in (
        ("buch", "bookings"),
        ("sach", "accounts"),
        ("kosten", "costcentres"),
        ("person", "persons"),
        ("op", "openitems"),
        ("ausz", "clearings"),
        ("journal", "journal"),
    ):
        if name.lower().startswith(stem):
            return kind
    return "bookings"


def _set_field(manifest: dict[str, Any], field: str, value: Any) -> None:
    entry = manifest["mandanten"][0] if manifest["mandanten"] else {}
    first_file = entry["files"][0] if entry.get("files") else {}
    for target in (manifest, entry, first_file):
        if field in target:
            target[field] = value
            return


@st.composite
def hostile_bundle(
    draw: st.DrawFn, public_key: bytes, agent_id: str, bundle_id: str, seeds: Sequence[tuple[str, bytes]]
) -> tuple[str, bytes]:
    """(what was done to the manifest and container, the sealed bundle): the text shows in reports."""
    files = draw(st.lists(st.tuples(file_names(), bmd_bytes(seeds)), min_size=0, max_size=3))
    cursor_to = draw(st.integers(0, 10_000))
    manifest: dict[str, Any] = {
        "version": 1,
        "bundle_id": bundle_id,
        "agent_id": agent_id,
        "created_at": "2026-03-02T08:00:00+00:00",
        "mandanten": [
            {
                "mandant": draw(st.sampled_from(["M100", "1001", "M200"])),
                "files": [
                    {
                        "name": name,
                        "kind": _kind_of(name),
                        "rows": draw(st.integers(0, 50)),
                        "size": len(data),
                        "sha256": hashlib.sha256(data).hexdigest(),
                    }
                    for name, data in files
                ],
                "cursor_from": draw(st.one_of(st.none(), st.integers(0, cursor_to))),
                "cursor_to": cursor_to,
                "duration_seconds": 1.5,
            }
        ],
    }
    change = "valid manifest"
    if draw(st.booleans()):
        field, value = draw(st.sampled_from(FIELDS)), draw(HOSTILE_VALUES)
        _set_field(manifest, field, value)
        change = f"manifest {field} = {value!r}"
    raw = json.dumps(manifest, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    inner = struct.pack(">I", len(raw)) + raw + b"".join(data for _, data in files)
    damage = draw(st.sampled_from(["none", "none", "none", "length", "append", "cut"]))
    if damage == "length":
        inner = struct.pack(">I", draw(st.integers(0, 2**32 - 1))) + inner[4:]
    elif damage == "append":
        inner += draw(st.binary(min_size=1, max_size=64))
    elif damage == "cut":
        inner = inner[: draw(st.integers(0, len(inner)))]
    note(f"{change}; damage {damage}; files {[(n, len(d)) for n, d in files]}")
    return f"{change}; damage {damage}", encrypt(zstandard.ZstdCompressor().compress(inner), public_key)
