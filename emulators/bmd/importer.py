"""BMD's import interface for a Mandant: person-account and booking files, all or nothing.

The file is read by the emulator's own strict reader (:mod:`emulators.bmd.strict`), never by
``syncsystem.bmd``, and checked here, so a mistake the product's reader and writer share cannot
pass unseen. Like NTCS's Import-Modell, the checks run over the whole file before anything is
posted: a person account that does not exist (import the person accounts first!), a Sachkonto not
in the chart, a booking on or before the Sperrdatum, an unknown Steuercode or a rate it does not
allow, a tax whose sign contradicts its tax type, a tax that fits neither the net nor the gross
amount, a clearing of an open item that is not there
(or not open enough), or a document number already posted, refuses the file with every problem
named by line and field. Accepted documents are posted (see :mod:`emulators.bmd.posting`).

Buchungssymbole: which account kinds a symbol allows is the Buchungsregel each installation
configures (bmd-format.md §1.1, §1.5: "configurable per company in NTCS"); BMD's default AR allows
revenue, customer and asset accounts, so the emulator, a default BMD, refuses no symbol for its
accounts ("Kassa an Erlös" under AR books).

Sign rule (the same as the product's validator): ``betrag``/``steuer`` are signed from the view of
``konto``, Soll positive, Haben negative. ``buchcode`` names the side of the ordinary document
(1 Soll: betrag > 0; 2 Haben: betrag < 0); a betrag against its buchcode is a credit note/Storno
and is booked with its sign. Umsatzsteuer codes carry steuer ≤ 0 on an ordinary document and ≥ 0
on a credit note, Vorsteuer codes the opposite, Erwerbsteuer (self-assessed) always ≤ 0. Where a
person account takes part, its side tells the credit note whatever the buchcode: led by the person
(gross, the tax on the other side) the customer in Haben or the supplier in Soll — timesheet.io's
buchcode 2 with +60,00 and tax +10,00 would debit the customer and is refused; led by a Sachkonto
against the person (the tax on konto's side) the revenue in Soll or the expense in Haben (Werkboq's
buchcode-1 credit note). A code of the other side — Vorsteuer 2 or Erwerbsteuer 8/9 on a sale,
an Umsatzsteuer code on a purchase — is refused at steuercode before its rate.
A line led by a person account is gross. A line led by a revenue or expense account (the person,
if any, in gkonto) is net (NAVAX) or gross (HeliumV): the tax amount tells which, and a gross line
is kept net; where it cannot tell, the line is refused naming both conventions. The emulator knows
its chart (Kontenart), as BMD does, so the leading account decides with or without a person account
(bmd-format.md §1.3, S-NAVAX "richtet sich nach dem führenden Konto"): a line led by bank, cash or
any other Sachkonto that is not revenue or expense is gross, the tax is the counter account's
("Kassa an Erlös" 100,00 at 20 %: steuer −16,67, the revenue 83,33). The product's validator has no
chart and accepts net or gross on a line without a person account; the emulator does not.
Erwerbsteuer is on the net, whichever account leads. A missing
``steuer`` is computed from ``prozent`` where one convention applies (gross for bank/cash-led lines),
a missing ``buchdatum`` is the document date, as BMD does. Person accounts are created or updated;
unchanged rows change nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from syncsystem.bmd.records import Booking, Buchcode, PersonAccount
from syncsystem.errors import Problem

from .books import ChangeRecord, MandantBooks
from .chart import (
    PURCHASE_ONLY_CODES,
    SALES_ONLY_CODES,
    TaxCode,
    TaxKind,
    is_customer,
    is_person,
    is_supplier,
    tax_code,
)
from .errors import ImportRefusedError
from .posting import Document, gross_to_tax, money, normalise
from .strict import StrictFile

__all__ = ["plan_import"]

_TOLERANCE = Decimal("0.01")
_TAX_BEARING = frozenset({"3", "4"})  # Kontenart Aufwand, Ertrag

Found = list[tuple[str, str]]


def plan_import(books: MandantBooks, read: StrictFile, today: date) -> list[ChangeRecord]:
    """The changes an import file makes to ``books``; raises :class:`ImportRefusedError` on any problem."""
    if read.problems:
        raise ImportRefusedError(read.name, read.problems)
    if read.kind == "persons":
        return _persons(books, read)
    return _bookings(books, read, today)


def _persons(books: MandantBooks, read: StrictFile) -> list[ChangeRecord]:
    changes: list[ChangeRecord] = []
    seen: dict[int, int] = {}
    problems: list[Problem] = []
    for line, record in read.records:
        assert isinstance(record, PersonAccount)
        if not is_person(record.konto):
            problems.append(
                Problem.text(
                    read.name,
                    line,
                    "konto",
                    f"Konto {record.konto} liegt nicht im Bereich der Personenkonten",
                )
            )
            continue
        if record.konto in seen:
            problems.append(
                Problem.text(
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


def _bookings(books: MandantBooks, read: StrictFile, today: date) -> list[ChangeRecord]:
    problems: list[Problem] = []
    groups: dict[tuple[str, str, date], list[Booking]] = defaultdict(list)
    first_line: dict[tuple[str, str, date], int] = {}
    cleared: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for number, raw in read.records:
        assert isinstance(raw, Booking)
        found, line = _check_line(books, raw, cleared)
        problems.extend(Problem.text(read.name, number, field, message) for field, message in found)
        key = (line.buchsymbol, line.belegnr, line.belegdatum)
        groups[key].append(line)
        first_line.setdefault(key, number)
    for key in groups:
        symbol, belegnr, _ = key
        if (symbol, belegnr) in books.index:
            problems.append(
                Problem.text(
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


def _check_line(
    books: MandantBooks, line: Booking, cleared: dict[tuple[int, str], Decimal]
) -> tuple[Found, Booking]:
    """Problems of one line and the line as BMD keeps it (buchdatum and steuer filled, net)."""
    found: Found = []
    if line.buchdatum is None:
        line = replace(line, buchdatum=line.belegdatum)
    if line.satzart != 0:
        found.append(("satzart", f"Satzart {line.satzart} wird vom Import-Modell nicht verarbeitet"))
    found += _accounts(books, line)
    posted = line.buchdatum or line.belegdatum
    lock = books.info.lock_date
    if posted <= lock:
        found.append(
            (
                "buchdatum",
                f"Buchungsdatum {posted:%d.%m.%Y} liegt in der gesperrten Periode "
                f"(Sperrdatum {lock:%d.%m.%Y})",
            )
        )
    tax_found, line = _tax(books, line)
    found += tax_found
    found += _clearing(books, line, cleared)
    return found, line


def _accounts(books: MandantBooks, line: Booking) -> Found:
    found: Found = []
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
    return found


def _amount(value: Decimal) -> str:
    return f"{value:+.2f}".replace(".", ",")


def _rate(value: Decimal) -> str:
    return format(value.normalize() if value else Decimal(0), "f").replace(".", ",")


def _tax(books: MandantBooks, line: Booking) -> tuple[Found, Booking]:
    rate = line.prozent or Decimal(0)
    steuer = line.steuer or Decimal(0)
    if line.steuercode is None:
        if not (rate or steuer):
            return [], line
        default = _default_code(books, line)
        if default is None:
            return [
                ("steuercode", f"Steuercode fehlt (Prozent {_rate(rate)}, Steuer {_amount(steuer)})")
            ], line
        line = replace(line, steuercode=default)
    code = tax_code(line.steuercode, line.buchsymbol)
    if code is None:
        return [("steuercode", f"Steuercode {line.steuercode} ist nicht angelegt")], line
    other_side = _side_code_problem(line, code)
    if other_side:
        return [("steuercode", other_side)], line
    if rate not in code.rates:
        allowed = ", ".join(f"{_rate(r)} %" for r in code.rates)
        return [
            (
                "prozent",
                f"Steuersatz {_rate(rate)} % ist für Steuercode {code.code} ({code.name}) nicht angelegt "
                f"(erlaubt: {allowed})",
            )
        ], line
    if code.kind is TaxKind.FREI or not rate:
        if steuer:
            return [
                (
                    "steuer",
                    f"Steuer {_amount(steuer)} bei Steuercode {code.code} ({code.name}) mit "
                    f"{_rate(rate)} % nicht möglich",
                )
            ], line
        return [], line
    sign = _sign_problem(line, code, steuer)
    if sign:
        return [("steuer", sign)], line
    return _tax_amount(books, line, code, rate)


def _default_code(books: MandantBooks, line: Booking) -> int | None:
    """The account's default Steuercode BMD takes when a line leaves it empty (BMD 5.5 files have no
    ``steucod``): 1 Umsatzsteuer for customers and revenue accounts, 2 Vorsteuer for suppliers and
    expense accounts, none where the accounts do not tell."""
    arts = set()
    for konto in (line.konto, line.gkonto or 0):
        if is_customer(konto):
            arts.add("4")
        elif is_supplier(konto):
            arts.add("3")
        elif konto in books.accounts:
            arts.add(books.accounts[konto][0].kontenart)
    kinds = arts & _TAX_BEARING
    if kinds == {"4"}:
        return 1
    if kinds == {"3"}:
        return 2
    return None


def _ordinary(line: Booking, code: TaxCode) -> bool:
    """Whether the line is an invoice (not a credit note/Storno). BMD books betrag with its sign, so
    where a person account takes part its side tells, whatever the buchcode: led by the person (gross,
    the tax on the other side) the customer in Soll or the supplier in Haben is the invoice; led by
    the revenue/expense account (the tax on konto's side, Werkboq) the revenue in Haben or the
    expense in Soll. Without a person account the buchcode names the invoice's side."""
    if code.kind in (TaxKind.UST, TaxKind.VST):
        if is_person(line.konto):
            return (line.betrag > 0) == (code.kind is TaxKind.UST)
        if is_person(line.gkonto or 0):
            return (line.betrag < 0) == (code.kind is TaxKind.UST)
    return (line.buchcode is Buchcode.SOLL) == (line.betrag > 0)


def _sign_problem(line: Booking, code: TaxCode, steuer: Decimal) -> str:
    """Why ``steuer``'s sign contradicts the tax type (or "")."""
    if not steuer or not line.betrag:
        return ""
    ordinary = _ordinary(line, code)
    if code.kind is TaxKind.ERWERB:
        wanted = -1
    elif code.kind is TaxKind.UST:
        wanted = -1 if ordinary else 1
    else:
        wanted = 1 if ordinary else -1
    if (steuer > 0) == (wanted > 0):
        return ""
    document = "Rechnung" if ordinary else "Gutschrift/Storno"
    side = "negativ" if wanted < 0 else "positiv"
    message = (
        f"Steuer {_amount(steuer)} hat das falsche Vorzeichen: {code.kind.value} (Steuercode {code.code}) "
        f"ist bei einer {document} (Buchcode {int(line.buchcode)}, Betrag {_amount(line.betrag)}) {side}"
    )
    if is_person(line.konto) and ordinary != ((line.buchcode is Buchcode.SOLL) == (line.betrag > 0)):
        booked = "Soll" if line.betrag > 0 else "Haben"
        message += f"; der Betrag wird nach seinem Vorzeichen im {booked} von Konto {line.konto} gebucht"
    return message


def _side_code_problem(line: Booking, code: TaxCode) -> str:
    """Why a code of the other side cannot stand on the line (or ""): Vorsteuer 2 or Erwerbsteuer 8/9
    on a sale, an Umsatzsteuer code on a purchase. A customer (and no supplier) makes a sale, a supplier
    (and no customer) a purchase; without a person account AR/GU or ER/EG do."""
    accounts = (line.konto, line.gkonto or 0)
    customers = [k for k in accounts if is_customer(k)]
    suppliers = [k for k in accounts if is_supplier(k)]
    symbol = line.buchsymbol.upper()
    if customers and not suppliers:
        document, why = "Verkauf", f"Kundenkonto {customers[0]}"
    elif suppliers and not customers:
        document, why = "Einkauf", f"Lieferantenkonto {suppliers[0]}"
    elif not (customers or suppliers) and symbol in ("AR", "GU", "ER", "EG"):
        document = "Verkauf" if symbol in ("AR", "GU") else "Einkauf"
        why = f"Buchsymbol {line.buchsymbol}"
    else:
        return ""
    wrong = PURCHASE_ONLY_CODES if document == "Verkauf" else SALES_ONLY_CODES
    if code.code not in wrong:
        return ""
    return (
        f"Steuercode {code.code} ({code.name}) ist auf einem {document} ({why}) nicht möglich: "
        "Umsatz- und Vorsteuer haben je eigene Steuercodes, der Steuersatz steht im Feld prozent"
    )


def _tax_amount(books: MandantBooks, line: Booking, code: TaxCode, rate: Decimal) -> tuple[Found, Booking]:
    """Check the tax against the amount; fill a missing tax; keep a gross Sachkonto line as net."""
    betrag = abs(line.betrag)
    net_tax = money(betrag * rate / 100)
    gross_tax = gross_to_tax(betrag, rate)
    assessed = code.kind is TaxKind.ERWERB
    sign = -1 if assessed or (code.kind is TaxKind.UST) == _ordinary(line, code) else 1
    convention = _convention(books, line, assessed)
    bears_tax = convention == _EITHER  # a revenue or expense account leads
    choices = {"brutto": gross_tax} if convention == _GROSS else {"netto": net_tax, "brutto": gross_tax}
    if convention == _ASSESSED:
        choices = {"netto": net_tax}
    if line.steuer is None:
        if len(choices) > 1:
            return [
                (
                    "steuer",
                    f"Steuer fehlt: bei führendem Sachkonto {line.konto} ist nicht erkennbar, ob der Betrag "
                    "netto (NAVAX) oder brutto (HeliumV) ist — bitte die Steuer angeben",
                )
            ], line
        (only,) = choices.values()
        return [], replace(line, steuer=sign * only)
    fits = [name for name, tax in choices.items() if abs(abs(line.steuer) - tax) <= _TOLERANCE]
    if len(fits) == 1 or not (line.betrag or line.steuer):  # a zero line posts nothing either way
        if fits[0] == "brutto" and bears_tax:
            return [], replace(line, betrag=line.betrag - line.steuer)  # keep it net, as NAVAX sends it
        return [], line
    if not fits:
        expected = " oder ".join(f"{_amount(sign * t)} ({n})" for n, t in choices.items())
        return [
            (
                "steuer",
                f"Steuer {_amount(line.steuer)} passt nicht zu {_rate(rate)} % "
                f"von Betrag {_amount(line.betrag)} "
                f"({convention}; erwartet {expected})",
            )
        ], line
    return [
        (
            "steuer",
            f"Steuer {_amount(line.steuer)} passt zu netto (NAVAX) und brutto (HeliumV) zugleich: "
            "Konvention nicht erkennbar",
        )
    ], line


_ASSESSED = "Erwerbsteuer auf den Nettobetrag"
_EITHER = "Sachkonto führt: netto (NAVAX) oder brutto (HeliumV)"
_GROSS = "Konto führt brutto"


def _convention(books: MandantBooks, line: Booking, assessed: bool) -> str:
    """Which amount the line's betrag may be: one of the three conventions above.

    Self-assessed tax is on the net. A revenue or expense account of the chart leading: net (NAVAX)
    or gross (HeliumV), with or without a person account. A person account, bank, cash or any other
    Sachkonto leading: gross, the tax is the counter account's."""
    if assessed:
        return _ASSESSED
    return _EITHER if not is_person(line.konto) and _bears_tax(books, line.konto) else _GROSS


def _bears_tax(books: MandantBooks, konto: int) -> bool:
    """Whether ``konto`` is a revenue or expense account of the chart (Kontenart 3 or 4)."""
    account = books.accounts.get(konto)
    return account is not None and account[0].kontenart in _TAX_BEARING


def _clearing(books: MandantBooks, line: Booking, cleared: dict[tuple[int, str], Decimal]) -> Found:
    line = normalise(line)  # a payment led by the bank clears the person account in gkonto
    if not (line.ausz_belegnr and is_person(line.konto)):
        return []
    key = (line.konto, line.ausz_belegnr)
    item = books.items.get(key)
    amount = line.ausz_betrag if line.ausz_betrag is not None else -line.betrag
    cleared[key] += amount
    if item is None:
        return [("ausz-belegnr", f"Offener Posten {line.ausz_belegnr} auf Konto {line.konto} nicht gefunden")]
    if abs(cleared[key]) > abs(item.open) or (item.open > 0) != (cleared[key] > 0):
        return [
            (
                "ausz-betrag",
                f"Auszifferung {cleared[key]} übersteigt den offenen Betrag {item.open} "
                f"von Beleg {item.belegnr}",
            )
        ]
    return []
