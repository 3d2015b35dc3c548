"""The living documentation's data: the feature files as written, joined with what a run reported.

The feature files (parsed with the official Gherkin parser, as pytest-bdd does) give every scenario,
its steps, tags, descriptions, data tables and example tables; pytest-bdd's cucumber JSON gives each
step's result and duration, keyed by feature path and scenario line; the JUnit XML adds failures that
happen outside a step (fixture setup or teardown). A scenario that is written but did not run is
``not_run`` — never counted as passed.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gherkin.parser import Parser

PASSED, FAILED, NOT_RUN = "passed", "failed", "not_run"

Table = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Step:
    keyword: str
    text: str
    line: int
    table: Table = ()
    docstring: str | None = None
    status: str = NOT_RUN
    duration: float = 0.0  # seconds
    error: str = ""


@dataclass(frozen=True, slots=True)
class Scenario:
    keyword: str
    name: str
    line: int
    description: str
    tags: tuple[str, ...]
    steps: tuple[Step, ...]
    examples: tuple[Table, ...] = ()
    status: str = NOT_RUN
    duration: float = 0.0
    runs: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Feature:
    uri: str  # relative to the features folder, e.g. "abfrage/abfrage.feature"
    name: str
    description: str
    tags: tuple[str, ...]
    scenarios: tuple[Scenario, ...]

    @property
    def folder(self) -> str:
        return self.uri.split("/", 1)[0]

    @property
    def slug(self) -> str:
        return self.uri.removesuffix(".feature").replace("/", "-")

    @property
    def status(self) -> str:
        return overall(s.status for s in self.scenarios)


@dataclass(frozen=True, slots=True)
class JunitCounts:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    failed_names: frozenset[str] = field(default_factory=frozenset)  # test names without parameters

    @property
    def passed(self) -> int:
        return self.tests - self.failures - self.errors - self.skipped


def overall(statuses: Any) -> str:
    """passed only if there is at least one and every one passed; failed beats not run."""
    seen = list(statuses)
    if not seen:
        return NOT_RUN
    if FAILED in seen:
        return FAILED
    return PASSED if all(s == PASSED for s in seen) else NOT_RUN


def _table(rows: list[dict[str, Any]]) -> Table:
    return tuple(tuple(cell["value"] for cell in row["cells"]) for row in rows)


def _doc_steps(raw: list[dict[str, Any]]) -> list[Step]:
    return [
        Step(
            keyword=s["keyword"].strip(),
            text=s["text"],
            line=s["location"]["line"],
            table=_table(s["dataTable"]["rows"]) if "dataTable" in s else (),
            docstring=s["docString"]["content"] if "docString" in s else None,
        )
        for s in raw
    ]


def parse_feature(path: Path, uri: str) -> Feature:
    """One feature file as written: background steps are repeated in front of each scenario."""
    parsed: dict[str, Any] = dict(Parser().parse(path.read_text(encoding="utf-8")))
    doc = parsed["feature"]
    background: list[Step] = []
    scenarios: list[Scenario] = []
    children: list[dict[str, Any]] = list(doc["children"])
    for child in list(children):
        if "rule" in child:
            children.extend(child["rule"]["children"])
    for child in children:
        if "background" in child:
            background = _doc_steps(child["background"]["steps"])
        elif "scenario" in child:
            sc = child["scenario"]
            examples = tuple(
                _table([ex["tableHeader"], *ex["tableBody"]])
                for ex in sc.get("examples", [])
                if "tableHeader" in ex
            )
            scenarios.append(
                Scenario(
                    keyword=sc["keyword"],
                    name=sc["name"],
                    line=sc["location"]["line"],
                    description=sc["description"].strip(),
                    tags=tuple(t["name"] for t in sc["tags"]),
                    steps=tuple(background + _doc_steps(sc["steps"])),
                    examples=examples,
                )
            )
    return Feature(
        uri=uri,
        name=doc["name"],
        description=doc["description"].strip(),
        tags=tuple(t["name"] for t in doc["tags"]),
        scenarios=tuple(scenarios),
    )


def parse_features(base: Path) -> list[Feature]:
    return [parse_feature(p, p.relative_to(base).as_posix()) for p in sorted(base.rglob("*.feature"))]


def load_cucumber(path: Path) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Cucumber JSON runs by (feature uri, scenario line); an outline's examples share the line."""
    runs: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    if not path.exists():
        return runs
    for feature in json.loads(path.read_text(encoding="utf-8")):
        for element in feature.get("elements", []):
            runs[(feature["uri"], element["line"])].append(element)
    return runs


def load_junit(path: Path) -> JunitCounts:
    if not path.exists():
        return JunitCounts()
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    total = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
    failed = frozenset(
        case.get("name", "").split("[", 1)[0]
        for case in root.iter("testcase")
        if case.find("failure") is not None or case.find("error") is not None
    )
    return JunitCounts(total["tests"], total["failures"], total["errors"], total["skipped"], failed)


def _run_steps(doc_steps: tuple[Step, ...], element: dict[str, Any]) -> list[Step]:
    """The written steps with one run's results; steps after the first failure did not run."""
    reported = {s["line"]: s for s in element.get("steps", [])}
    steps: list[Step] = []
    broken = False
    for step in doc_steps:
        got = reported.get(step.line)
        if got is None or broken:
            steps.append(step)
            continue
        status = got["result"]["status"]
        status = status if status in (PASSED, FAILED) else NOT_RUN
        broken = status == FAILED
        steps.append(
            Step(
                step.keyword,
                got["name"],
                step.line,
                step.table,
                step.docstring,
                status,
                got["result"].get("duration", 0) / 1e9,
                got["result"].get("error_message", ""),
            )
        )
    return steps


def join(
    features: list[Feature], runs: dict[tuple[str, int], list[dict[str, Any]]], junit: JunitCounts
) -> list[Feature]:
    """Each written scenario with its results: failed if any run failed (in a step or in JUnit)."""
    out: list[Feature] = []
    for feature in features:
        scenarios: list[Scenario] = []
        for sc in feature.scenarios:
            elements = runs.get((feature.uri, sc.line), [])
            if not elements:
                scenarios.append(sc)
                continue
            per_run = [_run_steps(sc.steps, e) for e in elements]
            statuses = []
            for element, steps in zip(elements, per_run, strict=True):
                junit_failed = element.get("id", "").split("[", 1)[0] in junit.failed_names
                statuses.append(FAILED if junit_failed else overall(s.status for s in steps))
            shown = next((s for s, st in zip(per_run, statuses, strict=True) if st == FAILED), per_run[0])
            error = next((s.error for s in shown if s.error), "")
            scenarios.append(
                Scenario(
                    sc.keyword,
                    sc.name,
                    sc.line,
                    sc.description,
                    sc.tags,
                    tuple(shown),
                    sc.examples,
                    overall(statuses),
                    sum(s.duration for steps in per_run for s in steps),
                    len(elements),
                    error or ("Fehler außerhalb der Schritte (siehe JUnit)" if FAILED in statuses else ""),
                )
            )
        out.append(Feature(feature.uri, feature.name, feature.description, feature.tags, tuple(scenarios)))
    return out
