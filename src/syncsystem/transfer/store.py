"""The transfer state database: jobs, their schedule state, the run journal and the admin hash.

One small SQLite file (``transfer.sqlite``) in the state directory (``--state DIR`` or
``SYNCSYSTEM_TRANSFER_STATE``). Jobs are stored as the JSON mapping `config.to_mapping` produces,
secrets sealed; ``run_documents`` holds which source documents each run reserved (one row per job
and document, so no document can belong to two runs — see `syncsystem.transfer.tracking`).
Every write is one transaction, so a crash leaves either the old or the new state. Instants are
stored as ISO-8601 with offset.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import store_reason
from syncsystem.sqlite_tx import immediate

__all__ = ["JobState", "TransferStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    name TEXT PRIMARY KEY, config TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS job_state (
    name TEXT PRIMARY KEY REFERENCES jobs(name) ON DELETE CASCADE,
    last_slot TEXT, delivered_until TEXT, failures INTEGER NOT NULL DEFAULT 0,
    alerted INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, job TEXT NOT NULL, slot TEXT, period_from TEXT NOT NULL,
    period_to TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS run_files (
    run_id TEXT NOT NULL REFERENCES runs(run_id), name TEXT NOT NULL, size INTEGER NOT NULL,
    sha256 TEXT NOT NULL, delivered_at TEXT NOT NULL, PRIMARY KEY (run_id, name)
);
CREATE TABLE IF NOT EXISTS run_documents (
    job TEXT NOT NULL, doc_key TEXT NOT NULL, run_id TEXT NOT NULL REFERENCES runs(run_id),
    day TEXT NOT NULL, PRIMARY KEY (job, doc_key)
);
CREATE INDEX IF NOT EXISTS run_documents_run ON run_documents (run_id);
CREATE TABLE IF NOT EXISTS document_tracking (job TEXT PRIMARY KEY, since TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS admin (id INTEGER PRIMARY KEY CHECK (id = 1), hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS options (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# columns added after the first release: (table, column, definition) — added to older files on open
_ADDED_COLUMNS = (
    ("runs", "note", "TEXT NOT NULL DEFAULT ''"),
    ("runs", "mail", "TEXT NOT NULL DEFAULT ''"),  # which mail the run sent (fehlgeschlagen, …)
    ("jobs", "enabled", "INTEGER NOT NULL DEFAULT 1"),  # a disabled job is kept but never runs
    # why a run failed as codes with values (transfer.failure); '' on rows written before: their
    # ``error`` words are shown as stored
    ("runs", "error_detail", "TEXT NOT NULL DEFAULT ''"),
    ("runs", "mail_detail", "TEXT NOT NULL DEFAULT ''"),  # why the mail was not sent, as codes
)


@dataclass(frozen=True, slots=True)
class JobState:
    """What the scheduler remembers of a job between runs and restarts."""

    last_slot: datetime | None = None
    delivered_until: datetime | None = None
    failures: int = 0  # length of the current failure streak
    alerted: bool = False  # a failure mail went out for the current streak


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class TransferStore:
    """Access to ``transfer.sqlite``; open with `TransferStore.open(state_dir)`."""

    def __init__(self, conn: sqlite3.Connection, state_dir: Path) -> None:
        self._conn = conn
        self.state_dir = state_dir

    @classmethod
    def open(cls, state_dir: Path) -> TransferStore:
        try:
            state_dir.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(state_dir / "transfer.sqlite", isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            for table, column, definition in _ADDED_COLUMNS:
                present = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
                if column not in present:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
        except (OSError, sqlite3.Error) as exc:
            unusable = mc.TX_STORE_UNUSABLE(path=f"{state_dir}/transfer.sqlite", reason=store_reason(exc))
            raise StoreError(unusable) from exc
        return cls(conn, state_dir)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> TransferStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self._conn, label="transfer.sqlite")

    # jobs ------------------------------------------------------------------------------------
    def add_job(
        self, name: str, config: dict[str, Any], created_at: datetime, replace: bool, *, enabled: bool = True
    ) -> None:
        with self.transaction() as tx:
            exists = tx.execute("SELECT 1 FROM jobs WHERE name = ?", (name,)).fetchone()
            if exists and not replace:
                raise StoreError(mc.TX_STORE_JOB_EXISTS(job=name))
            if exists:
                tx.execute("UPDATE jobs SET config = ? WHERE name = ?", (json.dumps(config), name))
            else:
                tx.execute(
                    "INSERT INTO jobs (name, config, created_at, enabled) VALUES (?, ?, ?, ?)",
                    (name, json.dumps(config), created_at.isoformat(), int(enabled)),
                )
                tx.execute("INSERT INTO job_state (name) VALUES (?)", (name,))

    def job_config(self, name: str) -> tuple[dict[str, Any], datetime]:
        row = self._conn.execute("SELECT config, created_at FROM jobs WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise StoreError(mc.TX_STORE_JOB_UNKNOWN(job=name))
        return json.loads(row["config"]), datetime.fromisoformat(row["created_at"])

    def job_names(self) -> list[str]:
        return [r["name"] for r in self._conn.execute("SELECT name FROM jobs ORDER BY name")]

    def is_enabled(self, name: str) -> bool:
        row = self._conn.execute("SELECT enabled FROM jobs WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise StoreError(mc.TX_STORE_JOB_UNKNOWN(job=name))
        return bool(row["enabled"])

    def set_enabled(self, name: str, enabled: bool) -> None:
        with self.transaction() as tx:
            if tx.execute("UPDATE jobs SET enabled = ? WHERE name = ?", (int(enabled), name)).rowcount == 0:
                raise StoreError(mc.TX_STORE_JOB_UNKNOWN(job=name))

    def delete_job(self, name: str) -> None:
        """Delete ``name`` with its schedule state and run journal (one transaction)."""
        with self.transaction() as tx:
            if tx.execute("SELECT 1 FROM jobs WHERE name = ?", (name,)).fetchone() is None:
                raise StoreError(mc.TX_STORE_JOB_UNKNOWN(job=name))
            runs = "SELECT run_id FROM runs WHERE job = ?"
            tx.execute(f"DELETE FROM run_files WHERE run_id IN ({runs})", (name,))
            tx.execute(f"DELETE FROM run_documents WHERE run_id IN ({runs}) OR job = ?", (name, name))
            tx.execute("DELETE FROM runs WHERE job = ?", (name,))
            tx.execute("DELETE FROM document_tracking WHERE job = ?", (name,))
            tx.execute("DELETE FROM job_state WHERE name = ?", (name,))
            tx.execute("DELETE FROM jobs WHERE name = ?", (name,))

    # office options (SMTP server, reveal policy) ------------------------------------------------
    def option(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM options WHERE key = ?", (key,)).fetchone()
        return str(row["value"]) if row else None

    def set_option(self, key: str, value: str | None) -> None:
        with self.transaction() as tx:
            if value is None:
                tx.execute("DELETE FROM options WHERE key = ?", (key,))
            else:
                tx.execute("INSERT OR REPLACE INTO options (key, value) VALUES (?, ?)", (key, value))

    # schedule state --------------------------------------------------------------------------
    def state(self, name: str) -> JobState:
        row = self._conn.execute("SELECT * FROM job_state WHERE name = ?", (name,)).fetchone()
        if row is None:
            return JobState()
        return JobState(
            _dt(row["last_slot"]), _dt(row["delivered_until"]), row["failures"], bool(row["alerted"])
        )

    def save_state(self, name: str, state: JobState) -> None:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE job_state SET last_slot = ?, delivered_until = ?, failures = ?, alerted = ? "
                "WHERE name = ?",
                (
                    state.last_slot.isoformat() if state.last_slot else None,
                    state.delivered_until.isoformat() if state.delivered_until else None,
                    state.failures,
                    int(state.alerted),
                    name,
                ),
            )

    # admin hash (secrets.HashStore) --------------------------------------------------------------
    def get_admin_hash(self) -> str | None:
        row = self._conn.execute("SELECT hash FROM admin WHERE id = 1").fetchone()
        return str(row["hash"]) if row else None

    def set_admin_hash(self, value: str) -> None:
        with self.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO admin (id, hash) VALUES (1, ?)", (value,))

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for the run journal (`syncsystem.transfer.runs`)."""
        return self._conn
