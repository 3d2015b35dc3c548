"""Password hashes: PHC-style scrypt strings that verify only the right password."""

from __future__ import annotations

from syncsystem.passwords import hash_password, verify_password


def test_hash_is_a_salted_scrypt_string_that_verifies_only_its_password() -> None:
    """Two hashes of one password differ (salt); each verifies it and refuses another."""
    one, two = hash_password("richtig-lang"), hash_password("richtig-lang")
    assert one.startswith("scrypt$ln=15,r=8,p=1$") and one != two
    assert verify_password("richtig-lang", one) and verify_password("richtig-lang", two)
    assert not verify_password("richtig-lanG", one)


def test_malformed_stored_values_never_verify() -> None:
    """Garbage, another scheme or absurd parameters are refused, not raised."""
    good = hash_password("x" * 12)
    for stored in [
        "",
        "scrypt$",
        good.replace("scrypt", "bcrypt"),
        good.replace("ln=15", "ln=40"),
        good.replace("ln=15", "ln=abc"),
        good + "$extra",
    ]:
        assert not verify_password("x" * 12, stored)
