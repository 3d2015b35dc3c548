"""Pages 2–5 over HTTP: every form refuses bad input at its field and saves nothing; good input is
saved where the CLI finds it. Expected values are hand-computed in the comments."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.bmd.records import CostCentre, LedgerAccount, PersonAccount
from syncsystem.interfaces.settings import SETTINGS_FILE, load_settings

EXPORT = "export"  # the Ablageorte default inside the state directory


def _admin(world: Any) -> tuple[Any, str]:
    client = world.client()
    return client, world.login(client, "anna")


def _folder(world: Any) -> Path:
    folder = world.state / EXPORT
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _persons(path: Path, *numbers: int) -> None:
    bmd.write([PersonAccount(konto=n, nachname=f"Kunde {n}") for n in numbers], path, bmd.Kind.PERSONS)


SETTINGS_OK = {
    "next_customer_number": "200010",
    "lock_date": "31.01.2026",
    "auto_update_debtor": "on",
    "revenue_services": "4000",
    "revenue_expenses": "4010",
    "revenue_outlays": "",
    "collective_account": "2000",
    "advance_account": "",
    "kost_services": "",
    "kost_expenses": "",
    "kost_outlays": "",
    "payment_days": "14",
    "skonto_percent": "2",
    "skonto_days": "7",
}


def test_debtor_settings_refuse_every_bad_field_and_save_nothing(office_world: Any) -> None:
    """Five wrong fields: five messages at their fields, status 400, the settings file untouched."""
    folder = _folder(office_world)
    _persons(folder / "Kundenstammdaten.csv", 200003)
    client, csrf = _admin(office_world)
    bad = {
        **SETTINGS_OK,
        "export_path": str(folder),
        "next_customer_number": "200003",  # taken in BMD
        "lock_date": "31.02.2026",
        "revenue_services": "200005",  # a person account
        "payment_days": "-3",
        "skonto_percent": "120",
    }
    answer = client.post("/debitoren/einstellungen", data={**bad, "csrf": csrf})
    assert answer.status_code == 400
    for field, words in (
        ("next_customer_number", "schon vergeben"),
        ("lock_date", "31.02.2026"),
        ("revenue_services", "Personenkonto"),
        ("payment_days", "keine ganze Zahl"),
        ("skonto_percent", "zwischen 0 und 100"),
    ):
        start = answer.text.index(f'id="{field}-fehler"')
        assert words in answer.text[start : start + 300], (field, answer.text[start : start + 300])
    assert not (folder / SETTINGS_FILE).exists()


def test_a_negative_number_of_days_is_refused_for_its_sign(office_world: Any) -> None:
    """-3 is a whole number: the refusal says what is wanted, a whole number from 0, digits only."""
    client, csrf = _admin(office_world)
    bad = {**SETTINGS_OK, "export_path": str(_folder(office_world)), "payment_days": "-3", "csrf": csrf}
    answer = client.post("/debitoren/einstellungen", data=bad)
    assert answer.status_code == 400
    said = "&#39;-3&#39; ist keine ganze Zahl ab 0 (nur Ziffern)</span>"
    assert f'<span class="feldfehler" id="payment_days-fehler" role="alert">{said}' in answer.text


def test_debtor_settings_with_a_missing_export_path_save_nothing(office_world: Any) -> None:
    """The export path must exist: refused at its field; neither path nor settings change."""
    folder = _folder(office_world)
    client, csrf = _admin(office_world)
    answer = client.post(
        "/debitoren/einstellungen",
        data={**SETTINGS_OK, "export_path": str(folder / "gibt-es-nicht"), "csrf": csrf},
    )
    assert answer.status_code == 400
    assert 'id="export_path-fehler"' in answer.text
    assert not (folder / SETTINGS_FILE).exists()


def test_debtor_settings_are_saved_where_the_cli_reads_them(office_world: Any, cli: Any) -> None:
    """Saved from the page, read back by ``interfaces roles --json``: one source of truth."""
    folder = _folder(office_world)
    client, csrf = _admin(office_world)
    answer = client.post(
        "/debitoren/einstellungen", data={**SETTINGS_OK, "export_path": str(folder), "csrf": csrf}
    )
    assert answer.status_code == 303, answer.text
    settings = load_settings(folder)
    assert settings.next_customer_number == 200010
    assert settings.lock_date is not None and settings.lock_date.isoformat() == "2026-01-31"
    assert (settings.roles.revenue_services, settings.roles.collective_account) == (4000, 2000)
    assert settings.roles.skonto_percent == Decimal("2")
    shown = json.loads(cli("interfaces", "roles", "--dir", str(folder), "--json").stdout)
    assert shown["payment_days"] == "14" and shown["lock_date"] == "31.01.2026"


def test_roles_must_be_on_bmds_lists_once_bmd_exported_them(office_world: Any) -> None:
    """With Sachkonten.csv / Kostenstellen.csv present, an account or cost centre not on them is refused."""
    folder = _folder(office_world)
    bmd.write([LedgerAccount(4000, "Erlöse 20 %")], folder / "Sachkonten.csv", bmd.Kind.ACCOUNTS)
    bmd.write([CostCentre("10", "Beratung")], folder / "Kostenstellen.csv", bmd.Kind.COSTCENTRES)
    client, csrf = _admin(office_world)
    form = {**SETTINGS_OK, "export_path": str(folder), "kost_services": "99", "csrf": csrf}
    answer = client.post("/debitoren/einstellungen", data=form)
    assert answer.status_code == 400
    for field, value, name in (
        ("revenue_expenses", "4010", "Sachkonten.csv"),
        ("collective_account", "2000", "Sachkonten.csv"),
        ("kost_services", "99", "Kostenstellen.csv"),
    ):
        start = answer.text.index(f'id="{field}-fehler"')
        assert f"{value} steht nicht in BMDs {name}" in answer.text[start : start + 200]


def test_resync_takes_the_number_after_the_highest_in_every_customer_list(office_world: Any) -> None:
    """BMD lists 200000 and 200007, Mandant 1002's list 200012 (and 300001, a supplier): next is 200013."""
    folder = _folder(office_world)
    _persons(folder / "Kundenstammdaten.csv", 200000, 200007)
    _persons(folder / "Kundenstammdaten_1002.csv", 200012, 300001)
    client, csrf = _admin(office_world)
    answer = client.post("/debitoren/kundennummer-abgleichen", data={"csrf": csrf})
    assert answer.status_code == 303
    assert load_settings(folder).next_customer_number == 200013
    page = client.get("/debitoren").text
    assert 'class="mandant">1002<' in page  # the customer pick list says which Mandant


def test_new_debtor_takes_roles_and_its_number_goes_back_to_the_source(office_world: Any, cli: Any) -> None:
    """Created with collective account 2000 and 14 days from the roles; Kundennummern.csv names it."""
    folder = _folder(office_world)
    client, csrf = _admin(office_world)
    client.post(
        "/debitoren/einstellungen",
        data={**SETTINGS_OK, "export_path": str(folder), "next_customer_number": "200000", "csrf": csrf},
    )
    source = folder.parent / "debtors.json"
    source.write_text(
        json.dumps([{"quelle": "ADR-7", "nachname": "Hotel Alpenblick GmbH"}]), encoding="utf-8"
    )
    out = cli("interfaces", "debtors", "create", "--dir", str(folder), "--input", str(source))
    assert out.exit_code == 0, out.stderr
    person = bmd.read(folder / "Stammdaten.csv", bmd.Kind.PERSONS).records[0]
    assert isinstance(person, PersonAccount)
    assert (person.konto, person.sammelkonto, person.zahlungsziel, person.skontotage) == (200000, 2000, 14, 7)
    assert (folder / "Kundennummern.csv").read_bytes() == (
        b"quelle;konto;nachname\r\nADR-7;200000;Hotel Alpenblick GmbH\r\n"
    )
    page = client.get("/debitoren").text
    assert "<td>ADR-7</td><td>200000</td><td>Hotel Alpenblick GmbH</td>" in page
    assert '<a href="/debitoren/datei/Kundennummern.csv">Kundennummern.csv</a>' in page
    assert client.get("/debitoren/datei/Kundennummern.csv").status_code == 200


def test_a_fresh_debitoren_page_has_no_dead_links(office_world: Any) -> None:
    """Before any debtor, Kundennummern.csv is named but not linked: every link on the page opens."""
    client, _ = _admin(office_world)
    page = client.get("/debitoren").text
    links = re.findall(r'<a href="([^"]+)"', page)
    assert "/debitoren/datei/Kundennummern.csv" not in links
    assert "Kundennummern.csv" in page
    assert {link: client.get(link).status_code for link in links if link != "/abmelden"} == dict.fromkeys(
        (link for link in links if link != "/abmelden"), 200
    )


def test_invoice_line_by_kind_takes_the_role_account(office_world: Any, cli: Any) -> None:
    """A line ``art: spesen`` books on the expenses account 4010 of the roles; an unset role is refused."""
    folder = _folder(office_world)
    client, csrf = _admin(office_world)
    client.post(
        "/debitoren/einstellungen",
        data={**SETTINGS_OK, "export_path": str(folder), "next_customer_number": "200000", "csrf": csrf},
    )
    debtors = folder.parent / "d.json"
    debtors.write_text(json.dumps([{"nachname": "Hotel Alpenblick GmbH"}]), encoding="utf-8")
    created = cli("interfaces", "debtors", "create", "--dir", str(folder), "--input", str(debtors))
    assert created.exit_code == 0
    invoice = folder.parent / "i.json"
    lines = [{"art": "spesen", "brutto": "120.00", "mwst": "1 (20)"}]
    invoice.write_text(
        json.dumps(
            [
                {
                    "rechnungsnr": "V-1",
                    "datum": "2026-03-02",
                    "debitor": 200000,
                    "mandant": "1001",
                    "lines": lines,
                }
            ]
        ),
        encoding="utf-8",
    )
    assert cli("interfaces", "debtors", "book", "--dir", str(folder), "--input", str(invoice)).exit_code == 0
    booking = bmd.read(folder / "Buchungen_1001.csv", bmd.Kind.BOOKINGS).records[0]
    assert (booking.konto, booking.gkonto, booking.betrag) == (200000, 4010, Decimal("120.00"))  # type: ignore[union-attr]
    lines[0]["art"] = "auslagen"  # no account set for outlays
    invoice.write_text(
        json.dumps(
            [
                {
                    "rechnungsnr": "V-2",
                    "datum": "2026-03-02",
                    "debitor": 200000,
                    "mandant": "1001",
                    "lines": lines,
                }
            ]
        ),
        encoding="utf-8",
    )
    out = cli("interfaces", "debtors", "book", "--dir", str(folder), "--input", str(invoice))
    assert out.exit_code == 1 and "auslagen" in out.stderr


def test_closing_from_the_page_is_the_clis_close(office_world: Any, cli: Any) -> None:
    """A Benutzer closes; ``interfaces debtors closed`` lists the same close with Stammdaten first."""
    folder = _folder(office_world)
    _persons(folder / "Stammdaten.csv", 200000)
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    assert client.post("/debitoren/abschliessen", data={"csrf": csrf}).status_code == 303
    closed = json.loads(cli("interfaces", "debtors", "closed", "--dir", str(folder), "--json").stdout)
    assert [f["name"] for f in closed[0]["files"]] == ["20260302_0800_Stammdaten.csv"]
    assert client.get("/debitoren/datei/20260302_0800_Stammdaten.csv").status_code == 200
    assert client.get("/debitoren/datei/..%2Fsecret.key").status_code == 404


def _upload(client: Any, csrf: str, name: str, data: bytes, mandant: str = "") -> Any:
    return client.post(
        "/zahlungsabgleich/hochladen",
        data={"csrf": csrf, "mandant": mandant},
        files={"dateien": (name, data, "text/csv")},
    )


OP_LIST = "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag\r\n200000;R-1;02.03.2026;240,00;240,00\r\n"


def test_an_op_list_needs_its_mandant_at_the_field_then_registers(office_world: Any) -> None:
    """Without Mandant: refused, the message at the Mandant field; with it: one invoice, open."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(client, csrf, "OP-Liste März.csv", OP_LIST.encode("cp1252"))
    assert answer.status_code == 400
    assert 'id="mandant-fehler"' in answer.text and "OP-Liste März.csv" in answer.text
    answer = _upload(client, csrf, "OP-Liste März.csv", OP_LIST.encode("cp1252"), mandant="1001")
    assert answer.status_code == 200
    assert '<td id="erg-angemeldet">1</td>' in answer.text
    assert 'data-rechnung="1001/200000/R-1"' in answer.text and '<td class="status">offen</td>' in answer.text


def test_an_op_list_without_mandant_points_to_the_field_not_to_a_cli_option(office_world: Any) -> None:
    """The page has no --mandant: the file's line in the list asks for the field „Mandant“ instead."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(client, csrf, "OP-Liste März.csv", OP_LIST.encode("cp1252"))
    assert answer.status_code == 400
    said = "<li>OP-Liste März.csv: eine OP-Liste nennt keinen Mandanten – bitte im Feld „Mandant“ angeben"
    assert said in answer.text
    assert "--mandant" not in answer.text


def test_a_file_with_many_bad_lines_lists_fifty_and_counts_the_rest(office_world: Any) -> None:
    """60 lines with a bad date: 50 named as file:line:field, then "… und 10 weitere Probleme"."""
    rows = "".join(f"200000;R-{n};1,00;31.02.2026;B-{n};\r\n" for n in range(60))
    data = ("Kto-Nr;Rng-Nr;Ausz-Betrag;Ausz-Datum;Zahlungs-BelegNr;Text\r\n" + rows).encode("cp1252")
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(client, csrf, "Auszifferungsliste.csv", data)
    assert answer.status_code == 400
    assert answer.text.count("<li>Auszifferungsliste.csv:") == 50
    assert "<li>Auszifferungsliste.csv:2:Ausz-Datum: " in answer.text
    assert "<li>… und 10 weitere Probleme</li>" in answer.text


def test_ablageorte_refuse_bad_places_and_pages_follow_good_ones(office_world: Any, tmp_path: Path) -> None:
    """A relative folder, a missing one and a foreign database URL are named; nothing is stored. Good
    places are stored, and the Debitoren page then works in the new export folder."""
    client, csrf = _admin(office_world)
    good = {
        "export_path": str(tmp_path / "neu"),
        "bmd_config": str(tmp_path / "bmd.json"),
        "transactions_dir": str(tmp_path),
        "exports_dir": str(tmp_path),
        "clearing_db": f"sqlite:///{tmp_path / 'c.sqlite'}",
        "agent_dir": str(tmp_path),
    }
    (tmp_path / "neu").mkdir()
    bad = {
        **good,
        "export_path": "relativ/export",
        "transactions_dir": str(tmp_path / "fehlt"),
        "clearing_db": "mysql://x",
    }
    answer = client.post("/ablageorte", data={**bad, "csrf": csrf})
    assert answer.status_code == 400
    for field in ("export_path", "transactions_dir", "clearing_db"):
        assert f'id="{field}-fehler"' in answer.text
    assert f'value="{office_world.state / EXPORT}"' in client.get("/ablageorte").text  # unchanged
    assert client.post("/ablageorte", data={**good, "csrf": csrf}).status_code == 303
    _persons(tmp_path / "neu" / "Stammdaten.csv", 200000)
    assert 'data-datei="Stammdaten.csv"' in client.get("/debitoren").text


def _invoices(world: Any) -> list[Any]:
    from syncsystem.clearing.queries import invoice_rows  # noqa: PLC0415
    from syncsystem.clearing.store import ClearingStore  # noqa: PLC0415
    from syncsystem.office.pages._places import load_places  # noqa: PLC0415

    with ClearingStore.open(load_places(world.office).clearing_db) as store:
        return invoice_rows(store, mandant=None, konto=None, status=None)


HOSTILE = {
    # name: (file content, where the message stands, words it must contain)
    "excel": (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), 'id="dateien-fehler"', "keine Textdatei"),
    "gzip": (b"\x1f\x8b\x08\x00" + bytes(100), 'id="dateien-fehler"', "keine Textdatei"),
    "truncated": (OP_LIST.encode("cp1252")[:-12], 'id="probleme"', "OP.csv:2:OP-Betrag: Zeile hat 4 Felder"),
    "empty": (b"", 'id="probleme"', "OP.csv: Datei ist leer"),
    "utf8-in-the-middle-cut": (
        "Kto-Nr;Rng-Nr;Rng-Dat;Rng-Betrag;OP-Betrag\r\n200000;Ä".encode()[:-1],
        'id="probleme"',
        "OP.csv:2",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_upload_gets_a_clear_german_error_and_imports_nothing(office_world: Any, case: str) -> None:
    """Binary, truncated or empty files: refused with a German sentence naming the file; no invoice."""
    data, where, words = HOSTILE[case]
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = _upload(client, csrf, "OP.csv", data, mandant="1001")
    assert answer.status_code == 400
    start = answer.text.index(where)
    assert words in answer.text[start : start + 400], answer.text[start : start + 400]
    assert _invoices(office_world) == []


def test_an_upload_over_twenty_megabytes_is_refused_unread(office_world: Any) -> None:
    """50 MB: 413 with a German sentence; nothing imported (the bound is `web.MAX_REQUEST` = 20 MiB)."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    big = OP_LIST.encode("cp1252") + b"200000;R-2;02.03.2026;1,00;1,00\r\n" * (50 * 1024 * 1024 // 34)
    answer = _upload(client, csrf, "OP.csv", big, mandant="1001")
    assert answer.status_code == 413
    assert "größer als 20 MB" in answer.text and "nichts gespeichert" in answer.text
    assert _invoices(office_world) == []


def test_a_body_without_length_is_cut_off_at_twenty_megabytes(office_world: Any) -> None:
    """A chunked body (no Content-Length) is counted while read and refused past the bound."""
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    head = (
        f'--x\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n--x\r\n'
        'Content-Disposition: form-data; name="dateien"; filename="OP.csv"\r\n\r\n'
    ).encode()

    def chunks() -> Any:
        yield head + OP_LIST.encode("cp1252")
        for _ in range(25):
            yield b"200000;R-2;02.03.2026;1,00;1,00\r\n" * 31_000  # ~1 MB each
        yield b"\r\n--x--\r\n"

    answer = client.post(
        "/zahlungsabgleich/hochladen",
        content=chunks(),
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert answer.status_code == 413 and "größer als 20 MB" in answer.text
    assert _invoices(office_world) == []


def test_a_refused_form_says_at_the_secret_field_that_the_typed_secret_was_not_sent_back(
    office_world: Any,
) -> None:
    """Job dialog and Kanzlei-Einstellungen: after a refusal the typed password is absent from the
    page and its field says so; an untouched secret field says nothing."""
    client, csrf = _admin(office_world)
    job = client.post(
        "/buchhaltungsexport/neu",
        data={"csrf": csrf, "name": "neu", "target.protocol": "ftp", "target.password": "Tipp-Geheim-9"},
    )
    assert job.status_code == 400 and "Tipp-Geheim-9" not in job.text
    assert 'id="target-password-nicht-gesendet"' in job.text
    assert 'id="mail-smtp_password-nicht-gesendet"' not in job.text
    smtp = client.post(
        "/einstellungen",
        data={"csrf": csrf, "smtp.host": "smtp.example", "smtp.port": "0", "smtp.password": "Smtp-Geheim-9"},
    )
    assert smtp.status_code == 400 and "Smtp-Geheim-9" not in smtp.text
    assert 'id="smtp-password-nicht-gesendet"' in smtp.text


@pytest.mark.parametrize("declared", [b"\xb2", b"9" * 5000])  # '²' (Latin-1): isdigit() yes, int() no
def test_a_content_length_int_cannot_read_is_refused_in_words(office_world: Any, declared: bytes) -> None:
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    headers = {"content-type": "application/x-www-form-urlencoded", "content-length": declared}
    answer = client.post("/zahlungsabgleich/hochladen", content=f"csrf={csrf}".encode(), headers=headers)
    assert answer.status_code == 413  # refused unread, as any length that is not a number
    assert _invoices(office_world) == []


def test_an_account_filter_with_a_superscript_digit_is_named_at_the_field(office_world: Any) -> None:
    client = office_world.client()
    office_world.login(client, "bernd")
    answer = client.get("/zahlungsabgleich", params={"konto": "2²"})
    assert answer.status_code == 400, answer.status_code
    assert 'id="konto-fehler"' in answer.text
