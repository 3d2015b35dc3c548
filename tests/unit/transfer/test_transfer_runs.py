"""Runs against a folder target: journal, retry without double delivery, refusal of bad source files."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from syncsystem import messages
from syncsystem.bmd import Booking, Buchcode, dumps
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.transfer.config import MailSettings, parse_job, to_mapping
from syncsystem.transfer.jobs import Services, run_job
from syncsystem.transfer.runs import RunJournal
from syncsystem.transfer.secrets import Secret, SecretBox
from syncsystem.transfer.slots import next_wakeup, run_due
from syncsystem.transfer.store import TransferStore


def booking_file(n: int) -> bytes:
    return dumps(
        [
            Booking(
                konto=200001,
                belegnr=f"R{n}",
                belegdatum=date(2026, 3, 2),
                buchcode=Buchcode.SOLL,
                betrag=Decimal("10.00"),
                gkonto=4000,
                buchsymbol="AR",
            )
        ]
    )


def setup(tmp_path: Path, clock: SimulatedClock, mails: list[EmailMessage], language: str = "de") -> Services:
    """A job 'export' of Mandant 100's AR to a folder, failure mails in ``language`` to a list."""
    (tmp_path / "inbox").mkdir()
    box = SecretBox.for_state(tmp_path / "state", use_keyring=False)
    store = TransferStore.open(tmp_path / "state")
    mail = {"to": "a@b.at", "smtp_host": "127.0.0.1", **({"language": language} if language != "de" else {})}
    job = parse_job(
        {
            "name": "export",
            "source_dir": str(tmp_path / "quelle"),
            "target": {"protocol": "folder", "directory": str(tmp_path / "inbox")},
            "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
            "schedule": {"interval": "hourly"},
            "mail": mail,
        },
        box.seal,
        DEFAULT_TZ,
    )
    store.add_job("export", to_mapping(job), clock.now(), replace=False)

    def mailer(settings: MailSettings, password: Secret | None, message: EmailMessage) -> None:
        mails.append(message)

    return Services(store, box, clock, mailer=mailer)


def close(tmp_path: Path, at: datetime, data: bytes) -> str:
    folder = tmp_path / "quelle" / "100"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{at:%Y%m%d_%H%M}_buchungen.csv"
    (folder / name).write_bytes(data)
    return f"100_{name}"


def test_retry_delivers_missing_files_only_and_journal_lists_each_once(
    tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """A run that failed half way is retried as the same run and delivers only what is missing."""
    messages.set_language("de")  # the run journal keeps the error as the office reads it
    mails: list[EmailMessage] = []
    svc = setup(tmp_path, sim_clock, mails)
    first = close(tmp_path, sim_clock.now() + timedelta(minutes=10), booking_file(1))
    second = close(tmp_path, sim_clock.now() + timedelta(minutes=20), booking_file(2))
    (tmp_path / "inbox" / second).write_bytes(b"fremder Inhalt")  # the receiver has another file by that name
    sim_clock.advance(timedelta(minutes=61))
    failed = run_due(svc)[0]
    assert not failed.ok and failed.delivered == (first,) and "nicht überschrieben" in failed.error
    (tmp_path / "inbox" / second).unlink()
    sim_clock.advance(timedelta(hours=1))
    retried = run_due(svc)[0]
    assert retried.ok and retried.run_id == failed.run_id
    assert retried.delivered == (second,) and retried.skipped == (first,)
    record = RunJournal(svc.store).get(retried.run_id)
    assert record is not None and record.attempts == 2 and [f.name for f in record.files] == [first, second]
    assert [m["X-Syncsystem-Mail"] for m in mails] == ["failure", "all-clear"]
    svc.store.close()


def test_bad_source_file_stops_the_run_naming_the_field(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """A closed file with a broken amount is not sent; the error names file, line and field."""
    svc = setup(tmp_path, sim_clock, [])
    bad = booking_file(1).replace(b"10,00", b"zehn")
    close(tmp_path, sim_clock.now() + timedelta(minutes=5), bad)
    sim_clock.advance(timedelta(minutes=61))
    outcome = run_job(svc, "export")
    assert not outcome.ok and ":2:betrag" in outcome.error
    assert list((tmp_path / "inbox").iterdir()) == []
    svc.store.close()


def test_run_due_runs_each_slot_once(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """Calling run-due twice in the same hour runs the job once."""
    svc = setup(tmp_path, sim_clock, [])
    sim_clock.advance(timedelta(minutes=1))
    assert len(run_due(svc)) == 1 and run_due(svc) == []
    svc.store.close()


def test_cli_add_list_next_and_help(cli: Any, tmp_path: Path) -> None:
    """The CLI adds a job from a file with the password from the environment, lists it and previews runs."""
    job = {
        "name": "stb",
        "target": {"protocol": "ftp", "host": "stb.example.at", "user": "bmd", "password_env": "FTP_PW"},
        "execution": {"mandanten": ["100"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
        "schedule": {"interval": "daily", "at": "07:00"},
    }
    (tmp_path / "job.json").write_text(json.dumps(job))
    env = {
        "SYNCSYSTEM_TRANSFER_STATE": str(tmp_path / "state"),
        "SYNCSYSTEM_NO_KEYRING": "1",
        "FTP_PW": "geheim",
    }
    added = cli("transfer", "add", "--config", tmp_path / "job.json", "--json", environ=env)
    assert added.exit_code == 0, added.stderr
    assert "geheim" not in (tmp_path / "state" / "transfer.sqlite").read_bytes().decode("latin-1")
    listed = json.loads(cli("transfer", "list", "--json", environ=env).stdout)
    assert listed[0]["job"] == "stb" and listed[0]["schedule"] == "täglich um 07:00"
    coming = json.loads(
        cli("transfer", "next", "stb", "--from", "2026-03-28", "--count", "2", "--json", environ=env).stdout
    )
    assert [(c["local"], c["utc_offset"]) for c in coming] == [
        ("2026-03-28 07:00", "+01:00"),
        ("2026-03-29 07:00", "+02:00"),
    ]
    shown = cli("transfer", "next", "stb", "--from", "2026-03-28", "--count", "2", environ=env).stdout
    assert shown.splitlines() == ["Sa 28.03.2026 07:00 (UTC+01:00)", "So 29.03.2026 07:00 (UTC+02:00)"]
    english = cli(
        "--lang", "en", "transfer", "next", "stb", "--from", "2026-03-28", "--count", "1", environ=env
    )
    assert english.stdout.splitlines() == ["Sat 28.03.2026 07:00 (UTC+01:00)"]
    assert cli("transfer", "run-due", "--help").exit_code == 0
    again = cli("transfer", "add", "--config", tmp_path / "job.json", environ=env)
    assert again.exit_code != 0 and "existiert bereits" in again.stderr
    empty = cli(
        "transfer", "add", "--config", tmp_path / "job.json", "--replace", environ={**env, "FTP_PW": ""}
    )
    assert empty.exit_code == 2 and "job.json:target.password: Pflichtfeld" in empty.stderr


def test_next_wakeup_is_the_earliest_coming_slot(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """The resident service learns when to call run_due next: the next full hour here."""
    svc = setup(tmp_path, sim_clock, [])
    run_due(svc)  # runs the 08:00 slot
    assert next_wakeup(svc) == datetime(2026, 3, 2, 9, 0, tzinfo=DEFAULT_TZ)
    svc.store.close()


def test_a_run_does_not_read_files_sent_before(tmp_path: Path, sim_clock: SimulatedClock) -> None:
    """Files journalled as sent are neither read nor validated again: a file sent in the first run
    and broken afterwards (here: no longer a BMD file) does not stop the second run."""
    mails: list[EmailMessage] = []
    svc = setup(tmp_path, sim_clock, mails)
    first = close(tmp_path, sim_clock.now() + timedelta(minutes=10), booking_file(1))
    sim_clock.advance(timedelta(minutes=61))
    assert run_due(svc)[0].delivered == (first,)
    (tmp_path / "quelle" / "100" / first.removeprefix("100_")).write_bytes(b"kein BMD\x00")
    second = close(tmp_path, sim_clock.now() + timedelta(minutes=10), booking_file(2))
    sim_clock.advance(timedelta(hours=1))
    again = run_due(svc)[0]
    assert again.ok, again.error
    assert again.delivered == (second,) and again.skipped == (first,)
    svc.store.close()
