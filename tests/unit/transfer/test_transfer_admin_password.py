"""The admin password that guards revealing stored secrets can be changed only with the current one."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.transfer.secrets import AdminGate, SecretBox, SecretError
from syncsystem.transfer.store import TransferStore

ENV = {"FIRST": "erstes-passwort", "SECOND": "zweites-passwort", "WRONG": "geraten-passwort"}


def _admin(cli, state: Path, *options: str):  # type: ignore[no-untyped-def]
    return cli("transfer", "admin-password", "--state", str(state), *options, environ=ENV)


def test_gate_refuses_a_change_without_the_current_password(tmp_path: Path) -> None:
    """Once set, the password changes only when the current one is given and right."""
    messages.set_language("de")  # the words the office reads
    box = SecretBox.for_state(tmp_path, use_keyring=False)
    with TransferStore.open(tmp_path) as store:
        gate = AdminGate(store, box)
        gate.set_password("erstes-passwort")
        token = box.seal("ftp-geheim")
        with pytest.raises(SecretError, match="bereits gesetzt"):
            gate.set_password("zweites-passwort")
        with pytest.raises(SecretError, match="bisheriges Administratorpasswort falsch"):
            gate.set_password("zweites-passwort", old="geraten-passwort")
        with pytest.raises(SecretError, match="falsch"):
            gate.reveal(token, "zweites-passwort")
        gate.set_password("zweites-passwort", old="erstes-passwort")
        assert gate.reveal(token, "zweites-passwort") == "ftp-geheim"
        with pytest.raises(SecretError, match="falsch"):
            gate.reveal(token, "erstes-passwort")


def test_cli_reset_without_the_old_password_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`transfer admin-password` a second time needs --old-password-env; a wrong one changes nothing."""
    state = tmp_path / "state"
    first = _admin(cli, state, "--password-env", "FIRST")
    assert first.exit_code == 0 and "gesetzt" in first.stdout
    reset = _admin(cli, state, "--password-env", "SECOND")
    assert reset.exit_code == 2, reset.stdout + reset.stderr
    assert "--old-password-env" in reset.stderr and "Traceback" not in reset.stderr
    wrong = _admin(cli, state, "--old-password-env", "WRONG", "--password-env", "SECOND")
    assert wrong.exit_code == 2 and "falsch" in wrong.stderr
    with TransferStore.open(state) as store:
        gate = AdminGate(store, SecretBox.for_state(state, use_keyring=False))
        assert gate.check("erstes-passwort") and not gate.check("zweites-passwort")
    changed = _admin(cli, state, "--old-password-env", "FIRST", "--password-env", "SECOND")
    assert changed.exit_code == 0 and "geändert" in changed.stdout
    with TransferStore.open(state) as store:
        assert AdminGate(store, SecretBox.for_state(state, use_keyring=False)).check("zweites-passwort")
