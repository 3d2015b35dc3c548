"""Refusals where the advisor looks: stored as words and as codes, shown in German from the codes.

A refusal is a head message (``refusal.bundle``, ``refusal.manual`` …, a code with values) and the
data problems that caused it. :func:`stored` gives both forms the store keeps: the text rendered in
German (the ``last_error``/``reason`` column every reader of the API has always seen) and a JSON
detail with the codes and values (``last_error_detail``/``reason_detail``). The page renders a
refusal from its detail (:func:`shown`); rows stored before the detail existed have only their
text, which is shown unchanged. :func:`problem_view` words one problem for the page's list.
:func:`reported` reads a refusal an agent reports back as codes (a bundle it set aside).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from syncsystem.errors import Problem
from syncsystem.messages import Message, from_json, render
from syncsystem.messages import codes as mc

__all__ = [
    "LISTED",
    "ProblemView",
    "Reported",
    "code_of",
    "detail",
    "problem_view",
    "reported",
    "shown",
    "stored",
    "text",
]

LISTED = 20  # problems kept in a stored refusal; the rest are counted
PAGE = "de"  # the advisor page's language
# Problems whose words tell a command-line user what to type (``bmd validate --kind``): the page and
# the API's readers cannot, so they read the same problem worded for them.
_FOR_ADVISOR = {mc.HEADER_NO_KIND.name: mc.DC_HEADER_NO_KIND.name}


def _words(problem: Problem, lang: str) -> str:
    return render(_FOR_ADVISOR.get(problem.code, problem.code), problem.value_map, lang)


def detail(head: Message, problems: Sequence[Problem] = (), more: int = 0) -> dict[str, Any]:
    """The refusal as JSON-ready data: the head's code and values, the first problems, the rest
    counted (with ``more`` left out before)."""
    return {
        **head.as_dict(),
        "problems": [p.as_dict() for p in problems[:LISTED]],
        "more": max(0, len(problems) - LISTED) + more,
    }


def text(data: Mapping[str, Any], lang: str = PAGE) -> str:
    """A refusal's :func:`detail` in words: ``head: file:line:field: message; …  … und n weitere``."""
    head = from_json(data).text(lang)
    listed = [f"{p.where}: {_words(p, lang)}" for p in map(Problem.from_dict, data.get("problems", []))]
    if not listed:
        return head
    more = int(data.get("more", 0))
    tail = f" {mc.REFUSAL_MORE(count=more).text(lang)}" if more else ""
    return f"{head}: {'; '.join(listed)}{tail}"


def stored(head: Message, problems: Sequence[Problem] = (), more: int = 0) -> tuple[str, str]:
    """What the store keeps of a refusal: its German text and its JSON detail."""
    data = detail(head, problems, more)
    return text(data), json.dumps(data, ensure_ascii=False)


def code_of(detail_json: str | None) -> str | None:
    """The code of a stored refusal's head (None for an older row without a readable detail)."""
    try:
        code = json.loads(detail_json or "{}").get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) else None


def shown(words: str | None, detail_json: str | None) -> str:
    """A stored refusal in German: rendered from its detail, else (an older row) its text as stored."""
    if detail_json:
        try:
            return text(json.loads(detail_json))
        except (ValueError, KeyError, TypeError, IndexError):
            pass  # a detail this version cannot read: the stored words still say what happened
    return words or ""


@dataclass(frozen=True, slots=True)
class Reported:
    """A refusal as an agent reports it: the message (else its words), its problems, how many more."""

    said: Message | str
    problems: tuple[Problem, ...] = ()
    more: int = 0


def reported(words: str, codes: Mapping[str, Any] | None) -> Reported:
    """A refusal an agent reports (`syncsystem.protocol.values.check_refusal`): from its codes where
    this datacenter knows each code in them and can word it in German, else its words as sent."""
    if not codes:
        return Reported(words)
    try:
        said = from_json(codes)
        problems = tuple(Problem.from_dict(p) for p in codes.get("problems", []))
        text(detail(said, problems))  # worded once here: what cannot be worded fails now, not on the page
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return Reported(words)  # a code of a newer datacenter, or values this version cannot word
    return Reported(said, problems, int(codes.get("more", 0)))


@dataclass(frozen=True, slots=True)
class ProblemView:
    """One problem as the page lists it: its ``file:Zeile:Feld`` location and the German message."""

    where: str
    file: str
    line: int
    field: str
    message: str


def problem_view(problem: Problem) -> ProblemView:
    return ProblemView(problem.where, problem.file, problem.line, problem.field, _words(problem, PAGE))
