"""Semantic checks on BMD records: the rules a well-typed record can still break.

Cell-level rules (numbers, dates, buchcode 1/2, at most two decimals, required cells) are enforced
by the readers while converting; this module holds what needs the whole record or several records:
tax consistent with the percentage, the sign of the tax, account ranges (an injected
:class:`~syncsystem.bmd.ranges.AccountRanges`), Austrian UID and IBAN check digits, open-item
amounts, and that every journal document balances. The per-record checks return ``(field,
message)`` pairs (a message is a code with values, :mod:`syncsystem.messages`) with canonical
field names; :func:`validate` turns them into :class:`~syncsystem.errors.Problem` values located
at the line ``write()`` would put the record on.

The tax rules of bookings (sign by tax type and credit note, net and gross conventions) live in
:mod:`syncsystem.bmd.taxes`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from syncsystem.bmd.kinds import Kind
from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.records import (
    Booking,
    Buchcode,
    Clearing,
    CostCentre,
    JournalLine,
    LedgerAccount,
    OpenItem,
    PersonAccount,
    Record,
)
from syncsystem.bmd.taxes import (
    ERWERB_CODES,
    INPUT_TAX_CODES,
    OUTPUT_TAX_CODES,
    code_findings,
    convention,
    gross_tax,
    is_credit_note,
    money_text,
    net_tax,
    rate_text,
    tax_amount_findings,
    tax_sign_findings,
    tax_type,
)
from syncsystem.errors import Problem
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "CLEARING_WITHOUT_ACCOUNT",
    "ERWERB_CODES",
    "INPUT_TAX_CODES",
    "OUTPUT_TAX_CODES",
    "check_record",
    "checker",
    "convention",
    "gross_tax",
    "is_credit_note",
    "journal_balance_problems",
    "journal_sign",
    "net_tax",
    "tax_type",
    "unbalanced_documents",
    "valid_austrian_uid",
    "valid_bic",
    "valid_email",
    "valid_iban",
    "valid_uid",
    "validate",
]

MAX_ACCOUNT = 9_999_999_999  # NTCS konto is num 10

_UID_AT = re.compile(r"^ATU(\d{8})$")
_UID_OTHER = re.compile(r"^(?!AT)[A-Z]{2}[0-9A-Z+*.]{2,12}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_IBAN_LENGTHS = {"AT": 20, "DE": 22, "CH": 21, "IT": 27, "LI": 21, "HU": 28, "CZ": 24, "SI": 19}
_IBAN_LETTERS = str.maketrans({chr(ord("A") + i): str(10 + i) for i in range(26)})
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Findings = list[tuple[str, Message]]


def valid_austrian_uid(uid: str) -> bool:
    """True for ``ATU`` + 8 digits whose last digit is the Austrian UID check digit."""
    match = _UID_AT.match(uid.replace(" ", "").upper())
    if match is None:
        return False
    digits = [int(c) for c in match.group(1)]
    total = 0
    for position, digit in enumerate(digits[:7], start=1):
        value = digit * 2 if position % 2 == 0 else digit
        total += value // 10 + value % 10
    return (10 - (total + 4) % 10) % 10 == digits[7]


def valid_iban(iban: str) -> bool:
    """True if ``iban`` (spaces allowed) is well formed and passes the ISO 13616 mod-97 check."""
    text = iban.replace(" ", "").upper()
    if _IBAN.match(text) is None:
        return False
    expected = _IBAN_LENGTHS.get(text[:2])
    if expected is not None and len(text) != expected:
        return False
    # Letters become 10–35 (what ``int(c, 36)`` gives); digits, ASCII or not, ``int`` reads itself.
    return int((text[4:] + text[:4]).translate(_IBAN_LETTERS)) % 97 == 1


def valid_uid(uid: str) -> bool:
    """An Austrian UID with its check digit, or another country's well-formed one (spaces allowed)."""
    text = uid.replace(" ", "").upper()
    return valid_austrian_uid(text) if text.startswith("AT") else _UID_OTHER.match(text) is not None


def valid_bic(bic: str) -> bool:
    return _BIC.match(bic.replace(" ", "").upper()) is not None


def valid_email(email: str) -> bool:
    return _EMAIL.match(email) is not None


def _account_range(findings: Findings, name: str, konto: int | None) -> None:
    if konto is not None and not 0 <= konto <= MAX_ACCOUNT:
        findings.append((name, mc.ACCOUNT_RANGE(konto=konto, most=MAX_ACCOUNT)))


def _percent(findings: Findings, name: str, value: Decimal | None) -> None:
    if value is not None and not 0 <= value <= 100:
        findings.append((name, mc.PERCENT_RANGE(value=rate_text(value))))


def _booking(rec: Booking, ranges: AccountRanges) -> Findings:
    found: Findings = []
    if rec.satzart not in (0, 1, 2):
        found.append(("satzart", mc.SATZART_INVALID(value=rec.satzart)))
    if rec.konto == 0:
        found.append(("konto", mc.ACCOUNT_ZERO()))
    _account_range(found, "konto", rec.konto)
    _account_range(found, "gkonto", rec.gkonto)
    _percent(found, "prozent", rec.prozent)
    _percent(found, "skontopz", rec.skontopz)
    if rec.periode is not None and not 1 <= rec.periode <= 13:
        found.append(("periode", mc.PERIODE_INVALID(value=rec.periode)))
    # Which account kinds a buchsymbol allows is each installation's Buchungsregel, not in the file:
    # no symbol is refused for its accounts here (docs/buchhaltung.md "Buchsymbole").
    person_konto = ranges.is_person(rec.konto)
    person_gkonto = ranges.is_person(rec.gkonto)
    if rec.satzart == 0 and rec.prozent is not None and rec.steuer is not None:
        found.extend(tax_amount_findings(rec, person_konto, person_gkonto))
    # a code of the other side (Vorsteuer on a sale) is the problem; the sign it wants says nothing more
    found.extend(code_findings(rec, ranges) or tax_sign_findings(rec, ranges))
    return found


def _person(rec: PersonAccount, ranges: AccountRanges) -> Findings:
    found: Findings = []
    if not ranges.is_person(rec.konto):
        found.append(("konto", mc.PERSON_RANGE(konto=rec.konto, span=ranges.label)))
    if rec.uid and not valid_uid(rec.uid):
        at = rec.uid.replace(" ", "").upper().startswith("AT")
        found.append(("uid", mc.UID_INVALID_AT(uid=rec.uid) if at else mc.UID_MALFORMED(uid=rec.uid)))
    if rec.iban and not valid_iban(rec.iban):
        found.append(("iban", mc.IBAN_INVALID(iban=rec.iban)))
    if rec.bic and not valid_bic(rec.bic):
        found.append(("bic", mc.BIC_MALFORMED(bic=rec.bic)))
    if rec.email and not valid_email(rec.email):
        found.append(("email", mc.EMAIL_MALFORMED(email=rec.email)))
    _percent(found, "skonto", rec.skonto)
    if rec.sammelkonto is not None and ranges.is_person(rec.sammelkonto):
        found.append(("sammelkonto", mc.SAMMELKONTO_PERSON(konto=rec.sammelkonto)))
    return found


def _ledger(rec: LedgerAccount, ranges: AccountRanges) -> Findings:
    found: Findings = []
    if rec.konto == 0 or ranges.is_person(rec.konto):
        found.append(("konto", mc.LEDGER_NOT_SACHKONTO(konto=rec.konto, span=ranges.label)))
    _account_range(found, "konto", rec.konto)
    if not rec.bezeichnung:
        found.append(("bezeichnung", mc.CELL_REQUIRED()))
    _percent(found, "prozent", rec.prozent)
    return found


def _cost_centre(rec: CostCentre, ranges: AccountRanges) -> Findings:
    return [] if rec.bezeichnung else [("bezeichnung", mc.CELL_REQUIRED())]


def _open_item(rec: OpenItem, ranges: AccountRanges) -> Findings:
    found: Findings = []
    if not ranges.is_person(rec.konto):
        found.append(("konto", mc.OPENITEM_NOT_PERSON(konto=rec.konto, span=ranges.label)))
    if abs(rec.offener_betrag) > abs(rec.rechnungsbetrag):
        found.append(("offener_betrag", mc.OPENITEM_EXCEEDS()))
    elif rec.offener_betrag and rec.rechnungsbetrag and (rec.offener_betrag > 0) != (rec.rechnungsbetrag > 0):
        found.append(("offener_betrag", mc.OPENITEM_SIGN()))
    return found


# A clearing row without person account (no Kto-Nr column, or an empty cell) cannot be told apart
# from another account's invoice with the same number: a problem for every consumer, except the
# clearing import, which matches such rows only where the number is unique (syncsystem.clearing).
CLEARING_WITHOUT_ACCOUNT = mc.CLEARING_NO_ACCOUNT.name  # the code of that problem


def _clearing(rec: Clearing, ranges: AccountRanges) -> Findings:
    found: Findings = []
    if rec.konto is None:
        found.append(("konto", mc.CLEARING_NO_ACCOUNT()))
    elif not ranges.is_person(rec.konto):
        found.append(("konto", mc.CLEARING_NOT_PERSON(konto=rec.konto, span=ranges.label)))
    if rec.betrag == 0:
        found.append(("betrag", mc.CLEARING_ZERO()))
    return found


def journal_sign(betrag: Decimal, buchcode: Buchcode) -> Message | None:
    """What is wrong with a journal line's sign — BMD's journal signs: Soll positive, Haben
    negative — or ``None``."""
    if betrag > 0 and buchcode is Buchcode.HABEN:
        return mc.JOURNAL_HABEN_POSITIVE()
    if betrag < 0 and buchcode is Buchcode.SOLL:
        return mc.JOURNAL_SOLL_NEGATIVE()
    return None


def _journal(rec: JournalLine, ranges: AccountRanges) -> Findings:
    wrong = journal_sign(rec.betrag, rec.buchcode)
    return [] if wrong is None else [("betrag", wrong)]


_CHECKS: Mapping[type, Callable[[Any, AccountRanges], Findings]] = {
    Booking: _booking,
    PersonAccount: _person,
    LedgerAccount: _ledger,
    CostCentre: _cost_centre,
    OpenItem: _open_item,
    Clearing: _clearing,
    JournalLine: _journal,
}


def check_record(record: Record, ranges: AccountRanges = DEFAULT_RANGES) -> Findings:
    """The semantic findings of one record as ``(field, message)`` pairs."""
    return _CHECKS[type(record)](record, ranges)


def checker(
    record_type: type[Record], ranges: AccountRanges = DEFAULT_RANGES
) -> Callable[[Record], Findings]:
    """:func:`check_record` for records of ``record_type`` only (looked up once per file)."""
    check = _CHECKS[record_type]
    return lambda record: check(record, ranges)


def journal_balance_problems(
    lines: Sequence[JournalLine],
    name: str,
    line_numbers: Sequence[int],
    caption: str = "Buch-Betrag",
    ranges: AccountRanges = DEFAULT_RANGES,
) -> list[Problem]:
    """One problem per journal document (or posting group) whose ledger postings do not balance.

    BMD posts a person account in the sub-ledger *and* its Sammelkonto in the general ledger (see
    pr10gtest.csv: customer 200000 +120, Sammelkonto 2000 +120), so the double-entry sum that must
    be zero is the one over the Sachkonto postings. A document is (symbol, number, date) in file
    order; when BMD's collective posting covers several consecutive documents of the same symbol and
    date (pr10gtest.csv documents AR 14 and 15 share one tax and one Sammelkonto posting), those
    documents form one group that must balance together.
    """
    postings = (((r.buchsymbol, r.belegnr, r.belegdatum), r.konto, r.betrag) for r in lines)
    return unbalanced_documents(postings, name, line_numbers, caption, ranges)


def unbalanced_documents(
    postings: Iterable[tuple[tuple[str, str, date], int, Decimal]],
    name: str,
    line_numbers: Sequence[int],
    caption: str = "Buch-Betrag",
    ranges: AccountRanges = DEFAULT_RANGES,
) -> list[Problem]:
    """:func:`journal_balance_problems` of journal lines given as ``((buchsymbol, belegnr,
    belegdatum), konto, betrag)`` — for a reader that holds the lines as columns."""
    problems: list[Problem] = []
    is_person = ranges.is_person
    group: list[tuple[str, str, date]] = []  # formatted only when the group does not balance
    total = Decimal(0)
    start = 0
    previous: tuple[str, str, date] | None = None

    def close() -> None:
        if group and total != 0:
            docs = tuple(
                mc.JOURNAL_DOCUMENT(symbol=symbol, number=number, day=f"{day:%d.%m.%Y}")
                for symbol, number, day in group
            )
            message = mc.JOURNAL_UNBALANCED(documents=docs, total=money_text(total))
            problems.append(Problem.of(name, start, caption, message))

    for (key, konto, betrag), number in zip(postings, line_numbers, strict=True):
        if key != previous:
            same_batch = previous is not None and (previous[0], previous[2]) == (key[0], key[2])
            if total == 0 or not same_batch:
                close()
                group, total, start = [], Decimal(0), number
            group.append(key)
            previous = key
        if not is_person(konto):
            total += betrag
    close()
    return problems


def validate(
    records: Sequence[Record], kind: Kind, *, name: str = "<records>", ranges: AccountRanges = DEFAULT_RANGES
) -> tuple[Problem, ...]:
    """Semantic problems of ``records``, located at the lines ``write()`` would give them."""
    from syncsystem.bmd.schema import SCHEMAS  # noqa: PLC0415 - schema imports this module's peers

    schema = SCHEMAS[kind]
    first_line = 3 if schema.preamble else 2
    problems: list[Problem] = []
    for index, rec in enumerate(records):
        if not isinstance(rec, schema.record):
            wrong = mc.WRONG_RECORD_TYPE(record_type=type(rec).__name__, kind=str(kind))
            problems.append(Problem.of(name, first_line + index, "", wrong))
            continue
        for field_name, message in check_record(rec, ranges):
            problems.append(Problem.of(name, first_line + index, schema.column(field_name).name, message))
    if kind is Kind.JOURNAL:
        journal = [r for r in records if isinstance(r, JournalLine)]
        numbers = [first_line + i for i, r in enumerate(records) if isinstance(r, JournalLine)]
        problems.extend(journal_balance_problems(journal, name, numbers, ranges=ranges))
    return tuple(sorted(problems, key=lambda p: p.line))
