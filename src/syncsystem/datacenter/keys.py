"""The datacenter's bundle keys: X25519 private keys in a key file (mode 0600), never in the database.

Agents seal bundles for the *current* key's public half, which they receive at enrolment. The key
file holds the current key and any *retired* ones: after a rotation, bundles already sealed for an
older key (waiting in an agent's outbox, or from agents enrolled before) still open, because
`BundleKeys.for_bundle` picks the private key by the key id in the bundle header. The file lives
beside a SQLite database (``datacenter.db`` → ``datacenter.key``), or where ``--key-file`` /
``$SYNCSYSTEM_DATACENTER_KEY_FILE`` says; a file others may read is refused. Databases of earlier
versions kept the key in their ``settings`` table: `ensure_keys` moves it into the file and erases
the row (SQLite: with ``secure_delete``, then a WAL checkpoint, so the bytes are gone from disk).
"""

from __future__ import annotations

import base64
import contextlib
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from syncsystem.datacenter.store.engine import Store
from syncsystem.datacenter.store.schema import settings
from syncsystem.errors import ConfigError
from syncsystem.files import atomic_write_text
from syncsystem.messages import codes as mc
from syncsystem.protocol.bundle import HEADER_SIZE, generate_keypair, key_id, public_key_of

__all__ = [
    "ENV_KEY_FILE",
    "BundleKeys",
    "beside_database",
    "default_key_path",
    "ensure_keys",
    "load_keys",
    "rotate_keys",
]

ENV_KEY_FILE = "SYNCSYSTEM_DATACENTER_KEY_FILE"
_LEGACY_ROW = "private_key"
_PUBLIC_ROW = "bundle_public_key"  # the current key's public half: which key file the servers share
_HEADER_LINE = "# syncsystem datacenter bundle keys: secret; back up with the database, never share\n"
_KID = slice(10, 18)  # the key id's place in the bundle header (after magic, version and flags)


@dataclass(frozen=True, slots=True)
class BundleKeys:
    """The current private key (new bundles are sealed for it) and retired ones (still opened)."""

    current: bytes
    retired: tuple[bytes, ...] = ()

    @classmethod
    def generate(cls) -> BundleKeys:
        return cls(generate_keypair()[0])

    @property
    def public(self) -> bytes:
        """The public key handed to agents at enrolment."""
        return public_key_of(self.current)

    def for_bundle(self, data: bytes) -> bytes:
        """The private key the bundle was sealed for (by the header's key id); the current one when
        none matches — opening then refuses it naming both key ids."""
        if len(data) >= HEADER_SIZE:
            wanted = data[_KID]
            for private in (self.current, *self.retired):
                if key_id(public_key_of(private)) == wanted:
                    return private
        return self.current


def beside_database(url: str) -> Path | None:
    """``datacenter.key`` beside a SQLite ``datacenter.db``; None for other databases."""
    with contextlib.suppress(sa.exc.ArgumentError):
        parsed = sa.make_url(url)
        database = parsed.database
        if parsed.get_backend_name() == "sqlite" and database and database != ":memory:":
            return Path(database).with_suffix(".key")
    return None


def default_key_path(url: str, cwd: Path, environ: Mapping[str, str]) -> Path:
    """``$SYNCSYSTEM_DATACENTER_KEY_FILE``, else beside a SQLite file (``.key`` instead of its
    suffix), else ``datacenter.key`` in the working directory."""
    if environ.get(ENV_KEY_FILE):
        return Path(environ[ENV_KEY_FILE])
    return beside_database(url) or cwd / "datacenter.key"


def load_keys(path: Path) -> BundleKeys:
    """Read the key file; refused (`ConfigError`, naming the file) if others may read it or it is damaged."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise ConfigError(mc.DC_KEYS_OPEN(path=str(path), mode=f"{mode:o}"))
    current: bytes | None = None
    retired: list[bytes] = []
    for number, line in enumerate(path.read_text("ascii").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        role, _, value = line.partition(" ")
        try:
            private = base64.b64decode(value.strip(), validate=True)
            public_key_of(private)
        except Exception as exc:
            raise ConfigError(mc.DC_KEYS_NOT_PRIVATE(path=str(path), line=number)) from exc
        if role == "current" and current is None:
            current = private
        elif role == "retired":
            retired.append(private)
        else:
            raise ConfigError(mc.DC_KEYS_LAYOUT(path=str(path), line=number))
    if current is None:
        raise ConfigError(mc.DC_KEYS_NO_CURRENT(path=str(path)))
    return BundleKeys(current, tuple(retired))


def _write(path: Path, keys: BundleKeys) -> None:
    """Write the key file atomically, owner-only from its first byte."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _HEADER_LINE + f"current {base64.b64encode(keys.current).decode()}\n"
    text += "".join(f"retired {base64.b64encode(k).decode()}\n" for k in keys.retired)
    atomic_write_text(path, text, 0o600)


def ensure_keys(store: Store, path: Path) -> BundleKeys:
    """The keys for ``store``: from ``path``; a key an older version kept in the database is moved
    into the file (kept as retired if the file already has another) and erased from the database;
    a fresh key pair when there is neither."""
    legacy = _legacy_key(store)
    keys = load_keys(path) if path.exists() else None
    recorded = _recorded_public(store)
    if keys is None and recorded is not None and legacy is None:
        raise ConfigError(mc.DC_KEYS_NO_FILE(path=str(path)))
    if keys is None:
        keys = BundleKeys(legacy) if legacy is not None else BundleKeys.generate()
        _write(path, keys)
    elif legacy is not None and legacy not in (keys.current, *keys.retired):
        keys = BundleKeys(keys.current, (*keys.retired, legacy))
        _write(path, keys)
    if legacy is not None:
        _erase_legacy_key(store)
    _record_public(store, path, keys, recorded)
    return keys


def _recorded_public(store: Store) -> str | None:
    with store.read() as conn:
        return conn.execute(sa.select(settings.c.value).where(settings.c.name == _PUBLIC_ROW)).scalar()


def _record_public(store: Store, path: Path, keys: BundleKeys, recorded: str | None) -> None:
    """The current public key is recorded in the database (it is no secret), so a server started
    with another host's different key file is refused instead of opening no bundle of the others."""
    publics = [base64.b64encode(public_key_of(k)).decode() for k in (keys.current, *keys.retired)]
    if recorded is not None and recorded not in publics:
        raise ConfigError(mc.DC_KEYS_LACKS(path=str(path)))
    if recorded == publics[0]:
        return
    with store.write() as conn:
        conn.execute(sa.delete(settings).where(settings.c.name == _PUBLIC_ROW))
        conn.execute(sa.insert(settings).values(name=_PUBLIC_ROW, value=publics[0]))


def rotate_keys(path: Path) -> tuple[BundleKeys, BundleKeys]:
    """A new current key; the previous ones stay as retired so bundles sealed for them still open.
    Returns ``(before, after)``."""
    before = load_keys(path)
    after = BundleKeys(generate_keypair()[0], (before.current, *before.retired))
    _write(path, after)
    return before, after


def _legacy_key(store: Store) -> bytes | None:
    with store.read() as conn:
        row = conn.execute(sa.select(settings.c.value).where(settings.c.name == _LEGACY_ROW)).first()
    return None if row is None else base64.b64decode(row.value)


def _erase_legacy_key(store: Store) -> None:
    """Delete the key row so that its bytes leave the disk too, not only the table."""
    if store.dialect == "sqlite":
        raw = store.engine.raw_connection()  # autocommit (see syncsystem.db): PRAGMAs act at once
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA secure_delete=ON")  # zero the freed page instead of leaving it
            cur.execute("DELETE FROM settings WHERE name = ?", (_LEGACY_ROW,))
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # and the WAL copy of that page
            cur.execute("PRAGMA secure_delete=OFF")
            cur.close()
        finally:
            raw.close()
        return
    with store.write() as conn:
        conn.execute(sa.delete(settings).where(settings.c.name == _LEGACY_ROW))
    with store.engine.connect() as conn:  # VACUUM FULL rewrites the table file without the dead row
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM FULL settings")
