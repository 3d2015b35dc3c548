""" "Jetzt aktualisieren": fast polls while an advisor watches, the agent's progress reports, the live
log in German (steps, transactions, duration, failures with the next step) and `datacenter status`.

Expected figures are hand-counted from `standard_files()`: 3 booking lines (transactions) of 7 rows
in all (3 bookings, 1 person account, 1 ledger account, 1 cost centre, 1 open item).
"""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from syncsystem.datacenter.live import failure

TRANSACTIONS, ROWS = 3, 7


def _login(world, office) -> None:  # type: ignore[no-untyped-def]
    world.client.cookies.clear()
    r = world.client.post("/login", data={"token": office.advisor_token}, follow_redirects=False)
    assert r.status_code == 303


def _update_now(world, mandant: str) -> str:  # type: ignore[no-untyped-def]
    """Click "Jetzt aktualisieren" in one Mandant's row; the request id from the redirect."""
    r = world.client.post("/sync", data={"jetzt": mandant}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return parse_qs(urlsplit(r.headers["location"]).query)["anforderung"][0]


def _poll(world, office) -> dict:  # type: ignore[no-untyped-def,type-arg]
    r = world.client.get("/api/v1/poll", headers=office.agent)
    assert r.status_code == 200
    return r.json()  # type: ignore[no-any-return]


def test_poll_is_fast_only_while_an_advisor_watches_or_a_request_waits(world) -> None:  # type: ignore[no-untyped-def]
    """Quiet office: the regular cadence. Page open: every 5 s. 15 min after the last look: every
    2 min (so the next opening is noticed soon), 4 h after it: the regular cadence again."""
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    assert "fast_poll_seconds" not in _poll(world, world.a)
    _login(world, world.a)
    assert world.client.get("/").status_code == 200
    assert _poll(world, world.a)["fast_poll_seconds"] == 5
    assert "fast_poll_seconds" not in _poll(world, world.b)  # another office's advisor did not look
    world.clock.advance(timedelta(minutes=15, seconds=1))
    assert _poll(world, world.a)["fast_poll_seconds"] == 120
    world.clock.advance(timedelta(hours=3, minutes=45))
    assert "fast_poll_seconds" not in _poll(world, world.a)
    r = world.client.post("/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=world.a.advisor)
    assert r.status_code == 201
    assert _poll(world, world.a)["fast_poll_seconds"] == 5  # a waiting request alone is enough


def test_live_log_tells_every_step_then_transactions_and_duration(world) -> None:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    _login(world, world.a)
    request_id = _update_now(world, "M100")
    page = world.client.get(f"/?notice=sync&mandanten=M100&anforderung={request_id}").text
    assert f'data-request="{request_id}"' in page and "Live-Protokoll" in page
    first = world.client.get(f"/live/{request_id}").json()
    assert first["state_de"] == "wartet" and not first["done"]
    assert first["lines"][0]["text"] == "Anforderung erstellt: M100 (nur Änderungen)"

    assert [w["request_id"] for w in _poll(world, world.a)["requests"]] == [request_id]
    world.clock.advance(timedelta(seconds=3))
    assert (
        world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent).status_code == 200
    )
    steps = [
        {"kind": "export_started", "mandant": "M100"},
        {"kind": "export_finished", "mandant": "M100", "rows": ROWS, "seconds": 1.5},
    ]
    r = world.client.post(
        f"/api/v1/requests/{request_id}/progress", json={"events": steps}, headers=world.a.agent
    )
    assert r.status_code == 200 and r.json()["recorded"] == 2
    data = world.bundle(world.a, "b-live")
    assert len(data) < 1024  # shown in bytes
    world.clock.advance(timedelta(seconds=39))
    up = world.client.put(
        "/api/v1/bundles/b-live", content=data, headers={**world.a.agent, "X-Sync-Request": request_id}
    )
    assert up.status_code == 200, up.text

    view = world.client.get(f"/live/{request_id}").json()
    texts = [line["text"] for line in view["lines"]]
    assert texts[1:] == [
        "Vom Agenten abgeholt",
        "Export Mandant M100 gestartet",
        "Export Mandant M100 fertig: 7 Zeilen, BMD-Zeit 2 s",
        f"Hochgeladen: {len(data)} B verschlüsselt",
        "Eingespielt: 7 Zeilen gespeichert",
    ]
    assert view["done"] and view["state_de"] == "eingespielt"
    assert view["transactions"] == TRANSACTIONS
    assert view["summary"] == "3 Transaktionen geholt in 42 s"  # 3 s until pickup + 39 s
    assert view["mandanten"]["M100"]["zeilen"] == "7"


def test_a_failure_is_worded_with_the_next_step(world) -> None:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    _login(world, world.a)
    request_id = _update_now(world, "M100")
    world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
    reason = "export of Mandant M100 failed (exit 3, licence): Lizenz abgelaufen am 31.12."
    r = world.client.post(
        f"/api/v1/requests/{request_id}/fail", json={"reason": reason}, headers=world.a.agent
    )
    assert r.status_code == 200
    view = world.client.get(f"/live/{request_id}").json()
    assert view["done"] and view["state"] == "failed"
    assert view["lines"][-1]["text"] == (
        "Fehlgeschlagen: BMD-Lizenz abgelaufen (Mandant M100). Nächster Schritt: Lizenz in der "
        "BMD-Lizenzverwaltung verlängern (BMD-Betreuer), dann erneut aktualisieren."
    )


@pytest.mark.parametrize(
    ("reason", "start"),
    [
        (
            "export of Mandant 1001 failed (locked): database locked by user MAYER",
            "Buchhaltungsdatei gesperrt",
        ),
        ("export of Mandant 1001 failed (exit 5, password): login refused", "BMD-Anmeldung abgelehnt"),
        ("export of Mandant 1001 failed (exit 9, crash): boom", "export of Mandant 1001 failed"),
    ],
)
def test_failure_words(reason: str, start: str) -> None:
    said = failure(reason)
    assert said.startswith(start) and "Nächster Schritt" in said


def test_waiting_for_an_agent_that_is_offline_says_since_when(world) -> None:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    _poll(world, world.a)  # seen at 02.03.2026 08:00 (the simulated clock's start)
    world.clock.advance(timedelta(hours=2))
    _login(world, world.a)
    request_id = _update_now(world, "M100")
    last = world.client.get(f"/live/{request_id}").json()["lines"][-1]
    assert last["kind"] == "problem"
    assert last["text"].startswith("Agent offline seit 02.03.2026 08:00. Nächster Schritt:")


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"events": [{"kind": "exploded"}]}, 400),
        ({"events": []}, 400),
        ({"events": [{"kind": "uploaded", "bytes": -1}]}, 400),
        ({"events": [{"kind": "uploaded", "bytes": 2**63}]}, 400),
        ({"events": [{"kind": "export_started", "mandant": "M\u0000"}]}, 400),
    ],
)
def test_progress_checks_values_at_the_boundary(world, body, status) -> None:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    made = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=world.a.advisor
    )
    request_id = made.json()["request_id"]
    r = world.client.post(f"/api/v1/requests/{request_id}/progress", json=body, headers=world.a.agent)
    assert r.status_code == status
    nan = world.client.post(
        f"/api/v1/requests/{request_id}/progress",
        headers={**world.a.agent, "Content-Type": "application/json"},
        content=b'{"events": [{"kind": "export_finished", "seconds": NaN}]}',
    )
    assert nan.status_code == 400


def test_progress_for_another_offices_request_is_not_found(world) -> None:  # type: ignore[no-untyped-def]
    world.know(world.a, "M100")  # requests name Mandanten the office's agent reported
    made = world.client.post(
        "/api/v1/advisor/requests", json={"mandanten": ["M100"]}, headers=world.a.advisor
    )
    request_id = made.json()["request_id"]
    body = {"events": [{"kind": "uploaded", "bytes": 1}]}
    r = world.client.post(f"/api/v1/requests/{request_id}/progress", json=body, headers=world.b.agent)
    assert r.status_code == 404
    assert world.client.post(f"/api/v1/requests/{request_id}/progress", json=body).status_code == 401
    world.client.cookies.clear()
    _login(world, world.b)
    assert world.client.get(f"/live/{request_id}").status_code == 404


def test_status_cli_shows_last_updated(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .conftest import standard_files  # type: ignore[import-not-found]  # noqa: PLC0415

    db = f"sqlite:///{tmp_path / 'dc.db'}"
    assert (
        cli("datacenter", "init", "--db", db, "--office", "kanzlei-x", "--office-name", "Kanzlei X").exit_code
        == 0
    )
    empty = cli("datacenter", "status", "--db", db, "--office", "kanzlei-x")
    assert empty.exit_code == 0 and "Zuletzt aktualisiert: noch nie" in empty.stdout
    assert empty.stdout.splitlines()[1] == "Noch keine Mandanten."
    english = cli("--lang", "en", "datacenter", "status", "--db", db, "--office", "kanzlei-x")
    assert english.stdout.splitlines() == ["Kanzlei X — Last updated: never", "No Mandanten yet."]
    for name, (_, data) in standard_files().items():
        (tmp_path / name).write_bytes(data)
    names = [str(tmp_path / n) for n in standard_files()]
    assert (
        cli("datacenter", "import", "--db", db, "--office", "kanzlei-x", "--mandant", "M1", *names).exit_code
        == 0
    )
    shown = cli("datacenter", "status", "--db", db, "--office", "kanzlei-x")
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("Kanzlei X — Zuletzt aktualisiert: ")
    assert lines[1].split() == ["Mandant", "Zuletzt", "aktualisiert", "Zeilen", "Dauer", "Status"]
    assert lines[2].split()[0] == "M1" and lines[2].split()[-1] == "eingespielt" and " 7 " in lines[2]
    in_english = cli("--lang", "en", "datacenter", "status", "--db", db, "--office", "kanzlei-x")
    english = in_english.stdout.splitlines()
    assert english[1].split() == ["Mandant", "Last", "updated", "Rows", "Duration", "State"]
    assert english[2].split()[0] == "M1" and english[2].split()[-1] == "ingested"
    payload = json.loads(cli("datacenter", "status", "--db", db, "--office", "kanzlei-x", "--json").stdout)
    assert payload["mandanten"][0]["rows_fetched"] == ROWS
    assert cli("datacenter", "status", "--db", db, "--office", "nirgends").exit_code == 2


def test_update_all_and_selection(world) -> None:  # type: ignore[no-untyped-def]
    """ "Alle aktualisieren" asks for every Mandant of the office; the selection for the ticked ones."""
    for bundle_id, mandant in (("b-1", "M100"), ("b-2", "M200")):
        r = world.client.put(
            f"/api/v1/bundles/{bundle_id}",
            content=world.bundle(world.a, bundle_id, mandant=mandant),
            headers=world.a.agent,
        )
        assert r.status_code == 200, r.text
    _login(world, world.a)
    everything = world.client.post("/sync", data={"alle": "1"}, follow_redirects=False)
    chosen = world.client.post("/sync", data={"mandant": ["M200"]}, follow_redirects=False)
    ids = [parse_qs(urlsplit(r.headers["location"]).query)["anforderung"][0] for r in (everything, chosen)]
    asked = [world.client.get(f"/api/v1/advisor/requests/{i}", headers=world.a.advisor).json() for i in ids]
    assert [a["mandanten"] for a in asked] == [["M100", "M200"], ["M200"]]
