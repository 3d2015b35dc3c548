"""The soak's bounded slice in the normal suite: the real agent, the real datacenter over TLS on
127.0.0.1 and the BMD emulator under every fault kind, in simulated time, seeded — everything
delivered exactly once and BMD and datacenter agree per Mandant. ``tox -e soak`` runs the long one
(`tests/soak/run.py`, at least 1,000 faults); ``SYNCSYSTEM_SOAK_FAULTS`` / ``SYNCSYSTEM_SOAK_SEED``
resize or reseed this slice."""

from __future__ import annotations

import os

import pytest
from soak_ledger import render
from soak_world import SoakOptions, run_soak

pytestmark = [pytest.mark.soak, pytest.mark.slow]


def test_soak_slice_delivers_every_booking_exactly_once_under_every_fault_kind() -> None:
    """Every fault kind fires; nothing is duplicated or lost; every Mandant's bookings agree; no worker
    dies of an exception outside the error tree; the datacenter answers no 5xx by itself."""
    options = SoakOptions(
        seed=int(os.environ.get("SYNCSYSTEM_SOAK_SEED", "11")),
        faults=int(os.environ.get("SYNCSYSTEM_SOAK_FAULTS", "60")),
        mandanten=3,
        max_days=10,
        budget_seconds=40.0,
        drain_days=2,
        drain_seconds=20.0,
    )
    report = run_soak(options)  # in /dev/shm where there is one (see run_soak)
    print(render(report))
    assert report.faults >= options.faults and all(report.fired.get(k) for k in options.kinds), render(report)
    assert report.ok, render(report)
