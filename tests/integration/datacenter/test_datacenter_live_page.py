"""The live log in a real headless Chromium: "Jetzt aktualisieren" in a Mandant's row, then the
log grows while the agent works — without a page reload — and ends with the transactions and the
duration. The agent's side is played over the API; expected figures are hand-counted from
`standard_files()` (3 booking lines among 7 rows) and from the simulated clock (3 s + 39 s)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.integration.datacenter.browsing import signed_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)
def test_live_log_grows_without_reload(world, live, browser, screenshot) -> None:  # type: ignore[no-untyped-def]
    first = world.client.put(
        "/api/v1/bundles/b-1", content=world.bundle(world.a, "b-1"), headers=world.a.agent
    )
    assert first.status_code == 200
    with signed_in(browser, live.url, world.a.advisor_token) as page:
        assert page.inner_text("#zuletzt-aktualisiert") == "Zuletzt aktualisiert: 02.03.2026 08:00"
        page.click("#mandanten tr[data-mandant=M100] button.jetzt")
        page.wait_for_selector("#live-log li")
        assert page.inner_text("#live-log li:first-child").endswith(
            "Anforderung erstellt: M100 (nur Änderungen)"
        )
        page.evaluate("window.keinNeuladen = true")  # lost if the page were loaded again

        answer = world.client.get("/api/v1/poll", headers=world.a.agent).json()
        assert answer["fast_poll_seconds"] == 5  # the open page keeps the agent close
        request_id = answer["requests"][0]["request_id"]
        world.clock.advance(timedelta(seconds=3))
        assert (
            world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent).status_code
            == 200
        )
        steps = [
            {"kind": "export_started", "mandant": "M100"},
            {"kind": "export_finished", "mandant": "M100", "rows": 7, "seconds": 1.5},
        ]
        world.client.post(
            f"/api/v1/requests/{request_id}/progress", json={"events": steps}, headers=world.a.agent
        )
        page.wait_for_function("document.getElementById('live-log').children.length >= 4")
        screenshot(page, "live-protokoll-laeuft")

        world.clock.advance(timedelta(seconds=39))
        data = world.bundle(world.a, "b-2", cursor_from=10, cursor_to=20)
        up = world.client.put(
            "/api/v1/bundles/b-2", content=data, headers={**world.a.agent, "X-Sync-Request": request_id}
        )
        assert up.status_code == 200, up.text
        page.wait_for_function("document.getElementById('live-status').textContent.length > 0")
        assert page.inner_text("#live-status") == "3 Transaktionen geholt in 42 s"
        lines = page.locator("#live-log li").all_inner_texts()
        assert [line.split("\t")[-1].split("\n")[-1] for line in lines] == [
            "Anforderung erstellt: M100 (nur Änderungen)",
            "Vom Agenten abgeholt",
            "Export Mandant M100 gestartet",
            "Export Mandant M100 fertig: 7 Zeilen, BMD-Zeit 2 s",
            f"Hochgeladen: {len(data)} B verschlüsselt",
            "Eingespielt: 7 Zeilen gespeichert",
        ]
        assert page.inner_text("#live-zustand") == "eingespielt"
        listed = page.locator(f"#anforderungen tr[data-request={request_id}]")
        assert listed.locator(".status").inner_text() == "eingespielt"
        assert listed.locator("td.zeit").nth(1).inner_text() == "02.03.2026 08:00"
        row = page.locator("#mandanten tr[data-mandant=M100]")
        assert row.locator(".zustand .badge").inner_text() == "eingespielt"
        assert row.locator(".zuletzt").inner_text() == "02.03.2026 08:00"  # 08:00:42 shown to the minute
        assert page.evaluate("window.keinNeuladen") is True
        screenshot(page, "live-protokoll-eingespielt")
