"""The advisor decides what is synced: Mandanten the datacenter does not know are refused, and the
Mandanten ticked for the nightly sync reach the agent with its next poll (the host's list is the
fallback)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from syncsystem.datacenter.store import tenancy

from .conftest import admin_page  # type: ignore[import-not-found]
from .test_datacenter_agent_queue import _worker  # type: ignore[import-not-found]

pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def _requests(world: Any) -> int:
    with world.store.read() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM sync_requests")).scalar_one())


def test_unknown_mandanten_are_refused_on_the_page_and_the_api(world) -> None:  # type: ignore[no-untyped-def]
    """ "abc" and "9999" — numbers BMD never sent — are refused with a German reason; nothing waits."""
    world.know(world.a, "M100")
    with admin_page(world) as page:
        answer = page.post("/sync", data={"mandant": ["M100", "abc", "9999"], "mode": "incremental"})
    assert answer.status_code == 422
    assert "Diese Mandanten kennt das Rechenzentrum nicht: abc, 9999. Bekannt sind: M100." in answer.text
    api = world.client.post("/api/v1/advisor/requests", json={"mandanten": ["9999"]}, headers=world.a.advisor)
    assert api.status_code == 422 and "9999" in api.json()["error"]
    assert _requests(world) == 0


def test_enrolment_reports_the_host_s_mandanten(world) -> None:  # type: ignore[no-untyped-def]
    """An agent enrolling with its host's list makes those Mandanten requestable at once."""
    with world.store.write() as conn:
        code = tenancy.create_enrolment_code(conn, "kanzlei-b", world.clock.now())
    body = {"code": code, "name": "zweiter Server", "mandanten": ["1001", "1002"]}
    assert world.client.post("/api/v1/enrol", json=body).status_code == 200
    made = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["1002"]}, headers=world.b.advisor
    )
    assert made.status_code == 201


def test_the_nightly_choice_reaches_the_agent_with_its_next_poll(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nothing ticked: no choice in the poll, the agent keeps its host list (M100). The advisor ticks
    M200 and M300: the next poll carries them and the agent's nightly job uses them."""
    world.know(world.a, "M100", "M200", "M300")
    worker = _worker(world, tmp_path)
    try:
        assert "nightly" not in world.client.get("/api/v1/poll", headers=world.a.agent).json()
        assert worker.nightly_mandanten() == ("M100",)
        with admin_page(world) as page:
            saved = page.post("/einstellungen/nacht", data={"nacht": ["M200", "M300"]})
            assert "Auswahl für die nächtliche Synchronisierung gespeichert" in saved.text
            refused = page.post("/einstellungen/nacht", data={"nacht": ["9999"]})
            assert refused.status_code == 422 and "9999" in refused.text
        assert world.client.get("/api/v1/poll", headers=world.a.agent).json()["nightly"] == ["M200", "M300"]
        for _ in range(4):  # tick at each wake-up until the agent has polled (at most 30 minutes)
            result = worker.tick()
            if result.polled:
                break
            world.clock.advance(max(result.wake_at - world.clock.now(), timedelta(seconds=1)))
        assert result.polled
        assert worker.nightly_mandanten() == ("M200", "M300")
        with world.store.read() as conn:
            query = "SELECT mandant FROM mandanten WHERE nightly = 1 ORDER BY mandant"
            ticked = conn.execute(sa.text(query)).all()
        assert [r.mandant for r in ticked] == ["M200", "M300"]
        stored = json.loads(worker.outbox.get_meta("nightly") or "[]")
        assert stored == ["M200", "M300"]
    finally:
        worker.close()


def test_the_agent_s_last_doctor_result_is_shown_to_the_administrator(world) -> None:  # type: ignore[no-untyped-def]
    """The agent reports two checks, one failed with a hint: Einstellungen shows both and the hint;
    a Lesend user cannot open the page; a malformed report is a 400 and changes nothing."""
    report = {
        "checks": [
            {"check": "Dienst läuft", "ok": True, "detail": "PID 4711", "hint": ""},
            {
                "check": "Gleicher Rechner wie beim letzten erfolgreichen Lauf",
                "ok": False,
                "detail": "vorher alter-server, jetzt bmd-neu",
                "hint": "Neuer Server? Dann den Agenten hier neu anmelden",
            },
        ]
    }
    sent = world.client.post("/api/v1/agent/doctor", json=report, headers=world.a.agent)
    assert sent.status_code == 200 and sent.json()["checks"] == 2
    bad = world.client.post(
        "/api/v1/agent/doctor", json={"checks": [{"check": "x", "ok": "ja"}]}, headers=world.a.agent
    )
    assert bad.status_code == 400
    with admin_page(world) as page:
        html = page.get("/einstellungen").text
    assert "1 Fehler" in html and "vorher alter-server, jetzt bmd-neu" in html
    assert "→ Neuer Server? Dann den Agenten hier neu anmelden" in html and "PID 4711" in html


def test_last_updated_shows_top_right_on_every_page(world) -> None:  # type: ignore[no-untyped-def]
    """budget123: "Zuletzt aktualisiert" on every page of the office, not only the overview.
    09:15 UTC on 2 March 2026 is 10:15 in Vienna (MEZ, UTC+1)."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from syncsystem.datacenter.auth import Principal  # noqa: PLC0415
    from syncsystem.datacenter.store.scoped import OfficeScope  # noqa: PLC0415

    world.know(world.a, "M100")
    with world.store.write() as conn:
        scope = OfficeScope(conn, Principal("agent", world.a.agent_id, world.a.office_id))
        assert scope.record_ingest("M100", 1, last_updated=datetime(2026, 3, 2, 9, 15, tzinfo=UTC))
    with admin_page(world) as page:
        for path in ("/", "/benutzer", "/einstellungen", "/konto"):
            shown = page.get(path)
            assert shown.status_code == 200, path
            assert 'id="zuletzt-aktualisiert">Zuletzt aktualisiert: 02.03.2026 10:15<' in shown.text, path
