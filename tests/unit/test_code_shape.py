"""The house rule on the code's shape: no function over 60 lines, no module over 450 lines.

It holds for every ``.py`` under src, emulators, benchmarks and tools (tests are exempt). A function
counts from its ``def`` line to its last line, docstring included, decorators not
(``end_lineno - lineno + 1`` of its ``ast`` node); methods and nested functions count on their own
and inside the function around them. A module counts its lines. The migrations' ``upgrade``
functions are history — written once, never edited — and are exempt by name in :data:`EXEMPT`; a
test says when an exemption is no longer needed, so the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOPS = ("src", "emulators", "benchmarks", "tools")
MAX_FUNCTION = 60
MAX_MODULE = 450

# (module, function): long functions allowed to stay long. Only migrations; none may be added.
EXEMPT = frozenset(
    {
        ("src/syncsystem/clearing/migrations/versions/0002_account_key.py", "upgrade"),
        ("src/syncsystem/datacenter/store/migrations/versions/0001_initial.py", "upgrade"),
    }
)

Function = ast.FunctionDef | ast.AsyncFunctionDef


def function_lengths(source: str) -> list[tuple[str, int, int]]:
    """``(qualified name, def line, length)`` of every function and method in ``source``;
    a nested one is named ``outer.inner``, a method ``Class.method``."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, Function):
                assert child.end_lineno is not None
                name = f"{prefix}{child.name}"
                found.append((name, child.lineno, child.end_lineno - child.lineno + 1))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def _modules() -> dict[str, str]:
    """Every module the rule covers, by its path from the project root, with its text."""
    return {
        str(path.relative_to(ROOT)): path.read_text(encoding="utf-8")
        for top in TOPS
        for path in sorted((ROOT / top).rglob("*.py"))
    }


MODULES = _modules()
LENGTHS = {module: function_lengths(text) for module, text in MODULES.items()}


def test_the_rule_sees_every_tree_it_covers() -> None:
    """Each covered folder holds modules, so a moved folder cannot empty the check unnoticed."""
    assert all(any(m.startswith(f"{top}/") for m in MODULES) for top in TOPS)
    assert "src/syncsystem/bmd/reader.py" in MODULES and "src/syncsystem/cli.py" in MODULES


def test_no_function_is_longer_than_60_lines() -> None:
    """Split a longer one by meaning (a helper per stage or concern), not by cutting it in two."""
    too_long = [
        f"{module}:{line}: {name} has {length} lines (at most {MAX_FUNCTION})"
        for module, functions in LENGTHS.items()
        for name, line, length in functions
        if length > MAX_FUNCTION and (module, name) not in EXEMPT
    ]
    assert too_long == []


def test_no_module_is_longer_than_450_lines() -> None:
    """Move a coherent group of functions into a module of its own before a module grows past it."""
    too_long = [
        f"{module}: {count} lines (at most {MAX_MODULE})"
        for module, text in MODULES.items()
        if (count := len(text.splitlines())) > MAX_MODULE
    ]
    assert too_long == []


def test_every_exemption_is_still_needed() -> None:
    """An exempt function that is gone, or now short enough, leaves the list."""
    needless = [
        (module, name)
        for module, name in sorted(EXEMPT)
        if not any(n == name and length > MAX_FUNCTION for n, _, length in LENGTHS.get(module, []))
    ]
    assert needless == []


def test_the_measure_counts_def_to_last_line() -> None:
    """Hand-counted: a decorated function with its docstring, a nested function, a method, an
    async function and a one-liner; decorators and blank lines after a function do not count."""
    source = (
        "import functools\n"  # 1
        "\n"  # 2
        "@functools.cache\n"  # 3
        "def outer(x):\n"  # 4
        '    """Doc\n'  # 5
        '    on two lines."""\n'  # 6
        "    def inner():\n"  # 7
        "        return x\n"  # 8
        "\n"  # 9
        "    return inner\n"  # 10
        "\n"  # 11
        "\n"  # 12
        "class Box:\n"  # 13
        "    def method(self):\n"  # 14
        "        return 1\n"  # 15
        "\n"  # 16
        "async def waits():\n"  # 17
        "    pass\n"  # 18
        "def one(): return 1\n"  # 19
    )
    assert function_lengths(source) == [
        ("outer", 4, 7),
        ("outer.inner", 7, 2),
        ("Box.method", 14, 2),
        ("waits", 17, 2),
        ("one", 19, 1),
    ]
