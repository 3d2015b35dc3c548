"""The durable outbox: jobs, sealed bundles and acknowledged cursors in one SQLite file.

Delivery guarantees rest here. A job (a sync request or a nightly run) is written before any work
starts, under a bundle id fixed at that moment; its sealed bundle is written in the same
transaction that marks the job sealed; the bundle stays until the datacenter acknowledges it, and
only that acknowledgement moves the cursors. A bundle the datacenter refuses for good is *set aside*
(state ``refused``, with the reason in words and, where the datacenter gave them, as codes): it
no longer holds back later bundles, its range is exported
again by the next job (refused bundles do not count for `Outbox.chain_cursors`; pending bundles
sealed on top of it are dropped and their jobs reopened, `Outbox.reopen`), and it stays listed
(`Outbox.set_aside`) with whether the datacenter was told (`Outbox.mark_reported`). SQLite runs in
WAL mode with ``synchronous=FULL``, so every commit is on disk before the call returns: a process
killed at any instant finds either the state before or the state after a step, never half of one.
Re-uploading a pending bundle sends the same id and bytes, which the datacenter recognises as a
duplicate — nothing is lost, nothing doubled.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import store_reason
from syncsystem.sqlite_tx import immediate

__all__ = ["RUNS_KEPT", "Job", "Outbox", "PendingBundle", "SetAside"]

RUNS_KEPT = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    request_id TEXT,
    mandanten TEXT NOT NULL,
    mode TEXT NOT NULL,
    request_cursors TEXT NOT NULL,
    bundle_id TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'new',
    error TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    picked_up INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bundles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    bundle_id TEXT NOT NULL UNIQUE,
    job_id TEXT NOT NULL,
    request_id TEXT,
    data BLOB,
    cursor_from TEXT NOT NULL,
    cursor_to TEXT NOT NULL,
    raw_bytes INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    acked_at TEXT
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cursors (
    mandant TEXT PRIMARY KEY,
    cursor INTEGER NOT NULL,
    acked_at TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class Job:
    """Work taken on: export ``mandanten`` and deliver them as bundle ``bundle_id``."""

    job_id: str
    kind: str
    request_id: str | None
    mandanten: tuple[str, ...]
    mode: str
    request_cursors: Mapping[str, int | None]
    bundle_id: str
    state: str
    created_at: str


@dataclass(frozen=True, slots=True)
class SetAside:
    """A bundle the datacenter refused for good: kept with its reason, reported once. ``detail`` is
    the reason as codes where it was known (none for bundles set aside before they were kept)."""

    bundle_id: str
    job_id: str
    request_id: str | None
    mandanten: tuple[str, ...]
    reason: str
    created_at: str
    reported: bool
    detail: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class PendingBundle:
    """A sealed bundle waiting for its acknowledgement."""

    bundle_id: str
    job_id: str
    request_id: str | None
    data: bytes
    cursor_to: Mapping[str, int]
    attempts: int

    @property
    def mandanten(self) -> frozenset[str]:
        """The Mandanten whose cursors this bundle moves: later bundles of theirs must wait for it."""
        return frozenset(self.cursor_to)


def _codes(stored: str | None) -> dict[str, Any] | None:
    said = None if stored is None else json.loads(stored)
    return said if isinstance(said, dict) else None


class Outbox:
    """The SQLite outbox of one agent profile. Use as a context manager or call `close()`."""

    def __init__(self, path: Path, *, durable: bool = True) -> None:
        """``durable=False`` (simulations only) keeps WAL's crash safety against a killed process
        but skips the fsync per commit that protects against power loss."""
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
            self._db.executescript(_SCHEMA)
            columns = {r[1] for r in self._db.execute("PRAGMA table_info(bundles)")}
            if "reported" not in columns:  # outboxes written before bundles were set aside
                self._db.execute("ALTER TABLE bundles ADD COLUMN reported INTEGER NOT NULL DEFAULT 0")
            if "server_errors" not in columns:
                self._db.execute("ALTER TABLE bundles ADD COLUMN server_errors INTEGER NOT NULL DEFAULT 0")
            if "refusal_detail" not in columns:  # outboxes written before refusals were kept as codes
                self._db.execute("ALTER TABLE bundles ADD COLUMN refusal_detail TEXT")
        except sqlite3.Error as exc:
            raise StoreError(mc.AG_OUTBOX_OPEN(path=str(path), reason=store_reason(exc))) from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self._db, label=str(self.path))

    # --- jobs -------------------------------------------------------------------------------
    def add_job(
        self,
        *,
        job_id: str,
        kind: str,
        request_id: str | None,
        mandanten: Sequence[str],
        mode: str,
        request_cursors: Mapping[str, int | None],
        bundle_id: str,
        created_at: datetime,
    ) -> bool:
        """Record a job once; False if ``job_id`` was already recorded (then nothing changes)."""
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO jobs (job_id, kind, request_id, mandanten, mode, request_cursors,"
                " bundle_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job_id,
                    kind,
                    request_id,
                    json.dumps(list(mandanten)),
                    mode,
                    json.dumps(dict(request_cursors)),
                    bundle_id,
                    created_at.isoformat(),
                ),
            )
            return cur.rowcount == 1

    def open_jobs(self) -> list[Job]:
        """Jobs recorded but not yet sealed (an export was interrupted or not started), oldest first."""
        rows = self._db.execute(
            "SELECT job_id, kind, request_id, mandanten, mode, request_cursors, bundle_id, state,"
            " created_at FROM jobs WHERE state = 'new' ORDER BY seq"
        ).fetchall()
        return [
            Job(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4], json.loads(r[5]), r[6], r[7], r[8])
            for r in rows
        ]

    def needs_pickup(self, job_id: str) -> bool:
        row = self._db.execute("SELECT picked_up FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        return row is not None and row[0] == 0

    def mark_picked_up(self, job_id: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE jobs SET picked_up = 1 WHERE job_id = ?", (job_id,))

    def count_attempt(self, job_id: str, error: str) -> int:
        """Count a failed export attempt of a job; returns the attempts so far."""
        with self._tx() as db:
            db.execute("UPDATE jobs SET attempts = attempts + 1, error = ? WHERE job_id = ?", (error, job_id))
            row = db.execute("SELECT attempts FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        return int(row[0]) if row else 0

    def fail_job(self, job_id: str, reason: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE jobs SET state = 'failed', error = ? WHERE job_id = ?", (reason, job_id))

    def job_states(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT job_id, state FROM jobs ORDER BY seq").fetchall())

    # --- bundles ----------------------------------------------------------------------------
    def seal_job(
        self,
        job: Job,
        data: bytes,
        *,
        cursor_from: Mapping[str, int | None],
        cursor_to: Mapping[str, int],
        raw_bytes: int,
        created_at: datetime,
    ) -> None:
        """Store the sealed bundle of ``job`` and mark the job sealed — one transaction."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO bundles (bundle_id, job_id, request_id, data, cursor_from, cursor_to,"
                " raw_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    job.bundle_id,
                    job.job_id,
                    job.request_id,
                    data,
                    json.dumps(dict(cursor_from)),
                    json.dumps(dict(cursor_to)),
                    raw_bytes,
                    created_at.isoformat(),
                ),
            )
            db.execute("UPDATE jobs SET state = 'sealed' WHERE job_id = ?", (job.job_id,))

    def pending(self) -> list[PendingBundle]:
        """Bundles awaiting acknowledgement, in the order they were sealed."""
        rows = self._db.execute(
            "SELECT bundle_id, job_id, request_id, data, cursor_to, attempts FROM bundles"
            " WHERE state = 'pending' ORDER BY seq"
        ).fetchall()
        return [PendingBundle(r[0], r[1], r[2], bytes(r[3]), json.loads(r[4]), r[5]) for r in rows]

    def record_attempt(self, bundle_id: str, error: str | None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE bundles SET attempts = attempts + 1, last_error = ? WHERE bundle_id = ?",
                (error, bundle_id),
            )

    def record_server_error(self, bundle_id: str, error: str) -> int:
        """Count an HTTP 500 for this bundle (an attempt too); returns the 500s so far."""
        with self._tx() as db:
            db.execute(
                "UPDATE bundles SET attempts = attempts + 1, server_errors = server_errors + 1,"
                " last_error = ? WHERE bundle_id = ?",
                (error, bundle_id),
            )
            row = db.execute("SELECT server_errors FROM bundles WHERE bundle_id = ?", (bundle_id,)).fetchone()
        return int(row[0]) if row else 0

    def acknowledge(self, bundle_id: str, cursors: Mapping[str, int], at: datetime) -> None:
        """The datacenter has the bundle: drop its bytes, move the cursors, close the job."""
        with self._tx() as db:
            row = db.execute(
                "SELECT job_id, cursor_to FROM bundles WHERE bundle_id = ?", (bundle_id,)
            ).fetchone()
            if row is None:
                raise StoreError(mc.AG_OUTBOX_UNKNOWN_ACK(path=str(self.path), bundle=bundle_id))
            moved = {**json.loads(row[1]), **cursors}
            db.execute(
                "UPDATE bundles SET state = 'acked', data = NULL, acked_at = ?,"
                " attempts = attempts + 1, last_error = NULL WHERE bundle_id = ?",
                (at.isoformat(), bundle_id),
            )
            for mandant, cursor in moved.items():
                db.execute(
                    "INSERT INTO cursors (mandant, cursor, acked_at) VALUES (?, ?, ?)"
                    " ON CONFLICT(mandant) DO UPDATE SET cursor = MAX(cursor, excluded.cursor),"
                    " acked_at = excluded.acked_at",
                    (mandant, int(cursor), at.isoformat()),
                )
            db.execute("UPDATE jobs SET state = 'done' WHERE job_id = ?", (row[0],))

    def refuse(self, bundle_id: str, reason: str, detail: Mapping[str, Any] | None = None) -> None:
        """The datacenter refused the bundle for good: keep it for inspection with the reason (in
        words, and as codes where known), fail its job."""
        codes = None if detail is None else json.dumps(dict(detail), ensure_ascii=False)
        with self._tx() as db:
            db.execute(
                "UPDATE bundles SET state = 'refused', last_error = ?, refusal_detail = ?,"
                " attempts = attempts + 1 WHERE bundle_id = ?",
                (reason, codes, bundle_id),
            )
            db.execute("UPDATE jobs SET state = 'failed', error = ? WHERE bundle_id = ?", (reason, bundle_id))

    def reopen(self, bundle_id: str) -> bool:
        """A pending bundle chained on one the datacenter refused can never be accepted (its range
        would start beyond the acknowledged cursor): drop it and put its job back to ``new``, so the
        job is exported again from the acknowledged cursor. False if it was no longer pending."""
        with self._tx() as db:
            row = db.execute(
                "SELECT job_id FROM bundles WHERE bundle_id = ? AND state = 'pending'", (bundle_id,)
            ).fetchone()
            if row is None:
                return False
            db.execute("DELETE FROM bundles WHERE bundle_id = ?", (bundle_id,))
            db.execute("UPDATE jobs SET state = 'new' WHERE job_id = ?", (row[0],))
        return True

    def set_aside(self) -> list[SetAside]:
        """Bundles the datacenter refused for good, oldest first, with their reasons."""
        rows = self._db.execute(
            "SELECT bundle_id, job_id, request_id, cursor_to, last_error, created_at, reported,"
            " refusal_detail FROM bundles WHERE state = 'refused' ORDER BY seq"
        ).fetchall()
        return [
            SetAside(r[0], r[1], r[2], tuple(json.loads(r[3])), r[4] or "", r[5], bool(r[6]), _codes(r[7]))
            for r in rows
        ]

    def mark_reported(self, bundle_id: str) -> None:
        """The datacenter knows that ``bundle_id`` was set aside."""
        with self._tx() as db:
            db.execute("UPDATE bundles SET reported = 1 WHERE bundle_id = ?", (bundle_id,))

    def bundle_states(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT bundle_id, state FROM bundles ORDER BY seq").fetchall())

    # --- runs: the summary of each job, for the office's agent page ---------------------------
    def record_run(self, summary: Mapping[str, object], at: datetime) -> None:
        """Keep one job's summary (the ``sync_run`` event's fields); the newest `RUNS_KEPT` stay."""
        with self._tx() as db:
            db.execute(
                "INSERT INTO runs (at, summary) VALUES (?, ?)",
                (at.isoformat(), json.dumps(dict(summary), default=str)),
            )
            db.execute("DELETE FROM runs WHERE seq <= (SELECT MAX(seq) FROM runs) - ?", (RUNS_KEPT,))

    def recent_runs(self, limit: int = 20) -> list[dict[str, object]]:
        """The newest job summaries first, each with ``at`` and its bundle's state and ack time."""
        rows = self._db.execute(
            "SELECT r.at, r.summary, b.state, b.acked_at FROM runs r LEFT JOIN bundles b"
            " ON b.bundle_id = json_extract(r.summary, '$.bundle_id') ORDER BY r.seq DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            {**json.loads(r[1]), "at": r[0], "bundle_state": r[2] or "", "acked_at": r[3] or ""} for r in rows
        ]

    def bundle_rows(self) -> list[dict[str, object]]:
        """Every bundle still held or set aside (not the acknowledged ones), oldest first."""
        rows = self._db.execute(
            "SELECT bundle_id, state, attempts, last_error, created_at, raw_bytes, length(data), cursor_to"
            " FROM bundles WHERE state != 'acked' ORDER BY seq"
        ).fetchall()
        return [
            {
                "bundle_id": r[0],
                "state": r[1],
                "attempts": r[2],
                "last_error": r[3] or "",
                "created_at": r[4],
                "raw_bytes": r[5],
                "sealed_bytes": r[6] or 0,
                "mandanten": sorted(json.loads(r[7])),
            }
            for r in rows
        ]

    # --- meta: planner state and the last problems, for the doctor ---------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                " SET value = excluded.value",
                (key, value),
            )

    # --- cursors ----------------------------------------------------------------------------
    def acked_cursors(self) -> dict[str, int]:
        """Cursors the datacenter has acknowledged, per Mandant."""
        return dict(self._db.execute("SELECT mandant, cursor FROM cursors").fetchall())

    def chain_cursors(self) -> dict[str, int]:
        """Where the next incremental export of each Mandant starts: after the newest bundle already
        in the outbox, so bundles chain without overlap even while the datacenter is unreachable.
        Acknowledged bundles are in ``cursors`` already (`acknowledge` merges their ``cursor_to``),
        so only pending ones are read — a few rows, not the whole history; refused ones do not count."""
        best = self.acked_cursors()
        for (raw,) in self._db.execute("SELECT cursor_to FROM bundles WHERE state = 'pending'"):
            for mandant, value in json.loads(raw).items():
                if value is not None and (mandant not in best or value > best[mandant]):
                    best[mandant] = int(value)
        return best
