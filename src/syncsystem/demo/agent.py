"""The agent side of the demo: enrolment over HTTPS, BMD through the emulator, the tick loop.

`EmulatorExporter` is the agent's `Exporter` over an in-process `emulators.bmd.Office`: it asks
BMD's export interface for one Mandant's files (``flat``, straight into the work folder), takes
kind and row count from what the export reports, and keeps an `ExportRecord` per Mandant for the
demo's figures. `RecordingClient` is the agent's real `DatacenterClient` with a log of every upload
and its answer — the evidence for the exactly-once check. `AgentRunner` repeats what the resident
timer does (tick the worker, sleep until its planned wake-up) on a `SimulatedClock`.
"""

from __future__ import annotations

import base64
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from emulators.bmd import BmdError, Office

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.agent.exporter import (
    Check,
    ExportedFile,
    ExportFailedError,
    MandantExport,
    classify_export_message,
)
from syncsystem.agent.worker import OUTBOX_NAME, TickResult, Worker
from syncsystem.clock import Clock, SimulatedClock
from syncsystem.errors import RemoteError
from syncsystem.protocol.messages import PollResponse, UploadAck

__all__ = ["AgentRunner", "EmulatorExporter", "ExportRecord", "RecordingClient", "UploadRecord", "enrol"]


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One Mandant exported by BMD: cursor range, rows, raw bytes and modelled duration."""

    mandant: str
    since: int | None
    cursor_to: int
    rows: int
    raw_bytes: int
    seconds: float


class EmulatorExporter:
    """The agent's `Exporter` over an in-process BMD emulator office."""

    def __init__(self, office: Office, clock: Clock) -> None:
        self.office, self.clock = office, clock
        self.records: list[ExportRecord] = []

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = work_dir / mandant
        if out.exists():
            shutil.rmtree(out)  # leftovers of an interrupted export must not be shipped
        out.mkdir(parents=True)
        try:
            result = self.office.export(
                out,
                mandanten=[mandant],
                since={} if since is None else {mandant: since},
                clock=self.clock,
                flat=True,
            )
        except BmdError as exc:
            raise ExportFailedError(
                f"export of Mandant {mandant} failed: {exc}", retryable=classify_export_message(str(exc))
            ) from exc
        part = result[mandant]
        files = tuple(
            ExportedFile(f.name, f.kind.value, f.rows, (out / f.name).read_bytes()) for f in part.files
        )
        self.records.append(
            ExportRecord(
                mandant,
                since,
                part.cursor_to,
                sum(f.rows for f in files),
                sum(len(f.data) for f in files),
                part.duration_seconds,
            )
        )
        return MandantExport(mandant, files, part.cursor_to)

    def checks(self) -> list[Check]:
        problems = self.office.status()
        return [
            Check("BMD-Exportschnittstelle erreichbar", True, f"Emulator in {self.office.path}"),
            Check(
                "BMD-Lizenz und Buchhaltungsdatei",
                not problems,
                "; ".join(problems) or "ok",
                "" if not problems else "BMD öffnen: Lizenz, Sperre und Passwort prüfen",
            ),
        ]


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """One upload attempt as the agent saw it: answer status, or the error that stopped it."""

    at: datetime
    bundle_id: str
    request_id: str | None
    size: int
    status: str  # ingested | duplicate | error
    error: str = ""


@dataclass
class RecordingClient:
    """The real HTTPS client, logging uploads into ``log`` (shared across ticks)."""

    client: DatacenterClient
    clock: Clock
    log: list[UploadRecord] = field(default_factory=list)

    def poll(self) -> PollResponse:
        return self.client.poll()

    def pickup(self, request_id: str) -> None:
        self.client.pickup(request_id)

    def fail(self, request_id: str, reason: str) -> None:
        self.client.fail(request_id, reason)

    def close(self) -> None:
        self.client.close()

    def upload(self, bundle_id: str, data: bytes, request_id: str | None = None) -> UploadAck:
        try:
            ack = self.client.upload(bundle_id, data, request_id)
        except RemoteError as exc:
            self.log.append(
                UploadRecord(self.clock.now(), bundle_id, request_id, len(data), "error", str(exc))
            )
            raise
        self.log.append(UploadRecord(self.clock.now(), bundle_id, request_id, len(data), ack.status))
        return ack


def enrol(
    url: str,
    ca_file: Path,
    code: str,
    state_dir: Path,
    mandanten: Sequence[str],
    *,
    name: str = "kanzlei-server",
) -> tuple[AgentConfig, str]:
    """``syncsystem agent enrol`` in process: trade the code for a token, write the profile."""
    with DatacenterClient(url, ca_file=str(ca_file), timeout=30) as client:
        answer = client.enrol(code, name)
    config = AgentConfig(
        profile="demo",
        state_dir=state_dir,
        agent_id=answer.agent_id,
        office_id=answer.office_id,
        datacenter_url=url,
        public_key_b64=base64.b64encode(answer.public_key).decode("ascii"),
        ca_file=str(ca_file),
        timeout_seconds=30.0,
        mandanten=tuple(mandanten),
        export=ExportSettings(kind="command", command=("bmd-export-im-emulator",)),
    )
    config.validate()
    write_token(state_dir, answer.token)
    save_config(config)
    return config, answer.token


class AgentRunner:
    """One agent profile driven on a simulated clock: the worker ticks, the clock jumps between."""

    def __init__(self, config: AgentConfig, token: str, clock: SimulatedClock, exporter: Any) -> None:
        self.config, self.clock = config, clock
        self.uploads: list[UploadRecord] = []

        def client() -> RecordingClient:
            real = DatacenterClient(
                config.datacenter_url, token, ca_file=config.ca_file, timeout=config.timeout_seconds
            )
            return RecordingClient(real, clock, self.uploads)

        # One worker for the whole run (it keeps the outbox open); without fsync per commit, which
        # guards against power loss, not against anything a simulation does.
        self.worker = Worker(config, clock=clock, exporter=exporter, client_factory=client, durable=False)

    @property
    def outbox_path(self) -> Path:
        return self.config.state_dir / OUTBOX_NAME

    def run_until(
        self,
        end: datetime,
        *,
        before_tick: Callable[[datetime], None] | None = None,
        on_tick: Callable[[TickResult], None] | None = None,
    ) -> None:
        """Tick and sleep until ``end``; ``before_tick`` may change the world, ``on_tick`` observes."""
        while self.clock.now() < end:
            if before_tick is not None:
                before_tick(self.clock.now())
            result = self.worker.tick()
            if on_tick is not None:
                on_tick(result)
            wake = max(result.wake_at, self.clock.now() + timedelta(seconds=1))
            self.clock.wait_until(min(wake, end))

    def close(self) -> None:
        self.worker.close()

    def __enter__(self) -> AgentRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
