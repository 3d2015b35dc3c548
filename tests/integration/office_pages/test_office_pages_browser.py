"""Pages 2–5 in headless Chromium, once as Administrator (anna) and once as Benutzer (bernd).

Each test opens the page through the navigation, checks what the role may and may not do, and saves
a screenshot per page and role into the certification bundle (``$SYNCSYSTEM_SCREENSHOTS``).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from syncsystem import bmd
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.bmd.records import Booking
from syncsystem.clock import DEFAULT_TZ

pytestmark = pytest.mark.browser
T0 = datetime(2026, 3, 2, 21, 5, tzinfo=DEFAULT_TZ)


def _open(page: Any, title: str) -> None:
    page.get_by_role("navigation").get_by_role("link", name=title).click()
    assert page.locator("h1").inner_text() == title


def _error_at(page: Any, field: str) -> str:
    return str(page.locator(f"#{field}-fehler").inner_text())


def test_debitoren_as_administrator(pages: Any, screenshot: Any) -> None:
    """Bad settings are named at their fields and nothing changes; good ones are saved."""
    page = pages.page_as("anna")
    _open(page, "Debitoren-Schnittstelle")
    page.fill("#next_customer_number", "199999")
    page.fill("#lock_date", "32.01.2026")
    page.fill("#revenue_services", "200001")
    page.click("#einstellungen-speichern")
    assert "zwischen 200000 und 299999" in _error_at(page, "next_customer_number")
    assert "32.01.2026" in _error_at(page, "lock_date")
    assert "Personenkonto" in _error_at(page, "revenue_services")
    assert "es wurde nichts gespeichert" in page.inner_text("#fehlerliste")
    screenshot(page, "debitoren-fehler")
    assert not (pages.state.parent / "export" / "syncsystem-interfaces.json").exists()
    page.fill("#next_customer_number", "200100")
    page.fill("#lock_date", "31.01.2026")
    page.fill("#revenue_services", "4000")
    page.click("#einstellungen-speichern")
    assert page.inner_text("[role=status]") == "Einstellungen gespeichert."
    assert page.input_value("#next_customer_number") == "200100"
    assert page.input_value("#lock_date") == "31.01.2026"
    screenshot(page, "debitoren-admin")
    page.context.close()


def test_debitoren_as_benutzer(pages: Any, screenshot: Any) -> None:
    """A Benutzer sees the settings read-only but closes booking files."""
    page = pages.page_as("bernd")
    _open(page, "Debitoren-Schnittstelle")
    assert page.locator("#next_customer_number").is_disabled()
    assert page.locator("#einstellungen-speichern").count() == 0
    assert page.locator("#kundennummer-abgleichen").count() == 0
    assert "nur Administratoren" in page.inner_text("#nur-lesen")
    page.get_by_role("button", name="Buchungsdateien abschließen").click()
    assert "nichts abzuschließen" in page.inner_text("[role=status]")
    screenshot(page, "debitoren-benutzer")
    page.context.close()


def _transactions(folder: Path) -> None:
    # Two room nights on 02.03. (110,00 and 220,00 gross, 10 % VAT = 10,00 and 20,00) and one in April.
    items = [
        {
            "id": "T1",
            "date": "2026-03-02",
            "debit": "ACME",
            "credit": "ROOMS",
            "gross": "110.00",
            "vat": "10",
            "tax": "10.00",
            "reservation": "RES-1",
            "mandant": "1001",
        },
        {
            "id": "T2",
            "date": "2026-03-02",
            "debit": "ACME",
            "credit": "ROOMS",
            "gross": "220.00",
            "vat": "10",
            "tax": "20.00",
            "reservation": "RES-2",
            "mandant": "1001",
        },
        {
            "id": "T3",
            "date": "2026-04-01",
            "debit": "ACME",
            "credit": "ROOMS",
            "gross": "55.00",
            "vat": "10",
            "tax": "5.00",
            "reservation": "RES-3",
            "mandant": "1001",
        },
    ]
    (folder / "hotel.json").write_text(json.dumps(items), encoding="utf-8")


def test_bmd_konfiguration_as_administrator(pages: Any, screenshot: Any, tmp_path: Path) -> None:
    """Mapping refused at its fields, then saved; March exported: 2 single lines, 1 aggregated of 330,00."""
    _transactions(tmp_path / "tx")
    page = pages.page_as("anna")
    _open(page, "BMD-Konfiguration")
    page.fill("#source", "ROOMS")
    page.fill("#konto", "40x0")
    page.click("#konto-speichern")
    assert "keine ganze Zahl" in _error_at(page, "konto")
    assert not (tmp_path / "bmd.json").exists()
    screenshot(page, "bmd-fehler")
    for source, konto, kind in (("ROOMS", "4010", "revenue"), ("ACME", "200100", "company")):
        page.fill("#source", source)
        page.fill("#konto", konto)
        page.select_option("#type", kind)
        page.click("#konto-speichern")
        assert page.inner_text("[role=status]") == "Zuordnung gespeichert."
    page.fill("#symbol_revenue", "A R")
    page.click("#felder-speichern")
    assert "ein oder zwei Buchstaben" in _error_at(page, "symbol_revenue")
    page.fill("#symbol_revenue", "")
    page.select_option("#belegnr", "reservation")
    page.click("#felder-speichern")
    assert page.inner_text("[role=status]") == "Buchungssymbole und BMD-Felder gespeichert."
    page.select_option("#period", "month")
    page.fill("#month", "2026-03")
    page.click("#exportieren")
    row = page.locator("#verlauf tbody tr").first
    assert row.locator(".zeitraum").inner_text() == "01.03.2026–31.03.2026"
    assert row.locator(".erstellt").inner_text() == "02.03.2026 08:00"  # the office's clock
    assert row.locator(".transaktionen").inner_text() == "2"
    href = row.locator("a[data-datei='Buchungen_verdichtet.csv']").get_attribute("href")
    answer = page.request.get(pages.url + str(href))
    assert answer.status == 200
    (tmp_path / "v.csv").write_bytes(answer.body())
    aggregated = bmd.read(tmp_path / "v.csv", bmd.Kind.BOOKINGS).records
    assert [
        (b.konto, b.gkonto, str(b.betrag), str(b.steuer), b.belegnr)
        for b in aggregated
        if isinstance(b, Booking)
    ] == [(200100, 4010, "330.00", "-30.00", "Apaleo-20260302")]
    screenshot(page, "bmd-admin")
    page.context.close()


def test_bmd_konfiguration_as_benutzer(pages: Any, screenshot: Any, tmp_path: Path) -> None:
    """A Benutzer cannot change the mapping but exports; a period ending before it starts is named."""
    (tmp_path / "bmd.json").write_text(
        json.dumps(
            {
                "accounts": {
                    "ROOMS": {"konto": 4010, "type": "revenue"},
                    "ACME": {"konto": 200100, "type": "company"},
                }
            }
        ),
        encoding="utf-8",
    )
    _transactions(tmp_path / "tx")
    page = pages.page_as("bernd")
    _open(page, "BMD-Konfiguration")
    assert page.locator("#konto-form").count() == 0
    assert page.locator("#felder-speichern").count() == 0
    page.select_option("#period", "custom")
    page.fill("#start", "2026-03-10")
    page.fill("#end", "2026-03-01")
    page.click("#exportieren")
    assert "endet (01.03.2026) vor seinem Beginn (10.03.2026)" in _error_at(page, "start")
    assert page.locator("#kein-verlauf").is_visible()
    page.select_option("#period", "day")
    page.fill("#day", "2026-04-01")
    page.click("#exportieren")
    assert page.locator("#verlauf .transaktionen").all_inner_texts() == ["1"]
    screenshot(page, "bmd-benutzer")
    page.context.close()


@pytest.mark.parametrize("name", ["anna", "bernd"])
def test_zahlungsabgleich_per_role(pages: Any, screenshot: Any, tmp_path: Path, name: str) -> None:
    """Both roles upload; a file with a misspelt column is refused naming file, line and column."""
    bad = tmp_path / "Auszifferungsliste.csv"
    bad.write_bytes(
        b"Kto-Nr;Rng-Nr;Ausz-Betrg;Ausz-Datum;Zahlungs-BelegNr;Text\r\n200000;R-1;1,00;10.03.2026;B;\r\n"
    )
    page = pages.page_as(name)
    _open(page, "Zahlungsabgleich")
    page.click("#hochladen")
    assert "mindestens eine Datei" in _error_at(page, "dateien")
    page.set_input_files("#dateien", str(bad))
    page.click("#hochladen")
    problems = page.locator("#probleme li").all_inner_texts()
    assert any(p.startswith("Auszifferungsliste.csv:1:") and "Ausz-Betrg" in p for p in problems), problems
    page.fill("#konto", "12ab")
    page.click("#filtern")
    assert "keine Kontonummer" in _error_at(page, "konto")
    screenshot(page, f"zahlungsabgleich-{name}")
    page.context.close()


def _outbox(agent_dir: Path) -> None:
    with Outbox(agent_dir / OUTBOX_NAME) as outbox:
        outbox.add_job(
            job_id="n-1",
            kind="nightly",
            request_id=None,
            mandanten=["1001"],
            mode="incremental",
            request_cursors={},
            bundle_id="b-1",
            created_at=T0,
        )
        job = next(j for j in outbox.open_jobs() if j.job_id == "n-1")
        outbox.seal_job(
            job, b"x" * 700, cursor_from={"1001": None}, cursor_to={"1001": 42}, raw_bytes=2048, created_at=T0
        )
        outbox.record_run(
            {
                "job": "n-1",
                "kind": "nightly",
                "status": "sealed",
                "mandanten": ["1001"],
                "rows": 42,
                "bytes_raw": 2048,
                "bytes_sealed": 700,
                "duration_seconds": 3.25,
                "bmd_seconds": 2.0,
                "bundle_id": "b-1",
                "error": "",
            },
            T0,
        )


def test_agent_as_administrator(pages: Any, screenshot: Any) -> None:
    """Outbox and last sync as stored; the service starts and stops; the doctor names the dead port."""
    _outbox(pages.agent_dir)
    page = pages.page_as("anna")
    _open(page, "Agent")
    assert page.inner_text("#dienst-status") == "gestoppt"
    assert page.locator("#postausgang .zustand").all_inner_texts() == ["wartet auf Bestätigung"]
    run = page.locator("#laeufe tbody tr").first
    assert (
        run.locator(".zeilen").inner_text(),
        run.locator(".bytes").inner_text(),
        run.locator(".dauer").inner_text(),
    ) == ("42", "2.048 / 700", "3,2 s")
    page.click("#starten")
    try:
        assert page.inner_text("[role=status]") == "Dienst gestartet."
        assert page.inner_text("#dienst-status") == "läuft"
        page.click("#pruefen")
        rows = {r.locator(".name").inner_text(): r for r in page.locator("#pruefungen tbody tr").all()}
        assert rows["Dienst läuft"].locator(".ergebnis").inner_text() == "ok"
        port = rows["Ausgehender Port erreichbar"]
        assert port.locator(".ergebnis").inner_text() == "FEHLER"
        assert "Port 9" in port.locator(".hinweis-behebung").inner_text()
        screenshot(page, "agent-admin")
    finally:
        page.goto(pages.url + "/agent")
        if page.locator("#beenden").count():
            page.click("#beenden")
    assert page.inner_text("[role=status]") == "Dienst beendet."
    assert page.inner_text("#dienst-status") == "gestoppt"
    assert "resident timer started" in page.inner_text("#protokoll")
    page.context.close()


def test_agent_as_benutzer(pages: Any, screenshot: Any) -> None:
    """A Benutzer sees status and runs the checks, but has no start button."""
    page = pages.page_as("bernd")
    _open(page, "Agent")
    assert page.locator("#starten").count() == 0
    assert "nur Administratoren" in page.inner_text("#nur-admin")
    assert page.locator("#keine-laeufe").is_visible()
    page.click("#pruefen")
    assert page.locator("#pruefungen tbody tr").count() >= 3
    screenshot(page, "agent-benutzer")
    page.context.close()
