"""A whole scheduled run against each emulated FTP, FTPS and SFTP server: a connection dropped
mid-upload or a wrong password fails the run at its step, leaves nothing under a final name and
journals nothing undelivered; the next run delivers every file once, byte for byte."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from syncsystem.clock import SimulatedClock
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.jobs import RunOutcome, Services, run_job
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

from .test_transfer_transactions_e2e import store_with_invoice  # type: ignore[import-not-found]

PERSONS = "20260303_0600_100_Personenkonten.csv"
BOOKINGS = "20260303_0600_100_Buchungen.csv"


def _job(tmp_path: Path, box: SecretBox, clock: SimulatedClock, target: dict[str, Any]) -> dict[str, Any]:
    """The job's stored form: yesterday's invoices of Mandant 100 from the invoice store to ``target``."""
    job = parse_job(
        {
            "name": "rechnungen",
            "source": {"kind": "transactions", "store": str(tmp_path)},
            "target": target,
            "execution": {
                "mandanten": ["100"],
                "document_types": ["Rechnung"],
                "format": "bmd-einzelbuchungen",
                "export_debtors": True,
            },
            "schedule": {"interval": "daily", "at": "06:00"},
        },
        box.seal,
        clock.tz,
    )
    return to_mapping(job)


def _services(tmp_path: Path, clock: SimulatedClock, target: dict[str, Any]) -> Services:
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    store = TransferStore.open(tmp_path / "state")
    job = _job(tmp_path, box, clock, target)
    store.add_job("rechnungen", job, clock.now() - timedelta(hours=8), replace=False)
    return Services(store, box, clock, timeout=5)


def _run_twice(emulator: Any, tmp_path: Path, clock: SimulatedClock, target: dict[str, Any]) -> Any:
    """The 06:00 run with ``target``, then (the fault gone, the right target) the 07:00 retry: both
    outcomes, the server's finished files after the first, and after the second."""
    store_with_invoice(tmp_path)
    svc = _services(tmp_path, clock, target)
    try:
        clock.wait_until(datetime(2026, 3, 3, 6, 0, 5, tzinfo=clock.tz))
        failed = run_job(svc, "rechnungen")
        between = _finished(emulator.inbox)
        emulator.control.heal()
        if target != emulator.target:  # the office corrects the job's target
            job = _job(tmp_path, svc.box, clock, emulator.target)
            svc.store.add_job("rechnungen", job, clock.now(), replace=True)
        clock.wait_until(datetime(2026, 3, 3, 7, 0, tzinfo=clock.tz))
        retried = run_job(svc, "rechnungen")
    finally:
        svc.store.close()
    return failed, between, retried, _finished(emulator.inbox)


def _finished(inbox: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in inbox.iterdir() if p.is_file() and not p.name.endswith(".part")}


def _delivered_whole(retried: RunOutcome, after: dict[str, bytes]) -> None:
    assert retried.ok, retried.error
    assert set(after) == {PERSONS, BOOKINGS}
    # store_with_invoice: debtor 200300 „Muster Handel GmbH“, invoice R-2026-1 of 120,00
    assert b"200300" in after[PERSONS] and b"Muster Handel GmbH" in after[PERSONS]
    assert b"R-2026-1" in after[BOOKINGS] and b"120,00" in after[BOOKINGS]


def test_a_connection_dropped_mid_upload_fails_the_run_and_the_next_run_completes(
    emulator: Any, tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """The server drops the connection after 100 bytes of the first file: the run fails at
    „Schreiben“ naming that file, which is neither journalled nor under its final name; the retry
    (same run, same period) delivers both files."""
    emulator.control.inject(disconnect_after_bytes=100)
    failed, between, retried, after = _run_twice(emulator, tmp_path, sim_clock, emulator.target)
    assert not failed.ok and failed.failed_step == "Schreiben" and failed.delivered == ()
    # the first file due is the person accounts (debtors before the bookings that name them)
    assert failed.failure.text("de") == f"Schreiben: {PERSONS}: Verbindung vom Server getrennt"
    assert between == {}
    assert retried.run_id == failed.run_id and retried.period == failed.period
    _delivered_whole(retried, after)


def test_a_wrong_password_fails_the_run_at_login_and_sends_nothing(
    emulator: Any, tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """The job's password is wrong: the run fails at „Anmelden“, nothing arrives; with the password
    corrected the retry delivers both files."""
    wrong = {**emulator.target, "password": "falsch"}
    failed, between, retried, after = _run_twice(emulator, tmp_path, sim_clock, wrong)
    assert not failed.ok and failed.failed_step == "Anmelden" and failed.delivered == ()
    assert between == {}
    _delivered_whole(retried, after)
