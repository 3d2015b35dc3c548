"""Driver for the transfer features: real FTP and SMTP emulators, the real CLI, simulated time.

The driver writes a job file, adds it with ``syncsystem transfer add``, closes BMD booking files
(written with `syncsystem.bmd.dumps`) into the source folder, and lets simulated time pass by
jumping to each coming run (``transfer next``) and calling ``transfer run-due`` there — exactly what
the agent's resident service does, without waiting.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import trustme
from emulators.ftp import FtpEmulator
from emulators.smtp import SmtpEmulator

from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.clock import SimulatedClock

HOTEL_CONFIG = Path(__file__).resolve().parents[2] / "data" / "hotel-bmd-export-config.json"

SCHEDULES = {
    r"täglich um (\d\d:\d\d)": lambda m: {"interval": "daily", "at": m[1]},
    r"stündlich": lambda m: {"interval": "hourly"},
    r"wöchentlich (.+) um (\d\d:\d\d)": lambda m: {
        "interval": "weekly",
        "days": m[1].split(", "),
        "at": m[2],
    },
    r"am (\d+)\. des Monats um (\d\d:\d\d)": lambda m: {"interval": "monthly", "day": int(m[1]), "at": m[2]},
}


@dataclass
class TransferDriver:
    tmp: Path
    clock: SimulatedClock
    cli: Any
    ftp: FtpEmulator
    ca_file: Path
    smtp: SmtpEmulator | None = None
    job: str = "export"
    last: Any = None
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    closed: dict[str, bytes] = field(default_factory=dict)
    tx_count: int = 0

    @property
    def env(self) -> dict[str, str]:
        return {
            "SYNCSYSTEM_TRANSFER_STATE": str(self.tmp / "state"),
            "SYNCSYSTEM_NO_KEYRING": "1",
            "FTP_PASSWORD": "ftp-secret",
            "SMTP_PASSWORD": "mail-secret",
        }

    def run(self, *argv: str) -> Any:
        self.last = self.cli("transfer", *argv, environ=self.env)
        return self.last

    def add_job(
        self, schedule_text: str, mandant: str = "100", directory: str = "/", reminder: int = 3
    ) -> Any:
        schedule = next(make(m) for rx, make in SCHEDULES.items() if (m := re.fullmatch(rx, schedule_text)))
        job: dict[str, Any] = {
            "name": self.job,
            "source_dir": str(self.tmp / "quelle"),
            "target": {
                "protocol": "ftp",
                "host": "127.0.0.1",
                "port": self.ftp.port,
                "user": "bmd",
                "password_env": "FTP_PASSWORD",
                "directory": directory,
            },
            "execution": {"mandanten": [mandant]},  # a folder source delivers closed files as they are
            "schedule": schedule,
        }
        if self.smtp is not None:
            job["mail"] = {
                "to": "buchhaltung@mandant.at",
                "smtp_host": "127.0.0.1",
                "smtp_port": self.smtp.port,
                "smtp_user": "mailer",
                "smtp_password_env": "SMTP_PASSWORD",
                "ca_file": str(self.ca_file),
                "reminder_after": reminder,
            }
        path = self.tmp / "job.json"
        path.write_text(json.dumps(job), encoding="utf-8")
        return self.run("add", "--config", str(path), "--json")

    def close_bookings(self, mandant: str, hhmm: str, rows: int = 3) -> str:
        """Close a booking file at ``hhmm`` today (local time) into the source folder."""
        hour, minute = map(int, hhmm.split(":"))
        at = self.clock.now().replace(hour=hour, minute=minute, second=0, microsecond=0)
        bookings = [
            Booking(
                konto=200000 + i,
                belegnr=f"R{at:%H%M}{i:04d}",
                belegdatum=at.date(),
                buchcode=Buchcode.SOLL,
                betrag=Decimal("120.00") + i,
                gkonto=4000,
                buchsymbol="AR",
                text=f"Rechnung {i}",
            )
            for i in range(1, rows + 1)
        ]
        name = f"{at:%Y%m%d_%H%M}_buchungen.csv"
        folder = self.tmp / "quelle" / mandant
        folder.mkdir(parents=True, exist_ok=True)
        data = dumps(bookings)
        (folder / name).write_bytes(data)
        self.closed[f"{mandant}_{name}"] = data
        return name

    def add_transaction_job(self, schedule_text: str, mandant: str, fmt: str, filiale: str) -> Any:
        """A job building its files from the hotel system's transaction exports (with debtors)."""
        schedule = next(make(m) for rx, make in SCHEDULES.items() if (m := re.fullmatch(rx, schedule_text)))
        (self.tmp / "tx").mkdir(exist_ok=True)
        shutil.copyfile(HOTEL_CONFIG, self.tmp / "export-config.json")
        job = {
            "name": self.job,
            "source": {
                "kind": "transactions",
                "dir": str(self.tmp / "tx"),
                "config": str(self.tmp / "export-config.json"),
            },
            "scope": {"filiale": filiale},
            "target": {
                "protocol": "ftp",
                "host": "127.0.0.1",
                "port": self.ftp.port,
                "user": "bmd",
                "password_env": "FTP_PASSWORD",
                "directory": "/",
            },
            "execution": {
                "mandanten": [mandant],
                "document_types": ["Rechnung"],
                "format": fmt,
                "export_debtors": True,
            },
            "schedule": schedule,
        }
        (self.tmp / "job.json").write_text(json.dumps(job), encoding="utf-8")
        return self.run("add", "--config", str(self.tmp / "job.json"), "--json")

    def book_hotel(self, day: date, filiale: str, items: list[tuple[str, Decimal]]) -> None:
        """The hotel system exports one transaction of company ACME per (revenue account, gross) item."""
        rates = {"ROOMS": ("10", "Zimmer"), "FNB": ("20", "Frühstück")}
        rows = []
        for account, gross in items:
            self.tx_count += 1
            vat, service = rates[account]
            tax = (gross * Decimal(vat) / (100 + Decimal(vat))).quantize(Decimal("0.01"))
            rows.append(
                {
                    "id": f"T{self.tx_count}",
                    "date": day.isoformat(),
                    "debit": "ACME",
                    "credit": account,
                    "gross": str(gross),
                    "vat": vat,
                    "tax": str(tax),
                    "reservation": f"RES-{self.tx_count}",
                    "service": service,
                    "filiale": filiale,
                    "document_type": "Rechnung",
                }
            )
        path = self.tmp / "tx" / f"{day:%Y%m%d}_{filiale}_{self.tx_count}.json"
        path.write_text(json.dumps(rows), encoding="utf-8")

    def pass_time_until(self, until: datetime) -> None:
        """Jump from run to run until ``until``, calling ``run-due`` at each, as the service does."""
        while True:
            coming = self.run("next", self.job, "--count", "1", "--json")
            assert coming.exit_code == 0, coming.stderr
            slots = json.loads(coming.stdout)
            slot = datetime.fromisoformat(slots[0]["iso"]) if slots else None
            if slot is None or slot > until:
                break
            self.clock.wait_until(slot + timedelta(seconds=5))
            result = self.run("run-due", "--json")
            self.outcomes.extend(json.loads(result.stdout))
        self.clock.wait_until(until)

    def start_smtp(self, tls: dict[str, Path]) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls["server"])
        self.smtp = SmtpEmulator(context).start()
        self.smtp.control.add_user("mailer", "mail-secret")

    def received(self) -> dict[str, bytes]:
        return self.ftp.control.files("bmd")

    def sha(self, data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="session")
def transfer_tls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("transfer-tls")
    ca = trustme.CA()
    ca.issue_cert("127.0.0.1").private_key_and_cert_chain_pem.write_to_path(str(base / "server.pem"))
    ca.cert_pem.write_to_path(str(base / "ca.pem"))
    return {"server": base / "server.pem", "ca": base / "ca.pem"}


@pytest.fixture
def transfer(
    tmp_path: Path, sim_clock: SimulatedClock, cli: Any, transfer_tls: dict[str, Path]
) -> Iterator[TransferDriver]:
    """The driver with a fresh FTP emulator (user ``bmd``, read-only folder ``nur-lesen``)."""
    with FtpEmulator(tmp_path / "ftp") as ftp:
        ftp.control.add_user("bmd", "ftp-secret", read_only=("nur-lesen",))
        driver = TransferDriver(tmp_path, sim_clock, cli, ftp, transfer_tls["ca"])
        try:
            yield driver
        finally:
            if driver.smtp is not None:
                driver.smtp.stop()
