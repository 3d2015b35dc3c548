"""The notification mails read as written by hand, in German (the default) and in English (the job
file's ``mail.language``), whatever language the process speaks; the choice is a job-file field."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from syncsystem import messages
from syncsystem.transfer.config import JobConfigError, MailSettings, parse_job, to_mapping
from syncsystem.transfer.mail import MailKind, compose

# 01:30 on the night of the clock change to summer time: still +0100
WHEN = datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/Vienna"))
SIGNATURE = "\n\n-- \nsyncsystem\n"

GERMAN = {
    MailKind.FAILURE: (
        "Buchhaltungsexport stb fehlgeschlagen",
        "Der automatische Buchhaltungsexport 'stb' ist am 29.03.2026 01:30 (UTC+01:00) fehlgeschlagen.\n\n"
        "Fehler: Schreiben: 552\n\n"
        "Der Export wird zum nächsten Termin erneut versucht; es geht nichts verloren.",
    ),
    MailKind.REMINDER: (
        "Erinnerung: Buchhaltungsexport stb schlägt weiter fehl (6×)",
        "Der Buchhaltungsexport 'stb' ist 6-mal hintereinander fehlgeschlagen, zuletzt am "
        "29.03.2026 01:30 (UTC+01:00).\n\nLetzter Fehler: Schreiben: 552",
    ),
    MailKind.ALL_CLEAR: (
        "Entwarnung: Buchhaltungsexport stb läuft wieder",
        "Der Buchhaltungsexport 'stb' war am 29.03.2026 01:30 (UTC+01:00) wieder erfolgreich.\n"
        "Alle ausstehenden Zeiträume wurden übertragen.",
    ),
    MailKind.TEST: (
        "Test-E-Mail des Buchhaltungsexports stb",
        "Diese Test-E-Mail bestätigt, dass Fehlermeldungen des Buchhaltungsexports 'stb' ankommen "
        "(29.03.2026 01:30 (UTC+01:00)).",
    ),
}

ENGLISH = {
    MailKind.FAILURE: (
        "Accounting export stb failed",
        "The automatic accounting export 'stb' failed on 29.03.2026 01:30 (UTC+01:00).\n\n"
        "Error: Schreiben: 552\n\n"
        "The export will be tried again at the next scheduled time; nothing is lost.",
    ),
    MailKind.REMINDER: (
        "Reminder: accounting export stb is still failing (6×)",
        "The accounting export 'stb' has failed 6 times in a row, most recently on "
        "29.03.2026 01:30 (UTC+01:00).\n\nLast error: Schreiben: 552",
    ),
    MailKind.ALL_CLEAR: (
        "All clear: accounting export stb is running again",
        "The accounting export 'stb' succeeded again on 29.03.2026 01:30 (UTC+01:00).\n"
        "All outstanding periods have been transferred.",
    ),
    MailKind.TEST: (
        "Test e-mail of the accounting export stb",
        "This test e-mail confirms that failure messages of the accounting export 'stb' arrive "
        "(29.03.2026 01:30 (UTC+01:00)).",
    ),
}


def _mail(kind: MailKind, language: str) -> tuple[str, str]:
    settings = MailSettings(to="kanzlei@example.at", smtp_host="mail.example.at", language=language)
    msg = compose(kind, settings, "stb", WHEN, failures=6, error="Schreiben: 552")
    return str(msg["Subject"]), msg.get_content()


@pytest.mark.parametrize("kind", list(MailKind))
@pytest.mark.parametrize(("language", "table"), [("de", GERMAN), ("en", ENGLISH)])
@pytest.mark.parametrize("process", ["de", "en"])
def test_each_mail_reads_as_written_in_the_jobs_language(
    kind: MailKind, language: str, table: dict[MailKind, tuple[str, str]], process: str
) -> None:
    """Subject and body come out as the table says, in the job's language and not the process's."""
    subject, body = table[kind]
    with messages.speaking(process):
        assert _mail(kind, language) == (subject, body + SIGNATURE)


_JOB: dict[str, Any] = {
    "name": "stb",
    "target": {"protocol": "folder", "directory": "/srv/out"},
    "execution": {"mandanten": ["1001"], "document_types": ["AR"], "format": "bmd-einzelbuchungen"},
    "schedule": {"interval": "daily", "at": "06:00"},
}


def _parse(mail: dict[str, Any]) -> MailSettings:
    return parse_job({**_JOB, "mail": mail}, lambda s: f"enc:{s}", ZoneInfo("Europe/Vienna")).mail


def test_the_mail_language_is_german_unless_the_job_file_says_en() -> None:
    """No ``mail.language`` (or an empty one) is German; ``EN`` in any case is English, and only a
    language other than German is written back into the job file."""
    assert _parse({"to": "a@example.at"}).language == "de"
    assert _parse({"to": "a@example.at", "language": ""}).language == "de"
    english = parse_job({**_JOB, "mail": {"language": "EN"}}, str, ZoneInfo("Europe/Vienna"))
    assert english.mail.language == "en"
    assert to_mapping(english)["mail"] == {
        "language": "en",
        "smtp_port": 587,
        "starttls": True,
        "reminder_after": 3,
    }
    german = parse_job(_JOB, str, ZoneInfo("Europe/Vienna"))
    assert "language" not in to_mapping(german)["mail"]


def test_an_unknown_mail_language_is_refused_at_its_field() -> None:
    with pytest.raises(JobConfigError) as caught:
        _parse({"language": "fr"})
    [problem] = caught.value.problems
    assert problem.field == "mail.language"
    assert "fr" in problem.text_in("de") and "de, en" in problem.text_in("de")


def test_a_run_after_the_clock_change_is_stamped_with_summer_times_offset() -> None:
    """03:30 of the same night is summer time: the mail says UTC+02:00 with a colon, as the dialog's
    next runs do (hand-written)."""
    settings = MailSettings(to="kanzlei@example.at", smtp_host="mail.example.at", language="de")
    later = datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Vienna"))
    body = compose(MailKind.ALL_CLEAR, settings, "stb", later).get_content()
    assert body.startswith(
        "Der Buchhaltungsexport 'stb' war am 29.03.2026 03:30 (UTC+02:00) wieder erfolgreich.\n"
    )
