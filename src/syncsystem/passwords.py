"""Password hashes for people who log in (office users; the datacenter may use the same).

`hash_password` gives a self-describing PHC-style string ``scrypt$ln=15,r=8,p=1$<salt>$<hash>``
(base64 without padding, 16-byte salt, 32-byte hash) from `hashlib.scrypt`, so the cost can grow
later without invalidating stored hashes: `verify_password` reads the parameters from the string.
A malformed stored value never verifies; comparison is constant-time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

__all__ = ["hash_password", "verify_password"]

_LN, _R, _P = 15, 8, 1  # n = 2**15: about 50 ms and 32 MiB per check on a small server
_MAXMEM = 64 * 1024 * 1024


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _scrypt(password: str, salt: bytes, ln: int, r: int, p: int, *, size: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=2**ln, r=r, p=p, maxmem=_MAXMEM, dklen=size)


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password`` as ``scrypt$ln=…,r=…,p=…$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _LN, _R, _P, size=32)
    return f"scrypt$ln={_LN},r={_R},p={_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored`` (a `hash_password` string); False if it is malformed."""
    try:
        scheme, params, salt64, digest64 = stored.split("$")
        values = dict(item.split("=", 1) for item in params.split(","))
        ln, r, p = int(values["ln"]), int(values["r"]), int(values["p"])
        salt, expected = _unb64(salt64), _unb64(digest64)
    except (ValueError, KeyError):
        return False
    if scheme != "scrypt" or not (1 <= ln <= 20 and 1 <= r <= 32 and 1 <= p <= 16) or not expected:
        return False
    try:
        digest = _scrypt(password, salt, ln, r, p, size=len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)
