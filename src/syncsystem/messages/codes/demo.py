"""Message codes — what `syncsystem demo` prints: the timeline of the week, the table, the claims
and the verdict (`syncsystem.demo`).

The demo is shown to Austrian offices in German; under ``--lang en`` it speaks English. Names the
advisor page shows (a request's state, a holiday) are quoted as the page and the calendar name them.
"""

from __future__ import annotations

from syncsystem.messages.code import declare as _code

__all__ = [
    "DEMO_ADVISOR_ROWS",
    "DEMO_ADVISOR_SEES",
    "DEMO_ADVISOR_UNREACHABLE",
    "DEMO_ALL_ARRIVED",
    "DEMO_BACKOFF",
    "DEMO_BMD_BOOKED",
    "DEMO_CLAIM_BOOKINGS",
    "DEMO_CLAIM_CURSORS",
    "DEMO_CLAIM_NIGHTLY",
    "DEMO_CLAIM_ONCE",
    "DEMO_CLAIM_OUTAGE",
    "DEMO_CLAIM_OUTBOX",
    "DEMO_CLAIM_REQUEST",
    "DEMO_CLAIM_STORED",
    "DEMO_COL_BOOKINGS",
    "DEMO_COL_EXPORT",
    "DEMO_COL_ROWS_LAST",
    "DEMO_COL_ROWS_SPAN",
    "DEMO_COL_SENT",
    "DEMO_COL_UPDATED",
    "DEMO_DAY_OFF",
    "DEMO_DC_NOT_STARTED",
    "DEMO_DETAIL_BOOKINGS",
    "DEMO_DETAIL_CURSORS",
    "DEMO_DETAIL_NIGHTLY",
    "DEMO_DETAIL_ONCE",
    "DEMO_DETAIL_OUTAGE",
    "DEMO_DETAIL_STORED",
    "DEMO_END_DAY",
    "DEMO_END_SPAN",
    "DEMO_EXPORT_FAILED",
    "DEMO_FOR_NIGHTLY",
    "DEMO_FOR_REQUEST",
    "DEMO_LABEL_DAYS",
    "DEMO_LABEL_WEEK",
    "DEMO_LOGIN_REFUSED",
    "DEMO_NEVER",
    "DEMO_NIGHTLY",
    "DEMO_NOT_ALL",
    "DEMO_NO_BUNDLES",
    "DEMO_NO_REQUEST",
    "DEMO_OPT_DAYS",
    "DEMO_OPT_MANDANTEN",
    "DEMO_OPT_MONDAY",
    "DEMO_OPT_START_DATE",
    "DEMO_OUTAGE",
    "DEMO_OUTBOX_ACKED",
    "DEMO_OUTBOX_PENDING",
    "DEMO_OUTBOX_REFUSED",
    "DEMO_OUTBOX_WAITS",
    "DEMO_PACE_FAST",
    "DEMO_PACE_ROUTINE",
    "DEMO_PICKUP",
    "DEMO_PLAYED",
    "DEMO_PLAYED_LINK",
    "DEMO_POLL",
    "DEMO_POLLS",
    "DEMO_POLLS_FAILED",
    "DEMO_RECOVERY",
    "DEMO_REQUEST",
    "DEMO_SATURDAY",
    "DEMO_SCOPE_CHANGES",
    "DEMO_SCOPE_FULL",
    "DEMO_SCOPE_MIXED",
    "DEMO_SEALED",
    "DEMO_SETUP_AGENT",
    "DEMO_SETUP_DATACENTER",
    "DEMO_SPAN_DAY",
    "DEMO_SPAN_DAYS",
    "DEMO_SPAN_WEEK",
    "DEMO_STOPPED",
    "DEMO_SUNDAY",
    "DEMO_TABLE_NOTE",
    "DEMO_TABLE_TITLE",
    "DEMO_TIME_RUNS",
    "DEMO_UPLOADED",
    "DEMO_UPLOAD_DUPLICATE",
    "DEMO_UPLOAD_INGESTED",
    "DEMO_UPLOAD_WAITS",
]

# the week's events (demo.week)
DEMO_SPAN_WEEK = _code("demo.span.week")
DEMO_SPAN_DAY = _code("demo.span.day")
DEMO_SPAN_DAYS = _code("demo.span.days", "days")
DEMO_SETUP_DATACENTER = _code("demo.setup.datacenter", "url", "count", "first", "last")
DEMO_SETUP_AGENT = _code("demo.setup.agent", "agent")
DEMO_SATURDAY = _code("demo.day.saturday")
DEMO_SUNDAY = _code("demo.day.sunday")
DEMO_DAY_OFF = _code("demo.day.off", "why")
DEMO_END_DAY = _code("demo.end.day")
DEMO_END_SPAN = _code("demo.end.span", "span")
DEMO_BMD_BOOKED = _code("demo.bmd.booked", "day", "changes", "count")
DEMO_REQUEST = _code("demo.request", "advisor", "mandanten", "request")
DEMO_OUTAGE = _code("demo.outage", "until")
DEMO_RECOVERY = _code("demo.recovery")
DEMO_NIGHTLY = _code("demo.nightly", "day", "count")
DEMO_PICKUP = _code("demo.pickup", "request")
DEMO_EXPORT_FAILED = _code("demo.export_failed", "job", "error")
DEMO_FOR_REQUEST = _code("demo.for.request")
DEMO_FOR_NIGHTLY = _code("demo.for.nightly")
DEMO_SCOPE_MIXED = _code("demo.scope.mixed", "full", "changes")
DEMO_SCOPE_FULL = _code("demo.scope.full")
DEMO_SCOPE_CHANGES = _code("demo.scope.changes")
DEMO_SEALED = _code("demo.sealed", "what", "count", "scope", "rows", "raw", "sealed", "minutes")
DEMO_UPLOAD_WAITS = _code("demo.upload.waits", "bundle", "step")
DEMO_UPLOAD_INGESTED = _code("demo.upload.ingested")
DEMO_UPLOAD_DUPLICATE = _code("demo.upload.duplicate")
DEMO_UPLOADED = _code("demo.upload.done", "bundle", "size", "said")
DEMO_ADVISOR_UNREACHABLE = _code("demo.advisor.unreachable", "reason")
DEMO_ADVISOR_ROWS = _code("demo.advisor.rows", "mandant", "rows")
DEMO_ADVISOR_SEES = _code("demo.advisor.sees", "advisor", "state", "shown")
# the timeline's folded lines, the table and the verdict (demo.timeline)
DEMO_POLL = _code("demo.polls.one", "pace")
DEMO_POLLS = _code("demo.polls.many", "count", "pace")
DEMO_PACE_ROUTINE = _code("demo.pace.routine")
DEMO_PACE_FAST = _code("demo.pace.fast")
DEMO_POLLS_FAILED = _code("demo.polls.failed", "count")
DEMO_BACKOFF = _code("demo.polls.backoff", "minutes")
DEMO_OUTBOX_WAITS = _code("demo.polls.outbox_waits", "count")
DEMO_TABLE_TITLE = _code("demo.table.title")
DEMO_COL_UPDATED = _code("demo.table.updated")
DEMO_COL_ROWS_LAST = _code("demo.table.rows_last")
DEMO_COL_ROWS_SPAN = _code("demo.table.rows_span", "span")
DEMO_COL_BOOKINGS = _code("demo.table.bookings")
DEMO_COL_SENT = _code("demo.table.sent")
DEMO_COL_EXPORT = _code("demo.table.export")
DEMO_NEVER = _code("demo.table.never")
DEMO_TABLE_NOTE = _code("demo.table.note", "size", "span")
DEMO_ALL_ARRIVED = _code("demo.verdict.ok")
DEMO_NOT_ALL = _code("demo.verdict.failed")
DEMO_PLAYED_LINK = _code("demo.played.link", "seconds", "link")
DEMO_PLAYED = _code("demo.played.open", "seconds", "url")
# the claims over the evidence (demo.summary)
DEMO_CLAIM_ONCE = _code("demo.claim.once")
DEMO_DETAIL_ONCE = _code("demo.detail.once", "sealed", "ingested", "duplicates")
DEMO_CLAIM_STORED = _code("demo.claim.stored")
DEMO_DETAIL_STORED = _code("demo.detail.stored", "stored", "sealed")
DEMO_CLAIM_OUTBOX = _code("demo.claim.outbox")
DEMO_NO_BUNDLES = _code("demo.detail.no_bundles")
DEMO_OUTBOX_ACKED = _code("demo.outbox.acked")
DEMO_OUTBOX_PENDING = _code("demo.outbox.pending")
DEMO_OUTBOX_REFUSED = _code("demo.outbox.refused")
DEMO_CLAIM_CURSORS = _code("demo.claim.cursors")
DEMO_DETAIL_CURSORS = _code("demo.detail.cursors", "count")
DEMO_CLAIM_BOOKINGS = _code("demo.claim.bookings")
DEMO_DETAIL_BOOKINGS = _code("demo.detail.bookings", "datacenter", "bmd")
DEMO_CLAIM_NIGHTLY = _code("demo.claim.nightly")
DEMO_DETAIL_NIGHTLY = _code("demo.detail.nightly", "count", "days", "off")
DEMO_CLAIM_OUTAGE = _code("demo.claim.outage")
DEMO_DETAIL_OUTAGE = _code("demo.detail.outage", "begin", "end", "failed", "waited")
DEMO_CLAIM_REQUEST = _code("demo.claim.request")
DEMO_NO_REQUEST = _code("demo.detail.no_request")
# the command (demo.commands)
DEMO_LABEL_WEEK = _code("demo.label.week")
DEMO_LABEL_DAYS = _code("demo.label.days", "days")
DEMO_TIME_RUNS = _code("demo.keep.time_runs", "state")
DEMO_STOPPED = _code("demo.keep.stopped")
# its options (demo.week.DemoOptions.validate)
DEMO_OPT_MONDAY = _code("demo.option.monday", "start")
DEMO_OPT_START_DATE = _code("demo.option.start_date", "start")
DEMO_OPT_MANDANTEN = _code("demo.option.mandanten")
DEMO_OPT_DAYS = _code("demo.option.days")
# its own datacenter and advisor session (demo.datacenter)
DEMO_DC_NOT_STARTED = _code("demo.datacenter.not_started", "port")
DEMO_LOGIN_REFUSED = _code("demo.datacenter.login_refused", "status")
