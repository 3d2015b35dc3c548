"""The ``schedule`` section of a transfer job file: when the job runs (issue 001's Zeitplan).

``interval`` and what it needs (``every``, ``at``, ``days``, ``day``), German and English names
accepted; `ScheduleSection.rule` is the `Recurrence` the scheduler runs.
"""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from syncsystem.declared import Section, clock_time, label, refuse, refuse_all, required, text, texts
from syncsystem.declared import whole as _whole
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.schedule.recurrence import (
    WEEKDAYS_DE,
    Daily,
    EveryMinutes,
    MonthDay,
    Recurrence,
    Weekly,
    validate,
)

__all__ = ["ScheduleSection"]

_INTERVALS = {
    "hourly": "hourly",
    "stündlich": "hourly",
    "minutes": "minutes",
    "minuten": "minutes",
    "daily": "daily",
    "täglich": "daily",
    "weekly": "weekly",
    "wöchentlich": "weekly",
    "monthly": "monthly",
    "monatlich": "monthly",
}
_ENGLISH_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ScheduleSection(Section):
    """When the job runs: ``interval`` and what that interval needs (``every``, ``at``, ``days``, ``day``);
    each field names the codes of its label and hint as the export dialog shows them."""

    interval: str = Field(json_schema_extra=label(mc.SET_SCHEDULE_INTERVAL))
    every: Annotated[int | None, BeforeValidator(_whole(1, 24 * 60))] = Field(
        None,
        validate_default=True,
        json_schema_extra=label(mc.SET_SCHEDULE_EVERY, mc.SET_SCHEDULE_EVERY_HINT),
    )
    at: time | None = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_SCHEDULE_AT, mc.SET_SCHEDULE_AT_HINT)
    )
    days: frozenset[int] = Field(
        frozenset(), validate_default=True, json_schema_extra=label(mc.SET_SCHEDULE_DAYS)
    )
    day: Annotated[int | None, BeforeValidator(_whole(1, 31))] = Field(
        None, validate_default=True, json_schema_extra=label(mc.SET_SCHEDULE_DAY, mc.SET_SCHEDULE_DAY_HINT)
    )

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> str:
        kind = required(text(value)).lower()
        if kind not in _INTERVALS:
            raise refuse(mc.CFG_INTERVAL(value=kind))
        return _INTERVALS[kind]

    @field_validator("every", "day")
    @classmethod
    def _count(cls, value: int | None, info: ValidationInfo) -> int | None:
        needed = {"every": "minutes", "day": "monthly"}[info.field_name or ""]
        if value is None and info.data.get("interval") == needed:
            raise refuse(mc.CFG_EVERY_REQUIRED() if needed == "minutes" else mc.CFG_DAY_REQUIRED())
        return value

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any, info: ValidationInfo) -> time | None:
        return clock_time(value) if info.data.get("interval") in ("daily", "weekly", "monthly") else None

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any, info: ValidationInfo) -> frozenset[int]:
        if info.data.get("interval") != "weekly":
            return frozenset()
        raw = texts([] if value is None else value)
        if not raw:
            raise refuse(mc.CFG_AT_LEAST_ONE())
        days = {text: _weekday(text) for text in raw}
        bad: list[tuple[str, Message]] = [("", mc.CFG_WEEKDAY(value=t)) for t, d in days.items() if d is None]
        if bad:
            raise refuse_all(bad)
        return frozenset(d for d in days.values() if d is not None)

    @model_validator(mode="after")
    def _sensible(self) -> ScheduleSection:
        found = validate(self.rule())
        if found:
            raise refuse_all(found)
        return self

    def rule(self) -> Recurrence:
        """The recurrence this section describes."""
        if self.interval == "hourly":
            return EveryMinutes(60)
        if self.interval == "minutes":
            return EveryMinutes(self.every or 0)
        at = self.at or time()
        if self.interval == "daily":
            return Daily(at)
        if self.interval == "weekly":
            return Weekly(self.days, at)
        return MonthDay(self.day or 0, at)


def _weekday(raw: str) -> int | None:
    key = raw.strip().lower()[:3]
    for table in ([d.lower() for d in WEEKDAYS_DE], _ENGLISH_DAYS):
        for i, name in enumerate(table):
            if key.startswith(name):
                return i
    return None
