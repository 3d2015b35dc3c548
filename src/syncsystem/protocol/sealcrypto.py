"""The seal's cryptography: X25519 and AES-256-GCM in the libcrypto ``ssl`` has loaded, else pyca's.

The agent's worker seals one bundle per sync and uploads it over ``ssl``, which maps the system's
(or Python's bundled) OpenSSL anyway. pyca/cryptography brings a second, statically linked OpenSSL:
loading it cost the worker ≈ 10 MiB of a 42 MiB peak, for three calls. `load` instead binds those
calls — an X25519 agreement with a fresh ephemeral key, its public key, AES-256-GCM encryption —
through ``ctypes`` in the libcrypto already in memory (OpenSSL ≥ 1.1.1, its stable EVP API), which
costs ≈ 0.4 MiB. Every result code is checked; output buffers are sized by this module, never by
OpenSSL.

`load` returns None where that libcrypto cannot be reached or fails its self-test (RFC 7748's X25519
vector and an AES-256-GCM vector of the GCM specification): e.g. an interpreter whose ``ssl`` links
OpenSSL statically without exporting it, LibreSSL without raw X25519 keys, a FIPS-only OpenSSL.
`sealer` then gives `Pyca`, the same three calls in pyca/cryptography; opening a bundle (the
datacenter) always uses cryptography. The tests compare both with cryptography's primitives and
open what either sealed.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from contextlib import ExitStack
from functools import cache
from typing import Any, Protocol

__all__ = ["LibCrypto", "Pyca", "Sealer", "load", "sealer"]

_NID_X25519 = 1034
_EVP_CTRL_GCM_GET_TAG = 0x10
Data = bytes | memoryview
_KEY, _NONCE, _TAG = 32, 12, 16
_CHUNK = 1 << 20  # EVP_EncryptUpdate counts in int

# _P: pointers and output buffers; _BUF: input bytes
_P, _INT, _SIZE, _BUF = ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t, ctypes.c_char_p
_SIGNATURES: dict[str, tuple[Any, list[Any]]] = {
    "EVP_PKEY_new_raw_private_key": (_P, [_INT, _P, _BUF, _SIZE]),
    "EVP_PKEY_new_raw_public_key": (_P, [_INT, _P, _BUF, _SIZE]),
    "EVP_PKEY_get_raw_public_key": (_INT, [_P, _P, ctypes.POINTER(_SIZE)]),
    "EVP_PKEY_free": (None, [_P]),
    "EVP_PKEY_CTX_new": (_P, [_P, _P]),
    "EVP_PKEY_CTX_free": (None, [_P]),
    "EVP_PKEY_derive_init": (_INT, [_P]),
    "EVP_PKEY_derive_set_peer": (_INT, [_P, _P]),
    "EVP_PKEY_derive": (_INT, [_P, _P, ctypes.POINTER(_SIZE)]),
    "EVP_aes_256_gcm": (_P, []),
    "EVP_CIPHER_CTX_new": (_P, []),
    "EVP_CIPHER_CTX_free": (None, [_P]),
    "EVP_EncryptInit_ex": (_INT, [_P, _P, _P, _BUF, _BUF]),
    "EVP_EncryptUpdate": (_INT, [_P, _P, ctypes.POINTER(_INT), _BUF, _INT]),
    "EVP_EncryptFinal_ex": (_INT, [_P, _P, ctypes.POINTER(_INT)]),
    "EVP_CIPHER_CTX_ctrl": (_INT, [_P, _INT, _INT, _P]),
    "ERR_clear_error": (None, []),
}

# RFC 7748, section 6.1: Alice's private key, Bob's public key and their shared secret.
_ALICE = bytes.fromhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
_ALICE_PUBLIC = bytes.fromhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
_BOB_PUBLIC = bytes.fromhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
_SHARED = bytes.fromhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
# The GCM specification (McGrew, Viega), test case 14: AES-256, zero key, IV and one zero block.
_GCM_14 = bytes.fromhex("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919")


class Sealer(Protocol):
    """What sealing needs; failures (a bad key, OpenSSL refusing) raise `ValueError`."""

    def x25519_public(self, private: bytes) -> bytes: ...

    def x25519(self, private: bytes, peer_public: bytes) -> bytes: ...

    def aes_256_gcm_encrypt(self, key: bytes, nonce: bytes, data: Data, aad: bytes) -> bytes: ...


class LibCrypto:
    """The calls a seal needs, bound in one loaded libcrypto. Failures raise `ValueError`."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self._fn: dict[str, Callable[..., Any]] = {}
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(lib, name)  # AttributeError: not this library
            function.restype, function.argtypes = restype, argtypes
            self._fn[name] = function

    def _fail(self, name: str) -> ValueError:
        self._fn["ERR_clear_error"]()  # leave nothing in the queue the ssl module would read
        return ValueError(f"OpenSSL: {name} failed")

    def _ptr(self, name: str, *args: Any) -> int:
        """Call ``name``, which returns a pointer; NULL is its failure."""
        result: int | None = self._fn[name](*args)
        if not result:
            raise self._fail(name)
        return result

    def _ok(self, name: str, *args: Any) -> None:
        """Call ``name``, which returns 1 for success (≤ 0 is its failure)."""
        if self._fn[name](*args) <= 0:
            raise self._fail(name)

    def _key(self, stack: ExitStack, name: str, raw: bytes) -> int:
        if len(raw) != _KEY:
            raise ValueError(f"an X25519 key is {_KEY} bytes, not {len(raw)}")
        pkey = self._ptr(name, _NID_X25519, None, raw, len(raw))
        stack.callback(self._fn["EVP_PKEY_free"], pkey)
        return pkey

    def x25519_public(self, private: bytes) -> bytes:
        """The raw public key of a raw X25519 private key."""
        with ExitStack() as stack:
            pkey = self._key(stack, "EVP_PKEY_new_raw_private_key", private)
            out, size = ctypes.create_string_buffer(_KEY), _SIZE(_KEY)
            self._ok("EVP_PKEY_get_raw_public_key", pkey, out, ctypes.byref(size))
            return out.raw[: size.value]

    def x25519(self, private: bytes, peer_public: bytes) -> bytes:
        """The X25519 shared secret of ``private`` and ``peer_public`` (an all-zero one fails)."""
        with ExitStack() as stack:
            own = self._key(stack, "EVP_PKEY_new_raw_private_key", private)
            peer = self._key(stack, "EVP_PKEY_new_raw_public_key", peer_public)
            ctx = self._ptr("EVP_PKEY_CTX_new", own, None)
            stack.callback(self._fn["EVP_PKEY_CTX_free"], ctx)
            self._ok("EVP_PKEY_derive_init", ctx)
            self._ok("EVP_PKEY_derive_set_peer", ctx, peer)
            out, size = ctypes.create_string_buffer(_KEY), _SIZE(_KEY)
            self._ok("EVP_PKEY_derive", ctx, out, ctypes.byref(size))
            if size.value != _KEY:
                raise ValueError("OpenSSL: X25519 gave a secret of the wrong length")
            return out.raw

    def aes_256_gcm_encrypt(self, key: bytes, nonce: bytes, data: Data, aad: bytes) -> bytes:
        """Ciphertext and 16-byte tag, as ``cryptography``'s ``AESGCM(key).encrypt(nonce, data, aad)``."""
        if len(key) != _KEY or len(nonce) != _NONCE:
            raise ValueError("AES-256-GCM takes a 32-byte key and a 12-byte nonce")
        with ExitStack() as stack:
            ctx = self._ptr("EVP_CIPHER_CTX_new")
            stack.callback(self._fn["EVP_CIPHER_CTX_free"], ctx)
            self._ok("EVP_EncryptInit_ex", ctx, self._ptr("EVP_aes_256_gcm"), None, key, nonce)
            written = _INT(0)
            self._ok("EVP_EncryptUpdate", ctx, None, ctypes.byref(written), aad, len(aad))
            out = ctypes.create_string_buffer(len(data) + _TAG)
            done, view = 0, memoryview(data)
            for start in range(0, len(data), _CHUNK):
                chunk = bytes(view[start : start + _CHUNK])
                self._ok(
                    "EVP_EncryptUpdate",
                    ctx,
                    ctypes.byref(out, done),
                    ctypes.byref(written),
                    chunk,
                    len(chunk),
                )
                done += written.value
            self._ok("EVP_EncryptFinal_ex", ctx, ctypes.byref(out, done), ctypes.byref(written))
            done += written.value
            if done != len(data):
                raise ValueError("OpenSSL: AES-256-GCM wrote a ciphertext of the wrong length")
            self._ok("EVP_CIPHER_CTX_ctrl", ctx, _EVP_CTRL_GCM_GET_TAG, _TAG, ctypes.byref(out, done))
            return out.raw  # ciphertext and tag: one copy out of the buffer

    def works(self) -> bool:
        """The self-test: RFC 7748's agreement and GCM test case 14 give the published bytes."""
        try:
            return (
                self.x25519_public(_ALICE) == _ALICE_PUBLIC
                and self.x25519(_ALICE, _BOB_PUBLIC) == _SHARED
                and self.aes_256_gcm_encrypt(bytes(32), bytes(12), bytes(16), b"") == _GCM_14
            )
        except (ValueError, ctypes.ArgumentError, OSError):  # OSError: an access violation on Windows
            return False


def _candidates() -> list[str | None]:
    import _ssl  # noqa: PLC0415 - maps the libcrypto that is wanted (the worker has it loaded anyway)

    if sys.platform == "win32":  # python.org's builds ship it beside _ssl.pyd, loaded by base name
        return ["libcrypto-3-x64", "libcrypto-3", "libcrypto-1_1-x64", "libcrypto-1_1"]
    # dlsym through _ssl's handle also searches the libraries _ssl links (libssl, libcrypto); an
    # _ssl built into the interpreter has no file of its own: the process's global symbols then
    return [getattr(_ssl, "__file__", None)]


@cache
def load() -> LibCrypto | None:
    """The binding in the libcrypto ``ssl`` uses, or None if it is not reachable or fails its self-test."""
    for name in _candidates():
        try:
            binding = LibCrypto(ctypes.CDLL(name))
        except (OSError, AttributeError):
            continue
        if binding.works():
            return binding
    return None


class Pyca:
    """The same calls in pyca/cryptography (its own OpenSSL: ≈ 10 MiB more in the worker)."""

    def x25519_public(self, private: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: PLC0415

        return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()

    def x25519(self, private: bytes, peer_public: bytes) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.x25519 import (  # noqa: PLC0415
            X25519PrivateKey,
            X25519PublicKey,
        )

        return X25519PrivateKey.from_private_bytes(private).exchange(
            X25519PublicKey.from_public_bytes(peer_public)
        )

    def aes_256_gcm_encrypt(self, key: bytes, nonce: bytes, data: Data, aad: bytes) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: PLC0415

        return AESGCM(key).encrypt(nonce, data, aad)


def sealer() -> Sealer:
    """The libcrypto binding where it works, else `Pyca`."""
    return load() or Pyca()
