"""Messages as codes with values; their words come from gettext catalogues (German and English).

A :class:`Message` is a stable code (``"bmd.cell.decimals"``) and the values its wording needs. Codes
are declared once, with their placeholders, in :mod:`syncsystem.messages.codes` and used by name;
the wording lives in ``de.po`` and ``en.po`` beside this module, gettext catalogues read at run time
with Babel (no compile step: ``pip install`` is all). A template is a ``str.format`` string over
the code's placeholders; a value may itself be a message (or a tuple of them, joined with ``", "``),
rendered in the same language. The language is German unless ``--lang en`` chose English, or the
locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first one set) starts with ``en``. Babel is
imported only when a message is first rendered, so importing the exception tree stays light.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "LANGUAGES",
    "PARAMS",
    "Message",
    "Value",
    "catalogue",
    "chosen",
    "from_json",
    "language",
    "language_from",
    "render",
    "set_language",
    "short_day",
    "values_from_json",
    "values_json",
    "weekday",
]

LANGUAGES = ("de", "en")
_HERE = Path(__file__).parent
_chosen: str | None = None


# code -> its placeholders' names, in declaration order (filled by syncsystem.messages.codes)
PARAMS: dict[str, tuple[str, ...]] = {}


@dataclass(frozen=True, slots=True)
class Message:
    """A code and its values, rendered to words only when shown (:func:`render`, ``str()``).

    ``values`` are in the order of the code's placeholders (:data:`PARAMS`): a flat tuple is the
    smallest form, and a bulk read may hold a million problems.
    """

    code: str
    values: tuple[Value, ...] = ()

    def value_map(self) -> dict[str, Value]:
        return dict(zip(PARAMS[self.code], self.values, strict=True))

    def __str__(self) -> str:
        return render(self.code, self.value_map())

    def text(self, lang: str | None = None) -> str:
        return render(self.code, self.value_map(), lang)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "values": values_json(self.value_map())}


Value = str | int | Message | tuple[Message, ...]


def set_language(lang: str | None) -> None:
    """Choose the language of everything rendered from now on; ``None`` goes back to the locale."""
    global _chosen  # noqa: PLW0603 - one process-wide choice, made by the CLI's --lang
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    _chosen = lang


def chosen() -> str | None:
    """The language :func:`set_language` chose, or ``None`` (the locale decides)."""
    return _chosen


def language() -> str:
    """The language in use: the one chosen, else the process locale's (:func:`language_from`)."""
    return _chosen if _chosen is not None else language_from(os.environ)


def language_from(environ: Mapping[str, str]) -> str:
    """``en`` when the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set starts with ``en``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """Code → template of one language, read from its ``.po`` file (fuzzy and empty entries left out)."""
    from babel.messages.pofile import read_po  # noqa: PLC0415 - loaded when a message is first shown

    with (_HERE / f"{lang}.po").open("rb") as handle:
        read = read_po(handle, locale=lang)
    return {
        str(entry.id): str(entry.string)
        for entry in read
        if entry.id and isinstance(entry.string, str) and entry.string and not entry.fuzzy
    }


def render(code: str, values: Mapping[str, Value], lang: str | None = None) -> str:
    """The words of ``code`` in ``lang`` (default: :func:`language`) with ``values`` filled in."""
    lang = lang or language()
    template = catalogue(lang)[code]
    return template.format(**{key: _shown(value, lang) for key, value in values.items()})


def _shown(value: Value, lang: str) -> object:
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple):
        return ", ".join(m.text(lang) for m in value)
    return value


def values_json(values: Mapping[str, Value]) -> dict[str, Any]:
    """``values`` as JSON-ready data (a message becomes ``{"code": …, "values": …}``)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Message):
            out[key] = value.as_dict()
        elif isinstance(value, tuple):
            out[key] = [m.as_dict() for m in value]
        else:
            out[key] = value
    return out


def values_from_json(data: Mapping[str, Any]) -> dict[str, Value]:
    """The inverse of :func:`values_json`."""
    out: dict[str, Value] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out[key] = from_json(value)
        elif isinstance(value, list):
            out[key] = tuple(from_json(item) for item in value)
        else:
            out[key] = value
    return out


def from_json(data: Mapping[str, Any]) -> Message:
    code = str(data["code"])
    values = values_from_json(data.get("values", {}))
    return Message(code, tuple(values[name] for name in PARAMS[code]))


def weekday(day: date, lang: str | None = None, *, wide: bool = False) -> str:
    """``Mo``/``Montag`` (German, Babel's de_AT data) or ``Mon``/``Monday`` (English)."""
    from babel.dates import format_date  # noqa: PLC0415 - importing syncsystem.errors stays light

    locale = "de_AT" if (lang or language()) == "de" else "en_GB"
    return format_date(day, "EEEE" if wide else "EEE", locale=locale).rstrip(".")


def short_day(day: date, lang: str | None = None) -> str:
    """``Mo 27.03.2026`` (German) or ``Mon 27.03.2026`` (English)."""
    return f"{weekday(day, lang)} {day:%d.%m.%Y}"
