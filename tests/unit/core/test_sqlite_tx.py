"""`syncsystem.sqlite_tx.immediate`: the one write transaction of the stdlib-SQLite stores.

The outbox, the transfer state and the BMD emulator's books write through it; these tests pin what
they rely on: all or nothing, the write lock taken at BEGIN (a second writer waits, then fails
with its busy timeout, before it has written anything), and errors named by the store's label.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from syncsystem.errors import StoreError
from syncsystem.sqlite_tx import immediate

SRC = Path(__file__).resolve().parents[3] / "src" / "syncsystem" / "sqlite_tx.py"


def _open(path: Path, timeout: float = 5) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def _rows(path: Path) -> list[int]:
    with sqlite3.connect(path) as conn:
        return [n for (n,) in conn.execute("SELECT n FROM t ORDER BY n")]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.sqlite"
    conn = _open(path)
    conn.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    conn.close()
    return path


def test_a_block_that_ends_commits_everything(db: Path) -> None:
    """Both rows of the block are there for another connection once the block has ended."""
    conn = _open(db)
    with immediate(conn) as tx:
        tx.execute("INSERT INTO t VALUES (1)")
        tx.execute("INSERT INTO t VALUES (2)")
        assert _rows(db) == []  # not visible before COMMIT
    assert _rows(db) == [1, 2]
    assert not conn.in_transaction


def test_a_block_that_raises_leaves_nothing_behind(db: Path) -> None:
    """An exception (also KeyboardInterrupt) half-way rolls back the rows written before it."""
    conn = _open(db)
    for error in (ValueError("half-way"), KeyboardInterrupt()):
        with pytest.raises(type(error)), immediate(conn) as tx:
            tx.execute("INSERT INTO t VALUES (1)")
            raise error
        assert _rows(db) == []
        assert not conn.in_transaction


def test_the_write_lock_is_taken_at_begin(db: Path) -> None:
    """While one transaction is open, a second writer cannot even begin (busy), so it cannot have
    read a state the first one is about to change."""
    first, second = _open(db), _open(db, timeout=0.05)
    with immediate(first), pytest.raises(sqlite3.OperationalError, match="locked"), immediate(second):
        pass
    with immediate(second) as tx:  # and once the first has committed, the second writes
        tx.execute("INSERT INTO t VALUES (3)")
    assert _rows(db) == [3]


def test_with_a_label_sqlite_errors_become_store_errors_naming_it(db: Path) -> None:
    """A constraint error in the block becomes StoreError("label: …"), and its rows are undone."""
    conn = _open(db)
    with (
        pytest.raises(StoreError, match=r"^outbox\.sqlite: UNIQUE constraint failed"),
        immediate(conn, label="outbox.sqlite") as tx,
    ):
        tx.execute("INSERT INTO t VALUES (7)")
        tx.execute("INSERT INTO t VALUES (7)")
    assert _rows(db) == []
    with pytest.raises(sqlite3.IntegrityError), immediate(conn) as tx:  # without a label: as is
        tx.execute("INSERT INTO t VALUES (7)")
        tx.execute("INSERT INTO t VALUES (7)")


def test_the_helper_imports_no_third_party_package() -> None:
    """The agent host has no SQLAlchemy: the module may import the standard library and syncsystem."""
    tree = ast.parse(SRC.read_text(encoding="utf-8"))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert imported <= {"__future__", "sqlite3", "collections", "contextlib", "syncsystem"}
