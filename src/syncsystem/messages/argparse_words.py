"""argparse's own words — ``usage:``, ``options:``, the ``-h`` line, its errors for a wrong command
line — in the command line's language, from the ``argparse`` domain's catalogue beside this module.

argparse looks each of its strings up through its module's gettext functions ``_`` and ``ngettext``
(``from gettext import gettext as _, ngettext``) when it builds a parser, formats a help or words an
error: the documented way to translate it is a catalogue for those strings. Python's own lookup
would read compiled ``.mo`` files of a global domain in the locale of ``os.environ``, not the
language ``--lang`` chose, so :func:`speaking_to_argparse` points argparse's two names at this
catalogue for the time of one parse and puts them back after. The catalogue is read by
`syncsystem.messages.read_po` like the product's own (no compile step); English is argparse's own.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from syncsystem.messages import read_po

__all__ = ["catalogue", "gettext", "ngettext", "speaking_to_argparse"]

_HERE = Path(__file__).parent
# languages with a catalogue of argparse's words; any other speaks argparse's English
_CATALOGUED = ("de",)
# the names argparse.py looks its strings up by
_NAMES = ("_", "ngettext")


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """argparse's English string → its words in ``lang`` (empty for English: argparse's own)."""
    if lang not in _CATALOGUED:
        return {}
    path = _HERE / f"argparse_{lang}.po"
    return read_po(path.read_text(encoding="utf-8"), str(path))


def gettext(text: str, lang: str) -> str:
    """``text`` (an argparse msgid) in ``lang``; itself when the catalogue leaves it English."""
    return catalogue(lang).get(text, text)


def ngettext(singular: str, plural: str, count: int, lang: str) -> str:
    """One of argparse's counted strings in ``lang``: German counts as English does (one, else many)."""
    return gettext(singular if count == 1 else plural, lang)


@contextmanager
def speaking_to_argparse(lang: str) -> Iterator[None]:
    """Inside the block argparse words its help and errors in ``lang`` (process-wide: the command
    line parses once, at its start, before any thread or server runs)."""
    saved = {name: getattr(argparse, name) for name in _NAMES}
    if lang in _CATALOGUED:
        setattr(argparse, "_", lambda text: gettext(text, lang))  # noqa: B010 - argparse's own name
        setattr(argparse, "ngettext", lambda one, many, n: ngettext(one, many, n, lang))  # noqa: B010
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)
