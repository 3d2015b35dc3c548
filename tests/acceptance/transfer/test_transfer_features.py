"""Step definitions for features/transfer: thin sentences over the `TransferDriver`."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from emulators.bmd import Office
from pytest_bdd import given, scenarios, then, when

from syncsystem import bmd

from ..gherkin_values import austrian_zone, parse_amount, parse_date, parse_list, step

scenarios("transfer")

WEEKDAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MAIL_NAMES = {"failure": "fehlgeschlagen", "reminder": "Erinnerung", "all-clear": "Entwarnung"}


def _runs(transfer: Any) -> list[datetime]:
    return [datetime.fromisoformat(o["slot"]) for o in transfer.outcomes]


@given("ein FTP-Server beim Steuerberater")
def ftp_server(transfer: Any) -> None:
    assert transfer.ftp.port > 0


@given("ein Mailserver für Fehlermeldungen")
def mail_server(transfer: Any, transfer_tls: dict[str, Path]) -> None:
    transfer.start_smtp(transfer_tls)


@given(step("es ist der {moment:Zeitpunkt} Uhr"))
def it_is(transfer: Any, moment: datetime) -> None:
    transfer.clock.wait_until(moment)


@given(step('ein Export "{schedule}" für Mandant {mandant:Mandant}'))
def export_job(transfer: Any, schedule: str, mandant: str) -> None:
    result = transfer.add_job(schedule, mandant)
    assert result.exit_code == 0, result.stderr


@given(step('ein Export "{schedule}" für Mandant {mandant:Mandant} in das Verzeichnis "{folder}"'))
def export_job_into(transfer: Any, schedule: str, mandant: str, folder: str) -> None:
    assert transfer.add_job(schedule, mandant, directory=f"/{folder}").exit_code == 0


@given(step('ein Export "{schedule}" für Mandant {mandant:Mandant} mit Erinnerung nach {n:Anzahl} Fehlern'))
def export_job_reminder(transfer: Any, schedule: str, mandant: str, n: int) -> None:
    assert transfer.add_job(schedule, mandant, reminder=n).exit_code == 0


@when(step('ich einen Export "{schedule}" anlege'))
def add_export(transfer: Any, schedule: str) -> None:
    transfer.add_job(schedule)


@given(
    step(
        "um {first:Uhrzeit} Uhr und um {second:Uhrzeit} Uhr wird je eine Buchungsdatei "
        "für Mandant {mandant:Mandant} abgeschlossen"
    )
)
def close_two(transfer: Any, first: time, second: time, mandant: str) -> None:
    for at in (first, second):
        transfer.close_bookings(mandant, f"{at:%H:%M}")


@given(step("um {at:Uhrzeit} Uhr wird eine Buchungsdatei für Mandant {mandant:Mandant} abgeschlossen"))
def close_one(transfer: Any, at: time, mandant: str) -> None:
    transfer.close_bookings(mandant, f"{at:%H:%M}")


@given(step("um {at:Uhrzeit} Uhr wird eine große Buchungsdatei für Mandant {mandant:Mandant} abgeschlossen"))
def close_big(transfer: Any, at: time, mandant: str) -> None:
    transfer.close_bookings(mandant, f"{at:%H:%M}", rows=2000)


@given("der Datenträger des FTP-Servers ist voll")
def disk_full(transfer: Any) -> None:
    transfer.ftp.control.inject(disk_free_bytes=0)


@when("der Datenträger wieder Platz hat")
def disk_freed(transfer: Any) -> None:
    transfer.ftp.control.heal()


@given(step("die Verbindung bricht bei der nächsten Übertragung nach {n:Anzahl} Bytes ab"))
def cut_connection(transfer: Any, n: int) -> None:
    transfer.ftp.control.inject(disconnect_after_bytes=n, disconnect_times=1)


@when(step("die Zeit bis zum {moment:Zeitpunkt} Uhr vergeht"))
def time_passes(transfer: Any, moment: datetime) -> None:
    transfer.pass_time_until(moment)


@when("ich die Verbindung teste")
def run_connection_test(transfer: Any) -> None:
    transfer.run("test", transfer.job, "--json")


@then(step('wird die Konfiguration abgelehnt: Feld "{name}" meldet "{text}"'))
def refused(transfer: Any, name: str, text: str) -> None:
    assert transfer.last.exit_code == 2
    line = next(ln for ln in transfer.last.stderr.splitlines() if f":{name}:" in ln)
    assert text in line


@then("es ist kein Auftrag gespeichert")
def no_job(transfer: Any) -> None:
    assert json.loads(transfer.run("list", "--json").stdout) == []


@then(step("lief der Export {n:Anzahl}-mal, jeweils zur vollen Stunde zwischen 06:00 und 22:00 Uhr"))
def ran_hourly(transfer: Any, n: int) -> None:
    runs = _runs(transfer)
    assert len(runs) == n
    assert all(r.minute == 0 and 6 <= r.hour <= 22 for r in runs)
    assert len(set(runs)) == n  # no slot twice


@then(step("der Steuerberater hat {n:Anzahl} Dateien erhalten, jede genau einmal"))
def received_once(transfer: Any, n: int) -> None:
    files = {k: v for k, v in transfer.received().items() if not k.endswith(".part")}
    assert files == transfer.closed and len(files) == n
    delivered = [name for o in transfer.outcomes for name in o["delivered"]]
    assert sorted(delivered) == sorted(files)


@then("der Steuerberater hat eine Datei erhalten, und zwar genau einmal")
def received_one_once(transfer: Any) -> None:
    received_once(transfer, 1)


@then(step('lief der Export an den Tagen "{days}"'))
def ran_on_days(transfer: Any, days: str) -> None:
    shown = [f"{WEEKDAYS[r.weekday()]} {r:%d.%m.}" for r in _runs(transfer)]
    assert shown == days.split(", ")


@then(step('zeigt die Vorschau ab {start:Datum} die Läufe "{expected}"'))
def preview(transfer: Any, start: date, expected: str) -> None:
    rows = json.loads(
        transfer.run("next", transfer.job, "--from", start.isoformat(), "--count", "6", "--json").stdout
    )
    assert ", ".join(f"{datetime.fromisoformat(r['iso']):%d.%m. %H:%M}" for r in rows) == expected


@then(step('die Vorschau ab {start:Datum} zeigt die Läufe "{expected}"'))
def preview_offsets(transfer: Any, start: date, expected: str) -> None:
    count = len(expected.split(", "))
    argv = ("next", transfer.job, "--from", start.isoformat(), "--count", str(count), "--json")
    rows = json.loads(transfer.run(*argv).stdout)
    shown = [
        f"{datetime.fromisoformat(r['iso']):%d.%m. %H:%M} {austrian_zone(r['utc_offset'])}" for r in rows
    ]
    assert ", ".join(shown) == expected


@then(step('liefen die Exporte um "{expected}"'))
def ran_at_with_offsets(transfer: Any, expected: str) -> None:
    shown = []
    for r in _runs(transfer):
        offset = f"{r:%z}"
        shown.append(f"{r:%d.%m. %H:%M} {austrian_zone(f'{offset[:3]}:{offset[3:]}')}")
    assert ", ".join(shown) == expected


@then(step('schlägt der Test beim Schritt "{name}" fehl'))
def connection_test_failed_at(transfer: Any, name: str) -> None:
    assert transfer.last.exit_code == 1
    assert json.loads(transfer.last.stdout)["failed_step"] == name


@then("die Anmeldung war erfolgreich")
def login_ok(transfer: Any) -> None:
    steps = json.loads(transfer.last.stdout)["steps"]
    assert steps[0] == {"step": "Anmelden", "ok": True, "detail": ""}


@then(step("sind {n:Anzahl} Läufe fehlgeschlagen"))
def failed_runs(transfer: Any, n: int) -> None:
    failed = [o for o in transfer.outcomes if not o["ok"]]
    assert len(failed) == n
    assert all("552" in o["error"] and o["failed_step"] == "Schreiben" for o in failed)


@then(step("im Postfach liegen die E-Mails {kinds}"))
@then(step("liegen im Postfach die E-Mails {kinds}"))
def mails(transfer: Any, kinds: str) -> None:
    got = [MAIL_NAMES[m.message["X-Syncsystem-Mail"]] for m in transfer.smtp.control.mails()]
    assert got == parse_list(kinds)
    assert all(m.tls and m.user == "mailer" for m in transfer.smtp.control.mails())


@then(step('liegt beim Steuerberater keine Buchungsdatei, nur ein unvollständiger Teil mit Endung "{ext}"'))
def only_part(transfer: Any, ext: str) -> None:
    ((name, data),) = transfer.closed.items()
    files = transfer.received()
    assert name not in files
    assert list(files) == [name + ext] and len(files[name + ext]) < len(data)


@then("hat der Steuerberater die Buchungsdatei vollständig und unverändert")
def complete_file(transfer: Any) -> None:
    assert transfer.received() == transfer.closed


@then("das Protokoll nennt die Datei mit Größe und Prüfsumme (SHA-256) genau einmal")
def journal_once(transfer: Any) -> None:
    ((name, data),) = transfer.closed.items()
    journal = json.loads(transfer.run("runs", transfer.job, "--json").stdout)
    files = [f for run in journal for f in run["files"]]
    assert files == [{"name": name, "size": len(data), "sha256": transfer.sha(data)}]
    assert re.fullmatch(r"export-\d{8}T\d{6}Z", journal[0]["run_id"])


@given(
    step(
        'ein Export "{schedule}" im Format "{fmt}" mit Debitoren für Mandant {mandant:Mandant} '
        'der Filiale "{filiale}"'
    )
)
def transaction_export(transfer: Any, schedule: str, fmt: str, mandant: str, filiale: str) -> None:
    result = transfer.add_transaction_job(schedule, mandant, fmt, filiale)
    assert result.exit_code == 0, result.stderr


@given(
    step(
        'das Hotelsystem bucht am {day:Datum} in der Filiale "{filiale}" {nights:Anzahl} Nächtigungen '
        "zu je {price:Betrag} und {breakfasts:Anzahl} Frühstück zu {breakfast:Betrag}"
    )
)
def hotel_books(
    transfer: Any, day: date, filiale: str, nights: int, price: Decimal, breakfasts: int, breakfast: Decimal
) -> None:
    transfer.book_hotel(day, filiale, [("ROOMS", price)] * nights + [("FNB", breakfast)] * breakfasts)


@given(
    step(
        'das Hotelsystem bucht am {day:Datum} in der Filiale "{filiale}" {nights:Anzahl} Nächtigung '
        "zu {price:Betrag}"
    )
)
def hotel_books_nights(transfer: Any, day: date, filiale: str, nights: int, price: Decimal) -> None:
    transfer.book_hotel(day, filiale, [("ROOMS", price)] * nights)


@then("hat der Steuerberater zuerst die Personenkonten und danach die Buchungen erhalten")
def persons_then_bookings(transfer: Any) -> None:
    delivered = [name for o in transfer.outcomes for name in o["delivered"]]
    assert [name.split("_")[-1] for name in delivered] == ["Personenkonten.csv", "Buchungen.csv"]
    assert set(transfer.received()) == set(delivered)


@then(step("die Buchungen sind {expected}"))
def bookings_are(transfer: Any, expected: str) -> None:
    data = next(v for k, v in transfer.received().items() if k.endswith("_Buchungen.csv"))
    got = [
        (b.belegdatum, b.gkonto, b.betrag)
        for b in bmd.read(data, bmd.Kind.BOOKINGS).records
        if isinstance(b, bmd.Booking)
    ]
    assert got == _expected_bookings(expected)


@when(
    step(
        "das Hotelsystem nachträglich eine Nächtigung zu {price:Betrag} mit Belegdatum {day:Datum} "
        'in der Filiale "{filiale}" erfasst'
    )
)
def hotel_enters_late(transfer: Any, price: Decimal, day: date, filiale: str) -> None:
    transfer.book_hotel(day, filiale, [("ROOMS", price)])


def _run_of(transfer: Any, day: date) -> dict[str, Any]:
    (run,) = [o for o in transfer.outcomes if datetime.fromisoformat(o["slot"]).date() == day]
    return dict(run)


def _bookings_of(transfer: Any, names: list[str]) -> list[tuple[date, int, Decimal]]:
    received = transfer.received()
    return [
        (b.belegdatum, b.gkonto, b.betrag)
        for name in names
        if name.endswith("_Buchungen.csv")
        for b in bmd.read(received[name], bmd.Kind.BOOKINGS).records
        if isinstance(b, bmd.Booking)
    ]


def _expected_bookings(expected: str) -> list[tuple[date, int, Decimal]]:
    want = []
    for item in parse_list(expected):
        match = re.fullmatch(r"(\S+) Konto (\d+): (.+)", item)
        assert match, item
        want.append((parse_date(match[1]), int(match[2]), parse_amount(match[3])))
    return want


@then(step("hat der Lauf vom {day:Datum} {expected} übertragen"))
def run_delivered(transfer: Any, day: date, expected: str) -> None:
    run = _run_of(transfer, day)
    assert run["ok"], run["error"]
    assert _bookings_of(transfer, run["delivered"]) == _expected_bookings(expected)


@then(step("der Lauf vom {day:Datum} vermerkt {n:Anzahl} nachträglich erfassten Beleg"))
def run_notes_late(transfer: Any, day: date, n: int) -> None:
    assert f"{n} nachträglich erfasste(r) Beleg(e)" in _run_of(transfer, day)["note"]


@then(step("der Lauf vom {day:Datum} hat nichts übertragen"))
def run_delivered_nothing(transfer: Any, day: date) -> None:
    run = _run_of(transfer, day)
    assert run["ok"] and run["delivered"] == [] and run["documents"] == 0


@then(step("alle Buchungen zusammen sind {expected}"))
def all_bookings_sum(transfer: Any, expected: str) -> None:
    totals: dict[tuple[date, int], Decimal] = {}
    for day, konto, amount in _bookings_of(transfer, sorted(transfer.received())):
        totals[(day, konto)] = totals.get((day, konto), Decimal(0)) + amount
    assert sorted(totals.items()) == sorted(((d, k), a) for d, k, a in _expected_bookings(expected))


@then("BMD liest alle Dateien ohne Fehler ein")
@then("BMD liest beide Dateien ohne Fehler ein")
def bmd_imports(transfer: Any) -> None:
    office = Office.create(
        transfer.tmp / "office", seed=7, mandanten=1, profile="small", start=date(2026, 3, 2)
    )
    received = transfer.received()
    for run in transfer.outcomes:  # run by run, each run's person accounts before its bookings
        for name in sorted(run["delivered"], key=lambda n: "Personenkonten" not in n):
            (transfer.tmp / name).write_bytes(received[name])
            result = office.import_file(office.mandanten[0], transfer.tmp / name)
            assert result.rows > 0, name
