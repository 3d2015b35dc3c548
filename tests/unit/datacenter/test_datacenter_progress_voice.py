"""An export that failed and will be tried again, as a step of the advisor's live log: a newer agent
reports the failure as codes beside its English words (``ProgressEvent.detail``, kept in the event's
JSON data) and the log words it in German from them; an older agent's words, and a code this
datacenter does not know, are shown as sent. On SQLite and PostgreSQL.

Expected texts written out by hand from de.po: ``live.export_failed`` "Export Mandant {mandant}
gescheitert: {reason}", ``live.fail.other`` "{text}. Nächster Schritt: …", ``live.fail.licence``,
``agent.export.exit`` "Export von Mandant {mandant} fehlgeschlagen (Exit-Code {exit}, {kind}):
{output}", ``agent.export.timeout`` "Export von Mandant {mandant} dauerte länger als {seconds} s".
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from syncsystem import messages
from syncsystem.agent.config import ExportSettings
from syncsystem.agent.exporter import CommandExporter

from .live_request import ask_for_m100  # type: ignore[import-not-found]
from .test_datacenter_agent_queue import agent_worker  # type: ignore[import-not-found]

NEXT = ". Nächster Schritt: syncsystem agent doctor am Kanzlei-Server ausführen und erneut anfordern."
TOOK = "export of Mandant M100 took longer than 3600 s"
TIMEOUT = {"code": "agent.export.timeout", "values": {"mandant": "M100", "seconds": "3600"}}


def _picked_up(world: Any) -> str:
    """Asked for, and picked up by the agent; the request's id."""
    request_id = ask_for_m100(world)
    world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
    return request_id


def _step(world: Any, request_id: str, event: dict[str, Any]) -> tuple[int, str]:
    """The agent reports ``event``: the answer's status and the live log's export_failed line."""
    body = {"events": [{"kind": "export_failed", "mandant": "M100", **event}]}
    answer = world.client.post(f"/api/v1/requests/{request_id}/progress", json=body, headers=world.a.agent)
    lines = [line["text"] for line in world.client.get(f"/live/{request_id}").json()["lines"]]
    failed = [text for text in lines if text.startswith("Export Mandant M100 gescheitert")]
    return answer.status_code, failed[-1] if failed else ""


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            {"reason": TOOK, "detail": TIMEOUT},
            "Export Mandant M100 gescheitert: Export von Mandant M100 dauerte länger als 3600 s" + NEXT,
        ),
        (
            {  # the kind from the values, although the words give none
                "reason": "BMD says no",
                "detail": {
                    "code": "agent.export.bmd_failed",
                    "values": {"mandant": "M100", "kind": "licence", "error": "Lizenz abgelaufen"},
                },
            },
            "Export Mandant M100 gescheitert: BMD-Lizenz abgelaufen (Mandant M100). Nächster Schritt: Lizenz"
            " in der BMD-Lizenzverwaltung verlängern (BMD-Betreuer), dann erneut aktualisieren.",
        ),
        ({"reason": TOOK}, f"Export Mandant M100 gescheitert: {TOOK}{NEXT}"),
        (
            {"reason": TOOK, "detail": {"code": "agent.export.from_a_newer_agent", "values": {}}},
            f"Export Mandant M100 gescheitert: {TOOK}{NEXT}",
        ),
    ],
    ids=["codes", "kind-from-values", "older-agent", "unknown-code"],
)
def test_a_failed_export_step_is_worded_from_its_codes_else_its_words(
    world: Any, event: dict[str, Any], expected: str
) -> None:
    status, line = _step(world, _picked_up(world), event)
    assert status == 200 and line == expected


def test_a_step_with_codes_of_another_shape_is_refused_naming_the_field(world: Any) -> None:
    request_id = _picked_up(world)
    bad = {"code": "agent.export.timeout", "values": {"mandant": 1.5}}
    answer = world.client.post(
        f"/api/v1/requests/{request_id}/progress",
        json={"events": [{"kind": "export_failed", "mandant": "M100", "reason": TOOK, "detail": bad}]},
        headers=world.a.agent,
    )
    assert answer.status_code in (400, 422)
    assert "progress event.detail.values.mandant" in answer.json()["error"]
    assert _step(world, request_id, {"reason": TOOK})[1].endswith(NEXT)  # nothing half-stored before


def test_the_real_agent_reports_a_failed_attempt_in_codes(world: Any, tmp_path: Path) -> None:
    """The worker (speaking German) runs an export that exits 9 — tried again later —; the advisor
    reads the attempt's failure in German from its codes (its words were English)."""
    request_id = ask_for_m100(world)
    script = "import sys; print('Sicherung läuft', file=sys.stderr); sys.exit(9)"
    export = ExportSettings(command=(sys.executable, "-c", script))
    worker = agent_worker(world, tmp_path, export, CommandExporter(export.command))
    try:
        with messages.speaking("de"):
            for _ in range(4):  # tick at each wake-up until the agent has polled and tried the job
                result = worker.tick()
                if result.jobs:
                    break
                world.clock.advance(max(result.wake_at - world.clock.now(), timedelta(seconds=1)))
    finally:
        worker.close()
    assert result.jobs and result.jobs[0].status != "failed"  # tried again later
    view = world.client.get(f"/live/{request_id}").json()
    assert view["state"] == "picked_up"
    assert view["lines"][-1]["text"] == (
        "Export Mandant M100 gescheitert: Export von Mandant M100 fehlgeschlagen (Exit-Code 9, other):"
        " Sicherung läuft" + NEXT
    )
