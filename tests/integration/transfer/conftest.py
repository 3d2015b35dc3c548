"""Real servers on loopback for the transfer tests: the three emulators and Debian's own servers.

Every delivery test runs against each target of the ``server`` fixture: the pyftpdlib FTP and FTPS
emulators, the asyncssh SFTP emulator, a folder, and (marked ``system_servers``) vsftpd and
OpenSSH's sshd + sftp-server started here with generated configs on random ports. The system
servers are skipped only where their binaries are missing and CI is not "true".
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh
import pytest
import trustme
from emulators.ftp import FtpEmulator
from emulators.sftp import SftpEmulator
from emulators.smtp import SmtpEmulator
from tests.uvicorn_thread import free_port

VSFTPD = Path("/usr/sbin/vsftpd")
SSHD = Path("/usr/sbin/sshd")
SFTP_SERVER = Path("/usr/lib/openssh/sftp-server")


@dataclass
class Server:
    """A delivery target as a job's ``target`` section sees it, plus how to look inside."""

    kind: str
    target: dict[str, Any]
    inbox: Path  # the directory the receiver reads
    read_only: dict[str, Any] = field(default_factory=dict)  # target section for a read-only dir
    control: Any = None  # emulator control plane, or None for system servers


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A trustme CA and a server certificate for 127.0.0.1, as files."""
    base = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert.private_key_and_cert_chain_pem.write_to_path(str(base / "server.pem"))
    cert.private_key_pem.write_to_path(str(base / "server.key"))
    cert.cert_chain_pems[0].write_to_path(str(base / "server.crt"))
    ca.cert_pem.write_to_path(str(base / "ca.pem"))
    return {
        "server": base / "server.pem",
        "key": base / "server.key",
        "crt": base / "server.crt",
        "ca": base / "ca.pem",
    }


@pytest.fixture
def smtp_server(tls_files: dict[str, Path]) -> Iterator[SmtpEmulator]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_files["server"])
    with SmtpEmulator(context) as smtp:
        smtp.control.add_user("mailer", "mail-secret")
        yield smtp


def _ftp(tmp_path: Path, tls: bool, tls_files: dict[str, Path]) -> Iterator[Server]:
    with FtpEmulator(tmp_path / "ftp", tls=tls, certfile=tls_files["server"]) as ftp:
        ftp.control.add_user("bmd", "ftp-secret", read_only=("nur-lesen",))
        target = {
            "protocol": "ftps" if tls else "ftp",
            "host": "127.0.0.1",
            "port": ftp.port,
            "user": "bmd",
            "password": "ftp-secret",
            "directory": "/",
            "ca_file": str(tls_files["ca"]),
        }
        yield Server(
            "ftps" if tls else "ftp",
            target,
            tmp_path / "ftp" / "bmd",
            {**target, "directory": "/nur-lesen"},
            ftp.control,
        )


def _sftp(tmp_path: Path) -> Iterator[Server]:
    with SftpEmulator(tmp_path / "sftp") as sftp:
        sftp.control.add_user("bmd", "sftp-secret", read_only=("nur-lesen",))
        target = {
            "protocol": "sftp",
            "host": "127.0.0.1",
            "port": sftp.port,
            "user": "bmd",
            "password": "sftp-secret",
            "directory": "/",
            "host_key": sftp.host_key,
        }
        yield Server(
            "sftp", target, tmp_path / "sftp" / "bmd", {**target, "directory": "/nur-lesen"}, sftp.control
        )


def _folder(tmp_path: Path) -> Iterator[Server]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    yield Server("folder", {"protocol": "folder", "directory": str(inbox)}, inbox)


def _need(*binaries: Path) -> None:
    missing = [str(b) for b in binaries if not b.exists()]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"system servers missing on CI: {missing}")
        pytest.skip(f"not installed: {missing}")
    if os.geteuid() != 0:
        pytest.skip("vsftpd/sshd need root to start here")


def _wait_port(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited ({proc.returncode}): {log.read_text(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"server did not listen on {port}: {log.read_text(errors='replace')}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def _vsftpd(tmp_path: Path, tls: bool, tls_files: dict[str, Path]) -> Iterator[Server]:
    """vsftpd with an anonymous-writable ``incoming`` and a read-only ``nur-lesen`` folder."""
    _need(VSFTPD)
    root = tmp_path / "vsftpd-root"
    (root / "incoming").mkdir(parents=True)
    (root / "nur-lesen").mkdir()
    ftp_uid = int(subprocess.run(["id", "-u", "ftp"], capture_output=True, text=True, check=True).stdout)
    os.chown(root / "incoming", ftp_uid, -1)
    for p in (tmp_path, *tmp_path.parents):  # pytest's tmp dirs are 0700; vsftpd checks anon_root
        if str(p).startswith("/tmp/pytest-of"):
            p.chmod(p.stat().st_mode | 0o005)
    port, pasv = free_port(), free_port()
    log = tmp_path / "vsftpd.log"
    lines = [
        "listen=YES",
        "listen_ipv6=NO",
        "listen_address=127.0.0.1",
        f"listen_port={port}",
        "background=NO",
        "anonymous_enable=YES",
        "no_anon_password=YES",
        f"anon_root={root}",
        "anon_upload_enable=YES",
        "anon_mkdir_write_enable=YES",
        "anon_other_write_enable=YES",
        "anon_umask=022",
        "write_enable=YES",
        "local_enable=NO",
        "pasv_enable=YES",
        "pasv_address=127.0.0.1",
        f"pasv_min_port={pasv}",
        f"pasv_max_port={pasv}",
        "seccomp_sandbox=NO",
        "xferlog_enable=YES",
        f"vsftpd_log_file={log}",
        "secure_chroot_dir=/var/run/vsftpd/empty",
        "hide_ids=YES",
        "dirlist_enable=YES",
    ]
    if tls:
        lines += [
            "ssl_enable=YES",
            f"rsa_cert_file={tls_files['crt']}",
            f"rsa_private_key_file={tls_files['key']}",
            "allow_anon_ssl=YES",
            "force_anon_logins_ssl=YES",
            "force_anon_data_ssl=YES",
            "require_ssl_reuse=NO",
            "ssl_ciphers=HIGH",
        ]
    Path("/var/run/vsftpd/empty").mkdir(parents=True, exist_ok=True)
    conf = tmp_path / "vsftpd.conf"
    conf.write_text("\n".join(lines) + "\n")
    conf.chmod(0o600)
    log.touch()
    with log.open("ab") as out:  # the child keeps its own descriptor
        proc = subprocess.Popen([str(VSFTPD), str(conf)], stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_port(port, proc, log)
        target = {
            "protocol": "ftps" if tls else "ftp",
            "host": "127.0.0.1",
            "port": port,
            "user": "anonymous",
            "password": "syncsystem@example.at",
            "directory": "/incoming",
            "ca_file": str(tls_files["ca"]),
        }
        yield Server(
            "vsftpd-ftps" if tls else "vsftpd",
            target,
            root / "incoming",
            {**target, "directory": "/nur-lesen"},
        )
    finally:
        _stop(proc)


def _openssh(tmp_path: Path) -> Iterator[Server]:
    """sshd with a generated host key and authorized key, serving OpenSSH's sftp-server."""
    _need(SSHD, SFTP_SERVER)
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation directory
    host = asyncssh.generate_private_key("ssh-ed25519")
    client = asyncssh.generate_private_key("ssh-ed25519")
    (tmp_path / "host_key").write_bytes(host.export_private_key())
    (tmp_path / "host_key").chmod(0o600)
    (tmp_path / "authorized_keys").write_bytes(client.export_public_key())
    inbox = tmp_path / "sftp-inbox"
    (inbox / "nur-lesen").mkdir(parents=True)
    port = free_port()
    log = tmp_path / "sshd.log"
    conf = tmp_path / "sshd_config"
    conf.write_text(
        "\n".join(
            [
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {tmp_path / 'host_key'}",
                f"PidFile {tmp_path / 'sshd.pid'}",
                f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "StrictModes no",
                "UsePAM no",
                f"Subsystem sftp {SFTP_SERVER}",
            ]
        )
        + "\n"
    )
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [str(SSHD), "-D", "-e", "-f", str(conf)], stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_port(port, proc, log)
        target = {
            "protocol": "sftp",
            "host": "127.0.0.1",
            "port": port,
            "user": "root",
            "key": client.export_private_key().decode(),
            "directory": str(inbox),
            "host_key": host.export_public_key().decode().strip(),
        }
        yield Server("openssh", target, inbox, {})
    finally:
        _stop(proc)


SERVERS = [
    "ftp",
    "ftps",
    "sftp",
    "folder",
    pytest.param("vsftpd", marks=pytest.mark.system_servers),
    pytest.param("vsftpd-ftps", marks=pytest.mark.system_servers),
    pytest.param("openssh", marks=pytest.mark.system_servers),
]


def _start(kind: str, tmp_path: Path, tls_files: dict[str, Path]) -> Iterator[Server]:
    makers = {
        "ftp": lambda: _ftp(tmp_path, False, tls_files),
        "ftps": lambda: _ftp(tmp_path, True, tls_files),
        "sftp": lambda: _sftp(tmp_path),
        "folder": lambda: _folder(tmp_path),
        "vsftpd": lambda: _vsftpd(tmp_path, False, tls_files),
        "vsftpd-ftps": lambda: _vsftpd(tmp_path, True, tls_files),
        "openssh": lambda: _openssh(tmp_path),
    }
    yield from makers[kind]()


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest, tmp_path: Path, tls_files: dict[str, Path]) -> Iterator[Server]:
    """Each delivery target in turn, started fresh for the test and stopped after it."""
    yield from _start(request.param, tmp_path, tls_files)


def _kinds(*kinds: str) -> list[Any]:
    return [p for p in SERVERS if (p if isinstance(p, str) else p.values[0]) in kinds]


@pytest.fixture(params=_kinds("ftp", "ftps", "sftp", "vsftpd", "vsftpd-ftps"))
def server_with_read_only(
    request: pytest.FixtureRequest, tmp_path: Path, tls_files: dict[str, Path]
) -> Iterator[Server]:
    """Each target that can offer a read-only directory (a folder or an sshd running as root can't)."""
    yield from _start(request.param, tmp_path, tls_files)


@pytest.fixture(params=_kinds("ftp", "ftps", "sftp"))
def password_server(
    request: pytest.FixtureRequest, tmp_path: Path, tls_files: dict[str, Path]
) -> Iterator[Server]:
    """Each target that logs in with a password (vsftpd runs anonymous, OpenSSH takes a key)."""
    yield from _start(request.param, tmp_path, tls_files)


@pytest.fixture(params=["ftp", "ftps", "sftp"])
def emulator(request: pytest.FixtureRequest, tmp_path: Path, tls_files: dict[str, Path]) -> Iterator[Server]:
    """Each emulated server in turn (these accept injected faults)."""
    yield from _start(request.param, tmp_path, tls_files)
