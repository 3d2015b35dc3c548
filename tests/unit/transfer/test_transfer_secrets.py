"""Secrets at rest: sealed tokens, a 0600 key file, tamper detection, admin-gated reveal, no leaks."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.transfer.secrets import AdminGate, Secret, SecretBox, SecretError
from syncsystem.transfer.store import TransferStore


def test_key_file_is_created_owner_only_and_reused(tmp_path: Path) -> None:
    """The key file gets mode 0600 and the same key opens tokens sealed earlier."""
    token = SecretBox.for_state(tmp_path, use_keyring=False).seal("ftp-passwort")
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert SecretBox.for_state(tmp_path, use_keyring=False).open(token).reveal() == "ftp-passwort"
    assert "ftp-passwort" not in token


def test_key_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    """A key file others may read is refused with the chmod to fix it."""
    SecretBox.for_state(tmp_path, use_keyring=False)
    (tmp_path / "secret.key").chmod(0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        SecretBox.for_state(tmp_path, use_keyring=False)


def test_tampered_token_and_wrong_key_are_refused(tmp_path: Path) -> None:
    """A changed token or one sealed with another key does not open."""
    token = SecretBox.for_state(tmp_path / "a", use_keyring=False).seal("x")
    other = SecretBox.for_state(tmp_path / "b", use_keyring=False)
    with pytest.raises(SecretError):
        other.open(token)
    with pytest.raises(SecretError):
        SecretBox.for_state(tmp_path / "a", use_keyring=False).open(token[:-4] + "AAAA")


def test_reveal_only_after_admin_password(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A stored password is shown only to someone who re-enters the admin password; it is never logged."""
    messages.set_language("de")  # the words the office reads
    box = SecretBox.for_state(tmp_path, use_keyring=False)
    with TransferStore.open(tmp_path) as store:
        gate = AdminGate(store, box)
        token = box.seal("sftp-geheim")
        with pytest.raises(SecretError, match="kein Administratorpasswort"):
            gate.reveal(token, "irgendwas")
        gate.set_password("admin-passwort")
        with caplog.at_level(logging.DEBUG), pytest.raises(SecretError, match="falsch"):
            gate.reveal(token, "falsch-geraten")
        assert gate.reveal(token, "admin-passwort") == "sftp-geheim"
    assert "sftp-geheim" not in caplog.text


def test_secret_values_do_not_print() -> None:
    """repr/str of a clear secret hide the value."""
    assert "geheim" not in repr(Secret("geheim")) + str(Secret("geheim")) + f"{Secret('geheim')}"
