"""The worker child's tasks: which ones a profile registers, and running the due ones once.

The resident timer starts ``python -m syncsystem.agent.tasks`` (this module's `main`). The profile
registers its tasks (`profile_tasks`): always the agent's sync (`syncsystem.agent.worker.Worker`),
and the scheduled transfer (`syncsystem.transfer.task.TransferTask`) when ``[transfer] state``
names a state folder — the transfer package is imported only then, so an agent without transfer
jobs never loads FTP/SFTP code. `TaskRunner.tick` runs every task that is due through the one
`syncsystem.tasks.Task` protocol, keeps a task's failure as its ``problem.NAME`` for the doctor
(cleared when it works again) without stopping the others, and writes the earliest next wake-up of
all tasks as the ``agenda`` the resident sleeps until.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from syncsystem.agent import fingerprint
from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import AgentConfig, load_config, read_token
from syncsystem.agent.renewal import Rotator, TokenRenewal
from syncsystem.agent.worker import Worker, build_exporter, write_agenda
from syncsystem.clock import Clock, SystemClock
from syncsystem.errors import EXIT_PROBLEMS, EXIT_USAGE, SyncsystemError
from syncsystem.logs import LOG_FORMATS, configure_logging
from syncsystem.tasks import Task, TaskResult

__all__ = ["TaskRunner", "main", "profile_tasks", "token_client"]

log = logging.getLogger("syncsystem.agent")


def token_client(config: AgentConfig) -> DatacenterClient:
    """A client with the profile's current token, read when it is made (a renewal replaces it)."""
    return DatacenterClient(
        config.datacenter_url,
        read_token(config.state_dir),
        ca_file=config.ca_file,
        timeout=config.timeout_seconds,
    )


def profile_tasks(
    config: AgentConfig,
    worker: Worker,
    clock: Clock,
    *,
    keyring: bool = True,
    renewal: Callable[[], Rotator] | None = None,
) -> list[Task]:
    """The tasks of one profile: the sync, the token's renewal, and the transfer state's jobs if
    ``[transfer]`` names one. ``keyring`` as `syncsystem transfer` (off with SYNCSYSTEM_NO_KEYRING);
    ``renewal`` makes the renewal's client (default: `token_client`)."""
    tasks: list[Task] = [worker, TokenRenewal(config.state_dir, renewal or (lambda: token_client(config)))]
    if config.transfer_state:
        from syncsystem.transfer.task import TransferTask  # noqa: PLC0415 - only agents with transfer jobs

        tasks.append(
            TransferTask(
                Path(config.transfer_state), clock, workstation=config.transfer_workstation, keyring=keyring
            )
        )
    return tasks


class TaskRunner:
    """Runs the due ones of ``tasks`` and leaves the earliest next wake-up in ``state_dir``'s agenda."""

    def __init__(
        self,
        tasks: Sequence[Task],
        *,
        clock: Clock,
        state_dir: Path,
        record_problem: Callable[[str, str], None],
    ) -> None:
        self.tasks, self.clock, self.state_dir = tuple(tasks), clock, state_dir
        self.record_problem = record_problem
        self.wake_at: datetime | None = None  # the agenda last written

    def tick(self) -> list[TaskResult]:
        """Run what is due now; the results of the tasks that ran, in registration order."""
        results: list[TaskResult] = []
        wakes: list[datetime] = []
        for task in self.tasks:
            now = self.clock.now()
            try:
                when = task.due(now)
                # A task may answer "now" by its own reading of the clock, a moment after ``now``.
                result = task.run(now) if when is not None and when <= self.clock.now() else None
            except SyncsystemError as exc:
                log.error("task %s: %s", task.name, exc)
                self.record_problem(task.name, str(exc))
                results.append(TaskResult(task.name, ok=False))
                continue  # tried again at the next wake-up of any task
            self.record_problem(task.name, "")
            if result is not None:
                results.append(result)
                when = result.wake_at
            if when is not None:
                wakes.append(when)
        if wakes and min(wakes) != self.wake_at:
            self.wake_at = min(wakes)
            write_agenda(self.state_dir, self.wake_at)
        return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the profile's due tasks once (the child process the resident timer starts)."""
    parser = argparse.ArgumentParser(
        prog="python -m syncsystem.agent.tasks", description="Run the agent's due work once and exit."
    )
    parser.add_argument("--state-dir", required=True, type=Path, help="the profile's folder")
    parser.add_argument("--log-level", default="INFO", type=str.upper)
    parser.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=os.environ.get("SYNCSYSTEM_LOG_FORMAT") or "text",
        help="text, or json: one object per line (default: SYNCSYSTEM_LOG_FORMAT or text)",
    )
    args = parser.parse_args(argv)
    configure_logging(args.log_level, sys.stderr, args.log_format)
    try:
        config = load_config(args.state_dir)
        read_token(args.state_dir)  # refuse early without one
        clock = SystemClock(config.tz)
        with Worker(
            config,
            clock=clock,
            exporter=build_exporter(config, clock=clock),
            client_factory=lambda: token_client(config),
        ) as worker:
            tasks = profile_tasks(config, worker, clock, keyring=not os.environ.get("SYNCSYSTEM_NO_KEYRING"))
            results = TaskRunner(
                tasks, clock=clock, state_dir=config.state_dir, record_problem=worker.record_problem
            ).tick()
            if results and all(r.ok for r in results):  # the doctor compares with this good run
                fingerprint.record(worker.outbox.set_meta, config, fingerprint.host())
    except SyncsystemError as exc:
        log.error("%s", exc)
        return exc.exit_code if exc.exit_code == EXIT_USAGE else EXIT_PROBLEMS
    return EXIT_PROBLEMS if any(not r.ok for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
