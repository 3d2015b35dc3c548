"""FTP and FTPS (explicit TLS, ``AUTH TLS`` + ``PROT P``) sessions on top of `ftplib`.

Replies map to `TargetError`: 4xx and broken connections are retryable, 5xx are not (wrong password,
no permission, 552 storage exceeded). The TLS context verifies the server certificate against the
system store or a configured CA file; there is no "accept any certificate" switch.
"""

from __future__ import annotations

import ftplib
import io
import socket
import ssl

from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.transfer.targets import TargetError

__all__ = ["FtpSession", "connect_ftp"]

_NET_ERRORS = (OSError, EOFError, ssl.SSLError)


def _translate(step: str, exc: BaseException) -> TargetError:
    if isinstance(exc, ftplib.error_perm):
        return TargetError(step, mc.TGT_REFUSED(reason=str(exc)), retryable=False)
    if isinstance(exc, ftplib.error_temp):
        return TargetError(step, mc.TGT_NOT_READY(reason=str(exc)), retryable=True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TargetError(step, mc.TGT_TLS(reason=str(exc.verify_message)), retryable=False)
    if isinstance(exc, socket.timeout | TimeoutError):
        return TargetError(step, mc.TGT_TIMEOUT(), retryable=True)
    if isinstance(exc, EOFError | ConnectionError):
        return TargetError(step, mc.TGT_DISCONNECTED(), retryable=True)
    if isinstance(exc, OSError):
        return TargetError(step, os_reason(exc), retryable=True)
    return TargetError(step, mc.LEGACY_TEXT(text=f"{type(exc).__name__}: {exc}"), retryable=True)


class FtpSession:
    def __init__(self, ftp: ftplib.FTP) -> None:
        self._ftp = ftp

    def names(self) -> set[str]:
        try:
            return {n.rsplit("/", 1)[-1] for n in self._ftp.nlst()}
        except ftplib.error_perm as exc:
            if str(exc).startswith("550"):  # some servers answer 550 for an empty directory
                return set()
            raise _translate("Verzeichnis", exc) from exc
        except (*_NET_ERRORS, ftplib.Error) as exc:
            raise _translate("Verzeichnis", exc) from exc

    def write(self, name: str, data: bytes) -> None:
        try:
            self._ftp.storbinary(f"STOR {name}", io.BytesIO(data), blocksize=64 * 1024)
        except (*_NET_ERRORS, ftplib.Error) as exc:
            raise _translate("Schreiben", exc) from exc

    def read(self, name: str) -> bytes:
        out = io.BytesIO()
        try:
            self._ftp.retrbinary(f"RETR {name}", out.write)
        except (*_NET_ERRORS, ftplib.Error) as exc:
            raise _translate("Zurücklesen", exc) from exc
        return out.getvalue()

    def rename(self, old: str, new: str) -> None:
        try:
            self._ftp.rename(old, new)
        except (*_NET_ERRORS, ftplib.Error) as exc:
            raise _translate("Umbenennen", exc) from exc

    def delete(self, name: str) -> None:
        try:
            self._ftp.delete(name)
        except (*_NET_ERRORS, ftplib.Error) as exc:
            raise _translate("Löschen", exc) from exc

    def close(self) -> None:
        try:
            self._ftp.quit()
        except (*_NET_ERRORS, ftplib.Error):
            self._ftp.close()


def connect_ftp(
    host: str,
    port: int,
    user: str,
    password: str,
    directory: str = "",
    *,
    tls: bool = False,
    ca_file: str | None = None,
    timeout: float = 30.0,
) -> FtpSession:
    """Connect, (for FTPS) secure control and data channel, log in and change to ``directory``."""
    ftp: ftplib.FTP
    if tls:
        context = ssl.create_default_context(cafile=ca_file)
        ftp = ftplib.FTP_TLS(context=context, timeout=timeout)
    else:
        ftp = ftplib.FTP(timeout=timeout)
    try:
        ftp.connect(host, port)
    except (*_NET_ERRORS, ftplib.Error) as exc:
        ftp.close()
        raise _translate("Verbinden", exc) from exc
    try:
        if isinstance(ftp, ftplib.FTP_TLS):
            ftp.auth()
            ftp.login(user, password)
            ftp.prot_p()
        else:
            ftp.login(user, password)
    except (*_NET_ERRORS, ftplib.Error) as exc:
        ftp.close()
        raise _translate("Anmelden", exc) from exc
    if directory:
        try:
            ftp.cwd(directory)
        except (*_NET_ERRORS, ftplib.Error) as exc:
            ftp.close()
            raise _translate("Verzeichnis", exc) from exc
    return FtpSession(ftp)
