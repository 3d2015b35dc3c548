"""The SFTP emulator's wire face: an asyncssh server on 127.0.0.1:<random> in its own thread/loop.

Authentication checks the world's users (password or authorized key). Each session gets an
`_EmulatorSFTP` confined to the user's home; its ``open``/``write``/``rename``/``remove`` apply
read-only folders and the injected faults before touching the disk.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import asyncssh

from emulators._loop import LoopThread
from emulators.sftp.control import SftpControl
from emulators.sftp.errors import NO_SPACE, SftpEmulatorError, failure, permission_denied
from emulators.sftp.models import SftpWorld, Written

__all__ = ["SftpEmulator"]

_WRITE_FLAGS = asyncssh.FXF_WRITE | asyncssh.FXF_CREAT | asyncssh.FXF_TRUNC | asyncssh.FXF_APPEND


class _Auth(asyncssh.SSHServer):
    def __init__(self, world: SftpWorld) -> None:
        self._world = world

    def begin_auth(self, username: str) -> bool:
        return True  # always require authentication, even for unknown users

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        user = self._world.users.get(username)
        return bool(user and user.password is not None and user.password == password)

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        user = self._world.users.get(username)
        if not user or not user.authorized_key:
            return False
        allowed = asyncssh.import_public_key(user.authorized_key)
        return bool(allowed.public_data == key.public_data)


class _EmulatorSFTP(asyncssh.SFTPServer):
    def __init__(self, chan: asyncssh.SSHServerChannel[bytes], world: SftpWorld) -> None:
        self._user = chan.get_extra_info("username")
        self._world = world
        self._open: dict[int, list[Any]] = {}  # id(file) -> [relative path, bytes written]
        self._written = 0
        super().__init__(chan, chroot=os.fsencode(world.home(self._user)))

    def _local(self, path: bytes) -> Path:
        return Path(os.fsdecode(self.map_path(path)))

    def _guard(self, path: bytes) -> None:
        if self._world.is_read_only(self._user, self._local(path).parent):
            raise permission_denied(os.fsdecode(path))

    def open(self, path: bytes, pflags: int, attrs: asyncssh.SFTPAttrs) -> object:
        if pflags & _WRITE_FLAGS:
            self._guard(path)
        handle = super().open(path, pflags, attrs)
        if pflags & _WRITE_FLAGS:
            rel = str(self._local(path).relative_to(self._world.home(self._user).resolve()))
            self._open[id(handle)] = [rel, 0]
        return handle

    async def write(self, file_obj: object, offset: int, data: bytes) -> int:
        faults = self._world.faults
        if faults.throttle_bytes_per_second:
            await asyncio.sleep(len(data) / faults.throttle_bytes_per_second)
        entry = self._open.get(id(file_obj))
        granted = self._world.take_space(len(data))
        if granted < len(data):
            super().write(file_obj, offset, data[:granted])
            if entry:
                entry[1] += granted
            raise failure(NO_SPACE)
        self._written += len(data)
        if self._world.take_disconnect(self._written):
            keep = len(data) - (self._written - (faults.disconnect_after_bytes or 0))
            super().write(file_obj, offset, data[: max(0, keep)])
            if entry:
                self._world.record(Written(self._user, entry[0], entry[1] + max(0, keep), False))
                self._open.pop(id(file_obj), None)
            self.connection.abort()
            raise failure("connection lost")
        super().write(file_obj, offset, data)
        if entry:
            entry[1] += len(data)
        return len(data)

    def close(self, file_obj: object) -> None:
        entry = self._open.pop(id(file_obj), None)
        super().close(file_obj)
        if entry:
            self._world.record(Written(self._user, entry[0], entry[1], True))

    def rename(self, oldpath: bytes, newpath: bytes) -> None:
        self._guard(oldpath)
        self._guard(newpath)
        if self._local(newpath).exists():  # OpenSSH: link() then unlink(), so EEXIST
            raise failure("Failure")
        super().rename(oldpath, newpath)

    def posix_rename(self, oldpath: bytes, newpath: bytes) -> None:
        raise asyncssh.SFTPOpUnsupported("posix-rename not offered by this emulator")

    def remove(self, path: bytes) -> None:
        self._guard(path)
        super().remove(path)

    def exit(self) -> None:
        for rel, size in self._open.values():  # handles left open: the client went away
            self._world.record(Written(self._user, rel, size, False))
        self._open.clear()
        super().exit()


class SftpEmulator:
    """An SFTP server for tests and the demo; ``host_key`` is its public key in OpenSSH format."""

    def __init__(self, root: Path, seed: int | None = None) -> None:
        self.world = SftpWorld(root)
        self.control = SftpControl(self.world)
        self._key = asyncssh.generate_private_key("ssh-ed25519")
        self.host_key = self._key.export_public_key("openssh").decode().strip()
        self.host = "127.0.0.1"
        self.port = 0
        self._serving: LoopThread[asyncssh.SSHAcceptor] = LoopThread(
            "sftp-emulator", lambda: SftpEmulatorError("SFTP emulator loop did not stop within 10 s")
        )

    def start(self) -> SftpEmulator:
        world = self.world

        async def listen(loop: asyncio.AbstractEventLoop) -> asyncssh.SSHAcceptor:
            return await asyncssh.create_server(
                lambda: _Auth(world),
                "127.0.0.1",
                0,
                server_host_keys=[self._key],
                sftp_factory=lambda chan: _EmulatorSFTP(chan, world),
                allow_scp=False,
            )

        self.port = self._serving.start(listen).sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        self._serving.stop()

    def __enter__(self) -> SftpEmulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
