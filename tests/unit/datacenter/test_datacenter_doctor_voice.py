"""The agent's last doctor checks on the office's Einstellungen page: worded in German from the codes
a newer agent sends beside its words (``DoctorCheck.codes``), whatever language the agent spoke; an
older agent's words (no codes), and a code this datacenter does not know, are shown as sent. On
SQLite and PostgreSQL.

Expected texts written out by hand from de.po: ``agent.doctor.service`` "Dienst läuft",
``agent.resident.no_pid`` "keine resident.pid: der Dienst wurde nie gestartet",
``agent.doctor.service_hint`` "Dienst starten: syncsystem agent start --profile {profile}",
``agent.doctor.licence`` "BMD-Lizenz gültig", ``agent.doctor.licence_hint``
"BMD-Lizenzverwaltung: Lizenz verlängern (BMD-Betreuer)".
"""

from __future__ import annotations

import html
from typing import Any

import pytest

SERVICE = {
    "check": "Service running",
    "ok": False,
    "detail": "no resident.pid: the service was never started",
    "hint": "start the service: syncsystem agent start --profile kanzlei",
    "codes": {
        "check": {"code": "agent.doctor.service", "values": {}},
        "detail": {"code": "agent.resident.no_pid", "values": {}},
        "hint": {"code": "agent.doctor.service_hint", "values": {"profile": "kanzlei"}},
    },
}
LICENCE = {
    "check": "BMD licence valid",
    "ok": False,
    "detail": "BMD: Lizenz abgelaufen",  # BMD's own words: no code
    "hint": "BMD licence management: renew the licence (BMD support)",
    "codes": {
        "check": {"code": "agent.doctor.licence", "values": {}},
        "hint": {"code": "agent.doctor.licence_hint", "values": {}},
    },
}


def _page(world: Any, checks: list[dict[str, Any]]) -> tuple[int, str]:
    """The agent reports ``checks``; the answer's status and the Einstellungen page's agent list."""
    answer = world.client.post("/api/v1/agent/doctor", json={"checks": checks}, headers=world.a.agent)
    world.client.cookies.clear()
    world.client.post("/login", data={"token": world.a.advisor_token}, follow_redirects=False)
    page = world.client.get("/einstellungen")
    assert page.status_code == 200
    start = page.text.index('id="agenten"')
    return answer.status_code, html.unescape(page.text[start : page.text.index("</ul>", start)])


def test_a_newer_agents_codes_are_worded_in_german(world: Any) -> None:
    """The agent spoke English; each part with codes reads German, BMD's own words stay as sent."""
    status, shown = _page(world, [SERVICE, LICENCE])
    assert status == 200
    for german in (
        "<td>Dienst läuft</td><td>keine resident.pid: der Dienst wurde nie gestartet",
        "→ Dienst starten: syncsystem agent start --profile kanzlei",
        "<td>BMD-Lizenz gültig</td><td>BMD: Lizenz abgelaufen",
        "→ BMD-Lizenzverwaltung: Lizenz verlängern (BMD-Betreuer)",
    ):
        assert german in shown
    assert "Service running" not in shown and "renew" not in shown


def test_an_older_agents_words_are_shown_as_sent(world: Any) -> None:
    older = {k: v for k, v in SERVICE.items() if k != "codes"}
    status, shown = _page(world, [older])
    assert status == 200
    assert "<td>Service running</td><td>no resident.pid: the service was never started" in shown


def test_a_code_this_datacenter_does_not_know_shows_the_words(world: Any) -> None:
    newer = {**SERVICE, "codes": {**SERVICE["codes"], "check": {"code": "agent.doctor.from_a_newer_agent"}}}
    status, shown = _page(world, [newer])
    assert status == 200
    assert "<td>Service running</td><td>keine resident.pid: der Dienst wurde nie gestartet" in shown


@pytest.mark.parametrize(
    ("codes", "field"),
    [
        ("agent.doctor.service", "doctor.checks[0].codes"),
        ({"check": {"values": {}}}, "doctor.checks[0].codes.check.code"),
        (
            {"hint": {"code": "agent.doctor.service_hint", "values": {"profile": 1.5}}},
            "codes.hint.values.profile",
        ),
    ],
    ids=["not-an-object", "no-code", "value"],
)
def test_codes_of_another_shape_are_refused_naming_the_field(world: Any, codes: object, field: str) -> None:
    answer = world.client.post(
        "/api/v1/agent/doctor", json={"checks": [{**SERVICE, "codes": codes}]}, headers=world.a.agent
    )
    assert answer.status_code in (400, 422) and field in answer.json()["error"]
