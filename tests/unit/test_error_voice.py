"""One voice for the errors a person sees: an operational error (`SyncsystemError` or a subclass) is
raised with a catalogue message — ``raise ConfigError(mc.SRV_PORT_IN_USE(port=port, host=host))`` —
worded in German for the office and in English under ``--lang en``, never with an English string
literal or f-string.

A programmer's error (``ValueError``, ``TypeError``, ``AssertionError`` for the misuse of an internal
API) stays in English and is not scanned. The modules in :data:`NOT_YET` still raise literals; the list
only shrinks: a module that speaks through the catalogue leaves it (a test below says when).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tests.unit.test_page_voice import SRC

# Modules that still raise an operational error with a literal message — not moved yet. Each entry
# goes when its raises name a catalogue code; no module may be added.
NOT_YET = frozenset(
    {
        "bmd/writer.py",  # left: misuse of dumps() by code (no kind, not a record, names, as_of)
        "sqlite_tx.py",  # "{label}: {exc}": the label comes from its callers
    }
)


def _name(node: ast.expr) -> str:
    """``ConfigError`` for ``ConfigError`` and ``errors.ConfigError``; ``""`` for anything else."""
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def operational_errors(trees: list[ast.Module]) -> frozenset[str]:
    """The names of `SyncsystemError` and every class that derives from it, found by name in ``trees``."""
    found = {"SyncsystemError"}
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:
        before = len(found)
        found |= {c.name for c in classes if any(_name(base) in found for base in c.bases)}
        grown = len(found) > before
    return frozenset(found)


def literal_raises(tree: ast.Module, errors: frozenset[str]) -> list[tuple[int, str]]:
    """``(line, error)`` for each ``raise E("…")`` or ``raise E(f"…")`` with ``E`` in ``errors``.

    An f-string is found even when it holds a message (rendered once, when raised, not when shown);
    a literal first argument is passed when a message follows it (``FormError("name", mc.X())``,
    ``TargetError("Verzeichnis", exc.said)``: the literal names a field or a step).
    """
    return sorted(
        (node.lineno, _name(node.exc.func))
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and _name(node.exc.func) in errors
        and _literal_message(node.exc.args)
    )


def _literal_message(args: list[ast.expr]) -> bool:
    if not args:
        return False
    if isinstance(args[0], ast.JoinedStr):
        return True
    literal = isinstance(args[0], ast.Constant) and isinstance(args[0].value, str)
    return literal and not any(isinstance(arg, ast.Call | ast.Name | ast.Attribute) for arg in args[1:])


MODULES = sorted(str(p.relative_to(SRC)) for p in SRC.rglob("*.py"))
TREES = {module: ast.parse((SRC / module).read_text(encoding="utf-8")) for module in MODULES}
ERRORS = operational_errors(list(TREES.values()))


@pytest.mark.parametrize("module", [m for m in MODULES if m not in NOT_YET])
def test_no_operational_error_is_raised_with_a_literal(module: str) -> None:
    """Raise it with a code from messages/codes (worded in de.po and en.po), not with English words."""
    assert literal_raises(TREES[module], ERRORS) == []


def test_the_not_yet_list_names_only_modules_that_still_raise_literals() -> None:
    """A module moved to the catalogue leaves the list, so it cannot slip back."""
    done = sorted(m for m in NOT_YET if not (SRC / m).exists() or not literal_raises(TREES[m], ERRORS))
    assert done == []


def test_the_scan_finds_literal_raises_of_subclasses_only() -> None:
    """Hand-written: two levels of subclass, a literal and f-strings found (one holding a message); a
    message, a field name before a message, a ValueError and a bare re-raise passed."""
    source = (
        "class DatacenterError(SyncsystemError): ...\n"
        "class AuthError(DatacenterError): ...\n"
        'raise AuthError("unknown enrolment code")\n'
        'raise errors.ConfigError(f"{path}: no key file")\n'
        "raise ConfigError(mc.DC_KEYS_NO_FILE(path=path))\n"
        'raise ValueError(f"bad {x}")\n'
        "raise\n"
        'raise AuthError("name", mc.DC_USER_ROLE())\n'
        'raise AuthError(f"{path}: {mc.IN_CANNOT_READ(reason=why)}")\n'
        'raise AuthError("Verzeichnis", exc.said)\n'
        'raise AuthError("Verzeichnis", "nicht da")\n'
    )
    tree = ast.parse(source)
    errors = operational_errors([tree, ast.parse("class ConfigError(SyncsystemError): ...\n")])
    assert errors == {"SyncsystemError", "DatacenterError", "AuthError", "ConfigError"}
    assert literal_raises(tree, errors) == [
        (3, "AuthError"),
        (4, "ConfigError"),
        (9, "AuthError"),
        (11, "AuthError"),
    ]


def test_the_scan_knows_the_exception_tree() -> None:
    """The tree of errors.py and its subclasses elsewhere, by name (hand-picked)."""
    assert {"UsageError", "SettingsError", "BmdFileError", "AuthError", "ExportFailedError"} <= ERRORS
    assert "ValueError" not in ERRORS and "_TooLargeError" not in ERRORS


def test_the_agents_export_refusals_read_as_written_in_both_languages(tmp_path: Path) -> None:
    """Hand-written: a cursor file that holds no number, and an export that left no cursor at all."""
    from syncsystem.agent.exportfiles import ExportFailedError, read_cursor  # noqa: PLC0415

    (tmp_path / "cursor").write_text("zwölf\n", encoding="ascii", errors="replace")
    with pytest.raises(ExportFailedError) as bad:
        read_cursor(tmp_path, "M1")
    assert bad.value.message is not None and not bad.value.retryable
    assert bad.value.message.text("de") == f"{tmp_path / 'cursor'}: keine ganze Zahl"
    assert bad.value.message.text("en") == f"{tmp_path / 'cursor'}: not a whole number"
    (tmp_path / "cursor").unlink()
    with pytest.raises(ExportFailedError) as none:
        read_cursor(tmp_path, "M1")
    assert none.value.message is not None and none.value.retryable
    assert none.value.message.text("de") == (
        f"{tmp_path}: der Export hat keinen Cursor hinterlassen (cursor.json oder cursor) — "
        "auf halbem Weg abgestürzt?"
    )
    assert none.value.message.text("en") == (
        f"{tmp_path}: the export left no cursor (cursor.json or cursor) — a crash half way?"
    )
