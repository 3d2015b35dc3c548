"""The FTP emulator's wire face: a pyftpdlib server on 127.0.0.1:<random> in its own thread.

Each emulator builds its own handler classes (so TLS settings, the authorizer and the world are
per instance, never global) and its own IOLoop. The faults hook into the data channel's ``recv``,
the one place every uploaded byte passes, whether plain, TLS or throttled.
"""

from __future__ import annotations

import logging
import threading
import warnings
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # pyftpdlib uses the stdlib asyncore/asynchat, deprecated since 3.6 and warning on import in
    # 3.11; they still work there, and the test suite turns warnings into errors.
    warnings.simplefilter("ignore", DeprecationWarning)
    from pyftpdlib.authorizers import DummyAuthorizer
    from pyftpdlib.handlers import FTPHandler, ThrottledDTPHandler
    from pyftpdlib.handlers.ftp.data import _RetryError
    from pyftpdlib.ioloop import IOLoop
    from pyftpdlib.servers import FTPServer

from emulators.ftp.control import FtpControl
from emulators.ftp.errors import EXCEEDED_STORAGE, FtpEmulatorError
from emulators.ftp.models import FULL_PERMS, READ_ONLY_PERMS, FtpUser, FtpWorld

__all__ = ["FtpEmulator"]

# A handler on pyftpdlib's logger keeps it from configuring the root logger on first start.
logging.getLogger("pyftpdlib").addHandler(logging.NullHandler())
logging.getLogger("pyftpdlib").setLevel(logging.WARNING)


class _FaultyReceive:
    """Mixin for the data channel: applies the world's faults to every received chunk."""

    world: FtpWorld

    def __init__(self, sock: Any, cmd_channel: Any) -> None:
        rate = self.world.faults.throttle_bytes_per_second
        self.read_limit = rate or 0  # read by ThrottledDTPHandler.__init__ to size buffers
        super().__init__(sock, cmd_channel)  # type: ignore[call-arg]

    def recv(self, buffer_size: int) -> bytes:
        chunk: bytes = super().recv(buffer_size)  # type: ignore[misc]
        if not chunk or not getattr(self, "receive", False):
            return chunk
        done: int = self.tot_bytes_received  # type: ignore[attr-defined]
        granted = self.world.take_space(len(chunk))
        if granted < len(chunk):
            self._write_partial(chunk[:granted])
            self._resp = (EXCEEDED_STORAGE, logging.getLogger(__name__).info)
            self.close()  # type: ignore[attr-defined]
            raise _RetryError
        if self.world.take_disconnect(done + len(chunk)):
            limit = self.world.faults.disconnect_after_bytes or 0
            self._write_partial(chunk[: max(0, limit - done)])
            self.cmd_channel.close()  # type: ignore[attr-defined]
            raise _RetryError
        return chunk

    def _write_partial(self, data: bytes) -> None:
        file_obj = self.file_obj  # type: ignore[attr-defined]
        if data and file_obj is not None and not file_obj.closed:
            file_obj.write(data)


class FtpEmulator:
    """An FTP (or, with ``tls=True``, explicit-FTPS) server for tests and the demo."""

    def __init__(
        self, root: Path, *, tls: bool = False, certfile: Path | None = None, keyfile: Path | None = None
    ) -> None:
        if tls and certfile is None:
            raise FtpEmulatorError("FTPS needs a certificate (certfile, e.g. from trustme)")
        self.world = FtpWorld(root)
        self.tls = tls
        self._authorizer = DummyAuthorizer()
        self.control = FtpControl(self.world, self._add_to_authorizer)
        self._handler = self._handler_class(certfile, keyfile)
        self._ioloop: IOLoop | None = None
        self._server: FTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.host = "127.0.0.1"
        self.port = 0

    def _handler_class(self, certfile: Path | None, keyfile: Path | None) -> type:
        world = self.world
        base: type = FTPHandler
        dtp_bases: tuple[type, ...] = (_FaultyReceive, ThrottledDTPHandler)
        attrs: dict[str, Any] = {}
        if self.tls:
            from pyftpdlib.handlers import TLS_DTPHandler, TLS_FTPHandler  # noqa: PLC0415

            base = TLS_FTPHandler
            dtp_bases = (_FaultyReceive, TLS_DTPHandler, ThrottledDTPHandler)
            attrs = {
                "certfile": str(certfile),
                "keyfile": str(keyfile) if keyfile else None,
                "tls_control_required": True,
                "tls_data_required": True,
                "ssl_context": None,
            }
        dtp = type("EmulatorDTP", dtp_bases, {"world": world})

        def on_file_received(self: Any, file: str) -> None:
            world.record(self.username, file, complete=True)

        def on_incomplete_file_received(self: Any, file: str) -> None:
            world.record(self.username, file, complete=False)

        return type(
            "EmulatorFTPHandler",
            (base,),
            {
                **attrs,
                "authorizer": self._authorizer,
                "dtp_handler": dtp,
                "banner": "syncsystem FTP emulator ready.",
                "permit_foreign_addresses": False,
                "on_file_received": on_file_received,
                "on_incomplete_file_received": on_incomplete_file_received,
            },
        )

    def _add_to_authorizer(self, user: FtpUser) -> None:
        home = self.world.home(user.name)
        home.mkdir(parents=True, exist_ok=True)
        if self._authorizer.has_user(user.name):
            self._authorizer.remove_user(user.name)
        self._authorizer.add_user(user.name, user.password, str(home), perm=FULL_PERMS)
        for sub in user.read_only:
            (home / sub).mkdir(parents=True, exist_ok=True)
            self._authorizer.override_perm(user.name, str(home / sub), READ_ONLY_PERMS, recursive=True)

    def start(self) -> FtpEmulator:
        self._ioloop = IOLoop()
        self._server = FTPServer(("127.0.0.1", 0), self._handler, ioloop=self._ioloop)
        self.port = self._server.address[1]
        self._thread = threading.Thread(target=self._serve, name=f"ftp-emulator-{self.port}", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        assert self._server is not None and self._ioloop is not None
        try:
            while not self._stop.is_set():
                self._ioloop.loop(timeout=0.05, blocking=False)
        finally:
            self._server.close_all()
            self._ioloop.close()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            if self._thread.is_alive():
                raise FtpEmulatorError("FTP emulator thread did not stop within 10 s")
        self._thread = None

    def __enter__(self) -> FtpEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
