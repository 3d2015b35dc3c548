"""Generated identities are valid: Austrian UIDs pass the BMF checksum, IBANs the mod-97 check."""

from __future__ import annotations

import random

from emulators.bmd.generate import make_customer, make_supplier
from emulators.bmd.identity import austrian_uid_check_digit, random_austrian_uid, random_bank_account
from emulators.bmd.workdays import derive_faker

from syncsystem.bmd import valid_austrian_uid, valid_iban


def test_known_uid_check_digit() -> None:
    """The check digit of the BMF's published example ATU12345675 is 5."""
    assert austrian_uid_check_digit("1234567") == 5


def test_ten_thousand_uids_and_ibans_are_valid() -> None:
    """10,000 generated UIDs and IBANs all pass the format library's independent checks."""
    rng = random.Random(1)
    for _ in range(10_000):
        uid = random_austrian_uid(rng)
        iban, bic = random_bank_account(rng)
        assert valid_austrian_uid(uid), uid
        assert valid_iban(iban), iban
        assert bic.endswith("XXX") and len(bic) == 11


def test_ten_thousand_person_accounts_carry_valid_identities() -> None:
    """10,000 generated customers and suppliers: every UID and IBAN they carry is valid."""
    rng, fake = random.Random(2), derive_faker(2)
    with_uid = 0
    for index in range(5_000):
        for person in (make_customer(200000 + index, rng, fake), make_supplier(300000 + index, rng, fake)):
            if person.uid:
                with_uid += 1
                assert valid_austrian_uid(person.uid), person
            if person.iban:
                assert valid_iban(person.iban), person
    assert with_uid > 7_000
