"""Write the bundle's human and machine summaries and the German living-documentation site.

``build_report`` takes what a run left (features, JUnit counts, benchmark results, soak summary,
screenshots) and decides the overall result: passed only if the suite passed with nothing skipped,
every written scenario ran and passed, every promise holds and every benchmark finished. The site
is rendered from small Jinja2 templates beside this module: ``index.html`` (the four promises, with
links to the scenarios that prove each, the run's counts, benchmark figures, soak summary,
screenshots) and one page per feature.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .benchmarks import BenchResult
from .model import FAILED, NOT_RUN, PASSED, Feature, JunitCounts
from .promises import PromiseResult, evaluate

LABELS = {PASSED: "bestanden", FAILED: "fehlgeschlagen", NOT_RUN: "nicht ausgeführt", "timeout": "Zeitlimit"}


@dataclass(frozen=True, slots=True)
class Meta:
    version: str
    commit: str
    date: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class Report:
    meta: Meta
    features: list[Feature]
    promises: list[PromiseResult]
    junit: JunitCounts
    suite_exit: int | None  # pytest's exit code, None when the suite was not run here
    benchmarks: list[BenchResult]
    soak: dict[str, Any] | None
    screenshots: list[str]

    @property
    def scenario_counts(self) -> Counter[str]:
        return Counter(sc.status for f in self.features for sc in f.scenarios)

    @property
    def problems(self) -> list[str]:
        """Every reason this build is not certified, in German; empty means certified."""
        out = []
        if self.suite_exit not in (0, None):
            out.append(f"Testlauf endete mit Code {self.suite_exit}")
        if self.junit.tests == 0:
            out.append("kein JUnit-Ergebnis")
        if self.junit.failures or self.junit.errors:
            out.append(f"{self.junit.failures + self.junit.errors} Tests fehlgeschlagen")
        if self.junit.skipped:
            out.append(f"{self.junit.skipped} Tests übersprungen")
        counts = self.scenario_counts
        if counts[FAILED] or counts[NOT_RUN]:
            out.append(f"Szenarien: {counts[FAILED]} fehlgeschlagen, {counts[NOT_RUN]} nicht ausgeführt")
        out += [f"Zusage „{p.promise.title}“ nicht nachgewiesen" for p in self.promises if p.status != PASSED]
        out += [
            f"Leistungsmessung {b.name}: {LABELS.get(b.status, b.status)}"
            for b in self.benchmarks
            if b.status != PASSED
        ]
        return out

    @property
    def result(self) -> str:
        return FAILED if self.problems else PASSED


def build_report(
    meta: Meta,
    features: list[Feature],
    junit: JunitCounts,
    *,
    suite_exit: int | None,
    benchmarks: list[BenchResult],
    soak: dict[str, Any] | None,
    screenshots: list[str],
) -> Report:
    return Report(meta, features, evaluate(features), junit, suite_exit, benchmarks, soak, screenshots)


def _seconds(value: float) -> str:
    return f"{value:,.2f} s".replace(",", " ").replace(".", ",")


def render_site(report: Report, site: Path) -> None:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["label"] = lambda s: LABELS.get(s, s)
    env.filters["seconds"] = _seconds
    site.mkdir(parents=True, exist_ok=True)
    common = {"meta": report.meta}
    (site / "index.html").write_text(
        env.get_template("index.html").render(
            **common,
            result=report.result,
            promises=report.promises,
            junit=report.junit,
            features=report.features,
            benchmarks=report.benchmarks,
            soak=report.soak,
            screenshots=report.screenshots,
        ),
        encoding="utf-8",
    )
    page = env.get_template("feature.html")
    for feature in report.features:
        (site / f"{feature.slug}.html").write_text(page.render(**common, feature=feature), encoding="utf-8")


def summary_json(report: Report) -> dict[str, Any]:
    counts = report.scenario_counts
    return {
        "version": report.meta.version,
        "commit": report.meta.commit,
        "date": report.meta.date,
        "result": report.result,
        "problems": report.problems,
        "tests": {
            "total": report.junit.tests,
            "passed": report.junit.passed,
            "failed": report.junit.failures,
            "errors": report.junit.errors,
            "skipped": report.junit.skipped,
            "exit_code": report.suite_exit,
        },
        "scenarios": {
            "total": sum(counts.values()),
            PASSED: counts[PASSED],
            FAILED: counts[FAILED],
            NOT_RUN: counts[NOT_RUN],
        },
        "promises": [
            {
                "key": p.promise.key,
                "title": p.promise.title,
                "result": p.status,
                "scenarios": [
                    {"feature": f.uri, "line": s.line, "name": s.name, "result": s.status}
                    for f, s in p.proofs
                ],
            }
            for p in report.promises
        ],
        "benchmarks": [
            {"name": b.name, "result": b.status, "seconds": round(b.seconds, 1), "figures": list(b.figures)}
            for b in report.benchmarks
        ],
        "soak": report.soak,
    }


def summary_markdown(report: Report) -> str:
    data = summary_json(report)
    t, s = data["tests"], data["scenarios"]
    lines = [
        f"# Zertifizierung syncsystem {report.meta.version}",
        "",
        f"- Commit: `{report.meta.commit}`",
        f"- Datum: {report.meta.date}",
        f"- Ergebnis: **{LABELS[report.result]}**",
        f"- Tests: {t['total']} (bestanden {t['passed']}, fehlgeschlagen {t['failed']}, "
        f"Fehler {t['errors']}, übersprungen {t['skipped']})",
        f"- Szenarien: {s['total']} (bestanden {s[PASSED]}, fehlgeschlagen {s[FAILED]}, "
        f"nicht ausgeführt {s[NOT_RUN]})",
        "",
        "| Zusage | Ergebnis | Szenarien |",
        "|---|---|---|",
        *(f"| {p.promise.title} | {LABELS[p.status]} | {len(p.proofs)} |" for p in report.promises),
        "",
        "## Leistungsmessungen",
        "",
    ]
    for b in report.benchmarks:
        lines += [
            f"### {b.name} ({LABELS.get(b.status, b.status)}, {_seconds(b.seconds)})",
            "",
            "```",
            *b.figures,
            "```",
            "",
        ]
    if not report.benchmarks:
        lines += ["keine in diesem Lauf", ""]
    lines += [
        "## Dauerlauf",
        "",
        "nicht vorhanden"
        if report.soak is None
        else "```json\n" + json.dumps(report.soak, indent=2, ensure_ascii=False) + "\n```",
        "",
    ]
    if report.problems:
        lines += ["## Nicht zertifiziert, weil", "", *(f"- {p}" for p in report.problems), ""]
    return "\n".join(lines)


def write_summaries(report: Report, out: Path) -> None:
    (out / "summary.json").write_text(
        json.dumps(summary_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "SUMMARY.md").write_text(summary_markdown(report), encoding="utf-8")
