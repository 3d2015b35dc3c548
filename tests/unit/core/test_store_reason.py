"""A SQLite file that cannot be used is said in the reader's words (`oserrors.store_reason`), not in
SQLite's English ("file is not a database"): each case is a real failure of a real file, and the
expected words are written by hand. The agent's outbox, the transfer state and the office's users
say it so when they cannot open their file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from syncsystem.errors import StoreError
from syncsystem.office.accounts import Accounts
from syncsystem.oserrors import store_reason
from syncsystem.transfer.store import TransferStore

GARBAGE = b"kein SQLite" * 200


def _not_a_database(tmp_path: Path) -> None:
    (tmp_path / "x.sqlite").write_bytes(GARBAGE)
    with closing(sqlite3.connect(tmp_path / "x.sqlite")) as db:
        db.execute("PRAGMA journal_mode=WAL")


def _damaged(tmp_path: Path) -> None:
    """A database whose table's page was overwritten: the header is fine, the data is not."""
    path = tmp_path / "x.sqlite"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE t (x TEXT)")
        db.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 50)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 2] = b"\xff" * 4096  # the second page: the table's root
    path.write_bytes(bytes(data))
    with closing(sqlite3.connect(path)) as db:
        db.execute("SELECT count(*) FROM t").fetchall()


def _locked(tmp_path: Path) -> None:
    with closing(sqlite3.connect(tmp_path / "x.sqlite", isolation_level=None)) as holder:
        holder.execute("BEGIN IMMEDIATE")
        with closing(sqlite3.connect(tmp_path / "x.sqlite", timeout=0, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")


def _read_only(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "x.sqlite").close()
    with closing(sqlite3.connect(f"file:{tmp_path / 'x.sqlite'}?mode=ro", uri=True)) as db:
        db.execute("CREATE TABLE t (x)")


def _a_folder(tmp_path: Path) -> None:
    (tmp_path / "x.sqlite").mkdir()
    with closing(sqlite3.connect(tmp_path / "x.sqlite")) as db:
        db.execute("PRAGMA journal_mode=WAL")


@pytest.mark.parametrize(
    ("fail", "german", "english"),
    [
        (
            _not_a_database,
            "keine SQLite-Datenbank (die Datei ist beschädigt oder eine andere Datei)",
            "not an SQLite database (the file is damaged or another file)",
        ),
        (_damaged, "die Datenbank ist beschädigt", "the database is damaged"),
        (
            _locked,
            "die Datenbank ist gesperrt (ein anderes Programm schreibt gerade)",
            "the database is locked (another program is writing to it)",
        ),
        (_read_only, "nur lesbar (schreibgeschützt)", "read-only"),
        (_a_folder, "die Datenbankdatei lässt sich nicht öffnen", "the database file cannot be opened"),
    ],
    ids=["not-a-database", "damaged", "locked", "read-only", "folder"],
)
def test_sqlites_failures_are_said_in_both_languages(
    tmp_path: Path, fail: Callable[[Path], None], german: str, english: str
) -> None:
    with pytest.raises(sqlite3.Error) as caught:
        fail(tmp_path)
    reason = store_reason(caught.value)
    assert (reason.text("de"), reason.text("en")) == (german, english)


def test_an_os_error_is_said_as_the_os_reason_and_another_sqlite_error_as_sqlite_says_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(OSError) as missing:
        (tmp_path / "nirgends" / "x").read_bytes()
    assert store_reason(missing.value).text("de") == "nicht gefunden"
    with pytest.raises(sqlite3.Error) as syntax, closing(sqlite3.connect(":memory:")) as db:
        db.execute("SELEKT 1")
    assert store_reason(syntax.value).text("de") == 'near "SELEKT": syntax error'


def test_the_transfer_state_and_the_office_users_say_why_their_file_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "transfer.sqlite").write_bytes(GARBAGE)
    (tmp_path / "office.sqlite").write_bytes(GARBAGE)
    with pytest.raises(StoreError) as transfer:
        TransferStore.open(tmp_path)
    with pytest.raises(StoreError) as users:
        Accounts.open(tmp_path)
    why = "keine SQLite-Datenbank (die Datei ist beschädigt oder eine andere Datei)"
    assert transfer.value.message is not None and users.value.message is not None
    assert (
        transfer.value.message.text("de")
        == f"{tmp_path}/transfer.sqlite: Zustandsdatenbank nicht nutzbar: {why}"
    )
    assert (
        users.value.message.text("de") == f"{tmp_path}/office.sqlite: Benutzerdatenbank nicht nutzbar: {why}"
    )
    assert users.value.message.text("en") == (
        f"{tmp_path}/office.sqlite: user database not usable: "
        "not an SQLite database (the file is damaged or another file)"
    )
