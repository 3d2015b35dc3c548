"""`syncsystem demo` runs a small week in process and as the installed console script."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.runtime import Runtime


@pytest.fixture(scope="module")
def small_week(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One in-process run (3 Mandanten, Mon–Wed) shared by the JSON assertions; state kept for checks."""
    state = tmp_path_factory.mktemp("demo-state")
    out, err = io.StringIO(), io.StringIO()
    runtime = Runtime(
        clock=SimulatedClock(datetime(2026, 3, 4, 9, 0, tzinfo=DEFAULT_TZ)),
        environ={},
        stdout=out,
        stderr=err,
        cwd=state.parent,
        rng=random.Random(1),
    )
    code = run(["demo", "--mandanten", "3", "--days", "3", "--json", "--state", str(state)], runtime)
    return {"code": code, "summary": json.loads(out.getvalue()), "stderr": err.getvalue(), "state": state}


def test_every_bundle_arrives_exactly_once(small_week: dict[str, Any]) -> None:
    """Exit 0, every claim holds, and each sealed bundle was ingested exactly once."""
    summary = small_week["summary"]
    assert small_week["code"] == 0, [c for c in summary["claims"] if not c["ok"]]
    assert summary["ok"] and all(c["ok"] for c in summary["claims"])
    assert summary["bundles"] and all(
        b["ingested"] == 1 and b["state"] == "acked" for b in summary["bundles"]
    )
    assert summary["bytes_on_wire"] > 0


def test_nightly_syncs_only_on_working_days(small_week: dict[str, Any]) -> None:
    """Mon–Wed of 2026-03-02 (the default --start is the Monday of the clock's week): three nights."""
    summary = small_week["summary"]
    assert summary["week"]["from"].startswith("2026-03-02")
    assert summary["nightly"] == ["2026-03-02", "2026-03-03", "2026-03-04"]


def test_outage_is_survived(small_week: dict[str, Any]) -> None:
    """Polls fail during the outage, a bundle waits in the outbox and arrives later, once."""
    outage = small_week["summary"]["outage"]
    assert outage["failed_polls"] > 0 and outage["bundles_waited"]
    waited = {b["bundle_id"]: b for b in small_week["summary"]["bundles"]}
    assert all(
        waited[b]["failed_attempts"] > 0 and waited[b]["ingested"] == 1 for b in outage["bundles_waited"]
    )


def test_advisor_sees_every_mandant(small_week: dict[str, Any]) -> None:
    """The advisor's view lists each Mandant with a last update, rows and bookings stored."""
    rows = small_week["summary"]["mandanten"]
    assert [m["mandant"] for m in rows] == ["1001", "1002", "1003"]
    assert all(m["last_updated"] and m["bookings_in_datacenter"] > 0 for m in rows)
    assert small_week["summary"]["request"]["state"] == "ingested"


def test_state_folder_must_be_empty(cli: Any, tmp_path: Path) -> None:
    """A used --state folder is refused with exit 2 rather than mixed with a new week."""
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    result = cli("demo", "--state", str(tmp_path / "used"), "--days", "1")
    assert result.exit_code == 2 and "der Ordner ist nicht leer" in result.stderr


def test_text_timeline_tells_the_story(cli: Any) -> None:
    """The German timeline shows polls, the request, nightly sync, outage, recovery and the verdict."""
    result = cli("demo", "--mandanten", "2", "--days", "2")
    assert result.exit_code == 0, result.stdout[-2000:]
    text = result.stdout
    for phrase in (
        "Abfragen im 30-Minuten-Takt",
        "fordert im Rechenzentrum Daten an",
        "vom Agenten abgeholt",
        "Nächtliche Synchronisierung",
        "Rechenzentrum nicht erreichbar",
        "wartet im Postausgang",
        "Rechenzentrum wieder erreichbar",
        "angenommen und eingespielt",
        "Alles angekommen, genau einmal",
        "Stand beim Rechenzentrum",
    ):
        assert phrase in text, phrase
    assert text.count("Abfragen im 30-Minuten-Takt") < 20  # folded, not one line per poll


def test_console_script_runs(tmp_path: Path) -> None:
    """The installed ``syncsystem demo --mandanten 3 --days 2`` exits 0 and leaves no temp state."""
    exe = shutil.which("syncsystem") or str(Path(sys.executable).with_name("syncsystem"))
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run(
        [exe, "demo", "--mandanten", "3", "--days", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Alles angekommen, genau einmal" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_counts_in_the_timeline_are_grouped_as_in_austria(small_week: dict[str, Any]) -> None:
    """The first request's export has thousands of rows: ``3.056 Zeilen`` as on the advisor's live log,
    not ``3056``; every count of four digits or more in the timeline carries the point."""
    texts = [e["text"] for e in small_week["summary"]["timeline"]]
    texts += [c["detail"] for c in small_week["summary"]["claims"]]
    sealed = next(t for t in texts if t.startswith("BMD-Export für Anforderung"))
    rows = sealed.split(" Zeilen")[0].rsplit(" ", 1)[1]
    assert int(rows.replace(".", "")) >= 1000 and "." in rows
    assert not [t for t in texts if re.search(r"\b\d{4,} (Zeilen|im Rechenzentrum|in BMD)", t)]
