"""The certification bundle's generator on a small hand-written run: features, cucumber JSON, JUnit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tools.certify.benchmarks import BenchResult, figure_lines
from tools.certify.model import (
    FAILED,
    NOT_RUN,
    PASSED,
    Feature,
    join,
    load_cucumber,
    load_junit,
    parse_features,
)
from tools.certify.report import Meta, build_report, render_site, summary_json, summary_markdown

DATA = Path(__file__).with_name("data")
META = Meta("0.1.0", "abc123", "2026-03-02T08:00:00+00:00")
RUN: dict[str, Any] = {"suite_exit": 1, "benchmarks": [], "soak": None, "screenshots": []}


@pytest.fixture
def features() -> list[Feature]:
    junit = load_junit(DATA / "junit.xml")
    return join(parse_features(DATA / "features"), load_cucumber(DATA / "cucumber.json"), junit)


def _scenario(features: list[Feature], name: str):  # type: ignore[no-untyped-def]
    return next(sc for f in features for sc in f.scenarios if sc.name == name)


def test_a_passed_scenario_has_its_steps_results_durations_and_table(features: list[Feature]) -> None:
    """Background and scenario steps carry the run's result and duration, and the step's table."""
    sc = _scenario(features, "Eine Woche lang alle 30 Minuten")
    assert sc.status == PASSED and sc.duration == pytest.approx(2.0)
    assert [(s.keyword, s.text, s.status) for s in sc.steps] == [
        ("Angenommen", "ein Agent mit 3 Mandanten", PASSED),
        ("Wenn", "7 Tage simuliert werden", PASSED),
        ("Dann", "fragt der Agent an diesen Tagen an:", PASSED),
    ]
    assert sc.steps[1].duration == pytest.approx(1.25)
    assert sc.steps[2].table == (("Tag", "Abfragen"), ("02.03.2026", "48"), ("03.03.2026", "48"))


def test_steps_after_a_failed_step_did_not_run(features: list[Feature]) -> None:
    """pytest-bdd reports unexecuted steps as passed; after the first failure they are 'not run'."""
    sc = _scenario(features, "Nach einem Ausfall länger warten")
    assert [s.status for s in sc.steps] == [PASSED, PASSED, FAILED, NOT_RUN]
    assert sc.status == FAILED and "60 > 30" in sc.error


def test_a_failure_outside_the_steps_fails_the_scenario(features: list[Feature]) -> None:
    """A JUnit error (e.g. in a fixture's teardown) fails a scenario whose steps all passed."""
    sc = _scenario(features, "Nachts zwischen 21 und 23 Uhr")
    assert all(s.status == PASSED for s in sc.steps)
    assert sc.status == FAILED
    assert sc.tags == ("@naechtliches_fenster",) and sc.steps[0].docstring == "21:00–23:00"


def test_a_written_scenario_that_did_not_run_is_not_passed(features: list[Feature]) -> None:
    """A scenario in a feature file without a run is 'not run', and so is its feature."""
    assert _scenario(features, "Nie ausgeführt").status == NOT_RUN
    assert next(f for f in features if f.folder == "sonstiges").status == FAILED


def test_promises_by_folder_and_tag(features: list[Feature]) -> None:
    """Each promise collects its folder's scenarios and tagged ones; it holds only if all passed."""
    report = build_report(META, features, load_junit(DATA / "junit.xml"), **RUN)
    by_key = {p.promise.key: p for p in report.promises}
    assert [s.name for _, s in by_key["abfrage"].proofs] == [
        "Eine Woche lang alle 30 Minuten",
        "Nach einem Ausfall länger warten",
    ]
    assert by_key["abfrage"].status == FAILED
    assert [s.name for _, s in by_key["naechtliches_fenster"].proofs] == ["Nachts zwischen 21 und 23 Uhr"]
    assert by_key["groessenordnung"].proofs == () and by_key["groessenordnung"].status == NOT_RUN
    assert by_key["zahlungsabgleich"].status == PASSED


def test_summary_counts_and_reasons(features: list[Feature]) -> None:
    """summary.json has version, commit, date, counts and a result per promise; failures are named."""
    junit = load_junit(DATA / "junit.xml")
    bench = [BenchResult("poll", "timeout", 600.0, ("ratio 0.31",), "")]
    data = summary_json(build_report(META, features, junit, **{**RUN, "benchmarks": bench}))
    assert (data["version"], data["commit"], data["date"]) == ("0.1.0", "abc123", "2026-03-02T08:00:00+00:00")
    assert data["tests"] == {"total": 5, "passed": 3, "failed": 1, "errors": 1, "skipped": 0, "exit_code": 1}
    assert data["scenarios"] == {"total": 5, PASSED: 2, FAILED: 2, NOT_RUN: 1}
    assert {p["key"]: p["result"] for p in data["promises"]} == {
        "abfrage": FAILED,
        "naechtliches_fenster": FAILED,
        "groessenordnung": NOT_RUN,
        "zahlungsabgleich": PASSED,
    }
    assert data["result"] == FAILED
    assert "Leistungsmessung poll: Zeitlimit" in data["problems"]
    assert data["soak"] is None


def test_an_all_green_run_is_certified(tmp_path: Path) -> None:
    """Only the zahlungsabgleich feature, all passed, a clean JUnit: the result is 'passed'."""
    (tmp_path / "zahlungsabgleich").mkdir()
    src = DATA / "features" / "zahlungsabgleich" / "zahlungsabgleich.feature"
    (tmp_path / "zahlungsabgleich" / "zahlungsabgleich.feature").write_text(src.read_text())
    junit = load_junit(DATA / "junit.xml").__class__(tests=1)
    features = join(parse_features(tmp_path), load_cucumber(DATA / "cucumber.json"), junit)
    report = build_report(META, features, junit, **{**RUN, "suite_exit": 0, "soak": {"result": "passed"}})
    # three promises have no scenario in this tree, so the build is still not certified …
    assert report.result == FAILED
    assert [p for p in report.problems if "Zusage" in p] == [
        "Zusage „Abfrage alle 30 Minuten“ nicht nachgewiesen",
        "Zusage „Nächtliches Fenster“ nicht nachgewiesen",
        "Zusage „Größenordnung“ nicht nachgewiesen",
    ]
    # … and with the promises' scenarios all passed, nothing else stands in the way.
    assert [p for p in report.problems if "Zusage" not in p] == []


def test_site_and_markdown_are_german_and_show_the_soak_summary(
    features: list[Feature], tmp_path: Path
) -> None:
    """The site has an overview and a page per feature; the soak summary shows or says 'nicht vorhanden'."""
    junit = load_junit(DATA / "junit.xml")
    report = build_report(META, features, junit, **RUN)
    render_site(report, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.html")) == [
        "abfrage-abfrage.html",
        "index.html",
        "sonstiges-sonstiges.html",
        "zahlungsabgleich-zahlungsabgleich.html",
    ]
    index = (tmp_path / "index.html").read_text()
    assert "Die vier Zusagen" in index and "nicht vorhanden" in index
    assert 'href="abfrage-abfrage.html#z15"' in index
    page = (tmp_path / "abfrage-abfrage.html").read_text()
    assert "02.03.2026" in page and "fehlgeschlagen" in page and "nicht ausgeführt" in page
    soaked = build_report(META, features, junit, **{**RUN, "soak": {"stunden": 8, "blockiert": 0}})
    render_site(soaked, tmp_path)
    assert '"blockiert": 0' in (tmp_path / "index.html").read_text()
    assert "nicht zertifiziert" in summary_markdown(soaked).lower()


def test_figure_lines_keep_the_benchmarks_own_words() -> None:
    """Lines with a number and a comparison are kept verbatim; chatter is dropped."""
    out = "warming up\nbare starlette   1234 req/s\nproduct   400 req/s  ratio 0.32 (goal ≥ 0.3: met)\ndone\n"
    assert figure_lines(out) == (
        "bare starlette   1234 req/s",
        "product   400 req/s  ratio 0.32 (goal ≥ 0.3: met)",
    )


def test_cucumber_fixture_is_what_pytest_bdd_writes() -> None:
    """The fixture keeps pytest-bdd's shape: a list of features with uri and elements with steps."""
    data = json.loads((DATA / "cucumber.json").read_text())
    assert {"uri", "elements"} <= set(data[0]) and {"line", "steps", "id"} <= set(data[0]["elements"][0])
