"""FTP/FTPS server emulator: pyftpdlib on a random loopback port, in process, with faults.

Use ``with FtpEmulator(root, tls=…) as ftp:`` then ``ftp.control`` to add users, make a directory
read-only, inject faults (disconnect mid-transfer, disk full, slow link) and inspect what arrived.

Differences from a real FTP server (vsftpd, ProFTPD, IIS FTP):

* Runs in a thread of the test process, listens on 127.0.0.1 only; passive mode only (no PORT
  to remote hosts), no IPv6, no ``MLSD`` quirks of particular servers.
* "Disk full" is a byte budget across all uploads, answered with ``552`` at the byte it runs out;
  real servers answer 451/452/552 depending on the implementation and when the OS reports ENOSPC.
* "Disconnect mid-transfer" drops control and data connection after a set number of bytes of a
  ``STOR``; the partial file stays, as on real servers.
* Throttling limits the receive rate per data connection (pyftpdlib's ThrottledDTPHandler), not a
  shared link; latency is not simulated.
* ``RNTO`` onto an existing file replaces it (like vsftpd and ProFTPD defaults); clients must check.
* FTPS is explicit TLS (``AUTH TLS``) via pyOpenSSL with a certificate from ``trustme``; TLS session
  reuse on the data channel is not required (vsftpd requires it by default).
"""

from emulators.ftp.control import FtpControl
from emulators.ftp.models import FtpFaults, FtpUser, FtpWorld, Received
from emulators.ftp.server import FtpEmulator

__all__ = ["FtpControl", "FtpEmulator", "FtpFaults", "FtpUser", "FtpWorld", "Received"]
