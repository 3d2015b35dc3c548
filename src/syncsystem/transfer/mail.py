"""Failure mail: when to write (a pure escalation rule), what to write, and sending it over SMTP.

Escalation: the first failure of a streak sends one failure mail; further failures stay quiet except
a reminder after every ``reminder_after`` failures; the first success after a mailed streak sends an
all-clear. If a failure mail could not be sent, the next failure tries again (``alerted`` stays
false), so a streak is never silently unreported. Mails go through the configured SMTP server with
STARTTLS (certificate verified) and AUTH; the password is never logged.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from enum import StrEnum

from syncsystem.errors import DeliveryError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import MailSettings
from syncsystem.transfer.secrets import Secret

__all__ = ["MailError", "MailKind", "Streak", "compose", "escalate", "send_mail"]

log = logging.getLogger(__name__)


class MailError(DeliveryError):
    """The notification mail could not be sent; the message names the SMTP step."""


class MailKind(StrEnum):
    FAILURE = "failure"
    REMINDER = "reminder"
    ALL_CLEAR = "all-clear"
    TEST = "test"


@dataclass(frozen=True, slots=True)
class Streak:
    failures: int = 0
    alerted: bool = False


def escalate(streak: Streak, succeeded: bool, reminder_after: int) -> tuple[Streak, MailKind | None]:
    """The streak after one run's outcome and the mail (if any) that outcome calls for.

    The returned streak assumes the mail will be sent; callers that fail to send a FAILURE mail keep
    ``alerted=False`` so the next failure retries it.
    """
    if succeeded:
        return Streak(), (MailKind.ALL_CLEAR if streak.alerted else None)
    failures = streak.failures + 1
    if not streak.alerted:
        return Streak(failures, True), MailKind.FAILURE
    if failures % max(reminder_after, 1) == 0:
        return Streak(failures, True), MailKind.REMINDER
    return Streak(failures, True), None


_SUBJECTS = {
    MailKind.FAILURE: "Buchhaltungsexport {job} fehlgeschlagen",
    MailKind.REMINDER: "Erinnerung: Buchhaltungsexport {job} schlägt weiter fehl ({failures}×)",
    MailKind.ALL_CLEAR: "Entwarnung: Buchhaltungsexport {job} läuft wieder",
    MailKind.TEST: "Test-E-Mail des Buchhaltungsexports {job}",
}


def compose(
    kind: MailKind, settings: MailSettings, job: str, when: datetime, *, failures: int = 0, error: str = ""
) -> EmailMessage:
    """The German notification mail of ``kind`` for ``job``."""
    msg = EmailMessage()
    msg["Subject"] = _SUBJECTS[kind].format(job=job, failures=failures)
    msg["From"] = settings.sender
    msg["To"] = settings.to or ""
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_host or "syncsystem.local")
    msg["X-Syncsystem-Mail"] = kind.value
    stamp = f"{when:%d.%m.%Y %H:%M} ({when:%z})"
    body = {
        MailKind.FAILURE: f"Der automatische Buchhaltungsexport {job!r} ist am {stamp} fehlgeschlagen.\n\n"
        f"Fehler: {error}\n\nDer Export wird zum nächsten Termin erneut versucht; es geht nichts verloren.",
        MailKind.REMINDER: f"Der Buchhaltungsexport {job!r} ist {failures}-mal hintereinander "
        f"fehlgeschlagen, zuletzt am {stamp}.\n\nLetzter Fehler: {error}",
        MailKind.ALL_CLEAR: f"Der Buchhaltungsexport {job!r} war am {stamp} wieder erfolgreich.\n"
        f"Alle ausstehenden Zeiträume wurden übertragen.",
        MailKind.TEST: f"Diese Test-E-Mail bestätigt, dass Fehlermeldungen des Buchhaltungsexports {job!r} "
        f"ankommen ({stamp}).",
    }[kind]
    # quoted-printable keeps the mail 7-bit clean for servers without 8BITMIME.
    msg.set_content(body + "\n\n-- \nsyncsystem\n", cte="quoted-printable")
    return msg


def send_mail(
    settings: MailSettings, password: Secret | None, message: EmailMessage, timeout: float = 30
) -> None:
    """Send ``message`` through the configured server: connect, STARTTLS, AUTH, send."""
    if not settings.to or not settings.smtp_host:
        raise MailError(mc.MAIL_NOT_CONFIGURED())
    step: Message | str = mc.MAIL_STEP_CONNECT()  # a catalogue word, or STARTTLS (the same in both)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                step = "STARTTLS"
                smtp.starttls(context=ssl.create_default_context(cafile=settings.ca_file))
                smtp.ehlo()
            if settings.smtp_user:
                step = mc.TX_STEP_LOGIN()
                smtp.login(settings.smtp_user, password.reveal() if password else "")
            step = mc.MAIL_STEP_SEND()
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(mc.MAIL_LOGIN_DENIED(step=step, code=exc.smtp_code)) from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise MailError(mc.MAIL_NOT_SUPPORTED(step=step)) from exc
    except smtplib.SMTPResponseException as exc:
        reply = repr(exc.smtp_error)
        raise MailError(mc.MAIL_SERVER_SAYS(step=step, code=exc.smtp_code, reply=reply)) from exc
    except ssl.SSLCertVerificationError as exc:
        raise MailError(mc.MAIL_CERTIFICATE(step=step, reason=str(exc.verify_message))) from exc
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise MailError(mc.MAIL_OTHER(step=step, reason=f"{type(exc).__name__}: {exc}")) from exc
    log.info("transfer.mail sent: %s to %s", message["X-Syncsystem-Mail"], settings.to)
