"""The SMTP emulator's wire face: aiosmtpd on 127.0.0.1:<random> in its own thread and loop."""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from emulators._loop import LoopThread
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
        self._serving: LoopThread[asyncio.base_events.Server] = LoopThread(
            "smtp-emulator", lambda: SmtpEmulatorError("SMTP emulator loop did not stop within 10 s")
        )

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword):
            expected = self.world.users.get(data.login.decode())
            if expected is not None and expected.encode() == data.password:
                return AuthResult(success=True, auth_data=data)
        return AuthResult(success=False, handled=False)

    def _protocol(self, loop: asyncio.AbstractEventLoop) -> SMTP:
        return SMTP(
            _Sink(self.world),
            hostname="smtp.emulator.local",
            tls_context=self._tls,
            require_starttls=True,
            auth_required=True,
            auth_require_tls=True,
            authenticator=self._authenticate,
            loop=loop,
        )

    def start(self) -> SmtpEmulator:
        async def listen(loop: asyncio.AbstractEventLoop) -> asyncio.base_events.Server:
            return await loop.create_server(lambda: self._protocol(loop), "127.0.0.1", 0)

        self.port = self._serving.start(listen).sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._serving.stop()

    def __enter__(self) -> SmtpEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
