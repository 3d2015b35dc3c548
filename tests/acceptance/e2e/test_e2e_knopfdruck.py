"""Step definitions for "Aktualisierung auf Knopfdruck" over the `E2E` driver: the advisor's
browser session (login cookie, the page's once-a-minute heartbeat, the button, the live log's
JSON) against the real datacenter over TLS, the real agent worker on a simulated clock and the
BMD emulator. Expected counts come from BMD (the emulator's own export), never from the datacenter.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pytest_bdd import given, parsers, scenarios, then, when

from ..gherkin_values import step
from .conftest import E2E

scenarios("knopfdruck")


class Browser:
    """What the advisor's browser does: one logged-in session on the page."""

    def __init__(self, world: E2E) -> None:
        self.world, self.advisor = world, world.advisor
        self.advisor.page()  # logs in: the session cookie is kept in the advisor's requests session
        self.request_id = ""
        self.clicked_at: datetime | None = None

    def get(self, path: str) -> Any:
        return self.advisor.session.get(self.advisor.base_url + path, verify=self.advisor.verify, timeout=30)

    def click_update(self, mandant: str) -> None:
        answer = self.advisor.click_update(mandant)
        assert answer.status_code == 303, answer.text
        self.request_id = parse_qs(urlsplit(answer.headers["location"]).query)["anforderung"][0]
        self.clicked_at = self.world.clock.now()

    def live_log(self) -> dict[str, Any]:
        answer = self.get(f"/live/{self.request_id}")
        assert answer.status_code == 200, answer.text
        return dict(answer.json())


def _bmd_rows(world: E2E, mandant: str, kind: str | None = None) -> int:
    """Rows (of one kind, or of all files) BMD exports for ``mandant`` now — the emulator's own export."""
    with TemporaryDirectory() as tmp:
        result = world.office.export(Path(tmp), mandanten=[mandant])
    return sum(f.rows for m in result.mandanten for f in m.files if kind is None or f.kind.value == kind)


@given(
    step(
        "ein Rechenzentrum mit verschlüsselter Verbindung, eine BMD mit {count:Anzahl} Mandanten "
        "und ein angemeldeter Agent"
    ),
    target_fixture="world",
)
def _world(e2e_factory: Any, count: int) -> E2E:
    world: E2E = e2e_factory(count)
    return world


@given("die Steuerberaterin hat die Mandantenübersicht seit 30 Minuten offen", target_fixture="browser")
def _page_open(world: E2E) -> Browser:
    browser = Browser(world)
    for _ in range(30):  # the open page's heartbeat, once a minute; the agent polls on its own cadence
        assert browser.get("/live").status_code == 200
        world.run_for(1)
    return browser


@given("die BMD-Lizenz ist abgelaufen")
def _licence(world: E2E) -> None:
    world.office.control.inject("licence")


@when(step("sie bei Mandant {mandant:Mandant} „Jetzt aktualisieren“ klickt"))
def _click(browser: Browser, mandant: str) -> None:
    browser.click_update(mandant)


@when(step("der Agent {seconds:Anzahl} Sekunden läuft"))
def _run_seconds(world: E2E, seconds: int) -> None:
    assert world.runner is not None
    world.runner.run_until(world.clock.now() + timedelta(seconds=seconds))


@then(step("hat der Agent die Anforderung innerhalb von {seconds:Anzahl} Sekunden abgeholt"))
def _fast(world: E2E, browser: Browser, seconds: int) -> None:
    state = world.advisor.sync_request(browser.request_id)
    assert state["picked_up_at"] is not None
    waited = datetime.fromisoformat(state["picked_up_at"]) - datetime.fromisoformat(state["created_at"])
    assert waited <= timedelta(seconds=seconds), waited


@then(parsers.parse("das Live-Protokoll zeigt der Reihe nach: {steps}"))
def _steps(browser: Browser, steps: str) -> None:
    kinds = {
        "erstellt": "created",
        "abgeholt": "picked_up",
        "Export gestartet": "export_started",
        "Export fertig": "export_finished",
        "hochgeladen": "uploaded",
        "eingespielt": "ingested",
    }
    wanted = [kinds[s.strip()] for s in steps.split(",")]
    view = browser.live_log()
    assert [line["kind"] for line in view["lines"]] == wanted
    assert view["done"] and view["state_de"] == "eingespielt"


@then(step("der Export von {mandant:Mandant} meldet so viele Zeilen, wie BMD für {same:Mandant} exportiert"))
def _rows(world: E2E, browser: Browser, mandant: str, same: str) -> None:
    finished = [line for line in browser.live_log()["lines"] if line["kind"] == "export_finished"]
    rows = _bmd_rows(world, same)
    assert rows > 0
    said = f"Export Mandant {mandant} fertig: {rows:,} Zeilen".replace(",", ".")
    assert finished[0]["text"].startswith(said)


@then(
    step(
        "die Statuszeile nennt so viele Transaktionen, wie BMD für {mandant:Mandant} Buchungszeilen hat, "
        "und die Dauer bis zum Einspielen"
    )
)
def _summary(world: E2E, browser: Browser, mandant: str) -> None:
    bookings = _bmd_rows(world, mandant, "bookings")
    state = world.advisor.sync_request(browser.request_id)
    took = datetime.fromisoformat(state["finished_at"]) - datetime.fromisoformat(state["created_at"])
    seconds = round(took.total_seconds())
    assert 0 < bookings < _bmd_rows(world, mandant)  # speed is measured in benchmarks/update_now.py
    view = browser.live_log()
    assert view["transactions"] == bookings
    assert view["summary"] == f"{bookings:,} Transaktionen geholt in {seconds} s".replace(",", ".")


@then(step("in der Übersicht steht bei {mandant:Mandant} „eingespielt“ mit der Zeit des Einspielens"))
def _overview(world: E2E, browser: Browser, mandant: str) -> None:
    page = browser.get("/").text
    row = page.split(f'data-mandant="{mandant}"', 1)[1].split("</tr>", 1)[0]
    finished = datetime.fromisoformat(world.advisor.sync_request(browser.request_id)["finished_at"])
    assert "eingespielt" in row and f"{finished.astimezone(world.clock.tz):%d.%m.%Y %H:%M}" in row
    assert f"Zuletzt aktualisiert: {finished.astimezone(world.clock.tz):%d.%m.%Y %H:%M}" in page


@then(parsers.parse("endet das Live-Protokoll mit „{text}“"))
def _ends_with(browser: Browser, text: str) -> None:
    view = browser.live_log()
    assert view["done"] and view["state"] == "failed"
    assert view["lines"][-1]["text"] == text


@given(step("die Buchhaltungsdatei von Mandant {mandant:Mandant} ist beim nächsten Export gesperrt"))
def _locked(world: E2E, mandant: str) -> None:
    world.office.control.inject("locked", mandant=mandant, times=1, user="MAYER")


@then(parsers.parse("steht im Live-Protokoll „{text}“"))
def _has_line(browser: Browser, text: str) -> None:
    assert text in [line["text"] for line in browser.live_log()["lines"]]


@then("die Anforderung endet „eingespielt“")
def _ends_ingested(browser: Browser) -> None:
    view = browser.live_log()
    assert view["done"] and view["state_de"] == "eingespielt", view
