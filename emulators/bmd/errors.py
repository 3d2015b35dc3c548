"""Errors of the BMD emulator, named after what BMD NTCS tells its users.

Every error derives from :class:`BmdError`, which is an :class:`~syncsystem.errors.ExportError`
(BMD's interface failed), so the product's error handling treats the emulator like the real thing.
Messages are German, in the tone of BMD's own dialogs; each class names the real situation.
Refused imports carry their data problems (``file:line:field: message``) like a ``DataError``.

Each class carries the exit code ``syncsystem emulate bmd …`` ends with when it is raised — the
agent's export command contract (`syncsystem.agent.exporter`): 2 usage (unknown Firma, no office),
3 licence expired, 4 database locked, 5 password-protected, 6 host clock off, 1 every other
refusal (export aborted, timeout, refused import).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from syncsystem.errors import EXIT_PROBLEMS, EXIT_USAGE, ExportError, Problem

__all__ = [
    "EXIT_CLOCK",
    "EXIT_DIALOG",
    "EXIT_LICENCE",
    "EXIT_LOCKED",
    "EXIT_PASSWORD",
    "BmdError",
    "DatabaseLockedError",
    "ExportAbortedError",
    "ExportTimeoutError",
    "HostClockOffError",
    "ImportRefusedError",
    "LicenceExpiredError",
    "LoginDialogError",
    "OfficeNotFoundError",
    "PasswordProtectedError",
    "UnknownMandantError",
    "bmd_wording",
]


EXIT_LICENCE = 3
EXIT_LOCKED = 4
EXIT_PASSWORD = 5
EXIT_CLOCK = 6
EXIT_DIALOG = 7


class BmdError(ExportError):
    """Base of every error the BMD emulator raises (exit 1 unless a class says otherwise)."""

    exit_code = EXIT_PROBLEMS


class LicenceExpiredError(BmdError):
    """BMD NTCS refuses to start: the licence (Lizenz) has run out."""

    exit_code = EXIT_LICENCE

    def __init__(self, expired_on: date) -> None:
        self.expired_on = expired_on
        super().__init__(
            f"BMD NTCS: Ihre Lizenz ist am {expired_on:%d.%m.%Y} abgelaufen. "
            "Bitte wenden Sie sich an Ihren BMD-Betreuer (Lizenzverwaltung)."
        )


class DatabaseLockedError(BmdError):
    """Another user holds the Mandant's accounting database exclusively (e.g. a Jahresabschluss)."""

    exit_code = EXIT_LOCKED

    def __init__(self, mandant: str, user: str) -> None:
        self.mandant = mandant
        self.user = user
        super().__init__(
            f"BMD NTCS: Die Datenbank der Firma {mandant} ist durch den Benutzer {user} gesperrt. "
            "Bitte versuchen Sie es später erneut."
        )


class PasswordProtectedError(BmdError):
    """The accounting file (Buchhaltungsdatei) has a password and none or a wrong one was given."""

    exit_code = EXIT_PASSWORD

    def __init__(self, mandant: str, *, given: bool) -> None:
        self.mandant = mandant
        detail = "Das eingegebene Kennwort ist falsch." if given else "Bitte geben Sie das Kennwort ein."
        super().__init__(f"BMD NTCS: Die Buchhaltung der Firma {mandant} ist kennwortgeschützt. {detail}")


class ExportAbortedError(BmdError):
    """The export program stopped half way; the files written so far are left behind, incomplete."""

    def __init__(self, mandant: str, written: Iterable[str]) -> None:
        self.mandant = mandant
        self.written = tuple(written)
        super().__init__(
            f"BMD NTCS: Der Export der Firma {mandant} wurde unerwartet abgebrochen "
            f"(Laufzeitfehler). Unvollständige Dateien: {', '.join(self.written) or 'keine'}."
        )


class ExportTimeoutError(BmdError):
    """The export did not finish within the time the caller allowed (slow BMD host)."""

    def __init__(self, mandant: str, seconds: float, limit: float) -> None:
        self.mandant = mandant
        self.seconds = seconds
        super().__init__(
            f"BMD NTCS: Zeitüberschreitung beim Export der Firma {mandant}: nach {limit:.0f} s "
            f"abgebrochen (erwartete Dauer {seconds:.0f} s)."
        )


class HostClockOffError(BmdError):
    """The BMD host's clock is so far off that the Windows/SQL login (Kerberos, ±5 min) fails."""

    exit_code = EXIT_CLOCK

    def __init__(self, minutes: float, host_time: datetime) -> None:
        self.minutes = minutes
        self.host_time = host_time
        super().__init__(
            "BMD NTCS: Anmeldung an der Datenbank fehlgeschlagen: Die Uhrzeit des Servers "
            f"({host_time:%d.%m.%Y %H:%M}) weicht um {minutes:+.0f} Minuten ab "
            "(erlaubt sind höchstens 5 Minuten)."
        )


class LoginDialogError(BmdError):
    """BMD NTCS shows a message right after login (news, a version note) and waits for a click: an
    unattended export stops there until the dialog is switched off for the export's BMD user."""

    exit_code = EXIT_DIALOG

    def __init__(self) -> None:
        super().__init__(
            "BMD NTCS: Nach der Anmeldung wartet ein Meldungsfenster auf Bestätigung "
            "(„Neuigkeiten in dieser Version“); der Export wurde nicht gestartet."
        )


class ImportRefusedError(BmdError):
    """An import file was refused as a whole (nothing of it was imported); carries every problem."""

    def __init__(self, file: str, problems: Iterable[Problem]) -> None:
        self.file = file
        self.problems: tuple[Problem, ...] = tuple(problems)
        shown = "\n".join(bmd_wording(p) for p in self.problems[:20])
        more = f"\n… und {len(self.problems) - 20} weitere" if len(self.problems) > 20 else ""
        super().__init__(
            f"BMD NTCS: Import von {file} abgebrochen, keine Daten übernommen "
            f"({len(self.problems)} Fehler):\n{shown}{more}"
        )


def bmd_wording(problem: Problem) -> str:
    """A problem as BMD's import log words it: ``Zeile 4, Feld steuercode: Steuercode 99 …``."""
    where = [f"Zeile {problem.line}"] if problem.line else []
    if problem.field:
        where.append(f"Feld {problem.field}")
    return f"{', '.join(where)}: {problem.message}" if where else problem.message


class UnknownMandantError(BmdError):
    """The Mandant (Firma) number is not part of this office."""

    exit_code = EXIT_USAGE

    def __init__(self, mandant: str, known: Iterable[str]) -> None:
        self.mandant = mandant
        super().__init__(f"BMD NTCS: Firma {mandant} ist nicht vorhanden (vorhanden: {', '.join(known)}).")


class OfficeNotFoundError(BmdError):
    """The office directory holds no emulated BMD installation (or a damaged one)."""

    exit_code = EXIT_USAGE
