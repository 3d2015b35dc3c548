"""Column problems of a clearing import's files, each said in one sentence naming file and column.

A misspelt caption must not end in a traceback, nor pass silently: a misspelt ``Kto-Nr`` would
otherwise read as a file without accounts (matched by number alone), a misspelt ``Text`` would
drop the texts. So a header is checked against the two kinds the import accepts (Auszifferungsliste,
OP list): every required column it lacks is a problem (with the caption it probably meant), and so
is every unknown caption that is close to a column of that kind the file does not have. Unknown
captions that resemble nothing (extra columns of a real export) stay ignored.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from syncsystem import bmd
from syncsystem.bmd.dialect import normalise_caption
from syncsystem.errors import DataError, Problem

__all__ = ["column_problems", "misspelt_columns"]

_KINDS = {bmd.Kind.CLEARINGS: "Auszifferungsliste", bmd.Kind.OPENITEMS: "OP list"}
_HEAD_LINES = 8  # enough for an OP list's preamble, its header and a row


def _close(caption: str, candidates: Sequence[str]) -> str | None:
    keys = {normalise_caption(c): c for c in candidates}
    found = difflib.get_close_matches(normalise_caption(caption), list(keys), n=1, cutoff=0.75)
    return keys[found[0]] if found else None


def _header_line(data: bytes, caption: str) -> int:
    for number, text in enumerate(data.splitlines()[:_HEAD_LINES], start=1):
        if caption.encode("utf-8") in text or caption.encode("cp1252", "ignore") in text:
            return number
    return 1


def misspelt_columns(data: bytes, name: str, kind: bmd.Kind, ignored: Sequence[str],
                     present_fields: Sequence[str]) -> list[Problem]:
    """Unknown captions ``ignored`` that look like a column of ``kind`` missing from the header."""
    schema = bmd.SCHEMAS[kind]
    absent = [col.name for col in schema.columns if col.field not in present_fields]
    problems = []
    for caption in ignored:
        meant = _close(caption, absent)
        if meant is not None:
            problems.append(Problem(name, _header_line(data, caption), caption,
                                    f"unknown column {caption!r} — misspelt {meant!r}? "
                                    f"(the {_KINDS.get(kind, kind.value)} has no column {meant!r})"))
    return problems


def column_problems(data: bytes, name: str) -> list[Problem] | None:
    """The column problems of a file whose header names neither accepted kind, or lacks a column
    of one: judged against the kind it is closest to. None: the header is fine as far as columns go.
    """
    head = b"\n".join(data.splitlines()[:_HEAD_LINES])
    best: tuple[int, list[Problem]] | None = None
    for kind, title in _KINDS.items():
        try:
            result = bmd.read(head, kind, name=name, engine="rows")
        except (DataError, bmd.BmdFileError):
            return None
        missing = [p for p in result.problems if p.message.startswith("required column missing")]
        if not missing:
            return None
        line = missing[0].line
        problems = []
        for p in missing:
            guess = _close(p.field, result.ignored_columns)
            hint = f"; the header has {guess!r} — misspelt?" if guess else ""
            problems.append(Problem(name, line, p.field,
                                    f"column {p.field!r} of the {title} is missing from the header{hint}"))
        if best is None or len(problems) < best[0]:
            best = (len(problems), problems)
    return best[1] if best is not None else None
