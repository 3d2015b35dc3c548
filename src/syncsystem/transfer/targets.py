"""Delivery targets: the one protocol every client speaks, safe delivery, and the connection test.

A `Session` is a logged-in connection positioned in the target directory (folder, FTP, FTPS, SFTP
implement it in `folder`, `ftp_client`, `sftp_client`). On top of it, `deliver` uploads a file under
a temporary name (``NAME.part``) and renames it only when complete, so the receiver's BMD import
never sees half a file; a file that already exists is never overwritten — identical content counts
as delivered, different content is refused. `check_connection` walks login → write → read back →
delete and says which step failed. All failures are `TargetError` naming the step.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from syncsystem.errors import DeliveryError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "ConnectionTest",
    "Delivered",
    "Session",
    "StepResult",
    "TargetError",
    "check_connection",
    "deliver",
    "temp_name",
]

log = logging.getLogger(__name__)


class TargetError(DeliveryError):
    """A step against a delivery target failed. ``step`` names it (a German identifier, worded for
    the user by the catalogue); ``said`` is what went wrong, a catalogue message."""

    def __init__(self, step: str, said: Message, *, retryable: bool) -> None:
        super().__init__(mc.TGT_STEP_FAILED(step=_step_message(step), detail=said))
        self.step = step
        self.said = said
        self.retryable = retryable

    @property
    def detail(self) -> str:
        """What went wrong, in the language in use."""
        return str(self.said)

    def naming(self, name: str) -> TargetError:
        """The same failure saying which file it hit (unless it names one already, as a folder's
        OS error does): a run of several files otherwise leaves the reader guessing."""
        if self.said.code == mc.TGT_FILE_REASON.name:
            return self
        return TargetError(
            self.step, mc.TGT_FILE_REASON(file=name, reason=self.said), retryable=self.retryable
        )


class Session(Protocol):
    """A logged-in connection, positioned in the target directory."""

    def names(self) -> set[str]:
        """File names in the target directory."""
        ...

    def write(self, name: str, data: bytes) -> None: ...

    def read(self, name: str) -> bytes: ...

    def rename(self, old: str, new: str) -> None:
        """Rename; must fail rather than replace an existing ``new`` where the server allows."""
        ...

    def delete(self, name: str) -> None: ...

    def close(self) -> None: ...


Connect = Callable[[], Session]


def temp_name(name: str) -> str:
    """The name a file carries while it is being written (never matches ``*.csv``)."""
    return f"{name}.part"


@dataclass(frozen=True, slots=True)
class Delivered:
    name: str
    size: int
    sha256: str
    already_there: bool = False


def deliver(session: Session, name: str, data: bytes) -> Delivered:
    """Upload ``data`` as ``name`` via a temporary name; never overwrite a different file."""
    digest = hashlib.sha256(data).hexdigest()
    present = session.names()
    if name in present:
        existing = session.read(name)
        if hashlib.sha256(existing).hexdigest() == digest:
            log.info("transfer.deliver: %s already present with identical content", name)
            return Delivered(name, len(data), digest, already_there=True)
        raise TargetError(
            "Schreiben",
            mc.TGT_DIFFERENT(name=name),
            retryable=False,
        )
    part = temp_name(name)
    if part in present:  # left behind by an interrupted earlier attempt
        session.delete(part)
    try:
        session.write(part, data)
        session.rename(part, name)
    except TargetError as exc:
        raise exc.naming(name) from exc
    return Delivered(name, len(data), digest)


@dataclass(frozen=True, slots=True)
class StepResult:
    step: str
    ok: bool
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ConnectionTest:
    steps: tuple[StepResult, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.steps)

    @property
    def failed_step(self) -> str | None:
        return next((s.step for s in self.steps if not s.ok), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "failed_step": self.failed_step,
            "steps": [{"step": s.step, "ok": s.ok, "detail": s.detail} for s in self.steps],
            "notes": list(self.notes),
        }

    def text(self) -> str:
        lines = [
            f"{mc.TX_TEST_OK() if s.ok else mc.TX_TEST_ERROR()!s:<6} {_step(s.step)}"
            f"{': ' + s.detail if s.detail else ''}"
            for s in self.steps
        ]
        lines += [str(mc.TX_CLI_NOTE(note=n)) for n in self.notes]
        failed = self.failed_step
        lines.append(str(mc.TX_TEST_SUCCEEDED() if failed is None else mc.TX_TEST_FAILED(step=_step(failed))))
        return "\n".join(lines)


_STEPS = {  # the steps' names (German identifiers in JSON) as worded for the user
    "Anmelden": mc.TX_STEP_LOGIN,
    "Schreiben": mc.TX_STEP_WRITE,
    "Zurücklesen": mc.TX_STEP_READ,
    "Löschen": mc.TX_STEP_DELETE,
    "Verzeichnis": mc.TX_STEP_DIRECTORY,
}


def _step_message(step: str) -> Message:
    code = _STEPS.get(step)
    return code() if code is not None else mc.LEGACY_TEXT(text=step)


def _step(step: str) -> str:
    return str(_step_message(step))


def check_connection(connect: Connect, rng: random.Random, notes: tuple[str, ...] = ()) -> ConnectionTest:
    """Log in, write a probe file, read it back, delete it; stop at the first failing step."""
    steps: list[StepResult] = []
    probe = f"syncsystem-verbindungstest-{rng.getrandbits(32):08x}.txt"
    payload = f"syncsystem Verbindungstest {probe}\n".encode()
    try:
        session = connect()
    except TargetError as exc:
        return ConnectionTest((StepResult(exc.step, False, exc.detail),), notes)
    steps.append(StepResult("Anmelden", True))
    try:
        actions: list[tuple[str, Callable[[], object]]] = [
            ("Schreiben", lambda: session.write(probe, payload)),
            ("Zurücklesen", lambda: _check_read(session, probe, payload)),
            ("Löschen", lambda: session.delete(probe)),
        ]
        for step, action in actions:
            try:
                action()
            except TargetError as exc:
                steps.append(StepResult(step, False, exc.detail))
                break
            steps.append(StepResult(step, True))
    finally:
        # The verdict is in the steps; a failing QUIT changes nothing.
        with contextlib.suppress(TargetError):
            session.close()
    return ConnectionTest(tuple(steps), notes)


def _check_read(session: Session, name: str, expected: bytes) -> None:
    got = session.read(name)
    if got != expected:
        raise TargetError(
            "Zurücklesen",
            mc.TGT_READ_DIFFERS(got=len(got), expected=len(expected)),
            retryable=False,
        )
