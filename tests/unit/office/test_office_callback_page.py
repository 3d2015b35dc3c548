"""Debitoren page: the callback write-back set up by an Administrator, refused at its field when it
is no https address, and queued write-backs sent again by a Benutzer — against a real HTTPS server
on loopback (trustme CA). Expected words are the German sentences of the issue."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path
from typing import Any

from tests.callback_server import callback_server

from syncsystem.interfaces.callback import CALLBACK_FILE


def _debtors(tmp_path: Path) -> Path:
    path = tmp_path / "debtors.json"
    path.write_text(
        json.dumps([{"id": "V-17", "nachname": "Hotel Alpenblick GmbH", "land": "AT"}]), encoding="utf-8"
    )
    return path


def test_callback_set_on_the_page_refused_then_sent_again(
    office_world: Any, tmp_path: Path, cli: Any
) -> None:
    folder = office_world.state / "export"
    folder.mkdir(parents=True)
    admin = office_world.client()
    csrf = office_world.login(admin, "anna")
    bad = admin.post("/debitoren/rueckmeldung", data={"csrf": csrf, "callback_url": "http://vorsystem/k"})
    assert bad.status_code == 400
    start = bad.text.index('id="callback_url-fehler"')
    assert "http://vorsystem/k: keine https-Adresse eines Rechners" in bad.text[start : start + 300]
    assert not (folder / CALLBACK_FILE).exists()
    with callback_server(tmp_path) as server:
        good = {"csrf": csrf, "callback_url": server.url, "callback_ca_file": str(server.ca_file)}
        assert admin.post("/debitoren/rueckmeldung", data=good).status_code == 303
        server.answers.append((422, "Adresse V-17 ist gesperrt"))
        created = cli("interfaces", "debtors", "create", "--dir", folder, "--input", _debtors(tmp_path))
        assert created.exit_code == 2
        bernd = office_world.client()
        token = office_world.login(bernd, "bernd")
        assert "Offene Rückmeldungen: 1" in bernd.get("/debitoren").text
        server.answers.append((409, "noch gesperrt"))
        refused = bernd.post("/debitoren/rueckmeldung-senden", data={"csrf": token})
        assert refused.status_code == 400
        start = refused.text.index('id="rueckmeldung-fehler"')
        shown = unescape(refused.text[start : start + 400])
        assert "hat die Kundennummern abgelehnt: HTTP 409 Conflict – noch gesperrt" in shown
        sent = bernd.post("/debitoren/rueckmeldung-senden", data={"csrf": token})
        assert sent.status_code == 303
        page = bernd.get(sent.headers["location"]).text
        assert "Alle offenen Rückmeldungen wurden vom Vorsystem angenommen." in page
        assert "Offene Rückmeldungen: 0" in page
        keys = {headers["Idempotency-Key"] for headers, _ in server.received}
        assert len(server.received) == 3 and len(keys) == 1
