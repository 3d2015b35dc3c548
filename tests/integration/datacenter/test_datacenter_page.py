"""The advisor page in a real headless Chromium: login, overview, sync request, manual upload."""

from __future__ import annotations

import pytest

from .conftest import unit  # type: ignore[import-not-found]

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_advisor_works_the_page(world, live, browser, tmp_path, screenshot) -> None:  # type: ignore[no-untyped-def]
    """An advisor logs in, sees figures, requests a sync, uploads files and sees a refusal explained."""
    ok = world.client.put("/api/v1/bundles/b-1", content=world.bundle(world.a, "b-1"), headers=world.a.agent)
    assert ok.status_code == 200
    # Chromium has no per-context CA option; the trustme certificate is accepted by ignoring errors
    # (the TLS handshake itself still happens — the other TLS tests verify the chain).
    context = browser.new_context(ignore_https_errors=True, locale="de-AT")
    page = context.new_page()
    try:
        page.goto(live.url + "/")
        page.fill("#token", "falsch")
        page.click("button[type=submit]")
        assert "Anmeldung fehlgeschlagen" in page.inner_text("body")
        page.fill("#token", world.a.advisor_token)
        page.click("button[type=submit]")
        # The header names the office by its display name, not its id, and the advisor.
        assert page.inner_text("h1") == "Kanzlei-A"
        assert page.inner_text("#berater") == "Mag. Huber"
        assert page.locator("button", has_text="Abmelden").is_visible()
        row = page.locator("#mandanten tr[data-mandant=M100]")
        assert row.locator(".zustand").inner_text().strip() == "eingespielt"
        assert row.locator(".zeilen").inner_text() == "7"
        assert row.locator(".dauer").inner_text() == "2 s"
        assert row.locator(".zuletzt").inner_text() == "02.03.2026 08:00"
        screenshot(page, "uebersicht")

        page.check("#m-M100")
        page.select_option("#mode", "full")
        page.click("#sync-button")
        assert "Aktualisierung für Mandant M100 angefordert" in page.inner_text("[role=status]")
        assert page.locator("#anforderungen .status").first.inner_text() == "wartet"
        waiting = world.client.get("/api/v1/poll", headers=world.a.agent).json()["requests"][0]
        assert waiting["mode"] == "full"
        picked = world.client.post(f"/api/v1/requests/{waiting['request_id']}/pickup", headers=world.a.agent)
        assert picked.status_code == 200
        page.reload()
        assert page.locator("#anforderungen .status").first.inner_text() == "abgeholt"
        assert row.locator(".zustand").inner_text().strip() == "abgeholt"

        files = unit.standard_files()
        for name, (_, data) in files.items():
            (tmp_path / name).write_bytes(data)
        page.fill("#upload-mandant", "M300")
        page.set_input_files("#upload-files", [str(tmp_path / n) for n in files])
        page.click("#upload-button")
        assert "Import für Mandant M300 abgeschlossen: 7 Zeilen" in page.inner_text("[role=status]")
        assert page.locator("#mandanten tr[data-mandant=M300] .zeilen").inner_text() == "7"

        bad = tmp_path / "kaputt.csv"
        bad.write_bytes(files["buchungen.csv"][1].replace(b"120,00", b"zwoelf", 1))
        page.fill("#upload-mandant", "M400")
        page.set_input_files("#upload-files", [str(bad)])
        page.click("#upload-button")
        alert = page.inner_text("[role=alert]")
        assert "Import für Mandant M400 abgewiesen – es wurde nichts gespeichert" in alert
        # Each problem as file:Zeile:Feld with a German message.
        problems = page.locator("#problems tbody tr")
        assert problems.count() == 1
        assert problems.locator(".ort").inner_text() == "M400/kaputt.csv:2:betrag"
        assert problems.locator("td").nth(1).inner_text() == "keine Zahl: 'zwoelf'"
        assert page.input_value("#upload-mandant") == "M400"  # kept for the corrected retry
        screenshot(page, "import-abgewiesen")
    finally:
        context.close()
    assert world.count("bookings", world.a) == 6  # M100 and M300; nothing of the refused M400
