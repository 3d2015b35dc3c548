"""Read what a source system hands over — invoices and debtors as JSON or CSV — into domain values.

This is the source system's side of the interface, not a BMD format: JSON (a list of objects, or
``{"invoices": [...]}``) or a semicolon CSV with a header (UTF-8, or Windows-1252 as Austrian
office software writes it). Every problem is collected and named ``file:line:field`` (JSON: the
path of the value as the field), so a source system learns everything wrong in one round.

Invoice JSON: ``{"rechnungsnr", "datum", "debitor", "mandant"?, "text"?, "lines": [{"konto",
"netto"|"brutto", "mwst": "1 (20)", "kost"?, "text"?}]}``. Invoice CSV: one row per line,
``rechnungsnr;datum;debitor;konto;netto;brutto;mwst;kost;text[;mandant]``, rows of one invoice
sharing number, date and debtor. Debtor JSON/CSV: the person-account field names of
:class:`~syncsystem.bmd.records.PersonAccount` (``uid`` also as ``uidnummer``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from syncsystem.bmd.records import MandantId, PersonAccount
from syncsystem.errors import Problem
from syncsystem.interfaces.model import (
    InvoiceLine,
    SourceInvoice,
    ValueRefusedError,
    VatType,
    gross_and_tax,
)
from syncsystem.interfaces.roles import LINE_KINDS, DebtorRoles
from syncsystem.messages import codes as mc

__all__ = ["debtor_refs", "parse_debtors", "parse_invoices"]

_PERSON_FIELDS = {f.name for f in fields(PersonAccount)}
_ALIASES = {"uidnummer": "uid", "name": "nachname", "zziel": "zahlungsziel", "skontopz": "skonto"}
_INT_FIELDS = {"konto", "zahlungsziel", "skontotage", "sammelkonto"}


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="strict")


def _records(data: bytes, name: str) -> tuple[list[tuple[str, dict[str, Any]]], list[Problem]]:
    """(where, mapping) per record; JSON when the text starts with ``[`` or ``{``, else CSV."""
    try:
        text = _decode(data)
    except UnicodeDecodeError as exc:
        return [], [Problem.of(name, 0, "", mc.IN_ENCODING(reason=exc.reason))]
    stripped = text.lstrip()
    if stripped[:1] in ("[", "{"):
        try:
            doc = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            return [], [Problem.of(name, exc.lineno, "", mc.IN_JSON(reason=exc.msg))]
        if isinstance(doc, dict):
            doc = doc.get("invoices", doc.get("debtors", [doc]))
        if not isinstance(doc, list) or not all(isinstance(x, dict) for x in doc):
            return [], [Problem.of(name, 0, "", mc.IN_LIST_OF_OBJECTS())]
        return [(f"[{i}]", item) for i, item in enumerate(doc)], []
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    rows = []
    for row in reader:
        if None in row:
            return [], [Problem.of(name, reader.line_num, "", mc.IN_MORE_CELLS())]
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if any(clean.values()):
            rows.append((str(reader.line_num), clean))
    return rows, []


def _problem(where: tuple[str, int, str], exc: Exception) -> Problem:
    """The problem of a refused value: catalogued where a converter here said why, else Python's words."""
    if isinstance(exc, ValueRefusedError):
        return Problem.of(*where, exc.message)
    return Problem.text(*where, str(exc))


def _where(name: str, at: str, key: str) -> tuple[str, int, str]:
    if at.startswith("["):
        return name, 0, f"{at}.{key}"
    return name, int(at), key


def _date(value: Any) -> date:
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no zone
        except ValueError:
            continue
    raise ValueRefusedError(mc.IN_NOT_DATE(value=text))


def _whole(value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueRefusedError(mc.IN_NOT_WHOLE(value=str(value))) from None


def _money(value: Any) -> Decimal:
    text = str(value).strip().replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueRefusedError(mc.IN_NOT_AMOUNT(value=str(value))) from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueRefusedError(mc.IN_AMOUNT_DECIMALS(value=str(value)))
    return amount


_Document = tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]


def _line_account(ln: dict[str, Any], roles: DebtorRoles) -> tuple[int, str]:
    """Account and cost centre of a line: its own ``konto``, else the role of its ``art``."""
    kost = str(ln.get("kost", "") or "")
    if ln.get("konto", "") in ("", None) and ln.get("art", "") in ("", None):
        raise ValueRefusedError(mc.IN_MISSING())
    if ln.get("konto", "") not in ("", None):
        return _whole(ln.get("konto", "")), kost
    kind = str(ln["art"]).strip().lower()
    if kind not in LINE_KINDS:
        raise ValueRefusedError(mc.IN_LINE_KIND(value=kind, allowed=", ".join(LINE_KINDS)))
    konto, role_kost = roles.line_account(kind)
    if konto is None:
        raise ValueRefusedError(mc.IN_ROLE_UNSET(kind=kind))
    return konto, kost or role_kost


def debtor_refs(data: bytes, name: str) -> list[str]:
    """The source system's id of each debtor (field ``quelle`` or ``id``), in `parse_debtors` order."""
    records, _ = _records(data, name)
    return [str(rec.get("quelle") or rec.get("id") or "") for _, rec in records]


def _documents(
    records: list[tuple[str, dict[str, Any]]], name: str, problems: list[Problem]
) -> list[_Document]:
    """Each invoice with its lines: nested in JSON, or CSV rows grouped by ``rechnungsnr``."""
    if records and records[0][0].startswith("["):
        nested: list[_Document] = []
        for at, rec in records:
            lines = rec.get("lines", rec.get("positionen", []))
            if not isinstance(lines, list) or not lines:
                problems.append(Problem.of(name, 0, f"{at}.lines", mc.IN_NO_LINES()))
                continue
            nested.append((at, rec, [(f"{at}.lines[{j}]", ln) for j, ln in enumerate(lines)]))
        return nested
    groups: dict[str, _Document] = {}
    for at, rec in records:
        group = groups.setdefault(rec.get("rechnungsnr", ""), (at, rec, []))
        for key in ("datum", "debitor", "mandant"):
            if rec.get(key, "") != group[1].get(key, ""):
                differs = mc.IN_DIFFERS(line=group[0], invoice=str(rec.get("rechnungsnr")))
                problems.append(Problem.of(name, int(at), key, differs))
        group[2].append((at, rec))
    return list(groups.values())


def _invoice_line(
    where: tuple[str, str], ln: dict[str, Any], roles: DebtorRoles, problems: list[Problem]
) -> InvoiceLine | None:
    """One line of an invoice, or None with every wrong value appended at its own field."""
    name, at = where
    before = len(problems)

    def take(key: str, convert: Any, raw: Any) -> Any:
        try:
            return convert(raw)
        except (ValueError, TypeError) as exc:
            problems.append(_problem(_where(name, at, key), exc))
            return None

    vat = take("mwst", VatType.parse, str(ln.get("mwst", "")))
    net, gross = ln.get("netto", ""), ln.get("brutto", "")
    netto = take("netto", _money, net) if net not in ("", None) else None
    brutto = take("brutto", _money, gross) if gross not in ("", None) else None
    if net not in ("", None) and gross not in ("", None):
        problems.append(Problem.of(*_where(name, at, "netto"), mc.IN_NET_AND_GROSS()))
    elif net in ("", None) and gross in ("", None):
        problems.append(Problem.of(*_where(name, at, "netto"), mc.IN_MISSING()))
    by_kind = ln.get("konto", "") in ("", None) and ln.get("art", "") not in ("", None)
    account = take("art" if by_kind else "konto", lambda line: _line_account(line, roles), ln)
    if len(problems) != before:
        return None
    total, steuer = gross_and_tax(vat, net=netto, gross=brutto)
    konto, kost = account
    return InvoiceLine(konto, total, steuer, vat, kost, str(ln.get("text", "") or ""))


def _invoice(
    document: _Document,
    name: str,
    default_mandant: MandantId | None,
    roles: DebtorRoles,
    problems: list[Problem],
) -> SourceInvoice | None:
    """One invoice, or None with its problems appended."""
    at, rec, lines = document
    before = len(problems)
    header: dict[str, Any] = {}
    for key, conv in (("rechnungsnr", str), ("datum", _date), ("debitor", _whole)):
        raw = rec.get(key, "")
        if raw in ("", None):
            problems.append(Problem.of(*_where(name, at, key), mc.IN_MISSING()))
            continue
        try:
            header[key] = conv(raw)
        except (ValueError, TypeError) as exc:
            problems.append(_problem(_where(name, at, key), exc))
    mandant = str(rec.get("mandant") or default_mandant or "")
    if not mandant:
        problems.append(Problem.of(*_where(name, at, "mandant"), mc.IN_MISSING_MANDANT()))
    parsed_lines: list[InvoiceLine] = []
    for lat, ln in lines:
        line = _invoice_line((name, lat), ln, roles, problems)
        if line is not None:
            parsed_lines.append(line)
    if len(problems) != before:
        return None
    return SourceInvoice(
        mandant,
        header["rechnungsnr"],
        header["datum"],
        header["debitor"],
        tuple(parsed_lines),
        str(rec.get("text", "") or ""),
    )


def parse_invoices(
    data: bytes, name: str, default_mandant: MandantId | None, roles: DebtorRoles | None = None
) -> tuple[list[SourceInvoice], list[Problem]]:
    """Invoices of a JSON or CSV document, and every problem found in it. A line may name its kind
    (``art``: leistungen, spesen, auslagen, vorschuss) instead of ``konto``: ``roles`` give the account."""
    records, problems = _records(data, name)
    invoices = [
        _invoice(document, name, default_mandant, roles or DebtorRoles(), problems)
        for document in _documents(records, name, problems)
    ]
    return [invoice for invoice in invoices if invoice is not None], problems


def parse_debtors(data: bytes, name: str) -> tuple[list[PersonAccount], list[Problem]]:
    """Debtors of a JSON or CSV document (``konto`` may be missing for new debtors: 0)."""
    records, problems = _records(data, name)
    debtors: list[PersonAccount] = []
    for at, rec in records:
        values: dict[str, Any] = {"konto": 0}
        ok = True
        for raw_key, raw in rec.items():
            key = _ALIASES.get(raw_key.lower(), raw_key.lower())
            if key not in _PERSON_FIELDS or raw in ("", None):
                continue
            try:
                if key in _INT_FIELDS:
                    values[key] = _whole(raw)
                elif key == "skonto":
                    values[key] = _money(raw)
                else:
                    values[key] = str(raw)
            except (ValueError, TypeError) as exc:
                problems.append(_problem(_where(name, at, raw_key), exc))
                ok = False
        if not values.get("nachname"):
            problems.append(Problem.of(*_where(name, at, "nachname"), mc.IN_MISSING_NAME()))
            ok = False
        if ok:
            debtors.append(PersonAccount(**values))
    return debtors, problems
