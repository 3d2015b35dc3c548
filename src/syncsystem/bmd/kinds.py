"""The kinds of BMD file syncsystem reads and writes, as one enum shared by every other module."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Kind"]


class Kind(StrEnum):
    """One BMD file kind; the value is the name used on the command line and in manifests."""

    BOOKINGS = "bookings"
    PERSONS = "persons"
    ACCOUNTS = "accounts"
    COSTCENTRES = "costcentres"
    OPENITEMS = "openitems"
    CLEARINGS = "clearings"
    JOURNAL = "journal"
