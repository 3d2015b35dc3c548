"""Page 1 (Automatischer Buchhaltungsexport) over a test client: inline errors, nothing half-saved,
the same jobs as the CLI, next runs, buttons and the eye. Expected wording is written out by hand."""

from __future__ import annotations

import json
import re
from email.message import EmailMessage
from typing import Any

from syncsystem import messages
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import MailSettings
from syncsystem.transfer.jobs import Services
from syncsystem.transfer.office_options import OfficeSmtp, save_smtp, set_admins_may_reveal
from syncsystem.transfer.store import TransferStore

_ERROR = re.compile(r'id="([^"]+)-fehler" role="alert">([^<]+)<')


def _errors(html: str) -> dict[str, str]:
    return {k: v.replace("&#39;", "'") for k, v in _ERROR.findall(html)}


def _jobs(world: Any) -> list[str]:
    with TransferStore.open(world.state) as store:
        return store.job_names()


GOOD = {
    "name": "amparex",
    "scope.serverside": "on",
    "source.kind": "transactions",
    "source.dir": "/srv/exporte",
    "source.config": "/srv/bmd.json",
    "target.protocol": "sftp",
    "target.host": "ftp.kanzlei.example",
    "target.user": "bmd",
    "target.password": "sftp-geheim",
    "execution.mandanten": "100, 200",
    "execution.document_types": "Rechnung, Gutschrift",
    "execution.format": "bmd-einzelbuchungen",
    "schedule.interval": "daily",
    "schedule.at": "06:30",
}


def test_bad_input_names_each_field_and_saves_nothing(office_world) -> None:  # type: ignore[no-untyped-def]
    """Every bad field of the dialog gets its own German message at the field; no job is stored."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    bad = {
        **GOOD,
        "csrf": csrf,
        "name": "zwei worte",
        "scope.serverside": "on",
        "scope.workstation": "PC-7",
        "scope.start": "31.02.2026",
        "target.host": "",
        "target.port": "70000",
        "target.user": "",
        "execution.mandanten": "",
        "execution.document_types": "",
        "execution.format": "",
        "schedule.at": "05:30",
        "mail.to": "kein-mail",
        "execution.incoming_invoices": "on",
    }
    answer = client.post("/buchhaltungsexport/neu", data=bad)
    assert answer.status_code == 400
    errors = _errors(answer.text)
    assert errors == {
        "name": "nur Buchstaben, Ziffern, '_', '.', '-' (höchstens 64 Zeichen)",
        "scope-workstation": "entweder serverseitig oder an einem Rechner – nicht beides",
        "scope-start": "Datum JJJJ-MM-TT erwartet, nicht '31.02.2026'",
        "target-host": "Pflichtfeld fehlt",
        "target-port": "70000 liegt nicht zwischen 1 und 65535",
        "target-user": "Pflichtfeld fehlt",
        "execution-mandanten": "Pflichtfeld: mindestens ein Eintrag",
        "execution-document_types": "Pflichtfeld: mindestens ein Eintrag",
        "execution-format": "Pflichtfeld fehlt",
        "execution-incoming_format": "Pflichtfeld fehlt",
        "schedule-at": "Ausführungszeit 05:30 liegt außerhalb 06:00–22:00 (Wartungsfenster)",
        "mail-to": "'kein-mail' ist keine E-Mail-Adresse",
    }
    assert "sftp-geheim" not in answer.text  # a typed password is never sent back
    assert _jobs(office_world) == []


def test_a_saved_job_is_the_clis_job_and_an_empty_password_keeps_the_stored_one(office_world, cli) -> None:  # type: ignore[no-untyped-def]
    """Saved on the page, `transfer show` lists it; editing with an empty password keeps the password."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post("/buchhaltungsexport/neu", data={**GOOD, "csrf": csrf})
    assert answer.status_code == 303, _errors(answer.text)
    assert answer.headers["location"] == "/buchhaltungsexport/amparex?hinweis=saved"
    edit = {
        **GOOD,
        "csrf": csrf,
        "target.password": "",
        "schedule.interval": "weekly",
        "schedule.days": ["Mo", "Do"],
        "schedule.at": "21:15",
    }
    assert client.post("/buchhaltungsexport/amparex", data=edit).status_code == 303
    shown = cli(
        "transfer",
        "show",
        "amparex",
        "--state",
        str(office_world.state),
        "--json",
        environ={"SYNCSYSTEM_NO_KEYRING": "1"},
    )
    assert shown.exit_code == 0, shown.stderr
    config = json.loads(shown.stdout)["config"]
    assert config["schedule"] == {"interval": "weekly", "at": "21:15", "days": ["Mo", "Do"]}
    assert config["target"]["password"] == "(gespeichert)"
    assert config["execution"]["mandanten"] == ["100", "200"]
    page = client.get("/buchhaltungsexport/amparex").text
    assert "sftp-geheim" not in page and "gespeichert – leer lassen" in page


def test_a_refused_edit_leaves_the_stored_job_unchanged(office_world) -> None:  # type: ignore[no-untyped-def]
    """An edit with one bad field changes nothing of the stored job, not even its good fields."""
    office_world.add_job("fix")
    with TransferStore.open(office_world.state) as store:
        before, _ = store.job_config("fix")
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    form = {
        "csrf": csrf,
        "scope.serverside": "on",
        "source.kind": "folder",
        "source.dir": before["source"]["dir"],
        "target.protocol": "folder",
        "target.directory": before["target"]["directory"],
        "execution.mandanten": "999",
        "schedule.interval": "monthly",
        "schedule.at": "07:00",
        "schedule.day": "32",
    }
    answer = client.post("/buchhaltungsexport/fix", data=form)
    assert answer.status_code == 400
    assert _errors(answer.text) == {"schedule-day": "32 liegt nicht zwischen 1 und 31"}
    with TransferStore.open(office_world.state) as store:
        assert store.job_config("fix")[0] == before


def test_next_five_runs_show_local_time_with_the_utc_offset_across_the_clock_change(office_world) -> None:  # type: ignore[no-untyped-def]
    """Daily 06:30 from Thursday 26.03.2026: Austria moves to summer time on Sunday 29.03."""
    from datetime import datetime  # noqa: PLC0415

    from syncsystem.clock import DEFAULT_TZ  # noqa: PLC0415

    office_world.clock.wait_until(datetime(2026, 3, 26, 8, 0, tzinfo=DEFAULT_TZ))
    office_world.add_job("zeit")
    client = office_world.client()
    office_world.login(client, "bernd")
    html = client.get("/buchhaltungsexport/zeit").text
    section = html.split('id="naechste-laeufe"')[1].split("</section>")[0]
    assert re.findall(r"<li>([^<]+)</li>", section) == [
        "Fr 27.03.2026 06:30 (UTC+01:00)",
        "Sa 28.03.2026 06:30 (UTC+01:00)",
        "So 29.03.2026 06:30 (UTC+02:00)",
        "Mo 30.03.2026 06:30 (UTC+02:00)",
        "Di 31.03.2026 06:30 (UTC+02:00)",
    ]


def test_workplace_filter_lists_only_jobs_set_up_for_a_workstation(office_world) -> None:  # type: ignore[no-untyped-def]
    """ "Mit Arbeitsplatzeinstellungen" shows the job bound to PC-7, not the server-side one."""
    office_world.add_job("server")
    office_world.add_job("platz", scope={"workstation": "PC-7"})
    client = office_world.client()
    office_world.login(client, "bernd")
    every = re.findall(r'data-job="([^"]+)"', client.get("/buchhaltungsexport").text)
    only = re.findall(r'data-job="([^"]+)"', client.get("/buchhaltungsexport?arbeitsplatz=1").text)
    assert every == ["platz", "server"] and only == ["platz"]


def test_the_job_list_names_a_folder_target_ordner_in_german_whatever_the_process_language(
    office_world,
) -> None:  # type: ignore[no-untyped-def]
    """The list shows "Ordner" (the word ``transfer list`` also uses) and "SFTP", even with the
    process speaking English."""
    office_world.add_job("ablage")
    office_world.add_job(
        "stb",
        target={"protocol": "sftp", "host": "h.example", "user": "u", "password": "pw", "directory": "in"},
    )
    client = office_world.client()
    office_world.login(client, "bernd")
    messages.set_language("en")
    try:
        html = client.get("/buchhaltungsexport").text
    finally:
        messages.set_language(None)
    cells = dict(re.findall(r'data-job="([^"]+)">(?:\s*<td.*?</td>){4}\s*<td>([^<]*)</td>', html, re.S))
    assert cells == {"ablage": "Ordner", "stb": "SFTP"}


def test_the_dialog_offers_the_protocols_in_the_catalogues_words(office_world) -> None:  # type: ignore[no-untyped-def]
    """The dialog's protocol choice reads FTP, "FTPS (FTP mit TLS)", "SFTP (SSH)" and "Ordner" (the
    job list's word) in German even with the process speaking English; the English catalogue has
    its own words for them."""
    client = office_world.client()
    office_world.login(client, "bernd")
    messages.set_language("en")
    try:
        html = client.get("/buchhaltungsexport/neu").text
    finally:
        messages.set_language(None)
    select = re.search(r'<select id="target-protocol".*?</select>', html, re.S)
    assert select, html
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0)) == [
        ("ftp", "FTP"),
        ("ftps", "FTPS (FTP mit TLS)"),
        ("sftp", "SFTP (SSH)"),
        ("folder", "Ordner"),
    ]
    english = [
        code().text("en") for code in (mc.TX_PROTOCOL_FTPS, mc.TX_PROTOCOL_SFTP, mc.TX_PROTOCOL_FOLDER)
    ]
    assert english == ["FTPS (FTP over TLS)", "SFTP (SSH)", "folder"]


def test_deactivated_job_is_not_run_and_duplicate_starts_deactivated(office_world, cli) -> None:  # type: ignore[no-untyped-def]
    """Deactivate on the page: `transfer run-due` skips it; a duplicate is a deactivated copy."""
    office_world.add_job("tag")
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    assert client.post("/buchhaltungsexport/tag/deaktivieren", data={"csrf": csrf}).status_code == 303
    answer = client.post("/buchhaltungsexport/tag/duplizieren", data={"csrf": csrf})
    assert answer.headers["location"] == "/buchhaltungsexport/tag-kopie?hinweis=duplicated"
    listed = cli(
        "transfer",
        "show",
        "tag-kopie",
        "--state",
        str(office_world.state),
        "--json",
        environ={"SYNCSYSTEM_NO_KEYRING": "1"},
    )
    assert json.loads(listed.stdout)["enabled"] is False
    enabled = cli(
        "transfer",
        "enable",
        "tag",
        "--state",
        str(office_world.state),
        environ={"SYNCSYSTEM_NO_KEYRING": "1"},
    )
    assert enabled.stdout.strip() == "Auftrag tag aktiviert"
    assert "aktiv</strong>" in client.get("/buchhaltungsexport/tag").text


def test_delete_needs_the_confirmation_box(office_world) -> None:  # type: ignore[no-untyped-def]
    """Without "Endgültig löschen" ticked the job stays; ticked, it is gone."""
    office_world.add_job("weg")
    client = office_world.client()
    csrf = office_world.login(client, "anna")
    refused = client.post("/buchhaltungsexport/weg/loeschen", data={"csrf": csrf})
    assert refused.status_code == 400
    assert "zum Löschen bitte „Endgültig löschen“ ankreuzen" in refused.text
    assert _jobs(office_world) == ["weg"]
    done = client.post("/buchhaltungsexport/weg/loeschen", data={"csrf": csrf, "bestaetigt": "ja"})
    assert done.status_code == 303 and _jobs(office_world) == []


def _reveal(client: Any, csrf: str, own: str) -> Any:
    return client.post(
        "/buchhaltungsexport/sftp/passwort",
        data={"csrf": csrf, "feld": "target.password", "eigenes_passwort": own},
    )


def test_the_eye_shows_a_password_only_with_the_option_on_and_the_admins_own_password(office_world) -> None:  # type: ignore[no-untyped-def]
    """Option off: refused. Wrong own password: refused. Right one: the stored password is shown."""
    office_world.add_job(
        "sftp", target={"protocol": "sftp", "host": "h.example", "user": "u", "password": "Klartext-42"}
    )
    client = office_world.client()
    csrf = office_world.login(client, "anna")
    assert 'id="auge-target-password"' not in client.get("/buchhaltungsexport/sftp").text
    answer = _reveal(client, csrf, "anna-geheim-1")
    assert answer.status_code == 400 and "Klartext-42" not in answer.text
    assert "ist ausgeschaltet" in answer.text
    with TransferStore.open(office_world.state) as store:
        set_admins_may_reveal(store, True)
    assert 'id="auge-target-password"' in client.get("/buchhaltungsexport/sftp").text
    wrong = _reveal(client, csrf, "bernd-geheim-2")  # another user's password is not the admin's own
    assert wrong.status_code == 400 and "Klartext-42" not in wrong.text
    assert "Ihr Passwort ist falsch – das gespeicherte Passwort bleibt verborgen" in wrong.text
    shown = _reveal(client, csrf, "anna-geheim-1")
    assert shown.status_code == 200
    assert '<output class="klartext" id="target-password-klartext">Klartext-42</output>' in shown.text


def test_test_mail_goes_through_the_office_smtp_server_unless_the_job_has_its_own(office_world) -> None:  # type: ignore[no-untyped-def]
    """A job without an SMTP server mails through the office's; one with its own uses that."""
    sent: list[tuple[MailSettings, EmailMessage]] = []

    def mailer(settings: MailSettings, password: Any, message: EmailMessage) -> None:
        sent.append((settings, message))

    office_world.office = type(office_world.office)(
        office_world.state,
        office_world.clock,
        services_factory=lambda store, box: Services(store, box, office_world.clock, mailer=mailer),
    )
    office_world.add_job("kanzlei", mail={"to": "buha@mandant.example"})
    office_world.add_job("eigen", mail={"to": "buha@mandant.example", "smtp_host": "mail.mandant.example"})
    with TransferStore.open(office_world.state) as store:
        save_smtp(store, OfficeSmtp("smtp.kanzlei.example", 2525, sender="it@kanzlei.example"))
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post("/buchhaltungsexport/kanzlei/testmail", data={"csrf": csrf})
    assert "Test-E-Mail an buha@mandant.example gesendet." in answer.text
    client.post("/buchhaltungsexport/eigen/testmail", data={"csrf": csrf})
    assert [(s.smtp_host, s.smtp_port, m["From"]) for s, m in sent] == [
        ("smtp.kanzlei.example", 2525, "it@kanzlei.example"),
        ("mail.mandant.example", 587, "syncsystem@mail.mandant.example"),
    ]


def test_the_mail_language_chosen_in_the_dialog_words_the_test_mail(office_world) -> None:  # type: ignore[no-untyped-def]
    """ "Sprache der E-Mail" = Englisch is saved as mail.language and the test mail comes out in English,
    though the pages speak German; the dialog shows the choice again."""
    sent: list[EmailMessage] = []
    office_world.office = type(office_world.office)(
        office_world.state,
        office_world.clock,
        services_factory=lambda store, box: Services(
            store, box, office_world.clock, mailer=lambda settings, password, message: sent.append(message)
        ),
    )
    with TransferStore.open(office_world.state) as store:
        save_smtp(store, OfficeSmtp("smtp.kanzlei.example", 2525, sender="it@kanzlei.example"))
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    form = {**GOOD, "csrf": csrf, "mail.to": "buha@mandant.example", "mail.language": "en"}
    assert client.post("/buchhaltungsexport/neu", data=form).status_code == 303
    client.post("/buchhaltungsexport/amparex/testmail", data={"csrf": csrf})
    assert [m["Subject"] for m in sent] == ["Test e-mail of the accounting export amparex"]
    assert '<option value="en" selected>Englisch</option>' in client.get("/buchhaltungsexport/amparex").text


def test_office_settings_refuse_a_bad_port_at_the_field_and_keep_the_old_values(office_world) -> None:  # type: ignore[no-untyped-def]
    """A bad SMTP port: message at "Port", neither the server nor the reveal option changes."""
    client = office_world.client()
    csrf = office_world.login(client, "anna")
    answer = client.post(
        "/einstellungen",
        data={"csrf": csrf, "smtp.host": "smtp.example", "smtp.port": "abc", "admins_may_reveal": "on"},
    )
    assert answer.status_code == 400
    assert _errors(answer.text) == {"smtp-port": "ganze Zahl erwartet, nicht 'abc'"}
    with TransferStore.open(office_world.state) as store:
        assert store.option("smtp") is None and store.option("admins_may_reveal") is None
    ok = client.post(
        "/einstellungen",
        data={"csrf": csrf, "smtp.host": "smtp.example", "smtp.port": "25", "admins_may_reveal": "on"},
    )
    assert ok.status_code == 303
    with TransferStore.open(office_world.state) as store:
        assert store.option("admins_may_reveal") == "1"


def _closed_booking_file(world: Any, name: str) -> bytes:
    from datetime import date  # noqa: PLC0415
    from decimal import Decimal  # noqa: PLC0415

    from syncsystem import bmd  # noqa: PLC0415

    line = bmd.Booking(
        konto=200001,
        gkonto=4000,
        belegnr="R1",
        belegdatum=date(2026, 3, 2),
        buchcode=bmd.Buchcode.SOLL,
        betrag=Decimal("120.00"),
        buchsymbol="AR",
    )
    data = bmd.dumps([line], bmd.Kind.BOOKINGS)
    folder = world.state.parent / "quelle" / "100"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return data


def test_run_now_lists_files_with_size_and_sha256_and_a_failure_names_its_mail(office_world) -> None:  # type: ignore[no-untyped-def]
    """ "Jetzt ausführen" delivers the closed file; the history shows it with size and SHA-256, and a
    failed run afterwards shows that the failure mail went out."""
    import hashlib  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    from datetime import timedelta  # noqa: PLC0415

    sent: list[EmailMessage] = []
    office_world.office = type(office_world.office)(
        office_world.state,
        office_world.clock,
        services_factory=lambda store, box: Services(
            store, box, office_world.clock, mailer=lambda s, p, m: sent.append(m)
        ),
    )
    office_world.add_job("lauf", mail={"to": "buha@mandant.example", "smtp_host": "smtp.example"})
    data = _closed_booking_file(office_world, "20260302_0900_100_Buchungen.csv")
    office_world.clock.wait_until(office_world.clock.now() + timedelta(hours=2))
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post("/buchhaltungsexport/lauf/ausfuehren", data={"csrf": csrf})
    assert f"Lauf beendet: 1 Datei, {len(data)} Bytes übertragen." in answer.text
    row = re.search(r'<div class="datei">(.*?)</div>', answer.text)
    assert row is not None
    assert re.sub(r"<[^>]+>", "", row.group(1)) == (
        f"100_20260302_0900_100_Buchungen.csv · {len(data)} Bytes · {hashlib.sha256(data).hexdigest()}"
    )
    shutil.rmtree(office_world.state.parent / "ziel")  # the target folder is gone: the next run fails
    _closed_booking_file(office_world, "20260302_1005_100_Buchungen.csv")
    office_world.clock.wait_until(office_world.clock.now() + timedelta(minutes=20))  # within the session
    failed = client.post("/buchhaltungsexport/lauf/ausfuehren", data={"csrf": csrf})
    assert "Lauf fehlgeschlagen:" in failed.text
    mails = re.findall(r'<td class="mail">([^<]*)</td>', failed.text)
    assert mails == ["Fehler-Mail", "keine"]  # newest first
    assert len(sent) == 1


def test_a_host_key_that_is_no_key_is_refused_at_its_field(office_world) -> None:  # type: ignore[no-untyped-def]
    """Confirming a garbled host key stores nothing and says why at "Host-Schlüssel des SFTP-Servers"."""
    office_world.add_job(
        "sftp", target={"protocol": "sftp", "host": "h.example", "user": "u", "password": "pw"}
    )
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post(
        "/buchhaltungsexport/sftp/hostschluessel", data={"csrf": csrf, "host_key": "kein Schlüssel"}
    )
    assert answer.status_code == 400
    assert _errors(answer.text) == {
        "target-host_key": "kein SSH-Host-Schlüssel (erwartet wie „ssh-ed25519 AAAA…“)"
    }
    with TransferStore.open(office_world.state) as store:
        assert "host_key" not in store.job_config("sftp")[0]["target"]
