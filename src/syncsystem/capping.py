"""Long problem lists in text output: the first lines, then one line saying how many more.

Counts stay complete (callers count before capping); ``--all`` shows every line and ``--json``
never goes through here. The function takes the items and the function that renders one (``str``
by default, so already rendered lines work too); only the shown items are rendered, and the wording
of a problem (its message catalogue) stays independent of the capping. The closing line is a
message code (German by default, English with ``--lang en``), its count written as the language
writes numbers (999.980 or 999,980).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from syncsystem import messages
from syncsystem.messages import codes as mc

__all__ = ["DEFAULT_LIMIT", "cap", "german_count"]

DEFAULT_LIMIT = 20

T = TypeVar("T")

_MORE = {"problems": (mc.MORE_PROBLEM, mc.MORE_PROBLEMS), "lines": (mc.MORE_LINE, mc.MORE_LINES)}


def german_count(n: int) -> str:
    """``999980`` → ``999.980``: the Austrian thousands point."""
    return messages.number(n, "de", grouped=True)


def cap(
    items: Sequence[T],
    render: Callable[[T], str] = str,
    *,
    show_all: bool = False,
    limit: int = DEFAULT_LIMIT,
    noun: Literal["problems", "lines"] = "problems",
    total: int | None = None,
) -> list[str]:
    """The first ``limit`` of ``items`` rendered, and a closing line naming how many more there are.

    With ``show_all`` every item is rendered. ``noun`` names what is left out: problems or lines.
    ``total``: how many there are when ``items`` holds only the first of them (a chunked read keeps
    the first ``limit`` and counts the rest).
    """
    if show_all or (len(items) if total is None else total) <= limit:
        return [render(item) for item in items]
    rest = (len(items) if total is None else total) - limit
    one, many = _MORE[noun]
    count = messages.number(rest, grouped=True)
    return [*(render(item) for item in items[:limit]), str(one() if rest == 1 else many(count=count))]
