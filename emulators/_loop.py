"""An asyncio server on an event loop of its own thread, started and stopped from a test's thread.

The SFTP (asyncssh) and SMTP (aiosmtpd) emulators serve this way: the loop runs on a daemon thread,
``start`` waits until the server listens, ``stop`` closes it, waits until its connections are gone,
then stops and closes the loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Generic, Protocol, TypeVar

__all__ = ["LoopThread"]


class _Server(Protocol):
    def close(self) -> None: ...

    async def wait_closed(self) -> None: ...


S = TypeVar("S", bound=_Server)


class LoopThread(Generic[S]):
    """One server on one loop thread named ``name``; ``stuck`` is the error when the loop won't stop."""

    def __init__(self, name: str, stuck: Callable[[], Exception]) -> None:
        self._name, self._stuck = name, stuck
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: S | None = None

    def start(self, listen: Callable[[asyncio.AbstractEventLoop], Coroutine[Any, Any, S]]) -> S:
        """Start the loop, run ``listen(loop)`` on it (10 s at most) and return the server it made."""
        loop = self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=loop.run_forever, name=self._name, daemon=True)
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(listen(loop), loop).result(10)
        return self._server

    def stop(self) -> None:
        """Close the server and stop the loop; nothing to do if it is not running."""
        if self._loop is None or self._thread is None:
            return
        loop, server = self._loop, self._server

        async def shutdown() -> None:
            if server is not None:
                server.close()
                await server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join(10)
        if self._thread.is_alive():
            raise self._stuck()
        loop.close()
        self._loop, self._thread = None, None
