"""Serving with uvicorn: one process in-thread, or ``--workers N`` processes on one database.

With several workers uvicorn starts fresh processes that import `app_from_env`; they cannot be
handed objects, so the command passes the database URL and settings through environment variables
and this factory — a process edge like `syncsystem.cli` — builds the system clock for them.
Migrations and the key pair are prepared once, by the parent, before any worker starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette

from syncsystem.clock import SystemClock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.context import (
    ENV_LIMITS,
    Settings,
    ingests_from_env,
    limits_from_env,
    token_cache_from_env,
)
from syncsystem.datacenter.keys import ENV_KEY_FILE, ensure_keys
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc
from syncsystem.serving import check_port, check_tls

__all__ = [
    "ENV_DB",
    "ENV_LIMITS",
    "ENV_POLL",
    "ENV_SECURE",
    "app_from_env",
    "check_port",
    "check_tls",
    "limits_from_env",
    "serve",
]

ENV_DB = "SYNCSYSTEM_DATACENTER_DB"
ENV_POLL = "SYNCSYSTEM_DATACENTER_POLL_SECONDS"
ENV_SECURE = "SYNCSYSTEM_DATACENTER_SECURE_COOKIES"
ENV_OFFICE_POLL = "SYNCSYSTEM_DATACENTER_OFFICE_POLL_SECONDS"


def app_from_env() -> Starlette:
    """Factory for uvicorn worker processes: configuration comes from the environment."""
    url = os.environ.get(ENV_DB)
    if not url:
        raise ConfigError(mc.DC_ENV_DB_UNSET(name=ENV_DB))
    store = Store.open(url, run_migrations=False)
    key_file = os.environ.get(ENV_KEY_FILE)
    settings = Settings(
        poll_seconds=int(os.environ.get(ENV_POLL, "1800")),
        office_poll_seconds=int(os.environ.get(ENV_OFFICE_POLL, "0")),
        secure_cookies=os.environ.get(ENV_SECURE, "1") == "1",
        limits=limits_from_env(os.environ),
        token_cache_seconds=token_cache_from_env(os.environ),
        ingests=ingests_from_env(os.environ),
    )
    return create_app(store, SystemClock(), settings=settings, key_file=Path(key_file) if key_file else None)


def serve(
    url: str,
    host: str,
    port: int,
    *,
    workers: int = 1,
    cert: str | None = None,
    key: str | None = None,
    poll_seconds: int = 1800,
    office_poll_seconds: int = 0,
    key_file: Path,
    environ: Mapping[str, str] | None = None,
) -> None:
    """Check certificate, limits and port, prepare the database once, then run uvicorn until
    interrupted; ``environ`` (e.g. the limits' variables) reaches the worker processes."""
    check_tls(cert, key)
    limits_from_env({**os.environ, **(environ or {})})
    token_cache_from_env({**os.environ, **(environ or {})})
    ingests_from_env({**os.environ, **(environ or {})})
    check_port(host, port)
    store = Store.open(url)
    try:
        ensure_keys(store, key_file)  # the key pair on first start; a key still in the database moves out
    finally:
        store.close()
    os.environ.update(
        {
            ENV_DB: url,
            ENV_POLL: str(poll_seconds),
            ENV_OFFICE_POLL: str(office_poll_seconds),
            ENV_SECURE: "1" if cert else "0",
            ENV_KEY_FILE: str(key_file.resolve()),
            **(environ or {}),
        }
    )
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "workers": workers,
        "factory": True,
        "log_level": "info",
        "proxy_headers": False,
    }
    if cert:
        options.update(ssl_certfile=cert, ssl_keyfile=key)
    uvicorn.run("syncsystem.datacenter.serve:app_from_env", **options)
