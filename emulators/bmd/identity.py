"""Identifiers with valid check digits: Austrian UID numbers, Austrian IBANs and matching BICs.

Faker's own ``de_AT`` UID fails the Austrian checksum most of the time, so the emulator draws
the seven digits itself and computes the eighth (the check digit of the BMF algorithm). IBANs are
built from a real Austrian bank code (BLZ) with ISO 13616 mod-97 check digits; the BIC is the one
that bank really uses. All functions take the caller's seeded ``random.Random``.
"""

from __future__ import annotations

import random

__all__ = [
    "AUSTRIAN_BANKS",
    "austrian_uid_check_digit",
    "iban_check_digits",
    "random_austrian_uid",
    "random_bank_account",
]

# (BLZ, BIC, bank name): real Austrian banks, so receivers that look up BLZ/BIC pairs agree.
AUSTRIAN_BANKS: tuple[tuple[str, str, str], ...] = (
    ("20111", "GIBAATWWXXX", "Erste Bank der oesterreichischen Sparkassen AG"),
    ("12000", "BKAUATWWXXX", "UniCredit Bank Austria AG"),
    ("14000", "BAWAATWWXXX", "BAWAG P.S.K."),
    ("32000", "RLNWATWWXXX", "Raiffeisenlandesbank Niederösterreich-Wien AG"),
    ("34000", "RZOOAT2LXXX", "Raiffeisenlandesbank Oberösterreich AG"),
    ("15000", "OBKLAT2LXXX", "Oberbank AG"),
    ("20815", "STSPAT2GXXX", "Steiermärkische Bank und Sparkassen AG"),
    ("36000", "RZTIAT22XXX", "Raiffeisen-Landesbank Tirol AG"),
    ("35000", "RVSAAT2SXXX", "Raiffeisenverband Salzburg eGen"),
    ("19043", "BTVAAT22XXX", "Bank für Tirol und Vorarlberg AG"),
)


def austrian_uid_check_digit(seven: str) -> int:
    """Check digit of an Austrian UID ``ATU`` + ``seven`` digits (BMF algorithm)."""
    if len(seven) != 7 or not seven.isdigit():
        raise ValueError(f"need 7 digits, got {seven!r}")
    total = 0
    for position, char in enumerate(seven, start=1):
        digit = int(char)
        if position % 2 == 0:
            doubled = digit * 2
            total += doubled // 10 + doubled % 10
        else:
            total += digit
    return (10 - (total + 4) % 10) % 10


def random_austrian_uid(rng: random.Random) -> str:
    """A random Austrian UID (``ATU`` + 8 digits) with a correct check digit."""
    seven = f"{rng.randrange(10**6, 10**7):07d}"
    return f"ATU{seven}{austrian_uid_check_digit(seven)}"


def iban_check_digits(country: str, bban: str) -> str:
    """The two ISO 13616 check digits for ``country`` + ``bban`` (mod 97 == 1 rule)."""
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    return f"{98 - number % 97:02d}"


def random_bank_account(rng: random.Random) -> tuple[str, str]:
    """A random Austrian (IBAN, BIC): BLZ of a real bank, 11-digit account, valid check digits."""
    blz, bic, _name = rng.choice(AUSTRIAN_BANKS)
    bban = blz + f"{rng.randrange(10**10, 10**11):011d}"
    return f"AT{iban_check_digits('AT', bban)}{bban}", bic
