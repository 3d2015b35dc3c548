"""A real uvicorn server for one test: on a free loopback port, in a thread, stopped afterwards.

Shared by the page tests of the datacenter (TLS) and of the office (plain HTTP on 127.0.0.1, as
``syncsystem office serve`` does by default): `running` yields the port once the server accepts.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

__all__ = ["free_port", "running"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(app: Any, **options: Any) -> Iterator[int]:
    """Serve ``app`` on 127.0.0.1 (``options`` go to `uvicorn.Config`, e.g. the TLS files)."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}")
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
