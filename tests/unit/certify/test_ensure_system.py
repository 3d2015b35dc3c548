"""The fresh-machine helpers: what ensure_system decides to install, and the untracked-file check."""

from __future__ import annotations

from fnmatch import fnmatch

from tools.clean_tree import new_paths
from tools.ensure_system import NEEDS, missing_needs, plan


def test_nothing_missing_means_nothing_to_do() -> None:
    """With every program present and PostgreSQL reachable, nothing is installed and nothing refused."""
    decision = plan(missing_needs(lambda _path: True), postgres_ok=True, is_root=False, has_apt=False)
    assert decision.install == () and decision.refusal is None and not decision.setup_postgres


def test_root_with_apt_installs_exactly_the_missing_packages() -> None:
    """As root with apt, the packages of the missing programs (and PostgreSQL) are installed."""
    missing = missing_needs(lambda path: path != "/usr/bin/chromium" and path != "/usr/bin/wrk")
    decision = plan(missing, postgres_ok=False, is_root=True, has_apt=True)
    assert decision.install == ("chromium", "wrk", "postgresql")
    assert decision.setup_postgres and decision.refusal is None


def test_an_empty_debian_root_gets_every_package() -> None:
    """A debootstrap root with only python3, pip, venv, git and ca-certificates (tools/fresh_machine.sh
    found this): every program, Playwright driver's libatomic1 and PostgreSQL are installed."""
    files = {"/usr/bin/python3", "/usr/bin/git", "/usr/lib/x86_64-linux-gnu/libc.so.6"}
    missing = missing_needs(lambda pattern: any(fnmatch(f, pattern) for f in files))
    decision = plan(missing, postgres_ok=False, is_root=True, has_apt=True)
    assert decision.install == (
        "chromium",
        "vsftpd",
        "openssh-server",
        "openssh-sftp-server",
        "wrk",
        "libatomic1",
        "postgresql",
    )


def test_libatomic_is_found_on_any_architecture() -> None:
    """The library lies under the multiarch directory of the machine, e.g. aarch64 or x86_64."""
    for files in ({"/usr/lib/aarch64-linux-gnu/libatomic.so.1"}, {"/lib/x86_64-linux-gnu/libatomic.so.1"}):
        missing = missing_needs(lambda pattern, files=files: any(fnmatch(f, pattern) for f in files))
        assert "libatomic1" not in [need.package for need in missing]


def test_not_root_names_packages_and_command() -> None:
    """Without root the answer is a message naming every missing program and the apt command."""
    decision = plan(list(NEEDS), postgres_ok=True, is_root=False, has_apt=True)
    assert decision.refusal is not None
    assert "not running as root" in decision.refusal
    command = "apt-get install -y chromium vsftpd openssh-server openssh-sftp-server wrk libatomic1"
    assert command in decision.refusal
    assert "SYNCSYSTEM_TEST_POSTGRES_URL" not in decision.refusal


def test_untracked_files_that_existed_before_are_not_blamed() -> None:
    """Only paths that appeared during the run are reported."""
    before = {"?? notes.txt", " M README.md"}
    after = before | {"?? certification/summary.json", "?? datacenter.db"}
    assert new_paths(before, after) == ["?? certification/summary.json", "?? datacenter.db"]
