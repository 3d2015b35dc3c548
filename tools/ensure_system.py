"""Find or install the system programs the test suite uses as real peers, before tox runs pytest.

The suite drives a real headless Chromium (advisor page), Debian's vsftpd and OpenSSH's sshd +
sftp-server (delivery tests), PostgreSQL on 127.0.0.1:5432 (store tests) and wrk (poll benchmark);
Playwright's bundled Node driver needs libatomic, which a minimal Debian lacks.
This script looks for each; what is missing it installs with apt as root (``apt-get update`` first),
and where it cannot (not root, no apt) it names the Debian packages and the command and exits 2, so
``tox`` stops with one clear message instead of a red or skipped suite. Quick and idempotent: when
everything is present it only stats a few files and opens one socket.

``--check`` only reports; the deciding part (`plan`) is a pure function of what was found.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_MISSING = 0, 2


@dataclass(frozen=True, slots=True)
class Need:
    """A program the suite runs, where it is looked for (glob patterns), and its Debian package."""

    name: str
    paths: tuple[str, ...]
    package: str


NEEDS: tuple[Need, ...] = (
    Need("Chromium (advisor and office pages in a real browser)", ("/usr/bin/chromium",), "chromium"),
    Need("vsftpd (FTP/FTPS delivery)", ("/usr/sbin/vsftpd",), "vsftpd"),
    Need("OpenSSH sshd (SFTP delivery)", ("/usr/sbin/sshd",), "openssh-server"),
    Need("OpenSSH sftp-server (SFTP delivery)", ("/usr/lib/openssh/sftp-server",), "openssh-sftp-server"),
    Need("wrk (poll benchmark)", ("/usr/bin/wrk",), "wrk"),
    # Playwright's bundled Node driver links it; a minimal Debian lacks it
    Need(
        "libatomic (Playwright's Node driver)",
        ("/usr/lib/*/libatomic.so.1", "/lib/*/libatomic.so.1"),
        "libatomic1",
    ),
)
POSTGRES_PACKAGE = "postgresql"


@dataclass(frozen=True, slots=True)
class Plan:
    """What to do: packages to install with apt, whether to set up PostgreSQL, or why we cannot."""

    install: tuple[str, ...]
    setup_postgres: bool
    refusal: str | None


def _exists(pattern: str) -> bool:
    return bool(glob.glob(pattern))


def missing_needs(exists: Callable[[str], bool]) -> list[Need]:
    """The needs none of whose paths exist."""
    return [need for need in NEEDS if not any(exists(p) for p in need.paths)]


def plan(missing: Sequence[Need], postgres_ok: bool, is_root: bool, has_apt: bool) -> Plan:
    """Decide from what was found; never touches the system."""
    packages = [need.package for need in missing]
    if not postgres_ok:
        packages.append(POSTGRES_PACKAGE)
    if not packages:
        return Plan((), False, None)
    if is_root and has_apt:
        return Plan(tuple(packages), not postgres_ok, None)
    what = [need.name for need in missing]
    if not postgres_ok:
        what.append("PostgreSQL on 127.0.0.1:5432 (trust for user postgres, database test)")
    why = "not running as root" if has_apt else "no apt-get on this machine"
    lines = [
        f"The test suite needs programs this machine lacks, and they cannot be installed here ({why}):",
        *(f"  - {w}" for w in what),
        "Install them, e.g. on Debian/Ubuntu as root:",
        f"  apt-get update && apt-get install -y {' '.join(packages)}",
    ]
    if not postgres_ok:
        lines.append(
            "or point SYNCSYSTEM_TEST_POSTGRES_URL at a PostgreSQL server where tests may create databases."
        )
    lines.append("Then run tox again.")
    return Plan(tuple(packages), False, "\n".join(lines))


def postgres_reachable(environ: dict[str, str]) -> bool:
    """A PostgreSQL the suite can use: an explicit URL, a Docker engine (testcontainers) or 5432."""
    if environ.get("SYNCSYSTEM_TEST_POSTGRES_URL"):
        return True  # the user chose a server; the suite itself reports if it is unusable
    docker = environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    if docker.startswith("unix://") and os.path.exists(docker.removeprefix("unix://")):
        return True
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _run(argv: list[str]) -> bool:
    print("+", " ".join(argv), flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    return subprocess.run(argv, check=False, env=env, cwd="/").returncode == 0


def install(packages: Sequence[str]) -> bool:
    """``apt-get update`` (a failure only warns: the lists at hand may do), then install; True if it did."""
    if not _run(["apt-get", "update", "-qq"]):
        print("ensure_system: apt-get update failed; trying the package lists at hand", file=sys.stderr)
    return _run(["apt-get", "install", "-y", "-qq", *packages])


def setup_postgres() -> bool:
    """Start the Debian cluster with trust for postgres on 127.0.0.1 and a ``test`` database.

    Runs only as root right after ``apt-get install postgresql`` found nothing answering on 5432: a
    fresh package's cluster (its post-install may not have started it: a container, a chroot) or an
    installed but stopped one. The suite creates and drops its own database per session.
    """
    clusters = sorted(glob.glob("/etc/postgresql/*/main/pg_hba.conf"))
    if not clusters:
        print(
            "ensure_system: postgresql is installed but has no cluster under /etc/postgresql/*/main; "
            "create one with pg_createcluster and run tox again",
            file=sys.stderr,
        )
        return False
    hba = Path(clusters[-1])
    version = hba.parts[3]
    rule = "host all postgres 127.0.0.1/32 trust\n"
    text = hba.read_text()
    if rule not in text:
        hba.write_text(rule + text)
    return _run(["pg_ctlcluster", version, "main", "restart"]) and _run(
        [
            "runuser",
            "-u",
            "postgres",
            "--",
            "sh",
            "-c",
            "psql -tAc \"select 1 from pg_database where datname='test'\" | grep -q 1 || createdb test",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only report, install nothing")
    args = parser.parse_args(argv)
    missing = missing_needs(_exists)
    pg_ok = postgres_reachable(dict(os.environ))
    decision = plan(missing, pg_ok, os.geteuid() == 0, shutil.which("apt-get") is not None)
    if not decision.install:
        print("ensure_system: Chromium, vsftpd, OpenSSH, wrk, libatomic and PostgreSQL are present")
        if os.geteuid() != 0:
            print(
                "ensure_system: note: the vsftpd/sshd delivery tests start servers and need root; "
                "as this user they are skipped (and fail under CI=true)",
                file=sys.stderr,
            )
        return EXIT_OK
    if decision.refusal is not None:
        print(decision.refusal, file=sys.stderr)
        return EXIT_MISSING
    if args.check:
        print(f"ensure_system: missing, would install: {' '.join(decision.install)}", file=sys.stderr)
        return EXIT_MISSING
    if not install(decision.install):
        print(
            f"ensure_system: apt-get could not install {' '.join(decision.install)} (see above); "
            "install them by hand and run tox again",
            file=sys.stderr,
        )
        return EXIT_MISSING
    if decision.setup_postgres and not setup_postgres():
        print("ensure_system: PostgreSQL is installed but could not be started (see above)", file=sys.stderr)
        return EXIT_MISSING
    still = missing_needs(_exists)
    if still or not postgres_reachable(dict(os.environ)):
        names = [n.name for n in still] or ["PostgreSQL on 127.0.0.1:5432"]
        print(f"ensure_system: still missing after apt-get: {', '.join(names)}", file=sys.stderr)
        return EXIT_MISSING
    print(f"ensure_system: installed {' '.join(decision.install)}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
