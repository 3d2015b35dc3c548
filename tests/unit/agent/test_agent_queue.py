"""Issue 11 §1 on the agent: one bad bundle never blocks the queue.

`flush` is driven with a scripted client (answers per bundle id, written by hand); the worker with
the fake datacenter and a folder export holding what BMD really leaves behind.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from emulators.datacenter import FakeDatacenter, InProcessClient
from tests.fake_agent import enrolled_config

from syncsystem import bmd, messages
from syncsystem.agent.delivery import flush, upload_verdict
from syncsystem.agent.doctor import run_checks
from syncsystem.agent.exporter import Check, FolderExporter
from syncsystem.agent.exportfiles import ExportFailedError, MandantExport, describe_dir, shipped_name
from syncsystem.agent.outbox import Job, Outbox, SetAside
from syncsystem.agent.worker import Worker
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import PollResponse, UploadAck

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def http(status: int | None, retryable: bool) -> RemoteError:
    return RemoteError(f"PUT x: HTTP {status}: scripted", retryable=retryable, status=status)


class Scripted:
    """Answers uploads from a script: bundle id -> list of errors to raise before acknowledging."""

    def __init__(self, script: dict[str, list[RemoteError]], report_fails: int = 0) -> None:
        self.script, self.report_fails = script, report_fails
        self.uploads: list[str] = []
        self.reports: list[tuple[str, str, tuple[str, ...]]] = []
        self.details: list[object] = []  # each report's codes, beside ``reports``
        self.failed: list[str] = []

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        self.uploads.append(bundle_id)
        errors = self.script.get(bundle_id, [])
        if errors:
            raise errors.pop(0)
        return UploadAck(bundle_id, "ingested", {})

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        self.failed.append(request_id)

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: object = None
    ) -> None:
        if self.report_fails:
            self.report_fails -= 1
            raise RemoteError("POST refused: unreachable", retryable=True)
        self.reports.append((bundle_id, reason, tuple(mandanten)))
        self.details.append(detail)


def _outbox(tmp_path: Path, bundles: list[tuple[str, dict[str, int]]]) -> Outbox:
    """An outbox holding sealed bundles ``(bundle id, cursor_to per Mandant)``, oldest first."""
    outbox = Outbox(tmp_path / "outbox.sqlite", durable=False)
    for bundle_id, cursors in bundles:
        job_id = f"job-{bundle_id}"
        outbox.add_job(
            job_id=job_id,
            kind="nightly",
            request_id=None,
            mandanten=list(cursors),
            mode="incremental",
            request_cursors={},
            bundle_id=bundle_id,
            created_at=T0,
        )
        job = Job(
            job_id, "nightly", None, tuple(cursors), "incremental", {}, bundle_id, "new", T0.isoformat()
        )
        outbox.seal_job(
            job,
            b"sealed " + bundle_id.encode(),
            cursor_from={},
            cursor_to=cursors,
            raw_bytes=1,
            created_at=T0,
        )
    return outbox


QUEUE = [("b1", {"M1": 10}), ("b2", {"M2": 5}), ("b3", {"M1": 20}), ("b4", {"M3": 7})]


@pytest.mark.parametrize("status", [400, 404, 409, 413, 422])
def test_a_final_refusal_is_set_aside_and_later_bundles_go_on(tmp_path: Path, status: int) -> None:
    """A 4xx for the oldest bundle sets it aside with its reason and reports it; other Mandanten's
    bundles are acknowledged, and b3 — sealed on top of the refused b1 (M1), which the datacenter would
    refuse as a gap — is not sent: its job is open again, to be exported from M1's acknowledged cursor."""
    with _outbox(tmp_path, QUEUE) as outbox:
        client = Scripted({"b1": [http(status, False)]})
        result = flush(outbox, client, lambda: T0)
        assert result.refused == ["b1"] and result.acknowledged == ["b2", "b4"] and result.reopened == ["b3"]
        assert client.uploads == ["b1", "b2", "b4"]
        assert result.retry_error is None and result.fatal_error is None
        aside = outbox.set_aside()
        assert [(a.bundle_id, a.mandanten, a.reported) for a in aside] == [("b1", ("M1",), True)]
        assert f"HTTP {status}" in aside[0].reason
        assert client.reports == [("b1", aside[0].reason, ("M1",))]
        assert outbox.acked_cursors() == {"M2": 5, "M3": 7}
        assert [j.job_id for j in outbox.open_jobs()] == ["job-b3"]
        assert outbox.chain_cursors() == {"M2": 5, "M3": 7}  # M1 starts again where nothing was acked


def test_a_5xx_holds_back_only_later_bundles_of_its_own_mandanten(tmp_path: Path) -> None:
    """A 500 for b1 (M1) holds b3 (M1) back; b2 (M2) and b4 (M3) go on in the same flush."""
    with _outbox(tmp_path, QUEUE) as outbox:
        client = Scripted({"b1": [http(500, True)]})
        result = flush(outbox, client, lambda: T0)
        assert result.acknowledged == ["b2", "b4"] and result.held == ["b1", "b3"]
        assert result.retry_error is not None and result.retry_error.status == 500
        assert client.uploads == ["b1", "b2", "b4"]  # b3 is not even tried before b1 is in
        assert outbox.set_aside() == []
        again = flush(outbox, client, lambda: T0)
        assert again.acknowledged == ["b1", "b3"] and client.uploads[-2:] == ["b1", "b3"]
        assert outbox.acked_cursors() == {"M1": 20, "M2": 5, "M3": 7}


@pytest.mark.parametrize(
    ("error", "tried"),
    [
        (RemoteError("unreachable", retryable=True), ["b1"]),
        (http(429, True), ["b1"]),
        (http(401, False), ["b1"]),
        (http(403, False), ["b1"]),
    ],
)
def test_unreachable_throttled_or_bad_token_stops_the_whole_flush(
    tmp_path: Path, error: RemoteError, tried: list[str]
) -> None:
    """No answer, 429 or 401/403 concern every bundle alike: stop, keep everything pending."""
    with _outbox(tmp_path, QUEUE) as outbox:
        client = Scripted({"b1": [error]})
        result = flush(outbox, client, lambda: T0)
        assert client.uploads == tried and result.acknowledged == [] and outbox.set_aside() == []
        assert len(outbox.pending()) == 4


def test_upload_verdicts_by_hand() -> None:
    """The rule behind `flush`, as a table written by hand."""
    table = [
        (None, True, "stop"),
        (429, True, "stop"),
        (500, True, "hold"),
        (502, True, "hold"),
        (503, True, "hold"),
        (408, True, "hold"),
        (401, False, "auth"),
        (403, False, "auth"),
        (None, False, "auth"),
        (400, False, "set_aside"),
        (404, False, "set_aside"),
        (409, False, "set_aside"),
        (413, False, "set_aside"),
        (422, False, "set_aside"),
    ]
    for status, retryable, verdict in table:
        assert upload_verdict(RemoteError("x", retryable=retryable, status=status)) == verdict, status


def test_a_report_that_did_not_reach_the_datacenter_is_sent_at_the_next_flush(tmp_path: Path) -> None:
    """Set aside while the report route fails: listed as not reported, reported by the next flush."""
    with _outbox(tmp_path, QUEUE[:2]) as outbox:
        client = Scripted({"b1": [http(422, False)]}, report_fails=1)
        assert flush(outbox, client, lambda: T0).unreported
        assert [a.reported for a in outbox.set_aside()] == [False] and client.reports == []
        assert not flush(outbox, client, lambda: T0).unreported
        assert [a.reported for a in outbox.set_aside()] == [True] and client.reports[0][0] == "b1"


def _doctor(state_dir: Path, problems: dict[str, str], set_aside: Sequence[SetAside] = ()) -> list[Check]:
    """The doctor's checks for ``state_dir`` with the service running and the datacenter answering a
    poll at T0; a datacenter at 127.0.0.1:9 (nothing listens) and no exporter."""
    return run_checks(
        datacenter_url="https://127.0.0.1:9",
        state_dir=state_dir,
        service=(True, "pid 1"),
        poll=lambda: PollResponse(T0, 1800),
        now=lambda: T0,
        exporter=None,
        problems=problems,
        set_aside=set_aside,
        timeout=0.2,
    )


def test_doctor_lists_set_aside_bundles(tmp_path: Path) -> None:
    """`agent doctor` shows each set-aside bundle as a failed check naming Mandanten and reason."""
    messages.set_language("de")  # the doctor's words, as the office reads them
    with _outbox(tmp_path, QUEUE[:1]) as outbox:
        flush(outbox, Scripted({"b1": [http(422, False)]}), lambda: T0)
        aside = outbox.set_aside()
    checks = _doctor(tmp_path, {}, aside)
    bad = [c for c in checks if c.name == "Bündel b1 zurückgestellt"]
    assert len(bad) == 1 and not bad[0].ok and "M1" in bad[0].detail and "HTTP 422" in bad[0].detail


# --- file names ---------------------------------------------------------------------------------
def test_latin1_file_name_is_shipped_in_unicode(tmp_path: Path) -> None:
    """``kostenstellen_März.csv`` written in Latin-1 bytes is shipped as the Unicode name."""
    folder = tmp_path / "M1"
    folder.mkdir()
    data = bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES)
    with open(os.path.join(os.fsencode(folder), b"kostenstellen_M\xe4rz.csv"), "wb") as handle:
        handle.write(data)
    files = describe_dir(folder)
    assert [(f.name, f.kind, f.rows) for f in files] == [("kostenstellen_März.csv", "costcentres", 1)]
    json.dumps([f.name for f in files]).encode("utf-8")  # what sealing does: no UnicodeEncodeError


def test_shipped_names_by_hand() -> None:
    """UTF-8 names stay, ANSI bytes become their characters, NFD becomes NFC, control characters refused."""
    assert shipped_name("buchungen.csv") == "buchungen.csv"
    assert shipped_name("kostenstellen_M\udce4rz.csv") == "kostenstellen_März.csv"  # PEP 383 form of 0xE4
    assert shipped_name("Gr\udcfc\udcdfe.csv") == "Grüße.csv"
    assert shipped_name("Ma\u0308rz.csv") == "März.csv"
    with pytest.raises(ExportFailedError, match="control character"):
        shipped_name("a\x01b.csv")


def test_two_files_with_the_same_shipped_name_are_refused(tmp_path: Path) -> None:
    """``März.csv`` in UTF-8 and in Latin-1 side by side: refused with a message, not merged."""
    data = bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES)
    for raw in ("kostenstellen_März.csv".encode(), b"kostenstellen_M\xe4rz.csv"):
        with open(os.path.join(os.fsencode(tmp_path), raw), "wb") as handle:
            handle.write(data)
    with pytest.raises(ExportFailedError, match=r"both named 'kostenstellen_März\.csv'"):
        describe_dir(tmp_path)


# --- the worker ---------------------------------------------------------------------------------
def _agent(
    tmp_path: Path, clock: SimulatedClock, dc: FakeDatacenter, exporter: object, log: list[str] | None = None
) -> Worker:
    class Client(InProcessClient):
        def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
            if log is not None:
                log.append(f"upload {bundle_id}")
            return super().upload(bundle_id, data, request_id)

    config = enrolled_config(dc, tmp_path / "kanzlei", ("1001", "1002"), tmp_path / "bmd")
    return Worker(
        config,
        clock=clock,
        exporter=exporter,
        client_factory=lambda: Client(dc),  # type: ignore[arg-type]
        durable=False,
    )


def _until_polled(worker: Worker, clock: SimulatedClock) -> list:  # type: ignore[type-arg]
    results = []
    for _ in range(4):
        results.append(worker.tick())
        if results[-1].polled:
            return results
        clock.advance(max(results[-1].wake_at - clock.now(), timedelta(seconds=1)))
    raise AssertionError("no poll")


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))


def test_worker_ships_a_latin1_named_file_and_an_empty_export(tmp_path: Path, clock: SimulatedClock) -> None:
    """A Latin-1 file name no longer stops every run; an export with only cursor.json is a bundle."""
    dc = FakeDatacenter(now=clock.now)
    for mandant in ("1001", "1002"):
        (tmp_path / "bmd" / mandant).mkdir(parents=True)
    first = tmp_path / "bmd" / "1001"
    with open(os.path.join(os.fsencode(first), b"kostenstellen_M\xe4rz.csv"), "wb") as handle:
        handle.write(bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES))
    (first / "cursor.json").write_text('{"cursor_to": 4}', encoding="utf-8")
    (tmp_path / "bmd" / "1002" / "cursor.json").write_text('{"cursor_to": 9}', encoding="utf-8")
    dc.add_request(("1001", "1002"), mode="full")
    with _agent(tmp_path, clock, dc, FolderExporter(tmp_path / "bmd")) as worker:
        results = _until_polled(worker, clock)
    jobs = [j for r in results for j in r.jobs]
    assert [j.status for j in jobs] == ["sealed"]
    assert dc.cursors == {"1001": 4, "1002": 9}
    assert len(dc.arrivals) == 1


class Exploding:
    """An exporter whose first Mandant raises something nobody foresaw; the second exports nothing new."""

    def __init__(self, log: list[str] | None = None) -> None:
        self.log = log

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        if self.log is not None:
            self.log.append(f"export {mandant}")
        if mandant == "1001":
            raise KeyError("column 'Konto' missing")
        return MandantExport(mandant, (), 3)

    def checks(self) -> list:  # type: ignore[type-arg]
        return []


def test_an_exception_inside_a_job_fails_that_job_not_the_worker(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    """A job whose export raises an unexpected error fails with its message; the next job still runs."""
    dc = FakeDatacenter(now=clock.now)
    broken = dc.add_request(("1001",), mode="full")
    fine = dc.add_request(("1002",), mode="full")
    with _agent(tmp_path, clock, dc, Exploding()) as worker:
        results = _until_polled(worker, clock)
    jobs = {j.request_id: j for r in results for j in r.jobs}
    assert jobs[broken].status == "failed" and "KeyError" in jobs[broken].error
    assert "column 'Konto' missing" in jobs[broken].error
    assert jobs[fine].status == "sealed" and dc.cursors == {"1002": 3}
    assert dc.requests[broken].state == "failed" and "KeyError" in dc.requests[broken].reason


def test_sealed_bundles_are_uploaded_before_new_exports_start(tmp_path: Path, clock: SimulatedClock) -> None:
    """A bundle whose upload failed (503) goes out at the next tick before that tick's new export."""
    dc = FakeDatacenter(now=clock.now)
    log: list[str] = []
    dc.add_request(("1002",), mode="full")
    dc.faults.fail_next(1, status=503, path_contains="/bundles/")
    with _agent(tmp_path, clock, dc, Exploding(log), log) as worker:
        _until_polled(worker, clock)
        assert [e.split()[0] for e in log] == ["export", "upload"] and dc.arrivals == []
        dc.add_request(("1002",), mode="incremental")
        log.clear()
        clock.advance(timedelta(minutes=31))  # past the retry and the next poll: one tick does both
        assert worker.tick().polled
    assert [e.split()[0] for e in log] == ["upload", "export", "upload"]
    assert len(dc.arrivals) == 2


def test_bmd_message_in_another_code_page_is_kept_not_a_crash(tmp_path: Path) -> None:
    """An export command printing cp1252 bytes (``Fehler: März gesperrt``) fails with its message."""
    import sys  # noqa: PLC0415

    from syncsystem.agent.exporter import CommandExporter  # noqa: PLC0415

    script = (
        "import sys; sys.stderr.buffer.write('Fehler: M\\u00e4rz gesperrt'.encode('cp1252')); sys.exit(4)"
    )
    exporter = CommandExporter([sys.executable, "-c", script])
    with pytest.raises(ExportFailedError) as caught:
        exporter.export("1001", None, tmp_path)
    assert caught.value.retryable and caught.value.reason == "locked"
    assert "Fehler: M" in str(caught.value) and "rz gesperrt" in str(caught.value)


def test_a_datacenter_that_keeps_failing_is_a_problem_for_the_doctor(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    """Uploads answered 500: an upload problem the doctor shows; a later success clears it."""
    messages.set_language("de")  # the doctor's words, as the office reads them
    dc = FakeDatacenter(now=clock.now)
    dc.add_request(("1002",), mode="full")
    dc.faults.fail_next(1, status=500, path_contains="/bundles/")
    with _agent(tmp_path, clock, dc, Exploding()) as worker:
        results = _until_polled(worker, clock)
        assert results[-1].flushed.retry_error is not None
        problem = worker.outbox.get_meta("problem.upload") or ""
        assert "HTTP 500" in problem
        checks = _doctor(tmp_path, {"upload": problem})
        assert any(c.name == "Letzter Lauf (upload)" and not c.ok for c in checks)
        clock.advance(timedelta(minutes=31))
        assert worker.tick().flushed.acknowledged
        assert worker.outbox.get_meta("problem.upload") == "" and len(dc.arrivals) == 1


def test_a_bundle_the_datacenter_keeps_breaking_on_is_set_aside_after_three_500s(tmp_path: Path) -> None:
    """500, 500, 500 for b1: held twice (its Mandant waits), then set aside; b3 of the same Mandant,
    chained on b1, is exported again rather than sent; 503s (busy) never count towards it."""
    with _outbox(tmp_path, QUEUE) as outbox:
        client = Scripted({"b1": [http(503, True), http(500, True), http(500, True), http(500, True)]})
        first = flush(outbox, client, lambda: T0)
        assert first.held == ["b1", "b3"] and first.acknowledged == ["b2", "b4"]
        assert flush(outbox, client, lambda: T0).held == ["b1", "b3"]
        assert flush(outbox, client, lambda: T0).held == ["b1", "b3"]
        last = flush(outbox, client, lambda: T0)
        assert last.refused == ["b1"] and last.reopened == ["b3"] and last.acknowledged == []
        assert [j.job_id for j in outbox.open_jobs()] == ["job-b3"]
        aside = outbox.set_aside()
        assert len(aside) == 1 and "failed 3 times" in aside[0].reason and aside[0].reported


# --- streaming the export into the bundle -------------------------------------------------------
def test_described_files_carry_size_sha256_and_rows_of_what_lies_on_disk(tmp_path: Path) -> None:
    """The worker keeps a description, not the bytes: size and sha256 are those of the file."""
    import hashlib  # noqa: PLC0415

    data = bmd.dumps(
        [bmd.CostCentre("100", "Verwaltung"), bmd.CostCentre("200", "Vertrieb")], bmd.Kind.COSTCENTRES
    )
    (tmp_path / "kostenstellen.csv").write_bytes(data)
    [described] = describe_dir(tmp_path)
    expected = (len(data), hashlib.sha256(data).hexdigest(), 2)
    assert (described.size, described.sha256, described.rows) == expected
    assert described.path == tmp_path / "kostenstellen.csv"


class Rewriting:
    """Exports from a folder, then changes a file behind the worker's back before it is sealed."""

    def __init__(self, folder: Path) -> None:
        self.inner = FolderExporter(folder)

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        result = self.inner.export(mandant, since, work_dir)
        for described in result.files:
            with described.path.open("ab") as handle:
                handle.write(b"0;999;nachher\r\n")
        return result

    def checks(self) -> list:  # type: ignore[type-arg]
        return []


def test_a_file_changed_between_export_and_seal_is_not_shipped(tmp_path: Path, clock: SimulatedClock) -> None:
    """The seal reads the files again and checks them against their description: a file BMD rewrote
    in between makes the job retried (BMD exports again), never a bundle with a wrong manifest."""
    dc = FakeDatacenter(now=clock.now)
    for mandant in ("1001", "1002"):
        folder = tmp_path / "bmd" / mandant
        folder.mkdir(parents=True)
        (folder / "kostenstellen.csv").write_bytes(
            bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES)
        )
        (folder / "cursor.json").write_text('{"cursor_to": 4}', encoding="utf-8")
    dc.add_request(("1001", "1002"), mode="full")
    with _agent(tmp_path, clock, dc, Rewriting(tmp_path / "bmd")) as worker:
        results = _until_polled(worker, clock)
    [job] = [j for r in results for j in r.jobs]
    assert job.status == "retry" and "changed after it was described" in job.error
    assert dc.arrivals == []


def test_worker_reports_each_exports_steps_for_the_live_log(tmp_path: Path, clock: SimulatedClock) -> None:
    """Per Mandant of a request: export started, then finished with BMD's rows (hand-made: 1 cost
    centre for 1001, nothing for 1002); nothing is reported for another request."""
    dc = FakeDatacenter(now=clock.now)
    for mandant, cursor in (("1001", 4), ("1002", 9)):
        (tmp_path / "bmd" / mandant).mkdir(parents=True)
        cursor_file = tmp_path / "bmd" / mandant / "cursor.json"
        cursor_file.write_text(f'{{"cursor_to": {cursor}}}', encoding="utf-8")
    (tmp_path / "bmd" / "1001" / "kostenstellen.csv").write_bytes(
        bmd.dumps([bmd.CostCentre("100", "Verwaltung")], bmd.Kind.COSTCENTRES)
    )
    made = dc.add_request(("1001", "1002"), mode="full")
    with _agent(tmp_path, clock, dc, FolderExporter(tmp_path / "bmd")) as worker:
        _until_polled(worker, clock)
    steps = [(s["kind"], s.get("mandant"), s.get("rows")) for s in dc.progress[made]]
    assert steps == [
        ("export_started", "1001", None),
        ("export_finished", "1001", 1),
        ("export_started", "1002", None),
        ("export_finished", "1002", 0),
    ]
    assert list(dc.progress) == [made]


class NotExported:
    """An exporter whose BMD did not export Mandant 1001 (a catalogue message, final)."""

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        missing = mc.AG_EXPORT_NOT_EXPORTED(source="/srv/bmd", mandant=mandant)
        raise ExportFailedError(missing, retryable=False)

    def checks(self) -> list:  # type: ignore[type-arg]
        return []


def test_a_failed_request_is_reported_with_its_codes_beside_the_words(
    tmp_path: Path, clock: SimulatedClock
) -> None:
    """The datacenter gets the agent's words (English here, as the test process speaks; all an older
    datacenter reads) and the message as codes, which it words in German; an unforeseen exception
    goes as codes too (its type and text as values), its words the English an agent always sent."""
    dc = FakeDatacenter(now=clock.now)
    said = dc.add_request(("1001",), mode="full")
    with _agent(tmp_path, clock, dc, NotExported()) as worker:
        _until_polled(worker, clock)
    assert dc.requests[said].reason == "/srv/bmd: BMD has not exported Mandant 1001 into this folder"
    assert dc.requests[said].detail == {
        "code": "agent.export.not_exported",
        "values": {"source": "/srv/bmd", "mandant": "1001"},
    }
    unforeseen = FakeDatacenter(now=clock.now)
    broken = unforeseen.add_request(("1001",), mode="full")
    with _agent(tmp_path / "b", clock, unforeseen, Exploding()) as worker:
        _until_polled(worker, clock)
    assert unforeseen.requests[broken].state == "failed"
    assert unforeseen.requests[broken].reason == (
        "export of job request-req-0001 failed: KeyError: \"column 'Konto' missing\""
    )
    assert unforeseen.requests[broken].detail == {
        "code": "agent.job.unexpected",
        "values": {
            "job": "request-req-0001",
            "error_type": "KeyError",
            "error": "\"column 'Konto' missing\"",
        },
    }
