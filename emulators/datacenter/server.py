"""The fake datacenter's wire face: a Starlette app, served by uvicorn on loopback with TLS.

`serve(dc)` is a context manager that starts uvicorn in a thread on 127.0.0.1 with a trustme
certificate and yields the base URL and the CA file to trust; it stops the server and joins the
thread on exit (the test session's leak check insists). ``tls="untrusted"`` serves a certificate
from a CA the client is not given — the TLS-error fault. A dropped connection (offline, reset
mid-upload) closes the socket without an answer.
"""

from __future__ import annotations

import asyncio
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from emulators.datacenter.errors import ConnectionDropped
from emulators.datacenter.models import FakeDatacenter

__all__ = ["Served", "build_app", "serve"]


def build_app(dc: FakeDatacenter) -> Starlette:
    async def endpoint(request: Request) -> Response:
        body = await request.body()
        delay = dc.faults.delay_for(request.url.path)
        if delay:
            await asyncio.sleep(delay)
        try:
            answer = dc.handle(request.method, request.url.path, dict(request.headers), body)
        except ConnectionDropped:
            # Abort the transport: the client sees a reset connection, not an HTTP answer.
            transport = request.scope.get("transport")
            if transport is not None:
                transport.abort()
            raise
        return Response(answer.body, status_code=answer.status, headers=dict(answer.headers))

    return Starlette(routes=[Route("/api/v1/{rest:path}", endpoint, methods=["GET", "POST", "PUT"])])


@dataclass(frozen=True)
class Served:
    url: str
    ca_file: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(dc: FakeDatacenter, *, tls: str = "trusted") -> Iterator[Served]:
    """Serve ``dc`` over HTTPS on loopback until the block ends."""
    ca, other = trustme.CA(), trustme.CA()
    cert = (ca if tls == "trusted" else other).issue_cert("127.0.0.1", "localhost")
    with tempfile.TemporaryDirectory(prefix="fake-dc-") as tmp:
        ca_file, key_file = Path(tmp) / "ca.pem", Path(tmp) / "server.pem"
        ca.cert_pem.write_to_path(str(ca_file))
        cert.private_key_and_cert_chain_pem.write_to_path(str(key_file))
        port = _free_port()
        config = uvicorn.Config(
            build_app(dc),
            host="127.0.0.1",
            port=port,
            log_level="error",
            ssl_certfile=str(key_file),
            ssl_keyfile=str(key_file),
            lifespan="off",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name="fake-datacenter", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                server.should_exit = True
                thread.join(5)
                raise RuntimeError("fake datacenter did not start")
            time.sleep(0.01)
        try:
            yield Served(f"https://127.0.0.1:{port}", str(ca_file))
        finally:
            server.should_exit = True
            thread.join(10)
