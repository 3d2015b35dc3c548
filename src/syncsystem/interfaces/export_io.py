"""Read the export configuration and a source system's transactions from JSON.

Configuration (``--config``): ``{"belegnr": "belegnr|reservation|psp|invoice", "text": …,
"extbelegnr": …, "buchsymbole": {"revenue": "AR", "payment": "BK"}, "aggregate_belegnr": "Apaleo",
"accounts": {"<source account>": {"konto": 4000, "type": "revenue", "kost": "10"}},
"companies": {"<source account>": {"name", "street", "plz", "city", "country", "uid"}}}``.
Transactions (``--transactions``): a list of ``{"id", "date" (JJJJ-MM-TT), "debit", "credit",
"gross", "vat"?, "tax"?, "storno"?, "belegnr"?, "reservation"?, "psp"?, "invoice"?, "service"?}``.
Problems name the file and the JSON path of the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from syncsystem.errors import DataError, Problem, UsageError
from syncsystem.interfaces.export_formats import (
    AccountMapping,
    AccountType,
    Company,
    ExportConfig,
    Source,
    Transaction,
)
from syncsystem.interfaces.model import ValueRefusedError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason

__all__ = ["config_from_doc", "load_config", "load_transactions", "parse_transactions"]


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except OSError as exc:
        raise UsageError(mc.BMD_CANNOT_READ(name=str(path), reason=os_reason(exc))) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", 0)
        raise DataError([Problem.of(str(path), line, "", mc.IN_JSON(reason=str(exc)))]) from exc


def load_config(path: Path) -> ExportConfig:
    """The export configuration; every wrong value is named."""
    return config_from_doc(_json(path), str(path))


def config_from_doc(doc: Any, name: str) -> ExportConfig:
    """The export configuration of a parsed document; problems name ``name`` and the key."""
    problems: list[Problem] = []

    def pick(key: str, enum: type[Source], default: Source) -> Source:
        try:
            return enum(doc.get(key, default.value))
        except ValueError:
            problems.append(Problem.of(name, 0, key, mc.IN_ONE_OF(allowed=", ".join(s.value for s in enum))))
            return default

    if not isinstance(doc, dict):
        raise DataError([Problem.of(name, 0, "", mc.IN_JSON_OBJECT())])
    accounts: dict[str, AccountMapping] = {}
    for acc, spec in dict(doc.get("accounts", {})).items():
        try:
            accounts[str(acc)] = AccountMapping(
                int(spec["konto"]), AccountType(spec.get("type", "other")), str(spec.get("kost", ""))
            )
        except (KeyError, ValueError, TypeError) as exc:
            problems.append(Problem.of(name, 0, f"accounts.{acc}", mc.IN_MAPPING(reason=str(exc))))
    symbols: dict[AccountType, str] = {}
    for typ, sym in dict(doc.get("buchsymbole", {})).items():
        try:
            symbols[AccountType(typ)] = str(sym)
        except ValueError:
            problems.append(Problem.of(name, 0, f"buchsymbole.{typ}", mc.IN_ACCOUNT_TYPE()))
    companies = {
        str(acc): Company(
            str(acc),
            str(c.get("name", "")),
            str(c.get("street", "")),
            str(c.get("plz", "")),
            str(c.get("city", "")),
            str(c.get("country", "")),
            str(c.get("uid", "")),
        )
        for acc, c in dict(doc.get("companies", {})).items()
    }
    config = ExportConfig(
        accounts=accounts,
        belegnr_source=pick("belegnr", Source, Source.BELEGNR),
        text_source=pick("text", Source, Source.SERVICE),
        extbelegnr_source=pick("extbelegnr", Source, Source.INVOICE),
        buchsymbole=symbols,
        aggregate_belegnr=str(doc.get("aggregate_belegnr", "Apaleo")),
        companies=companies,
    )
    if problems:
        raise DataError(problems, mc.IN_REFUSED_CONFIG(name=name))
    return config


def _dec(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueRefusedError(mc.IN_NOT_AMOUNT(value=str(value))) from None
    if not amount.is_finite():
        raise ValueRefusedError(mc.IN_NOT_AMOUNT(value=str(value)))
    return amount


def _iso_date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueRefusedError(mc.IN_NOT_ISO_DATE(value=str(value))) from None


def load_transactions(path: Path) -> list[Transaction]:
    """The transactions of a JSON file; refused as a whole with every problem named."""
    return parse_transactions(_json(path), str(path))


def parse_transactions(doc: Any, name: str) -> list[Transaction]:
    """The transactions of an already parsed document (a list, or ``{"transactions": [...]}``).

    Problems name ``name`` and the item as ``[index].field``; other readers (a CSV of the same
    fields) map the index back to their own line numbers.
    """
    if isinstance(doc, dict):
        doc = doc.get("transactions", [])
    if not isinstance(doc, list):
        raise DataError([Problem.of(name, 0, "", mc.IN_TRANSACTION_LIST())])
    problems: list[Problem] = []
    result: list[Transaction] = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            problems.append(Problem.of(name, 0, f"[{i}]", mc.IN_JSON_OBJECT()))
            continue
        transaction = _transaction(item, i, name, problems)
        if transaction is not None:
            result.append(transaction)
    if problems:
        raise DataError(problems, mc.IN_REFUSED_TRANSACTIONS(name=name))
    return result


_REQUIRED: dict[str, Callable[[Any], object]] = {
    "date": _iso_date,
    "debit": str,
    "credit": str,
    "gross": _dec,
}
_OPTIONAL: dict[str, Callable[[Any], object]] = {"vat": _dec, "tax": _dec}


def _transaction(item: dict[str, Any], i: int, name: str, problems: list[Problem]) -> Transaction | None:
    """One transaction, or None with each wrong or missing value appended at ``[i].field``."""
    before = len(problems)
    values: dict[str, Any] = {}
    for key, convert in (_REQUIRED | _OPTIONAL).items():
        raw = item.get(key)
        if raw is None or (key in _OPTIONAL and raw == ""):
            if key in _REQUIRED:
                problems.append(Problem.of(name, 0, f"[{i}].{key}", mc.IN_MISSING()))
            continue
        try:
            values[key] = convert(raw)
        except ValueRefusedError as exc:
            problems.append(Problem.of(name, 0, f"[{i}].{key}", exc.message))
    if len(problems) != before:
        return None
    return Transaction(
        id=str(item.get("id", i)),
        datum=values["date"],
        debit=values["debit"],
        credit=values["credit"],
        gross=values["gross"],
        vat_percent=values.get("vat"),
        tax=values.get("tax", Decimal("0")),
        storno=bool(item.get("storno", False)),
        **{k: str(item.get(k, "")) for k in ("belegnr", "reservation", "psp", "invoice", "service")},
    )
