"""The emulator's own strict reader of BMD import files, independent of ``syncsystem.bmd``.

BMD's Import-Modell reads a file by itself; the emulator does the same so that a bug shared by the
product's reader and writer cannot hide behind a round trip. This reader knows only what the
reference documents (``shared/reference/bmd-format.md`` §1 and §4): ``;`` separated lines with one
header line of field names (NTCS names or the BMD 5.5 names ``konto, gkto, belegdat, mwst, steucod,
bucod, symbol, …``, case-insensitive; an optional ``NTCS_CONSTID_INFO%…`` line before it), optional
RFC 4180 double quotes, an optional trailing ``;``, Windows-1252 unless a byte-order mark or valid
UTF-8 says otherwise; dates ``TT.MM.JJJJ``, ``JJJJMMTT`` or ``JJMMTT``; amounts with a decimal comma,
at most two decimals, no thousands separator, optional leading zeros and sign; ``buchcode`` 1 or 2.
A file whose header has ``buchcode``/``betrag`` is a booking file, one with ``konto`` and a name
(``nachname``/``name``) a person-account file. Everything else is refused with a German message
naming line and field — nothing is guessed, and nothing is converted from another dialect (dot
decimals, fixed-length BMD 5.5 records) that the reference does not name as accepted by NTCS.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from syncsystem.bmd.records import Booking, Buchcode, PersonAccount
from syncsystem.errors import Problem

__all__ = ["StrictFile", "parse"]

# NTCS field name -> (record field, kind); 5.5 names and common NTCS spellings as aliases.
_BOOKING_FIELDS: dict[str, tuple[str, str]] = {
    "satzart": ("satzart", "int"),
    "konto": ("konto", "account"),
    "gkonto": ("gkonto", "account"),
    "belegnr": ("belegnr", "text"),
    "belegdatum": ("belegdatum", "date"),
    "buchdatum": ("buchdatum", "date"),
    "buchsymbol": ("buchsymbol", "text"),
    "buchcode": ("buchcode", "buchcode"),
    "prozent": ("prozent", "rate"),
    "steuercode": ("steuercode", "int"),
    "betrag": ("betrag", "money"),
    "steuer": ("steuer", "money"),
    "text": ("text", "text"),
    "kost": ("kost", "text"),
    "extbelegnr": ("extbelegnr", "text"),
    "skonto": ("skonto", "money"),
    "zziel": ("zziel", "int"),
    "skontopz": ("skontopz", "rate"),
    "skontotage": ("skontotage", "int"),
    "opbetrag": ("opbetrag", "money"),
    "periode": ("periode", "int"),
    "filiale": ("filiale", "text"),
    "fwbetrag": ("fwbetrag", "money"),
    "fwsteuer": ("fwsteuer", "money"),
    "waehrung": ("waehrung", "text"),
    "ebkennz": ("ebkennz", "int"),
    "ausz-belegnr": ("ausz_belegnr", "text"),
    "ausz-betrag": ("ausz_betrag", "money"),
}
_BOOKING_ALIASES = {
    "gkto": "gkonto",
    "buchdat": "buchdatum",
    "belegdat": "belegdatum",
    "mwst": "prozent",
    "steucod": "steuercode",
    "bucod": "buchcode",
    "symbol": "buchsymbol",
    "wae": "waehrung",
    "ausz_belegnr": "ausz-belegnr",
    "ausz_betrag": "ausz-betrag",
}
_PERSON_FIELDS: dict[str, tuple[str, str]] = {
    "konto": ("konto", "account"),
    "nachname": ("nachname", "text"),
    "vorname": ("vorname", "text"),
    "matchcode": ("matchcode", "text"),
    "strasse": ("strasse", "text"),
    "plz": ("plz", "text"),
    "ort": ("ort", "text"),
    "land": ("land", "text"),
    "uidnummer": ("uid", "text"),
    "email": ("email", "text"),
    "telefon": ("telefon", "text"),
    "iban": ("iban", "text"),
    "bic": ("bic", "text"),
    "waehrung": ("waehrung", "text"),
    "zziel": ("zahlungsziel", "int"),
    "skontopz": ("skonto", "rate"),
    "skontotage": ("skontotage", "int"),
    "sammelkonto": ("sammelkonto", "account"),
    "filiale": ("filiale", "text"),
}
_PERSON_ALIASES = {
    "kto-nr": "konto",
    "konto-nr": "konto",
    "ktonr": "konto",
    "kontonummer": "konto",
    "name": "nachname",
    "straße": "strasse",
    "postltz": "plz",
    "uid": "uidnummer",
    "uid-nummer": "uidnummer",
    "uidnr": "uidnummer",
    "mail": "email",
    "e-mail": "email",
    "telefon-nr": "telefon",
    "swift": "bic",
    "wae": "waehrung",
    "zahlungsziel": "zziel",
    "skonto": "skontopz",
    "skonto%": "skontopz",
}
_REQUIRED = {
    "bookings": ("konto", "belegnr", "belegdatum", "buchcode", "betrag"),
    "persons": ("konto", "nachname"),
}

_ACCOUNT = re.compile(r"^\d{1,10}$")
_INT = re.compile(r"^\d{1,4}$")
_MONEY = re.compile(r"^([+-]?)\s*(\d{1,15})(?:,(\d{1,2}))?$")
_RATE = re.compile(r"^(\d{1,3})(?:,(\d{1,3}))?$")
_DMY = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_YMD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YMD6 = re.compile(r"^(\d{2})(\d{2})(\d{2})$")


@dataclass(frozen=True, slots=True)
class StrictFile:
    """What the strict reader found: kind ("bookings"/"persons"), records with their line numbers."""

    name: str
    kind: str
    records: tuple[tuple[int, Booking | PersonAccount], ...]
    problems: tuple[Problem, ...]

    @property
    def rows(self) -> int:
        return len(self.records)


def _decode(data: bytes) -> str:
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _value(kind: str, raw: str) -> tuple[Any, str]:
    """(parsed value, "") or (None, German reason)."""
    text = raw.strip()
    if kind == "text":
        return raw.strip(), ""
    if not text:
        return None, ""
    if kind == "account":
        return (int(text), "") if _ACCOUNT.match(text) else (None, f"Kontonummer {text!r} ist keine Zahl")
    if kind == "int":
        return (int(text), "") if _INT.match(text) else (None, f"{text!r} ist keine ganze Zahl")
    if kind == "buchcode":
        if text in ("1", "2"):
            return Buchcode(int(text)), ""
        return None, f"Buchcode {text!r} ist nicht 1 (Soll) oder 2 (Haben)"
    if kind == "money":
        m = _MONEY.match(text)
        if not m:
            return None, f"Betrag {text!r} ist kein Betrag mit Dezimalkomma (z. B. 120,00)"
        value = Decimal(f"{m[2]}.{(m[3] or '0').ljust(2, '0')}")
        return (-value if m[1] == "-" else value), ""
    if kind == "rate":
        m = _RATE.match(text)
        if not m:
            return None, f"Prozentsatz {text!r} ist keine Zahl mit Dezimalkomma"
        return Decimal(f"{m[1]}.{m[2]}" if m[2] else m[1]), ""
    if kind == "date":
        return _date(text)
    raise AssertionError(kind)


def _date(text: str) -> tuple[date | None, str]:
    for pattern, order in ((_DMY, (3, 2, 1)), (_YMD, (1, 2, 3)), (_YMD6, (1, 2, 3))):
        m = pattern.match(text)
        if m:
            year, month, day = (int(m[i]) for i in order)
            if pattern is _YMD6:
                year += 1900 if year >= 70 else 2000
            try:
                return date(year, month, day), ""
            except ValueError:
                break
    return None, f"Datum {text!r} ist kein gültiges Datum (TT.MM.JJJJ, JJJJMMTT oder JJMMTT)"


def _columns(header: list[str]) -> tuple[str, list[str | None]]:
    names = [h.strip().strip("\ufeff").lower() for h in header]
    booking = [_BOOKING_ALIASES.get(n, n) for n in names]
    if "buchcode" in booking or "betrag" in booking:
        return "bookings", [n if n in _BOOKING_FIELDS else None for n in booking]
    person = [_PERSON_ALIASES.get(n, n) for n in names]
    if "konto" in person and "nachname" in person:
        return "persons", [n if n in _PERSON_FIELDS else None for n in person]
    return "", []


def _split(data: bytes, name: str) -> tuple[int, list[tuple[int, list[str]]], Problem | None]:
    """The first line of the header (after an NTCS preamble) and the rows with their line numbers."""
    lines = _decode(data).splitlines()
    first = 2 if lines and lines[0].upper().startswith("NTCS_CONSTID_INFO") else 1
    reader = csv.reader(io.StringIO("\n".join(lines[first - 1 :])), delimiter=";", quotechar='"', strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            rows.append((first - 1 + reader.line_num, row))
    except csv.Error as exc:
        where = first + reader.line_num - 1
        return first, rows, Problem.text(name, where, "", f"Anführungszeichen fehlerhaft: {exc}")
    if not rows:
        return first, rows, Problem.text(name, 0, "", "Die Datei ist leer")
    return first, rows, None


def _record(
    name: str, number: int, row: list[str], kind: str, columns: list[str | None]
) -> tuple[Booking | PersonAccount | None, list[Problem]]:
    """One data row as a record, or None and the problems of its fields."""
    fields = _BOOKING_FIELDS if kind == "bookings" else _PERSON_FIELDS
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    bad: set[str] = set()
    for column, cell in zip(columns, row, strict=True):
        if column is None:
            continue
        target, kind_of = fields[column]
        value, reason = _value(kind_of, cell)
        if reason:
            problems.append(Problem.text(name, number, column, reason))
            bad.add(column)
        elif value not in (None, ""):
            values[target] = value
    for need in _REQUIRED[kind]:
        if need in columns and need not in bad and fields[need][0] not in values:
            problems.append(Problem.text(name, number, need, f"Pflichtfeld {need} ist leer"))
    if problems:
        return None, problems
    return (Booking(**values) if kind == "bookings" else PersonAccount(**values)), []


def parse(data: bytes, name: str) -> StrictFile:
    """The records of an NTCS import file and every problem, located ``name:line:field``."""
    first, rows, refused = _split(data, name)
    if refused is not None:
        return StrictFile(name, "", (), (refused,))
    kind, columns = _columns(rows[0][1])
    if not kind:
        unknown = Problem.text(
            name,
            first,
            "",
            "Kopfzeile unbekannt: das Import-Modell liest nur Personenkonten und Buchungen "
            "(Spalten konto, nachname bzw. buchcode, betrag); "
            "feste Satzlänge (BMD 5.5) wird nicht gelesen",
        )
        return StrictFile(name, "", (), (unknown,))
    problems = [
        Problem.text(name, first, need, f"Pflichtspalte {need} fehlt in der Kopfzeile")
        for need in _REQUIRED[kind]
        if need not in columns
    ]
    header_bad = bool(problems)
    width = len(columns)
    records: list[tuple[int, Booking | PersonAccount]] = []
    for number, cells in rows[1:]:
        row = cells
        if not any(cell.strip() for cell in row):
            continue
        if len(row) == width + 1 and not row[-1].strip():
            row = row[:-1]  # trailing ';' (BMD 5.5 samples, fdoo)
        if len(row) != width:
            problems.append(
                Problem.text(name, number, "", f"{len(row)} Felder statt {width} wie in der Kopfzeile")
            )
            continue
        record, found = _record(name, number, row, kind, columns)
        problems.extend(found)
        if record is not None and not header_bad:
            records.append((number, record))
    return StrictFile(name, kind, tuple(records), tuple(problems))
