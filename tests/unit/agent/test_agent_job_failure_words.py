"""A job's failures no export code says — the disk or share (``OSError``), an exception nobody
foresaw, a bundle the datacenter refused — fail the request with a catalogue message as codes, and
with the English words an agent always sent, whatever language the agent speaks.

Expected texts written out by hand: the English as the agent's job run (`agent.jobs`, before in
`agent.delivery`) sent it before the codes (``export of job {job} failed: {error}`` …), the German
from de.po.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.agent.delivery import flush
from syncsystem.agent.exportfiles import MandantExport
from syncsystem.agent.jobs import MAX_EXPORT_ATTEMPTS, run_job
from syncsystem.agent.outbox import Job, Outbox
from syncsystem.clock import SimulatedClock
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.protocol.messages import UploadAck

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
KEY = bytes(range(32))  # any X25519 public key: nothing is sealed when the export fails


class Raising:
    """An exporter that raises ``error`` for every Mandant."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        raise self.error

    def checks(self) -> list:  # type: ignore[type-arg]
        return []


class Refusing:
    """A datacenter that refuses every bundle (422) and records each failed request."""

    def __init__(self) -> None:
        self.failed: list[tuple[str, str, Message | None]] = []

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        raise RemoteError("PUT /api/v1/bundles/b1: HTTP 422: kaputt", retryable=False, status=422)

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        self.failed.append((request_id, reason, detail))

    def report_refused(self, bundle_id: str, reason: str, mandanten: object, detail: object = None) -> None:
        pass


def _outbox(tmp_path: Path) -> tuple[Outbox, Job]:
    outbox = Outbox(tmp_path / "outbox.sqlite", durable=False)
    outbox.add_job(
        job_id="request-r1",
        kind="request",
        request_id="r1",
        mandanten=["1001"],
        mode="full",
        request_cursors={},
        bundle_id="b1",
        created_at=T0,
    )
    return outbox, outbox.open_jobs()[0]


def _fail_for_good(tmp_path: Path, error: Exception) -> list[tuple[str, Message | None]]:
    """Run the job, speaking German, until it fails for good; what the request was failed with."""
    told: list[tuple[str, Message | None]] = []
    outbox, job = _outbox(tmp_path)
    with outbox, messages.speaking("de"):
        for _ in range(MAX_EXPORT_ATTEMPTS):
            outcome = run_job(
                job,
                outbox=outbox,
                exporter=Raising(error),
                clock=SimulatedClock(T0),
                agent_id="agent-1",
                public_key=KEY,
                work_root=tmp_path / "work",
                on_failed=lambda job, words, said: told.append((words, said)),
            )
            if outcome.status == "failed":
                return told
    raise AssertionError("the job never failed for good")


@pytest.mark.parametrize(
    ("error", "english", "german", "values"),
    [
        (
            OSError(28, "No space left on device"),
            "export of job request-r1 failed: [Errno 28] No space left on device",
            "Export des Auftrags request-r1 fehlgeschlagen: [Errno 28] No space left on device",
            {"job": "request-r1", "error": "[Errno 28] No space left on device"},
        ),
        (
            ZeroDivisionError("division by zero"),
            "export of job request-r1 failed: ZeroDivisionError: division by zero",
            "Export des Auftrags request-r1 unerwartet fehlgeschlagen: ZeroDivisionError: division by zero",
            {"job": "request-r1", "error_type": "ZeroDivisionError", "error": "division by zero"},
        ),
    ],
    ids=["disk", "unforeseen"],
)
def test_a_job_that_fails_for_good_says_codes_and_english_words(
    tmp_path: Path, error: Exception, english: str, german: str, values: dict[str, str]
) -> None:
    told = _fail_for_good(tmp_path, error)
    assert len(told) == 1
    words, said = told[0]
    assert words == english
    assert said is not None and said.value_map() == values
    assert said.text("de") == german and said.text("en") == english


def test_a_refused_bundle_fails_its_request_with_codes_and_english_words(tmp_path: Path) -> None:
    outbox, job = _outbox(tmp_path)
    client = Refusing()
    with outbox, messages.speaking("de"):
        outbox.seal_job(job, b"sealed", cursor_from={}, cursor_to={"1001": 5}, raw_bytes=1, created_at=T0)
        assert flush(outbox, client, lambda: T0).refused == ["b1"]
    [(request_id, words, said)] = client.failed
    assert request_id == "r1"
    assert words == "bundle refused: PUT /api/v1/bundles/b1: HTTP 422: kaputt"
    assert said is not None and said.code == "agent.bundle.refused"
    assert said.text("de") == "Paket vom Rechenzentrum abgewiesen: PUT /api/v1/bundles/b1: HTTP 422: kaputt"
