"""Step definitions for features/zahlungsabgleich and features/buchungsdateien over the `LoopDriver`."""

from __future__ import annotations

from datetime import date
from typing import Any

from pytest_bdd import given, parsers, scenarios, then, when

scenarios("zahlungsabgleich", "buchungsdateien")


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


# -- source system -------------------------------------------------------------------------------


@given(parsers.parse('der Debitor "{name}" ist angelegt'))
def _debtor(loop: Any, name: str) -> None:
    loop.create_debtor(name)


@given(parsers.parse('die Rechnung "{nr}" über "{gross}" ist am "{day}" in Mandant "{mandant}" gebucht'))
def _booked(loop: Any, nr: str, gross: str, day: str, mandant: str) -> None:
    loop.book(mandant, nr, gross, date.fromisoformat(day), next(iter(loop.debtors)))


@when(parsers.parse('die Rechnung "{nr}" über "{gross}" am "{day}" in Mandant "{mandant}" gebucht wird'))
def _book_attempt(loop: Any, nr: str, gross: str, day: str, mandant: str) -> None:
    loop.book(mandant, nr, gross, date.fromisoformat(day), next(iter(loop.debtors)), ok=False)


@given(parsers.parse('das Sperrdatum ist "{day}"'))
def _lock_date(loop: Any, day: str) -> None:
    loop.settings("--lock-date", day)


@given("die Buchungsdateien sind abgeschlossen")
def _closed(loop: Any) -> None:
    loop.close()


@given(parsers.parse('die Buchungsdateien sind abgeschlossen und in der Reihenfolge des Abschlusses '
                     'in BMD-Mandant "{mandant}" eingelesen'))
def _closed_and_imported(loop: Any, mandant: str) -> None:
    loop.close()
    loop.import_closed_in_order(mandant)
    assert not loop.refused, loop.refused


@then(parsers.parse('wird die Buchung abgewiesen: "{text}"'))
def _booking_refused(loop: Any, text: str) -> None:
    assert loop.last.exit_code == 1 and text in loop.last.stderr, loop.last.stderr


@then(parsers.parse('es gibt keine Buchungsdatei für Mandant "{mandant}"'))
def _no_booking_file(loop: Any, mandant: str) -> None:
    assert not (loop.quelle / f"Buchungen_{mandant}.csv").exists()


@then(parsers.parse('gibt es die Abschlüsse "{stamps}" in dieser Reihenfolge'))
def _stamps(loop: Any, stamps: str) -> None:
    assert [c.stamp for c in loop.closed()] == _list(stamps)


@then("jeder Abschluss nennt die Stammdaten vor den Buchungen")
def _order(loop: Any) -> None:
    for closed in loop.closed():
        names = [p.name for p in closed.files]
        assert names[0].endswith("_Stammdaten.csv") and all("_Buchungen_" in n for n in names[1:]), names


@then("es gibt keine Arbeitsdateien mehr")
def _no_working_files(loop: Any) -> None:
    assert not list(loop.quelle.glob("Stammdaten.csv")) and not list(loop.quelle.glob("Buchungen_*.csv"))


@then("die abgeschlossenen Dateien sind schreibgeschützt")
def _read_only(loop: Any) -> None:
    for closed in loop.closed():
        for path in (*closed.files, closed.manifest):
            assert not path.stat().st_mode & 0o222, path


# -- BMD -----------------------------------------------------------------------------------------


@when(parsers.parse('BMD-Mandant "{mandant}" zuerst die Buchungsdatei des Abschlusses einliest'))
def _bookings_first(loop: Any, mandant: str) -> None:
    closed = loop.closed()[-1]
    loop.import_into_bmd(mandant, [p for p in closed.files if "_Buchungen_" in p.name])


@when(parsers.parse('BMD-Mandant "{mandant}" die Dateien in der Reihenfolge des Abschlusses einliest'))
def _in_order(loop: Any, mandant: str) -> None:
    for closed in loop.closed():
        loop.import_into_bmd(mandant, [p for p in closed.files
                                       if p.name.endswith(("Stammdaten.csv", f"_{mandant}.csv"))])
        if loop.refused:
            return


@then(parsers.parse('weist BMD die Datei ab: "{text}"'))
def _bmd_refused(loop: Any, text: str) -> None:
    assert text in loop.refused, loop.refused


@then(parsers.parse('stehen die Rechnungen "{numbers}" in der OP-Liste von Mandant "{mandant}"'))
def _open_items(loop: Any, numbers: str, mandant: str) -> None:
    assert not loop.refused, loop.refused
    items = loop.bmd_open_items(loop.export(mandant))
    for nr in _list(numbers):
        assert nr in items, sorted(items)


@given(parsers.parse('BMD hat bis "{day}" gearbeitet und die Auszifferungsliste von Mandant "{mandant}" '
                     "exportiert"))
def _worked(loop: Any, day: str, mandant: str) -> None:
    loop.advance(date.fromisoformat(day))
    loop.export(mandant)


# -- clearing ------------------------------------------------------------------------------------


@when("die zuletzt exportierte Auszifferungsliste eingelesen wird")
def _import_last(loop: Any) -> None:
    loop.import_clearings(loop.exports[-1] / "auszifferungen.csv")


@when(parsers.parse('die zuletzt exportierte Auszifferungsliste für Mandant "{mandant}" eingelesen wird'))
def _import_last_for(loop: Any, mandant: str) -> None:
    loop.import_clearings(loop.exports[-1] / "auszifferungen.csv", mandant=mandant)


@when("alle exportierten Auszifferungslisten eingelesen werden")
def _import_all(loop: Any) -> None:
    loop.import_clearings(*(e / "auszifferungen.csv" for e in loop.exports))


@when("alle exportierten Auszifferungslisten gleichzeitig in getrennten Prozessen eingelesen werden")
def _import_parallel(loop: Any) -> None:
    codes = loop.import_in_processes(*(e / "auszifferungen.csv" for e in loop.exports))
    assert set(codes) <= {0, 1}, codes  # 1: BMD's own invoices are reported unknown, as they must be


@then(parsers.parse('hat jede Auszifferung der Rechnungen "{numbers}" in Mandant "{mandant}" genau eine '
                    "Zahlung ergeben"))
def _exactly_once(loop: Any, numbers: str, mandant: str) -> None:
    latest = loop.exports[-1]
    for nr in _list(numbers):
        expected = sorted((c.datum.isoformat(), int(c.betrag * 100), c.zahlungsbelegnr)
                          for c in loop.clearings_in(latest, nr))
        stored = sorted((p["datum"], p["betrag_cents"], p["zahlungsbelegnr"])
                        for p in loop.payments(mandant, nr))
        assert expected, f"BMD cleared nothing on {nr}: the scenario's premise does not hold"
        assert stored == expected


@then(parsers.parse("der letzte Abgleich meldet {count:d} neue Zahlungen"))
def _created(loop: Any, count: int) -> None:
    assert loop.reports[-1]["created"] == count
    assert loop.reports[-1]["already_present"] > 0


@given(parsers.parse('die Rechnungen "{first}" bis "{last}" über je "{gross}" sind am "{day}" in Mandant '
                     '"{mandant}" gebucht und in BMD eingelesen'))
def _many_booked(loop: Any, first: str, last: str, gross: str, day: str, mandant: str) -> None:
    prefix, low = first.rsplit("-", 1)
    high = last.rsplit("-", 1)[1]
    loop.candidates = [f"{prefix}-{n:0{len(low)}d}" for n in range(int(low), int(high) + 1)]
    for nr in loop.candidates:
        loop.book(mandant, nr, gross, date.fromisoformat(day), next(iter(loop.debtors)))
    loop.close()
    loop.import_closed_in_order(mandant)


@given(parsers.parse("BMD hat bis zur ersten Teilzahlung auf eine dieser Rechnungen gearbeitet und die "
                     'Auszifferungsliste von Mandant "{mandant}" exportiert'))
def _until_partial(loop: Any, mandant: str) -> None:
    loop.chosen, first_day = loop.find_partial(mandant, loop.candidates, date(2026, 7, 31))
    loop.advance(first_day)
    loop.export(mandant)


@then(parsers.parse('ist diese Rechnung in Mandant "{mandant}" teilweise bezahlt'))
def _partial(loop: Any, mandant: str) -> None:
    inv = loop.invoice(mandant, loop.chosen)
    assert 0 < inv.paid_cents < inv.betrag_cents and inv.paid_on is None, inv


@then(parsers.parse('ist diese Rechnung in Mandant "{mandant}" bezahlt'))
def _paid(loop: Any, mandant: str) -> None:
    inv = loop.invoice(mandant, loop.chosen)
    assert inv.paid_cents >= inv.betrag_cents and inv.paid_on is not None, inv


@then("der letzte Abgleich meldet diese Rechnung als jetzt bezahlt")
def _now_paid(loop: Any) -> None:
    assert loop.chosen in [p["rechnungsnr"] for p in loop.reports[-1]["now_paid"]], loop.reports[-1]


@then(parsers.parse('meldet der Abgleich "{nr}" als mehrdeutig zwischen den Mandanten "{mandanten}"'))
def _ambiguous(loop: Any, nr: str, mandanten: str) -> None:
    rows = [u for u in loop.reports[-1]["ambiguous"] if u["rechnungsnr"] == nr]
    assert rows and all(u["mandanten"] == _list(mandanten) for u in rows), loop.reports[-1]["ambiguous"]


@then(parsers.parse('die Rechnung "{nr}" hat in keinem Mandanten eine Zahlung'))
def _no_payment(loop: Any, nr: str) -> None:
    assert loop.payments("1001", nr) == [] and loop.payments("1002", nr) == []
