"""Page 1's run history and "Jetzt ausführen" word a run's failure in German from its codes, though
the process speaks English (the test session's language) and the job mails in English; a run stored
before the codes were kept shows its words as stored.

Expected wording written out by hand from the catalogues: ``office.job.run_failed`` "Lauf
fehlgeschlagen: {reason}", ``transfer.target.step_failed`` "{step}: {detail}",
``transfer.step.directory`` "Verzeichnis"/"directory", ``transfer.target.no_dir`` "{directory}:
Verzeichnis gibt es nicht"/"{directory}: no such directory"; for a mail that could not be sent
``transfer.run.mail_not_sent`` "nicht gesendet: {reason}", ``transfer.mail.other`` "SMTP {step}:
{reason}", ``transfer.mail.step_connect`` "Verbinden"/"connect".
"""

from __future__ import annotations

import html
import json
import re
import shutil
from datetime import timedelta
from email.message import EmailMessage
from types import SimpleNamespace
from typing import Any

import pytest
from tests.unit.office.test_office_export_page import _closed_booking_file

from syncsystem import messages
from syncsystem.errors import Problem
from syncsystem.messages import codes as mc
from syncsystem.office.pages import buchhaltungsexport_aktionen as aktionen
from syncsystem.transfer.config import MailSettings
from syncsystem.transfer.failure import Failure
from syncsystem.transfer.jobs import Services, run_job
from syncsystem.transfer.mail import MailError
from syncsystem.transfer.secrets import Secret, SecretBox
from syncsystem.transfer.store import TransferStore

_RESULT = re.compile(r'<td class="nicht-ok ergebnis">(.*?)</td>', re.S)
_MAIL = re.compile(r'<td class="mail">([^<]*)</td>')


def test_a_failed_run_reads_german_on_the_page_and_english_in_the_english_mail(office_world: Any) -> None:
    """The scheduled run (the agent's task, here an English-speaking process) fails; its English mail
    says why in English, the page's history and "Jetzt ausführen" in German."""
    sent: list[EmailMessage] = []
    office_world.office = type(office_world.office)(
        office_world.state,
        office_world.clock,
        services_factory=lambda store, box: Services(
            store, box, office_world.clock, mailer=lambda s, p, m: sent.append(m)
        ),
    )
    office_world.add_job(
        "lauf", mail={"to": "buha@mandant.example", "smtp_host": "smtp.example", "language": "en"}
    )
    target = office_world.state.parent / "ziel"
    shutil.rmtree(target)  # the target folder is gone: the run fails at "Verzeichnis"
    _closed_booking_file(office_world, "20260302_0900_100_Buchungen.csv")
    office_world.clock.wait_until(office_world.clock.now() + timedelta(hours=2))
    with messages.speaking("en"), TransferStore.open(office_world.state) as store:
        box = SecretBox.for_state(office_world.state, use_keyring=False)
        scheduled = run_job(
            Services(store, box, office_world.clock, mailer=lambda s, p, m: sent.append(m)), "lauf"
        )
    english = f"directory: {target}: no such directory"
    german = f"Verzeichnis: {target}: Verzeichnis gibt es nicht"
    assert scheduled.error == english  # the process's own words (CLI, log)
    [mail] = sent
    assert f"\n\nError: {english}\n\n" in mail.get_content()
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    page = client.get("/buchhaltungsexport/lauf")
    assert [html.unescape(r) for r in _RESULT.findall(page.text)] == [f"fehlgeschlagen: {german}"]
    answer = client.post("/buchhaltungsexport/lauf/ausfuehren", data={"csrf": csrf})
    said = re.search(r'<p role="status" id="laufergebnis" class="nicht-ok">([^<]*)</p>', answer.text)
    assert said is not None and html.unescape(said.group(1)) == f"Lauf fehlgeschlagen: {german}"
    assert [html.unescape(r) for r in _RESULT.findall(answer.text)] == [f"fehlgeschlagen: {german}"]


def test_a_mail_that_could_not_be_sent_reads_german_on_the_page(office_world: Any) -> None:
    """The SMTP server refused the connection while an English-speaking process ran the job: the
    page's "E-Mail" column says why in German."""

    def refusing(settings: MailSettings, password: Secret | None, message: EmailMessage) -> None:
        raise MailError(mc.MAIL_OTHER(step=mc.MAIL_STEP_CONNECT(), reason="ConnectionRefusedError: 111"))

    office_world.add_job("lauf", mail={"to": "buha@mandant.example", "smtp_host": "smtp.example"})
    shutil.rmtree(office_world.state.parent / "ziel")  # the run fails, so a failure mail is due
    _closed_booking_file(office_world, "20260302_0900_100_Buchungen.csv")
    office_world.clock.wait_until(office_world.clock.now() + timedelta(hours=2))
    with messages.speaking("en"), TransferStore.open(office_world.state) as store:
        box = SecretBox.for_state(office_world.state, use_keyring=False)
        outcome = run_job(Services(store, box, office_world.clock, mailer=refusing), "lauf")
    assert outcome.mail_error == "SMTP connect: ConnectionRefusedError: 111"  # the process's words
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/buchhaltungsexport/lauf")
    assert [html.unescape(m) for m in _MAIL.findall(page.text)] == [
        "nicht gesendet: SMTP Verbinden: ConnectionRefusedError: 111"
    ]


def test_a_run_stored_before_the_codes_shows_its_words_on_the_page(office_world: Any) -> None:
    office_world.add_job("alt")
    with TransferStore.open(office_world.state) as store, store.transaction() as tx:
        tx.execute(
            "INSERT INTO runs (run_id, job, period_from, period_to, started_at, finished_at, status, "
            "error, mail) VALUES ('alt-20260301T050000Z', 'alt', '2026-03-01T06:00:00+01:00', "
            "'2026-03-01T07:00:00+01:00', '2026-03-01T07:00:00+01:00', '2026-03-01T07:00:05+01:00', "
            "'failed', 'Anmelden: Zugang verweigert (530)', 'nicht gesendet: SMTP connect: timed out')"
        )
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/buchhaltungsexport/alt")
    assert [html.unescape(r) for r in _RESULT.findall(page.text)] == [
        "fehlgeschlagen: Anmelden: Zugang verweigert (530)"
    ]
    assert [html.unescape(m) for m in _MAIL.findall(page.text)] == ["nicht gesendet: SMTP connect: timed out"]


def test_a_failure_with_problems_shows_its_head_and_one_list_item_per_problem(office_world: Any) -> None:
    """A hand-made failed run: a refused bookings file with three problems (one naming ``<b>``).
    The cell holds the head, then a list of the three ``file:line:field: …`` lines, escaped."""
    office_world.add_job("alt")
    detail = {
        "code": "transfer.refused.bookings",
        "values": {"name": "buchungen.csv"},
        "more": 0,
        "problems": [
            {
                "file": "buchungen.csv",
                "line": 2,
                "field": "Betrag",
                "code": "bmd.cell.decimals",
                "values": {"count": 3, "most": 2, "cell": "1,234"},
            },
            {
                "file": "buchungen.csv",
                "line": 5,
                "field": "Betrag",
                "code": "bmd.cell.decimals",
                "values": {"count": 4, "most": 2, "cell": "<b>"},
            },
            {
                "file": "buchungen.csv",
                "line": 9,
                "field": "Betrag",
                "code": "bmd.cell.decimals",
                "values": {"count": 3, "most": 2, "cell": "0,125"},
            },
        ],
    }
    with TransferStore.open(office_world.state) as store, store.transaction() as tx:
        tx.execute(
            "INSERT INTO runs (run_id, job, period_from, period_to, started_at, finished_at, status, "
            "error, error_detail, mail) VALUES ('alt-20260301T050000Z', 'alt', '2026-03-01T06:00:00+01:00', "
            "'2026-03-01T07:00:00+01:00', '2026-03-01T07:00:00+01:00', '2026-03-01T07:00:05+01:00', "
            "'failed', 'buchungen.csv: Buchungen nicht erstellt', ?, '')",
            (json.dumps(detail),),
        )
    client = office_world.client()
    office_world.login(client, "bernd")
    page = client.get("/buchhaltungsexport/alt")
    [cell] = _RESULT.findall(page.text)
    head, listed = cell.split('<ul class="probleme">')
    assert html.unescape(head) == "fehlgeschlagen: buchungen.csv: Buchungen nicht erstellt"
    items = re.findall(r"<li>(.*?)</li>", listed)
    assert items == [
        "buchungen.csv:2:Betrag: 3 Nachkommastellen, höchstens 2 erlaubt: &#39;1,234&#39;",
        "buchungen.csv:5:Betrag: 4 Nachkommastellen, höchstens 2 erlaubt: &#39;&lt;b&gt;&#39;",
        "buchungen.csv:9:Betrag: 3 Nachkommastellen, höchstens 2 erlaubt: &#39;0,125&#39;",
    ]


def test_run_now_shows_a_failure_with_problems_as_its_head_and_a_list(
    office_world: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Jetzt ausführen" ends in a hand-made failure: the bookings file refused for three problems (one
    naming ``<b>``). The result paragraph holds the head; the three ``file:line:field: …`` lines follow
    as a list, escaped — not all on one line."""
    problems = [
        Problem.of("buchungen.csv", line, "Betrag", mc.CELL_DECIMALS(count=count, most=2, cell=cell))
        for line, count, cell in ((2, 3, "1,234"), (5, 4, "<b>"), (9, 3, "0,125"))
    ]
    failed = SimpleNamespace(
        ok=False,
        failure=Failure(mc.TX_REFUSED_BOOKINGS(name="buchungen.csv"), tuple(problems)),
        error="",
        delivered=(),
        bytes=0,
    )
    monkeypatch.setattr(aktionen, "run_job", lambda svc, name: failed)
    office_world.add_job("lauf")
    client = office_world.client()
    csrf = office_world.login(client, "bernd")
    answer = client.post("/buchhaltungsexport/lauf/ausfuehren", data={"csrf": csrf})
    said = re.search(
        r'<p role="status" id="laufergebnis" class="nicht-ok">([^<]*)</p>'
        r'<ul class="probleme" id="laufprobleme">(.*?)</ul>',
        answer.text,
        re.S,
    )
    assert said is not None, answer.text
    assert html.unescape(said.group(1)) == "Lauf fehlgeschlagen: buchungen.csv: Buchungen nicht erstellt"
    assert re.findall(r"<li>(.*?)</li>", said.group(2)) == [
        "buchungen.csv:2:Betrag: 3 Nachkommastellen, höchstens 2 erlaubt: &#39;1,234&#39;",
        "buchungen.csv:5:Betrag: 4 Nachkommastellen, höchstens 2 erlaubt: &#39;&lt;b&gt;&#39;",
        "buchungen.csv:9:Betrag: 3 Nachkommastellen, höchstens 2 erlaubt: &#39;0,125&#39;",
    ]
