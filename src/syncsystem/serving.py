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

__all__ = ["check_port", "check_tls"]


def check_tls(cert: str | None, key: str | None) -> None:
    """Refuse a missing, unreadable or invalid certificate/key before uvicorn would trip over it."""
    if not cert:
        if key:
            raise ConfigError("--key needs --cert (the certificate chain, PEM)")
        return
    if not key:
        raise ConfigError("--cert needs --key (the TLS private key, PEM)")
    for option, path in (("--cert", cert), ("--key", key)):
        if not os.path.isfile(path):
            raise ConfigError(f"{option} {path}: no such file")
        if not os.access(path, os.R_OK):
            raise ConfigError(f"{option} {path}: not readable")
    try:
        ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(cert, key)
    except ssl.SSLError as exc:
        raise ConfigError(
            f"--cert {cert} / --key {key}: not a valid PEM certificate chain and matching private key "
            f"({exc.reason or exc})"
        ) from exc


def check_port(host: str, port: int) -> None:
    """Refuse a port that is in use (or an address this host does not have) with one sentence,
    before the database is prepared and uvicorn logs its own traceback."""
    if not 0 < port < 65536:
        raise ConfigError(f"--port {port}: not a TCP port (1-65535)")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"--host {host}: cannot resolve ({exc.strerror})") from exc
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} on {host} is already in use (another server?)") from exc
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
