"""Every German feature file is bound to step definitions, so no scenario can silently not run.

pytest-bdd fails a bound scenario whose step has no definition; this test closes the other gap:
a feature file (or folder) that no ``scenarios(...)`` call names would never be collected at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"


def _bound_paths() -> set[Path]:
    bound: set[Path] = set()
    for module in (ROOT / "tests" / "acceptance").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "scenarios"
            ):
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        bound.add((FEATURES / arg.value).resolve())
    return bound


def test_every_feature_file_is_bound_by_a_scenarios_call() -> None:
    """Each features/**/*.feature lies in (or is) a path some acceptance module binds."""
    features = sorted(FEATURES.rglob("*.feature"))
    assert features, "no feature files found"
    bound = _bound_paths()
    unbound = [f.relative_to(ROOT) for f in features if not any(f == b or b in f.parents for b in bound)]
    assert unbound == [], f"feature files no scenarios() call binds: {unbound}"


def test_every_feature_file_is_german() -> None:
    """Stakeholders review the Gherkin in German: each file declares ``# language: de``."""
    for feature in FEATURES.rglob("*.feature"):
        first = feature.read_text(encoding="utf-8").lstrip().splitlines()[0]
        assert first.strip() == "# language: de", f"{feature.relative_to(ROOT)} is not marked German"
