"""The Agent page's "Letzte Synchronisierungen" words each stored run state in German from the
catalogue (``agent.wording.run_states`` in the page's language), though the process speaks English
(the test session's language), and shows a state no catalogue names as stored.

Expected words written out by hand from de.po: ``agent.cli.run_sealed`` "versiegelt",
``agent.cli.run_retry`` "wird wiederholt", ``agent.cli.run_failed`` "fehlgeschlagen".
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from tests.fake_agent import saved_local_profile

from syncsystem.agent.outbox import Outbox
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.office.pages._places import save_places

# one row of the runs table: its class (a failed run's is "nicht-ok") and its result cell
_RUN = re.compile(r'<tr class="([^"]*)"><td>[^<]*</td><td>[^<]*</td><td class="ergebnis">([^<]*)</td>')


def _agent_profile(world: Any, tmp_path: Path) -> Path:
    """An enrolled agent profile (agent.toml, no service running) set as the office's Agent folder."""
    agent = tmp_path / "agent" / "kanzlei"
    agent.mkdir(parents=True)
    saved_local_profile(agent)
    places = {name: str(tmp_path) for name in ("export_path", "transactions_dir", "exports_dir")}
    save_places(
        world.office,
        {
            **places,
            "agent_dir": str(agent),
            "bmd_config": str(tmp_path / "bmd.json"),
            "clearing_db": f"sqlite:///{tmp_path / 'clearing.sqlite'}",
        },
    )
    return agent


def test_the_agent_page_words_every_run_state_in_german(office_world: Any, tmp_path: Path) -> None:
    """Runs sealed, to be retried, failed and of a state no catalogue knows read, newest first,
    "versiegelt", "wird wiederholt", "fehlgeschlagen" and the stored word."""
    agent = _agent_profile(office_world, tmp_path)
    start = office_world.clock.now()
    with Outbox(agent / OUTBOX_NAME) as outbox:
        for n, status in enumerate(("sealed", "retry", "failed", "verschollen")):
            summary = {"job": f"n-{n}", "kind": "nightly", "status": status, "mandanten": ["1001"]}
            outbox.record_run(summary, start + timedelta(minutes=n))
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/agent")
    assert page.status_code == 200
    runs = page.text.split('<table id="laeufe">')[1].split("</table>")[0]
    assert [(row, html.unescape(said)) for row, said in _RUN.findall(runs)] == [
        ("", "verschollen"),
        ("nicht-ok", "fehlgeschlagen"),
        ("", "wird wiederholt"),
        ("", "versiegelt"),
    ]


def test_the_next_poll_reads_in_local_time_the_german_way(office_world: Any, tmp_path: Path) -> None:
    """The agent stores its next poll in UTC (04:45 UTC); Vienna in March is UTC+1, so the page
    says "07.03.2026 05:45", not the stored ISO text."""
    agent = _agent_profile(office_world, tmp_path)
    with Outbox(agent / OUTBOX_NAME) as outbox:
        outbox.set_meta("schedule", '{"next_poll_at": "2026-03-07T04:45:32+00:00", "poll_failures": 0}')
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/agent").text
    assert '<tr><th>Nächste Abfrage</th><td colspan="2">07.03.2026 05:45</td></tr>' in page
    assert "2026-03-07T" not in page


def test_rows_and_bytes_of_a_run_group_thousands_with_a_dot(office_world: Any, tmp_path: Path) -> None:
    """3503 rows, 337589 raw and 61788 sealed bytes read "3.503" and "337.589 / 61.788"."""
    agent = _agent_profile(office_world, tmp_path)
    summary = {
        "job": "anf-1",
        "kind": "request",
        "status": "sealed",
        "mandanten": ["1001"],
        "rows": 3503,
        "bytes_raw": 337589,
        "bytes_sealed": 61788,
        "duration_seconds": 187.6,
        "bmd_seconds": 187.6,
    }
    with Outbox(agent / OUTBOX_NAME) as outbox:
        outbox.record_run(summary, office_world.clock.now())
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/agent").text
    assert '<td class="zeilen">3.503</td><td class="bytes">337.589 / 61.788</td>' in page
