"""SFTP server emulator: asyncssh on a random loopback port, in a thread with its own event loop.

Use ``with SftpEmulator(root) as sftp:`` then ``sftp.control`` for users (password and/or
authorized key), read-only folders, faults (disconnect mid-transfer, disk full, slow link) and
inspection. ``sftp.host_key`` is the server's public key (OpenSSH format) for pinning.

Differences from OpenSSH's sftp-server:

* Each user is confined to a home below the emulator root (like ``ChrootDirectory``); paths the
  client sends are relative to that home, ``/`` is the home.
* Only the SFTP subsystem is offered: no shell, exec, scp or port forwarding.
* "Disk full" is a byte budget across all writes answered with ``SSH_FX_FAILURE "No space left on
  device"`` (OpenSSH answers ``SSH_FX_FAILURE`` with the message "Failure").
* "Disconnect mid-transfer" aborts the SSH connection after a set number of bytes written.
* Throttling delays each write to hold a byte rate per connection; latency is not simulated.
* ``rename`` refuses an existing target with ``SSH_FX_FAILURE`` as OpenSSH does (link + unlink);
  ``posix-rename@openssh.com`` is not offered.
"""

from emulators.sftp.control import SftpControl
from emulators.sftp.models import SftpFaults, SftpUser, SftpWorld, Written
from emulators.sftp.server import SftpEmulator

__all__ = ["SftpControl", "SftpEmulator", "SftpFaults", "SftpUser", "SftpWorld", "Written"]
