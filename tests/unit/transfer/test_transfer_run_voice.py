"""A run's failure is kept as codes with values and worded where it is read: the failure mail in the
job's mail language, the journal (the office's pages) in German, whatever language the process that
ran the job spoke. A row stored before the codes were kept still shows its words.

Every expected text is written out by hand from the catalogues (``de.po``/``en.po``):
``transfer.target.step_failed`` "{step}: {detail}", ``transfer.step.write`` "Schreiben"/"write",
``transfer.target.different`` "{name} existiert beim Empfänger bereits mit anderem Inhalt; wird nicht
überschrieben"/"{name} exists at the receiver with other content already; not overwritten",
``transfer.refused.import_files`` "Importdateien fehlerhaft, nichts übertragen"/"import files have
problems, nothing transferred", ``bmd.cell.not_number`` "keine Zahl: {cell!r}"/"not a number:
{cell!r}", and the mail bodies ``transfer.mail.body_failure``.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from tests.unit.transfer.test_transfer_runs import booking_file, close, setup

from syncsystem import messages
from syncsystem.clock import SimulatedClock
from syncsystem.transfer.jobs import run_job
from syncsystem.transfer.runs import RunJournal
from syncsystem.transfer.store import TransferStore

NAME = "100_20260302_0810_buchungen.csv"  # the file the receiver already has with other content
DIFFERENT = {
    "de": f"Schreiben: {NAME} existiert beim Empfänger bereits mit anderem Inhalt; wird nicht überschrieben",
    "en": f"write: {NAME} exists at the receiver with other content already; not overwritten",
}
MAIL_BODY = {
    "de": "Der automatische Buchhaltungsexport 'export' ist am 02.03.2026 09:11 (UTC+01:00) "
    "fehlgeschlagen.\n\n"
    "Fehler: {error}\n\n"
    "Der Export wird zum nächsten Termin erneut versucht; es geht nichts verloren.\n\n-- \nsyncsystem\n",
    "en": "The automatic accounting export 'export' failed on 02.03.2026 09:11 (UTC+01:00).\n\n"
    "Error: {error}\n\n"
    "The export will be tried again at the next scheduled time; nothing is lost.\n\n-- \nsyncsystem\n",
}


def _fail_on_write(tmp_path: Path, clock: SimulatedClock) -> None:
    """Close one file whose name the receiver already holds with other content (the run fails)."""
    assert close(tmp_path, clock.now() + timedelta(minutes=10), booking_file(1)) == NAME
    (tmp_path / "inbox" / NAME).write_bytes(b"fremder Inhalt")
    clock.advance(timedelta(minutes=71))


@pytest.mark.parametrize(("process", "mail_language"), [("de", "en"), ("en", "de"), ("en", "en")])
def test_the_failure_mails_error_line_is_in_the_jobs_mail_language(
    tmp_path: Path, sim_clock: SimulatedClock, process: str, mail_language: str
) -> None:
    """The process speaks one language, the job's mail another: the error line follows the mail."""
    mails: list[EmailMessage] = []
    svc = setup(tmp_path, sim_clock, mails, mail_language)
    _fail_on_write(tmp_path, sim_clock)
    with messages.speaking(process):
        outcome = run_job(svc, "export")
    assert not outcome.ok and outcome.error == DIFFERENT[process]  # the CLI's and the log's words
    [mail] = mails
    assert mail.get_content() == MAIL_BODY[mail_language].format(error=DIFFERENT[mail_language])
    svc.store.close()


@pytest.mark.parametrize("process", ["de", "en"])
def test_the_journal_words_a_failure_in_the_readers_language(
    tmp_path: Path, sim_clock: SimulatedClock, process: str
) -> None:
    """Stored by an English (or German) process, the run reads German for the office and English for
    an English reader; the German words are stored beside the codes for older versions."""
    svc = setup(tmp_path, sim_clock, [], "de")
    _fail_on_write(tmp_path, sim_clock)
    with messages.speaking(process):
        run_id = run_job(svc, "export").run_id
    record = RunJournal(svc.store).get(run_id)
    assert record is not None
    assert record.error_in("de") == DIFFERENT["de"]
    assert record.error_in("en") == DIFFERENT["en"]
    assert record.error == DIFFERENT["de"]
    assert json.loads(record.error_detail)["code"] == "transfer.target.step_failed"
    with messages.speaking("en"):
        assert record.as_dict()["error"] == DIFFERENT["en"]
    svc.store.close()


def test_a_refused_file_names_each_problem_in_the_readers_language(
    tmp_path: Path, sim_clock: SimulatedClock
) -> None:
    """A source file with a broken amount: head and ``file:line:field`` problem, worded per reader."""
    mails: list[EmailMessage] = []
    svc = setup(tmp_path, sim_clock, mails, "en")
    name = close(tmp_path, sim_clock.now() + timedelta(minutes=5), booking_file(1).replace(b"10,00", b"zehn"))
    sim_clock.advance(timedelta(minutes=61))
    with messages.speaking("de"):
        outcome = run_job(svc, "export")
    where = f"{tmp_path / 'quelle' / '100' / name.removeprefix('100_')}:2:betrag"
    english = f"import files have problems, nothing transferred\n  {where}: not a number: 'zehn'"
    german = f"Importdateien fehlerhaft, nichts übertragen\n  {where}: keine Zahl: 'zehn'"
    record = RunJournal(svc.store).get(outcome.run_id)
    assert record is not None and record.error_in("de") == german and record.error_in("en") == english
    assert f"Error: {english}\n\n" in mails[0].get_content()
    svc.store.close()


_OLD_RUNS = """
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY, job TEXT NOT NULL, slot TEXT, period_from TEXT NOT NULL,
    period_to TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 1,
    note TEXT NOT NULL DEFAULT '', mail TEXT NOT NULL DEFAULT ''
);
INSERT INTO runs VALUES ('export-20260301T050000Z', 'export', NULL, '2026-03-01T06:00:00+01:00',
    '2026-03-01T07:00:00+01:00', '2026-03-01T07:00:00+01:00', '2026-03-01T07:00:05+01:00', 'failed',
    'Anmelden: Zugang verweigert (530)', 1, '', 'failure');
"""


def test_a_run_stored_before_the_codes_shows_its_words_as_stored(tmp_path: Path) -> None:
    """A journal of an older version (no ``error_detail`` column) opens, gains the column, and its
    failed run reads as it was stored, in every language; a detail this version cannot read (a code
    of a newer one) falls back to the words too."""
    state = tmp_path / "state"
    state.mkdir()
    with sqlite3.connect(state / "transfer.sqlite") as old:
        old.executescript(_OLD_RUNS)
    old.close()
    with TransferStore.open(state) as store:
        journal = RunJournal(store)
        record = journal.get("export-20260301T050000Z")
        assert record is not None and record.error_detail == ""
        for lang in ("de", "en"):
            assert record.error_in(lang) == "Anmelden: Zugang verweigert (530)"
        unknown = json.dumps({"code": "transfer.from.a.newer.version", "values": {}})
        with store.transaction() as tx:
            tx.execute("UPDATE runs SET error_detail = ?", (unknown,))
        newer = journal.get("export-20260301T050000Z")
        assert newer is not None and newer.error_in("en") == "Anmelden: Zugang verweigert (530)"
