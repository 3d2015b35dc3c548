"""Integration tests of `agent doctor`, `enrol` and `install` against the fake datacenter on TLS."""

from __future__ import annotations

import contextlib
import json
import os
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from emulators.bmd import Office
from emulators.datacenter import FakeDatacenter, Served

from syncsystem import messages
from syncsystem.agent.config import AgentConfig, load_config
from syncsystem.agent.install import resident_command

from .conftest import subprocess_env


@pytest.fixture
def resident(tmp_path: Path) -> Iterator[Callable[[Path], None]]:
    """Start the real resident timer of a profile (idle: its agenda is an hour away); stopped after."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(state_dir: Path) -> None:
        (state_dir / "agenda").write_text(f"{time.time() + 3600:.3f}\n")
        procs.append(
            subprocess.Popen(resident_command(state_dir), env=subprocess_env(), stderr=subprocess.DEVNULL)
        )
        deadline = time.monotonic() + 10
        while not (state_dir / "resident.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(10)


def _doctor(cli: Any, config: AgentConfig) -> tuple[int, dict[str, dict[str, Any]]]:
    result = cli("agent", "doctor", "--home", config.state_dir.parent, "--profile", "kanzlei", "--json")
    checks = {c["check"]: c for c in json.loads(result.stdout)["checks"]}
    return result.exit_code, checks


def test_doctor_all_ok_with_service_running(
    cli: Any,
    served: Served,
    make_profile: Any,
    resident: Callable[[Path], None],
    fake_dc: FakeDatacenter,
    sim_clock: Any,
) -> None:
    """Service up, clock right, port open, token valid, BMD export ok: every check ok, exit 0."""
    fake_dc.now = sim_clock.now  # the doctor compares against the CLI's clock
    config = make_profile(served.url, served.ca_file)
    resident(config.state_dir)
    code, checks = _doctor(cli, config)
    assert code == 0, checks
    assert all(c["ok"] for c in checks.values())
    assert {
        "Dienst läuft",
        "Uhr korrekt",
        "Ausgehender Port erreichbar",
        "Token des Rechenzentrums gültig",
        "BMD-Exportschnittstelle erreichbar",
        "BMD-Lizenz gültig",
        "Buchhaltungsdatei nicht gesperrt",
        "Buchhaltungsdatei ohne Kennwort",
    } <= set(checks)


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        ("licence", "BMD-Lizenz gültig"),
        ("locked", "Buchhaltungsdatei nicht gesperrt"),
        ("password", "Buchhaltungsdatei ohne Kennwort"),
        ("dialog", "BMD zeigt nach der Anmeldung keine Meldung"),
    ],
)
def test_doctor_names_the_bmd_fault_with_a_fix_hint(
    cli: Any,
    served: Served,
    make_profile: Any,
    office: Office,
    fake_dc: FakeDatacenter,
    sim_clock: Any,
    fault: str,
    check: str,
) -> None:
    """A BMD fault (via the emulator's export CLI) fails exactly its check, with a hint; exit 1."""
    fake_dc.now = sim_clock.now
    config = make_profile(served.url, served.ca_file)
    office.control.inject(fault, times=None)
    code, checks = _doctor(cli, config)
    failed = {name for name, c in checks.items() if not c["ok"]}
    assert code == 1 and failed == {"Dienst läuft", check}
    assert checks[check]["hint"] and checks["Dienst läuft"]["hint"]
    text = cli("agent", "doctor", "--home", config.state_dir.parent, "--profile", "kanzlei")
    assert text.exit_code == 1 and f"FEHLER {check}" in text.stdout and "→" in text.stdout
    assert "FEHLER Dienst läuft: keine resident.pid: der Dienst wurde nie gestartet" in text.stdout


def test_doctor_reports_clock_skew_and_a_bad_token(
    cli: Any, served: Served, make_profile: Any, fake_dc: FakeDatacenter, sim_clock: Any
) -> None:
    """Five minutes between the clocks fail the clock check; a wrong token fails the token check."""
    fake_dc.now = sim_clock.now
    fake_dc.faults.clock_offset = timedelta(minutes=5)
    config = make_profile(served.url, served.ca_file)
    _, checks = _doctor(cli, config)
    assert not checks["Uhr korrekt"]["ok"] and "-300 s" in checks["Uhr korrekt"]["detail"]
    assert "NTP" in checks["Uhr korrekt"]["hint"]
    config = make_profile(served.url, served.ca_file, token="wrong")
    _, checks = _doctor(cli, config)
    assert not checks["Token des Rechenzentrums gültig"]["ok"]
    assert "enrol" in checks["Token des Rechenzentrums gültig"]["hint"]


def test_doctor_without_a_profile_is_an_environment_error(cli: Any, tmp_path: Path) -> None:
    """No agent.toml: exit 2 and a message telling to enrol first."""
    result = cli("agent", "doctor", "--home", tmp_path, "--profile", "nirgends")
    assert result.exit_code == 2 and "enrol" in result.stderr


def test_enrol_writes_profile_and_private_token_once(
    cli: Any, served: Served, fake_dc: FakeDatacenter, tmp_path: Path
) -> None:
    """Enrolment with a one-time code stores the pinned key and a 0600 token; the code is then used up."""
    args = (
        "agent",
        "enrol",
        "--home",
        tmp_path / "home",
        "--profile",
        "kanzlei",
        "--url",
        served.url,
        "--code",
        "ENROL-1",
        "--ca-file",
        served.ca_file,
        "--mandant",
        "1001",
        "--mandant",
        "1002",
        "--export-command",
        "bmdexport {mandant} {out_dir} {since}",
    )
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    state_dir = tmp_path / "home" / "kanzlei"
    config = load_config(state_dir)
    assert config.agent_id == fake_dc.agent_id and config.mandanten == ("1001", "1002")
    assert config.export.command == ("bmdexport", "{mandant}", "{out_dir}", "{since}")
    assert stat.S_IMODE(os.stat(state_dir / "token").st_mode) == 0o600
    assert (state_dir / "token").read_text() == fake_dc.token
    again = cli(*args)
    assert again.exit_code == 2 and "403" in again.stderr  # a used-up code: usage, not data


def test_enrol_stores_relative_paths_as_absolute(
    cli: Any, served: Served, fake_dc: FakeDatacenter, tmp_path: Path
) -> None:
    """``--ca-file`` and ``--export-folder`` given relative to the shell's folder still name the same
    files for the service, which runs in the profile folder (systemd WorkingDirectory, WinSW)."""
    (tmp_path / "dc-ca.pem").write_bytes(Path(served.ca_file).read_bytes())
    (tmp_path / "bmd-out").mkdir()
    home = tmp_path / "home"
    result = cli(
        "agent",
        "enrol",
        "--home",
        home,
        "--profile",
        "kanzlei",
        "--url",
        served.url,
        "--code",
        "ENROL-1",
        "--ca-file",
        "dc-ca.pem",
        "--export-folder",
        "bmd-out",
    )
    assert result.exit_code == 0, result.stderr
    config = load_config(home / "kanzlei")
    assert config.ca_file == str(tmp_path / "dc-ca.pem")
    assert config.export.folder == str(tmp_path / "bmd-out")


def test_enrol_refuses_command_and_folder_together(cli: Any, tmp_path: Path) -> None:
    """Both an export command and a folder is a usage error (exit 2)."""
    args = ("agent", "enrol", "--home", tmp_path, "--url", "https://127.0.0.1:1", "--code", "X")
    args += ("--export-command", "x", "--export-folder", "y")
    result = cli(*args)
    assert result.exit_code == 2 and "nicht beide" in result.stderr
    english = cli("--lang", "en", *args)
    assert english.exit_code == 2 and "not both" in english.stderr


def test_install_prints_a_systemd_unit_and_a_windows_wrapper(
    cli: Any, make_profile: Any, served: Served, tmp_path: Path
) -> None:
    """--print shows the unit or WinSW description running the lean resident; without it a file is written."""
    config = make_profile(served.url, served.ca_file)
    home = ("--home", config.state_dir.parent, "--profile", "kanzlei")
    unit = cli("agent", "install", "--systemd", "--print", *home, "--unit-dir", tmp_path / "units")
    assert unit.exit_code == 0
    assert "ExecStart=" in unit.stdout and " -S " in unit.stdout and "resident.py" in unit.stdout
    assert str(config.state_dir.resolve()) in unit.stdout and "WantedBy=multi-user.target" in unit.stdout
    assert not (tmp_path / "units").exists()
    win = cli("agent", "install", "--windows", "--print", *home)
    assert win.exit_code == 0 and "<service>" in win.stdout and "resident.py" in win.stdout
    assert '<onfailure action="restart"' in win.stdout
    written = cli("agent", "install", "--systemd", *home, "--unit-dir", tmp_path / "units")
    assert written.exit_code == 0 and "daemon-reload" in written.stdout
    assert (tmp_path / "units" / "syncsystem-agent-kanzlei.service").read_text() == unit.stdout


def test_doctor_asks_new_server_and_moved_bmd_against_the_last_good_run(
    cli: Any, served: Served, make_profile: Any, fake_dc: FakeDatacenter, sim_clock: Any
) -> None:
    """The last good run was on "alter-server" with BMD's export program elsewhere: both checks fail
    with budget123's questions ("neuer Server?", BMD moved); recorded here and now, both pass."""
    from syncsystem.agent import fingerprint  # noqa: PLC0415
    from syncsystem.agent.outbox import Outbox  # noqa: PLC0415
    from syncsystem.agent.worker import OUTBOX_NAME  # noqa: PLC0415

    fake_dc.now = sim_clock.now
    config = make_profile(served.url, served.ca_file)
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        outbox.set_meta(fingerprint.GOOD_HOST, "alter-server")
        outbox.set_meta(fingerprint.GOOD_BMD, json.dumps({"path": r"D:\BMD\bmdntcs.exe", "size": 1}))
    _, checks = _doctor(cli, config)
    host = checks["Gleicher Rechner wie beim letzten erfolgreichen Lauf"]
    assert not host["ok"] and host["detail"].startswith("vorher alter-server, jetzt ")
    assert host["hint"].startswith("Neuer Server?")
    installed = checks["BMD-Installation unverändert seit der letzten erfolgreichen Aktualisierung"]
    assert not installed["ok"] and r"vorher D:\BMD\bmdntcs.exe" in installed["detail"]
    assert "verschoben" in installed["hint"]
    with Outbox(config.state_dir / OUTBOX_NAME) as outbox:
        fingerprint.record(outbox.set_meta, config, fingerprint.host())
    _, checks = _doctor(cli, config)
    assert checks["Gleicher Rechner wie beim letzten erfolgreichen Lauf"]["ok"]
    assert checks["BMD-Installation unverändert seit der letzten erfolgreichen Aktualisierung"]["ok"]


def test_agent_start_from_the_doctor_s_hint(
    cli: Any, served: Served, make_profile: Any, fake_dc: FakeDatacenter, sim_clock: Any, tmp_path: Path
) -> None:
    """Service down: the doctor's hint is `agent start`; it starts the resident (no unit installed),
    after which the doctor's service check passes; a second start says it already runs."""
    import psutil  # noqa: PLC0415

    fake_dc.now = sim_clock.now
    config = make_profile(served.url, served.ca_file)
    (config.state_dir / "agenda").write_text(f"{time.time() + 3600:.3f}\n")  # idle for an hour
    _, checks = _doctor(cli, config)
    assert checks["Dienst läuft"]["hint"] == "Dienst starten: syncsystem agent start --profile kanzlei"
    home = ("--home", str(config.state_dir.parent), "--profile", "kanzlei", "--unit-dir", str(tmp_path))
    started = cli("agent", "start", *home)
    assert started.exit_code == 0 and "im Hintergrund gestartet" in started.stdout
    pid = int(started.stdout.split("PID ", 1)[1].split(")", 1)[0])
    try:
        deadline = time.monotonic() + 10
        while not (config.state_dir / "resident.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        _, checks = _doctor(cli, config)
        assert checks["Dienst läuft"]["ok"], checks["Dienst läuft"]
        again = cli("agent", "start", *home)
        assert again.exit_code == 0 and "läuft bereits" in again.stdout
    finally:
        proc = psutil.Process(pid)
        proc.terminate()
        proc.wait(10)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)  # our child (posix_spawn): reap it


def test_doctor_reports_its_checks_as_codes_beside_the_english_words(
    cli: Any, served: Served, make_profile: Any, office: Office, fake_dc: FakeDatacenter, sim_clock: Any
) -> None:
    """An agent speaking English reports its words and, for each part a catalogue message said, the
    codes, which read German (de.po, written out here by hand; BMD's message as the emulator says it)."""
    fake_dc.now = sim_clock.now
    config = make_profile(served.url, served.ca_file)
    office.control.inject("licence", times=None)
    result = cli("--lang", "en", "agent", "doctor", "--home", config.state_dir.parent, "--profile", "kanzlei")
    assert result.exit_code == 1 and fake_dc.doctor is not None
    checks = {c["check"]: c for c in fake_dc.doctor["checks"]}
    service, licence = checks["Service running"], checks["BMD licence valid"]
    assert service["detail"] == "no resident.pid: the service was never started"
    assert {part: messages.from_json(said).text("de") for part, said in service["codes"].items()} == {
        "check": "Dienst läuft",
        "detail": "keine resident.pid: der Dienst wurde nie gestartet",
        "hint": "Dienst starten: syncsystem agent start --profile kanzlei",
    }
    assert {part: messages.from_json(said).text("de") for part, said in licence["codes"].items()} == {
        "check": "BMD-Lizenz gültig",
        "detail": "Export von Mandant 1001 fehlgeschlagen (Exit-Code 3, licence): syncsystem: BMD NTCS:"
        " Ihre Lizenz ist am 01.03.2026 abgelaufen. Bitte wenden Sie sich an Ihren BMD-Betreuer"
        " (Lizenzverwaltung).",
        "hint": "BMD-Lizenzverwaltung: Lizenz verlängern (BMD-Betreuer)",
    }
    assert checks["Profile folder writable"]["codes"] == {
        "check": {"code": "agent.doctor.writable", "values": {}}
    }


@pytest.mark.parametrize(
    ("make_ca", "reason"),
    [
        (lambda p: None, "nicht gefunden"),
        (lambda p: p.write_text("kein Zertifikat\n"), "keine Zertifikate darin gefunden"),
        (lambda p: p.mkdir(), "ist ein Ordner, keine Datei"),
    ],
)
def test_doctor_reports_an_unreadable_ca_file_among_the_other_checks(
    cli: Any,
    served: Served,
    make_profile: Any,
    fake_dc: FakeDatacenter,
    sim_clock: Any,
    tmp_path: Path,
    make_ca: Callable[[Path], None],
    reason: str,
) -> None:
    """A ca_file that cannot be read is one failed check naming file and reason; the service, port
    and BMD checks still run; exit 1 as for any failed check (not 2: the doctor lists everything)."""
    fake_dc.now = sim_clock.now
    ca = tmp_path / "dc-ca.pem"
    make_ca(ca)
    config = make_profile(served.url, str(ca))
    code, checks = _doctor(cli, config)
    assert code == 1, checks
    assert checks["CA-Datei des Rechenzentrums lesbar"] == {
        "check": "CA-Datei des Rechenzentrums lesbar",
        "ok": False,
        "detail": f"ca_file {str(ca)!r}: als PEM-Zertifikate nicht lesbar: {reason}",
        "hint": "die PEM-Datei des Rechenzentrums unter diesem Pfad ablegen und dem Dienstbenutzer "
        "Leserechte geben, oder neu anmelden mit syncsystem agent enrol --ca-file …",
    }
    assert checks["Ausgehender Port erreichbar"]["ok"] and checks["BMD-Lizenz gültig"]["ok"]
    assert not checks["Dienst läuft"]["ok"]
    assert "Token des Rechenzentrums gültig" not in checks  # no TLS without the CA: not asked
    text = cli("agent", "doctor", "--home", config.state_dir.parent, "--profile", "kanzlei")
    assert text.exit_code == 1 and text.stderr == ""
    assert f"FEHLER CA-Datei des Rechenzentrums lesbar: ca_file {str(ca)!r}" in text.stdout
    assert "ok     BMD-Lizenz gültig: ok" in text.stdout
