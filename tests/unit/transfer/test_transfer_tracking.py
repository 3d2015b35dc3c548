"""Exactly-once delivery of source documents: reservations, late documents, retries, folder sources."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from syncsystem import bmd
from syncsystem.bmd.records import Booking
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.transfer.config import parse_job, to_mapping
from syncsystem.transfer.jobs import RunOutcome, Services, run_job
from syncsystem.transfer.runs import Period, RunJournal
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

CONFIG = {
    "belegnr": "invoice",
    "accounts": {
        "ACME": {"konto": 200100, "type": "company"},
        "BETA": {"konto": 200200, "type": "company"},
        "ROOMS": {"konto": 4010, "type": "revenue"},
    },
    "companies": {"ACME": {"name": "Acme Reisen GmbH"}, "BETA": {"name": "Beta AG"}},
}


def at(day: int, hour: int = 6, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=DEFAULT_TZ)


def services(tmp_path: Path, clock: SimulatedClock, fmt: str = "bmd-verdichtet") -> Services:
    (tmp_path / "tx").mkdir()
    (tmp_path / "inbox").mkdir()
    (tmp_path / "c.json").write_text(json.dumps(CONFIG), encoding="utf-8")
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
            "target": {"protocol": "folder", "directory": str(tmp_path / "inbox")},
            "execution": {
                "mandanten": ["100"],
                "document_types": ["Rechnung", "Storno"],
                "format": fmt,
                "export_debtors": True,
            },
            "schedule": {"interval": "daily", "at": "06:00"},
        },
        box.seal,
        DEFAULT_TZ,
    )
    store.add_job("hotel", to_mapping(job), at(2, 0), replace=False)
    return Services(store, box, clock)


def enter(tmp_path: Path, file: str, *docs: tuple[str, int, str, str]) -> None:
    """The hotel system writes documents (id, day, debtor, gross) into one export file."""
    rows: list[dict[str, Any]] = [
        {
            "id": n,
            "date": f"2026-03-{day:02d}",
            "debit": debtor,
            "credit": "ROOMS",
            "gross": gross,
            "vat": "10",
            "tax": str((Decimal(gross) / 11).quantize(Decimal("0.01"))),
            "invoice": f"R-{n}",
            "document_type": "Rechnung",
        }
        for n, day, debtor, gross in docs
    ]
    (tmp_path / "tx" / file).write_text(json.dumps(rows), encoding="utf-8")


def run_at(svc: Services, clock: SimulatedClock, moment: datetime) -> RunOutcome:
    clock.wait_until(moment)
    return run_job(svc, "hotel")


def booked(tmp_path: Path, outcome: RunOutcome) -> list[tuple[date, str, Decimal]]:
    name = next(n for n in outcome.delivered if n.endswith("_Buchungen.csv"))
    records = bmd.read((tmp_path / "inbox" / name).read_bytes(), bmd.Kind.BOOKINGS).records
    return [(b.belegdatum, b.belegnr, b.betrag) for b in records if isinstance(b, Booking)]


def test_back_dated_document_goes_out_with_the_next_run_exactly_once(tmp_path: Path) -> None:
    """A document dated 02.03. entered on 03.03. goes out with the 04.03. run, own Belegdatum, once."""
    clock = SimulatedClock(at(2, 8))
    svc = services(tmp_path, clock)
    enter(tmp_path, "a.json", ("1", 2, "ACME", "110.00"))
    first = run_at(svc, clock, at(3, 6, 1))
    enter(tmp_path, "b.json", ("2", 2, "ACME", "55.00"), ("3", 3, "ACME", "22.00"))  # 2 is back-dated
    second = run_at(svc, clock, at(4, 6, 1))
    third = run_at(svc, clock, at(4, 7))
    svc.store.close()
    assert booked(tmp_path, first) == [(date(2026, 3, 2), "Apaleo-20260302", Decimal("110.00"))]
    assert booked(tmp_path, second) == [
        (date(2026, 3, 2), "Apaleo-20260302-2", Decimal("55.00")),  # BMD refuses a Belegnr twice
        (date(2026, 3, 3), "Apaleo-20260303", Decimal("22.00")),
    ]
    assert second.documents == 2 and "1 nachträglich erfasste(r) Beleg(e)" in second.note
    assert "02.03.2026" in second.note and first.note == ""
    assert third.ok and third.delivered == () and third.documents == 0


def test_documents_of_the_current_day_and_before_the_job_start_wait_or_stay(tmp_path: Path) -> None:
    """Today's documents wait for the day to end; documents dated before the job's first day never go."""
    clock = SimulatedClock(at(2, 8))
    svc = services(tmp_path, clock, fmt="bmd-einzelbuchungen")
    enter(tmp_path, "a.json", ("1", 1, "ACME", "10.00"), ("2", 2, "ACME", "20.00"), ("3", 3, "ACME", "30.00"))
    outcome = run_at(svc, clock, at(3, 12))
    svc.store.close()
    assert [b[2] for b in booked(tmp_path, outcome)] == [Decimal("20.00")]


def test_a_retry_rebuilds_its_own_documents_byte_for_byte(tmp_path: Path) -> None:
    """A failed run keeps its reservation: documents entered before the retry wait for the next run."""
    clock = SimulatedClock(at(2, 8))
    svc = services(tmp_path, clock, fmt="bmd-einzelbuchungen")
    enter(tmp_path, "a.json", ("1", 2, "ACME", "110.00"))
    bookings = "20260303_0601_100_Buchungen.csv"
    (tmp_path / "inbox" / bookings).write_bytes(b"fremd")  # the receiver blocks the name once
    failed = run_at(svc, clock, at(3, 6, 1))
    persons = failed.delivered[0]
    sent = (tmp_path / "inbox" / persons).read_bytes()
    # the run died after the rename, before journalling the person file: the retry must find
    # byte-identical content on the target or it refuses to overwrite
    svc.store.connection.execute("DELETE FROM run_files WHERE run_id = ?", (failed.run_id,))
    (tmp_path / "inbox" / bookings).unlink()
    enter(tmp_path, "b.json", ("2", 2, "BETA", "55.00"))  # a new debtor would change the person file
    retried = run_at(svc, clock, at(3, 9))
    later = run_at(svc, clock, at(3, 10))
    journal = RunJournal(svc.store)
    reserved = journal.documents(failed.run_id), journal.documents(later.run_id)
    svc.store.close()
    assert not failed.ok and failed.delivered == (persons,)
    # identical content on the target counts as arrived; different content would fail the run
    assert retried.ok and retried.run_id == failed.run_id and retried.delivered == (persons, bookings)
    assert (tmp_path / "inbox" / persons).read_bytes() == sent
    assert [b[2] for b in booked(tmp_path, retried)] == [Decimal("110.00")]
    assert later.documents == 1 and [b[2] for b in booked(tmp_path, later)] == [Decimal("55.00")]
    assert reserved == (frozenset({"tx|100|1"}), frozenset({"tx|100|2"}))


def test_a_reserved_document_deleted_before_the_retry_is_released_and_named(tmp_path: Path) -> None:
    """A document gone from the source is dropped from the run's reservation and noted, not fatal."""
    clock = SimulatedClock(at(2, 8))
    svc = services(tmp_path, clock, fmt="bmd-einzelbuchungen")
    enter(tmp_path, "a.json", ("1", 2, "ACME", "110.00"))
    enter(tmp_path, "b.json", ("2", 2, "ACME", "20.00"))
    (tmp_path / "inbox" / "20260303_0601_100_Personenkonten.csv").write_bytes(b"fremd")
    failed = run_at(svc, clock, at(3, 6, 1))
    (tmp_path / "inbox" / "20260303_0601_100_Personenkonten.csv").unlink()
    (tmp_path / "tx" / "b.json").unlink()
    retried = run_at(svc, clock, at(3, 9))
    svc.store.close()
    assert not failed.ok and retried.ok and retried.documents == 1
    assert "tx|100|2" in retried.note and [b[2] for b in booked(tmp_path, retried)] == [Decimal("110.00")]


def test_journal_reservation_holds_a_document_for_one_run_only(tmp_path: Path) -> None:
    """Two runs asking for the same document: the first holds it, the second gets nothing of it."""
    store = TransferStore.open(tmp_path)
    journal = RunJournal(store)
    store.add_job("j", {}, at(2), replace=False)
    a = journal.begin("j", Period(at(2), at(3)), None, at(3))
    b = journal.begin("j", Period(at(3), at(4)), None, at(4))
    day = date(2026, 3, 2)
    assert journal.reserve(a, "j", [("x", day), ("y", day)]) == {"x", "y"}
    assert journal.reserve(a, "j", [("x", day), ("z", day)]) == {"x", "y"}  # a retry: same set
    assert journal.reserve(b, "j", [("x", day), ("z", day)]) == {"z"}
    assert journal.days_delivered("j", b) == {}  # nothing counts before its run is delivered
    journal.finish(a, None, at(3))
    assert journal.days_delivered("j", b) == {day: 1}
    assert store.state("j").delivered_until == at(3)  # moved in the same transaction
    store.close()


def test_folder_source_delivers_a_closed_file_added_late(tmp_path: Path) -> None:
    """A closed file whose stamp lies in an already delivered period still goes out, once."""
    clock = SimulatedClock(at(2, 8))
    (tmp_path / "inbox").mkdir()
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    store = TransferStore.open(tmp_path / "state")
    job = parse_job(
        {
            "name": "hotel",
            "source_dir": str(tmp_path / "quelle"),
            "target": {"protocol": "folder", "directory": str(tmp_path / "inbox")},
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "hourly"},
        },
        box.seal,
        DEFAULT_TZ,
    )
    store.add_job("hotel", to_mapping(job), at(2, 8), replace=False)
    svc = Services(store, box, clock)
    folder = tmp_path / "quelle" / "100"
    folder.mkdir(parents=True)

    def close(stamp: datetime, n: int) -> str:
        booking = Booking(
            konto=200001,
            belegnr=f"R{n}",
            belegdatum=date(2026, 3, 2),
            buchcode=bmd.Buchcode.SOLL,
            betrag=Decimal("10.00"),
            gkonto=4000,
            buchsymbol="AR",
        )
        (folder / f"{stamp:%Y%m%d_%H%M}_buchungen.csv").write_bytes(bmd.dumps([booking]))
        return f"100_{stamp:%Y%m%d_%H%M}_buchungen.csv"

    on_time = close(at(2, 8, 30), 1)
    first = run_at(svc, clock, at(2, 9))
    late = close(at(2, 8, 45), 2)  # copied into the folder after its hour was delivered
    second = run_at(svc, clock, at(2, 10))
    third = run_at(svc, clock, at(2, 11))
    store.close()
    assert first.delivered == (on_time,) and second.delivered == (late,)
    assert third.delivered == () and set(third.skipped) == {on_time, late}
