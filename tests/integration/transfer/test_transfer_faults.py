"""Faults on the wire: cut connections, full disks, slow links and mail, against the emulators."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from emulators.smtp import SmtpEmulator

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ
from syncsystem.transfer.config import MailSettings, parse_job
from syncsystem.transfer.connector import connector
from syncsystem.transfer.mail import MailError, MailKind, compose, send_mail
from syncsystem.transfer.secrets import Secret, SecretBox
from syncsystem.transfer.targets import TargetError, deliver, temp_name

DATA = b"0;200001;4000;R1;02.03.2026;;AR;1;;;120,00;;Rechnung;;\r\n" * 3000


def session_for(server: Any, tmp_path: Path) -> Any:
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    job = parse_job(
        {
            "name": "t",
            "target": server.target,
            "schedule": {"interval": "hourly"},
            "execution": {"mandanten": ["1"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
        },
        box.seal,
        DEFAULT_TZ,
    )
    return connector(job, box, timeout=10)()


def test_cut_connection_leaves_no_file_under_the_final_name(emulator: Any, tmp_path: Path) -> None:
    """A transfer cut mid-way leaves at most a .part file; the retry replaces it and completes."""
    emulator.control.inject(disconnect_after_bytes=10_000)
    session = session_for(emulator, tmp_path)
    with pytest.raises(TargetError) as cut:
        deliver(session, "buchungen.csv", DATA)
    session.close()
    assert cut.value.retryable
    assert "buchungen.csv" not in {p.name for p in emulator.inbox.iterdir()}
    assert len((emulator.inbox / temp_name("buchungen.csv")).read_bytes()) <= 10_000
    session = session_for(emulator, tmp_path)
    deliver(session, "buchungen.csv", DATA)
    session.close()
    assert {p.name: p.read_bytes() for p in emulator.inbox.iterdir() if p.is_file()} == {
        "buchungen.csv": DATA
    }


def test_full_disk_fails_the_write_step(emulator: Any, tmp_path: Path) -> None:
    """When the server's disk is full the upload fails at the write step and nothing is renamed."""
    emulator.control.inject(disk_free_bytes=1000)
    session = session_for(emulator, tmp_path)
    with pytest.raises(TargetError) as full:
        deliver(session, "buchungen.csv", DATA)
    session.close()
    assert full.value.step == "Schreiben"
    assert not (emulator.inbox / "buchungen.csv").exists()


def test_slow_link_still_delivers_intact(emulator: Any, tmp_path: Path) -> None:
    """A throttled link delivers the same bytes, just slower."""
    emulator.control.inject(throttle_bytes_per_second=2_000_000)
    session = session_for(emulator, tmp_path)
    result = deliver(session, "buchungen.csv", DATA)
    session.close()
    assert (emulator.inbox / "buchungen.csv").read_bytes() == DATA and result.size == len(DATA)


@pytest.fixture
def mail_settings(smtp_server: SmtpEmulator, tls_files: dict[str, Path]) -> MailSettings:
    return MailSettings(
        "buchhaltung@mandant.at",
        "127.0.0.1",
        smtp_server.port,
        "mailer",
        None,
        "export@mandant.at",
        True,
        str(tls_files["ca"]),
    )


def test_mail_goes_through_starttls_and_auth(smtp_server: SmtpEmulator, mail_settings: MailSettings) -> None:
    """The failure mail arrives encrypted and authenticated, in German, naming the job and error."""
    when = datetime(2026, 3, 2, 9, 0, tzinfo=DEFAULT_TZ)
    send_mail(
        mail_settings,
        Secret("mail-secret"),
        compose(MailKind.FAILURE, mail_settings, "stb", when, error="Schreiben: 552"),
    )
    (mail,) = smtp_server.control.mails()
    assert mail.tls and mail.user == "mailer" and mail.recipients == ("buchhaltung@mandant.at",)
    assert mail.subject == "Buchhaltungsexport stb fehlgeschlagen" and "Schreiben: 552" in mail.body


def test_mail_failures_name_the_smtp_step(
    smtp_server: SmtpEmulator, mail_settings: MailSettings, tmp_path: Path
) -> None:
    """Wrong password, an untrusted certificate and a refusing server each say what failed."""
    messages.set_language("de")  # the words the office reads
    msg = compose(MailKind.TEST, mail_settings, "stb", datetime.now(DEFAULT_TZ))
    with pytest.raises(MailError, match="Anmelden: Anmeldung abgelehnt"):
        send_mail(mail_settings, Secret("falsch"), msg)
    untrusted = replace(mail_settings, ca_file=None)  # the system store does not know the test CA
    with pytest.raises(MailError, match="STARTTLS"):
        send_mail(untrusted, Secret("mail-secret"), msg)
    smtp_server.control.inject(reject_with="451 4.3.0 Bitte spaeter")
    with pytest.raises(MailError, match="451"):
        send_mail(mail_settings, Secret("mail-secret"), msg)
    assert smtp_server.control.mails() == []


def test_cli_test_mail_and_reveal(
    cli: Any, tmp_path: Path, smtp_server: SmtpEmulator, tls_files: dict[str, Path]
) -> None:
    """test-mail sends through the emulator; reveal needs the admin password and shows the secret."""
    env = {
        "SYNCSYSTEM_TRANSFER_STATE": str(tmp_path / "s"),
        "SYNCSYSTEM_NO_KEYRING": "1",
        "PW": "mail-secret",
        "ADMIN": "admin-passwort",
        "WRONG": "nein-nein",
    }
    job = {
        "name": "stb",
        "target": {"protocol": "folder", "directory": str(tmp_path)},
        "execution": {"mandanten": ["1"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
        "schedule": {"interval": "hourly"},
        "mail": {
            "to": "a@b.at",
            "smtp_host": "127.0.0.1",
            "smtp_port": smtp_server.port,
            "smtp_user": "mailer",
            "smtp_password_env": "PW",
            "ca_file": str(tls_files["ca"]),
        },
    }
    (tmp_path / "job.json").write_text(json.dumps(job))
    assert cli("transfer", "add", "--config", tmp_path / "job.json", environ=env).exit_code == 0
    sent = cli("transfer", "test-mail", "stb", "--json", environ=env)
    assert sent.exit_code == 0, sent.stdout + sent.stderr
    assert smtp_server.control.mails()[0].message["X-Syncsystem-Mail"] == "test"
    assert cli("transfer", "admin-password", "--password-env", "ADMIN", environ=env).exit_code == 0
    refused = cli(
        "transfer",
        "reveal",
        "stb",
        "--field",
        "mail.smtp_password",
        "--admin-password-env",
        "WRONG",
        environ=env,
    )
    assert refused.exit_code == 2 and "mail-secret" not in refused.stdout + refused.stderr
    shown = cli(
        "transfer",
        "reveal",
        "stb",
        "--field",
        "mail.smtp_password",
        "--admin-password-env",
        "ADMIN",
        environ=env,
    )
    assert shown.stdout.strip() == "mail-secret"
