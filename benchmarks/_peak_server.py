"""The nightly peak's server side: `datacenter serve` started on loopback with N workers, and the CPU
its workers and PostgreSQL's backends spend per phase (/proc, pg_stat_statements)."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from _bench import free_port, serve_command
from _peak_probe import Probe, Statements, cpu_seconds, descendants, statements, statements_between

START_SECONDS = 60  # how long `datacenter serve` may take to answer /healthz with 200 (imports, workers)


def _until_healthy(proc: subprocess.Popen[bytes], port: int, seconds: float) -> None:
    """Until /healthz answers 200; a clear error when the server exits or the deadline passes first,
    whatever /healthz answered meanwhile (no answer, or another status)."""
    deadline, answered = time.monotonic() + seconds, "no answer"
    while True:
        try:
            status = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code
        except httpx.TransportError as exc:
            answered = f"no answer ({type(exc).__name__})"
        else:
            if status == 200:
                return
            answered = f"status {status}"
        if proc.poll() is not None:
            raise RuntimeError(f"datacenter serve exited with code {proc.returncode}; /healthz: {answered}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"datacenter serve: /healthz not 200 in {seconds:g} s (last: {answered})")
        time.sleep(0.2)


def start_server(url: str, key_file: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        serve_command(url, key_file, port, workers), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + START_SECONDS
    try:
        _until_healthy(proc, port, START_SECONDS)
        while len(descendants(proc.pid)) < (1 if workers == 1 else workers + 1):
            if time.monotonic() > deadline:
                raise RuntimeError(f"datacenter serve: {workers} worker(s) not up within {START_SECONDS} s")
            time.sleep(0.1)
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    time.sleep(1.0)  # let every worker finish its imports
    return proc, f"http://127.0.0.1:{port}"


def worker_cpu(server_pid: int) -> dict[int, float]:
    return {p: c for p in descendants(server_pid) if (c := cpu_seconds(p)) is not None}


def backend_cpu(probe: Probe) -> dict[int, float]:
    return {p: c for p in list(probe.last) if (c := cpu_seconds(p)) is not None}


@dataclass
class Phase:
    """CPU-seconds spent in the workers (per pid) and in the backends over one stretch of time."""

    workers: dict[int, float]
    backends: float
    statements: Statements | None


Snap = tuple[dict[int, float], dict[int, float], Statements | None]


class Meter:
    """Snapshots of the workers' and backends' CPU (and pg_stat_statements) on demand."""

    def __init__(self, server_pid: int, probe: Probe, admin_url: str, dbname: str, statements: bool) -> None:
        self.server_pid, self.probe, self.admin, self.db, self.statements = (
            server_pid,
            probe,
            admin_url,
            dbname,
            statements,
        )

    def snap(self) -> Snap:
        return (
            worker_cpu(self.server_pid),
            backend_cpu(self.probe),
            statements(self.admin, self.db) if self.statements else None,
        )

    def between(self, a: Snap, b: Snap) -> Phase:
        workers = {p: b[0][p] - a[0].get(p, b[0][p]) for p in b[0]}
        backends = sum(b[1][p] - a[1].get(p, self.probe.first.get(p, b[1][p])) for p in b[1])
        spent = None if a[2] is None or b[2] is None else statements_between(a[2], b[2])
        return Phase(workers, backends, spent)
