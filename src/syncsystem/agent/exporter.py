"""The BMD export interface as the agent sees it: one `Exporter` protocol, three ways to reach BMD.

* `CommandExporter` runs a configured export command line once per Mandant (BMD's own export
  tool, or ``syncsystem emulate bmd export … --flat --json``), with ``{out_dir}``, ``{mandant}``
  and ``{since}`` filled in. The command writes the Mandant's BMD files into ``out_dir`` and its
  new cursor into ``out_dir/cursor.json`` / ``out_dir/cursor`` (or prints it as JSON). Its exit
  code says what happened — the **export command contract**:

  ====  ===============================================  ==========================
  0     exported                                         —
  2     usage: the configured command line is wrong      reported at once
  3     BMD licence expired                              reported at once
  4     accounting database locked by a user             retried later
  5     accounting file password-protected               reported at once
  6     BMD host clock too far off for the DB login      reported at once
  7     BMD waits at a message box after login           reported at once
  1     any other refusal (BMD's message is kept)        retried later
  else  crash, signal, anything else                     retried later
  ====  ===============================================  ==========================

  ``syncsystem emulate bmd export`` exits by this contract; a wrapper around BMD's own tools that
  can only say 1 gets its export retried (at most five times per job, then the job fails with
  BMD's message) — the agent does not guess causes from message texts. The export's time per
  Mandant is taken from the command's JSON (``duration_seconds``) or ``cursor.json``, else measured.
* `FolderExporter` takes what BMD's scheduled export wrote into ``folder/<Mandant>/`` (files plus
  a ``cursor.json``/``cursor`` file); it cannot ask BMD for a fresh export, so it ships the newest.
* `OfficeExporter` adapts any object with the BMD emulator's ``export(out_dir, *, mandanten,
  since, clock, flat)`` method (duck-typed); its BMD errors carry their contract exit code
  (``exit_code``), so they are classified exactly like the command's, and its result's modelled
  ``duration_seconds`` becomes the Mandant's export time. The emulator itself is wired in by tests
  and the demo — production code never imports ``emulators``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from syncsystem.agent.exportfiles import (
    KINDS,
    ExportedFile,
    ExportFailedError,
    MandantExport,
    describe_dir,
    read_cursor,
    read_duration,
    read_name,
)
from syncsystem.clock import Clock
from syncsystem.errors import SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.protocol.values import wire_words

__all__ = [
    "EXIT_CODES",
    "KINDS",
    "Check",
    "CommandExporter",
    "ExportFailedError",
    "ExportedFile",
    "Exporter",
    "FolderExporter",
    "MandantExport",
    "OfficeExporter",
    "describe_dir",
    "reason_of_exit",
]

EXIT_CODES = {2: "usage", 3: "licence", 4: "locked", 5: "password", 6: "clock", 7: "dialog"}
"""The export command contract: exit code → reason (0 is success; others not listed: retryable)."""
PERMANENT = frozenset({"usage", "licence", "password", "clock", "dialog"})
"""Reasons a person must fix; everything else (locked, crash, timeout, other) is retried later."""
_CHECKS = (  # failure reason, the check's name and its fix (catalogue codes, worded when shown)
    ("licence", mc.DOC_LICENCE, mc.DOC_LICENCE_HINT),
    ("locked", mc.DOC_LOCKED, mc.DOC_LOCKED_HINT),
    ("password", mc.DOC_PASSWORD, mc.DOC_PASSWORD_HINT),
    ("clock", mc.DOC_BMD_CLOCK, mc.DOC_BMD_CLOCK_HINT),
    ("dialog", mc.DOC_DIALOG, mc.DOC_DIALOG_HINT),
)


def reason_of_exit(code: int) -> str:
    """The reason for an export command's non-zero exit ``code`` under the contract."""
    return EXIT_CODES.get(code, "other")


def _fresh_dir(out: Path) -> Path:
    if out.exists():
        shutil.rmtree(out)  # leftovers of an interrupted export must not be shipped
    out.mkdir(parents=True)
    return out


def _failed(message: Message, reason: str) -> ExportFailedError:
    """The export's failure: said by ``message``, reported in its English words (an older datacenter
    reads the Mandant and the reason from them; a newer one reads the message's values)."""
    return ExportFailedError(
        message, retryable=reason not in PERMANENT, reason=reason, words=wire_words(message)
    )


@dataclass(frozen=True, slots=True)
class Check:
    """One line of `syncsystem agent doctor`: ok or not, what was seen, and how to fix it — in the
    agent's words, and in ``said`` as the messages (``check``, ``detail``, ``hint``) that said them,
    where a catalogue message did (`Check.of`), for readers in another language."""

    name: str
    ok: bool
    detail: str
    hint: str = ""
    said: Mapping[str, Message] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, name: Message, ok: bool, detail: Message | str, hint: Message | str = "") -> Check:
        """The check worded in the agent's language, keeping each message."""
        parts = {"check": name, "detail": detail, "hint": hint}
        said = {key: part for key, part in parts.items() if isinstance(part, Message)}
        return cls(str(name), ok, str(detail), str(hint), said)

    def to_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "hint": self.hint}


def bmd_checks(failure: str | None, detail: Message | str) -> list[Check]:
    """The doctor's BMD checks after a probe: all ok, or the one that failed with its fix hint."""
    if failure is None:
        return [Check.of(name(), True, "ok") for _, name, _ in _CHECKS]
    for reason, name, hint in _CHECKS:
        if reason == failure:
            return [Check.of(name(), False, detail, hint())]
    return [Check.of(mc.DOC_PROBE(), False, detail, mc.DOC_PROBE_HINT())]


class Exporter(Protocol):
    """What the worker asks of BMD."""

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        """Export ``mandant``'s finalised postings after cursor ``since`` (None: everything)."""
        ...

    def checks(self) -> list[Check]:
        """Doctor checks: interface reachable, licence valid, accounting file usable."""
        ...


class CommandExporter:
    """Runs a configured export command per Mandant (see module docstring for the contract).

    ``check_argv`` (``export.check_command``) is run by the doctor and answers by the same exit
    codes; without it the doctor runs a probe export of ``probe_mandant`` into a scratch folder
    (cursor ``probe_since``: only what is new) and throws the files away.
    """

    def __init__(
        self,
        argv: Sequence[str],
        *,
        timeout: float = 3600.0,
        check_argv: Sequence[str] = (),
        probe_mandant: str = "",
        probe_since: int | None = None,
        clock: Clock | None = None,
    ) -> None:
        if not argv:
            raise ExportFailedError(mc.AG_EXPORT_NO_COMMAND(), retryable=False, reason="usage")
        self.argv, self.timeout, self.check_argv = tuple(argv), timeout, tuple(check_argv)
        self.probe_mandant, self.probe_since = probe_mandant, probe_since
        self.clock = clock  # measures the export when the command does not state its duration

    def _run(self, argv: list[str], mandant: str) -> subprocess.CompletedProcess[str]:
        try:
            # errors="replace": BMD's output in another code page must not crash the job
            return subprocess.run(
                argv, capture_output=True, text=True, errors="replace", timeout=self.timeout, check=False
            )
        except (FileNotFoundError, PermissionError) as exc:
            cannot = mc.AG_EXPORT_CANNOT_START(program=argv[0], error=str(exc.strerror))
            raise _failed(cannot, "usage") from exc
        except subprocess.TimeoutExpired as exc:
            took = mc.AG_EXPORT_TIMEOUT(mandant=mandant, seconds=f"{self.timeout:.0f}")
            raise _failed(took, "timeout") from exc

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = _fresh_dir(work_dir / mandant)
        values = {"out_dir": str(out), "mandant": mandant, "since": "" if since is None else str(since)}
        argv = [a for a in (a.format(**values) for a in self.argv) if a != ""]
        started = self.clock.monotonic() if self.clock is not None else None
        done = self._run(argv, mandant)
        if done.returncode != 0:
            output = (done.stderr or done.stdout).strip()[-500:] or mc.AG_EXPORT_EXIT_CODE(
                exit=done.returncode
            )
            reason = reason_of_exit(done.returncode)
            exit_ = mc.AG_EXPORT_EXIT(mandant=mandant, exit=done.returncode, kind=reason, output=output)
            raise _failed(exit_, reason)
        duration = read_duration(out, mandant, done.stdout)
        if duration is None and self.clock is not None and started is not None:
            duration = self.clock.monotonic() - started
        return MandantExport(
            mandant, describe_dir(out), read_cursor(out, mandant, done.stdout), duration, read_name(out)
        )

    def checks(self) -> list[Check]:
        exe = shutil.which(self.argv[0])
        found = Check.of(
            mc.DOC_EXPORT(),
            exe is not None,
            exe or mc.DOC_EXPORT_NOT_FOUND(program=self.argv[0]),
            "" if exe else mc.DOC_EXPORT_COMMAND_HINT(),
        )
        if exe is None:
            return [found]
        if self.check_argv:
            done = self._run(list(self.check_argv), self.probe_mandant or "-")
            message = (done.stderr or done.stdout).strip()[-300:] or f"exit code {done.returncode}"
            failure = None if done.returncode == 0 else reason_of_exit(done.returncode)
            return [found, *bmd_checks(failure, message)]
        if not self.probe_mandant:
            return [found]
        with tempfile.TemporaryDirectory(prefix="syncsystem-probe-") as tmp:
            try:
                self.export(self.probe_mandant, self.probe_since, Path(tmp))
            except ExportFailedError as exc:
                return [found, *bmd_checks(exc.reason, exc.message or str(exc))]
        return [found, *bmd_checks(None, "")]


class FolderExporter:
    """Ships the newest export BMD wrote into ``folder/<Mandant>/`` (files + ``cursor.json``/``cursor``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        source = self.folder / mandant
        if not source.is_dir():
            raise ExportFailedError(
                mc.AG_EXPORT_NOT_EXPORTED(source=str(source), mandant=mandant), retryable=True, reason="other"
            )
        cursor = read_cursor(source, mandant)
        if since is not None and cursor <= since:
            return MandantExport(mandant, (), since)  # nothing new since the last delivery
        return MandantExport(
            mandant, describe_dir(source), cursor, read_duration(source, mandant), read_name(source)
        )

    def checks(self) -> list[Check]:
        """The folder is there and can be listed (a share not connected, a file, no rights: failed)."""
        try:
            with os.scandir(self.folder):
                pass
        except OSError as exc:
            said = mc.DOC_UNREADABLE(path=str(self.folder), reason=os_reason(exc))
            return [Check.of(mc.DOC_EXPORT_FOLDER(), False, said, mc.DOC_EXPORT_FOLDER_HINT())]
        return [Check.of(mc.DOC_EXPORT_FOLDER(), True, str(self.folder))]


class ExportSource(Protocol):
    """The BMD emulator's office as far as the agent needs it (duck-typed: no import of emulators)."""

    def export(
        self,
        out_dir: Path,
        *,
        mandanten: Sequence[str] | None = None,
        since: Mapping[str, int] | None = None,
        clock: Any = None,
        flat: bool = False,
    ) -> Any: ...


def reason_of_error(exc: SyncsystemError) -> str:
    """The reason an in-process BMD error stands for: its contract exit code, as for a command."""
    return reason_of_exit(exc.exit_code)


class OfficeExporter:
    """Adapter for an in-process BMD office (the emulator in tests and the demo)."""

    def __init__(self, office: ExportSource, clock: Clock | None = None) -> None:
        self.office, self.clock = office, clock

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = _fresh_dir(work_dir / mandant)
        try:
            result = self.office.export(
                out,
                mandanten=[mandant],
                clock=self.clock,
                flat=True,
                since={} if since is None else {mandant: since},
            )
        except ExportFailedError:
            raise
        except SyncsystemError as exc:  # BMD's own errors, each with its contract exit code
            reason = reason_of_error(exc)
            error = exc.message or str(exc)
            raise _failed(mc.AG_EXPORT_BMD_FAILED(mandant=mandant, kind=reason, error=error), reason) from exc
        part = next((m for m in getattr(result, "mandanten", ()) if m.mandant == mandant), None)
        if part is None:
            raise _failed(mc.AG_EXPORT_NO_RESULT(mandant=mandant), "crash")
        return MandantExport(
            mandant,
            describe_dir(out),
            int(part.cursor_to),
            float(part.duration_seconds),
            str(getattr(part, "name", "") or ""),
        )

    def checks(self) -> list[Check]:
        reachable = Check.of(mc.DOC_EXPORT(), True, "in process")
        status = getattr(self.office, "status", None)
        if status is None:
            return [reachable]
        problems = [str(p) for p in status()]
        if not problems:
            return [reachable, *bmd_checks(None, "")]
        checks = [reachable]
        for problem in problems:
            checks.extend(bmd_checks(problem.split(" ", 1)[0], f"BMD meldet: {problem}"))
        return checks
