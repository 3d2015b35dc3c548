"""Control plane of the BMD emulator: faults, their random source, and read-only inspection.

Faults are kept in ``control.json`` in the office directory so that a separate process (the
agent, the CLI) sees what a test or an operator set. Each fault fires either on the next call(s)
(``times``) or with a ``probability`` on every call, optionally only for one Mandant; the draws
come from a ``random.Random`` seeded by ``seed`` and the number of draws so far (persisted), so a
run with faults is as reproducible as one without. Kinds and the error each raises:

==========  ========================================================================
licence     :class:`LicenceExpiredError` at login (export and import)
locked      :class:`DatabaseLockedError` for the Mandant (export and import)
password    :class:`PasswordProtectedError` unless the call passes the fault's password
crash       :class:`ExportAbortedError` half way; the files written so far stay behind
slow        the export takes ``factor`` times longer (simulated); with a timeout given to
            ``export`` it raises :class:`ExportTimeoutError`
clock       the BMD host's clock is off by ``minutes``: timestamps shift; beyond ±5 minutes
            the database login fails with :class:`HostClockOffError`
==========  ========================================================================
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .workdays import derive_rng

__all__ = ["CONTROL_FILE", "FAULT_KINDS", "Fault", "FaultPlan"]

CONTROL_FILE = "control.json"
FAULT_KINDS = ("licence", "locked", "password", "crash", "slow", "clock", "dialog")
_OPERATIONS = {
    "licence": ("export", "import"),
    "locked": ("export", "import"),
    "password": ("export", "import"),
    "crash": ("export",),
    "slow": ("export",),
    "clock": ("export", "import"),
    "dialog": ("export", "import"),  # a message box right after login: unattended, nobody clicks it
}


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected fault. ``times`` None with ``probability`` 1.0 means: always, until cleared."""

    kind: str
    probability: float = 1.0
    times: int | None = 1
    mandant: str | None = None
    minutes: float = 0.0
    factor: float = 10.0
    password: str = ""
    user: str = ""

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {self.kind!r}; known: {', '.join(FAULT_KINDS)}")
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError(f"probability must be between 0 and 1, not {self.probability}")


@dataclass
class FaultPlan:
    """The faults of an office and the state of their random source, as stored in control.json."""

    seed: int = 0
    draws: int = 0
    faults: list[Fault] = field(default_factory=list)

    @classmethod
    def load(cls, directory: Path) -> FaultPlan:
        path = Path(directory) / CONTROL_FILE
        if not path.is_file():
            return cls()
        data: Mapping[str, Any] = json.loads(path.read_text("utf-8"))
        return cls(
            int(data.get("seed", 0)), int(data.get("draws", 0)), [Fault(**f) for f in data.get("faults", [])]
        )

    def save(self, directory: Path) -> None:
        payload = {"seed": self.seed, "draws": self.draws, "faults": [asdict(f) for f in self.faults]}
        fd, tmp = tempfile.mkstemp(prefix=".control.", dir=directory)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(payload, handle, indent=2)
        os.replace(tmp, Path(directory) / CONTROL_FILE)

    def trigger(self, operation: str, kind: str, mandant: str | None = None) -> Fault | None:
        """The fault of ``kind`` that fires for this call, if any (consuming one of its ``times``)."""
        for index, fault in enumerate(self.faults):
            if fault.kind != kind or operation not in _OPERATIONS[kind]:
                continue
            if fault.mandant is not None and mandant is not None and fault.mandant != mandant:
                continue
            if fault.probability < 1.0:
                self.draws += 1
                if derive_rng("faults", self.seed, self.draws).random() >= fault.probability:
                    continue
            if fault.times is not None:
                left = fault.times - 1
                if left <= 0:
                    del self.faults[index]
                else:
                    self.faults[index] = Fault(**{**asdict(fault), "times": left})
            return fault
        return None
