"""Why a run failed, kept as codes with values and worded where it is read.

A run's failure is a head message (a code with values) and, for files refused for their content, the
first problems (``file:line:field`` and a code with values) with the rest counted. The run journal
stores it as JSON (`Failure.to_json`, the ``runs.error_detail`` column) beside the words in German
(``runs.error``, what older versions stored and showed): the failure mail words it in the job's mail
language, the office pages in German, the CLI in its own language (`Failure.text`). A row written
before the detail existed has only its words, which every reader shows unchanged (`worded`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from syncsystem.errors import DataError, Problem, SettingsError, SyncsystemError
from syncsystem.messages import Message, from_json, language
from syncsystem.messages import codes as mc

__all__ = ["LISTED", "Failure", "failure_of", "stored", "worded"]

LISTED = 20  # problems a failure keeps; the rest are counted
STORED = "de"  # the language of the words stored beside the detail (the office's)


@dataclass(frozen=True, slots=True)
class Failure:
    """A run's failure: ``head`` and the first ``problems`` of ``total`` (0: as many as listed)."""

    head: Message
    problems: tuple[Problem, ...] = ()
    total: int = 0

    def text(self, lang: str | None = None) -> str:
        """The failure in ``lang`` (default: the language in use): the head, then one indented line
        per problem and ``… und n weitere`` for those not kept."""
        lang = lang or language()
        lines = [self.head.text(lang)]
        lines += [f"  {p.where}: {p.text_in(lang)}" for p in self.problems[:LISTED]]
        more = max(self.total, len(self.problems)) - min(len(self.problems), LISTED)
        if more > 0:
            lines.append(f"  {mc.REFUSAL_MORE(count=more).text(lang)}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: the head's code and values, the problems kept, how many more there were."""
        kept = self.problems[:LISTED]
        return {
            **self.head.as_dict(),
            "problems": [{k: v for k, v in p.as_dict().items() if k != "message"} for p in kept],
            "more": max(self.total, len(self.problems)) - len(kept),
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Failure:
        """The inverse of `as_dict`; a code this version does not know (or other values than its
        placeholders) is a `KeyError`, `TypeError` or `ValueError`."""
        problems = tuple(Problem.from_dict(p) for p in data.get("problems", []))
        return cls(from_json(data), problems, len(problems) + int(data.get("more", 0)))


def failure_of(exc: SyncsystemError) -> Failure:
    """What ``exc`` says as codes: its message and problems, or (text only) its words as they are."""
    problems: tuple[Problem, ...] = tuple(getattr(exc, "problems", ()))
    total = int(getattr(exc, "total", 0) or len(problems))
    head = getattr(exc, "head", None)
    if isinstance(head, Message):
        return Failure(head, problems, total)
    if isinstance(exc, SettingsError):
        return Failure(mc.CFG_REFUSED(), problems, total)
    if isinstance(exc, DataError):
        summary = exc.summary if isinstance(exc.summary, Message) else mc.LEGACY_TEXT(text=exc.summary)
        return Failure(summary, problems, total)
    return Failure(exc.message or mc.LEGACY_TEXT(text=str(exc)))


def worded(words: str, detail: str, lang: str | None = None) -> str:
    """A stored failure in ``lang``: from its detail, else (an older row, or a detail this version
    cannot read) its words as stored."""
    if detail:
        try:
            return Failure.from_dict(json.loads(detail)).text(lang)
        except (ValueError, KeyError, TypeError, IndexError, AttributeError):  # JSON of another shape
            pass
    return words


def stored(failure: Failure | None) -> tuple[str, str]:
    """What the journal keeps of a failure: its words in German and its detail (both empty: none)."""
    if failure is None:
        return "", ""
    return failure.text(STORED), failure.to_json()
