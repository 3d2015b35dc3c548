"""The Austrian chart of accounts (Einheitskontenrahmen, EKR) and the tax-code table of a Mandant.

Every Mandant starts from the same standard chart (classes 0–9, as BMD's Musterkontenplan does)
and may add accounts later. Roles the posting logic needs — collective accounts 2000/3300, input
VAT 2500, output VAT 3500, bank 2800, cash 2700, opening balance 9800 — are named constants, as
in ``fdoo_pr10gtest.csv``. Kontenart follows the RZL/BMD account export (1 Anlage, 2 Bestand,
3 Aufwand, 4 Ertrag). The Steuercode table is configuration, as in NTCS's MwSt-Buchungsmatrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from syncsystem.bmd.ranges import DEFAULT_RANGES
from syncsystem.bmd.records import LedgerAccount

__all__ = [
    "BANK",
    "CASH",
    "CUSTOMER_COLLECTIVE",
    "EXPENSE_ACCOUNTS",
    "INPUT_VAT",
    "OPENING_BALANCE",
    "OUTPUT_VAT",
    "PURCHASE_ONLY_CODES",
    "REVENUE_ACCOUNTS",
    "SALES_ONLY_CODES",
    "STANDARD_CHART",
    "SUPPLIER_COLLECTIVE",
    "TAX_CODES",
    "TaxCode",
    "TaxKind",
    "collective_account",
    "is_customer",
    "is_person",
    "is_supplier",
    "tax_code",
]

CUSTOMER_COLLECTIVE = 2000
INPUT_VAT = 2500
CASH = 2700
BANK = 2800
SUPPLIER_COLLECTIVE = 3300
OUTPUT_VAT = 3500
OPENING_BALANCE = 9800

_ANLAGE, _BESTAND, _AUFWAND, _ERTRAG = "1", "2", "3", "4"

STANDARD_CHART: tuple[LedgerAccount, ...] = tuple(
    LedgerAccount(konto, name, art)
    for konto, name, art in (
        (10, "Konzessionen und Rechte", _ANLAGE),
        (210, "Bebaute Grundstücke", _ANLAGE),
        (400, "Maschinen", _ANLAGE),
        (630, "Personenkraftwagen", _ANLAGE),
        (660, "Büroeinrichtung", _ANLAGE),
        (680, "Geringwertige Wirtschaftsgüter", _ANLAGE),
        (1600, "Handelswarenvorrat", _BESTAND),
        (2000, "Lieferforderungen Inland (Sammelkonto)", _BESTAND),
        (2300, "Sonstige Forderungen", _BESTAND),
        (2500, "Vorsteuer", _BESTAND),
        (2700, "Kassa", _BESTAND),
        (2800, "Bank", _BESTAND),
        (2890, "Geldtransit", _BESTAND),
        (3000, "Rückstellungen für Abfertigungen", _BESTAND),
        (3120, "Bankverbindlichkeiten", _BESTAND),
        (3300, "Lieferverbindlichkeiten Inland (Sammelkonto)", _BESTAND),
        (3500, "Umsatzsteuer", _BESTAND),
        (3540, "Verrechnung Finanzamt", _BESTAND),
        (3600, "Verbindlichkeiten Sozialversicherung", _BESTAND),
        (3850, "Sonstige Verbindlichkeiten", _BESTAND),
        (4000, "Handelswarenerlöse 20 %", _ERTRAG),
        (4010, "Erlöse 10 %", _ERTRAG),
        (4020, "Erlöse 13 %", _ERTRAG),
        (4030, "Erlöse Ausfuhr steuerfrei", _ERTRAG),
        (4400, "Erlösschmälerungen", _ERTRAG),
        (4490, "Leistungserlöse 20 %", _ERTRAG),
        (4800, "Übrige betriebliche Erträge", _ERTRAG),
        (5000, "Wareneinsatz 20 %", _AUFWAND),
        (5010, "Wareneinsatz 10 %", _AUFWAND),
        (5100, "Verbrauch Rohstoffe", _AUFWAND),
        (5800, "Fremdleistungen", _AUFWAND),
        (6000, "Löhne", _AUFWAND),
        (6200, "Gehälter", _AUFWAND),
        (6500, "Gesetzlicher Sozialaufwand", _AUFWAND),
        (7000, "Abschreibungen", _AUFWAND),
        (7200, "Instandhaltung", _AUFWAND),
        (7300, "Transportkosten", _AUFWAND),
        (7380, "Telefon und Internet", _AUFWAND),
        (7400, "Miete und Pacht", _AUFWAND),
        (7600, "Büromaterial", _AUFWAND),
        (7650, "Werbeaufwand", _AUFWAND),
        (7700, "Versicherungen", _AUFWAND),
        (7750, "Rechts- und Beratungsaufwand", _AUFWAND),
        (7790, "Spesen des Geldverkehrs", _AUFWAND),
        (8100, "Zinsenaufwand", _AUFWAND),
        (8060, "Zinsenerträge", _ERTRAG),
        (9000, "Eigenkapital", _BESTAND),
        (9600, "Privatentnahmen", _BESTAND),
        (9800, "Eröffnungsbilanzkonto", _BESTAND),
        (9850, "Schlussbilanzkonto", _BESTAND),
    )
)


class TaxKind(StrEnum):
    """What a Steuercode does, which decides the sign its ``steuer`` must have (S-NAVAX:
    "Umsatzst.: Minus / Vorst. Plus / Erwerbsst.: Soll u. Haben Minus")."""

    UST = "Umsatzsteuer"  # output tax: steuer <= 0 on an ordinary document, >= 0 on a credit note
    VST = "Vorsteuer"  # input tax: steuer >= 0 ordinary, <= 0 credit note
    ERWERB = "Erwerbsteuer"  # self-assessed (ig Erwerb, reverse charge): steuer <= 0, betrag net
    FREI = "steuerfrei"  # exempt / tax owed by the recipient: no steuer


@dataclass(frozen=True, slots=True)
class TaxCode:
    """One Steuercode: its kind, the tax account, the rates it allows and, for self-assessed tax,
    the account of the deductible input tax (None: not deductible, the tax is a cost)."""

    code: int
    name: str
    kind: TaxKind
    account: int | None
    rates: tuple[Decimal, ...]
    deduction: int | None = None


def _rates(*values: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


# Austrian rates as seed 002 lists them for MwSt-Typ 1 (0, 10, 12, 13, 20 %; Vertec writes "1 (12)").
_AT = _rates(20, 13, 12, 10)
_FREE = _rates(0)

# Every Steuercode of bmd-format.md §1.4, as configuration (NTCS: "MwSt-Buchungsmatrix").
TAX_CODES: dict[int, TaxCode] = {
    tc.code: tc
    for tc in (
        TaxCode(0, "Vorsteuer oder keine Steuer (BMD 5.5)", TaxKind.VST, INPUT_VAT, (*_AT, Decimal(0))),
        # 0 %: Vertec's debtor interface writes MwSt-Typ "1 (0)" (seed 002), and BMD takes it
        TaxCode(1, "Umsatzsteuer Inland", TaxKind.UST, OUTPUT_VAT, (*_AT, Decimal(0))),
        TaxCode(2, "Vorsteuer Inland", TaxKind.VST, INPUT_VAT, _AT),
        TaxCode(3, "Soll-Umsatzsteuer (BMD 5.5)", TaxKind.UST, OUTPUT_VAT, (*_AT, Decimal(0))),
        TaxCode(5, "Ausfuhrlieferung Drittland (steuerfrei)", TaxKind.FREI, None, _FREE),
        TaxCode(7, "Innergemeinschaftliche Lieferung (steuerfrei)", TaxKind.FREI, None, _FREE),
        TaxCode(8, "Innergemeinschaftlicher Erwerb ohne Vorsteuerabzug", TaxKind.ERWERB, OUTPUT_VAT, _AT),
        TaxCode(
            9, "Innergemeinschaftlicher Erwerb mit Vorsteuerabzug", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT
        ),
        TaxCode(17, "Ausgangsrechnung Code 17", TaxKind.UST, OUTPUT_VAT, (*_AT, Decimal(0))),
        TaxCode(19, "Reverse Charge Eingang (§ 19 UStG)", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT),
        TaxCode(23, "Reverse Charge § 19 Abs 1b UStG", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT),
        TaxCode(26, "Reverse Charge § 19 Abs 1c UStG", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT),
        TaxCode(27, "Bauleistung § 19 Abs 1a UStG (Ausgang)", TaxKind.FREI, None, _FREE),
        TaxCode(29, "Bauleistung § 19 Abs 1a UStG (Eingang)", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT),
        TaxCode(59, "Schrott § 19 Abs 1d UStG (Eingang)", TaxKind.ERWERB, OUTPUT_VAT, _AT, INPUT_VAT),
        TaxCode(77, "EU-Leistung Ausgang (Reverse Charge)", TaxKind.FREI, None, _FREE),
        TaxCode(79, "Eingangsrechnung Code 79", TaxKind.VST, INPUT_VAT, (*_AT, Decimal(0))),
        TaxCode(81, "Ausland § 13b UStG (Ausgang)", TaxKind.FREI, None, _FREE),
    )
}

# 5.5's 00 on a sale: BMD's own buerf.fix writes it on AR lines carrying Umsatzsteuer (−1520,00), so
# there the symbol decides, as for a line without a code (docs/buchhaltung.md "Vorzeichen").
_CODE_00_ON_SALES = TaxCode(
    0, "keine Steuer oder Umsatzsteuer (BMD 5.5, AR/GU)", TaxKind.UST, OUTPUT_VAT, TAX_CODES[0].rates
)


def tax_code(steuercode: int | None, buchsymbol: str) -> TaxCode | None:
    """The Steuercode a line books with (``None``: no code, or one not configured); 00 under AR/GU is
    Umsatzsteuer, elsewhere the configured "Vorsteuer oder keine Steuer"."""
    if steuercode == 0 and buchsymbol.upper() in ("AR", "GU"):
        return _CODE_00_ON_SALES
    return TAX_CODES.get(steuercode) if steuercode is not None else None


# Codes of the purchase side (bmd-format.md §1.4 [C2]: 2 Vorsteuer, 8/9 ig Erwerb): BMD books their tax
# as Vorsteuer or Erwerbsteuer, so a sale (a customer account, or AR/GU without a person) cannot carry
# them. 5.5's 00 ("Vorsteuer oder keine Steuer") stands on BMD's own AR lines (buerf.fix) and is not one.
PURCHASE_ONLY_CODES = frozenset({2, 8, 9})
# Codes of the sales side (§1.4: Umsatzsteuer 1/3, exempt or reverse-charge sales 5, 7, 27, 77, 81, and
# 17, which pollex relays as an AR code of BMD's ImportBuchungen.pdf): a purchase cannot carry them.
SALES_ONLY_CODES = frozenset({1, 3, 5, 7, 17, 27, 77, 81})

# Revenue accounts per VAT rate (AR), expense accounts for ER lines.
REVENUE_ACCOUNTS: dict[Decimal, tuple[int, ...]] = {
    Decimal(20): (4000, 4490),
    Decimal(10): (4010,),
    Decimal(13): (4020,),
    Decimal(0): (4030,),
}
EXPENSE_ACCOUNTS: tuple[int, ...] = (5000, 5100, 5800, 7200, 7300, 7380, 7400, 7600, 7650, 7750)


def is_customer(konto: int) -> bool:
    return DEFAULT_RANGES.is_customer(konto)


def is_supplier(konto: int) -> bool:
    return DEFAULT_RANGES.is_supplier(konto)


def is_person(konto: int) -> bool:
    return is_customer(konto) or is_supplier(konto)


def collective_account(konto: int) -> int:
    """The Sammelkonto that mirrors person account ``konto`` in the general ledger."""
    return CUSTOMER_COLLECTIVE if is_customer(konto) else SUPPLIER_COLLECTIVE
