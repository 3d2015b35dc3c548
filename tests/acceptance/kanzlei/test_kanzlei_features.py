"""Step definitions for features/kanzlei: thin sentences over the `KanzleiDriver` (a real Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import trustme
from pytest_bdd import given, parsers, scenarios, then, when
from tests.integration.transfer.conftest import _openssh, _vsftpd

from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.office_options import set_admins_may_reveal
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

pytestmark = [pytest.mark.browser, pytest.mark.system_servers]

scenarios("kanzlei")

CONFIG = Path(__file__).resolve().parents[2] / "data" / "hotel-bmd-export-config.json"
ENV = {"SYNCSYSTEM_NO_KEYRING": "1"}


@given("die Seiten der Kanzlei laufen")
def pages_run(kanzlei: Any) -> None:
    kanzlei.page.goto(kanzlei.url + "/")
    assert kanzlei.page.inner_text("h1") == "Anmelden"


@given(parsers.parse('es gibt die Administratorin "{admin}" und den Benutzer "{user}"'))
def users(kanzlei: Any, admin: str, user: str) -> None:
    assert {admin, user} == {"anna", "bernd"}  # created by the fixture with their own passwords


@given("ein SFTP-Server beim Steuerberater, der nur Schlüssel annimmt")
def sftp_server(kanzlei: Any) -> None:
    (kanzlei.tmp / "sshd").mkdir()
    kanzlei.start(_openssh(kanzlei.tmp / "sshd"))


@given(parsers.parse('ein FTP-Server beim Steuerberater mit einem schreibgeschützten Verzeichnis "{folder}"'))
def ftp_server(kanzlei: Any, folder: str) -> None:
    (kanzlei.tmp / "vsftpd").mkdir()
    server = kanzlei.start(_vsftpd(kanzlei.tmp / "vsftpd", False, {"ca": Path("unused-without-tls")}))
    assert server.read_only["directory"] == f"/{folder}"


@given("ein FTPS-Server beim Steuerberater mit einem Zertifikat seiner eigenen Zertifizierungsstelle")
def ftps_server(kanzlei: Any) -> None:
    base = kanzlei.tmp / "vsftpd-tls"
    base.mkdir()
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    files = {"crt": base / "server.crt", "key": base / "server.key", "ca": base / "steuerberater-ca.pem"}
    cert.cert_chain_pems[0].write_to_path(str(files["crt"]))
    cert.private_key_pem.write_to_path(str(files["key"]))
    ca.cert_pem.write_to_path(str(files["ca"]))
    server = kanzlei.start(_vsftpd(base, True, files))
    assert server.target["protocol"] == "ftps"


@given(parsers.parse('ich bin als "{name}" angemeldet'))
def logged_in(kanzlei: Any, name: str) -> None:
    kanzlei.login(name)


def _fill_common(kanzlei: Any, name: str, mandanten: str) -> None:
    page = kanzlei.page
    page.goto(kanzlei.url + "/buchhaltungsexport")
    page.click("#neu")
    page.fill("#name", name)
    page.select_option("#source-kind", "transactions")
    page.fill("#source-dir", str(kanzlei.tmp / "exporte"))
    page.fill("#source-config", str(CONFIG))
    page.fill("#execution-mandanten", mandanten)
    page.fill("#execution-document_types", "Rechnung, Gutschrift")
    page.select_option("#execution-format", "bmd-einzelbuchungen")
    page.select_option("#schedule-interval", "daily")
    page.fill("#schedule-at", "06:30")


@when(
    parsers.parse(
        'ich eine neue Schnittstelle "{name}" für Mandant {first:d} und {second:d} '
        "zu diesem Server ohne Hostnamen speichere"
    )
)
def new_sftp_without_host(kanzlei: Any, name: str, first: int, second: int) -> None:
    target = kanzlei.server.target
    _fill_common(kanzlei, name, f"{first}, {second}")
    page = kanzlei.page
    page.select_option("#target-protocol", "sftp")
    page.fill("#target-port", str(target["port"]))
    page.fill("#target-directory", target["directory"])
    page.fill("#target-user", target["user"])
    page.fill("#target-key", target["key"])
    page.click("#speichern")


@then(parsers.parse('steht beim Feld "{label}" die Meldung "{message}"'))
def message_at_field(kanzlei: Any, label: str, message: str) -> None:
    assert kanzlei.error_at(label) == message
    kanzlei.screenshot(kanzlei.page, "fehler-am-feld")


@then("es ist keine Schnittstelle gespeichert")
def nothing_saved(kanzlei: Any) -> None:
    with TransferStore.open(kanzlei.state) as store:
        assert store.job_names() == []


@when("ich den Hostnamen eintrage, den Schlüssel nochmals einfüge und speichere")
def add_host(kanzlei: Any) -> None:
    page = kanzlei.page
    page.fill("#target-host", kanzlei.server.target["host"])
    page.fill("#target-key", kanzlei.server.target["key"])  # typed secrets are never sent back
    page.click("#speichern")


@then(parsers.parse('ist die Schnittstelle "{name}" gespeichert und "syncsystem transfer list" nennt sie'))
def saved_and_listed(kanzlei: Any, cli: Any, name: str) -> None:
    assert kanzlei.page.inner_text("[role=status]") == "Schnittstelle gespeichert."
    listed = cli("transfer", "list", "--state", kanzlei.state, environ=ENV)
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split()[:2] == [name, "SFTP"]  # as the office list names it


@when('ich auf "Testen" klicke')
def click_test(kanzlei: Any) -> None:
    kanzlei.page.click("#testen")


@then("zeigt der Test den Host-Schlüssel des Servers zur Bestätigung")
def host_key_shown(kanzlei: Any) -> None:
    assert kanzlei.page.inner_text("#gesehener-hostschluessel") == kanzlei.server.target["host_key"]
    kanzlei.screenshot(kanzlei.page, "hostschluessel")


@when("ich den Host-Schlüssel bestätige und nochmals teste")
def confirm_host_key(kanzlei: Any) -> None:
    kanzlei.page.click("#hostschluessel-uebernehmen")
    assert "Host-Schlüssel gespeichert" in kanzlei.page.inner_text("[role=status]")
    kanzlei.page.click("#testen")


def _result(kanzlei: Any, step: str) -> str:
    return str(kanzlei.page.inner_text(f'#schritte tr[data-schritt="{step}"] .ergebnis'))


@then(parsers.parse('sind die Schritte "{a}", "{b}", "{c}" und "{d}" erfolgreich'))
def all_steps_ok(kanzlei: Any, a: str, b: str, c: str, d: str) -> None:
    assert [_result(kanzlei, s) for s in (a, b, c, d)] == ["OK"] * 4
    assert kanzlei.page.locator("#gesehener-hostschluessel").count() == 0  # pinned now
    kanzlei.screenshot(kanzlei.page, "test-erfolgreich")


@then("im Verzeichnis des Steuerberaters liegt keine Testdatei")
def no_probe_left(kanzlei: Any) -> None:
    assert [p.name for p in Path(kanzlei.server.inbox).iterdir() if p.is_file()] == []


@when(parsers.parse('ich eine neue FTP-Schnittstelle "{name}" in das Verzeichnis "{folder}" anlege'))
def new_ftp(kanzlei: Any, name: str, folder: str) -> None:
    target = kanzlei.server.read_only
    _fill_common(kanzlei, name, "100")
    page = kanzlei.page
    page.select_option("#target-protocol", "ftp")
    page.fill("#target-host", target["host"])
    page.fill("#target-port", str(target["port"]))
    page.fill("#target-directory", f"/{folder}")
    page.fill("#target-user", target["user"])
    page.fill("#target-password", target["password"])
    page.click("#speichern")
    assert kanzlei.page.inner_text("[role=status]") == "Schnittstelle gespeichert."


@when(parsers.parse('ich eine neue FTPS-Schnittstelle "{name}" zu diesem Server ohne CA-Datei anlege'))
def new_ftps(kanzlei: Any, name: str) -> None:
    target = kanzlei.server.target
    _fill_common(kanzlei, name, "100")
    page = kanzlei.page
    page.select_option("#target-protocol", "ftps")
    page.fill("#target-host", target["host"])
    page.fill("#target-port", str(target["port"]))
    page.fill("#target-directory", target["directory"])
    page.fill("#target-user", target["user"])
    page.fill("#target-password", target["password"])
    page.click("#speichern")
    assert kanzlei.page.inner_text("[role=status]") == "Schnittstelle gespeichert."


@then(parsers.parse('scheitert der Schritt "{step}" am Zertifikat des Servers'))
def step_fails_at_certificate(kanzlei: Any, step: str) -> None:
    assert _result(kanzlei, step) == "Fehler"
    shown = kanzlei.page.inner_text("#testergebnis")
    assert f"fehlgeschlagen bei „{step}“" in shown
    assert "Zertifikat" in shown, shown
    kanzlei.screenshot(kanzlei.page, "test-ftps-zertifikat")


@when("ich die CA-Datei des Steuerberaters eintrage und speichere")
def enter_ca_file(kanzlei: Any) -> None:
    kanzlei.page.fill("#target-ca_file", kanzlei.server.target["ca_file"])
    kanzlei.page.click("#speichern")
    assert kanzlei.page.inner_text("[role=status]") == "Schnittstelle gespeichert."


@then(parsers.parse('ist der Schritt "{step}" erfolgreich'))
def step_ok(kanzlei: Any, step: str) -> None:
    assert _result(kanzlei, step) == "OK"


@then(parsers.parse('der Schritt "{step}" fehlgeschlagen'))
def step_failed(kanzlei: Any, step: str) -> None:
    assert _result(kanzlei, step) == "Fehler"
    assert f"fehlgeschlagen bei „{step}“" in kanzlei.page.inner_text("#testergebnis h2")
    kanzlei.screenshot(kanzlei.page, "test-schreiben-fehlgeschlagen")


@then(parsers.parse('die Schritte "{a}" und "{b}" wurden nicht ausgeführt'))
def steps_not_run(kanzlei: Any, a: str, b: str) -> None:
    assert [_result(kanzlei, s) for s in (a, b)] == ["nicht ausgeführt"] * 2


@given(parsers.parse('eine Schnittstelle "{name}" mit dem FTP-Passwort "{password}"'))
def job_with_password(kanzlei: Any, name: str, password: str) -> None:
    (kanzlei.tmp / "quelle").mkdir()
    data = {
        "name": name,
        "source": {"kind": "folder", "dir": str(kanzlei.tmp / "quelle")},
        "target": {
            "protocol": "ftp",
            "host": "ftp.steuerberater.example",
            "user": "bmd",
            "password": password,
        },
        "execution": {"mandanten": ["100"]},
        "schedule": {"interval": "daily", "at": "06:30"},
    }
    with TransferStore.open(kanzlei.state) as store:
        box = SecretBox.for_state(kanzlei.state, use_keyring=False)
        store.add_job(
            name, to_mapping(parse_job(data, box.seal, kanzlei.clock.tz)), kanzlei.clock.now(), replace=False
        )


@given('die Kanzlei-Option "Administratoren dürfen gesetzte Passwörter einsehen" ist eingeschaltet')
def option_on(kanzlei: Any) -> None:
    with TransferStore.open(kanzlei.state) as store:
        set_admins_may_reveal(store, True)


@when(parsers.parse('ich die Schnittstelle "{name}" öffne'))
def open_job(kanzlei: Any, name: str) -> None:
    kanzlei.page.goto(kanzlei.url + "/buchhaltungsexport")
    kanzlei.page.click(f'#auftraege tr[data-job="{name}"] a')


@then("gibt es am Passwortfeld kein Auge und das Passwort steht nirgends auf der Seite")
def no_eye(kanzlei: Any) -> None:
    assert kanzlei.page.locator("#auge-target-password").count() == 0
    assert kanzlei.page.locator("#target-password-gespeichert").is_visible()
    assert "Geheim-FTP-7" not in kanzlei.page.content()


@when(parsers.parse('ich mich abmelde und als "{name}" anmelde'))
def relogin(kanzlei: Any, name: str) -> None:
    kanzlei.page.click("button:has-text('Abmelden')")
    assert kanzlei.page.inner_text("[role=status]") == "Sie wurden abgemeldet."
    kanzlei.login(name)


def _eye(kanzlei: Any, password: str) -> None:
    page = kanzlei.page
    if page.locator("#auge-target-password[open]").count() == 0:
        page.click("#auge-target-password summary")
    page.fill("#eigenes-target-password", password)
    page.click("#auge-target-password button")


@when(parsers.parse('ich auf das Auge klicke und das Passwort von "{name}" eingebe'))
def eye_with_other_password(kanzlei: Any, name: str) -> None:
    from .conftest import PASSWORDS  # type: ignore[import-not-found]  # noqa: PLC0415

    _eye(kanzlei, PASSWORDS[name])


@then(parsers.parse('steht beim Auge die Meldung "{message}"'))
def eye_message(kanzlei: Any, message: str) -> None:
    assert kanzlei.page.inner_text("#auge-target-password-fehler") == message


@then("das Passwort steht nirgends auf der Seite")
def password_absent(kanzlei: Any) -> None:
    assert "Geheim-FTP-7" not in kanzlei.page.content()


@when("ich auf das Auge klicke und mein eigenes Passwort eingebe")
def eye_with_own_password(kanzlei: Any) -> None:
    from .conftest import PASSWORDS  # type: ignore[import-not-found]  # noqa: PLC0415

    _eye(kanzlei, PASSWORDS["anna"])


@then(parsers.parse('zeigt die Seite das Passwort "{password}"'))
def password_shown(kanzlei: Any, password: str) -> None:
    assert kanzlei.page.inner_text("#target-password-klartext") == password
    kanzlei.screenshot(kanzlei.page, "passwort-angezeigt")
