"""FTP reply codes (RFC 959) the emulator answers faults with, named as the RFC names them."""

from __future__ import annotations

__all__ = ["CONNECTION_CLOSED", "EXCEEDED_STORAGE", "TRANSFER_ABORTED", "FtpEmulatorError"]

CONNECTION_CLOSED = "421 Service not available, closing control connection."
TRANSFER_ABORTED = "426 Connection closed; transfer aborted."
EXCEEDED_STORAGE = "552 Requested file action aborted. Exceeded storage allocation."


class FtpEmulatorError(RuntimeError):
    """The emulator itself could not start or stop (not an FTP reply)."""
