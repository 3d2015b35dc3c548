"""The certification bundle's living documentation opened in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from tools.certify.model import join, load_cucumber, load_junit, parse_features
from tools.certify.report import Meta, build_report, render_site

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[2] / "unit" / "certify" / "data"


def test_overview_links_each_promise_to_a_scenario_page_with_steps_and_results(
    browser: Browser, tmp_path: Path
) -> None:
    """The overview lists the four promises; a promise's link opens its scenario with steps and results."""
    junit = load_junit(DATA / "junit.xml")
    features = join(parse_features(DATA / "features"), load_cucumber(DATA / "cucumber.json"), junit)
    meta = Meta("0.1.0", "abc123", "2026-03-02T08:00:00+00:00")
    report = build_report(meta, features, junit, suite_exit=1, benchmarks=[], soak=None, screenshots=[])
    render_site(report, tmp_path)
    page = browser.new_page(locale="de-AT")
    try:
        page.goto((tmp_path / "index.html").as_uri())
        assert page.inner_text("h1") == "Zertifizierung syncsystem 0.1.0"
        assert page.inner_text("#gesamt") == "Gesamtergebnis: fehlgeschlagen"
        rows = page.locator("#zusagen tbody tr")
        assert rows.count() == 4
        assert rows.nth(3).locator("td").nth(1).inner_text() == "bestanden"  # Zahlungsabgleich
        assert rows.nth(2).locator("td").nth(2).inner_text() == "kein Szenario gefunden"  # Größenordnung
        assert page.inner_text("#dauerlauf") == "nicht vorhanden"

        rows.nth(0).locator("a", has_text="Nach einem Ausfall länger warten").click()
        assert page.url.endswith("abfrage-abfrage.html#z15")
        scenario = page.locator("section#z15")
        assert scenario.locator("h2").inner_text() == "Szenario: Nach einem Ausfall länger warten"
        steps = scenario.locator("tr.step")
        assert steps.count() == 4
        assert [steps.nth(i).locator(".ergebnis").inner_text() for i in range(4)] == [
            "bestanden",
            "bestanden",
            "fehlgeschlagen",
            "nicht ausgeführt",
        ]
        assert steps.nth(2).inner_text().startswith("Dann wachsen die Abstände")
        assert "AssertionError: 60 > 30" in scenario.inner_text()

        first = page.locator("section#z8")
        assert first.locator(".dauer").inner_text() == "2,00 s"
        assert first.locator("table.daten tr").nth(1).inner_text().split() == ["02.03.2026", "48"]
    finally:
        page.close()
