"""Long problem lists in text output: the first lines, then one German line saying how many more.

Counts stay complete (callers count before capping); ``--all`` shows every line and ``--json``
never goes through here. The function takes lines that are already rendered, so the wording of a
problem (its message catalogue) and the capping stay independent of each other.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["DEFAULT_LIMIT", "cap", "german_count"]

DEFAULT_LIMIT = 20


def german_count(n: int) -> str:
    """``999980`` → ``999.980``: the Austrian thousands point."""
    return f"{n:,}".replace(",", ".")


def cap(lines: Sequence[str], *, show_all: bool = False, limit: int = DEFAULT_LIMIT,
        noun: tuple[str, str] = ("weiteres Problem", "weitere Probleme")) -> list[str]:
    """At most ``limit`` of ``lines`` and a closing line naming the rest (all with ``show_all``).

    ``noun`` is the singular and plural of what is left out, as it follows "und N".
    """
    if show_all or len(lines) <= limit:
        return list(lines)
    rest = len(lines) - limit
    word = noun[0] if rest == 1 else noun[1]
    return [*lines[:limit], f"… und {german_count(rest)} {word}; alle mit --all oder --json"]
