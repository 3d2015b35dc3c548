"""The debtor roles of the interface (seed 002): which BMD accounts an invoice and a debtor use.

Vertec lets the office pick, from BMD's chart of accounts (``Sachkonten.csv``), the revenue
accounts for services (Leistungen), expenses (Spesen) and outlays (Auslagen), the collective
account of the debtors (Sammelkonto) and the advance-payment account (Vorschusskonto); from
``Kostenstellen.csv`` the cost centre of each revenue kind; and the payment terms a new debtor gets.
An invoice line naming its kind (``art``) instead of an account takes the account and cost centre of
its role; a debtor created without collective account or payment terms takes these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from typing import Any

from syncsystem.bmd.records import AccountNo, PersonAccount

__all__ = ["LINE_KINDS", "DebtorRoles"]

LINE_KINDS = ("leistungen", "spesen", "auslagen", "vorschuss")
"""The kinds an invoice line may name in ``art`` instead of a ``konto``."""


@dataclass(frozen=True, slots=True)
class DebtorRoles:
    """Accounts, cost centres and payment terms of the debtor interface (None/"": not set)."""

    revenue_services: AccountNo | None = None  # Ertragskonto für Leistungen
    revenue_expenses: AccountNo | None = None  # Ertragskonto für Spesen
    revenue_outlays: AccountNo | None = None  # Ertragskonto für Auslagen
    collective_account: AccountNo | None = None  # Sammelkonto für Debitoren
    advance_account: AccountNo | None = None  # Vorschusskonto
    kost_services: str = ""  # Kostenstelle Leistungen
    kost_expenses: str = ""  # Kostenstelle Spesen
    kost_outlays: str = ""  # Kostenstelle Auslagen
    payment_days: int | None = None  # Zahlungsziel (Tage)
    skonto_percent: Decimal | None = None
    skonto_days: int | None = None

    def line_account(self, kind: str) -> tuple[AccountNo | None, str]:
        """Account and cost centre of an invoice line of ``kind`` (one of `LINE_KINDS`)."""
        return {
            "leistungen": (self.revenue_services, self.kost_services),
            "spesen": (self.revenue_expenses, self.kost_expenses),
            "auslagen": (self.revenue_outlays, self.kost_outlays),
            "vorschuss": (self.advance_account, ""),
        }[kind]

    def complete(self, debtor: PersonAccount) -> PersonAccount:
        """``debtor`` with the collective account and payment terms it does not name itself."""
        return replace(
            debtor,
            sammelkonto=debtor.sammelkonto if debtor.sammelkonto is not None else self.collective_account,
            zahlungsziel=debtor.zahlungsziel if debtor.zahlungsziel is not None else self.payment_days,
            skonto=debtor.skonto if debtor.skonto is not None else self.skonto_percent,
            skontotage=debtor.skontotage if debtor.skontotage is not None else self.skonto_days,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["skonto_percent"] = None if self.skonto_percent is None else str(self.skonto_percent)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> DebtorRoles:
        """The roles of a settings document (unknown keys ignored; raises ValueError/TypeError)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = (data or {}).get(f.name)
            if raw in (None, ""):
                continue
            if f.name.startswith("kost_"):
                values[f.name] = str(raw)
            elif f.name == "skonto_percent":
                values[f.name] = Decimal(str(raw))
            else:
                values[f.name] = int(raw)
        return cls(**values)
