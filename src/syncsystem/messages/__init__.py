"""Messages as codes with values; their words come from gettext catalogues (German and English).

A :class:`Message` is a stable code (``"bmd.cell.decimals"``) and the values its wording needs. Codes
are declared once, with their placeholders, in :mod:`syncsystem.messages.codes` and used by name;
the wording lives in ``de.po`` and ``en.po`` beside this module, gettext catalogues read at run time
by `read_po` (no compile step: ``pip install`` is all). A template is a ``str.format`` string over
the code's placeholders; a value may itself be a message (or a tuple of them, joined with ``", "``),
rendered in the same language; a `Decimal` value is a number, written in the rendering language by
:func:`number` (``9,0`` German, ``9.0`` English — the one place numbers get their separators; an
``int`` stays as it is, since ports, years and line numbers take no grouping). The language is
German unless ``--lang en`` chose English, or the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the
first one set) starts with ``en``.

The catalogues are plain gettext files (any gettext tool, Babel included, reads and edits them);
`read_po` reads the subset they use — ``msgid``/``msgstr`` pairs, continued strings, ``fuzzy`` —
with the standard library, and the fourteen weekday names and the numbers' separators come from
tables (CLDR's de_AT and en_GB; tests compare them with Babel). So the base install needs no Babel
and its 35 MiB of CLDR data at run time; Babel is a test tool.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

__all__ = [
    "LANGUAGES",
    "PARAMS",
    "Captions",
    "Message",
    "Value",
    "catalogue",
    "chosen",
    "from_json",
    "language",
    "language_from",
    "number",
    "read_po",
    "render",
    "set_language",
    "short_day",
    "speaking",
    "utc_offset",
    "values_from_json",
    "values_json",
    "weekday",
]

LANGUAGES = ("de", "en")
_T = TypeVar("_T")
Captions = dict[str, _T]
"""What a page or a command shows by name — a field's label and hint, an option of a choice, a
state — keyed by the form value or state it names: vocabulary in German, not a message (a message
is a catalogue code). The voice scan (tests/unit/test_page_voice.py) passes the literals of an
assignment annotated ``Captions``."""
_HERE = Path(__file__).parent
_chosen: str | None = None
# `speaking` overrides the process-wide choice for one context (a request of a server that speaks one
# language, and what it runs in the thread pool), without touching other requests.
_spoken: ContextVar[str | None] = ContextVar("syncsystem_language", default=None)


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


Value = str | int | Decimal | Message | tuple[Message, ...]


def set_language(lang: str | None) -> None:
    """Choose the language of everything rendered from now on; ``None`` goes back to the locale."""
    global _chosen  # noqa: PLW0603 - one process-wide choice, made by the CLI's --lang
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    _chosen = lang


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Everything rendered inside the block — in this context only, e.g. one request and what it
    runs in the thread pool — is in ``lang``; other threads and requests keep their language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    token = _spoken.set(lang)
    try:
        yield
    finally:
        _spoken.reset(token)


def chosen() -> str | None:
    """The language :func:`set_language` chose, or ``None`` (the locale decides)."""
    return _chosen


def language() -> str:
    """The language in use: the one chosen, else the process locale's (:func:`language_from`)."""
    spoken = _spoken.get()
    if spoken is not None:
        return spoken
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
    path = _HERE / f"{lang}.po"
    return read_po(path.read_text(encoding="utf-8"), str(path))


def read_po(text: str, name: str = "<po>") -> dict[str, str]:
    """``msgid`` → ``msgstr`` of a gettext catalogue without contexts or plurals; the header, empty
    and fuzzy entries are left out. Anything else is a `ValueError` naming ``name`` and the line."""
    entries: dict[str, str] = {}
    entry: dict[str, str] = {}
    key, fuzzy, next_fuzzy = "", False, False

    def keep() -> None:
        if entry.get("msgid") and entry.get("msgstr") and not fuzzy:
            entries[entry["msgid"]] = entry["msgstr"]

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line.startswith("#,"):
            next_fuzzy = next_fuzzy or "fuzzy" in (flag.strip() for flag in line[2:].split(","))
        if not line or line.startswith("#"):
            continue
        word, _, quoted = ("", "", line) if line.startswith('"') else line.partition(" ")
        if word == "msgid":
            keep()
            entry, fuzzy, next_fuzzy = {}, next_fuzzy, False
        known = {"msgid": True, "msgstr": "msgid" in entry, "": bool(key)}  # "": a continued string
        if not known.get(word, False):
            raise ValueError(f"{name}:{number}: not a line this reader knows: {line[:40]!r}")
        key = word or key
        entry[key] = entry.get(key, "") + _po_string(quoted, f"{name}:{number}")
    keep()
    return entries


def _po_string(quoted: str, where: str) -> str:
    try:
        text = json.loads(quoted) if quoted.startswith('"') else None  # .po escapes are JSON's
    except ValueError:
        text = None
    if not isinstance(text, str):
        raise ValueError(f"{where}: not a quoted string: {quoted[:40]!r}")
    return text


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
    if isinstance(value, Decimal):
        return number(value, lang)
    return value


# (decimal sign, thousands separator) of CLDR's de_AT and en_GB number formats
_SEPARATORS = {"de": (",", "."), "en": (".", ",")}


def number(value: Decimal | int, lang: str | None = None, *, grouped: bool = False) -> str:
    """``Decimal("9.0")`` → ``9,0`` (German) or ``9.0`` (English), with the places it has;
    ``grouped`` separates thousands (``1.234,5`` / ``1,234.5``), as sizes on the pages do."""
    point, group = _SEPARATORS["de" if (lang or language()) == "de" else "en"]
    spec = ("," if grouped else "") + ("f" if isinstance(value, Decimal) else "d")
    text = format(value, spec)
    return text.translate(str.maketrans(",.", group + point))


def values_json(values: Mapping[str, Value]) -> dict[str, Any]:
    """``values`` as JSON-ready data (a message becomes ``{"code": …, "values": …}``)."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, Message):
            out[key] = value.as_dict()
        elif isinstance(value, tuple):
            out[key] = [m.as_dict() for m in value]
        elif isinstance(value, Decimal):
            out[key] = {"number": str(value)}  # a string keeps its places ("9.0"), exactly
        else:
            out[key] = value
    return out


def values_from_json(data: Mapping[str, Any]) -> dict[str, Value]:
    """The inverse of :func:`values_json`."""
    out: dict[str, Value] = {}
    for key, value in data.items():
        if isinstance(value, dict) and set(value) == {"number"}:
            out[key] = Decimal(str(value["number"]))
        elif isinstance(value, dict):
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


_WEEKDAYS = {  # Monday first, as date.weekday(); CLDR's de_AT and en_GB names (abbreviated without ".")
    ("de", False): ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
    ("de", True): ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    ("en", False): ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ("en", True): ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}


def weekday(day: date, lang: str | None = None, *, wide: bool = False) -> str:
    """``Mo``/``Montag`` (German) or ``Mon``/``Monday`` (English)."""
    return _WEEKDAYS["de" if (lang or language()) == "de" else "en", wide][day.weekday()]


def short_day(day: date, lang: str | None = None) -> str:
    """``Mo 27.03.2026`` (German) or ``Mon 27.03.2026`` (English)."""
    return f"{weekday(day, lang)} {day:%d.%m.%Y}"


def utc_offset(moment: datetime) -> str:
    """``+01:00``: an aware moment's distance to UTC, as the pages, the CLI and the failure mails show
    it beside a local time (``UTC+01:00``)."""
    raw = f"{moment:%z}"
    return f"{raw[:3]}:{raw[3:]}"
