"""Master data of an office, drawn from a seed: Mandanten, person accounts, Kostenstellen.

All randomness comes from the ``random.Random`` and the ``Faker("de_AT")`` instance the caller
hands in (seeded per Mandant and day by :mod:`emulators.bmd.seeds`), so the same seed yields the
same companies, addresses, UIDs and IBANs. Customers are 2xxxxx (mostly Austrian companies with a
valid UID, some private persons, a few Swiss export customers), suppliers 3xxxxx (Austrian
companies). Names lose characters BMD's ANSI files cannot hold (Faker de_AT stays in cp1252).
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from faker import Faker

from syncsystem.bmd.records import CostCentre, PersonAccount

from .books import MandantInfo
from .chart import CUSTOMER_COLLECTIVE, SUPPLIER_COLLECTIVE
from .identity import random_austrian_uid, random_bank_account

__all__ = [
    "COST_CENTRE_NAMES",
    "make_cost_centre",
    "make_customer",
    "make_mandant",
    "make_supplier",
    "person_change",
]

LEGAL_FORMS = ("GmbH", "GmbH", "GmbH", "KG", "OG", "e.U.", "AG", "GmbH & Co KG")
COST_CENTRE_NAMES = (
    "Verwaltung",
    "Vertrieb",
    "Produktion",
    "Lager",
    "Werkstatt",
    "Marketing",
    "Filiale Wien",
    "Filiale Graz",
    "Filiale Linz",
    "Projektgeschäft",
    "Service",
    "Fuhrpark",
    "Einkauf",
    "IT",
    "Schulung",
    "Gastronomie",
    "Beherbergung",
    "Handel",
    "Montage",
    "Kundendienst",
)
_SWISS_TOWNS = (("8001", "Zürich"), ("3011", "Bern"), ("4051", "Basel"), ("9000", "St. Gallen"))


def _clean(text: str) -> str:
    # BMD's text fields: no field separator, no line breaks, ANSI only.
    cleaned = text.replace(";", ",").replace("\n", " ").replace("\r", " ")
    return cleaned.encode("cp1252", errors="replace").decode("cp1252").replace("?", "")


def make_mandant(nr: str, rng: random.Random, fake: Faker, lock_date: date) -> MandantInfo:
    """A client company: name with legal form, Austrian address, valid UID and IBAN/BIC."""
    form = rng.choice(LEGAL_FORMS)
    base = fake.last_name() if form == "e.U." else fake.company().split(" ")[0].rstrip(",")
    iban, bic = random_bank_account(rng)
    return MandantInfo(
        nr=nr,
        name=_clean(f"{base} {form}"),
        rechtsform=form,
        strasse=_clean(fake.street_address()),
        plz=fake.postcode(),
        ort=_clean(fake.city()),
        uid=random_austrian_uid(rng),
        iban=iban,
        bic=bic,
        fy_start_month=rng.choice((1, 1, 1, 1, 1, 1, 4, 7, 10)),
        lock_date=lock_date,
        licence_user=_clean(f"{fake.first_name()[:1]}{fake.last_name()}".upper()[:12]),
    )


def _terms(rng: random.Random) -> tuple[int, Decimal | None, int | None]:
    ziel = rng.choice((14, 14, 30, 30, 30, 45, 60))
    if rng.random() < 0.3:
        return ziel, Decimal(rng.choice(("2.00", "3.00"))), rng.choice((8, 10, 14))
    return ziel, None, None


def make_customer(
    konto: int, rng: random.Random, fake: Faker, *, export_client: bool = False
) -> PersonAccount:
    """A customer (Debitor): Austrian company (with UID), private person, or Swiss export client."""
    roll = 0.0 if export_client else rng.random()
    ziel, skonto, tage = _terms(rng)
    iban, bic = random_bank_account(rng)
    if roll < 0.08:
        plz, ort = rng.choice(_SWISS_TOWNS)
        name = _clean(f"{fake.last_name()} AG")
        return PersonAccount(
            konto=konto,
            nachname=name,
            matchcode=name[:20].upper(),
            strasse=_clean(fake.street_name()) + f" {rng.randrange(1, 90)}",
            plz=plz,
            ort=ort,
            land="CH",
            waehrung="EUR",
            email=f"office@{_domain(name)}.ch",
            zahlungsziel=ziel,
            sammelkonto=CUSTOMER_COLLECTIVE,
        )
    if roll < 0.25:
        first, last = _clean(fake.first_name()), _clean(fake.last_name())
        return PersonAccount(
            konto=konto,
            nachname=last,
            vorname=first,
            matchcode=last[:20].upper(),
            strasse=_clean(fake.street_address()),
            plz=fake.postcode(),
            ort=_clean(fake.city()),
            land="AT",
            iban=iban,
            bic=bic,
            email=f"{_domain(first)}.{_domain(last)}@example.at",
            telefon=fake.phone_number(),
            waehrung="EUR",
            zahlungsziel=14,
            sammelkonto=CUSTOMER_COLLECTIVE,
        )
    return _company(konto, rng, fake, CUSTOMER_COLLECTIVE, ziel=ziel, skonto=skonto, tage=tage)


def make_supplier(konto: int, rng: random.Random, fake: Faker) -> PersonAccount:
    """A supplier (Kreditor): an Austrian company with UID and bank account."""
    ziel, skonto, tage = _terms(rng)
    return _company(konto, rng, fake, SUPPLIER_COLLECTIVE, ziel=ziel, skonto=skonto, tage=tage)


def _company(
    konto: int,
    rng: random.Random,
    fake: Faker,
    sammel: int,
    *,
    ziel: int,
    skonto: Decimal | None,
    tage: int | None,
) -> PersonAccount:
    iban, bic = random_bank_account(rng)
    name = _clean(f"{fake.company().split(' ')[0].rstrip(',')} {rng.choice(LEGAL_FORMS)}")
    return PersonAccount(
        konto=konto,
        nachname=name,
        matchcode=name[:20].upper(),
        strasse=_clean(fake.street_address()),
        plz=fake.postcode(),
        ort=_clean(fake.city()),
        land="AT",
        uid=random_austrian_uid(rng),
        iban=iban,
        bic=bic,
        email=f"office@{_domain(name)}.at",
        telefon=fake.phone_number(),
        waehrung="EUR",
        zahlungsziel=ziel,
        skonto=skonto,
        skontotage=tage,
        sammelkonto=sammel,
    )


def person_change(person: PersonAccount, rng: random.Random, fake: Faker) -> PersonAccount:
    """A realistic change of master data: new address, new bank account, new terms or e-mail."""
    roll = rng.random()
    if roll < 0.4 and person.land == "AT":
        return replace(
            person, strasse=_clean(fake.street_address()), plz=fake.postcode(), ort=_clean(fake.city())
        )
    if roll < 0.7 and person.iban:
        iban, bic = random_bank_account(rng)
        return replace(person, iban=iban, bic=bic)
    if roll < 0.85:
        return replace(person, zahlungsziel=rng.choice((14, 30, 45, 60)))
    return replace(person, telefon=fake.phone_number())


def make_cost_centre(index: int) -> CostCentre:
    """Kostenstelle ``index`` (numbered 100, 200, …), named from a fixed list."""
    name = COST_CENTRE_NAMES[index % len(COST_CENTRE_NAMES)]
    return CostCentre(kost=str(100 * (index + 1)), bezeichnung=name, art="1")


def _domain(name: str) -> str:
    table: dict[str, str | int | None] = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
    ascii_name = name.lower().translate(str.maketrans(table))
    return "".join(c for c in ascii_name if c.isalnum())[:20] or "firma"
