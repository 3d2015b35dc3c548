"""Serving the office application with uvicorn: loopback by default, TLS required anywhere else."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import uvicorn

from syncsystem.clock import SystemClock
from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Accounts
from syncsystem.office.app import create_app
from syncsystem.office.web import Office
from syncsystem.serving import check_port, check_tls
from syncsystem.transfer.store import TransferStore

__all__ = ["is_loopback", "serve"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    state_dir: Path, host: str, port: int, *, cert: str | None, key: str | None, use_keyring: bool = True
) -> None:
    """Check address and certificate, then run until interrupted."""
    if not is_loopback(host) and not cert:
        raise ConfigError(mc.OFFICE_CLI_TLS_NEEDED(host=host))
    check_tls(cert, key)
    with Accounts.open(state_dir), TransferStore.open(state_dir):
        pass  # an unusable state directory is one sentence now, not a traceback per request
    check_port(host, port)
    office = Office(state_dir, SystemClock(), secure_cookies=bool(cert), use_keyring=use_keyring)
    app = create_app(office)
    options: dict[str, object] = {"host": host, "port": port, "log_level": "info", "proxy_headers": False}
    if cert:
        options.update(ssl_certfile=cert, ssl_keyfile=key)
    uvicorn.run(app, **options)  # type: ignore[arg-type]
