"""State of the SMTP emulator: users, faults and received mails (thread-safe)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

__all__ = ["Mail", "SmtpFaults", "SmtpWorld"]


@dataclass(frozen=True, slots=True)
class SmtpFaults:
    reject_with: str | None = None  # e.g. "451 4.3.0 Try again later" for the next mails
    reject_times: int = 1
    drop_at_data: bool = False  # close the connection instead of answering DATA


@dataclass(frozen=True, slots=True)
class Mail:
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    user: str  # who authenticated
    tls: bool  # STARTTLS was active

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=policy.default).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        return part.get_content() if part is not None else ""


@dataclass
class SmtpWorld:
    users: dict[str, str] = field(default_factory=dict)
    faults: SmtpFaults = field(default_factory=SmtpFaults)
    mails: list[Mail] = field(default_factory=list)
    rejected: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take_reject(self) -> str | None:
        with self.lock:
            if self.faults.reject_with and self.rejected < self.faults.reject_times:
                self.rejected += 1
                return self.faults.reject_with
            return None
