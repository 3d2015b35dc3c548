"""Step definitions for features/kanzleiseiten: the office pages driven in headless Chromium.

Expected values come from the feature files (hand-computed: 240,00 € gross at 20 % is 40,00 € tax)
and from the BMD emulator, which reads the closed files in the order the page lists them.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from syncsystem.clearing.rules import Invoice
from syncsystem.clearing.store import ClearingStore

from ..gherkin_values import parse_amount, parse_date, parse_list, step
from .conftest import Kanzlei, import_into_bmd, open_items, write_json

pytestmark = pytest.mark.browser

scenarios("kanzleiseiten")


def _amount(cell: str) -> Decimal:
    return Decimal(cell.replace(".", "").replace(",", ".")) if cell else Decimal("0")


# -- the source system and the office -------------------------------------------------------------


@given(step('die Fakturierung hat den Debitor "{name}" angelegt'))
def _debtor(kanzlei: Kanzlei, name: str) -> None:
    path = write_json(
        kanzlei.tmp / "debtor.json",
        [{"nachname": name, "ort": "Wien", "land": "AT", "sammelkonto": 2000, "quelle": "ADR-1"}],
    )
    out = kanzlei.run(
        "interfaces", "debtors", "create", "--dir", str(kanzlei.export_path), "--input", str(path), "--json"
    )
    kanzlei.debtors[name] = int(json.loads(out.stdout)[0]["konto"])


@given(
    step(
        'die Fakturierung hat die Rechnung "{nr}" über {gross:Betrag} am {day:Datum} in Mandant '
        "{mandant:Mandant} gebucht"
    )
)
def _booked(kanzlei: Kanzlei, nr: str, gross: Decimal, day: date, mandant: str) -> None:
    debtor = next(iter(kanzlei.debtors.values()))
    path = write_json(
        kanzlei.tmp / f"invoice-{nr}.json",
        [
            {
                "rechnungsnr": nr,
                "datum": day.isoformat(),
                "debitor": debtor,
                "mandant": mandant,
                "lines": [{"konto": 4000, "brutto": str(gross), "mwst": "1 (20)"}],
            }
        ],
    )
    kanzlei.run("interfaces", "debtors", "book", "--dir", str(kanzlei.export_path), "--input", str(path))


@given(step("{name} ist als Benutzer an den Kanzleiseiten angemeldet"))
def _logged_in(kanzlei: Kanzlei, name: str) -> None:
    kanzlei.login(name.lower())


@when(step('{name} die Seite "{title}" öffnet'))
def _open(kanzlei: Kanzlei, name: str, title: str) -> None:
    kanzlei.open(title)


# -- Buchungsdateien abschließen ------------------------------------------------------------------


def _working_rows(kanzlei: Kanzlei, file: str) -> list[dict[str, str]]:
    section = kanzlei.page.locator(f"section.arbeitsdatei[data-datei='{file}']")
    heads = section.locator("thead th").all_inner_texts()
    return [
        dict(zip(heads, row.locator("td").all_inner_texts(), strict=True))
        for row in section.locator("tbody tr").all()
    ]


@then(step('zeigt die Arbeitsdatei "{file}" den Debitor {konto:d} "{name}"'))
def _working_person(kanzlei: Kanzlei, file: str, konto: int, name: str) -> None:
    rows = _working_rows(kanzlei, file)
    assert [(r["konto"], r["nachname"]) for r in rows] == [(str(konto), name)], rows
    kanzlei.shot(kanzlei.page, "arbeitsdateien")


@then(step('zeigt die Arbeitsdatei "{file}" die Rechnung "{nr}" über {gross:Betrag} mit Steuer {tax:Betrag}'))
def _working_booking(kanzlei: Kanzlei, file: str, nr: str, gross: Decimal, tax: Decimal) -> None:
    rows = [r for r in _working_rows(kanzlei, file) if r["belegnr"] == nr]
    assert [(_amount(r["betrag"]), _amount(r["steuer"])) for r in rows] == [(gross, tax)], rows


@given(step("{name} hat die Buchungsdateien auf der Seite abgeschlossen"))
def _closed_before(kanzlei: Kanzlei, name: str) -> None:
    kanzlei.open("Debitoren-Schnittstelle")
    kanzlei.page.get_by_role("button", name="Buchungsdateien abschließen").click()
    assert "Buchungsdateien abgeschlossen" in kanzlei.page.locator("[role=status]").inner_text()


@when(step('{name} auf "Buchungsdateien abschließen" klickt'))
def _close(kanzlei: Kanzlei, name: str) -> None:
    if kanzlei.page.locator("h1").inner_text() != "Debitoren-Schnittstelle":
        kanzlei.open("Debitoren-Schnittstelle")
    kanzlei.page.get_by_role("button", name="Buchungsdateien abschließen").click()


@then(step('meldet die Seite "{text}"'))
def _notice(kanzlei: Kanzlei, text: str) -> None:
    assert text in kanzlei.page.locator("[role=status]").inner_text()


@then("die Seite zeigt keine Arbeitsdateien mehr")
def _no_working(kanzlei: Kanzlei) -> None:
    assert kanzlei.page.locator("section.arbeitsdatei").count() == 0
    assert kanzlei.page.locator("#keine-arbeitsdateien").is_visible()


@then(step('die Übergabe "{stamp}" nennt "{first}" vor "{second}"'))
def _order(kanzlei: Kanzlei, stamp: str, first: str, second: str) -> None:
    names = kanzlei.page.locator(f"#uebergaben > li[data-stamp='{stamp}'] a.datei").all_inner_texts()
    assert first in names and second in names, names
    assert names.index(first) < names.index(second), names
    kanzlei.shot(kanzlei.page, f"uebergabe-{stamp}")


@then(step("listet die Seite die Übergaben {stamps} in dieser Reihenfolge"))
def _stamps(kanzlei: Kanzlei, stamps: str) -> None:
    found = [li.get_attribute("data-stamp") for li in kanzlei.page.locator("#uebergaben > li").all()]
    assert found == parse_list(stamps)


@then(step("die Seite listet {count:d} Übergabe"))
def _count(kanzlei: Kanzlei, count: int) -> None:
    assert kanzlei.page.locator("#uebergaben > li").count() == count


@when(step("BMD-Mandant {mandant:Mandant} die Dateien in der Reihenfolge der Seite einliest"))
def _bmd_reads(kanzlei: Kanzlei, mandant: str) -> None:
    links = kanzlei.page.locator("#uebergaben > li a.datei").all()
    files = []
    for link in links:  # the page's order: closes in order, each one's files in import order
        name = link.inner_text()
        if name.endswith(("Stammdaten.csv", f"_{mandant}.csv")):
            files.append(kanzlei.fetch(str(link.get_attribute("href")), kanzlei.tmp / name))
    import_into_bmd(kanzlei, mandant, files)
    assert not kanzlei.refused, kanzlei.refused


@then(step('steht die Rechnung "{nr}" über {gross:Betrag} in der OP-Liste von Mandant {mandant:Mandant}'))
def _open_item(kanzlei: Kanzlei, nr: str, gross: Decimal, mandant: str) -> None:
    items = open_items(kanzlei, mandant)
    assert items.get(nr) == gross, items


# -- Zahlungsabgleich hochladen -------------------------------------------------------------------


@given(parsers.parse("der Zahlungsabgleich kennt diese Rechnungen:"))
def _invoices(kanzlei: Kanzlei, datatable: list[list[str]]) -> None:
    head, *rows = datatable
    items = [dict(zip(head, row, strict=True)) for row in rows]
    with ClearingStore.open(kanzlei.db) as store, store.transaction() as conn:
        store.register_invoices(
            conn,
            [
                Invoice(
                    i["Mandant"],
                    i["Rechnungsnr"],
                    int(i["Konto"]),
                    parse_date(i["Datum"]),
                    parse_amount(i["Betrag"]),
                )
                for i in items
            ],
        )


def _upload(kanzlei: Kanzlei, file: str, datatable: list[list[str]]) -> None:
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(datatable)
    kanzlei.upload = kanzlei.tmp / file
    kanzlei.upload.write_bytes(text.getvalue().encode("cp1252"))  # as BMD writes it
    kanzlei.open("Zahlungsabgleich")
    kanzlei.page.set_input_files("#dateien", str(kanzlei.upload))
    kanzlei.page.get_by_role("button", name="Hochladen und abgleichen").click()


@when(step('{name} auf der Seite "Zahlungsabgleich" die Datei "{file}" mit diesen Zeilen hochlädt:'))
def _upload_when(kanzlei: Kanzlei, name: str, file: str, datatable: list[list[str]]) -> None:
    _upload(kanzlei, file, datatable)
    kanzlei.shot(kanzlei.page, "hochgeladen")


@given(step('{name} hat auf der Seite "Zahlungsabgleich" die Datei "{file}" mit diesen Zeilen hochgeladen:'))
def _upload_given(kanzlei: Kanzlei, name: str, file: str, datatable: list[list[str]]) -> None:
    _upload(kanzlei, file, datatable)
    assert kanzlei.page.locator("#ergebnis").is_visible()


@when(step("{name} dieselbe Datei noch einmal hochlädt"))
def _again(kanzlei: Kanzlei, name: str) -> None:
    assert kanzlei.upload is not None
    kanzlei.page.set_input_files("#dateien", str(kanzlei.upload))
    kanzlei.page.get_by_role("button", name="Hochladen und abgleichen").click()


@then(
    step(
        "zeigt das Ergebnis {created:d} angelegt, {present:d} schon vorhanden, {ambiguous:d} mehrdeutig "
        "und {unknown:d} unbekannt"
    )
)
def _result(kanzlei: Kanzlei, created: int, present: int, ambiguous: int, unknown: int) -> None:
    cells = [
        kanzlei.page.locator(f"#erg-{k}").inner_text()
        for k in ("angelegt", "vorhanden", "mehrdeutig", "unbekannt")
    ]
    assert cells == [str(created), str(present), str(ambiguous), str(unknown)]


@then(step('die {kind} Zeile steht bei "{where}"'))
def _where(kanzlei: Kanzlei, kind: str, where: str) -> None:
    css = {"mehrdeutige": "li.mehrdeutig .wo", "unbekannte": "li.unbekannt .wo"}[kind]
    assert kanzlei.page.locator(css).all_inner_texts() == [where]


@then("die Seite zeigt diese Rechnungen:")
def _table(kanzlei: Kanzlei, datatable: list[list[str]]) -> None:
    rows = datatable[1:]
    expected = [(r[0], r[1], r[2], parse_amount(r[3]), r[4], r[5]) for r in rows]
    found = []
    for row in kanzlei.page.locator("#rechnungen tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        found.append((cells[0], cells[1], cells[2], _amount(cells[5]), cells[6], cells[7]))
    assert found == expected
    kanzlei.shot(kanzlei.page, "rechnungen")


@when(step('{name} die Rechnungen mit Status "{status}" anzeigt'))
def _by_status(kanzlei: Kanzlei, name: str, status: str) -> None:
    kanzlei.open("Zahlungsabgleich")
    kanzlei.page.select_option("#status", status)
    kanzlei.page.get_by_role("button", name="Anzeigen").click()


@when(step("{name} die Rechnungen von Mandant {mandant:Mandant} anzeigt"))
def _by_mandant(kanzlei: Kanzlei, name: str, mandant: str) -> None:
    kanzlei.open("Zahlungsabgleich")
    kanzlei.page.select_option("#mandant-filter", mandant)
    kanzlei.page.get_by_role("button", name="Anzeigen").click()


@when(step("{name} die Rechnungen von Konto {konto:d} anzeigt"))
def _by_account(kanzlei: Kanzlei, name: str, konto: int) -> None:
    kanzlei.open("Zahlungsabgleich")
    kanzlei.page.fill("#konto", str(konto))
    kanzlei.page.get_by_role("button", name="Anzeigen").click()


@then(step("zeigt die Seite die Rechnungen {numbers}"))
def _numbers(kanzlei: Kanzlei, numbers: str) -> None:
    assert kanzlei.page.locator("#rechnungen td.nr").all_inner_texts() == parse_list(numbers)


@then(step('meldet die Seite einen Fehler bei "{where}"'))
def _error_at(kanzlei: Kanzlei, where: str) -> None:
    lines = kanzlei.page.locator("#probleme li").all_inner_texts()
    assert any(line.startswith(f"{where}: ") for line in lines), lines
    assert "Nichts importiert" in kanzlei.page.locator("#probleme").inner_text()
    kanzlei.shot(kanzlei.page, "abgewiesen")


# -- users (Benutzer, Mein Konto) -------------------------------------------------------------------


def _logs_in(kanzlei: Kanzlei, name: str, password: str) -> bool:
    context = kanzlei.browser.new_context()
    try:
        answer = context.request.post(
            kanzlei.url + "/anmelden", form={"name": name, "password": password}, max_redirects=0
        )
        return answer.status == 303
    finally:
        context.close()


def _office_users(kanzlei: Kanzlei) -> dict[str, dict[str, object]]:
    out = kanzlei.run("office", "users", "--state-dir", str(kanzlei.state), "--json")
    return {u["user"]: u for u in json.loads(out.stdout)}


@given(step("{name} ist als Administratorin an den Kanzleiseiten angemeldet"))
def _admin_logged_in(kanzlei: Kanzlei, name: str) -> None:
    kanzlei.login(name.lower())


@when(step('{admin} die Benutzerin "{name}" mit dem ersten Passwort "{password}" anlegt'))
def _create_user(kanzlei: Kanzlei, admin: str, name: str, password: str) -> None:
    kanzlei.open("Benutzer")
    kanzlei.page.fill("#name", name)
    kanzlei.page.select_option("#role", "user")
    kanzlei.page.fill("#password", password)
    kanzlei.page.click("#anlegen")
    assert kanzlei.page.inner_text("[role=status]") == "Benutzer angelegt."


@then(step('kann sich "{name}" mit "{password}" anmelden'))
def _can_log_in(kanzlei: Kanzlei, name: str, password: str) -> None:
    assert _logs_in(kanzlei, name, password)


@when(step('{who} unter "Mein Konto" ihr Passwort von "{old}" auf "{new}" ändert'))
def _change_own(kanzlei: Kanzlei, who: str, old: str, new: str) -> None:
    admin_page = kanzlei.page
    context = kanzlei.browser.new_context(locale="de-AT")
    page = context.new_page()
    page.goto(kanzlei.url + "/anmelden")
    page.fill("#name", who.lower())
    page.fill("#password", old)
    page.click("main button[type=submit]")
    page.get_by_role("navigation").get_by_role("link", name="Mein Konto").click()
    page.fill("#current", old)
    page.fill("#password", new)
    page.fill("#repeat", new)
    page.click("#aendern")
    assert page.inner_text("[role=status]").startswith("Ihr Passwort wurde geändert")
    kanzlei.shot(page, "konto-geaendert")
    context.close()
    kanzlei.page = admin_page


@then(step('kann sich "{name}" mit "{new}" anmelden, aber nicht mehr mit "{old}"'))
def _new_not_old(kanzlei: Kanzlei, name: str, new: str, old: str) -> None:
    assert _logs_in(kanzlei, name, new)
    assert not _logs_in(kanzlei, name, old)


@when(step('{admin} den Benutzer "{name}" deaktiviert'))
def _deactivate(kanzlei: Kanzlei, admin: str, name: str) -> None:
    kanzlei.page.goto(kanzlei.url + "/benutzer")
    kanzlei.page.click(f'[id="deaktivieren-{name}"]')
    assert kanzlei.page.inner_text(f'[data-benutzer="{name}"] .aktiv') == "deaktiviert"


@then(step('kann sich "{name}" mit "{password}" nicht mehr anmelden'))
def _cannot_log_in(kanzlei: Kanzlei, name: str, password: str) -> None:
    assert not _logs_in(kanzlei, name, password)


@then(step('"syncsystem office users" nennt "{name}" deaktiviert'))
def _listed_inactive(kanzlei: Kanzlei, name: str) -> None:
    assert _office_users(kanzlei)[name]["active"] is False


@when(step("{name} sich selbst zur Benutzerin macht"))
def _demote_self(kanzlei: Kanzlei, name: str) -> None:
    kanzlei.open("Benutzer")
    me = name.lower()
    kanzlei.page.select_option(f'[id="role-{me}"]', "user")
    kanzlei.page.locator(f'[data-benutzer="{me}"]').get_by_role("button", name="Rolle ändern").click()


@then(step('steht bei ihrer Rolle "{message}"'))
def _role_message(kanzlei: Kanzlei, message: str) -> None:
    assert kanzlei.page.inner_text('[id="role-anna-fehler"]') == message
    kanzlei.shot(kanzlei.page, "benutzer-letzter-admin-szenario")


@then(step('"syncsystem office users" nennt "{name}" Administrator'))
def _still_admin(kanzlei: Kanzlei, name: str) -> None:
    assert _office_users(kanzlei)[name]["role"] == "admin"
