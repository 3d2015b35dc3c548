"""Errors of the fake datacenter, named after the real API's answers."""

from __future__ import annotations

__all__ = ["ConnectionDropped", "FakeDatacenterError"]


class FakeDatacenterError(Exception):
    """Base of the fake datacenter's own errors."""


class ConnectionDropped(FakeDatacenterError):  # noqa: N818 - named after what the client sees
    """The fault plan says: drop the connection now (offline, or reset mid-upload)."""
