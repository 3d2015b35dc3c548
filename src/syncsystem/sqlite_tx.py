"""One write transaction on a plain ``sqlite3`` connection: ``BEGIN IMMEDIATE`` … ``COMMIT``.

The agent's outbox, the transfer state and the BMD emulator's books keep their data in SQLite
through the standard library (the agent host has no SQLAlchemy); they all write the same way. The
connection is opened with ``isolation_level=None`` (no implicit transactions of pysqlite), and
:func:`immediate` takes SQLite's write lock up front — so two writers queue on the busy timeout
instead of failing on a lock upgrade half-way through — commits when the block ends and rolls back
when it raises (anything: an exception, ``KeyboardInterrupt``, a generator closed early). With
``label``, every ``sqlite3.Error`` (of the transaction or of the block) becomes a
:class:`~syncsystem.errors.StoreError` saying ``"label: reason"``. The SQLAlchemy stores (datacenter,
clearing) begin the same way through :mod:`syncsystem.db`. This module imports the standard
library and :mod:`syncsystem.errors` only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from syncsystem.errors import StoreError

__all__ = ["immediate"]


@contextmanager
def immediate(conn: sqlite3.Connection, *, label: str | None = None) -> Iterator[sqlite3.Connection]:
    """A write transaction on ``conn`` (opened with ``isolation_level=None``); yields ``conn``."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:  # SQLite may have rolled back itself (e.g. disk full)
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if label is None:
            raise
        raise StoreError(f"{label}: {exc}") from exc
