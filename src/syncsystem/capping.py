"""Long problem lists in text output: the first lines, then one German line saying how many more.

Counts stay complete (callers count before capping); ``--all`` shows every line and ``--json``
never goes through here. The function takes the items and the function that renders one (``str``
by default, so already rendered lines work too); only the shown items are rendered, and the wording
of a problem (its message catalogue) stays independent of the capping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

__all__ = ["DEFAULT_LIMIT", "cap", "german_count"]

DEFAULT_LIMIT = 20

T = TypeVar("T")


def german_count(n: int) -> str:
    """``999980`` → ``999.980``: the Austrian thousands point."""
    return f"{n:,}".replace(",", ".")


def cap(items: Sequence[T], render: Callable[[T], str] = str, *, show_all: bool = False,
        limit: int = DEFAULT_LIMIT,
        noun: tuple[str, str] = ("weiteres Problem", "weitere Probleme")) -> list[str]:
    """The first ``limit`` of ``items`` rendered, and a closing line naming how many more there are.

    With ``show_all`` every item is rendered. ``noun`` is the singular and plural of what is left
    out, as it follows "und N".
    """
    if show_all or len(items) <= limit:
        return [render(item) for item in items]
    rest = len(items) - limit
    word = noun[0] if rest == 1 else noun[1]
    return [*(render(item) for item in items[:limit]),
            f"… und {german_count(rest)} {word}; alle mit --all oder --json"]
