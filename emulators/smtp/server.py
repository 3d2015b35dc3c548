"""The SMTP emulator's wire face: aiosmtpd on 127.0.0.1:<random> in its own thread and loop."""

from __future__ import annotations

import asyncio
import logging
import ssl
import threading
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from emulators.smtp.control import SmtpControl
from emulators.smtp.errors import OK, SmtpEmulatorError
from emulators.smtp.models import Mail, SmtpWorld

__all__ = ["SmtpEmulator"]


class _DropLoginDataNotice(logging.Filter):
    """aiosmtpd 1.4 warns on *every* successful AUTH about its own deprecated attribute."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "login_data is deprecated" not in record.getMessage()


logging.getLogger("mail.log").addFilter(_DropLoginDataNotice())


class _Sink:
    def __init__(self, world: SmtpWorld) -> None:
        self._world = world

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self._world.faults.drop_at_data and server.transport is not None:
            server.transport.close()
            return "421 closing"
        reject = self._world.take_reject()
        if reject:
            return reject
        user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else ""
        raw = envelope.original_content or b""
        mail = Mail(envelope.mail_from or "", tuple(envelope.rcpt_tos), raw, user, session.ssl is not None)
        with self._world.lock:
            self._world.mails.append(mail)
        return OK


class SmtpEmulator:
    """An SMTP submission server (STARTTLS + AUTH required) that keeps every mail it accepts."""

    def __init__(self, tls_context: ssl.SSLContext) -> None:
        self.world = SmtpWorld()
        self.control = SmtpControl(self.world)
        self._tls = tls_context
        self.host = "127.0.0.1"
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            expected = self.world.users.get(data.login.decode())
            if expected is not None and expected.encode() == data.password:
                return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)

    def _protocol(self) -> SMTP:
        return SMTP(
            _Sink(self.world),
            hostname="smtp.emulator.local",
            tls_context=self._tls,
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=self._authenticate,
            loop=self._loop,
        )

    def start(self) -> SmtpEmulator:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="smtp-emulator", daemon=True)
        self._thread.start()
        loop = self._loop

        async def listen() -> asyncio.base_events.Server:
            return await loop.create_server(self._protocol, "127.0.0.1", 0)

        self._server = asyncio.run_coroutine_threadsafe(listen(), loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
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
            raise SmtpEmulatorError("SMTP emulator loop did not stop within 10 s")
        loop.close()
        self._loop, self._thread = None, None

    def __enter__(self) -> SmtpEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
