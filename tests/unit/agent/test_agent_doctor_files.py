"""The doctor and the profile's own files: a CA file, token, outbox or export folder that cannot be
read is one failed check among the others (named file, German reason), never the end of the doctor.

Expected texts are written out by hand from the German catalogue's sentences."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from syncsystem import messages
from syncsystem.agent.checkup import doctor_checks
from syncsystem.agent.config import AgentConfig, ExportSettings, save_config, write_token
from syncsystem.agent.doctor import run_checks
from syncsystem.agent.exporter import Check
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import PollResponse

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NOBODY = "https://127.0.0.1:9"  # nothing listens: the port check fails at once
CA_HINT = (
    "die PEM-Datei des Rechenzentrums unter diesem Pfad ablegen und dem Dienstbenutzer Leserechte "
    "geben, oder neu anmelden mit syncsystem agent enrol --ca-file …"
)


@pytest.fixture(autouse=True)
def _german() -> None:
    messages.set_language("de")  # the doctor's words, as the office reads them


def _profile(tmp_path: Path, *, ca_file: str = "", folder: Path | None = None, token: bool = True) -> Path:
    """A saved profile ``kanzlei`` reading BMD's export folder ``folder`` (default: one that exists)."""
    if folder is None:
        folder = tmp_path / "bmd-out"
        folder.mkdir()
    state_dir = tmp_path / "kanzlei"
    config = AgentConfig(
        profile="kanzlei",
        state_dir=state_dir,
        agent_id="agent-1",
        office_id="office-1",
        datacenter_url=NOBODY,
        public_key_b64="AAAA",
        mandanten=("1001",),
        ca_file=ca_file,
        export=ExportSettings(kind="folder", folder=str(folder)),
    )
    save_config(config)
    if token:
        write_token(state_dir, "tok")
    return state_dir


def _by_name(checks: list[Check]) -> dict[str, Check]:
    return {c.name: c for c in checks}


def test_run_checks_without_poll_reports_the_file_checks_and_asks_no_one(tmp_path: Path) -> None:
    """A failed file check (here the CA file) stands after the port; token and clock go unchecked."""
    ca = Check.of(mc.DOC_CA_FILE(), False, "ca_file 'x.pem': …", mc.DOC_CA_FILE_HINT())
    checks = run_checks(
        datacenter_url=NOBODY,
        state_dir=tmp_path,
        service=(True, "pid 1"),
        poll=None,
        now=lambda: T0,
        exporter=None,
        problems={},
        files=[ca],
        timeout=0.2,
    )
    assert [c.name for c in checks] == [
        "Dienst läuft",
        "Ausgehender Port erreichbar",
        "CA-Datei des Rechenzentrums lesbar",
        "Profilordner beschreibbar",
    ]
    assert checks[2].hint == CA_HINT


def test_run_checks_with_poll_still_checks_token_and_clock(tmp_path: Path) -> None:
    """With a poll and an open port, token and clock follow the file checks as before."""
    import socket  # noqa: PLC0415 - a listening port for this test only

    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        checks = run_checks(
            datacenter_url=f"https://127.0.0.1:{port}",
            state_dir=tmp_path,
            service=(True, "pid 1"),
            poll=lambda: PollResponse(T0, 1800),
            now=lambda: T0,
            exporter=None,
            problems={},
            timeout=2,
        )
    names = [c.name for c in checks]
    assert names[2:4] == ["Token des Rechenzentrums gültig", "Uhr korrekt"] and all(c.ok for c in checks)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(None, "nicht gefunden"), ("kein Zertifikat\n", "keine Zertifikate darin gefunden")],
)
def test_an_unreadable_ca_file_is_a_failed_check(tmp_path: Path, content: str | None, reason: str) -> None:
    ca = tmp_path / "dc-ca.pem"
    if content is not None:
        ca.write_text(content)
    checks = _by_name(doctor_checks(_profile(tmp_path, ca_file=str(ca)), lambda: T0))
    failed = checks["CA-Datei des Rechenzentrums lesbar"]
    assert not failed.ok and failed.hint == CA_HINT
    assert failed.detail == f"ca_file '{ca}': als PEM-Zertifikate nicht lesbar: {reason}"
    assert checks["BMD-Exportordner erreichbar"].ok and checks["Profilordner beschreibbar"].ok
    assert "Token des Rechenzentrums gültig" not in checks  # without the CA no TLS: not asked


def test_a_missing_token_fails_the_token_check(tmp_path: Path) -> None:
    state_dir = _profile(tmp_path, token=False)
    checks = _by_name(doctor_checks(state_dir, lambda: T0))
    token = checks["Token des Rechenzentrums gültig"]
    assert not token.ok
    assert (
        token.detail
        == f"{state_dir / 'token'}: kein Token des Rechenzentrums — 'syncsystem agent enrol' ausführen"
    )
    assert "syncsystem agent enrol --profile kanzlei --code CODE" in token.hint


def test_a_token_that_is_a_folder_fails_the_token_check(tmp_path: Path) -> None:
    state_dir = _profile(tmp_path, token=False)
    (state_dir / "token").mkdir()
    token = _by_name(doctor_checks(state_dir, lambda: T0))["Token des Rechenzentrums gültig"]
    assert (
        not token.ok and token.detail == f"{state_dir / 'token'}: nicht lesbar: ist ein Ordner, keine Datei"
    )


def test_a_damaged_outbox_is_a_failed_check_and_the_rest_still_runs(tmp_path: Path) -> None:
    state_dir = _profile(tmp_path)
    (state_dir / "outbox.sqlite").write_bytes(b"kein SQLite" * 200)
    checks = _by_name(doctor_checks(state_dir, lambda: T0))
    outbox = checks["Postausgang des Agenten lesbar"]
    assert not outbox.ok
    assert outbox.detail == (
        f"{state_dir / 'outbox.sqlite'}: der Postausgang kann nicht geöffnet werden: "
        "keine SQLite-Datenbank (die Datei ist beschädigt oder eine andere Datei)"
    )
    said = outbox.said["detail"]  # the office's agent page words it again from the codes
    assert said.text("en") == (
        f"{state_dir / 'outbox.sqlite'}: cannot open the outbox: "
        "not an SQLite database (the file is damaged or another file)"
    )
    assert outbox.hint.startswith("Rechte des Dienstbenutzers auf den Profilordner prüfen")
    assert checks["BMD-Exportordner erreichbar"].ok and checks["Profilordner beschreibbar"].ok


@pytest.mark.parametrize(
    ("make", "reason"), [("missing", "nicht gefunden"), ("file", "ein Teil des Pfads ist kein Ordner")]
)
def test_an_unreadable_export_folder_fails_its_check(tmp_path: Path, make: str, reason: str) -> None:
    folder = tmp_path / "bmd-out"
    if make == "file":
        folder.write_text("kein Ordner")
    checks = _by_name(doctor_checks(_profile(tmp_path, folder=folder), lambda: T0))
    check = checks["BMD-Exportordner erreichbar"]
    assert not check.ok and check.detail == f"{folder}: nicht lesbar: {reason}"
    assert check.hint == "export.folder in agent.toml prüfen / Freigabe verbinden"
    assert "Postausgang des Agenten lesbar" not in checks  # the outbox is fine: no check of its own
