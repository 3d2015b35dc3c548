"""Reading typed values out of form fields (the office pages) with one problem per wrong field.

A `FieldReader` collects a `Problem` per field (file = the form's name, line 0, field = the form
field's name) instead of raising at the first one, so a page can show every message at its field
and save nothing. Dates are ``TT.MM.JJJJ`` (as the office writes them) or ``JJJJ-MM-TT`` (as a date
input sends them); amounts take a decimal comma.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from syncsystem import numerals
from syncsystem.errors import DataError, Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["FieldReader"]


@dataclass
class FieldReader:
    """Typed values of one submitted form; ``problems`` holds what was wrong, field by field."""

    form_name: str
    values: Mapping[str, str]
    problems: list[Problem] = field(default_factory=list)

    def text(self, name: str) -> str:
        return str(self.values.get(name, "") or "").strip()

    def fail(self, name: str, message: Message) -> None:
        self.problems.append(Problem.of(self.form_name, 0, name, message))

    def whole(
        self, name: str, *, low: int | None = None, high: int | None = None, required: bool = False
    ) -> int | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.fail(name, mc.PG_REQUIRED())
            return None
        number = numerals.whole(raw)
        if number is None:
            self.fail(name, mc.PG_NOT_WHOLE(value=raw))
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.fail(
                name,
                mc.PG_OUT_OF_RANGE(
                    value=number, low=low if low is not None else "", high=high if high is not None else ""
                ),
            )
            return None
        return number

    def amount(self, name: str, *, low: Decimal, high: Decimal) -> Decimal | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            self.fail(name, mc.IN_NOT_AMOUNT(value=raw))
            return None
        if not value.is_finite() or not low <= value <= high:
            self.fail(name, mc.PG_OUT_OF_RANGE(value=raw, low=str(low), high=str(high)))
            return None
        return value

    def day(self, name: str, *, required: bool = False) -> date | None:
        raw = self.text(name)
        if not raw:
            if required:
                self.fail(name, mc.PG_REQUIRED())
            return None
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                continue
        self.fail(name, mc.IN_NOT_DATE(value=raw))
        return None

    def flag(self, name: str) -> bool:
        return self.text(name).lower() in ("on", "1", "true", "yes", "ja")

    def choice(self, name: str, allowed: tuple[str, ...]) -> str | None:
        raw = self.text(name)
        if raw not in allowed:
            self.fail(name, mc.IN_ONE_OF(allowed=", ".join(allowed)))
            return None
        return raw

    def check(self, summary: Message) -> None:
        """Raise `DataError` with every problem found (nothing may be saved then)."""
        if self.problems:
            raise DataError(self.problems, summary)
