"""The settings and debtor roles of the Debitoren-Schnittstelle as a form: validated whole, saved whole.

`apply_settings_form` reads every field, checks it (the next customer number inside BMD's customer
range and not yet taken; accounts are Sachkonten and, once BMD exported ``Sachkonten.csv``, on that
list; cost centres likewise against ``Kostenstellen.csv``; the lock date a date) and saves the
settings only if no field is wrong — under the folder lock, so the CLI and the page never
interleave. A refusal is a `DataError` whose problems name the form field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from syncsystem.bmd import DEFAULT_RANGES
from syncsystem.interfaces.debtors import taken_numbers
from syncsystem.interfaces.form_values import FieldReader
from syncsystem.interfaces.picklists import PickList, read_picklist
from syncsystem.interfaces.roles import DebtorRoles
from syncsystem.interfaces.settings import InterfaceSettings, folder_lock, load_settings, save_settings
from syncsystem.interfaces.store import InvoiceStore
from syncsystem.messages import codes as mc

__all__ = ["ACCOUNT_FIELDS", "KOST_FIELDS", "apply_settings_form", "form_values"]

ACCOUNT_FIELDS = (
    "revenue_services",
    "revenue_expenses",
    "revenue_outlays",
    "collective_account",
    "advance_account",
)
KOST_FIELDS = ("kost_services", "kost_expenses", "kost_outlays")


def _roles(reader: FieldReader, folder: Path) -> DebtorRoles:
    chart = {item.number for item in read_picklist(folder, PickList.ACCOUNTS)}
    centres = {item.number for item in read_picklist(folder, PickList.COSTCENTRES)}
    accounts: dict[str, int | None] = {}
    for name in ACCOUNT_FIELDS:
        konto = reader.whole(name, low=1, high=999_999_999)
        if konto is not None and DEFAULT_RANGES.is_person(konto):
            reader.fail(name, mc.PG_NOT_LEDGER(konto=konto))
        elif konto is not None and chart and str(konto) not in chart:
            reader.fail(name, mc.PG_NOT_IN_LIST(value=str(konto), list=PickList.ACCOUNTS.value))
        accounts[name] = konto
    kosts: dict[str, str] = {}
    for name in KOST_FIELDS:
        kost = reader.text(name)
        if kost and centres and kost not in centres:
            reader.fail(name, mc.PG_NOT_IN_LIST(value=kost, list=PickList.COSTCENTRES.value))
        kosts[name] = kost
    return DebtorRoles(
        revenue_services=accounts["revenue_services"],
        revenue_expenses=accounts["revenue_expenses"],
        revenue_outlays=accounts["revenue_outlays"],
        collective_account=accounts["collective_account"],
        advance_account=accounts["advance_account"],
        kost_services=kosts["kost_services"],
        kost_expenses=kosts["kost_expenses"],
        kost_outlays=kosts["kost_outlays"],
        payment_days=reader.whole("payment_days", low=0, high=999),
        skonto_percent=reader.amount("skonto_percent", low=Decimal(0), high=Decimal(100)),
        skonto_days=reader.whole("skonto_days", low=0, high=999),
    )


def apply_settings_form(folder: Path, form: Mapping[str, str], *, save: bool = True) -> InterfaceSettings:
    """Validate the submitted settings of ``folder`` and save them (``save=False``: only check);
    all or nothing."""
    with folder_lock(folder):
        current = load_settings(folder)
        reader = FieldReader("Einstellungen", form)
        low, high = current.customer_range
        number = reader.whole("next_customer_number", low=low, high=high, required=True)
        changed = number is not None and number != current.next_customer_number
        if changed and number in taken_numbers(folder, InvoiceStore.load(folder)):
            reader.fail("next_customer_number", mc.PG_NUMBER_TAKEN(number=number))
        lock = reader.day("lock_date")
        roles = _roles(reader, folder)
        reader.check(mc.PG_REFUSED_SETTINGS())
        assert number is not None
        settings = replace(
            current,
            next_customer_number=number,
            lock_date=lock,
            auto_update_debtor=reader.flag("auto_update_debtor"),
            roles=roles,
        )
        if save:
            save_settings(settings)
    return settings


def form_values(settings: InterfaceSettings) -> dict[str, str]:
    """The settings as the form shows them (and the CLI's ``--set`` starts from)."""
    roles = settings.roles.to_json()
    values = {k: "" if v is None else str(v) for k, v in roles.items()}
    values["next_customer_number"] = str(settings.next_customer_number)
    values["lock_date"] = f"{settings.lock_date:%d.%m.%Y}" if settings.lock_date else ""
    values["auto_update_debtor"] = "on" if settings.auto_update_debtor else ""
    return values
