"""A bundle the datacenter refused for good is set aside with the refusal as codes beside the words:
the outbox keeps them (an outbox written before gains the column and keeps its bundles), and the
set-aside report carries them to the datacenter, which words them in German.

Expected texts written out by hand: the English set-aside words as `agent.delivery` always wrote
them (``the datacenter failed {n} times on this bundle: …``), the German from de.po.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from syncsystem import messages
from syncsystem.agent.delivery import flush
from syncsystem.agent.outbox import Job, Outbox
from syncsystem.errors import RemoteError
from syncsystem.messages import codes as mc
from syncsystem.messages import from_json
from syncsystem.protocol.messages import UploadAck

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
# The datacenter's refusal as its error body carries it (`app._worded`): code, values, problems.
REFUSAL = {
    "code": "ingest.invalid_data",
    "values": {},
    "problems": [
        {
            "file": "M100/buchungen.csv",
            "line": 2,
            "field": "betrag",
            "code": "bmd.cell.not_number",
            "values": {"cell": "12x,00"},
        }
    ],
    "more": 0,
}


class Refusing:
    """A datacenter that answers every upload with ``errors`` in turn; records each set-aside report."""

    def __init__(self, *errors: RemoteError) -> None:
        self.errors = list(errors)
        self.reports: list[tuple[str, str, tuple[str, ...], Any]] = []

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        if self.errors:
            raise self.errors.pop(0)
        return UploadAck(bundle_id, "ingested", {})

    def fail(self, request_id: str, reason: str, detail: object = None) -> None:
        pass

    def report_refused(self, bundle_id: str, reason: str, mandanten: Any, detail: Any = None) -> None:
        self.reports.append((bundle_id, reason, tuple(mandanten), detail))


def _sealed(outbox: Outbox, bundle_id: str = "b1") -> None:
    outbox.add_job(
        job_id=f"job-{bundle_id}",
        kind="nightly",
        request_id=None,
        mandanten=["M100"],
        mode="incremental",
        request_cursors={},
        bundle_id=bundle_id,
        created_at=T0,
    )
    job = Job(f"job-{bundle_id}", "nightly", None, ("M100",), "incremental", {}, bundle_id, "new", "")
    outbox.seal_job(job, b"sealed", cursor_from={}, cursor_to={"M100": 10}, raw_bytes=1, created_at=T0)


def test_a_refusal_is_kept_and_reported_with_its_codes(tmp_path: Path) -> None:
    """The codes of the 422's body are stored with the bundle and still there for a report sent
    after the agent restarted."""
    refused = RemoteError("PUT /api/v1/bundles/b1: HTTP 422: Daten ungültig", retryable=False, status=422)
    refused.detail = REFUSAL
    with Outbox(tmp_path / "outbox.sqlite", durable=False) as outbox:
        _sealed(outbox)
        client = Refusing(refused)
        assert flush(outbox, client, lambda: T0).refused == ["b1"]
    assert client.reports == [("b1", "PUT /api/v1/bundles/b1: HTTP 422: Daten ungültig", ("M100",), REFUSAL)]
    with Outbox(tmp_path / "outbox.sqlite", durable=False) as outbox:
        [aside] = outbox.set_aside()
    assert aside.detail == REFUSAL and aside.reason == "PUT /api/v1/bundles/b1: HTTP 422: Daten ungültig"


def test_a_refusal_without_codes_is_reported_in_words_only(tmp_path: Path) -> None:
    """An older datacenter's body (only ``error``): the words go alone, as they always did."""
    with Outbox(tmp_path / "outbox.sqlite", durable=False) as outbox:
        _sealed(outbox)
        client = Refusing(
            RemoteError("PUT /api/v1/bundles/b1: HTTP 422: kaputt", retryable=False, status=422)
        )
        flush(outbox, client, lambda: T0)
    assert client.reports == [("b1", "PUT /api/v1/bundles/b1: HTTP 422: kaputt", ("M100",), None)]


def test_a_bundle_the_datacenter_failed_on_is_set_aside_with_the_agents_codes(tmp_path: Path) -> None:
    """After three HTTP 500 the bundle is set aside: the English words an agent always sent, and
    ``agent.bundle.server_failed`` with the last answer as a message."""
    said = mc.AG_REMOTE_HTTP(
        method="PUT", path="/api/v1/bundles/b1", status=500, error="internal error: KeyError"
    )
    errors = [RemoteError(said, retryable=True, status=500) for _ in range(3)]
    with Outbox(tmp_path / "outbox.sqlite", durable=False) as outbox, messages.speaking("en"):
        _sealed(outbox)
        client = Refusing(*errors)
        for _ in range(3):
            flush(outbox, client, lambda: T0)
    [(_, words, _, detail)] = client.reports
    assert words == (
        "the datacenter failed 3 times on this bundle:"
        " PUT /api/v1/bundles/b1: HTTP 500: internal error: KeyError"
    )
    assert detail["code"] == "agent.bundle.server_failed" and detail["values"]["failures"] == 3
    assert from_json(detail).text("de") == (
        "das Rechenzentrum ist 3-mal an diesem Bündel gescheitert: PUT /api/v1/bundles/b1: das Rechenzentrum"
        " antwortet HTTP 500: internal error: KeyError"
    )


# The bundles table as outboxes were written before the refusal's codes were kept.
_OLD_BUNDLES = """
CREATE TABLE bundles (
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
    acked_at TEXT,
    reported INTEGER NOT NULL DEFAULT 0,
    server_errors INTEGER NOT NULL DEFAULT 0
);
INSERT INTO bundles (bundle_id, job_id, data, cursor_from, cursor_to, raw_bytes, state, last_error,
    created_at) VALUES ('old', 'job-old', NULL, '{}', '{"M100": 5}', 1, 'refused',
    'PUT /api/v1/bundles/old: HTTP 422: kaputt', '2026-03-01T08:00:00+00:00');
"""


def test_an_outbox_written_before_gains_the_column_and_keeps_its_bundles(tmp_path: Path) -> None:
    """The older outbox's set-aside bundle is still listed, in words only, and reported so; a bundle
    refused after the upgrade keeps its codes."""
    path = tmp_path / "outbox.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(_OLD_BUNDLES)
    db.close()
    refused = RemoteError("PUT /api/v1/bundles/b1: HTTP 422: Daten ungültig", retryable=False, status=422)
    refused.detail = REFUSAL
    with Outbox(path, durable=False) as outbox:
        [old] = outbox.set_aside()
        assert (old.bundle_id, old.reason, old.detail) == (
            "old",
            "PUT /api/v1/bundles/old: HTTP 422: kaputt",
            None,
        )
        _sealed(outbox)
        client = Refusing(refused)
        flush(outbox, client, lambda: T0)
        assert [(a.bundle_id, a.detail) for a in outbox.set_aside()] == [("old", None), ("b1", REFUSAL)]
    assert [(r[0], r[3]) for r in client.reports] == [("old", None), ("b1", REFUSAL)]
