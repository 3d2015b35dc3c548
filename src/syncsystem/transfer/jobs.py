"""Running a transfer job: one run end to end (`run_job`), and the connection test of its target.

A run takes the period since the job's last delivered period and asks the `Source` for the files
of everything in the job's scope up to the period's end that has not gone out yet — a folder's
closed files not yet journalled by name, or (`tracking`) the source documents no run has reserved,
whatever their date, so a document entered late still goes out, once. It delivers each file through
`targets.deliver` once every file of the run has passed `validation` (an invalid one stops the
run before anything leaves), journals every file, moves ``delivered_until`` only when all files arrived, and
applies the mail escalation. Every run logs one summary event. When a job runs is decided in `slots`
(`run_due` for the agent's resident service).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from syncsystem.clock import Clock
from syncsystem.errors import SyncsystemError
from syncsystem.logs import log_event
from syncsystem.messages import codes as mc
from syncsystem.transfer.closed_sets import ClosedSetSource, has_closed_sets
from syncsystem.transfer.config import JobConfig, MailSettings, parse_job
from syncsystem.transfer.connector import connector
from syncsystem.transfer.failure import Failure, failure_of
from syncsystem.transfer.mail import MailError, MailKind, Streak, compose, escalate, send_mail
from syncsystem.transfer.office_options import effective_mail, load_smtp
from syncsystem.transfer.runs import Period, RunJournal, run_id_for
from syncsystem.transfer.secrets import Secret, SecretBox
from syncsystem.transfer.sftp_client import SftpSession
from syncsystem.transfer.source import DocumentSource, FolderSource, Source
from syncsystem.transfer.source_config import SourceKind
from syncsystem.transfer.store import JobState, TransferStore
from syncsystem.transfer.targets import ConnectionTest, Session, check_connection, deliver
from syncsystem.transfer.tracking import prepare
from syncsystem.transfer.transaction_source import TransactionSource
from syncsystem.transfer.validation import validate_files

__all__ = [
    "RunOutcome",
    "Services",
    "connection_test",
    "load_job",
    "run_job",
]

log = logging.getLogger(__name__)

Mailer = Callable[[MailSettings, Secret | None, EmailMessage], None]


@dataclass(frozen=True)
class Services:
    """What running jobs needs from the outside; tests swap the source or mailer."""

    store: TransferStore
    box: SecretBox
    clock: Clock
    source_for: Callable[[JobConfig], Source | DocumentSource] | None = None
    mailer: Mailer = send_mail
    workstation: str | None = None  # this host's name; None = the server
    timeout: float = 30.0

    def source(self, job: JobConfig) -> Source | DocumentSource:
        if self.source_for is not None:
            return self.source_for(job)
        if job.source.kind is SourceKind.TRANSACTIONS:
            return TransactionSource(job.source, self.clock.tz)
        root = Path(job.source_dir)
        if has_closed_sets(root):  # an interfaces export folder: closes with manifests
            return ClosedSetSource(root, self.clock.tz)
        return FolderSource(root, self.clock.tz)


@dataclass(frozen=True, slots=True)
class RunOutcome:
    job: str
    run_id: str
    ok: bool
    period: Period
    delivered: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    bytes: int = 0
    error: str = ""
    failed_step: str = ""
    mail: str = ""
    mail_error: str = ""
    slot: datetime | None = None
    documents: int = 0  # source documents the run carries (document sources only)
    note: str = ""  # e.g. documents entered late for days already delivered
    seconds: float = 0.0  # how long the run took (monotonic clock)
    failure: Failure | None = None  # why it failed, as codes (``error``: worded in the process's language)
    mail_failure: Failure | None = None  # why the mail was not sent, as codes (``mail_error``: words)

    def event(self) -> dict[str, object]:
        """The fields of the run's ``transfer_run`` summary event: counts, bytes, duration, outcome."""
        return {
            "job": self.job,
            "run": self.run_id,
            "outcome": "ok" if self.ok else "failed",
            "files": len(self.delivered),
            "skipped": len(self.skipped),
            "documents": self.documents,
            "bytes": self.bytes,
            "duration_seconds": round(self.seconds, 3),
            "failed_step": self.failed_step,
            "error": self.error,
            "mail_error": self.mail_error,
            "note": self.note,
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "job": self.job,
            "run_id": self.run_id,
            "ok": self.ok,
            "period_from": self.period.start.isoformat(),
            "period_to": self.period.end.isoformat(),
            "delivered": list(self.delivered),
            "skipped": list(self.skipped),
            "bytes": self.bytes,
            "error": self.error,
            "error_detail": self.failure.as_dict() if self.failure else None,
            "failed_step": self.failed_step,
            "mail": self.mail,
            "mail_error": self.mail_error,
            "slot": self.slot.isoformat() if self.slot else None,
            "documents": self.documents,
            "note": self.note,
        }


def load_job(store: TransferStore, box: SecretBox, name: str, clock: Clock) -> tuple[JobConfig, datetime]:
    data, created = store.job_config(name)
    return parse_job(data, box.seal, clock.tz, origin=f"job {name}"), created


def connection_test(
    services: Services, job: JobConfig, rng: random.Random
) -> tuple[ConnectionTest, str | None]:
    """The four-step connection test of ``job``'s target, and the SFTP host key seen when the job
    has none pinned yet (to show for confirmation on first contact)."""
    connect = connector(job, services.box, services.timeout)
    seen: list[str] = []

    def connect_and_note() -> Session:
        session = connect()
        if isinstance(session, SftpSession) and not job.target.host_key:
            seen.append(session.server_host_key)
        return session

    return check_connection(connect_and_note, rng), (seen[0] if seen else None)


def run_job(
    services: Services,
    name: str,
    slot: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunOutcome:
    """Run ``name`` now for the period since its last delivery; never raises for delivery failures.

    ``progress(done, total)``, if given, hears the bytes delivered of the bytes due.
    """
    store, clock = services.store, services.clock
    job, created = load_job(store, services.box, name, clock)
    state = store.state(name)
    start = clock.monotonic()
    now = clock.now()
    journal = RunJournal(store)
    origin = job.scope.start or created
    period = _period(journal, name, state.delivered_until or origin, now)
    run_id = journal.begin(name, period, slot, now)
    run = _Run(name, run_id, period, origin, state.delivered_until)
    sent = _transfer(services, journal, job, run, progress)
    due, failure = sent.due, sent.failure
    ok = failure is None
    journal.finish(run_id, failure, clock.now(), due.note)
    new_state = replace(state, delivered_until=period.end if ok else state.delivered_until)
    error = failure.text() if failure else ""
    outcome = RunOutcome(
        name,
        run_id,
        ok,
        period,
        sent.delivered,
        tuple(due.skipped),
        sent.size,
        error,
        sent.step,
        slot=slot,
        documents=due.documents,
        note=due.note,
        failure=failure,
    )
    outcome = _notify(services, job, new_state, outcome)
    if outcome.mail or outcome.mail_failure:
        journal.record_mail(run_id, outcome.mail, outcome.mail_failure)
    outcome = replace(outcome, seconds=clock.monotonic() - start)
    log_event(log, "transfer_run", outcome.event(), level=logging.INFO if ok else logging.WARNING)
    return outcome


@dataclass(frozen=True, slots=True)
class _Run:
    """One run of job ``name``: its ``run_id``, the ``period`` it covers, the job's ``origin`` (its
    start, else when it was created) and how far its files had been delivered before."""

    name: str
    run_id: str
    period: Period
    origin: datetime
    delivered_until: datetime | None


@dataclass(frozen=True, slots=True)
class _Due:
    """What a run sends (``todo``: name, content), what the journal shows sent already (``skipped``),
    and for a document source how many documents the files hold and what to note about them."""

    todo: list[tuple[str, bytes]]
    skipped: list[str]
    documents: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Sent:
    """What a run sent: what was due, the files that arrived (names, bytes) and, when it stopped
    early, why (``failure``, at ``step``)."""

    due: _Due
    delivered: tuple[str, ...]
    size: int
    failure: Failure | None = None
    step: str = ""


def _transfer(
    services: Services,
    journal: RunJournal,
    job: JobConfig,
    run: _Run,
    progress: Callable[[int, int], None] | None,
) -> _Sent:
    """What ``run`` owes, validated, then delivered over one session and journalled file by
    file; a failure is not raised but returned with what had arrived before it."""
    due = _Due([], [])
    delivered: list[str] = []
    size = 0
    try:
        due = _due(services, journal, job, run)
        validate_files(due.todo)  # every file before any leaves: one invalid file stops the whole run
        total = sum(len(data) for _, data in due.todo)
        if progress is not None:
            progress(0, total)
        if due.todo:
            session = connector(job, services.box, services.timeout)()
            try:
                for file_name, data in due.todo:
                    result = deliver(session, file_name, data)
                    journal.record_file(
                        run.run_id, result.name, result.size, result.sha256, services.clock.now()
                    )
                    delivered.append(file_name)
                    size += result.size
                    if progress is not None:
                        progress(size, total)
            finally:
                session.close()
    except SyncsystemError as exc:
        return _Sent(due, tuple(delivered), size, failure_of(exc), str(getattr(exc, "step", "")))
    return _Sent(due, tuple(delivered), size)


def _due(services: Services, journal: RunJournal, job: JobConfig, run: _Run) -> _Due:
    """The files ``run`` of ``job`` owes for its period, not yet validated.

    A document source reserves for this run the documents not sent since they were last tracked; a
    file source gives the closed files since the job's start that the journal does not know by name
    as sent (those it neither reads nor validates again).
    """
    source = services.source(job)
    name, run_id, period, origin = run.name, run.run_id, run.period, run.origin
    documents, note = 0, ""
    if isinstance(source, DocumentSource):
        since = journal.tracking_since(name, run.delivered_until or origin)
        window = Period(since, period.end)
        prepared = prepare(journal, source, run_id, job, window=window, period=period, tz=services.clock.tz)
        files, documents, note = prepared.files, prepared.documents, prepared.note
        known = journal.delivered(name)
        return _Due(
            [(n, d) for n, d in files if n not in known], [n for n, _ in files if n in known], documents, note
        )
    # a file source reads only the files not journalled yet: a run's work does not grow with history
    known = journal.delivered(name)
    since_start = Period(origin, period.end)
    files = source.files_for(since_start, job, delivered=known)
    return _Due(files, [n for n in source.names_for(since_start, job) if n in known])


def _period(journal: RunJournal, name: str, start: datetime, now: datetime) -> Period:
    """The period a run covers: a retry of an unfinished run replays exactly its period.

    Files already sent (or sent but not journalled, when a run died after the rename) must come out
    byte-identical on the retry so they are recognised; what arrived since waits for the next run.
    """
    earlier = journal.get(run_id_for(name, start))
    if earlier is not None and earlier.status != "delivered" and earlier.period.end <= now:
        return Period(start, earlier.period.end)
    return Period(start, now)


def _notify(services: Services, job: JobConfig, state: JobState, outcome: RunOutcome) -> RunOutcome:
    streak, kind = escalate(Streak(state.failures, state.alerted), outcome.ok, job.mail.reminder_after)
    mail_error, mail_failure = "", None
    settings = effective_mail(job.mail, load_smtp(services.store))
    if kind is not None and job.mail.to:
        message = compose(
            kind,
            settings,
            job.name,
            services.clock.now(),
            failures=streak.failures,
            error=outcome.failure or "",
        )
        password = services.box.open(settings.smtp_password) if settings.smtp_password else None
        try:
            services.mailer(settings, password, message)
        except MailError as exc:
            mail_error = str(exc)
            mail_failure = Failure(mc.TX_MAIL_NOT_SENT(reason=failure_of(exc).head))
            log.warning("transfer.mail job=%s kind=%s failed: %s", job.name, kind.value, exc)
            if kind is MailKind.FAILURE:
                streak = replace(streak, alerted=False)  # try again on the next failure
    elif kind is not None:
        streak = replace(streak, alerted=False)  # nobody to tell: no all-clear owed either
    services.store.save_state(job.name, replace(state, failures=streak.failures, alerted=streak.alerted))
    return replace(
        outcome,
        mail=kind.value if kind and job.mail.to and not mail_error else "",
        mail_error=mail_error,
        mail_failure=mail_failure,
    )
