"""The agent side of the demo: enrolment over HTTPS, BMD through the emulator, the tick loop.

BMD is reached through the agent's own `OfficeExporter` over the in-process `emulators.bmd.Office`;
the profile written at enrolment names the emulator's export CLI as its export
command, so ``syncsystem agent doctor``/``run`` on a kept ``--state`` folder reach the same office.
`RecordingClient` is the agent's real `DatacenterClient` with a log of every upload and its answer
— the evidence for the exactly-once check. `AgentRunner` repeats what the resident timer does (tick
the worker, sleep until its planned wake-up) on a `SimulatedClock` and keeps every Mandant export
of the sealed jobs (`MandantRun`: cursor range, rows, bytes, BMD's modelled duration).
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from emulators.bmd import Office

from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import (
    TOKEN_NAME,
    AgentConfig,
    ExportSettings,
    read_token,
    save_config,
    write_token,
)
from syncsystem.agent.exporter import Exporter
from syncsystem.agent.jobs import MandantRun
from syncsystem.agent.tasks import TaskRunner, profile_tasks
from syncsystem.agent.worker import OUTBOX_NAME, Client, TickResult, Worker
from syncsystem.clock import Clock, SimulatedClock
from syncsystem.errors import RemoteError
from syncsystem.messages import Message
from syncsystem.protocol.messages import PollResponse, UploadAck
from syncsystem.protocol.reports import ProgressEvent
from syncsystem.tasks import TaskResult

__all__ = ["AgentRunner", "RecordingClient", "UploadRecord", "emulator_export_command", "enrol"]


def emulator_export_command(office: Office, *prefix: str) -> tuple[str, ...]:
    """The emulator's export CLI as an agent ``export.command`` (placeholders filled in by the agent);
    ``prefix`` goes in front (a wrapper such as ``timeout``)."""
    return (
        *prefix,
        sys.executable,
        "-c",
        "import sys; from syncsystem.cli import main; sys.exit(main())",
        "emulate",
        "bmd",
        "export",
        "--office",
        str(office.path),
        "--mandant",
        "{mandant}",
        "--since={since}",
        "--out",
        "{out_dir}",
        "--flat",
        "--json",
    )


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

    def fail(self, request_id: str, reason: str, detail: Message | None = None) -> None:
        self.client.fail(request_id, reason, detail)

    def report_refused(
        self, bundle_id: str, reason: str, mandanten: Sequence[str], detail: Mapping[str, Any] | None = None
    ) -> None:
        self.client.report_refused(bundle_id, reason, mandanten, detail)

    def report_progress(self, request_id: str, events: Sequence[ProgressEvent]) -> None:
        self.client.report_progress(request_id, events)

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
    export_command: Sequence[str],
    name: str = "kanzlei-server",
    clock: Clock | None = None,
) -> tuple[AgentConfig, str]:
    """``syncsystem agent enrol`` in process: trade the code for a token, write the profile."""
    with DatacenterClient(url, ca_file=str(ca_file), timeout=30) as client:
        answer = client.enrol(code, name, mandanten=mandanten)
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
        export=ExportSettings(kind="command", command=tuple(export_command)),
    )
    config.validate()
    write_token(state_dir, answer.token, answer.token_expires_at, None if clock is None else clock.now())
    save_config(config)
    return config, answer.token


class AgentRunner:
    """One agent profile driven on a simulated clock: the worker ticks, the clock jumps between."""

    def __init__(
        self,
        config: AgentConfig,
        token: str,
        clock: SimulatedClock,
        exporter: Exporter,
        *,
        client_factory: Callable[[], Client] | None = None,
        transfer_keyring: bool = True,
    ) -> None:
        """``client_factory`` replaces the HTTPS client (in-process fakes); ``uploads`` then stays empty."""
        self.config, self.clock = config, clock
        self.uploads: list[UploadRecord] = []
        self.exports: list[tuple[str, MandantRun]] = []  # (job kind, Mandant export) of sealed jobs

        def client() -> Client:
            # The profile's current token: the agent renews it by itself (`agent.renewal`).
            current = read_token(config.state_dir) if (config.state_dir / TOKEN_NAME).exists() else token
            real = DatacenterClient(
                config.datacenter_url, current, ca_file=config.ca_file, timeout=config.timeout_seconds
            )
            return RecordingClient(real, clock, self.uploads)

        # One worker for the whole run (it keeps the outbox open); without fsync per commit, which
        # guards against power loss, not against anything a simulation does.
        self.worker = Worker(
            config, clock=clock, exporter=exporter, client_factory=client_factory or client, durable=False
        )
        # The profile's tasks as the worker child runs them: the sync, and transfer jobs if configured.
        self.tasks = TaskRunner(
            profile_tasks(config, self.worker, clock, keyring=transfer_keyring),
            clock=clock,
            state_dir=config.state_dir,
            record_problem=self.worker.record_problem,
        )
        self.task_runs: list[tuple[datetime, TaskResult]] = []  # (when, result) of every task that ran

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
            now = self.clock.now()
            ran = self.tasks.tick()
            self.task_runs += [(now, r) for r in ran]
            result = self.worker.last if any(r.name == self.worker.name for r in ran) else None
            if result is not None:
                self.exports += [(job.kind, run) for job in result.jobs for run in job.exports]
                if on_tick is not None:
                    on_tick(result)
            wake = max(
                self.tasks.wake_at or now + timedelta(minutes=1), self.clock.now() + timedelta(seconds=1)
            )
            self.clock.wait_until(min(wake, end))

    def close(self) -> None:
        self.worker.close()

    def __enter__(self) -> AgentRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
