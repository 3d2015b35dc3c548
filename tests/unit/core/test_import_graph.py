"""No module of ``syncsystem`` or ``emulators`` imports itself through others (no import cycle).

The graph is read from the sources with :mod:`ast`: every ``import`` and ``from … import`` of a
module of the same tree counts, also those under ``if TYPE_CHECKING:`` and inside functions — a
cycle hidden from the interpreter is still a knot the next engineer has to untie. ``from pkg import
sub`` counts as an import of the submodule ``pkg.sub``; a submodule does not depend on its parent
package merely by being inside it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TREES = {"syncsystem": ROOT / "src", "emulators": ROOT}


def _module_name(root: Path, file: Path) -> str:
    parts = list(file.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """Module -> the modules of ``package`` it imports (anywhere in its source)."""
    modules = {_module_name(root, f): f for f in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, file in modules.items():
        here = name if file.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"), str(file))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")
                    base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_cycles_finds_a_knot_and_only_the_knot() -> None:
    """The checker itself: a ⇄ b and b → c → b are found as one knot {a, b, c}; d → a is no part of it."""
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_relative_and_type_checking_imports(tmp_path: Path) -> None:
    """``from .office import Office`` under ``if TYPE_CHECKING:`` is an edge like any other."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .office import Office\n")
    (pkg / "office.py").write_text("from . import plane\nclass Office: ...\n")
    (pkg / "plane.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .office import Office\n"
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph == {"pkg": {"pkg.office"}, "pkg.office": {"pkg.plane"}, "pkg.plane": {"pkg.office"}}
    assert cycles(graph) == [["pkg.office", "pkg.plane"]]


@pytest.mark.parametrize("package", sorted(TREES))
def test_no_import_cycle(package: str) -> None:
    """Every module of the tree can be understood (and imported) without its importers."""
    graph = import_graph(TREES[package], package)
    assert len(graph) > 20, f"{package}: too few modules found — wrong root?"
    assert cycles(graph) == [], f"{package}: import cycles {cycles(graph)}"
