"""Exactly-once delivery of source documents: a run's document reservation and its note.

A run of a `source.DocumentSource` asks the source for every document of the job's scope since
tracking started (whatever its date), then reserves in the run journal — before anything is sent —
those no other run of the job holds. A retry of a failed run gets its own earlier reservation back,
never one more document, so it rebuilds byte-identical files; documents entered since wait for the
next run. A reserved document the source no longer has (deleted before the retry) is released and
named in the note. Documents dated before the run's own first day were entered late: they go out
now under their own Belegdatum, and the note says so — BMD books them only when that date lies
after its Sperrdatum, which is the tax advisor's decision, not the transfer's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, tzinfo

from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import JobConfig
from syncsystem.transfer.runs import Period, RunJournal
from syncsystem.transfer.source import DocumentSource

__all__ = ["Prepared", "prepare"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prepared:
    """The files of a run's reserved documents, how many there are, and what to note about them."""

    files: list[tuple[str, bytes]]
    documents: int
    late: tuple[date, ...] = ()  # document dates before the run's first day, one per late document
    note: str = ""


def prepare(
    journal: RunJournal,
    source: DocumentSource,
    run_id: str,
    job: JobConfig,
    *,
    window: Period,
    period: Period,
    tz: tzinfo,
) -> Prepared:
    """Reserve ``run_id``'s documents (or take its earlier reservation) and build their files.

    ``window`` spans everything tracked for the job up to the run's end, ``period`` is the run's
    own period (its first local day tells late documents from due ones).
    """
    batch = source.documents(window, job)
    reserved = journal.reserve(run_id, job.name, ((e.key, e.day) for e in batch.entries))
    present = {e.key for e in batch.entries}
    notes: list[Message] = []
    gone = sorted(reserved - present)
    if gone:
        journal.release(run_id, gone)
        notes.append(mc.TX_NOTE_GONE(count=len(gone), keys=", ".join(gone[:5])))
        log.warning("transfer.documents job=%s run=%s gone=%s", job.name, run_id, ",".join(gone))
    keys = reserved & present
    first_day = period.start.astimezone(tz).date()
    late = tuple(e.day for e in batch.entries if e.key in keys and e.day < first_day)
    if late:
        first, last = f"{min(late):%d.%m.%Y}", f"{max(late):%d.%m.%Y}"
        notes.append(mc.TX_NOTE_LATE(count=len(late), first=first, last=last))
    files = batch.files(keys, journal.days_delivered(job.name, run_id)) if keys else []
    # the note is kept in the run journal as the office reads it (German), like the advisor page's refusals
    return Prepared(files, len(keys), late, "; ".join(note.text("de") for note in notes))
