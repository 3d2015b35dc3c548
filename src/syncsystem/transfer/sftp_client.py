"""SFTP sessions on top of asyncssh, driven synchronously on a private event loop.

The host key is checked when the job pins one (``target.host_key``, the server's public key in
OpenSSH format); otherwise the connection test reports the key it saw so the admin can pin it.
Authentication is by password or by a private key (OpenSSH/PEM text). SFTP status codes map to
`TargetError`: permission denied and "file exists" are final, lost connections are retryable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, TypeVar

import asyncssh

from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.transfer.targets import TargetError

__all__ = ["SftpSession", "connect_sftp"]

T = TypeVar("T")


def _translate(step: str, exc: BaseException) -> TargetError:
    if isinstance(exc, asyncssh.PermissionDenied):
        return TargetError(step, mc.TGT_LOGIN_DENIED(reason=str(exc.reason)), retryable=False)
    if isinstance(exc, asyncssh.HostKeyNotVerifiable):
        return TargetError(step, mc.TGT_HOST_KEY(reason=str(exc.reason)), retryable=False)
    if isinstance(exc, asyncssh.SFTPError):
        final = exc.code in (
            asyncssh.FX_PERMISSION_DENIED,
            asyncssh.FX_FILE_ALREADY_EXISTS,
            asyncssh.FX_NO_SUCH_FILE,
        )
        return TargetError(step, mc.TGT_SERVER_SAYS(reason=str(exc.reason)), retryable=not final)
    if isinstance(exc, asyncssh.DisconnectError | asyncssh.ConnectionLost | ConnectionError | EOFError):
        return TargetError(step, mc.TGT_DISCONNECTED(), retryable=True)
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return TargetError(step, mc.TGT_TIMEOUT(), retryable=True)
    if isinstance(exc, OSError):
        return TargetError(step, os_reason(exc), retryable=True)
    return TargetError(step, mc.LEGACY_TEXT(text=f"{type(exc).__name__}: {exc}"), retryable=True)


class SftpSession:
    def __init__(
        self, loop: asyncio.AbstractEventLoop, conn: Any, sftp: Any, directory: str, key: str
    ) -> None:
        self._loop, self._conn, self._sftp, self._dir = loop, conn, sftp, directory
        self.server_host_key = key

    def _run(self, step: str, coro: Awaitable[T]) -> T:
        try:
            return self._loop.run_until_complete(asyncio.wait_for(coro, 60))
        except (OSError, asyncssh.Error, asyncssh.SFTPError, EOFError, TimeoutError) as exc:
            raise _translate(step, exc) from exc

    def _path(self, name: str) -> str:
        return f"{self._dir.rstrip('/')}/{name}" if self._dir else name

    def names(self) -> set[str]:
        entries = self._run("Verzeichnis", self._sftp.readdir(self._dir or "."))
        return {
            e.filename
            for e in entries
            if e.filename not in (".", "..") and e.attrs.type == asyncssh.FILEXFER_TYPE_REGULAR
        }

    def write(self, name: str, data: bytes) -> None:
        async def put() -> None:
            async with self._sftp.open(self._path(name), "xb") as handle:
                for start in range(0, max(len(data), 1), 32 * 1024):
                    await handle.write(data[start : start + 32 * 1024])

        self._run("Schreiben", put())

    def read(self, name: str) -> bytes:
        async def get() -> bytes:
            async with self._sftp.open(self._path(name), "rb") as handle:
                return bytes(await handle.read())

        return self._run("Zurücklesen", get())

    def rename(self, old: str, new: str) -> None:
        # SFTP v3 rename refuses an existing target (OpenSSH: link + unlink), as we want.
        self._run("Umbenennen", self._sftp.rename(self._path(old), self._path(new)))

    def delete(self, name: str) -> None:
        self._run("Löschen", self._sftp.remove(self._path(name)))

    def close(self) -> None:
        try:
            self._sftp.exit()
            self._conn.close()
            self._loop.run_until_complete(asyncio.wait_for(self._conn.wait_closed(), 10))
        except (OSError, asyncssh.Error, TimeoutError):
            pass  # closing a broken connection: nothing left to lose
        finally:
            self._loop.close()


def connect_sftp(
    host: str,
    port: int,
    user: str,
    *,
    password: str | None = None,
    private_key: str | None = None,
    host_key: str | None = None,
    directory: str = "",
    timeout: float = 30.0,
) -> SftpSession:
    """Connect, verify the host key if pinned, authenticate and check ``directory``."""
    loop = asyncio.new_event_loop()
    options: dict[str, Any] = {
        "username": user,
        "known_hosts": ([asyncssh.import_public_key(host_key)], [], []) if host_key else None,
        "password": password,
        "client_keys": [asyncssh.import_private_key(private_key)] if private_key else None,
        "agent_path": None,
        "connect_timeout": timeout,
        "preferred_auth": ("publickey" if private_key else "password") + ",keyboard-interactive",
    }

    async def open_session() -> tuple[Any, Any]:
        conn = await asyncssh.connect(host, port, **options)
        try:
            sftp = await conn.start_sftp_client()
        except BaseException:
            conn.close()
            raise
        return conn, sftp

    try:
        conn, sftp = loop.run_until_complete(asyncio.wait_for(open_session(), timeout))
    except (OSError, asyncssh.Error, TimeoutError, ValueError) as exc:
        loop.close()
        raise _translate("Anmelden", exc) from exc
    seen = conn.get_server_host_key().export_public_key("openssh").decode().strip()
    session = SftpSession(loop, conn, sftp, directory, seen)
    if directory:
        try:
            session.names()
        except TargetError as exc:
            session.close()
            raise TargetError("Verzeichnis", exc.said, retryable=exc.retryable) from exc
    return session
