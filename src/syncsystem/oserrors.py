"""What an operating-system or SQLite error means, in the reader's language.

Python words an ``OSError`` in the C library's English ("No such file or directory", "[Errno 111]
Connection refused"); the office reads German. `os_reason` turns the common ones — a missing file,
no permission, a full disk, a refused connection, an unknown host — into a catalogued message, and
keeps the system's own words only for the rare rest (TLS errors say what is wrong with a
certificate better than any paraphrase). `store_reason` does the same for a SQLite file that cannot
be used (SQLite says "file is not a database", "database disk image is malformed"), by SQLite's
primary result code, and for an ``OSError`` met while opening one.
"""

from __future__ import annotations

import errno
import socket
import sqlite3
import ssl

from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["os_reason", "store_reason"]

_BY_ERRNO = {
    errno.ENOENT: mc.OS_NOT_FOUND,
    errno.EACCES: mc.OS_NO_PERMISSION,
    errno.EPERM: mc.OS_NO_PERMISSION,
    errno.EISDIR: mc.OS_IS_FOLDER,
    errno.ENOTDIR: mc.OS_NOT_FOLDER,
    errno.ENOSPC: mc.OS_DISK_FULL,
    errno.EROFS: mc.OS_READ_ONLY,
    errno.EEXIST: mc.OS_EXISTS,
    errno.ECONNREFUSED: mc.OS_REFUSED,
    errno.ECONNRESET: mc.OS_RESET,
    errno.ETIMEDOUT: mc.OS_TIMEOUT,
    errno.EHOSTUNREACH: mc.OS_UNREACHABLE,
    errno.ENETUNREACH: mc.OS_UNREACHABLE,
    errno.EADDRINUSE: mc.OS_ADDRESS_IN_USE,
}


def os_reason(exc: BaseException) -> Message:
    """Why ``exc`` happened, as a message (file names are the caller's to add)."""
    if isinstance(exc, socket.gaierror):
        return mc.OS_HOST_UNKNOWN()
    if isinstance(exc, TimeoutError | socket.timeout):
        return mc.OS_TIMEOUT()
    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError) and exc.errno in _BY_ERRNO:
        return _BY_ERRNO[exc.errno]()
    if isinstance(exc, OSError) and exc.strerror:
        return mc.LEGACY_TEXT(text=exc.strerror)
    return _as_said(exc)


# SQLite's primary result codes (https://sqlite.org/rescode.html) of a file that cannot be used
_BY_SQLITE_CODE = {
    sqlite3.SQLITE_PERM: mc.OS_NO_PERMISSION,
    sqlite3.SQLITE_BUSY: mc.DB_LOCKED,
    sqlite3.SQLITE_LOCKED: mc.DB_LOCKED,
    sqlite3.SQLITE_READONLY: mc.OS_READ_ONLY,
    sqlite3.SQLITE_IOERR: mc.DB_IO_ERROR,
    sqlite3.SQLITE_CORRUPT: mc.DB_DAMAGED,
    sqlite3.SQLITE_FULL: mc.OS_DISK_FULL,
    sqlite3.SQLITE_CANTOPEN: mc.DB_CANNOT_OPEN,
    sqlite3.SQLITE_NOTADB: mc.DB_NOT_A_DATABASE,
}


def store_reason(exc: BaseException) -> Message:
    """Why a SQLite file could not be opened or used, as a message (its path is the caller's to add):
    SQLite's common failures by their primary result code (the low byte of an extended one), an
    ``OSError`` as `os_reason` says it."""
    if isinstance(exc, sqlite3.Error):
        code = _BY_SQLITE_CODE.get(exc.sqlite_errorcode & 0xFF)
        return code() if code is not None else _as_said(exc)
    return os_reason(exc)


def _as_said(exc: BaseException) -> Message:
    """The error's own words, where no catalogue message says what it means."""
    return mc.LEGACY_TEXT(text=str(exc) or type(exc).__name__)
