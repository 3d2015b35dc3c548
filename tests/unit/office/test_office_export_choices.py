"""The export dialog's choices (protocol, source, format, interval, mail language) and the run
history's names of a run's mail are catalogue codes: German on the page, English in the English
catalogue. Every expected word below is written by hand (seed 001's dialog for the German)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.office.exportdialog import CHOICES, run_mail
from syncsystem.transfer.failure import Failure, stored
from syncsystem.transfer.runs import Period, RunRecord

# (choice, form value) -> (German, English)
WORDS = {
    ("protocol", "ftps"): ("FTPS (FTP mit TLS)", "FTPS (FTP over TLS)"),
    ("protocol", "sftp"): ("SFTP (SSH)", "SFTP (SSH)"),
    ("protocol", "folder"): ("Ordner", "folder"),
    ("source", "transactions"): (
        "Belege des Vorsystems (Transaktionsexporte)",
        "Source system's documents (transaction exports)",
    ),
    ("source", "folder"): ("Ordner mit abgeschlossenen Importdateien", "Folder of closed import files"),
    ("format", "bmd-einzelbuchungen"): ("BMD Einzelbuchungen", "BMD single bookings"),
    ("format", "bmd-verdichtet"): (
        "BMD verdichtet (je Tag und Konto)",
        "BMD aggregated (per day and account)",
    ),
    ("interval", "hourly"): ("Stündlich", "Hourly"),
    ("interval", "minutes"): ("Alle x Minuten", "Every x minutes"),
    ("interval", "daily"): ("Täglich", "Daily"),
    ("interval", "weekly"): ("Wöchentlich an folgenden Tagen", "Weekly on these days"),
    ("interval", "monthly"): ("Tag des Monats", "Day of the month"),
    ("language", ""): ("Deutsch", "German"),
    ("language", "en"): ("Englisch", "English"),
}
# shown as they are, in every language: a protocol's name, "no format", the weekdays' form values
NAMES = {
    ("protocol", "ftp"): "FTP",
    ("format", ""): "—",
    **{("weekdays", day): day for day in ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")},
}


def test_every_worded_choice_is_a_catalogue_code_and_only_names_are_literals() -> None:
    options = {(choice, value): text for choice, listed in CHOICES.items() for value, text in listed}
    assert {key: text for key, text in options.items() if not isinstance(text, Message)} == NAMES
    assert set(options) - set(NAMES) == set(WORDS)


@pytest.mark.parametrize("key", sorted(WORDS))
def test_each_choice_reads_as_written_in_german_and_english(key: tuple[str, str]) -> None:
    caption = dict(CHOICES[key[0]])[key[1]]
    assert isinstance(caption, Message)
    assert (caption.text("de"), caption.text("en")) == WORDS[key]


def _run(mail: str = "", detail: str = "") -> RunRecord:
    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return RunRecord(
        "r1",
        "lauf",
        Period(moment, moment),
        None,
        moment,
        moment,
        "failed",
        "",
        1,
        (),
        mail=mail,
        mail_detail=detail,
    )


def test_the_run_history_names_each_kind_of_mail_in_german_and_english() -> None:
    named = {
        kind: (run_mail(_run(kind), "de"), run_mail(_run(kind), "en"))
        for kind in ("failure", "reminder", "all-clear", "")
    }
    assert named == {
        "failure": ("Fehler-Mail", "failure mail"),
        "reminder": ("Erinnerung", "reminder"),
        "all-clear": ("Entwarnung", "all-clear"),
        "": ("keine", "none"),
    }


def test_a_mail_that_could_not_be_sent_says_why_and_an_older_row_shows_its_words() -> None:
    words, detail = stored(Failure(mc.TX_MAIL_NOT_SENT(reason=mc.MAIL_NOT_CONFIGURED())))
    run = _run(words, detail)
    assert run_mail(run, "de") == (
        "nicht gesendet: keine Empfängeradresse oder kein SMTP-Server konfiguriert (mail.to, mail.smtp_host)"
    )
    assert run_mail(run, "en") == (
        "not sent: no recipient or no SMTP server configured (mail.to, mail.smtp_host)"
    )
    assert run_mail(_run("nicht gesendet: 550 Postfach voll"), "en") == "nicht gesendet: 550 Postfach voll"
