"""SMTP replies (RFC 5321 / RFC 4954) the emulator answers with, named after their meaning."""

from __future__ import annotations

__all__ = ["AUTH_FAILED", "OK", "SERVICE_UNAVAILABLE", "SmtpEmulatorError"]

OK = "250 2.0.0 OK: queued"
AUTH_FAILED = "535 5.7.8 Authentication credentials invalid"
SERVICE_UNAVAILABLE = "421 4.3.2 Service not available, closing transmission channel"


class SmtpEmulatorError(RuntimeError):
    """The emulator itself could not start or stop."""
