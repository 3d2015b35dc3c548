"""The worker beyond polling: BMD's export time in the manifest, and transfer jobs run from the agent."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, InProcessClient
from tests.fake_agent import enrolled_config

from syncsystem import bmd
from syncsystem.agent.config import load_config, save_config
from syncsystem.agent.exporter import Exporter, FolderExporter, OfficeExporter
from syncsystem.agent.resident import read_agenda
from syncsystem.agent.worker import TickResult
from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.demo.agent import AgentRunner
from syncsystem.logs import JsonFormatter
from syncsystem.protocol.bundle import open_bundle
from syncsystem.protocol.manifest import file_key
from syncsystem.protocol.messages import UploadAck
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

MONDAY = date(2026, 3, 2)


class CapturingClient(InProcessClient):
    """The in-process client, keeping every uploaded bundle's bytes."""

    def __init__(self, dc: FakeDatacenter, uploads: list[bytes]) -> None:
        super().__init__(dc)
        self.uploads = uploads

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        self.uploads.append(data)
        return super().upload(bundle_id, data, request_id)


class Agent:
    """One profile's worker on a simulated clock against the in-process fake datacenter."""

    def __init__(
        self,
        tmp_path: Path,
        clock: SimulatedClock,
        exporter: Exporter,
        mandanten: tuple[str, ...],
        **settings: Any,
    ) -> None:
        self.clock, self.dc = clock, FakeDatacenter(now=clock.now)
        self.config = enrolled_config(self.dc, tmp_path / "kanzlei", mandanten, tmp_path / "bmd", **settings)
        self.config.state_dir.mkdir(parents=True)
        self.uploads: list[bytes] = []
        # The demo's runner: the resident timer's loop (tick, sleep until the wake-up) on the clock.
        self.runner = AgentRunner(
            self.config,
            "",
            clock,
            exporter,
            client_factory=lambda: CapturingClient(self.dc, self.uploads),
            transfer_keyring=False,
        )
        self.ticks: list[TickResult] = []

    def run_until(self, end: datetime) -> None:
        self.runner.run_until(end, on_tick=self.ticks.append)

    def tick(self) -> None:
        """One start of the worker child: every due task of the profile runs, the agenda is written."""
        now = self.clock.now()
        ran = self.runner.tasks.tick()
        self.runner.task_runs += [(now, r) for r in ran]
        if self.runner.worker.last is not None and any(r.name == "sync" for r in ran):
            self.ticks.append(self.runner.worker.last)

    def agenda(self) -> datetime:
        """The next wake-up as the resident reads it from the profile's ``agenda`` file."""
        due = read_agenda(str(self.config.state_dir))
        assert due is not None
        return datetime.fromtimestamp(due, UTC)

    def close(self) -> None:
        self.runner.close()


@pytest.fixture
def clock() -> SimulatedClock:
    return SimulatedClock(datetime.combine(MONDAY, time(8, 0), DEFAULT_TZ))


def test_manifest_carries_bmds_export_time_per_mandant(
    office: Office, tmp_path: Path, clock: SimulatedClock
) -> None:
    """A full request through the emulator: each manifest entry states BMD's modelled export duration."""
    agent = Agent(tmp_path, clock, OfficeExporter(office, clock), ("1001", "1002"))
    agent.dc.add_request(("1001", "1002"), mode="full")
    agent.run_until(clock.now() + timedelta(minutes=31))
    agent.close()
    sealed = [job for t in agent.ticks for job in t.jobs if job.status == "sealed"]
    assert len(sealed) == 1 and len(agent.uploads) == 1
    runs = {r.mandant: r.duration_seconds for r in sealed[0].exports}
    assert set(runs) == {"1001", "1002"} and all(s is not None and s > 10 for s in runs.values())
    manifest = open_bundle(agent.uploads[0], agent.dc.private_key).manifest
    assert {m.mandant: m.duration_seconds for m in manifest.mandanten} == runs
    assert sealed[0].to_json()["bmd_seconds"] == pytest.approx(sum(s or 0 for s in runs.values()), abs=0.1)


def _transfer_state(root: Path, source: Path, inbox: Path, at: str, now: datetime) -> TransferStore:
    """A transfer state with one daily job ``stb`` from ``source`` to the folder ``inbox``."""
    inbox.mkdir(parents=True)
    box = SecretBox.for_state(root, use_keyring=False)
    store = TransferStore.open(root)
    job = parse_job(
        {
            "name": "stb",
            "source_dir": str(source),
            "target": {"protocol": "folder", "directory": str(inbox)},
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "daily", "at": at},
        },
        box.seal,
        DEFAULT_TZ,
    )
    store.add_job("stb", to_mapping(job), now, replace=False)
    return store


def _close_file(source: Path, at: datetime, n: int) -> str:
    """A closed BMD booking file in ``source/100`` (what a source system leaves for transfer)."""
    data = dumps(
        [
            Booking(
                konto=200001,
                belegnr=f"R{n}",
                belegdatum=MONDAY,
                buchcode=Buchcode.SOLL,
                betrag=Decimal("10.00"),
                gkonto=4000,
                buchsymbol="AR",
            )
        ]
    )
    folder = source / "100"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{at:%Y%m%d_%H%M}_buchungen.csv"
    (folder / name).write_bytes(data)
    return f"100_{name}"


def test_agent_runs_due_transfer_jobs_and_wakes_for_them(tmp_path: Path, clock: SimulatedClock) -> None:
    """A daily transfer slot between two polls joins the agenda; the worker delivers at that instant, once."""
    state, source, inbox = tmp_path / "transfer", tmp_path / "quelle", tmp_path / "inbox"
    agent = Agent(
        tmp_path, clock, FolderExporter(tmp_path / "bmd"), (), poll_minutes=180, transfer_state=str(state)
    )
    state.mkdir()
    agent.tick()  # no jobs yet: the agenda is the next poll
    poll_at = agent.agenda()
    slot = (clock.now() + (poll_at - clock.now()) / 2).astimezone(DEFAULT_TZ).replace(second=0, microsecond=0)
    assert clock.now() + timedelta(minutes=5) < slot < poll_at - timedelta(minutes=5)  # room between the two
    with _transfer_state(state, source, inbox, f"{slot:%H:%M}", clock.now()):
        first = _close_file(source, clock.now() + timedelta(minutes=1), 1)
        agent.tick()
        assert agent.agenda() == slot  # the transfer slot comes before the next poll
        agent.run_until(datetime.combine(MONDAY, time(15, 0), DEFAULT_TZ))
        second = _close_file(source, clock.now(), 2)
        agent.run_until(datetime.combine(MONDAY + timedelta(days=2), time(7, 0), DEFAULT_TZ))
    agent.close()
    runs = [(at, e) for at, r in agent.runner.task_runs if r.name == "transfer" for e in r.events]
    assert [(at, e["outcome"], e["files"], e["bytes"]) for at, e in runs] == [
        (slot, "ok", 1, (inbox / first).stat().st_size),
        (slot + timedelta(days=1), "ok", 1, (inbox / second).stat().st_size),
    ]
    assert sorted(p.name for p in inbox.iterdir()) == sorted([first, second])
    assert any(t.polled for t in agent.ticks)  # the agent's own work goes on beside the transfer jobs


def test_missing_transfer_state_is_a_problem_not_a_stop(tmp_path: Path, clock: SimulatedClock) -> None:
    """A wrong ``[transfer] state`` is logged and kept as a problem; polling goes on as usual."""
    agent = Agent(
        tmp_path, clock, FolderExporter(tmp_path / "bmd"), (), transfer_state=str(tmp_path / "nope")
    )
    agent.run_until(clock.now() + timedelta(hours=2))
    problem = agent.runner.worker.outbox.get_meta("problem.transfer")
    agent.close()
    assert problem and "nope" in problem and "[transfer] state" in problem
    assert sum(t.polled for t in agent.ticks) >= 3
    transfer = [r for _, r in agent.runner.task_runs if r.name == "transfer"]
    assert transfer and all(not r.ok and r.events == () for r in transfer)


def test_transfer_settings_round_trip_through_agent_toml(tmp_path: Path, clock: SimulatedClock) -> None:
    """``[transfer] state`` and ``workstation`` are written only when set and read back unchanged."""
    agent = Agent(tmp_path, clock, FolderExporter(tmp_path / "bmd"), ("1001",))
    agent.close()
    save_config(agent.config)
    assert "[transfer]" not in (agent.config.state_dir / "agent.toml").read_text(encoding="utf-8")
    configured = agent.config.with_changes(transfer_state="/srv/transfer", transfer_workstation="TS01")
    save_config(configured)
    loaded = load_config(configured.state_dir)
    assert (loaded.transfer_state, loaded.transfer_workstation) == ("/srv/transfer", "TS01")


def test_sync_run_event_as_json_matches_the_uploaded_bundle(
    office: Office, tmp_path: Path, clock: SimulatedClock
) -> None:
    """One ``sync_run`` JSON line per sealed job: outcome, rows as BMD's files in the uploaded bundle
    count them when read back, bytes as uploaded, the duration; the profile's token never appears."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("syncsystem.agent")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        agent = Agent(tmp_path, clock, OfficeExporter(office, clock), ("1001", "1002"))
        agent.dc.add_request(("1001", "1002"), mode="full")
        agent.run_until(clock.now() + timedelta(minutes=31))
        agent.close()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    runs = [line for line in lines if line["event"] == "sync_run"]
    assert len(runs) == 1 and len(agent.uploads) == 1
    opened = open_bundle(agent.uploads[0], agent.dc.private_key)
    rows = sum(
        bmd.read(opened.files[file_key(m.mandant, f.name)], bmd.Kind(f.kind), name=f.name).rows
        for m in opened.manifest.mandanten
        for f in m.files
        if f.kind in bmd.Kind._value2member_map_
    )
    event = runs[0]
    assert (event["outcome"], event["rows"], event["bytes"], event["mandanten"]) == (
        "sealed",
        rows,
        len(agent.uploads[0]),
        ["1001", "1002"],
    )
    assert rows > 0 and event["duration_seconds"] >= 0 and event["level"] == "INFO"
    assert {"timestamp", "logger", "job", "bundle_id"} <= set(event)
    assert agent.dc.token not in stream.getvalue()
