"""Reading fields of a nested configuration mapping while collecting one `Problem` per bad field.

`FieldReader` never raises: each accessor returns a usable default and records what was wrong,
so `config.parse_job` can report every problem of a job file at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time
from enum import StrEnum
from typing import Any

from syncsystem.errors import Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["FieldReader"]


class FieldReader:
    """Collects problems while reading fields of a nested mapping."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def bad(self, name: str, message: Message) -> None:
        """Record that field ``name`` (spelt as the job file spells it) is wrong, and how."""
        self.problems.append(Problem.of(self.origin, 0, name, message))

    def text(self, data: Mapping[str, Any], section: str, key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.bad(f"{section}.{key}", mc.CFG_REQUIRED())
            return ""
        if not isinstance(value, str):
            self.bad(f"{section}.{key}", mc.CFG_TEXT(value=repr(value)))
            return ""
        return value.strip()

    def texts(
        self, data: Mapping[str, Any], section: str, key: str, required: bool = False
    ) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.bad(f"{section}.{key}", mc.CFG_TEXT_LIST())
            return ()
        out = tuple(str(v).strip() for v in value)
        if required and not out:
            self.bad(f"{section}.{key}", mc.CFG_AT_LEAST_ONE())
        return out

    def flag(self, data: Mapping[str, Any], section: str, key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.bad(f"{section}.{key}", mc.CFG_FLAG(value=repr(value)))
            return False
        return value

    def number(self, data: Mapping[str, Any], section: str, key: str, lo: int, hi: int) -> int | None:
        value = data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
            self.bad(f"{section}.{key}", mc.CFG_WHOLE(value=repr(value)))
            return None
        if not lo <= int(value) <= hi:
            self.bad(f"{section}.{key}", mc.CFG_RANGE(value=str(value), lo=lo, hi=hi))
            return None
        return int(value)

    def clock_time(self, data: Mapping[str, Any], section: str, key: str) -> time | None:
        raw = self.text(data, section, key, required=True)
        if not raw:
            return None
        try:
            return time.fromisoformat(raw)
        except ValueError:
            self.bad(f"{section}.{key}", mc.CFG_CLOCK_TIME(value=raw))
            return None

    def choice(self, enum: type[StrEnum], data: Mapping[str, Any], section: str, key: str) -> Any:
        raw = self.text(data, section, key, required=True)
        if not raw:
            return None
        try:
            return enum(raw.lower())
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.bad(f"{section}.{key}", mc.CFG_CHOICE(value=raw, allowed=allowed))
            return None
