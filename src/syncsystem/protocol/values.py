"""Wire values both sides check the same way: strict JSON, storable text, 64-bit integers.

The one boundary for malformed values (issue 11): `loads` refuses what JSON does not have (``NaN``,
``Infinity``, numbers beyond a float), `check_text` text no store can hold (lone surrogates, NUL and
other control characters), `check_int` integers beyond a signed 64-bit column (`MAX_INT`),
`check_number` non-finite or negative numbers, `check_message` a message sent as codes (a code and
its values, `syncsystem.messages.Message.as_dict`) of another shape, `check_refusal` such a message
with the data problems a refusal lists. Each raises `ProtocolError`
naming the field, which the datacenter answers with 400/422 — never a 500. `clean_text` and
`clean_message` are the sender's side: free text (BMD's messages) made storable before it goes out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any

from syncsystem.errors import SyncsystemError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "MAX_INT",
    "ProtocolError",
    "check_int",
    "check_message",
    "check_number",
    "check_refusal",
    "check_text",
    "clean_message",
    "clean_text",
    "error_codes",
    "loads",
    "sendable",
    "wire_words",
]

MAX_INT = (1 << 63) - 1
"""The largest integer on the wire: cursors, sizes and counts are stored in signed 64-bit columns."""
# Control characters a text may not hold (tab, line feed and carriage return are text).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ProtocolError(SyncsystemError):
    """A message did not have the agreed shape; the message (a catalogue code) names the field."""


def _not_json(constant: str) -> float:
    raise ProtocolError(mc.PROTO_NOT_JSON_NUMBER(constant=constant))


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ProtocolError(mc.PROTO_FLOAT_RANGE(number=text[:40]))
    return value


def loads(data: bytes | str) -> Any:
    """Strict JSON: UTF-8, no ``NaN``/``Infinity``, no number beyond a float; else `ProtocolError`."""
    try:
        return json.loads(data, parse_constant=_not_json, parse_float=_finite)
    except ProtocolError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, int digit limit
        raise ProtocolError(mc.PROTO_NOT_JSON(reason=str(exc))) from exc


def check_text(value: str, what: str, *, name: bool = False) -> str:
    """Return ``value`` if it is storable text: no lone surrogate, no NUL or other control character
    (``name=True``: not even tab or line breaks, for file names); else raise `ProtocolError`."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ProtocolError(mc.PROTO_SURROGATE(what=what, position=exc.start)) from exc
    bad = (_NAME_CONTROL if name else _CONTROL).search(value)
    if bad is not None:
        char = f"U+{ord(bad.group()):04X}"
        raise ProtocolError(mc.PROTO_CONTROL(what=what, char=char, position=bad.start()))
    return value


def clean_text(value: str, max_len: int = 4000) -> str:
    """``value`` made storable for sending: lone surrogates become ``?``, control characters a space,
    cut at ``max_len`` — for free text a sender passes on (BMD's messages), never for identifiers."""
    text = value.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", text)[:max_len]


def check_int(value: object, what: str, *, minimum: int = 0) -> int:
    """An integer from ``minimum`` to `MAX_INT` (a JSON true/false is not one); else `ProtocolError`."""
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= MAX_INT:
        shown = repr(value) if not isinstance(value, int) or value.bit_length() < 200 else "a huge number"
        raise ProtocolError(mc.PROTO_WHOLE_RANGE(what=what, minimum=minimum, got=shown))
    return value


def check_number(value: object, what: str) -> float:
    """A finite non-negative number (NaN and Infinity are refused); else `ProtocolError`."""
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (isinstance(value, int) and value > MAX_INT)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ProtocolError(mc.PROTO_NUMBER(what=what, got=repr(value)))
    return float(value)


_MESSAGE_DEPTH = 4  # a message's values may be messages, four levels deep at most
_MESSAGE_VALUES = 50  # values of one message, and messages in one list value
_NUMBER = re.compile(r"-?\d{1,30}(?:\.\d{1,30})?")  # a Decimal value, as `values_json` writes it
_PROBLEMS = 20  # problems a refusal lists (`syncsystem.datacenter.refusals.LISTED`); the rest counted


def check_message(data: object, what: str, depth: int = 0) -> dict[str, Any]:
    """A message as codes, ``{"code": …, "values": {name: text | integer | message | [message]}}``,
    checked for shape and storable text — not for the code: a code the reader does not know is shown
    from the words sent beside it. Else `ProtocolError` naming the field."""
    if not isinstance(data, Mapping):
        raise ProtocolError(mc.PROTO_OBJECT(what=what, got=type(data).__name__))
    code, values = data.get("code"), data.get("values", {})
    if not isinstance(code, str) or not 0 < len(code) <= 200:
        raise ProtocolError(mc.PROTO_STRING(what=f"{what}.code", got=type(code).__name__))
    if not isinstance(values, Mapping) or len(values) > _MESSAGE_VALUES:
        raise ProtocolError(mc.PROTO_OBJECT(what=f"{what}.values", got=type(values).__name__))
    out: dict[str, Any] = {}
    for name, value in values.items():
        key = check_text(str(name), f"{what}.values", name=True)
        if len(key) > 100:
            raise ProtocolError(mc.PROTO_TOO_LONG(what=f"{what}.values", most=100))
        out[key] = _message_value(value, f"{what}.values.{key}", depth)
    return {"code": check_text(code, f"{what}.code", name=True), "values": out}


def _message_value(value: object, where: str, depth: int) -> Any:
    if isinstance(value, str):
        if len(value) > 4000:
            raise ProtocolError(mc.PROTO_TOO_LONG(what=where, most=4000))
        return check_text(value, where)
    if isinstance(value, int) and not isinstance(value, bool):
        return check_int(value, where, minimum=-MAX_INT)
    if isinstance(value, Mapping) and set(value) == {"number"}:  # a Decimal: {"number": "9.0"}
        if isinstance(value["number"], str) and _NUMBER.fullmatch(value["number"]):
            return {"number": value["number"]}
        raise ProtocolError(mc.PROTO_MESSAGE_VALUE(what=where, got="number"))
    nested = depth < _MESSAGE_DEPTH
    if isinstance(value, Mapping) and nested:
        return check_message(value, where, depth + 1)
    if isinstance(value, list) and nested and len(value) <= _MESSAGE_VALUES:
        return [check_message(item, f"{where}[]", depth + 1) for item in value]
    raise ProtocolError(mc.PROTO_MESSAGE_VALUE(what=where, got=type(value).__name__))


def check_refusal(data: object, what: str) -> dict[str, Any]:
    """A refusal as codes (`syncsystem.datacenter.refusals.detail`): its message (`check_message`)
    and, where it lists them, the data problems behind it — ``problems`` (at most 20, each a
    ``file``, ``line`` and ``field`` with a message as codes) and ``more`` (how many were left out).
    Else `ProtocolError` naming the field; keys it does not know are left out."""
    out = check_message(data, what)
    assert isinstance(data, Mapping)  # check_message refused anything else
    problems, more = data.get("problems", []), data.get("more", 0)
    if not isinstance(problems, list):
        raise ProtocolError(mc.PROTO_LIST(what=f"{what}.problems"))
    if len(problems) > _PROBLEMS:
        raise ProtocolError(mc.PROTO_LIST_MOST(what=f"{what}.problems", most=_PROBLEMS))
    if problems or more:
        out["problems"] = [_problem(p, f"{what}.problems[]") for p in problems]
        out["more"] = check_int(more, f"{what}.more")
    return out


def _problem(data: object, what: str) -> dict[str, Any]:
    """One listed problem: where (``file``, ``line``, ``field``) and its message as codes."""
    said = check_message(data, what)
    assert isinstance(data, Mapping)  # check_message refused anything else
    where: dict[str, Any] = {"line": check_int(data.get("line"), f"{what}.line")}
    for name in ("file", "field"):
        text = data.get(name)
        if not isinstance(text, str):
            raise ProtocolError(mc.PROTO_STRING(what=f"{what}.{name}", got=type(text).__name__))
        if len(text) > 4000:
            raise ProtocolError(mc.PROTO_TOO_LONG(what=f"{what}.{name}", most=4000))
        where[name] = check_text(text, f"{what}.{name}")
    return {**where, **said}


def error_codes(body: object) -> dict[str, Any] | None:
    """An error answer's reason as codes (code, values, a refusal's problems), where its body
    (JSON) has them in a shape the datacenter takes back (`check_refusal`); else none: the words
    say it (an older datacenter, a proxy's page)."""
    try:
        return check_refusal(body, "error body")
    except ProtocolError:
        return None


def clean_message(data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (`Message.as_dict`) with every text made storable (`clean_text`), for sending."""

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, Mapping):
            return clean_message(value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return {"code": data["code"], "values": {k: clean(v) for k, v in data.get("values", {}).items()}}


def wire_words(message: Message) -> str:
    """``message`` in the words an agent reports beside its codes: English, as agents always did —
    an older datacenter reads them as they are and parses some (a failed export's Mandant and kind),
    so they never follow the agent's own language."""
    return message.text("en")


def sendable(message: Message | None) -> dict[str, Any] | None:
    """``message`` as codes ready to send (texts made storable), or ``None`` when there are no codes
    worth sending: no message, a text never catalogued (``legacy.text``), or a shape the receiver
    would refuse (then the words alone go, as from an older sender)."""
    if message is None or message.code == mc.LEGACY_TEXT.name:
        return None
    try:
        return check_message(clean_message(message.as_dict()), "detail")
    except ProtocolError:
        return None
