"""The task runner: runs only due tasks, writes the earliest wake-up of all as the agenda, keeps a
failing task's message as its problem (cleared when it works again) and goes on with the others."""

from __future__ import annotations

import base64
import contextlib
import io
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.agent.resident import read_agenda
from syncsystem.agent.tasks import TaskRunner
from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.errors import ConfigError
from syncsystem.runtime import Runtime
from syncsystem.tasks import TaskResult

START = datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ)


@dataclass
class Every:
    """A task due every ``minutes`` from START; ``broken`` makes it raise like a missing folder."""

    name: str
    minutes: int
    broken: bool = False
    runs: list[datetime] = field(default_factory=list)

    def _next(self, now: datetime) -> datetime:
        done = len(self.runs)
        return START + timedelta(minutes=self.minutes * done)

    def due(self, now: datetime) -> datetime | None:
        if self.broken:
            raise ConfigError(f"{self.name}: Ordner fehlt")
        return self._next(now)

    def run(self, now: datetime) -> TaskResult:
        self.runs.append(now)
        return TaskResult(self.name, True, self._next(now), events=({"outcome": "ok"},))


def test_runner_runs_due_tasks_and_sleeps_until_the_earliest(tmp_path: Path) -> None:
    """Two tasks every 30 and 45 minutes: each runs exactly at its own times; the agenda is always
    the sooner of the two next times (hand-computed table)."""
    clock = SimulatedClock(START)
    problems: dict[str, str] = {}
    a, b = Every("a", 30), Every("b", 45)
    runner = TaskRunner([a, b], clock=clock, state_dir=tmp_path, record_problem=problems.__setitem__)
    agendas = []
    while clock.now() < START + timedelta(minutes=91):
        runner.tick()
        due = read_agenda(str(tmp_path))
        assert due is not None
        agendas.append(datetime.fromtimestamp(due, DEFAULT_TZ))
        clock.wait_until(agendas[-1])
    minutes = [int((t - START).total_seconds() // 60) for t in agendas]
    assert minutes == [30, 45, 60, 90, 120]
    assert [int((t - START).total_seconds() // 60) for t in a.runs] == [0, 30, 60, 90]
    assert [int((t - START).total_seconds() // 60) for t in b.runs] == [0, 45, 90]
    assert problems == {"a": "", "b": ""}


def test_a_failing_task_is_a_problem_and_the_others_go_on(tmp_path: Path) -> None:
    """A task that raises: its message is kept as its problem, the other task runs and sets the
    agenda; once it works again the problem is cleared."""
    clock = SimulatedClock(START)
    problems: dict[str, str] = {}
    good, bad = Every("sync", 30), Every("transfer", 15, broken=True)
    runner = TaskRunner([bad, good], clock=clock, state_dir=tmp_path, record_problem=problems.__setitem__)
    results = runner.tick()
    assert [(r.name, r.ok) for r in results] == [("transfer", False), ("sync", True)]
    assert problems == {"transfer": "transfer: Ordner fehlt", "sync": ""}
    assert read_agenda(str(tmp_path)) == (START + timedelta(minutes=30)).timestamp()
    bad.broken = False
    runner.tick()
    assert problems["transfer"] == "" and len(bad.runs) == 1


def test_agent_run_hands_the_json_log_format_to_the_worker_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``syncsystem --log-format json agent run`` starts the resident with SYNCSYSTEM_LOG_FORMAT=json
    in its environment (which the worker child inherits); without the option it is not set."""
    config = AgentConfig(
        profile="kanzlei",
        state_dir=tmp_path / "home" / "kanzlei",
        agent_id="a-1",
        office_id="office-1",
        datacenter_url="https://dc.example",
        public_key_b64=base64.b64encode(bytes(32)).decode(),
        mandanten=("1001",),
        export=ExportSettings(kind="folder", folder=str(tmp_path / "bmd")),
    )
    save_config(config)
    write_token(config.state_dir, "tok-secret")
    started: list[dict[str, str]] = []

    def execve(path: str, argv: list[str], env: dict[str, str]) -> None:
        started.append(env)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execve", execve)
    monkeypatch.delenv("SYNCSYSTEM_LOG_FORMAT", raising=False)
    runtime = Runtime(SimulatedClock(START), {}, io.StringIO(), io.StringIO(), tmp_path)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    profile = ["--home", str(tmp_path / "home"), "--profile", "kanzlei"]
    try:
        for argv in (["--log-format", "json"], []):
            with contextlib.suppress(SystemExit):
                run([*argv, "agent", "run", *profile], runtime)
    finally:
        root.handlers[:], root.level = handlers, level
    assert [env.get("SYNCSYSTEM_LOG_FORMAT") for env in started] == ["json", None]
