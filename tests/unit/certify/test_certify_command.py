"""`python -m tools.certify --no-suite` on a finished run: writes the bundle, exits 1 unless all passed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tools.certify.__main__ import main

DATA = Path(__file__).with_name("data")


def test_bundle_from_a_failed_run_exits_one_and_shows_the_soak_summary(tmp_path: Path) -> None:
    """The project's features with the fixture's results: files written, promises open, exit 1."""
    shutil.copy(DATA / "junit.xml", tmp_path / "junit.xml")
    shutil.copy(DATA / "cucumber.json", tmp_path / "cucumber.json")
    (tmp_path / "soak.json").write_text(json.dumps({"stunden": 8, "blockiert": 0}))
    assert main(["--out", str(tmp_path), "--no-suite", "--benchmarks", "none"]) == 1
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["version"] and summary["commit"] and summary["date"]
    assert summary["soak"] == {"stunden": 8, "blockiert": 0}
    assert [p["key"] for p in summary["promises"]] == [
        "abfrage",
        "naechtliches_fenster",
        "groessenordnung",
        "zahlungsabgleich",
    ]
    assert all(p["scenarios"] for p in summary["promises"])  # every promise has scenarios in features/
    assert summary["result"] == "failed"
    assert (tmp_path / "SUMMARY.md").read_text().startswith("# Zertifizierung syncsystem")
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "abfrage-abfrage.html").exists()
