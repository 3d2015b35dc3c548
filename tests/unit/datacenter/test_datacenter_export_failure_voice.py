"""An export that failed, in the advisor's live log: a newer agent sends the failure as codes beside
its English words, and this datacenter reads the Mandant and the kind (licence, locked, password,
clock) from the codes' values and words the rest in German from them; an older agent's words alone
still give what they gave (the pattern). On SQLite and PostgreSQL.

Expected texts written out by hand from de.po: ``live.failed`` "Fehlgeschlagen: {reason}",
``live.fail.licence`` / ``live.fail.locked`` with their next steps, ``live.fail.other`` "{text}.
Nächster Schritt: …", ``agent.export.exit`` "Export von Mandant {mandant} fehlgeschlagen (Exit-Code
{exit}, {kind}): {output}".
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

LICENCE = (
    "Fehlgeschlagen: BMD-Lizenz abgelaufen (Mandant M100). Nächster Schritt: Lizenz in der "
    "BMD-Lizenzverwaltung verlängern (BMD-Betreuer), dann erneut aktualisieren."
)
LOCKED = (
    "Fehlgeschlagen: Buchhaltungsdatei gesperrt (Mandant M100) – jemand arbeitet gerade darin. "
    "Nächster Schritt: die Sperre in BMD aufheben lassen; der Agent versucht es von selbst wieder."
)
NEXT = ". Nächster Schritt: syncsystem agent doctor am Kanzlei-Server ausführen und erneut anfordern."


def _agent_fails(world: Any, tmp_path: Path, code: int, said: str) -> None:
    """The real worker, speaking German, runs an export command that exits ``code`` saying ``said``."""
    script = f"import sys; print({said!r}, file=sys.stderr); sys.exit({code})"
    export = ExportSettings(command=(sys.executable, "-c", script))
    worker = agent_worker(world, tmp_path, export, CommandExporter(export.command))
    with messages.speaking("de"):
        for _ in range(4):  # tick at each wake-up until the agent has polled and run the job
            result = worker.tick()
            if result.jobs:
                assert result.jobs[0].status == "failed"
                return
            world.clock.advance(max(result.wake_at - world.clock.now(), timedelta(seconds=1)))
    raise AssertionError("the agent did not run the job")


def _shown(world: Any, request_id: str) -> tuple[str, str]:
    """The stored words (what every API reader gets) and the live log's last line."""
    stored = world.client.get(f"/api/v1/advisor/requests/{request_id}", headers=world.a.advisor).json()
    view = world.client.get(f"/live/{request_id}").json()
    assert view["state"] == "failed"
    return stored["reason"], view["lines"][-1]["text"]


def test_a_newer_agents_dialog_failure_is_worded_in_german_from_its_codes(world: Any, tmp_path: Path) -> None:
    """Exit 7 (BMD waits at a message box): no next step of its own, so the failure itself in German."""
    request_id = ask_for_m100(world)
    _agent_fails(world, tmp_path, 7, "Meldung: Bitte Datensicherung durchführen")
    words, line = _shown(world, request_id)
    assert (
        words == "export of Mandant M100 failed (exit 7, dialog): Meldung: Bitte Datensicherung durchführen"
    )
    assert line == (
        "Fehlgeschlagen: Export von Mandant M100 fehlgeschlagen (Exit-Code 7, dialog): "
        "Meldung: Bitte Datensicherung durchführen" + NEXT
    )


def test_a_newer_agents_licence_failure_gets_its_next_step(world: Any, tmp_path: Path) -> None:
    request_id = ask_for_m100(world)
    _agent_fails(world, tmp_path, 3, "Lizenz abgelaufen am 31.12.")
    words, line = _shown(world, request_id)
    assert words == "export of Mandant M100 failed (exit 3, licence): Lizenz abgelaufen am 31.12."
    assert line == LICENCE


def _exit_detail(kind: str) -> dict[str, Any]:
    output = "Datenbank gesperrt"
    values = {"mandant": "M100", "exit": 4, "kind": kind, "output": output}
    return {"code": "agent.export.exit", "values": values}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the codes' values decide, whatever the words say (here: words no pattern reads)
        ({"reason": "BMD-Export abgebrochen", "detail": _exit_detail("locked")}, LOCKED),
        (
            {
                "reason": "export of Mandant M100 failed (exit 3, licence): x",
                "detail": _exit_detail("locked"),
            },
            LOCKED,
        ),
        # an older agent: the words alone, read by the pattern as before
        ({"reason": "export of Mandant M100 failed (exit 3, licence): Lizenz abgelaufen"}, LICENCE),
        ({"reason": "export of Mandant M100 failed (locked): database locked by MAYER"}, LOCKED),
        (
            {"reason": "export of Mandant M100 failed (exit 9, crash): boom"},
            "Fehlgeschlagen: export of Mandant M100 failed (exit 9, crash): boom" + NEXT,
        ),
        # a detail of another code: the pattern still reads the words
        (
            {
                "reason": "export of Mandant M100 failed (exit 3, licence): x",
                "detail": {"code": "agent.export.no_result", "values": {"mandant": "M100"}},
            },
            LICENCE,
        ),
    ],
)
def test_mandant_and_kind_come_from_the_codes_else_from_the_words(
    world: Any, body: dict[str, Any], expected: str
) -> None:
    request_id = ask_for_m100(world)
    world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
    answer = world.client.post(f"/api/v1/requests/{request_id}/fail", json=body, headers=world.a.agent)
    assert answer.status_code == 200
    assert world.client.get(f"/live/{request_id}").json()["lines"][-1]["text"] == expected


@pytest.mark.parametrize(
    ("reason", "detail", "german"),
    [
        (
            "export of job request-r1 failed: [Errno 28] No space left on device",
            {
                "code": "agent.job.failed",
                "values": {"job": "request-r1", "error": "[Errno 28] No space left"},
            },
            "Export des Auftrags request-r1 fehlgeschlagen: [Errno 28] No space left",
        ),
        (
            "export of job request-r1 failed: KeyError: 'Konto'",
            {
                "code": "agent.job.unexpected",
                "values": {"job": "request-r1", "error_type": "KeyError", "error": "'Konto'"},
            },
            "Export des Auftrags request-r1 unerwartet fehlgeschlagen: KeyError: 'Konto'",
        ),
        (
            "bundle refused: HTTP 422: kaputt",
            {"code": "agent.bundle.refused", "values": {"reason": "HTTP 422: kaputt"}},
            "Paket vom Rechenzentrum abgewiesen: HTTP 422: kaputt",
        ),
    ],
    ids=["disk", "unforeseen", "bundle"],
)
def test_a_jobs_other_failures_are_worded_in_german_from_their_codes(
    world: Any, reason: str, detail: dict[str, Any], german: str
) -> None:
    """What no export code says (the disk, the unforeseen, a refused bundle); without the codes, the
    words as sent."""
    for body, expected in (({"reason": reason, "detail": detail}, german), ({"reason": reason}, reason)):
        request_id = ask_for_m100(world)
        world.client.post(f"/api/v1/requests/{request_id}/pickup", headers=world.a.agent)
        answer = world.client.post(f"/api/v1/requests/{request_id}/fail", json=body, headers=world.a.agent)
        assert answer.status_code == 200
        line = world.client.get(f"/live/{request_id}").json()["lines"][-1]["text"]
        assert line == f"Fehlgeschlagen: {expected}{NEXT}"
