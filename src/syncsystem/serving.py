"""Checks before a server listens: TLS certificate and key, and a free port — one sentence each.

Shared by ``syncsystem datacenter serve`` and ``syncsystem office serve``; standard library only, so
the office's install does not need the datacenter's packages.
"""

from __future__ import annotations

import errno
import os
import socket
import ssl

from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

__all__ = ["check_port", "check_tls"]


def check_tls(cert: str | None, key: str | None) -> None:
    """Refuse a missing, unreadable or invalid certificate/key before uvicorn would trip over it."""
    if not cert:
        if key:
            raise ConfigError(mc.SRV_KEY_NEEDS_CERT())
        return
    if not key:
        raise ConfigError(mc.SRV_CERT_NEEDS_KEY())
    for option, path in (("--cert", cert), ("--key", key)):
        if not os.path.isfile(path):
            raise ConfigError(mc.SRV_NO_SUCH_FILE(option=option, path=path))
        if not os.access(path, os.R_OK):
            raise ConfigError(mc.SRV_NOT_READABLE(option=option, path=path))
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise ConfigError(mc.SRV_BAD_CERT(cert=cert, key=key, reason=str(exc.reason or exc))) from exc


def check_port(host: str, port: int) -> None:
    """Refuse a port that is in use (or an address this host does not have) with one sentence,
    before the database is prepared and uvicorn logs its own traceback."""
    if not 0 < port < 65536:
        raise ConfigError(mc.SRV_NOT_A_PORT(port=port))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(mc.SRV_HOST_UNRESOLVED(host=host, reason=os_reason(exc))) from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(mc.SRV_PORT_IN_USE(port=port, host=host)) from exc
            raise ConfigError(mc.SRV_CANNOT_LISTEN(host=host, port=port, reason=os_reason(exc))) from exc
