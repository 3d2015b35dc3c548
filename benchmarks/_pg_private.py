"""A throwaway PostgreSQL cluster for one benchmark run, with ``pg_stat_statements`` preloaded.

The shared server a benchmark is pointed at usually does not preload ``pg_stat_statements``, and
loading it needs a restart that is not the benchmark's to do. `private_cluster` instead makes a
cluster of its own: the Debian binaries (``/usr/lib/postgresql/<newest>/bin``), a data directory in
a temporary folder, a free port on 127.0.0.1 only (no other socket), ``trust`` for local users,
``shared_preload_libraries = pg_stat_statements`` and the extension created in the ``postgres``
database (statistics are cluster-wide; the view there shows every database's). It runs as the
``postgres`` OS user when started by root (PostgreSQL refuses to run as root). The cluster is
stopped and its folder removed when the ``with`` block ends — also on an error, Ctrl-C or SIGTERM.

    with private_cluster() as admin_url:   # postgresql+psycopg://postgres@127.0.0.1:<port>/postgres
        ...
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import sqlalchemy as sa

from _bench import free_port

__all__ = ["private_cluster"]


def _bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    if not found:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    return found[-1].parent


def _as_owner(argv: list[str]) -> list[str]:
    """``argv`` run as the ``postgres`` OS user when we are root (initdb and postgres refuse root)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds through the finally below like Ctrl-C


def _stop(bindir: Path, data: Path) -> None:
    """``fast`` shutdown (ends the sessions, checkpoints); ``immediate`` if that does not finish."""
    for mode, wait in (("fast", 60), ("immediate", 30)):
        done = subprocess.run(
            _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", mode, "-t", str(wait), "-w", "stop"]),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if done.returncode == 0:
            return


def _initdb(bindir: Path, data: Path) -> None:
    """A new cluster in ``data``: superuser postgres, trust authentication, UTF-8, no fsync."""
    subprocess.run(
        _as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _start(bindir: Path, data: Path, log: Path, options: dict[str, str]) -> None:
    """The server on ``data`` started with ``options`` as ``-c`` settings; returns once it accepts."""
    opts = " ".join(f"-c {k}={v}" for k, v in options.items())
    subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", opts, "-w", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _track_statements(url: str) -> None:
    """pg_stat_statements installed, so a benchmark can read what each statement cost."""
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
    finally:
        engine.dispose()


@contextlib.contextmanager
def private_cluster(settings: dict[str, str] | None = None) -> Iterator[str]:
    """Start a private cluster (``settings``: extra ``postgres -c`` options); yields its admin URL."""
    bindir = _bindir()
    folder = Path(tempfile.mkdtemp(prefix="syncsystem-pg-"))
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = free_port()
    options = {
        "port": str(port),
        "listen_addresses": "127.0.0.1",
        "unix_socket_directories": str(folder),
        "shared_preload_libraries": "pg_stat_statements",
        "pg_stat_statements.track": "all",
        "max_connections": "200",
        **(settings or {}),
    }
    started = False
    previous = signal.signal(signal.SIGTERM, _sigterm)
    try:
        _initdb(bindir, data)
        _start(bindir, data, log, options)
        started = True
        url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        _track_statements(url)
        yield url
    finally:
        try:
            if started:
                _stop(bindir, data)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            signal.signal(signal.SIGTERM, previous)
