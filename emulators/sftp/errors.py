"""SFTP status errors the emulator answers with, named after the protocol's status codes."""

from __future__ import annotations

import asyncssh

__all__ = ["NO_SPACE", "SftpEmulatorError", "failure", "permission_denied"]

NO_SPACE = "No space left on device"


def permission_denied(path: str) -> asyncssh.SFTPError:
    """SSH_FX_PERMISSION_DENIED (3), as OpenSSH sends for EACCES."""
    return asyncssh.SFTPPermissionDenied(f"Permission denied: {path}")


def failure(reason: str) -> asyncssh.SFTPError:
    """SSH_FX_FAILURE (4), OpenSSH's answer for ENOSPC, EEXIST on rename and other errors."""
    return asyncssh.SFTPFailure(reason)


class SftpEmulatorError(RuntimeError):
    """The emulator itself could not start or stop."""
