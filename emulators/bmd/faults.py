"""Where injected faults meet an export or import call: the BMD host as the call sees it.

A :class:`FaultGate` wraps one call. It loads the fault plan from ``control.json``, asks it at
each point where the real BMD can fail — logging in (licence, host clock), opening a Mandant
(lock, password), running the export (slow, crash) — raises the matching error from
:mod:`emulators.bmd.errors`, and saves the plan back (consumed faults, random draws) when the call
ends, failed or not. It also keeps the host's view of time: the caller's clock (or the office's
simulated now) plus the time the export has taken so far plus the host clock's offset.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from types import TracebackType

from syncsystem.clock import Clock

from .books import MandantInfo
from .control import FaultPlan
from .errors import (
    DatabaseLockedError,
    ExportTimeoutError,
    HostClockOffError,
    LicenceExpiredError,
    LoginDialogError,
    PasswordProtectedError,
)

__all__ = ["CLOCK_TOLERANCE_MINUTES", "FaultGate"]

CLOCK_TOLERANCE_MINUTES = 5.0
"""Kerberos' default: a Windows/SQL Server login fails beyond five minutes of clock difference."""


class FaultGate:
    """The fault checkpoints of one call to the export or import interface."""

    def __init__(self, directory: Path, operation: str, clock: Clock | None, office_now: datetime) -> None:
        self.directory = directory
        self.operation = operation
        self.clock = clock
        self.office_now = office_now
        self.plan = FaultPlan.load(directory)
        self.elapsed = 0.0
        self.skew_minutes = 0.0

    def __enter__(self) -> FaultGate:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.plan.save(self.directory)

    def host_now(self) -> datetime:
        """What the BMD host's clock shows now."""
        if self.clock is not None:
            base = self.clock.now()
        else:
            base = self.office_now + timedelta(seconds=self.elapsed)
        return base + timedelta(minutes=self.skew_minutes)

    def wait(self, seconds: float) -> None:
        self.elapsed += seconds
        if self.clock is not None:
            self.clock.sleep(seconds)

    def login(self) -> None:
        """Starting BMD NTCS and logging in to its database."""
        clock = self.plan.trigger(self.operation, "clock")
        if clock is not None:
            self.skew_minutes = clock.minutes
            if abs(clock.minutes) > CLOCK_TOLERANCE_MINUTES:
                raise HostClockOffError(clock.minutes, self.host_now())
        if self.plan.trigger(self.operation, "licence") is not None:
            raise LicenceExpiredError(self.host_now().date() - timedelta(days=1))
        if self.plan.trigger(self.operation, "dialog") is not None:
            raise LoginDialogError()

    def open_mandant(self, info: MandantInfo, password: str) -> None:
        """Opening one Mandant's accounting database."""
        locked = self.plan.trigger(self.operation, "locked", info.nr)
        if locked is not None:
            raise DatabaseLockedError(info.nr, locked.user or info.licence_user)
        protected = self.plan.trigger(self.operation, "password", info.nr)
        if protected is not None and not (protected.password and password == protected.password):
            raise PasswordProtectedError(info.nr, given=bool(password))

    def slow_factor(self, mandant: str) -> float:
        slow = self.plan.trigger(self.operation, "slow", mandant)
        return slow.factor if slow is not None else 1.0

    def crashes(self, mandant: str) -> bool:
        """Whether a crash fault kills this Mandant's export half way."""
        return self.plan.trigger(self.operation, "crash", mandant) is not None

    def run_for(self, mandant: str, seconds: float, timeout: float | None) -> None:
        """The export's running time passes (on the caller's clock, if any)."""
        if timeout is not None and seconds > timeout:
            self.wait(timeout)
            raise ExportTimeoutError(mandant, seconds, timeout)
        self.wait(seconds)
