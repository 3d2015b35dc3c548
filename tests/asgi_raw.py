"""Hand-built raw ASGI calls, for what a test client cannot do: a body that arrives in chunks the test
chooses, a client that goes away mid-body, an app that stops pulling the body.

Shared by the upload tests of the datacenter and of the office: `scope` is one HTTP request to
``testserver``, `arriving` hands out the test's messages and then only ``http.disconnect``, and `call`
runs the app once and returns every message it sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["Receive", "arriving", "call", "scope"]

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]


def scope(method: str, path: str, headers: list[tuple[bytes, bytes]], *, scheme: str = "https") -> Message:
    """The HTTP scope of ``method path`` to ``testserver`` (port 443 for https, 80 for http) from
    127.0.0.1, with a ``host`` header before ``headers``."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 443 if scheme == "https" else 80),
    }


def arriving(*messages: Message) -> Receive:
    """A ``receive`` that hands out ``messages`` in order, then ``http.disconnect`` for ever."""
    waiting = list(messages)

    async def receive() -> Message:
        return waiting.pop(0) if waiting else {"type": "http.disconnect"}

    return receive


def call(app: Any, request: Message, receive: Receive) -> list[Message]:
    """Run ``app`` for the scope ``request`` until it returns; the messages it sent, in order."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(request, receive, send))
    return sent
