"""BMD's import interface for a Mandant: person-account and booking files, all or nothing.

Like NTCS's Import-Modell, the checks run over the whole file before anything is posted: a booking
for a person account that does not exist (import the person accounts first!), for a Sachkonto not
in the chart, on or before the Sperrdatum, with an unknown Steuercode, a tax amount that does not
fit the rate, a clearing of an open item that is not there (or not open enough), or a document
number already posted, refuses the file with every problem named ``file:line:field``. Accepted
documents are posted (expanded, see :mod:`emulators.bmd.posting`) and their person lines become
open items. A missing ``steuer`` is computed from ``prozent``, a missing ``buchdatum`` defaults
to the document date, as BMD does. Person accounts are created or updated; unchanged rows change
nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from syncsystem.bmd import Kind, ReadResult
from syncsystem.bmd.records import Booking, PersonAccount
from syncsystem.errors import Problem

from .books import ChangeRecord, MandantBooks
from .chart import TAX_CODES, is_person
from .errors import ImportRefusedError
from .posting import Document, gross_to_tax, money, normalise

__all__ = ["plan_import"]


def plan_import(books: MandantBooks, read: ReadResult, today: date) -> list[ChangeRecord]:
    """The changes an import file makes to ``books``; raises :class:`ImportRefusedError` on any problem."""
    name = read.name
    if read.problems:
        raise ImportRefusedError(name, read.problems)
    if read.kind is Kind.PERSONS:
        return _persons(books, read)
    if read.kind is Kind.BOOKINGS:
        return _bookings(books, read, today)
    raise ImportRefusedError(
        name,
        [
            Problem(
                name,
                1,
                "",
                f"Import-Modell kennt keine Datei der Art {read.kind}: "
                "nur Personenkonten und Buchungen können importiert werden",
            )
        ],
    )


def _persons(books: MandantBooks, read: ReadResult) -> list[ChangeRecord]:
    changes: list[ChangeRecord] = []
    seen: dict[int, int] = {}
    problems: list[Problem] = []
    for line, record in enumerate(read.records, start=2):
        assert isinstance(record, PersonAccount)
        if record.konto in seen:
            problems.append(
                Problem(
                    read.name,
                    line,
                    "konto",
                    f"Konto {record.konto} doppelt in der Datei (zuerst in Zeile {seen[record.konto]})",
                )
            )
            continue
        seen[record.konto] = line
        current = books.persons.get(record.konto)
        if current is None or current[0] != record:
            changes.append(record)
    if problems:
        raise ImportRefusedError(read.name, problems)
    return changes


def _bookings(books: MandantBooks, read: ReadResult, today: date) -> list[ChangeRecord]:
    problems: list[Problem] = []
    groups: dict[tuple[str, str, date], list[Booking]] = defaultdict(list)
    first_line: dict[tuple[str, str, date], int] = {}
    cleared: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    lock = books.info.lock_date
    for number, raw in enumerate(read.records, start=2):
        assert isinstance(raw, Booking)
        found = _line_problems(books, normalise(raw), lock, cleared)
        problems.extend(Problem(read.name, number, field, message) for field, message in found)
        key = (raw.buchsymbol, raw.belegnr, raw.belegdatum)
        groups[key].append(_complete(raw))
        first_line.setdefault(key, number)
    for key in groups:
        symbol, belegnr, _ = key
        if (symbol, belegnr) in books.index:
            problems.append(
                Problem(
                    read.name,
                    first_line[key],
                    "belegnr",
                    f"Beleg {symbol} {belegnr} ist bereits verbucht (doppelte Belegnummer)",
                )
            )
    if problems:
        raise ImportRefusedError(read.name, sorted(problems, key=lambda p: p.line))
    return [
        Document(symbol, belegnr, belegdatum, tuple(lines))
        for (symbol, belegnr, belegdatum), lines in groups.items()
    ]


def _complete(line: Booking) -> Booking:
    """Fill what BMD fills on import: buchdatum from belegdatum, steuer from prozent."""
    if line.buchdatum is None:
        line = replace(line, buchdatum=line.belegdatum)
    if line.steuer is None and line.prozent:
        lead = normalise(line)
        if is_person(lead.konto):
            tax = -gross_to_tax(lead.betrag, line.prozent)
        else:
            tax = money(lead.betrag * line.prozent / 100)
        line = replace(line, steuer=tax if lead is line else -tax)
    return line


def _line_problems(
    books: MandantBooks, line: Booking, lock: date, cleared: dict[tuple[int, str], Decimal]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if line.satzart != 0:
        found.append(("satzart", f"Satzart {line.satzart} wird vom Import-Modell nicht verarbeitet"))
    for field, konto in (("konto", line.konto), ("gkonto", line.gkonto)):
        if not konto:
            continue
        if is_person(konto) and konto not in books.persons:
            found.append(
                (
                    field,
                    f"Personenkonto {konto} ist nicht angelegt — bitte zuerst die Personenkonten importieren",
                )
            )
        elif not is_person(konto) and konto not in books.accounts:
            found.append((field, f"Sachkonto {konto} ist im Kontenplan nicht angelegt"))
    if not line.gkonto:
        found.append(("gkonto", "Gegenkonto fehlt"))
    posted = line.buchdatum or line.belegdatum
    if posted <= lock:
        found.append(
            (
                "buchdatum",
                f"Buchungsdatum {posted:%d.%m.%Y} liegt in der gesperrten Periode "
                f"(Sperrdatum {lock:%d.%m.%Y})",
            )
        )
    rate = line.prozent or Decimal(0)
    # a given Steuercode is checked even at 0 %: BMD knows which codes allow a 0 % rate
    if line.steuercode or rate or line.steuer:
        code = TAX_CODES.get(line.steuercode or 0)
        if code is None:
            found.append(("steuercode", f"Steuercode {line.steuercode} ist nicht definiert"))
        elif rate not in code.rates or (line.steuer and code.account is None):
            found.append(("prozent", f"Steuersatz {rate} % ist für Steuercode {code.code} nicht erlaubt"))
    if line.ausz_belegnr and is_person(line.konto):
        key = (line.konto, line.ausz_belegnr)
        item = books.items.get(key)
        amount = line.ausz_betrag if line.ausz_betrag is not None else -line.betrag
        cleared[key] += amount
        if item is None:
            found.append(
                ("ausz-belegnr", f"Offener Posten {line.ausz_belegnr} auf Konto {line.konto} nicht gefunden")
            )
        elif abs(cleared[key]) > abs(item.open) or (item.open > 0) != (cleared[key] > 0):
            found.append(
                (
                    "ausz-betrag",
                    f"Auszifferung {cleared[key]} übersteigt den offenen Betrag "
                    f"{item.open} von Beleg {item.belegnr}",
                )
            )
    return found
