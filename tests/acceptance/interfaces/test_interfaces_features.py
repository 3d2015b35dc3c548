"""Step definitions for features/zahlungsabgleich and features/buchungsdateien over the `LoopDriver`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pytest_bdd import given, scenarios, then, when

from syncsystem import bmd
from syncsystem.bmd.records import Booking, Buchcode, PersonAccount

from ..gherkin_values import parse_amount, parse_date, parse_datetime, parse_list, step

scenarios("zahlungsabgleich", "buchungsdateien")


# -- source system -------------------------------------------------------------------------------


@given(step('der Debitor "{name}" ist angelegt'))
def _debtor(loop: Any, name: str) -> None:
    loop.create_debtor(name)


@given(
    step('die Rechnung "{nr}" über {gross:Betrag} ist am {day:Datum} in Mandant {mandant:Mandant} gebucht')
)
def _booked(loop: Any, nr: str, gross: Decimal, day: date, mandant: str) -> None:
    loop.book(mandant, nr, str(gross), day, next(iter(loop.debtors)))


@when(
    step('die Rechnung "{nr}" über {gross:Betrag} am {day:Datum} in Mandant {mandant:Mandant} gebucht wird')
)
def _book_attempt(loop: Any, nr: str, gross: Decimal, day: date, mandant: str) -> None:
    loop.book(mandant, nr, str(gross), day, next(iter(loop.debtors)), ok=False)


@given(step("das Sperrdatum der Fakturierung ist der {day:Datum}"))
def _lock_date(loop: Any, day: date) -> None:
    loop.settings("--lock-date", day.isoformat())


@given("in der Fakturierung ist kein Sperrdatum gesetzt")
def _no_lock_date(loop: Any) -> None:
    loop.settings("--lock-date", "none")


@given("die Buchungsdateien sind zur Übergabe an BMD geschlossen")
def _closed(loop: Any) -> None:
    loop.close()


@given(
    step(
        "die Buchungsdateien sind übergeben und in der Reihenfolge der Übergaben "
        "in BMD-Mandant {mandant:Mandant} eingelesen"
    )
)
def _closed_and_imported(loop: Any, mandant: str) -> None:
    loop.close()
    loop.import_closed_in_order(mandant)
    assert not loop.refused, loop.refused


@then(step('wird die Buchung abgewiesen: "{text}"'))
def _booking_refused(loop: Any, text: str) -> None:
    assert loop.last.exit_code == 1 and text in loop.last.stderr, loop.last.stderr


@then(step("es gibt keine Buchungsdatei für Mandant {mandant:Mandant}"))
def _no_booking_file(loop: Any, mandant: str) -> None:
    assert not (loop.quelle / f"Buchungen_{mandant}.csv").exists()


@then(step("gibt es die Übergaben {stamps} in dieser Reihenfolge"))
def _stamps(loop: Any, stamps: str) -> None:
    # a close is stamped in its file names as YYYYMMDD_HHMM local time
    expected = [f"{parse_datetime(s):%Y%m%d_%H%M}" for s in parse_list(stamps)]
    assert [c.stamp for c in loop.closed()] == expected


@then("jede Übergabe nennt die Stammdaten vor den Buchungen")
def _order(loop: Any) -> None:
    for closed in loop.closed():
        names = [p.name for p in closed.files]
        assert names[0].endswith("_Stammdaten.csv") and all("_Buchungen_" in n for n in names[1:]), names


@then("es gibt keine Arbeitsdateien mehr")
def _no_working_files(loop: Any) -> None:
    assert not list(loop.quelle.glob("Stammdaten.csv")) and not list(loop.quelle.glob("Buchungen_*.csv"))


@then("die übergebenen Dateien sind schreibgeschützt")
def _read_only(loop: Any) -> None:
    for closed in loop.closed():
        for path in (*closed.files, closed.manifest):
            assert not path.stat().st_mode & 0o222, path


# -- BMD -----------------------------------------------------------------------------------------


@when(step("BMD-Mandant {mandant:Mandant} zuerst die Buchungsdatei der Übergabe einliest"))
def _bookings_first(loop: Any, mandant: str) -> None:
    closed = loop.closed()[-1]
    loop.import_into_bmd(mandant, [p for p in closed.files if "_Buchungen_" in p.name])


@when(step("BMD-Mandant {mandant:Mandant} die Dateien in der Reihenfolge der Übergaben einliest"))
def _in_order(loop: Any, mandant: str) -> None:
    for closed in loop.closed():
        loop.import_into_bmd(
            mandant, [p for p in closed.files if p.name.endswith(("Stammdaten.csv", f"_{mandant}.csv"))]
        )
        if loop.refused:
            return


@then(step('weist BMD die Datei ab: "{text}"'))
def _bmd_refused(loop: Any, text: str) -> None:
    assert text in loop.refused, loop.refused


@then(step("stehen die Rechnungen {numbers} in der OP-Liste von Mandant {mandant:Mandant}"))
@then(step("steht die Rechnung {numbers} in der OP-Liste von Mandant {mandant:Mandant}"))
def _open_items(loop: Any, numbers: str, mandant: str) -> None:
    assert not loop.refused, loop.refused
    items = loop.bmd_open_items(loop.export(mandant))
    for nr in parse_list(numbers):
        assert nr in items, sorted(items)


@given(
    step(
        "BMD hat bis zum {day:Datum} gearbeitet und die Auszifferungsliste von Mandant {mandant:Mandant} "
        "exportiert"
    )
)
def _worked(loop: Any, day: date, mandant: str) -> None:
    loop.advance(day)
    loop.export(mandant)


# -- clearing ------------------------------------------------------------------------------------


@when("die zuletzt exportierte Auszifferungsliste eingelesen wird")
def _import_last(loop: Any) -> None:
    loop.import_clearings(loop.exports[-1] / "auszifferungen.csv")


@when(step("die zuletzt exportierte Auszifferungsliste für Mandant {mandant:Mandant} eingelesen wird"))
def _import_last_for(loop: Any, mandant: str) -> None:
    loop.import_clearings(loop.exports[-1] / "auszifferungen.csv", mandant=mandant)


@when("alle exportierten Auszifferungslisten eingelesen werden")
def _import_all(loop: Any) -> None:
    loop.import_clearings(*(e / "auszifferungen.csv" for e in loop.exports))


@when("alle exportierten Auszifferungslisten gleichzeitig in getrennten Prozessen eingelesen werden")
def _import_parallel(loop: Any) -> None:
    codes = loop.import_in_processes(*(e / "auszifferungen.csv" for e in loop.exports))
    assert set(codes) <= {0, 1}, codes  # 1: BMD's own invoices are reported unknown, as they must be


@then(
    step(
        "hat jede Auszifferung der Rechnungen {numbers} in Mandant {mandant:Mandant} genau eine "
        "Zahlung ergeben"
    )
)
@then(
    step(
        "hat jede Auszifferung der Rechnung {numbers} in Mandant {mandant:Mandant} genau eine Zahlung ergeben"
    )
)
def _exactly_once(loop: Any, numbers: str, mandant: str) -> None:
    latest = loop.exports[-1]
    for nr in parse_list(numbers):
        expected = sorted(
            (c.datum.isoformat(), int(c.betrag * 100), c.zahlungsbelegnr)
            for c in loop.clearings_in(latest, nr)
        )
        stored = sorted(
            (p["datum"], p["betrag_cents"], p["zahlungsbelegnr"]) for p in loop.payments(mandant, nr)
        )
        assert expected, f"BMD cleared nothing on {nr}: the scenario's premise does not hold"
        assert stored == expected


@then(step("der letzte Abgleich meldet {count:Anzahl} neue Zahlungen"))
@then(step("der letzte Abgleich meldet {count:Anzahl} neuen Zahlungen"))
def _created(loop: Any, count: int) -> None:
    assert loop.reports[-1]["created"] == count
    assert loop.reports[-1]["already_present"] > 0


@given(
    step(
        'die Rechnungen "{first}" bis "{last}" über je {gross:Betrag} sind am {day:Datum} in Mandant '
        "{mandant:Mandant} gebucht und in BMD eingelesen"
    )
)
def _many_booked(loop: Any, first: str, last: str, gross: Decimal, day: date, mandant: str) -> None:
    prefix, low = first.rsplit("-", 1)
    high = last.rsplit("-", 1)[1]
    loop.candidates = [f"{prefix}-{n:0{len(low)}d}" for n in range(int(low), int(high) + 1)]
    for nr in loop.candidates:
        loop.book(mandant, nr, str(gross), day, next(iter(loop.debtors)))
    loop.close()
    loop.import_closed_in_order(mandant)


@given(
    step(
        "BMD hat bis zur ersten Teilzahlung auf eine dieser Rechnungen gearbeitet und die "
        "Auszifferungsliste von Mandant {mandant:Mandant} exportiert"
    )
)
def _until_partial(loop: Any, mandant: str) -> None:
    loop.chosen, first_day = loop.find_partial(mandant, loop.candidates, date(2026, 7, 31))
    loop.advance(first_day)
    loop.export(mandant)


@then(step("ist diese Rechnung in Mandant {mandant:Mandant} teilweise bezahlt"))
def _partial(loop: Any, mandant: str) -> None:
    inv = loop.invoice(mandant, loop.chosen)
    assert 0 < inv.paid_cents < inv.betrag_cents and inv.paid_on is None, inv


@then(step("ist diese Rechnung in Mandant {mandant:Mandant} bezahlt"))
def _paid(loop: Any, mandant: str) -> None:
    inv = loop.invoice(mandant, loop.chosen)
    assert inv.paid_cents >= inv.betrag_cents and inv.paid_on is not None, inv


@then("der letzte Abgleich meldet diese Rechnung als jetzt bezahlt")
def _now_paid(loop: Any) -> None:
    assert loop.chosen in [p["rechnungsnr"] for p in loop.reports[-1]["now_paid"]], loop.reports[-1]


@then(step('meldet der Abgleich "{nr}" als mehrdeutig zwischen den Mandanten {mandanten:Nummern}'))
def _ambiguous(loop: Any, nr: str, mandanten: list[str]) -> None:
    rows = [u for u in loop.reports[-1]["ambiguous"] if u["rechnungsnr"] == nr]
    assert rows and all(u["mandanten"] == mandanten for u in rows), loop.reports[-1]["ambiguous"]


@then(step('die Rechnung "{nr}" hat in keinem Mandanten eine Zahlung'))
def _no_payment(loop: Any, nr: str) -> None:
    assert loop.payments("1001", nr) == [] and loop.payments("1002", nr) == []


# -- the payment lands on the right account (features/zahlungsabgleich/richtiges_konto.feature) --


@given(step("das nächste Kundenkonto der Fakturierung ist {konto:d}"))
def _next_customer(loop: Any, konto: int) -> None:
    loop.settings("--next-customer", str(konto))


@given(step('in BMD-Mandant {mandant:Mandant} ist der Lieferant {konto:d} "{name}" angelegt'))
def _supplier(loop: Any, mandant: str, konto: int, name: str) -> None:
    person = PersonAccount(konto=konto, nachname=name, ort="Wien", land="AT", sammelkonto=3300)
    loop.import_records(mandant, f"Lieferant_{konto}.csv", [person], bmd.Kind.PERSONS)


@given(
    step(
        'in BMD-Mandant {mandant:Mandant} ist die Eingangsrechnung "{nr}" des Lieferanten {konto:d} '
        "über {gross:Betrag} vom {day:Datum} gebucht"
    )
)
def _incoming_invoice(loop: Any, mandant: str, nr: str, konto: int, gross: Decimal, day: date) -> None:
    # as BMD books an ER: the supplier credited (Haben, negative), input tax 20 % positive
    tax = (gross * 20 / 120).quantize(Decimal("0.01"))
    line = Booking(
        konto=konto,
        gkonto=7200,
        belegnr=nr,
        belegdatum=day,
        buchdatum=day,
        buchcode=Buchcode.HABEN,
        betrag=-gross,
        buchsymbol="ER",
        prozent=Decimal(20),
        steuercode=2,
        steuer=tax,
        text=f"ER {nr}",
    )
    loop.import_records(mandant, f"ER_{nr}.csv", [line], bmd.Kind.BOOKINGS)


@given(step("BMD hat die OP-Liste von Mandant {mandant:Mandant} exportiert und sie ist eingelesen"))
def _op_list(loop: Any, mandant: str) -> None:
    report = loop.import_clearings(loop.export(mandant) / "op-liste.csv", mandant=mandant)
    assert report["invoices_registered"] > 0, report


@given(
    step(
        "in BMD-Mandant {mandant:Mandant} ist die Zahlung von Konto {konto:d} über {gross:Betrag} vom "
        '{day:Datum} auf die Rechnung "{nr}" ausgeziffert'
    )
)
def _payment_cleared(loop: Any, mandant: str, konto: int, gross: Decimal, day: date, nr: str) -> None:
    # a bank statement line: the customer's account credited, the open item "nr" cleared
    line = Booking(
        konto=konto,
        gkonto=2800,
        belegnr="9026",
        belegdatum=day,
        buchdatum=day,
        buchcode=Buchcode.HABEN,
        betrag=-gross,
        buchsymbol="BK",
        text=f"Zahlung {nr}",
        ausz_belegnr=nr,
        ausz_betrag=gross,
    )
    loop.import_records(mandant, f"BK_{nr}.csv", [line], bmd.Kind.BOOKINGS)


@when(step("BMD die Auszifferungsliste von Mandant {mandant:Mandant} exportiert und sie eingelesen wird"))
def _export_and_import(loop: Any, mandant: str) -> None:
    loop.import_clearings(loop.export(mandant) / "auszifferungen.csv")


@then(step('meldet der Abgleich die Rechnung "{nr}" weder als unbekannt noch als mehrdeutig'))
def _resolved(loop: Any, nr: str) -> None:
    report = loop.reports[-1]
    assert report["created"] >= 1, report
    left = [u for u in report["ambiguous"] + report["unknown"] if u["rechnungsnr"] == nr]
    assert left == [], left


@then(step('der Zahlungsabgleich zeigt in Mandant {mandant:Mandant} für die Rechnung "{nr}":'))
def _invoice_table(loop: Any, mandant: str, nr: str, datatable: list[list[str]]) -> None:
    header, *rows = datatable
    expected = sorted(
        (
            int(r["Konto"]),
            parse_amount(r["Betrag"]),
            parse_amount(r["Bezahlt"]),
            r["Status"],
            parse_date(r["Bezahlt am"]) if r["Bezahlt am"] else None,
        )
        for r in (dict(zip(header, row, strict=True)) for row in rows)
    )
    stored = sorted(
        (
            i["konto"],
            Decimal(i["betrag"]),
            Decimal(i["bezahlt"]),
            i["status"],
            date.fromisoformat(i["paid_on"]) if i["paid_on"] else None,
        )
        for i in loop.invoices(mandant)
        if i["rechnungsnr"] == nr
    )
    assert stored == expected
