"""Person-account number ranges: which accounts are customers and which are suppliers.

BMD's defaults are customers 200000–299999 (easybill: "BMD arbeitet aber mit Kundenkonten im Bereich
von 200000 bis 299999") and suppliers 300000–399999 (Vertec: "Nächste Kreditornummer 300001"); see
shared/reference/bmd-format.md §2.3. An installation may number differently, so every check that
asks "is this a person account?" takes an :class:`AccountRanges` (``read(..., ranges=…)``,
``validate(..., ranges=…)``, ``syncsystem bmd validate --customers … --suppliers …``) and
:data:`DEFAULT_RANGES` only when none is given. Nothing else in the library names these numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DEFAULT_RANGES", "AccountRanges", "parse_range"]

_RANGE = re.compile(r"^\s*(\d{1,10})\s*[-–]\s*(\d{1,10})\s*$")


def parse_range(text: str) -> range:
    """``"200000-299999"`` (inclusive, ``-`` or ``–``) → ``range(200000, 300000)``; ValueError otherwise."""
    match = _RANGE.match(text)
    if match is None or int(match.group(1)) > int(match.group(2)):
        raise ValueError(f"not an account range FROM-TO: {text!r}")
    return range(int(match.group(1)), int(match.group(2)) + 1)


def _label(r: range) -> str:
    return f"{r.start}–{r.stop - 1}"


@dataclass(frozen=True, slots=True)
class AccountRanges:
    """Customer and supplier account ranges (``range`` objects: ``stop`` is exclusive)."""

    customers: range = range(200000, 300000)
    suppliers: range = range(300000, 400000)

    def __post_init__(self) -> None:
        if self.customers.step != 1 or self.suppliers.step != 1:
            raise ValueError("account ranges must be contiguous")
        if self.customers.start < self.suppliers.stop and self.suppliers.start < self.customers.stop:
            customers, suppliers = _label(self.customers), _label(self.suppliers)
            raise ValueError(f"customer range {customers} overlaps suppliers {suppliers}")

    def is_customer(self, konto: int | None) -> bool:
        return konto is not None and konto in self.customers

    def is_supplier(self, konto: int | None) -> bool:
        return konto is not None and konto in self.suppliers

    def is_person(self, konto: int | None) -> bool:
        return konto is not None and (konto in self.customers or konto in self.suppliers)

    @property
    def bounds(self) -> tuple[tuple[int, int], ...]:
        """Inclusive (low, high) pairs, adjacent ranges merged (the default gives one pair)."""
        first, second = sorted((self.customers, self.suppliers), key=lambda r: r.start)
        if first.stop == second.start:
            return ((first.start, second.stop - 1),)
        return ((first.start, first.stop - 1), (second.start, second.stop - 1))

    @property
    def label(self) -> str:
        """How messages name the person accounts: ``200000–399999`` for the defaults."""
        return ", ".join(f"{low}–{high}" for low, high in self.bounds)


DEFAULT_RANGES = AccountRanges()
