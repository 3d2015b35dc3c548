"""Failure mail: when to write (a pure escalation rule), what to write, and sending it over SMTP.

Escalation: the first failure of a streak sends one failure mail; further failures stay quiet except
a reminder after every ``reminder_after`` failures; the first success after a mailed streak sends an
all-clear. If a failure mail could not be sent, the next failure tries again (``alerted`` stays
false), so a streak is never silently unreported. Mails go through the configured SMTP server with
STARTTLS (certificate verified) and AUTH; the password is never logged. The words of the mails are
catalogue codes (``transfer.mail.subject_*``, ``transfer.mail.body_*``) in the job's mail language:
German, or English when the job file says ``"mail": {"language": "en"}`` — the run's error line too:
it is worded from the failure's codes (`syncsystem.transfer.failure`), not taken as the process
worded it.
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
from syncsystem.messages import Message, Value, utc_offset
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.transfer.config import MailSettings
from syncsystem.transfer.failure import Failure
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


# subject and body of each kind: catalogue codes, worded in the job's mail language (German unless
# the job file's ``mail.language`` says ``en``)
_WORDS = {
    MailKind.FAILURE: (mc.MAIL_SUBJECT_FAILURE, mc.MAIL_BODY_FAILURE),
    MailKind.REMINDER: (mc.MAIL_SUBJECT_REMINDER, mc.MAIL_BODY_REMINDER),
    MailKind.ALL_CLEAR: (mc.MAIL_SUBJECT_ALL_CLEAR, mc.MAIL_BODY_ALL_CLEAR),
    MailKind.TEST: (mc.MAIL_SUBJECT_TEST, mc.MAIL_BODY_TEST),
}


def compose(
    kind: MailKind,
    settings: MailSettings,
    job: str,
    when: datetime,
    *,
    failures: int = 0,
    error: Failure | str = "",
) -> EmailMessage:
    """The notification mail of ``kind`` for ``job``, in ``settings.language``.

    ``error`` is why the run failed: its codes, worded here in the mail's language (a text, e.g. a
    run stored before its codes were kept, goes in as it is).
    """
    stamp = f"{when:%d.%m.%Y %H:%M} (UTC{utc_offset(when)})"  # as the dialog shows a run's time
    said = error.text(settings.language) if isinstance(error, Failure) else error
    values: dict[str, Value] = {"job": job, "failures": failures, "stamp": stamp, "error": said}
    subject, body = (
        code(**{name: values[name] for name in code.params}).text(settings.language) for code in _WORDS[kind]
    )
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = settings.sender
    msg["To"] = settings.to or ""
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=settings.smtp_host or "syncsystem.local")
    msg["X-Syncsystem-Mail"] = kind.value
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
        reason = os_reason(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
        raise MailError(mc.MAIL_OTHER(step=step, reason=reason)) from exc
    log.info("transfer.mail sent: %s to %s", message["X-Syncsystem-Mail"], settings.to)
