"""The run journal: what every run delivered (run id, files, sizes, sha256) and the retry rule.

A run covers the period from the end of the last *delivered* period up to the moment it starts. Its
id is derived from the job and the period start, so a retry of a failed run is the same run (one
more attempt over the same period — `jobs.run_job` replays its end), never a second delivery of it.
Each file is journalled the moment its rename on the target succeeded; a retry skips files the
journal already holds with the same sha256 and refuses a file whose name was delivered with
different content. For sources with document identities the journal also keeps each run's
document reservation (`reserve`): a document belongs to at most one run of a job, and it counts as
delivered exactly when that run is — `finish` marks the run and moves the job's
``delivered_until`` in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from syncsystem.messages import codes as mc
from syncsystem.messages import language
from syncsystem.transfer.failure import Failure, stored, worded
from syncsystem.transfer.store import TransferStore

__all__ = ["FileRecord", "Period", "RunJournal", "RunRecord", "run_id_for"]

_STATUS_WORDS = {
    "delivered": mc.TX_CLI_STATUS_DELIVERED,
    "failed": mc.TX_CLI_STATUS_FAILED,
    "running": mc.TX_CLI_STATUS_RUNNING,
}


@dataclass(frozen=True, slots=True)
class Period:
    """The half-open interval ``(start, end]`` of closing times a run delivers."""

    start: datetime
    end: datetime

    def __contains__(self, moment: datetime) -> bool:
        return self.start < moment <= self.end


@dataclass(frozen=True, slots=True)
class FileRecord:
    name: str
    size: int
    sha256: str
    delivered_at: datetime


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    job: str
    period: Period
    slot: datetime | None
    started_at: datetime
    finished_at: datetime | None
    status: str  # running | delivered | failed
    error: str  # why it failed, in German words (all a row written before `error_detail` has)
    attempts: int
    files: tuple[FileRecord, ...]
    note: str = ""
    mail: str = ""  # the mail the run sent (failure, reminder, all-clear) or why none could be sent
    error_detail: str = ""  # why it failed as codes with values (`Failure.to_json`), or ""
    mail_detail: str = ""  # why the mail could not be sent, as codes (``mail`` then holds German words)

    def status_in(self, lang: str | None = None) -> str:
        """The run's state (``delivered``, ``failed``, ``running``) as ``lang`` says it ("übertragen"
        — the office's run history and ``transfer runs``); an unknown one as stored."""
        word = _STATUS_WORDS.get(self.status)
        return word().text(lang) if word is not None else self.status

    def error_in(self, lang: str | None = None) -> str:
        """Why the run failed, in ``lang`` (default: the language in use) — worded from the codes,
        or for a row stored before they were kept, the words as stored."""
        return worded(self.error, self.error_detail, lang)

    def mail_in(self, lang: str | None = None) -> str:
        """The mail the run sent (``failure``, ``reminder``, ``all-clear``), or why none could be
        sent in ``lang`` — from the codes, or for an older row the words as stored."""
        return worded(self.mail, self.mail_detail, lang)

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "job": self.job,
            "period_from": self.period.start.isoformat(),
            "period_to": self.period.end.isoformat(),
            "slot": self.slot.isoformat() if self.slot else None,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "status": self.status,
            "error": self.error_in(language()),
            "error_detail": json.loads(self.error_detail) if self.error_detail else None,
            "attempts": self.attempts,
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in self.files],
            "note": self.note,
            "mail": self.mail_in(language()),
        }


def run_id_for(job: str, period_start: datetime) -> str:
    """The stable id of the run delivering the period that starts at ``period_start``."""
    utc = period_start.astimezone(UTC)
    return f"{job}-{utc:%Y%m%dT%H%M%SZ}"


class RunJournal:
    def __init__(self, store: TransferStore) -> None:
        self._store = store
        self._conn: sqlite3.Connection = store.connection

    def begin(self, job: str, period: Period, slot: datetime | None, now: datetime) -> str:
        """Open (or re-open, for a retry) the run for ``period``; returns its id."""
        run_id = run_id_for(job, period.start)
        with self._store.transaction() as tx:
            row = tx.execute("SELECT status FROM runs WHERE run_id = ?", (run_id,)).fetchone()
            if row is None:
                tx.execute(
                    "INSERT INTO runs (run_id, job, slot, period_from, period_to, started_at, status) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'running')",
                    (
                        run_id,
                        job,
                        slot.isoformat() if slot else None,
                        period.start.isoformat(),
                        period.end.isoformat(),
                        now.isoformat(),
                    ),
                )
            else:
                tx.execute(
                    "UPDATE runs SET period_to = ?, slot = ?, started_at = ?, status = 'running', "
                    "error = '', error_detail = '', finished_at = NULL, attempts = attempts + 1 "
                    "WHERE run_id = ?",
                    (period.end.isoformat(), slot.isoformat() if slot else None, now.isoformat(), run_id),
                )
        return run_id

    def delivered(self, job: str) -> dict[str, str]:
        """Every file name this job ever delivered, with its sha256."""
        rows = self._conn.execute(
            "SELECT f.name, f.sha256 FROM run_files f JOIN runs r USING (run_id) WHERE r.job = ?", (job,)
        )
        return {r["name"]: r["sha256"] for r in rows}

    def record_file(self, run_id: str, name: str, size: int, sha256: str, at: datetime) -> None:
        with self._store.transaction() as tx:
            tx.execute(
                "INSERT OR IGNORE INTO run_files VALUES (?, ?, ?, ?, ?)",
                (run_id, name, size, sha256, at.isoformat()),
            )

    def finish(self, run_id: str, failure: Failure | None, at: datetime, note: str = "") -> None:
        """Close the attempt: failed with ``failure`` (kept as codes and in German words), or without
        one delivered — then the run, its documents and the job's period count as delivered."""
        ok = failure is None
        words, detail = stored(failure)
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE runs SET status = ?, error = ?, error_detail = ?, finished_at = ?, note = ? "
                "WHERE run_id = ?",
                ("delivered" if ok else "failed", words, detail, at.isoformat(), note, run_id),
            )
            if ok:  # same transaction: a crash can't leave a delivered run with its period still open
                tx.execute(
                    "UPDATE job_state SET delivered_until = "
                    "(SELECT period_to FROM runs WHERE run_id = ?) "
                    "WHERE name = (SELECT job FROM runs WHERE run_id = ?)",
                    (run_id, run_id),
                )

    def record_mail(self, run_id: str, mail: str, not_sent: Failure | None = None) -> None:
        """Note which mail the run sent (``failure``, …), or why it could not be sent (``not_sent``,
        kept as codes and in German words)."""
        words, detail = stored(not_sent)
        with self._store.transaction() as tx:
            tx.execute(
                "UPDATE runs SET mail = ?, mail_detail = ? WHERE run_id = ?", (mail or words, detail, run_id)
            )

    # document reservations (sources with document identities) ----------------------------------
    def tracking_since(self, job: str, default: datetime) -> datetime:
        """Where the job's document tracking starts (fixed the first time it is asked).

        A job that delivered whole days before documents were tracked starts at its last
        ``delivered_until``: what lies before went out untracked and must not go out again.
        """
        with self._store.transaction() as tx:
            tx.execute("INSERT OR IGNORE INTO document_tracking VALUES (?, ?)", (job, default.isoformat()))
            row = tx.execute("SELECT since FROM document_tracking WHERE job = ?", (job,)).fetchone()
        return datetime.fromisoformat(row["since"])

    def reserve(self, run_id: str, job: str, candidates: Iterable[tuple[str, date]]) -> frozenset[str]:
        """The documents of ``run_id``: its earlier reservation on a retry, else every candidate
        no other run of ``job`` holds (reserved in one transaction, before anything is sent)."""
        with self._store.transaction() as tx:
            held = self._reserved(tx, run_id)
            if held:
                return held
            tx.executemany(
                "INSERT OR IGNORE INTO run_documents (job, doc_key, run_id, day) VALUES (?, ?, ?, ?)",
                ((job, key, run_id, day.isoformat()) for key, day in candidates),
            )
            return self._reserved(tx, run_id)

    def release(self, run_id: str, keys: Collection[str]) -> None:
        """Drop documents the source no longer has from the (unfinished) run's reservation."""
        with self._store.transaction() as tx:
            tx.executemany(
                "DELETE FROM run_documents WHERE run_id = ? AND doc_key = ?", ((run_id, k) for k in keys)
            )

    def days_delivered(self, job: str, run_id: str) -> dict[date, int]:
        """Per document date: how many delivered runs of ``job`` other than ``run_id`` carried one."""
        rows = self._conn.execute(
            "SELECT d.day, COUNT(DISTINCT d.run_id) AS n FROM run_documents d JOIN runs r USING (run_id) "
            "WHERE d.job = ? AND d.run_id != ? AND r.status = 'delivered' GROUP BY d.day",
            (job, run_id),
        )
        return {date.fromisoformat(r["day"]): int(r["n"]) for r in rows}

    def documents(self, run_id: str) -> frozenset[str]:
        """The document keys ``run_id`` reserved (delivered, once the run is)."""
        return self._reserved(self._conn, run_id)

    @staticmethod
    def _reserved(conn: sqlite3.Connection, run_id: str) -> frozenset[str]:
        rows = conn.execute("SELECT doc_key FROM run_documents WHERE run_id = ?", (run_id,))
        return frozenset(r["doc_key"] for r in rows)

    def runs(self, job: str, limit: int = 50) -> list[RunRecord]:
        rows = self._conn.execute(
            "SELECT * FROM runs WHERE job = ? ORDER BY period_from DESC LIMIT ?", (job, limit)
        ).fetchall()
        return [self._record(r) for r in rows]

    def get(self, run_id: str) -> RunRecord | None:
        row = self._conn.execute("SELECT * FROM runs WHERE run_id = ?", (run_id,)).fetchone()
        return self._record(row) if row else None

    def _record(self, row: sqlite3.Row) -> RunRecord:
        files = tuple(
            FileRecord(f["name"], f["size"], f["sha256"], datetime.fromisoformat(f["delivered_at"]))
            for f in self._conn.execute(
                "SELECT * FROM run_files WHERE run_id = ? ORDER BY name", (row["run_id"],)
            )
        )
        return RunRecord(
            row["run_id"],
            row["job"],
            Period(datetime.fromisoformat(row["period_from"]), datetime.fromisoformat(row["period_to"])),
            datetime.fromisoformat(row["slot"]) if row["slot"] else None,
            datetime.fromisoformat(row["started_at"]),
            datetime.fromisoformat(row["finished_at"]) if row["finished_at"] else None,
            row["status"],
            row["error"],
            row["attempts"],
            files,
            row["note"],
            row["mail"],
            row["error_detail"],
            row["mail_detail"],
        )
