"""Settings files declared as pydantic models; their refusals become catalogued `Problem`s.

A settings file (a transfer job, ``agent.toml``, the interface settings) is declared once as a
pydantic model whose fields name the catalogue codes of their label and hint (:func:`label`, worded
for a page by :func:`labels`) and the names the file spells (aliases). A validator refuses a value by raising
:func:`refuse` with a catalogue message: a ``PydanticCustomError`` whose type *is* the message code
and whose context holds its values. A check across fields that finds several problems raises
:func:`refuse_all`. :func:`problems` turns pydantic's error list into `Problem`s named
``file:section.field`` as the user wrote it; pydantic's own error types (missing, wrong type, …)
map to catalogue codes in ``_BUILTIN``, so the user never reads pydantic's English. The field types
below (`Text`, `Texts`, `Flag`, `whole`, …) read values as the office writes them: blank is absent,
text is trimmed, a list may be one comma-separated text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, JsonValue, ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from syncsystem import numerals
from syncsystem.errors import Problem
from syncsystem.messages import Message, render
from syncsystem.messages import codes as mc
from syncsystem.messages.code import Code

__all__ = [
    "Flag",
    "Label",
    "OptionalText",
    "RequiredText",
    "Section",
    "Text",
    "Texts",
    "choice",
    "clock_time",
    "flag",
    "label",
    "labels",
    "parse_choice",
    "problems",
    "refuse",
    "refuse_all",
    "required",
    "text",
    "texts",
    "whole",
]

_MANY = "syncsystem.problems"
E = TypeVar("E", bound=StrEnum)


def refuse(message: Message) -> PydanticCustomError:
    """The error a validator raises to refuse a value with ``message`` (code and values)."""
    return PydanticCustomError(message.code, message.code, {"message": message})


def refuse_all(found: Sequence[tuple[str, Message]], *, absolute: bool = False) -> PydanticCustomError:
    """The error a check across fields raises: ``(field path, message)`` pairs, the paths below the
    model or field that raised it (``absolute``: from the file's top, for a check that names fields
    of other sections)."""
    return PydanticCustomError(_MANY, _MANY, {"found": tuple(found), "absolute": absolute})


def _builtin(error: ErrorDetails) -> Message:
    """A catalogue message for one of pydantic's own error types (its English is never shown)."""
    kind, value = error["type"], error.get("input")
    shown = repr(value)
    if kind == "missing":
        return mc.CFG_REQUIRED()
    if kind.startswith(("string_", "str_")):
        return mc.CFG_TEXT(value=shown)
    if kind.startswith("int_"):
        return mc.CFG_WHOLE(value=shown)
    if kind.startswith("float_"):
        return mc.CFG_NUMBER(value=shown)
    if kind.startswith("bool_"):
        return mc.CFG_FLAG(value=shown)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return mc.CFG_SECTION()
    if kind in ("list_type", "tuple_type", "iterable_type"):
        return mc.CFG_TEXT_LIST()
    if kind == "extra_forbidden":
        return mc.CFG_UNKNOWN_FIELD()
    if kind == "greater_than_equal":
        return mc.CFG_AT_LEAST(value=shown, lo=str((error.get("ctx") or {}).get("ge")))
    return mc.CFG_INVALID(value=shown)


def problems(exc: ValidationError, origin: str, *, prefix: str = "") -> list[Problem]:
    """``exc``'s errors as problems of file ``origin``, each field path as the file spells it."""
    out: list[Problem] = []
    for error in exc.errors(include_url=False):
        at = ".".join([*([prefix] if prefix else []), *(str(p) for p in error["loc"] if isinstance(p, str))])
        ctx = error.get("ctx") or {}
        if error["type"] == _MANY:
            base = prefix if ctx["absolute"] else at
            for sub, message in ctx["found"]:
                out.append(Problem.of(origin, 0, ".".join(p for p in (base, sub) if p), message))
        elif isinstance(ctx.get("message"), Message):
            out.append(Problem.of(origin, 0, at, ctx["message"]))
        else:
            out.append(Problem.of(origin, 0, at, _builtin(error)))
    return out


# ---- field types: values read as the office writes them ---------------------------------------


def text(value: Any) -> str:
    """Text, trimmed; blank or absent is ``""``; anything but text is refused."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise refuse(mc.CFG_TEXT(value=repr(value)))
    return value.strip()


def required(value: str) -> str:
    """Refuse a blank value as missing."""
    if not value:
        raise refuse(mc.CFG_REQUIRED())
    return value


def texts(value: Any) -> tuple[str, ...]:
    """A list of texts (numbers taken as texts) or one comma-separated text, each trimmed."""
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str | int) for v in value):
        raise refuse(mc.CFG_TEXT_LIST())
    return tuple(str(v).strip() for v in value)


def flag(value: Any) -> bool:
    """A boolean, nothing else."""
    if not isinstance(value, bool):
        raise refuse(mc.CFG_FLAG(value=repr(value)))
    return value


Text = Annotated[str, BeforeValidator(text)]
"""Text, trimmed; blank or absent is ``""``."""
RequiredText = Annotated[str, AfterValidator(required), BeforeValidator(text)]
"""Text that must not be blank."""
OptionalText = Annotated[str | None, AfterValidator(lambda v: v or None), BeforeValidator(text)]
"""Text, or ``None`` when blank."""
Texts = Annotated[tuple[str, ...], BeforeValidator(texts)]
"""A list of texts (numbers are taken as texts; one text may list several, comma-separated)."""
Flag = Annotated[bool, BeforeValidator(flag)]
"""``true``/``false`` (JSON or TOML booleans only: ``"ja"`` is refused, not guessed)."""


def whole(lo: int, hi: int) -> Callable[[Any], int | None]:
    """Read a whole number in ``lo``…``hi`` (digits in a text are taken); blank or absent is ``None``.

    Use as ``Annotated[int | None, BeforeValidator(whole(1, 65535))]``."""

    def check(value: Any) -> int | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or numerals.whole(str(value)) is None:
            raise refuse(mc.CFG_WHOLE(value=repr(value)))
        if not lo <= int(value) <= hi:
            raise refuse(mc.CFG_RANGE(value=str(value), lo=lo, hi=hi))
        return int(value)

    return check


def parse_choice(enum: type[E], value: Any) -> E:
    """``value`` as a member of ``enum`` (any case), or the refusal listing the allowed values."""
    raw = required(text(value))
    try:
        return enum(raw.lower())
    except ValueError:
        raise refuse(mc.CFG_CHOICE(value=raw, allowed=", ".join(m.value for m in enum))) from None


def choice(enum: type[E]) -> Callable[[Any], E]:
    """Read one of ``enum``'s values (any case); use as ``BeforeValidator(choice(Enum))``."""
    return lambda value: parse_choice(enum, value)


def clock_time(value: Any) -> time:
    """``HH:MM`` as a time of day, or the refusal (blank is refused as missing)."""
    raw = required(text(value))
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise refuse(mc.CFG_CLOCK_TIME(value=raw)) from None


class Section(BaseModel):
    """A declared settings section: frozen, unknown keys ignored, inputs never echoed in errors."""

    model_config = ConfigDict(frozen=True, extra="ignore", hide_input_in_errors=True)


# ---- labels: what a form shows at a field, named by catalogue codes ---------------------------


@dataclass(frozen=True, slots=True)
class Label:
    """A field's label and hint (``""``: none) as a page shows them, in one language."""

    text: str
    hint: str


def label(text: Code, hint: Code | None = None) -> dict[str, JsonValue]:
    """A setting's label and hint as catalogue codes: ``Field(json_schema_extra=label(mc.X, mc.X_HINT))``.

    The model's JSON Schema carries the codes (``label``/``hint``), never words; `labels` words them."""
    return {"label": text.name, "hint": hint.name if hint else ""}


def labels(model: type[BaseModel], lang: str) -> dict[str, Label]:
    """The labels of ``model``'s fields that name codes (`label`), worded in ``lang``, by field name."""
    found: dict[str, Label] = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        code, hint = extra.get("label"), extra.get("hint")
        if isinstance(code, str):
            worded = render(hint, {}, lang) if isinstance(hint, str) and hint else ""
            found[name] = Label(render(code, {}, lang), worded)
    return found
