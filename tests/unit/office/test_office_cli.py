"""``syncsystem office …`` and the transfer commands the pages added: users, SMTP, options, show/delete."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from syncsystem.office.accounts import Accounts, Role
from syncsystem.transfer.store import TransferStore

ENV = {"SYNCSYSTEM_NO_KEYRING": "1", "SMTP_PW": "smtp-geheim"}


def test_first_administrator_is_created_from_a_password_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """add-user --admin reads the password file; the user can log in with it, not with another."""
    secret = tmp_path / "pw.txt"
    secret.write_text("ein-langes-passwort\n")
    state = tmp_path / "state"
    added = cli(
        "office", "add-user", "anna", "--admin", "--password-file", secret, "--state-dir", state, environ=ENV
    )
    assert added.exit_code == 0, added.stderr
    assert added.stdout.strip() == "Benutzer anna (Administrator) gespeichert"
    with Accounts.open(state) as accounts:
        assert accounts.check_password("anna", "ein-langes-passwort") is not None
        assert accounts.check_password("anna", "ein-langes-passwort\n") is None
        assert [(u.name, u.role) for u in accounts.users()] == [("anna", Role.ADMIN)]
    again = cli("office", "add-user", "anna", "--password-file", secret, "--state-dir", state, environ=ENV)
    assert again.exit_code == 2
    assert "Benutzer 'anna' gibt es bereits" in again.stderr


def test_a_short_password_is_refused_and_nothing_stored(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Fewer than 10 characters: exit 2 with one sentence, no user."""
    secret = tmp_path / "pw.txt"
    secret.write_text("kurz\n")
    result = cli(
        "office", "add-user", "bernd", "--password-file", secret, "--state-dir", tmp_path, environ=ENV
    )
    assert result.exit_code == 2
    assert "Passwort für bernd: mindestens 10 Zeichen" in result.stderr
    listed = cli("office", "users", "--state-dir", tmp_path, "--json", environ=ENV)
    assert json.loads(listed.stdout) == []


def test_the_user_stores_refusal_speaks_the_clis_language(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The same refusal the page Benutzer shows in German is English under ``--lang en``."""
    secret = tmp_path / "pw.txt"
    secret.write_text("kurz\n")
    args = ("office", "add-user", "bernd", "--password-file", secret, "--state-dir", tmp_path)
    english = cli("--lang", "en", *args, environ=ENV)
    assert english.exit_code == 2
    assert "Password for bernd: at least 10 characters" in english.stderr
    assert "Passwort" not in english.stderr


def test_office_smtp_and_options_are_what_the_settings_page_shows(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The CLI stores the SMTP server (password sealed) and the reveal option in transfer.sqlite."""
    state = str(tmp_path)
    setting = cli(
        "office",
        "smtp",
        "--host",
        "smtp.kanzlei.example",
        "--port",
        "2525",
        "--user",
        "it",
        "--password-env",
        "SMTP_PW",
        "--state-dir",
        state,
        environ=ENV,
    )
    assert setting.exit_code == 0, setting.stderr
    assert setting.stdout.strip() == (
        "SMTP-Server der Kanzlei: smtp.kanzlei.example:2525 (STARTTLS), Benutzer it, "
        "Absender syncsystem@smtp.kanzlei.example, Passwort gespeichert"
    )
    with TransferStore.open(tmp_path) as store:
        raw = store.option("smtp") or ""
    assert "smtp-geheim" not in raw and '"password": "enc:v1:' in raw
    bad = cli("office", "smtp", "--host", "x", "--port", "0", "--state-dir", state, environ=ENV)
    assert bad.exit_code == 2 and "office smtp:smtp.port: 0 liegt nicht zwischen 1 und 65535" in bad.stderr
    option = cli("office", "options", "--admins-may-reveal", "yes", "--state-dir", state, environ=ENV)
    assert option.stdout.strip() == "Administratoren dürfen gesetzte Passwörter einsehen: ja"


def _job_file(tmp_path: Path) -> Path:
    (tmp_path / "quelle").mkdir()
    (tmp_path / "ziel").mkdir()
    job: dict[str, Any] = {
        "name": "tag",
        "source": {"kind": "folder", "dir": str(tmp_path / "quelle")},
        "target": {"protocol": "folder", "directory": str(tmp_path / "ziel")},
        "execution": {"mandanten": ["100"]},
        "schedule": {"interval": "daily", "at": "06:30"},
    }
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job))
    return path


def test_transfer_delete_wants_yes_and_then_removes_job_and_journal(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Without --yes nothing is deleted (exit 2); with it the job is gone from `transfer list`."""
    state = str(tmp_path / "state")
    added = cli("transfer", "add", "--config", _job_file(tmp_path), "--state", state, environ=ENV)
    assert added.exit_code == 0
    assert cli("transfer", "run", "tag", "--state", state, environ=ENV).exit_code == 0
    refused = cli("transfer", "delete", "tag", "--state", state, environ=ENV)
    assert refused.exit_code == 2 and "bitte mit --yes bestätigen" in refused.stderr
    done = cli("transfer", "delete", "tag", "--yes", "--state", state, environ=ENV)
    assert done.stdout.strip() == "Auftrag tag gelöscht"
    assert cli("transfer", "list", "--state", state, environ=ENV).stdout.strip() == "keine Aufträge"
    with TransferStore.open(Path(state)) as store:
        assert store.connection.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0


def test_transfer_disable_keeps_the_job_out_of_run_due(cli, tmp_path: Path, sim_clock) -> None:  # type: ignore[no-untyped-def]
    """A disabled job's slot passes without a run; enabled again, the next slot runs."""
    from datetime import timedelta  # noqa: PLC0415

    state = str(tmp_path / "state")
    cli("transfer", "add", "--config", _job_file(tmp_path), "--state", state, environ=ENV)
    disabled = cli("transfer", "disable", "tag", "--state", state, environ=ENV)
    assert disabled.stdout.strip() == "Auftrag tag deaktiviert"
    sim_clock.wait_until(sim_clock.now() + timedelta(days=1))
    assert cli("transfer", "run-due", "--state", state, environ=ENV).stdout.strip() == "nichts fällig"
    cli("transfer", "enable", "tag", "--state", state, environ=ENV)
    sim_clock.wait_until(sim_clock.now() + timedelta(days=1))
    ran = cli("transfer", "run-due", "--state", state, environ=ENV)
    assert ran.stdout.startswith("tag: 0 Datei(en)"), ran.stdout


def test_serve_refuses_a_non_loopback_address_without_tls(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """--host 0.0.0.0 without --cert: exit 2 and one German sentence; nothing listens."""
    result = cli("office", "serve", "--host", "0.0.0.0", "--state-dir", tmp_path, environ=ENV)
    assert result.exit_code == 2
    assert "außerhalb von 127.0.0.1 nur mit TLS (--cert DATEI --key DATEI)" in result.stderr


def test_set_user_changes_role_and_state_but_keeps_the_last_admin(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The Benutzer page's changes on the command line: bernd becomes admin and is deactivated; the
    then only active Administrator anna cannot be demoted (exit 2, one sentence, nothing changed)."""
    secret = tmp_path / "pw.txt"
    secret.write_text("ein-langes-passwort\n")
    state = tmp_path / "state"
    for name, extra in (("anna", ["--admin"]), ("bernd", [])):
        cli("office", "add-user", name, *extra, "--password-file", secret, "--state-dir", state, environ=ENV)
    promoted = cli("office", "set-user", "bernd", "--role", "admin", "--state-dir", state, environ=ENV)
    assert promoted.stdout.strip() == "Benutzer bernd: Administrator, aktiv"
    off = cli("office", "set-user", "bernd", "--active", "no", "--state-dir", state, environ=ENV)
    assert off.stdout.strip() == "Benutzer bernd: Administrator, deaktiviert"
    demote = cli("office", "set-user", "anna", "--role", "user", "--state-dir", state, environ=ENV)
    assert demote.exit_code == 2
    assert demote.stderr.strip() == (
        "syncsystem: anna ist der letzte aktive Administrator – "
        "bitte zuerst einen anderen Administrator anlegen."
    )
    listed = json.loads(cli("office", "users", "--state-dir", state, "--json", environ=ENV).stdout)
    assert listed == [
        {"user": "anna", "role": "admin", "active": True},
        {"user": "bernd", "role": "admin", "active": False},
    ]
