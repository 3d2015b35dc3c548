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
  1     BMD refused, cause in the message (see below)    by the message
  else  crash, signal, anything else                     retried later
  ====  ===============================================  ==========================

  Exit 1 is what BMD's own tools and ``syncsystem emulate bmd export`` return for *every*
  refusal; for it alone the agent reads BMD's dialog text (`classify_export_message`:
  Lizenz → licence, gesperrt → locked, kennwortgeschützt → password, Uhrzeit → clock).
* `FolderExporter` takes what BMD's scheduled export wrote into ``folder/<Mandant>/`` (files plus
  a ``cursor.json``/``cursor`` file); it cannot ask BMD for a fresh export, so it ships the newest.
* `OfficeExporter` adapts any object with the BMD emulator's ``export(out_dir, *, mandanten,
  since, clock)`` method; failures are classified by the error's class (``LicenceExpiredError`` …).
  The emulator itself is wired in by tests and the demo — production code never imports ``emulators``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from syncsystem.agent.exportfiles import (
    KINDS,
    ExportedFile,
    ExportFailedError,
    MandantExport,
    describe_dir,
    read_cursor,
)

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
    "classify_export_message",
    "describe_dir",
    "reason_of_exit",
]

EXIT_CODES = {2: "usage", 3: "licence", 4: "locked", 5: "password", 6: "clock"}
"""The export command contract: exit code → reason (0 is success; others not listed: retryable)."""
PERMANENT = frozenset({"usage", "licence", "password", "clock"})
"""Reasons a person must fix; everything else (locked, crash, timeout, other) is retried later."""
_BMD_TEXTS = (
    ("licence", re.compile(r"lizenz|licen[cs]e", re.IGNORECASE)),
    ("password", re.compile(r"kennwort|passwort|password", re.IGNORECASE)),
    ("clock", re.compile(r"uhrzeit|clock", re.IGNORECASE)),
    ("locked", re.compile(r"gesperrt|locked", re.IGNORECASE)),
)
# The emulator's (and BMD's) error classes → reasons, for the in-process `OfficeExporter`.
_ERROR_CLASSES = {
    "LicenceExpiredError": "licence", "DatabaseLockedError": "locked",
    "PasswordProtectedError": "password", "HostClockOffError": "clock",
    "UnknownMandantError": "usage", "OfficeNotFoundError": "usage",
    "ExportAbortedError": "crash", "ExportTimeoutError": "timeout",
}
_CHECKS = (
    ("licence", "BMD-Lizenz gültig", "BMD-Lizenzverwaltung: Lizenz verlängern (BMD-Betreuer)"),
    ("locked", "Buchhaltungsdatei nicht gesperrt",
     "in BMD nachsehen, wer die Firma exklusiv geöffnet hat (z. B. Jahresabschluss), und schließen lassen"),
    ("password", "Buchhaltungsdatei ohne Kennwort",
     "Kennwortschutz der Buchhaltung für den Export aufheben oder das Kennwort im Exportbefehl angeben"),
    ("clock", "Uhrzeit des BMD-Servers korrekt", "Uhr des BMD-Servers per NTP/Domäne stellen"),
)


def classify_export_message(message: str) -> bool:
    """True (retryable) unless BMD's text names a licence, password or clock problem."""
    return reason_of_message(message) not in PERMANENT


def reason_of_message(message: str) -> str:
    """The reason BMD's dialog text names (exit 1 only — see the module docstring)."""
    for reason, pattern in _BMD_TEXTS:
        if pattern.search(message):
            return reason
    return "other"


def reason_of_exit(code: int, message: str = "") -> str:
    """The reason for an export command's non-zero exit ``code`` under the contract."""
    if code == 1:
        return reason_of_message(message)
    return EXIT_CODES.get(code, "other")


def _failed(message: str, reason: str) -> ExportFailedError:
    return ExportFailedError(message, retryable=reason not in PERMANENT, reason=reason)


@dataclass(frozen=True, slots=True)
class Check:
    """One line of `syncsystem agent doctor`: ok or not, what was seen, and how to fix it."""

    name: str
    ok: bool
    detail: str
    hint: str = ""

    def to_json(self) -> dict[str, object]:
        return {"check": self.name, "ok": self.ok, "detail": self.detail, "hint": self.hint}


def bmd_checks(failure: str | None, detail: str) -> list[Check]:
    """The doctor's BMD checks after a probe: all ok, or the one that failed with its fix hint."""
    if failure is None:
        return [Check(name, True, "ok") for _, name, _ in _CHECKS]
    for reason, name, hint in _CHECKS:
        if reason == failure:
            return [Check(name, False, detail, hint)]
    return [Check("BMD-Export (Probelauf)", False, detail,
                  "Exportbefehl von Hand ausführen und die Meldung von BMD prüfen")]


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

    def __init__(self, argv: Sequence[str], *, timeout: float = 3600.0, check_argv: Sequence[str] = (),
                 probe_mandant: str = "", probe_since: int | None = None) -> None:
        if not argv:
            raise ExportFailedError("export.command is empty: configure BMD's export command line",
                                    retryable=False, reason="usage")
        self.argv, self.timeout, self.check_argv = tuple(argv), timeout, tuple(check_argv)
        self.probe_mandant, self.probe_since = probe_mandant, probe_since

    def _run(self, argv: list[str], mandant: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=self.timeout, check=False)
        except (FileNotFoundError, PermissionError) as exc:
            raise _failed(f"export command cannot be started: {argv[0]}: {exc.strerror}", "usage") from exc
        except subprocess.TimeoutExpired as exc:
            raise _failed(f"export of Mandant {mandant} took longer than {self.timeout:.0f} s",
                          "timeout") from exc

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = work_dir / mandant
        if out.exists():
            shutil.rmtree(out)  # leftovers of an interrupted export must not be shipped
        out.mkdir(parents=True)
        values = {"out_dir": str(out), "mandant": mandant, "since": "" if since is None else str(since)}
        argv = [a for a in (a.format(**values) for a in self.argv) if a != ""]
        done = self._run(argv, mandant)
        if done.returncode != 0:
            message = (done.stderr or done.stdout).strip()[-500:] or f"exit code {done.returncode}"
            reason = reason_of_exit(done.returncode, message)
            raise _failed(f"export of Mandant {mandant} failed (exit {done.returncode}, {reason}): "
                          f"{message}", reason)
        return MandantExport(mandant, describe_dir(out), read_cursor(out, mandant, done.stdout))

    def checks(self) -> list[Check]:
        exe = shutil.which(self.argv[0])
        found = Check("BMD-Exportschnittstelle erreichbar", exe is not None,
                      exe or f"{self.argv[0]} not found",
                      "" if exe else "Pfad von export.command in agent.toml prüfen")
        if exe is None:
            return [found]
        if self.check_argv:
            done = self._run(list(self.check_argv), self.probe_mandant or "-")
            message = (done.stderr or done.stdout).strip()[-300:] or f"exit code {done.returncode}"
            failure = None if done.returncode == 0 else reason_of_exit(done.returncode, message)
            return [found, *bmd_checks(failure, message)]
        if not self.probe_mandant:
            return [found]
        with tempfile.TemporaryDirectory(prefix="syncsystem-probe-") as tmp:
            try:
                self.export(self.probe_mandant, self.probe_since, Path(tmp))
            except ExportFailedError as exc:
                return [found, *bmd_checks(exc.reason, str(exc))]
        return [found, *bmd_checks(None, "")]


class FolderExporter:
    """Ships the newest export BMD wrote into ``folder/<Mandant>/`` (files + ``cursor.json``/``cursor``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        source = self.folder / mandant
        if not source.is_dir():
            raise ExportFailedError(f"{source}: BMD has not exported Mandant {mandant} into this folder",
                                    retryable=True, reason="other")
        cursor = read_cursor(source, mandant)
        if since is not None and cursor <= since:
            return MandantExport(mandant, (), since)  # nothing new since the last delivery
        return MandantExport(mandant, describe_dir(source), cursor)

    def checks(self) -> list[Check]:
        ok = self.folder.is_dir()
        return [Check("BMD-Exportordner erreichbar", ok, str(self.folder),
                      "" if ok else "export.folder in agent.toml prüfen / Freigabe verbinden")]


class ExportSource(Protocol):
    """The BMD emulator's office as far as the agent needs it (duck-typed: no import of emulators)."""

    def export(self, out_dir: Path, *, mandanten: Sequence[str] | None = None,
               since: Mapping[str, int | None] | None = None, clock: Any = None) -> Any:
        ...


def reason_of_error(exc: BaseException) -> str:
    """The reason an in-process BMD error stands for, by its class (and its bases)."""
    for cls in type(exc).__mro__:
        if cls.__name__ in _ERROR_CLASSES:
            return _ERROR_CLASSES[cls.__name__]
    return reason_of_message(str(exc))


class OfficeExporter:
    """Adapter for an in-process BMD office (the emulator in tests and the demo)."""

    def __init__(self, office: ExportSource, clock: Any = None) -> None:
        self.office, self.clock = office, clock

    def export(self, mandant: str, since: int | None, work_dir: Path) -> MandantExport:
        out = work_dir / mandant
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        try:
            result = self.office.export(out, mandanten=[mandant], since={mandant: since}, clock=self.clock)
        except ExportFailedError:
            raise
        except Exception as exc:  # the office raises its own BMD-named errors; classify by class
            reason = reason_of_error(exc)
            raise _failed(f"export of Mandant {mandant} failed ({reason}): {exc}", reason) from exc
        cursors = getattr(result, "cursors", {}) or {}
        if mandant not in cursors:
            raise _failed(f"export of Mandant {mandant} returned no cursor", "crash")
        # The emulator writes into out/<Mandant>/ (its layout for several Mandanten at once).
        folder = out / mandant if (out / mandant).is_dir() else out
        return MandantExport(mandant, describe_dir(folder), int(cursors[mandant]))

    def checks(self) -> list[Check]:
        reachable = Check("BMD-Exportschnittstelle erreichbar", True, "in process")
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
