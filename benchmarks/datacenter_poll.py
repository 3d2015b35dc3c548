"""Authenticated polls per second against the real datacenter app, beside a bare Starlette "hello".

Both servers run as separate uvicorn processes (uvloop + httptools) on loopback, plain HTTP, one
worker each; the load generator is wrk when installed (``-t1 -c50``), else an httpx.AsyncClient
with 50 concurrent connections. The datacenter endpoint is ``GET /api/v1/poll`` with a real agent
token against a SQLite store (token lookup + waiting-requests lookup per request). Goal: ratio ≥ 0.5.

    python benchmarks/datacenter_poll.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def _hello(request):  # type: ignore[no-untyped-def]
    return JSONResponse({"sync": False})


hello_app = Starlette(routes=[Route("/hello", _hello)])


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(args: list[str], env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            *args,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not start")


def _wrk(url: str, seconds: int, token: str | None) -> float:
    cmd = ["wrk", "-t1", "-c50", f"-d{seconds}s", url]
    if token:
        cmd[1:1] = ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


async def _async_load(url: str, seconds: int, token: str | None) -> float:
    import httpx  # noqa: PLC0415

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    done = 0
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx.AsyncClient(headers=headers, limits=limits) as client:
        end = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < end:
                r = await client.get(url)
                r.raise_for_status()
                done += 1

        start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(50)))
        return done / (time.monotonic() - start)


def measure(url: str, seconds: int, token: str | None = None) -> float:
    if shutil.which("wrk"):
        _wrk(url, 1, token)  # warm-up
        return _wrk(url, seconds, token)
    return asyncio.run(_async_load(url, seconds, token))


def _prepare(db_url: str) -> str:
    from syncsystem.clock import SystemClock  # noqa: PLC0415
    from syncsystem.datacenter.keys import beside_database, ensure_keys  # noqa: PLC0415
    from syncsystem.datacenter.store import tenancy  # noqa: PLC0415
    from syncsystem.datacenter.store.engine import Store  # noqa: PLC0415

    store = Store.open(db_url)
    now = datetime.now(UTC)
    ensure_keys(store, beside_database(db_url) or Path("datacenter.key"))
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-bench", "Bench", now)
        code = tenancy.create_enrolment_code(conn, "kanzlei-bench", now)
        token = tenancy.enrol(conn, code, "bench-agent", now).token
    store.close()
    del SystemClock
    return token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'poll.db'}"
        token = _prepare(db_url)
        env = {**os.environ, "SYNCSYSTEM_DATACENTER_DB": db_url, "SYNCSYSTEM_DATACENTER_SECURE_COOKIES": "0"}
        results = {}
        for name, app_args, path, tok in (
            ("hello", ["--app-dir", str(Path(__file__).parent), "datacenter_poll:hello_app"], "/hello", None),
            ("poll", ["--factory", "syncsystem.datacenter.serve:app_from_env"], "/api/v1/poll", token),
        ):
            port = _port()
            proc = _start(app_args, env, port)
            try:
                results[name] = measure(f"http://127.0.0.1:{port}{path}", args.seconds, tok)
            finally:
                proc.terminate()
                proc.wait(10)
    tool = "wrk -t1 -c50" if shutil.which("wrk") else "httpx.AsyncClient x50"
    print(f"load generator: {tool}, {args.seconds} s per endpoint, one uvicorn worker each, loopback")
    print(f"bare Starlette hello      : {results['hello']:10.0f} req/s")
    print(f"authenticated /api/v1/poll: {results['poll']:10.0f} req/s")
    ratio = results["poll"] / results["hello"]
    print(f"ratio poll/hello          : {ratio:10.2f}  (goal >= 0.5: {'met' if ratio >= 0.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
