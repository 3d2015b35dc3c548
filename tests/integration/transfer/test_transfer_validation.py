"""Nothing invalid leaves: every file of a run is checked before delivery (real FTP/folder + SMTP)."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from emulators.ftp import FtpEmulator
from emulators.smtp import SmtpEmulator

from syncsystem.clock import SimulatedClock
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.jobs import Services, run_job
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

CONFIG = Path(__file__).resolve().parents[2] / "data" / "hotel-bmd-export-config.json"


def _tx(i: int, tax: str) -> dict[str, Any]:
    return {
        "id": str(i),
        "date": "2026-03-02",
        "debit": "ACME",
        "credit": "ROOMS",
        "gross": "110.00",
        "vat": "10",
        "tax": tax,
        "reservation": f"RES-{i}",
        "service": "Zimmer",
        "document_type": "Rechnung",
    }


def _services(
    tmp_path: Path, clock: SimulatedClock, target: dict[str, Any], smtp: SmtpEmulator, ca: Path
) -> Services:
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    store = TransferStore.open(tmp_path / "state")
    job = parse_job(
        {
            "name": "hotel",
            "source": {
                "kind": "transactions",
                "dir": str(tmp_path / "tx"),
                "config": str(tmp_path / "c.json"),
            },
            "target": target,
            "execution": {
                "mandanten": ["100"],
                "document_types": ["Rechnung"],
                "format": "bmd-einzelbuchungen",
                "export_debtors": True,
            },
            "schedule": {"interval": "daily", "at": "06:00"},
            "mail": {
                "to": "buchhaltung@hotel.at",
                "smtp_host": "127.0.0.1",
                "smtp_port": smtp.port,
                "smtp_user": "mailer",
                "smtp_password": "mail-secret",
                "ca_file": str(ca),
                "reminder_after": 3,
            },
        },
        box.seal,
        clock.tz,
    )
    store.add_job("hotel", to_mapping(job), clock.now() - timedelta(hours=8), replace=False)
    return Services(store, box, clock, timeout=5)


@pytest.mark.parametrize("kind", ["ftp", "folder"])
def test_an_invalid_file_stops_the_run_and_the_mail_names_file_line_field(
    kind: str,
    tmp_path: Path,
    sim_clock: SimulatedClock,
    smtp_server: SmtpEmulator,
    tls_files: dict[str, Path],
) -> None:
    """Line 3 of the bookings carries 15,00 tax on 110,00 at 10 % (10,00 is right): the run fails at
    "Prüfen", neither the valid person-account file nor the bookings arrive, and the failure mail
    names ``…_Buchungen.csv:3:steuer``. Once the source is corrected the next run delivers both."""
    (tmp_path / "tx").mkdir()
    (tmp_path / "tx" / "day.json").write_text(
        json.dumps([_tx(1, "10.00"), _tx(2, "15.00")]), encoding="utf-8"
    )
    shutil.copyfile(CONFIG, tmp_path / "c.json")
    with FtpEmulator(tmp_path / "ftp") as ftp:
        ftp.control.add_user("bmd", "ftp-secret")
        inbox = tmp_path / "inbox"
        inbox.mkdir()
        target = (
            {
                "protocol": "ftp",
                "host": "127.0.0.1",
                "port": ftp.port,
                "user": "bmd",
                "password": "ftp-secret",
                "directory": "/",
            }
            if kind == "ftp"
            else {"protocol": "folder", "directory": str(inbox)}
        )
        svc = _services(tmp_path, sim_clock, target, smtp_server, tls_files["ca"])
        try:
            sim_clock.wait_until(datetime(2026, 3, 3, 6, 0, 5, tzinfo=sim_clock.tz))
            failed = run_job(svc, "hotel")
            arrived = ftp.control.files("bmd") if kind == "ftp" else {p.name: 1 for p in inbox.iterdir()}
            (tmp_path / "tx" / "day.json").write_text(
                json.dumps([_tx(1, "10.00"), _tx(2, "10.00")]), encoding="utf-8"
            )
            sim_clock.wait_until(datetime(2026, 3, 3, 6, 30, tzinfo=sim_clock.tz))
            fixed = run_job(svc, "hotel")
            after = ftp.control.files("bmd") if kind == "ftp" else {p.name: 1 for p in inbox.iterdir()}
        finally:
            svc.store.close()
    assert not failed.ok and failed.failed_step == "Prüfen" and failed.delivered == ()
    assert arrived == {}
    assert "20260303_0600_100_Buchungen.csv:3:steuer" in failed.error
    (mail,) = smtp_server.control.mails()[:1]
    assert "fehlgeschlagen" in mail.subject and "20260303_0600_100_Buchungen.csv:3:steuer" in mail.body
    assert fixed.ok and set(fixed.delivered) == set(after) == {
        "20260303_0600_100_Personenkonten.csv",
        "20260303_0600_100_Buchungen.csv",
    }
