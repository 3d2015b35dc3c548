"""How a transfer job reaches its target: a `Session` opened by the job's protocol.

Folder, FTP, FTPS and SFTP each have their client (`folder`, `ftp_client`, `sftp_client`); the
job's sealed secrets (password, private key) are opened only at connect time, so a job that never
connects never holds them in the clear.
"""

from __future__ import annotations

from syncsystem.transfer.config import JobConfig, TransferProtocol
from syncsystem.transfer.folder import connect_folder
from syncsystem.transfer.ftp_client import connect_ftp
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.sftp_client import connect_sftp
from syncsystem.transfer.targets import Connect, Session

__all__ = ["connector"]


def connector(job: JobConfig, box: SecretBox, timeout: float = 30.0) -> Connect:
    """How to open a `Session` to ``job``'s target (secrets opened only at connect time)."""
    t = job.target

    def opened(token: str | None) -> str | None:
        return box.open(token).reveal() if token else None

    def connect() -> Session:
        if t.protocol is TransferProtocol.FOLDER:
            return connect_folder(t.directory)
        if t.protocol is TransferProtocol.SFTP:
            return connect_sftp(
                t.host,
                t.effective_port,
                t.user,
                password=opened(t.password),
                private_key=opened(t.key),
                host_key=t.host_key,
                directory=t.directory,
                timeout=timeout,
            )
        return connect_ftp(
            t.host,
            t.effective_port,
            t.user,
            opened(t.password) or "",
            t.directory,
            tls=t.protocol is TransferProtocol.FTPS,
            ca_file=t.ca_file,
            timeout=timeout,
        )

    return connect
