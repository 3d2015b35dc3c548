"""The interface settings file (``syncsystem-interfaces.json``) declared field by field.

Each field names the catalogue codes of its label and hint (`syncsystem.declared.label`) and
refuses a bad value with a catalogue message (`syncsystem.declared`); `check` returns the settings'
values or raises `SettingsError` naming every bad field as ``syncsystem-interfaces.json:lock_date``.
The export path is not a setting of the file (it is the folder the file lives in), so a stored
``export_path`` is ignored.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from syncsystem.bmd.ranges import DEFAULT_RANGES
from syncsystem.declared import Flag, Section, Text, label, problems, refuse, text, whole
from syncsystem.errors import SettingsError
from syncsystem.interfaces.roles import DebtorRoles
from syncsystem.messages import codes as mc

__all__ = ["CUSTOMER_RANGE", "InterfaceSettingsFile", "check"]

CUSTOMER_RANGE = (DEFAULT_RANGES.customers.start, DEFAULT_RANGES.customers.stop - 1)
_NUMBER = whole(0, 999_999_999)


def _range(value: Any) -> tuple[int, int]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise refuse(mc.CFG_NUMBER_RANGE(value=repr(value)))
    low, high = (_NUMBER(v) for v in value)
    if low is None or high is None or low > high:
        raise refuse(mc.CFG_NUMBER_RANGE(value=repr(value)))
    return low, high


def _roles(value: Any) -> DebtorRoles:
    if isinstance(value, DebtorRoles):
        return value
    if value is not None and not isinstance(value, dict):
        raise refuse(mc.CFG_SECTION())
    try:
        return DebtorRoles.from_json(value)
    except (ValueError, TypeError, ArithmeticError):
        raise refuse(mc.CFG_INVALID(value=repr(value))) from None


def _lock_date(value: Any) -> date | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise refuse(mc.CFG_DATE(value=raw)) from None


class InterfaceSettingsFile(Section):
    """The settings of one installation; each field names the codes of its label and hint (the hints
    name Vertec's property names of seed 002), worded where the Debitoren page shows them."""

    customer_range: Annotated[tuple[int, int], BeforeValidator(_range)] = Field(
        CUSTOMER_RANGE, json_schema_extra=label(mc.SET_IF_CUSTOMER_RANGE, mc.SET_IF_CUSTOMER_RANGE_HINT)
    )
    next_customer_number: Annotated[int | None, BeforeValidator(_NUMBER)] = Field(
        None,
        validate_default=True,
        json_schema_extra=label(mc.SET_IF_NEXT_CUSTOMER, mc.SET_IF_NEXT_CUSTOMER_HINT),
    )
    auto_update_debtor: Flag = Field(
        True, json_schema_extra=label(mc.SET_IF_AUTO_UPDATE, mc.SET_IF_AUTO_UPDATE_HINT)
    )
    lock_date: Annotated[date | None, BeforeValidator(_lock_date)] = Field(
        None, json_schema_extra=label(mc.SET_IF_LOCK_DATE, mc.SET_IF_LOCK_DATE_HINT)
    )
    buchsymbol: Text = Field("AR", json_schema_extra=label(mc.SET_IF_BUCHSYMBOL, mc.SET_IF_BUCHSYMBOL_HINT))
    roles: Annotated[DebtorRoles, BeforeValidator(_roles)] = Field(
        default_factory=DebtorRoles, json_schema_extra=label(mc.SET_IF_ROLES, mc.SET_IF_ROLES_HINT)
    )

    @field_validator("next_customer_number")
    @classmethod
    def _in_range(cls, value: int | None, info: ValidationInfo) -> int | None:
        low, high = info.data.get("customer_range", CUSTOMER_RANGE)
        assert isinstance(low, int) and isinstance(high, int)
        if value is None:
            return low
        if not low <= value <= high + 1:
            raise refuse(mc.CFG_NEXT_CUSTOMER(number=value, low=low, high=high))
        return value


def check(data: Any, path: Path) -> InterfaceSettingsFile:
    """``data`` (the parsed file) as settings; raises `SettingsError` naming every bad field."""
    try:
        return InterfaceSettingsFile.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(problems(exc, str(path))) from None
