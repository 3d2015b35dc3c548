"""Passwords and keys of transfer jobs, encrypted at rest and revealed only to a re-authenticated admin.

Secrets are sealed with Fernet (AES-128-CBC + HMAC-SHA256) into ``enc:v1:…`` tokens; only tokens are
stored in the job configuration. The Fernet key comes from the OS keyring when a real backend is
available, else from ``secret.key`` in the state directory, created with mode 0600 and refused if
anyone but the owner may read it. `AdminGate` keeps a scrypt hash of the admin password: a stored
secret is shown again only after that password is re-entered, and the password itself is changed
only by someone who gives the current one. Clear values travel as `Secret`, whose
``repr``/``str`` never show the value, so a stray log line cannot leak one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets as pysecrets
import stat
from pathlib import Path
from typing import Protocol

from cryptography.fernet import Fernet, InvalidToken

from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc

__all__ = ["AdminGate", "HashStore", "Secret", "SecretBox", "SecretError"]

log = logging.getLogger(__name__)
PREFIX = "enc:v1:"
KEYRING_SERVICE = "syncsystem-transfer"


class SecretError(ConfigError):
    """A secret could not be sealed, opened or revealed (wrong key, tampered token, wrong password)."""


class Secret:
    """A clear secret value that refuses to be printed."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


class SecretBox:
    """Seals and opens secrets with one Fernet key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def seal(self, clear: str) -> str:
        return PREFIX + self._fernet.encrypt(clear.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> Secret:
        if not token.startswith(PREFIX):
            raise SecretError(mc.SEC_NOT_SEALED())
        try:
            return Secret(self._fernet.decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8"))
        except (InvalidToken, ValueError) as exc:
            raise SecretError(mc.SEC_CANNOT_OPEN()) from exc

    @classmethod
    def for_state(cls, state_dir: Path, *, use_keyring: bool = True) -> SecretBox:
        """The box for a state directory: key from the OS keyring if usable, else the key file."""
        if use_keyring:
            key = _keyring_key(str(state_dir.resolve()))
            if key is not None:
                return cls(key)
        return cls(_file_key(state_dir / "secret.key"))


def _keyring_key(account: str) -> bytes | None:
    try:
        import keyring  # noqa: PLC0415  (optional: only where an OS keyring is installed)
        from keyring.backends import fail  # noqa: PLC0415
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
            return None
        stored: str | None = keyring.get_password(KEYRING_SERVICE, account)
        if stored is None:
            stored = Fernet.generate_key().decode("ascii")
            keyring.set_password(KEYRING_SERVICE, account, stored)
        return stored.encode("ascii")
    except Exception as exc:  # any keyring backend failure: fall back to the key file
        log.warning("OS keyring not usable (%s); using the key file", type(exc).__name__)
        return None


def _file_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise SecretError(mc.SEC_KEY_READABLE(path=str(path), mode=f"{mode:o}")) from None
        key = path.read_bytes().strip()
        try:
            Fernet(key)
        except ValueError as exc:
            raise SecretError(mc.SEC_KEY_DAMAGED(path=str(path))) from exc
        return key
    with os.fdopen(fd, "wb") as handle:
        key = Fernet.generate_key()
        handle.write(key + b"\n")
    return key


class HashStore(Protocol):
    """Where the admin password hash lives (the state database)."""

    def get_admin_hash(self) -> str | None: ...

    def set_admin_hash(self, value: str) -> None: ...


class AdminGate:
    """Reveals stored secrets only to someone who re-enters the admin password."""

    N, R, P = 2**14, 8, 1

    def __init__(self, store: HashStore, box: SecretBox) -> None:
        self._store = store
        self._box = box

    def is_set(self) -> bool:
        return bool(self._store.get_admin_hash())

    def set_password(self, password: str, *, old: str | None = None) -> None:
        """Set the admin password; once one is set, only someone who gives it (``old``) may change it
        — else anyone could reset it and then reveal every stored secret."""
        if self.is_set():
            if old is None:
                raise SecretError(mc.SEC_ADMIN_SET())
            if not self.check(old):
                log.warning("admin password change refused: wrong current password")
                raise SecretError(mc.SEC_ADMIN_OLD_WRONG())
        if len(password) < 8:
            raise SecretError(mc.SEC_ADMIN_SHORT())
        salt = pysecrets.token_bytes(16)
        digest = hashlib.scrypt(password.encode(), salt=salt, n=self.N, r=self.R, p=self.P)
        self._store.set_admin_hash(
            f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
        )

    def check(self, password: str) -> bool:
        stored = self._store.get_admin_hash()
        if not stored:
            return False
        _, salt64, digest64 = stored.split("$")
        salt, expected = base64.b64decode(salt64), base64.b64decode(digest64)
        digest = hashlib.scrypt(password.encode(), salt=salt, n=self.N, r=self.R, p=self.P)
        return hmac.compare_digest(digest, expected)

    def reveal(self, token: str, admin_password: str) -> str:
        """The clear value of ``token``, for display to an admin who just re-entered their password."""
        if not self._store.get_admin_hash():
            raise SecretError(mc.SEC_NO_ADMIN())
        if not self.check(admin_password):
            log.warning("secret reveal refused: wrong admin password")
            raise SecretError(mc.SEC_ADMIN_WRONG())
        return self._box.open(token).reveal()
