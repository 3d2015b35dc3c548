"""The tax rules of BMD bookings: the sign of ``steuer``, whether ``betrag`` is net or gross, and
whether the steuercode belongs to the line's side (no Vorsteuer code on a sale, no Umsatzsteuer code on
a purchase: :func:`code_findings`).

**Sign rule** (shared with the BMD emulator's importer; documented in docs/buchhaltung.md
"Vorzeichen"): ``betrag`` and ``steuer`` are signed from the leading account's (``konto``) view,
positive = Soll, negative = Haben, as BMD's own journal export shows (pr10gtest.csv). ``buchcode``
names the side of the ordinary document: 1 = Soll (ordinary betrag > 0), 2 = Haben (ordinary betrag <
0). A betrag whose sign contradicts its buchcode is a credit note / Storno of that document and is
booked with its sign (StaffSupply; NAVAX "bei Buchcode 1 immer pos. ausser bei Gutschrift";
funkring/fdoo keeps bucod and flips signs). The tax sign follows the tax type (NAVAX "Umsatzst.: Minus
/ Vorst. Plus / Erwerbsst.: Soll u. Haben Minus"): output-tax codes (1, 3, 5, 7, 17, 27, 77, 81) →
steuer ≤ 0 on an ordinary line, ≥ 0 on a credit note; input tax (2) → ≥ 0 ordinary, ≤ 0 credit note;
Erwerbsteuer (8, 9) → ≤ 0 either way. On a line led by a person account the side of ``betrag`` tells
the credit note whatever the buchcode (the customer in Haben, the supplier in Soll): BMD books betrag
by its sign, and the gross betrag holds the tax, so steuer has the opposite sign (timesheet.io's
buchcode 2, +60,00, tax +10,00 would debit the customer: refused). On a line led by a Sachkonto
against a person account (the revenue or expense account leads, the customer or supplier in
``gkonto``: NAVAX, Werkboq) the tax is booked on konto's side ("VZ richtet sich nach … ob Steuer im
Soll oder Haben gebucht wird"), so the side of ``betrag`` tells the credit note whatever the buchcode:
revenue in Soll, expense in Haben (Werkboq writes its credit note with buchcode 1, +1000,00, tax
+200,00; BMD's buchcode is "kosmetisch, das Vorzeichen entscheidet" in its reading) — steuer then has
betrag's sign. Without a classified steuercode (none; 5.5's ambiguous 00 "Vorsteuer oder keine
Steuer", which BMD's own buerf.fix uses on AR lines; reverse-charge and unknown codes) the buchsymbol
decides: AR/GU output, ER/EG input; otherwise the sign is not checked.

**Net and gross**: a line led by a person account carries the gross amount (steuer = betrag ×
p/(100+p)); a line led by a Sachkonto with the person account in ``gkonto`` is net in NAVAX's
convention (steuer = betrag × p/100) and gross in others' — either is accepted, :func:`convention`
tells which one a line follows, and a tax that fits neither is reported naming both. A line with no
person account at all is led by a Sachkonto too, and both conventions occur there: net when a revenue
or expense account leads (NAVAX; BMD's own journal pr10gtest, UB document 17: revenue −200,00, tax
−40,00), gross when a till, bank or a guest ledger kept on a Sachkonto leads (apaleo's gross amounts;
``interfaces export``'s guest-ledger lines). Which kind of Sachkonto leads is the installation's chart,
not in the file, so either is accepted and a tax that fits neither is reported naming both. An Erwerbsteuer
line (codes 8, 9: intra-EU acquisition) is net whichever account leads: the supplier charges no
Austrian tax, so the amount owed is the net and the tax is assessed on it (HELIUM V "bei IG Erwerb
ist der Betrag Netto"; funkring/fdoo writes the untaxed subtotal with the tax of the local rate).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from syncsystem.bmd.ranges import DEFAULT_RANGES, AccountRanges
from syncsystem.bmd.records import Booking, Buchcode
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "CENT",
    "ERWERB_CODES",
    "INPUT_TAX_CODES",
    "OUTPUT_TAX_CODES",
    "PURCHASE_CODES",
    "SIDE_CODES",
    "TAX_TOLERANCE",
    "against_buchcode",
    "code_against_document",
    "code_findings",
    "convention",
    "credit_line",
    "document_of",
    "gross_tax",
    "is_credit_note",
    "money_text",
    "net_tax",
    "rate_text",
    "tax_amount_findings",
    "tax_amount_fits",
    "tax_sign_findings",
    "tax_type",
    "tax_type_of",
    "wants_negative_tax",
]

TAX_TOLERANCE = Decimal("0.01")
CENT = Decimal("0.01")
# Tax types by steuercode (bmd-format.md §1.4).
OUTPUT_TAX_CODES = frozenset({1, 3, 5, 7, 17, 27, 77, 81})
INPUT_TAX_CODES = frozenset({2})
ERWERB_CODES = frozenset({8, 9})
# Codes of the purchase side (Vorsteuer, Erwerbsteuer): on a sale they book the tax to the wrong account.
PURCHASE_CODES = INPUT_TAX_CODES | ERWERB_CODES
# Codes that belong to one side, sale or purchase: only these can stand against a line's document.
SIDE_CODES = PURCHASE_CODES | OUTPUT_TAX_CODES
_OUTPUT_SYMBOLS = frozenset({"AR", "GU"})
_INPUT_SYMBOLS = frozenset({"ER", "EG"})


def money_text(value: Decimal) -> str:
    return format(value.quantize(CENT), "f").replace(".", ",")


def rate_text(value: Decimal) -> str:
    """A percentage as BMD writes it, independent of how many zeros the source carried."""
    return format(value.normalize() if value else Decimal(0), "f").replace(".", ",")


def gross_tax(gross: Decimal, percent: Decimal) -> Decimal:
    """The tax contained in a gross amount: gross × p / (100 + p), rounded to cents, same sign."""
    return (gross * percent / (100 + percent)).quantize(CENT, rounding=ROUND_HALF_UP)


def net_tax(net: Decimal, percent: Decimal) -> Decimal:
    """The tax on a net amount: net × p / 100, rounded to cents, same sign."""
    return (net * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def is_credit_note(rec: Booking, ranges: AccountRanges = DEFAULT_RANGES) -> bool:
    """True for a credit note / Storno: on a taxed line led by a person account, the customer in
    Haben or the supplier in Soll; led by a Sachkonto against a person account, the revenue in Soll
    or the expense in Haben; otherwise betrag's sign against the buchcode."""
    person_led = ranges.is_person(rec.konto)
    revenue_led = not person_led and ranges.is_person(rec.gkonto)
    return credit_line(rec.buchcode, rec.betrag, tax_type(rec), revenue_led, person_led)


def credit_line(
    buchcode: Buchcode,
    betrag: Decimal,
    kind: str | None = None,
    revenue_led: bool = False,
    person_led: bool = False,
) -> bool:
    """:func:`is_credit_note` of a line with this buchcode, betrag and tax type (``revenue_led``: a
    Sachkonto in konto, a person account in gkonto; ``person_led``: a person account in konto).

    BMD books betrag with its sign (its journal: B 1 always +, B 2 always −), so on a line with a
    person account the side of betrag says what the line is, whichever buchcode the writer chose.
    Led by the person, betrag is the gross and holds the tax, which therefore lies on the other side:
    the customer in Haben is the credit note (USt +), the supplier in Soll (Vorsteuer −) — timesheet.io's
    buchcode 2 with +60,00 and tax +10,00 debits the customer and is refused. Led by the revenue or
    expense account, the tax is booked on konto's side: Werkboq writes the credit note Soll with
    buchcode 1 (+1000,00, tax +200,00), NAVAX the invoice Haben with buchcode 2. Without a person
    account, where net or gross depends on the chart, the buchcode names the ordinary side."""
    if kind in ("output", "input"):
        if person_led:
            return betrag < 0 if kind == "output" else betrag > 0
        if revenue_led:
            return betrag > 0 if kind == "output" else betrag < 0
    return betrag < 0 if buchcode is Buchcode.SOLL else betrag > 0


def against_buchcode(rec: Booking, ranges: AccountRanges = DEFAULT_RANGES) -> bool:
    """Whether a person-led taxed line's side (see :func:`credit_line`) contradicts its buchcode."""
    kind = tax_type(rec)
    if not ranges.is_person(rec.konto) or kind not in ("output", "input"):
        return False
    return is_credit_note(rec, ranges) != credit_line(rec.buchcode, rec.betrag)


def tax_type(rec: Booking) -> str | None:
    """``"output"``, ``"input"``, ``"erwerb"`` or ``None`` (sign not checked), by code, else symbol."""
    return tax_type_of(rec.steuercode, rec.buchsymbol)


def tax_type_of(code: int | None, buchsymbol: str) -> str | None:
    """:func:`tax_type` of a line with this steuercode and buchsymbol."""
    if code in OUTPUT_TAX_CODES:
        return "output"
    if code in INPUT_TAX_CODES:
        return "input"
    if code in ERWERB_CODES:
        return "erwerb"
    if code is None or code == 0:
        symbol = buchsymbol.upper()
        if symbol in _OUTPUT_SYMBOLS:
            return "output"
        if symbol in _INPUT_SYMBOLS:
            return "input"
    return None


def convention(rec: Booking, ranges: AccountRanges = DEFAULT_RANGES) -> str | None:
    """``"gross"`` or ``"net"``: which amount a taxed line's betrag is (``None``: not a taxed line).

    An Erwerbsteuer line is net. A person account in ``konto`` means gross. A Sachkonto in
    ``konto`` with a person account in ``gkonto`` is net when the tax is p % of betrag (NAVAX) and
    gross when it is the gross share; so is a line without a person account.
    """
    if rec.prozent is None or rec.steuer is None or not rec.prozent:
        return None
    if rec.steuercode in ERWERB_CODES:
        return "net"
    if ranges.is_person(rec.konto):
        return "gross"
    if abs(abs(rec.steuer) - net_tax(abs(rec.betrag), rec.prozent)) <= TAX_TOLERANCE:
        return "net"
    return "gross"


_TYPE_NAMES = {"output": mc.TAX_TYPE_OUTPUT, "input": mc.TAX_TYPE_INPUT, "erwerb": mc.TAX_TYPE_ERWERB}


def tax_sign_findings(rec: Booking, ranges: AccountRanges = DEFAULT_RANGES) -> list[tuple[str, Message]]:
    """``[("steuer", message)]`` when the tax has the wrong sign for its type and document, else ``[]``."""
    kind = tax_type(rec)
    steuer = rec.steuer
    if kind is None or not steuer:
        return []
    credit = is_credit_note(rec, ranges)
    want_negative = wants_negative_tax(kind, credit)
    if (steuer > 0) != want_negative:
        return []
    by = mc.TAX_BY_CODE(value=rec.steuercode) if rec.steuercode else mc.TAX_BY_SYMBOL(value=rec.buchsymbol)
    message = mc.TAX_WRONG_SIGN(
        steuer=money_text(steuer),
        tax_type=_TYPE_NAMES[kind](),
        by=by,
        sign="≤ 0" if want_negative else "≥ 0",
        line=_line_words(rec, credit, ranges),
        buchcode=int(rec.buchcode),
        betrag=money_text(rec.betrag),
    )
    return [("steuer", message)]


def _line_words(rec: Booking, credit: bool, ranges: AccountRanges) -> Message:
    """What the line is, for the wrong-sign message; a person-led line whose buchcode says the other
    side is named by the side its betrag books, so the office sees why the buchcode does not count."""
    if against_buchcode(rec, ranges):
        side = mc.TAX_LINE_PERSON_SOLL if rec.betrag > 0 else mc.TAX_LINE_PERSON_HABEN
        return side(konto=rec.konto)
    return mc.TAX_LINE_CREDIT() if credit else mc.TAX_LINE_ORDINARY()


def wants_negative_tax(kind: str, credit: bool) -> bool:
    """Whether a non-zero tax of type ``kind`` must be negative (else positive): Erwerbsteuer always,
    output tax on an ordinary line, input tax on a credit note."""
    return True if kind == "erwerb" else (kind == "output") != credit


def tax_amount_fits(
    steuer: Decimal,
    betrag: Decimal,
    prozent: Decimal,
    person_konto: bool,
    person_gkonto: bool,
    *,
    erwerb: bool = False,
) -> bool:
    """True when :func:`tax_amount_findings` finds nothing: an Erwerbsteuer line's tax (``erwerb``) is
    the net tax; a person-led line's the gross share; a Sachkonto-led one's (against a person account
    or not) the gross share or the net tax."""
    tax = abs(steuer)
    fits_net = abs(tax - net_tax(abs(betrag), prozent)) <= TAX_TOLERANCE
    if erwerb:
        return fits_net
    fits_gross = abs(tax - gross_tax(abs(betrag), prozent)) <= TAX_TOLERANCE
    return fits_gross if person_konto else fits_net or fits_gross


def tax_amount_findings(rec: Booking, person_konto: bool, person_gkonto: bool) -> list[tuple[str, Message]]:
    """An Erwerbsteuer line is net; a person-led line gross; a Sachkonto-led one against a person
    account, or without one, net or gross."""
    assert rec.prozent is not None and rec.steuer is not None
    found: list[tuple[str, Message]] = []
    code = rec.steuercode
    erwerb = code is not None and code in ERWERB_CODES
    if tax_amount_fits(rec.steuer, rec.betrag, rec.prozent, person_konto, person_gkonto, erwerb=erwerb):
        return found
    if code is not None and erwerb:
        message = mc.TAX_NET_MISMATCH(
            steuer=money_text(rec.steuer),
            prozent=rate_text(rec.prozent),
            betrag=money_text(abs(rec.betrag)),
            code=code,
            expected=money_text(net_tax(abs(rec.betrag), rec.prozent)),
        )
        return [("steuer", message)]
    tax = abs(rec.steuer)
    gross = gross_tax(abs(rec.betrag), rec.prozent)
    if person_konto:
        if abs(tax - gross) > TAX_TOLERANCE:
            message = mc.TAX_GROSS_MISMATCH(
                steuer=money_text(rec.steuer),
                prozent=rate_text(rec.prozent),
                betrag=money_text(rec.betrag),
                expected=money_text(gross),
            )
            found.append(("steuer", message))
    else:
        net = net_tax(abs(rec.betrag), rec.prozent)
        if abs(tax - gross) > TAX_TOLERANCE and abs(tax - net) > TAX_TOLERANCE:
            code_of = mc.TAX_NO_CONVENTION if person_gkonto else mc.TAX_LEDGER_NO_CONVENTION
            message = code_of(
                steuer=money_text(rec.steuer),
                konto=rec.konto,
                gkonto=rec.gkonto if rec.gkonto is not None else "",
                betrag=money_text(rec.betrag),
                prozent=rate_text(rec.prozent),
                net=money_text(net),
                gross=money_text(gross),
            )
            found.append(("steuer", message))
    return found


def document_of(konto: int | None, gkonto: int | None, buchsymbol: str, ranges: AccountRanges) -> str | None:
    """``"sale"`` or ``"purchase"`` when the line's accounts or symbol tell which it is: a customer
    account (and no supplier) makes a sale, a supplier account (and no customer) a purchase; without a
    person account the symbol does (AR/GU sale, ER/EG purchase). ``None``: the line does not tell."""
    is_customer, is_supplier = ranges.is_customer, ranges.is_supplier
    customer = is_customer(konto) or is_customer(gkonto)
    supplier = is_supplier(konto) or is_supplier(gkonto)
    if customer != supplier:
        return "sale" if customer else "purchase"
    if customer:
        return None
    symbol = buchsymbol.upper()
    return "sale" if symbol in _OUTPUT_SYMBOLS else "purchase" if symbol in _INPUT_SYMBOLS else None


def code_against_document(code: int | None, document: str | None) -> bool:
    """A purchase-side code (Vorsteuer 2, Erwerbsteuer 8/9) on a sale, or an output-tax code on a purchase."""
    wrong = PURCHASE_CODES if document == "sale" else OUTPUT_TAX_CODES if document == "purchase" else ()
    return code is not None and code in wrong


def code_findings(rec: Booking, ranges: AccountRanges = DEFAULT_RANGES) -> list[tuple[str, Message]]:
    """``[("steuercode", message)]`` for a code of the other side (:func:`code_against_document`): BMD
    would book the tax to the other side's tax account (bmd-format.md §1.4: 1 Umsatzsteuer, 2 Vorsteuer,
    8/9 Erwerbsteuer; pollex relays BMD's ImportBuchungen.pdf: AR codes 1, 3, 7, 17, 27, 77, ER codes 9,
    19, 59, 79). The rate is ``prozent``, not the code: timesheet.io writes 10 % sales with code 2."""
    code = rec.steuercode
    if code not in SIDE_CODES:
        return []
    document = document_of(rec.konto, rec.gkonto, rec.buchsymbol, ranges)
    if not code_against_document(code, document):
        return []
    kind = tax_type_of(code, rec.buchsymbol)
    assert code is not None and kind is not None
    message = mc.TAX_CODE_AGAINST_DOCUMENT(
        code=code,
        tax_type=_TYPE_NAMES[kind](),
        document=mc.TAX_DOC_SALE() if document == "sale" else mc.TAX_DOC_PURCHASE(),
        why=_why(rec, ranges),
    )
    return [("steuercode", message)]


def _why(rec: Booking, ranges: AccountRanges) -> Message:
    """What makes the line a sale or a purchase: its person account, else its symbol."""
    for konto in (rec.konto, rec.gkonto):
        if konto is None:
            continue
        if ranges.is_customer(konto):
            return mc.TAX_DOC_BY_CUSTOMER(konto=konto)
        if ranges.is_supplier(konto):
            return mc.TAX_DOC_BY_SUPPLIER(konto=konto)
    return mc.TAX_DOC_BY_SYMBOL(value=rec.buchsymbol)
