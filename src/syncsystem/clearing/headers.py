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
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc

__all__ = ["column_problems", "misspelt_columns"]

_KINDS = {bmd.Kind.CLEARINGS: mc.CLEARING_LIST_CLEARINGS, bmd.Kind.OPENITEMS: mc.CLEARING_LIST_OPENITEMS}
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


def misspelt_columns(
    data: bytes, name: str, kind: bmd.Kind, ignored: Sequence[str], present_fields: Sequence[str]
) -> list[Problem]:
    """Unknown captions ``ignored`` that look like a column of ``kind`` missing from the header."""
    schema = bmd.SCHEMAS[kind]
    absent = [col.name for col in schema.columns if col.field not in present_fields]
    problems = []
    for caption in ignored:
        meant = _close(caption, absent)
        if meant is not None:
            list_kind = _KINDS[kind]() if kind in _KINDS else kind.value
            message = mc.CLEARING_COLUMN_MISSPELT(caption=caption, meant=meant, list_kind=list_kind)
            problems.append(Problem.of(name, _header_line(data, caption), caption, message))
    return problems


def column_problems(data: bytes, name: str) -> list[Problem] | None:
    """The column problems of a file whose header names neither accepted kind, or lacks a column
    of one: judged against the line and kind its captions match best (an OP list's header follows
    a preamble line). None: no line looks like a header of either kind.
    """
    best: tuple[int, int, bmd.Kind, list[str]] | None = None  # (matched, line, kind, captions)
    for number, raw in enumerate(data.splitlines()[:_HEAD_LINES], start=1):
        text = raw.decode("utf-8" if raw.startswith(b"\xef\xbb\xbf") else "cp1252", "replace")
        captions = [c.strip().strip('"').strip() for c in text.lstrip("\ufeff").split(";")]
        captions = [c for c in captions if c]
        for kind in _KINDS:
            matched = sum(1 for c in captions if bmd.SCHEMAS[kind].lookup(c) is not None)
            if matched and (best is None or matched > best[0]):
                best = (matched, number, kind, captions)
    if best is None:
        return None
    _, line, kind, captions = best
    schema = bmd.SCHEMAS[kind]
    present = {col.field for c in captions if (col := schema.lookup(c)) is not None}
    ignored = [c for c in captions if schema.lookup(c) is None]
    problems = []
    for col in schema.columns:
        if col.required and col.field not in present:
            guess = _close(col.name, ignored)
            message = (
                mc.CLEARING_COLUMN_MISSING_GUESS(column=col.name, list_kind=_KINDS[kind](), guess=guess)
                if guess
                else mc.CLEARING_COLUMN_MISSING(column=col.name, list_kind=_KINDS[kind]())
            )
            problems.append(Problem.of(name, line, col.name, message))
    return problems or None
