"""The one small protocol through which the agent's resident service runs its work: a `Task`.

A task has a ``name``, says when it is next ``due`` (``now`` or earlier: run it; ``None``: nothing
planned) and ``run``s its due work, answering a `TaskResult`: whether it went well, when it is due
next and the summary events of the run. A task that cannot work at all (a missing folder, a broken
store) raises a `syncsystem.errors.SyncsystemError`; the runner keeps its message as the task's
problem for the doctor and goes on with the other tasks. The agent's sync is one task, a `syncsystem transfer`
state's scheduled jobs another; `syncsystem.agent.tasks` registers them from the profile and runs
them. This module knows neither: it imports only the standard library's typing and dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

__all__ = ["Task", "TaskResult"]


@dataclass(frozen=True, slots=True)
class TaskResult:
    """What one run of a task did."""

    name: str
    ok: bool
    wake_at: datetime | None = None
    events: tuple[Mapping[str, object], ...] = ()


class Task(Protocol):
    """Work the resident runs when it is due."""

    @property
    def name(self) -> str: ...

    def due(self, now: datetime) -> datetime | None: ...

    def run(self, now: datetime) -> TaskResult: ...
