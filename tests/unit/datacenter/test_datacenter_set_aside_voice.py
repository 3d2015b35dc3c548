"""A bundle the agent set aside, where the advisor looks (the Mandant's last error): worded in German
from the refusal's codes a newer agent sends beside its words (``detail``), whatever language the
agent spoke; an older agent's words (no ``detail``), and a code this datacenter does not know, are
shown as sent. On SQLite and PostgreSQL.

Expected wording written out by hand from de.po: ``refusal.set_aside`` "Bündel {bundle_id} vom
Agenten zurückgestellt: {reason}", ``refusal.bundle`` "Bündel {bundle_id} abgewiesen: {cause}",
``ingest.invalid_data`` "ungültige BMD-Daten", ``bmd.cell.not_number`` "keine Zahl: {cell!r}",
``refusal.more`` "… und {count} weitere".
"""

from __future__ import annotations

from typing import Any

import pytest

ENGLISH = (
    "PUT /api/v1/bundles/b1: HTTP 422: Bundle b1 refused: invalid BMD data: M100/buchungen.csv:2:Betrag: …"
)
PROBLEM = {
    "file": "M100/buchungen.csv",
    "line": 2,
    "field": "Betrag",
    "code": "bmd.cell.not_number",
    "values": {"cell": "12x,00"},
}
REFUSAL = {
    "code": "refusal.bundle",
    "values": {"bundle_id": "b1", "cause": {"code": "ingest.invalid_data", "values": {}}},
    "problems": [PROBLEM],
    "more": 4,
}


def _report(world: Any, body: object) -> tuple[int, str | None]:
    """The agent reports bundle b1 of M100 set aside with ``body``: the answer's status and the
    Mandant's last error as the advisor's API shows it."""
    world.know(world.a, "M100")
    answer = world.client.post("/api/v1/bundles/b1/refused", json=body, headers=world.a.agent)
    rows = world.client.get("/api/v1/advisor/mandanten", headers=world.a.advisor).json()["mandanten"]
    return answer.status_code, {r["mandant"]: r for r in rows}["M100"]["last_error"]


def test_a_newer_agents_refusal_codes_are_worded_in_german(world: Any) -> None:
    """The agent's words were English; the advisor reads the refusal, its problem and the count of
    those left out in German."""
    status, shown = _report(world, {"reason": ENGLISH, "mandanten": ["M100"], "detail": REFUSAL})
    assert status == 200
    assert shown == (
        "Bündel b1 vom Agenten zurückgestellt: Bündel b1 abgewiesen: ungültige BMD-Daten:"
        " M100/buchungen.csv:2:Betrag: keine Zahl: '12x,00' … und 4 weitere"
    )


def test_the_agents_own_codes_are_worded_in_german(world: Any) -> None:
    """A bundle the datacenter failed on (HTTP 500 again and again): the agent's message as codes."""
    detail = {
        "code": "agent.bundle.server_failed",
        "values": {
            "failures": 3,
            "error": {
                "code": "agent.remote.http",
                "values": {
                    "method": "PUT",
                    "path": "/b1",
                    "status": 500,
                    "error": "internal error: KeyError",
                },
            },
        },
    }
    words = "the datacenter failed 3 times on this bundle: PUT /b1: HTTP 500: internal error: KeyError"
    status, shown = _report(world, {"reason": words, "mandanten": ["M100"], "detail": detail})
    assert status == 200
    assert shown == (
        "Bündel b1 vom Agenten zurückgestellt: das Rechenzentrum ist 3-mal an diesem Bündel gescheitert:"
        " PUT /b1: das Rechenzentrum antwortet HTTP 500: internal error: KeyError"
    )


def test_an_older_agents_words_are_shown_as_sent(world: Any) -> None:
    status, shown = _report(world, {"reason": ENGLISH, "mandanten": ["M100"]})
    assert status == 200
    assert shown == f"Bündel b1 vom Agenten zurückgestellt: {ENGLISH}"


@pytest.mark.parametrize(
    "detail",
    [
        {"code": "refusal.from_a_newer_datacenter", "values": {"bundle_id": "b1"}},
        {**REFUSAL, "problems": [{**PROBLEM, "code": "bmd.cell.from_a_newer_datacenter"}]},
        {"code": "refusal.bundle", "values": {"bundle_id": "b1"}},  # a value this version misses
    ],
    ids=["code", "problem-code", "values"],
)
def test_codes_this_datacenter_cannot_word_show_the_words(world: Any, detail: dict[str, Any]) -> None:
    status, shown = _report(world, {"reason": ENGLISH, "mandanten": ["M100"], "detail": detail})
    assert status == 200
    assert shown == f"Bündel b1 vom Agenten zurückgestellt: {ENGLISH}"


@pytest.mark.parametrize(
    ("detail", "field"),
    [
        ({**REFUSAL, "problems": "M100/buchungen.csv"}, "refused.detail.problems"),
        ({**REFUSAL, "problems": [PROBLEM] * 21}, "refused.detail.problems"),
        ({**REFUSAL, "problems": [{**PROBLEM, "line": "2"}]}, "refused.detail.problems[].line"),
        ({**REFUSAL, "problems": [{**PROBLEM, "file": "a\x00b"}]}, "refused.detail.problems[].file"),
        ({**REFUSAL, "more": -1}, "refused.detail.more"),
        ({"values": {}}, "refused.detail.code"),
    ],
    ids=["not-a-list", "too-many", "line", "file", "more", "no-code"],
)
def test_a_detail_of_another_shape_is_refused_naming_the_field(
    world: Any, detail: object, field: str
) -> None:
    status, shown = _report(world, {"reason": ENGLISH, "mandanten": ["M100"], "detail": detail})
    assert status in (400, 422) and shown is None  # nothing stored
    answer = world.client.post(
        "/api/v1/bundles/b1/refused", json={"reason": ENGLISH, "detail": detail}, headers=world.a.agent
    )
    assert field in answer.json()["error"]
