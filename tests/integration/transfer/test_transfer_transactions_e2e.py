"""End to end in simulated time: the source system's documents → scheduled job → FTP → BMD import."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from emulators.bmd import Office
from emulators.ftp import FtpEmulator

from syncsystem import bmd
from syncsystem.bmd.records import Booking, PersonAccount
from syncsystem.clock import SimulatedClock
from syncsystem.interfaces.model import InvoiceLine, SourceInvoice, VatType
from syncsystem.interfaces.store import BookedInvoice, InvoiceStore
from syncsystem.transfer.config import MailSettings, parse_job, to_mapping
from syncsystem.transfer.jobs import Services, run_job
from syncsystem.transfer.secrets import Secret, SecretBox
from syncsystem.transfer.slots import run_due
from syncsystem.transfer.store import TransferStore

CONFIG = Path(__file__).resolve().parents[2] / "data" / "hotel-bmd-export-config.json"


def hotel_day(day: int, first_id: int) -> list[dict[str, Any]]:
    """Three room nights and a breakfast of one day, as the hotel system exports them."""
    rows = [
        {
            "id": str(first_id + i),
            "date": f"2026-03-{day:02d}",
            "debit": "ACME",
            "credit": "ROOMS",
            "gross": "110.00",
            "vat": "10",
            "tax": "10.00",
            "reservation": f"RES-{first_id + i}",
            "service": "Zimmer",
            "document_type": "Rechnung",
            "filiale": "Wien",
        }
        for i in range(3)
    ]
    rows.append(
        {
            "id": str(first_id + 3),
            "date": f"2026-03-{day:02d}",
            "debit": "ACME",
            "credit": "FNB",
            "gross": "24.00",
            "vat": "20",
            "tax": "4.00",
            "service": "Frühstück",
            "document_type": "Rechnung",
            "filiale": "Wien",
        }
    )
    rows.append({**rows[0], "id": str(first_id + 4), "filiale": "Graz"})  # another Filiale: not exported
    return rows


def store_with_invoice(folder: Path) -> None:
    """The invoice store holds one invoice of debtor 200300 on 02.03.2026."""
    debtor = PersonAccount(konto=200300, nachname="Muster Handel GmbH", ort="Linz", land="AT")
    invoice = SourceInvoice(
        "100",
        "R-2026-1",
        date(2026, 3, 2),
        200300,
        (InvoiceLine(4000, Decimal("120.00"), Decimal("20.00"), VatType.parse("1 (20)")),),
    )
    InvoiceStore(
        folder / "syncsystem-invoices.json", {200300: debtor}, {("100", "R-2026-1"): BookedInvoice(invoice)}
    ).save()


def services(tmp_path: Path, clock: SimulatedClock, ftp: FtpEmulator, source: dict[str, Any]) -> Services:
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    store = TransferStore.open(tmp_path / "state")
    job = parse_job(
        {
            "name": "hotel",
            "source": source,
            "scope": {"filiale": "Wien"} if "store" not in source else {},
            "target": {
                "protocol": "ftp",
                "host": "127.0.0.1",
                "port": ftp.port,
                "user": "bmd",
                "password": "ftp-secret",
                "directory": "/",
            },
            "execution": {
                "mandanten": ["100"],
                "document_types": ["Rechnung"],
                "format": "bmd-verdichtet",
                "export_debtors": True,
            },
            "schedule": {"interval": "daily", "at": "06:00"},
        },
        box.seal,
        clock.tz,
    )
    store.add_job("hotel", to_mapping(job), clock.now() - timedelta(hours=8), replace=False)

    def mailer(settings: MailSettings, password: Secret | None, message: EmailMessage) -> None:
        raise AssertionError("no mail expected")

    return Services(store, box, clock, mailer=mailer, timeout=5)


def test_aggregated_bookings_reach_bmd_through_ftp(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """Two days of hotel documents go out as aggregated bookings after each day and import into BMD."""
    (tmp_path / "tx").mkdir()
    (tmp_path / "tx" / "2026-03-02.json").write_text(json.dumps(hotel_day(2, 1)), encoding="utf-8")
    shutil.copyfile(CONFIG, tmp_path / "config.json")
    with FtpEmulator(tmp_path / "ftp") as ftp:
        ftp.control.add_user("bmd", "ftp-secret")
        svc = services(
            tmp_path,
            sim_clock,
            ftp,
            {"kind": "transactions", "dir": str(tmp_path / "tx"), "config": str(tmp_path / "config.json")},
        )
        try:
            sim_clock.wait_until(datetime(2026, 3, 3, 6, 0, 5, tzinfo=sim_clock.tz))
            (tmp_path / "tx" / "2026-03-03.json").write_text(json.dumps(hotel_day(3, 10)), encoding="utf-8")
            first = run_due(svc)
            sim_clock.wait_until(datetime(2026, 3, 4, 6, 0, 5, tzinfo=sim_clock.tz))
            second = run_due(svc)
        finally:
            svc.store.close()
        received = ftp.control.files("bmd")
    assert [o.delivered for o in first] == [
        ("20260303_0600_100_Personenkonten.csv", "20260303_0600_100_Buchungen.csv")
    ]
    assert [o.delivered for o in second] == [
        ("20260304_0600_100_Personenkonten.csv", "20260304_0600_100_Buchungen.csv")
    ]
    office = Office.create(tmp_path / "office", seed=5, mandanten=1, profile="small", start=date(2026, 3, 2))
    mandant = office.mandanten[0]
    imported = []
    for name in sorted(received, key=lambda n: (n[:13], "Personenkonten" not in n)):  # persons first
        (tmp_path / name).write_bytes(received[name])
        imported.append(office.import_file(mandant, tmp_path / name).rows)
    assert imported == [1, 2, 1, 2]
    day1 = [
        r for r in bmd.read(received["20260303_0600_100_Buchungen.csv"]).records if isinstance(r, Booking)
    ]
    assert [(b.belegdatum, b.gkonto, b.betrag, b.steuer, b.belegnr) for b in day1] == [
        (date(2026, 3, 2), 4000, Decimal("24.00"), Decimal("-4.00"), "Apaleo-20260302"),
        (date(2026, 3, 2), 4010, Decimal("330.00"), Decimal("-30.00"), "Apaleo-20260302"),
    ]


def test_a_retried_run_sends_the_same_bytes_under_the_same_names(
    tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """A run that failed after the person accounts arrived replays its period the next day, byte for byte."""
    store_with_invoice(tmp_path)
    with FtpEmulator(tmp_path / "ftp") as ftp:
        ftp.control.add_user("bmd", "ftp-secret")
        svc = services(tmp_path, sim_clock, ftp, {"kind": "transactions", "store": str(tmp_path)})
        try:
            sim_clock.wait_until(datetime(2026, 3, 3, 6, 0, 5, tzinfo=sim_clock.tz))
            ftp.control.inject(disk_free_bytes=250)  # room for the person file, not for the bookings
            failed = run_job(svc, "hotel")
            before = ftp.control.files("bmd")
            ftp.control.heal()
            sim_clock.wait_until(datetime(2026, 3, 4, 7, 0, tzinfo=sim_clock.tz))
            retried = run_job(svc, "hotel")
            later = run_job(svc, "hotel")
        finally:
            svc.store.close()
        received = ftp.control.files("bmd")
    assert not failed.ok and failed.delivered == ("20260303_0600_100_Personenkonten.csv",)
    assert retried.ok and retried.run_id == failed.run_id and retried.period == failed.period
    assert retried.skipped == failed.delivered and retried.delivered == ("20260303_0600_100_Buchungen.csv",)
    assert received["20260303_0600_100_Personenkonten.csv"] == before["20260303_0600_100_Personenkonten.csv"]
    assert later.ok and later.delivered == ()  # 03.03. had no documents
    assert sorted(n for n in received if not n.endswith(".part")) == [
        "20260303_0600_100_Buchungen.csv",
        "20260303_0600_100_Personenkonten.csv",
    ]


def late_room(n: int) -> list[dict[str, Any]]:
    """One room night dated 02.03.2026, entered in the hotel system days later (a correction)."""
    return [{**hotel_day(2, n)[0], "id": str(n), "reservation": f"RES-{n}"}]


def test_back_dated_documents_reach_bmd_once_even_through_a_failed_run(
    tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """Documents entered after their day was delivered go out with the next run, once; a failed run's
    retry sends the same bytes and only its own documents; BMD imports every file."""
    (tmp_path / "tx").mkdir()
    (tmp_path / "tx" / "2026-03-02.json").write_text(json.dumps(hotel_day(2, 1)), encoding="utf-8")
    shutil.copyfile(CONFIG, tmp_path / "config.json")
    tz = sim_clock.tz
    with FtpEmulator(tmp_path / "ftp") as ftp:
        ftp.control.add_user("bmd", "ftp-secret")
        svc = services(
            tmp_path,
            sim_clock,
            ftp,
            {"kind": "transactions", "dir": str(tmp_path / "tx"), "config": str(tmp_path / "config.json")},
        )
        try:
            sim_clock.wait_until(datetime(2026, 3, 3, 6, 0, 5, tzinfo=tz))
            (first,) = run_due(svc)  # day 1 (02.03.) delivered
            sim_clock.wait_until(datetime(2026, 3, 4, 5, 0, tzinfo=tz))  # day 3: a 02.03. document arrives
            (tmp_path / "tx" / "late-1.json").write_text(json.dumps(late_room(50)), encoding="utf-8")
            sim_clock.wait_until(datetime(2026, 3, 4, 6, 0, 5, tzinfo=tz))
            ftp.control.inject(disk_free_bytes=250)  # the person file fits, the bookings do not
            (failed,) = run_due(svc)
            ftp.control.heal()
            # the attempt died before journalling the person file: the retry meets it on the server
            # and goes on only if it rebuilt exactly the same bytes
            svc.store.connection.execute("DELETE FROM run_files WHERE run_id = ?", (failed.run_id,))
            (tmp_path / "tx" / "late-2.json").write_text(json.dumps(late_room(60)), encoding="utf-8")
            sim_clock.wait_until(datetime(2026, 3, 4, 7, 0, tzinfo=tz))
            retried = run_job(svc, "hotel")
            sim_clock.wait_until(datetime(2026, 3, 5, 6, 0, 5, tzinfo=tz))
            (next_day,) = run_due(svc)
            again = run_job(svc, "hotel")
        finally:
            svc.store.close()
        received = ftp.control.files("bmd")
    assert first.ok and first.documents == 4
    assert not failed.ok and failed.delivered == ("20260304_0600_100_Personenkonten.csv",)
    assert retried.ok and retried.run_id == failed.run_id and retried.documents == 1
    assert "nachträglich" in retried.note and "02.03.2026" in retried.note
    assert next_day.ok and next_day.documents == 1 and again.ok and again.delivered == ()

    def bookings(name: str) -> list[tuple[date, int, Decimal, str]]:
        records = bmd.read(received[name]).records
        return [(b.belegdatum, b.gkonto, b.betrag, b.belegnr) for b in records if isinstance(b, Booking)]

    assert bookings("20260304_0600_100_Buchungen.csv") == [
        (date(2026, 3, 2), 4010, Decimal("110.00"), "Apaleo-20260302-2")
    ]
    assert bookings("20260305_0600_100_Buchungen.csv") == [
        (date(2026, 3, 2), 4010, Decimal("110.00"), "Apaleo-20260302-3")
    ]
    office = Office.create(tmp_path / "office", seed=5, mandanten=1, profile="small", start=date(2026, 3, 2))
    for outcome in (first, retried, next_day):
        for name in sorted(outcome.delivered, key=lambda n: "Personenkonten" not in n):
            (tmp_path / name).write_bytes(received[name])
            assert office.import_file(office.mandanten[0], tmp_path / name).rows > 0
    totals: dict[int, Decimal] = {}
    for name in received:
        if name.endswith("_Buchungen.csv"):
            for _, konto, amount, _ in bookings(name):
                totals[konto] = totals.get(konto, Decimal(0)) + amount
    assert totals == {4000: Decimal("24.00"), 4010: Decimal("550.00")}  # every document exactly once
