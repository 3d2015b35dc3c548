"""Semantic checks on BMD records: the rules a well-typed record can still break.

Cell-level rules (numbers, dates, buchcode 1/2, at most two decimals, required cells) are enforced
by the readers while converting; this module holds what needs the whole record or several records:
tax consistent with the percentage on gross lines, account ranges, Austrian UID and IBAN check
digits, open-item amounts, and that every journal document balances. The per-record checks return
``(field, message)`` pairs with canonical field names; :func:`validate` turns them into
:class:`~syncsystem.errors.Problem` values located at the line ``write()`` would put the record on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from syncsystem.bmd.kinds import Kind
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
from syncsystem.errors import Problem

__all__ = [
    "CLEARING_WITHOUT_ACCOUNT",
    "PERSON_ACCOUNTS",
    "check_record",
    "checker",
    "gross_tax",
    "is_person_account",
    "journal_balance_problems",
    "valid_austrian_uid",
    "valid_iban",
    "validate",
]

PERSON_ACCOUNTS = range(200000, 400000)
MAX_ACCOUNT = 9_999_999_999  # NTCS konto is num 10
TAX_TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")
# Symbols whose bookings must involve a customer or supplier account.
PERSON_SYMBOLS = frozenset({"AR", "ER", "GU", "EG"})

_UID_AT = re.compile(r"^ATU(\d{8})$")
_UID_OTHER = re.compile(r"^(?!AT)[A-Z]{2}[0-9A-Z+*.]{2,12}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
_IBAN_LENGTHS = {"AT": 20, "DE": 22, "CH": 21, "IT": 27, "LI": 21, "HU": 28, "CZ": 24, "SI": 19}
_IBAN_LETTERS = str.maketrans({chr(ord("A") + i): str(10 + i) for i in range(26)})
_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

Findings = list[tuple[str, str]]


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


def is_person_account(konto: int | None) -> bool:
    return konto is not None and konto in PERSON_ACCOUNTS


def gross_tax(gross: Decimal, percent: Decimal) -> Decimal:
    """The tax contained in a gross amount: gross × p / (100 + p), rounded to cents, same sign."""
    return (gross * percent / (100 + percent)).quantize(CENT, rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return format(value.quantize(CENT), "f").replace(".", ",")


def _rate(value: Decimal) -> str:
    """A percentage as BMD writes it, independent of how many zeros the source carried."""
    return format(value.normalize() if value else Decimal(0), "f").replace(".", ",")


def _account_range(findings: Findings, name: str, konto: int | None) -> None:
    if konto is not None and not 0 <= konto <= MAX_ACCOUNT:
        findings.append((name, f"account {konto} outside 0–{MAX_ACCOUNT}"))


def _percent(findings: Findings, name: str, value: Decimal | None) -> None:
    if value is not None and not 0 <= value <= 100:
        findings.append((name, f"percentage {_rate(value)} outside 0–100"))


def _booking(rec: Booking) -> Findings:
    found: Findings = []
    if rec.satzart not in (0, 1, 2):
        found.append(("satzart", f"satzart must be 0, 1 or 2, not {rec.satzart}"))
    if rec.konto == 0:
        found.append(("konto", "account 0 is not an account"))
    _account_range(found, "konto", rec.konto)
    _account_range(found, "gkonto", rec.gkonto)
    _percent(found, "prozent", rec.prozent)
    _percent(found, "skontopz", rec.skontopz)
    if rec.periode is not None and not 1 <= rec.periode <= 13:
        found.append(("periode", f"periode must be 1–13, not {rec.periode}"))
    person_led = is_person_account(rec.konto) or is_person_account(rec.gkonto)
    if rec.buchsymbol.upper() in PERSON_SYMBOLS and not person_led:
        found.append(
            (
                "konto",
                f"buchsymbol {rec.buchsymbol} needs a person account (200000–399999) as konto or gkonto",
            )
        )
    # A line with a person account is gross: its tax must be the part the percentage gives.
    if person_led and rec.satzart == 0 and rec.prozent is not None and rec.steuer is not None:
        expected = gross_tax(abs(rec.betrag), rec.prozent)
        if abs(abs(rec.steuer) - expected) > TAX_TOLERANCE:
            found.append(
                (
                    "steuer",
                    f"tax {_money(rec.steuer)} does not match {_rate(rec.prozent)} % of gross"
                    f" {_money(rec.betrag)} (expected {_money(expected)} ±0,01 in magnitude)",
                )
            )
    return found


def _person(rec: PersonAccount) -> Findings:
    found: Findings = []
    if rec.konto not in PERSON_ACCOUNTS:
        found.append(("konto", f"person account {rec.konto} outside 200000–399999"))
    if rec.uid:
        uid = rec.uid.replace(" ", "").upper()
        if uid.startswith("AT"):
            if not valid_austrian_uid(uid):
                found.append(("uid", f"invalid Austrian UID {rec.uid!r} (ATU + 8 digits, check digit)"))
        elif _UID_OTHER.match(uid) is None:
            found.append(("uid", f"malformed UID {rec.uid!r}"))
    if rec.iban and not valid_iban(rec.iban):
        found.append(("iban", f"invalid IBAN {rec.iban!r} (format or check digits)"))
    if rec.bic and _BIC.match(rec.bic.replace(" ", "").upper()) is None:
        found.append(("bic", f"malformed BIC {rec.bic!r}"))
    if rec.email and _EMAIL.match(rec.email) is None:
        found.append(("email", f"malformed e-mail address {rec.email!r}"))
    _percent(found, "skonto", rec.skonto)
    if rec.sammelkonto is not None and is_person_account(rec.sammelkonto):
        found.append(("sammelkonto", f"sammelkonto {rec.sammelkonto} is a person account, not a Sachkonto"))
    return found


def _ledger(rec: LedgerAccount) -> Findings:
    found: Findings = []
    if rec.konto == 0 or is_person_account(rec.konto):
        found.append(("konto", f"{rec.konto} is not a Sachkonto number (person accounts are 200000–399999)"))
    _account_range(found, "konto", rec.konto)
    if not rec.bezeichnung:
        found.append(("bezeichnung", "required field is empty"))
    return found


def _cost_centre(rec: CostCentre) -> Findings:
    return [] if rec.bezeichnung else [("bezeichnung", "required field is empty")]


def _open_item(rec: OpenItem) -> Findings:
    found: Findings = []
    if not is_person_account(rec.konto):
        found.append(("konto", f"open item on {rec.konto}: not a person account (200000–399999)"))
    if abs(rec.offener_betrag) > abs(rec.rechnungsbetrag):
        found.append(("offener_betrag", "open amount exceeds the invoice amount"))
    elif rec.offener_betrag and rec.rechnungsbetrag and (rec.offener_betrag > 0) != (rec.rechnungsbetrag > 0):
        found.append(("offener_betrag", "open amount has the opposite sign of the invoice amount"))
    return found


# A clearing row without person account (no Kto-Nr column, or an empty cell) cannot be told apart
# from another account's invoice with the same number: a problem for every consumer, except the
# clearing import, which matches such rows only where the number is unique (syncsystem.clearing).
CLEARING_WITHOUT_ACCOUNT = "clearing names no person account (Kto-Nr)"


def _clearing(rec: Clearing) -> Findings:
    found: Findings = []
    if rec.konto is None:
        found.append(("konto", CLEARING_WITHOUT_ACCOUNT))
    elif not is_person_account(rec.konto):
        found.append(("konto", f"clearing on {rec.konto}: not a person account (200000–399999)"))
    if rec.betrag == 0:
        found.append(("betrag", "cleared amount is zero"))
    return found


def _journal(rec: JournalLine) -> Findings:
    # BMD's journal signs: Soll positive, Haben negative.
    if rec.betrag > 0 and rec.buchcode is Buchcode.HABEN:
        return [("betrag", "positive amount on a Haben (B=2) posting")]
    if rec.betrag < 0 and rec.buchcode is Buchcode.SOLL:
        return [("betrag", "negative amount on a Soll (B=1) posting")]
    return []


_CHECKS: Mapping[type, Callable[[object], Findings]] = {
    Booking: _booking,  # type: ignore[dict-item]
    PersonAccount: _person,  # type: ignore[dict-item]
    LedgerAccount: _ledger,  # type: ignore[dict-item]
    CostCentre: _cost_centre,  # type: ignore[dict-item]
    OpenItem: _open_item,  # type: ignore[dict-item]
    Clearing: _clearing,  # type: ignore[dict-item]
    JournalLine: _journal,  # type: ignore[dict-item]
}


def check_record(record: Record) -> Findings:
    """The semantic findings of one record as ``(field, message)`` pairs."""
    return _CHECKS[type(record)](record)


def checker(record_type: type[Record]) -> Callable[[Record], Findings]:
    """:func:`check_record` for records of ``record_type`` only (looked up once per file)."""
    return _CHECKS[record_type]


def journal_balance_problems(
    lines: Sequence[JournalLine], name: str, line_numbers: Sequence[int], caption: str = "Buch-Betrag"
) -> list[Problem]:
    """One problem per journal document (or posting group) whose ledger postings do not balance.

    BMD posts a person account in the sub-ledger *and* its Sammelkonto in the general ledger (see
    pr10gtest.csv: customer 200000 +120, Sammelkonto 2000 +120), so the double-entry sum that must
    be zero is the one over the Sachkonto postings. A document is (symbol, number, date) in file
    order; when BMD's collective posting covers several consecutive documents of the same symbol and
    date (pr10gtest.csv documents AR 14 and 15 share one tax and one Sammelkonto posting), those
    documents form one group that must balance together.
    """
    problems: list[Problem] = []
    group: list[tuple[str, str, date]] = []  # formatted only when the group does not balance
    total = Decimal(0)
    start = 0
    previous: tuple[str, str, date] | None = None

    def close() -> None:
        if group and total != 0:
            docs = ", ".join(f"{symbol} {number} of {day:%d.%m.%Y}" for symbol, number, day in group)
            problems.append(
                Problem(
                    name,
                    start,
                    caption,
                    f"document {docs} does not balance: its Sachkonto postings sum to {_money(total)}",
                )
            )

    for rec, number in zip(lines, line_numbers, strict=True):
        key = (rec.buchsymbol, rec.belegnr, rec.belegdatum)
        if key != previous:
            same_batch = previous is not None and (previous[0], previous[2]) == (key[0], key[2])
            if total == 0 or not same_batch:
                close()
                group, total, start = [], Decimal(0), number
            group.append(key)
            previous = key
        konto = rec.konto
        if konto is None or konto not in PERSON_ACCOUNTS:  # not is_person_account(), inlined
            total += rec.betrag
    close()
    return problems


def validate(records: Sequence[Record], kind: Kind, *, name: str = "<records>") -> tuple[Problem, ...]:
    """Semantic problems of ``records``, located at the lines ``write()`` would give them."""
    from syncsystem.bmd.schema import SCHEMAS  # noqa: PLC0415 - schema imports this module's peers

    schema = SCHEMAS[kind]
    first_line = 3 if schema.preamble else 2
    problems: list[Problem] = []
    for index, rec in enumerate(records):
        if not isinstance(rec, schema.record):
            problems.append(Problem(name, first_line + index, "", f"{type(rec).__name__} in a {kind} file"))
            continue
        for field_name, message in check_record(rec):
            problems.append(Problem(name, first_line + index, schema.column(field_name).name, message))
    if kind is Kind.JOURNAL:
        journal = [r for r in records if isinstance(r, JournalLine)]
        numbers = [first_line + i for i, r in enumerate(records) if isinstance(r, JournalLine)]
        problems.extend(journal_balance_problems(journal, name, numbers))
    return tuple(sorted(problems, key=lambda p: p.line))
