"""The demo checks its own claims: figures per Mandant and the exactly-once evidence.

`summarise` reads what the week left behind — the agent's outbox, its log of uploads, the
datacenter's store and the advisor's view over HTTPS — and states each claim as a `Claim` that can
fail: every sealed bundle was ingested exactly once and is stored once; the outbox is empty; agent
and datacenter agree on every cursor; the datacenter holds as many booking lines as BMD; nightly
syncs ran once on each working day and never on a day off; the outage was survived; the advisor's
request was answered. The demo's exit code is 0 only when every claim holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import sqlalchemy as sa

from syncsystem import messages
from syncsystem.agent.outbox import Outbox
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store import schema
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.datacenter.wording import STATES
from syncsystem.demo.week import OFFICE_ID, DemoWorld, WeekRecord
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = ["Claim", "summarise"]


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement the demo makes, whether it held, and the evidence."""

    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"claim": self.name, "ok": self.ok, "detail": self.detail}


def _bmd_bookings(world: DemoWorld) -> dict[str, int]:
    """Booking lines BMD holds now: a full export without a clock (nothing waits, nothing is logged)."""
    with TemporaryDirectory(prefix="bmd-check-") as tmp:
        result = world.office.export(Path(tmp))
        return {
            m.mandant: sum(f.rows for f in m.files if f.kind.value == "bookings") for m in result.mandanten
        }


def _datacenter_view(world: DemoWorld) -> tuple[dict[str, int], dict[str, int | None], dict[str, Any]]:
    principal = Principal("advisor", "demo-check", OFFICE_ID)
    with world.datacenter.store.read() as conn:
        scope = OfficeScope(conn, principal)
        ids = [r.mandant for r in scope.mandanten()]
        bookings = {m: scope.count(schema.bookings, m) for m in ids}
        cursors = scope.cursors(ids)
        stored = conn.execute(
            sa.select(schema.bundles.c.id, schema.bundles.c.received_at).where(
                schema.bundles.c.office_id == OFFICE_ID
            )
        ).all()
    return bookings, cursors, {row.id: row.received_at for row in stored}


@dataclass(frozen=True, slots=True)
class _Evidence:
    """What the week left behind, read once from the outbox, the datacenter, BMD and the advisor."""

    sealed: dict[str, str]  # bundle id -> its outbox state
    agent_cursors: dict[str, int]
    ingested: Counter[str]  # bundle id -> uploads the datacenter ingested
    duplicates: Counter[str]
    failed: Counter[str]
    bytes_on_wire: int
    dc_bookings: dict[str, int]
    dc_cursors: dict[str, int | None]
    stored: dict[str, Any]  # bundle id -> received_at
    bmd_bookings: dict[str, int]
    view: dict[str, Any]  # Mandant -> the advisor's overview row
    page: str
    request: dict[str, Any] | None
    nights: Counter[str]  # ISO day -> nightly syncs on it
    working: list[str]  # ISO days of the week that are working days
    off: list[str]
    waited: list[str]  # bundles that failed to upload and were acknowledged later
    polls: int
    polls_failed: int


def _gather(world: DemoWorld, record: WeekRecord) -> _Evidence:
    assert world.runner is not None
    uploads = world.runner.uploads
    with Outbox(world.runner.outbox_path) as outbox:
        sealed = outbox.bundle_states()
        agent_cursors = outbox.acked_cursors()
    failed = Counter(u.bundle_id for u in uploads if u.status == "error")
    dc_bookings, dc_cursors, stored = _datacenter_view(world)
    with world.advisor() as advisor:
        view = {m["mandant"]: m for m in advisor.mandanten()}
        page = advisor.page()
        request = advisor.sync_request(record.request_id) if record.request_id else None
    span = [world.options.monday + timedelta(days=i) for i in range(world.options.days)]
    return _Evidence(
        sealed=sealed,
        agent_cursors=agent_cursors,
        ingested=Counter(u.bundle_id for u in uploads if u.status == "ingested"),
        duplicates=Counter(u.bundle_id for u in uploads if u.status == "duplicate"),
        failed=failed,
        bytes_on_wire=sum(u.size for u in uploads if u.status != "error"),
        dc_bookings=dc_bookings,
        dc_cursors=dc_cursors,
        stored=stored,
        bmd_bookings=_bmd_bookings(world),
        view=view,
        page=page,
        request=request,
        nights=Counter(e.data["day"] for e in record.events if e.kind == "nightly"),
        working=[d.isoformat() for d in span if world.calendar.is_working_day(d)],
        off=[d.isoformat() for d in span if not world.calendar.is_working_day(d)],
        waited=sorted(b for b in failed if sealed.get(b) == "acked"),
        polls=sum(1 for e in record.events if e.kind == "poll"),
        polls_failed=sum(1 for e in record.events if e.kind == "poll_failed"),
    )


def _claims(ev: _Evidence, world: DemoWorld, record: WeekRecord) -> list[Claim]:
    """The demo's claims over the evidence; each one can fail."""
    lang = world.options.lang

    def say(message: Message) -> str:
        return message.text(lang)

    return [*_delivery_claims(ev, say, _outbox_states(lang)), *_week_claims(ev, world, record, say)]


def _delivery_claims(ev: _Evidence, say: Callable[[Message], str], outbox: dict[str, str]) -> list[Claim]:
    """Every bundle sealed was ingested and stored once, the outbox knows it acknowledged, and the
    datacenter's cursors are the agent's (``outbox``: the outbox states' words)."""
    sealed, ingested = ev.sealed, ev.ingested
    return [
        Claim(
            say(mc.DEMO_CLAIM_ONCE()),
            bool(sealed) and all(ingested[b] == 1 for b in sealed) and set(ingested) == set(sealed),
            say(
                mc.DEMO_DETAIL_ONCE(
                    sealed=len(sealed),
                    ingested=sum(ingested.values()),
                    duplicates=sum(ev.duplicates.values()),
                )
            ),
        ),
        Claim(
            say(mc.DEMO_CLAIM_STORED()),
            set(ev.stored) == set(sealed),
            say(mc.DEMO_DETAIL_STORED(stored=len(ev.stored), sealed=len(sealed))),
        ),
        Claim(
            say(mc.DEMO_CLAIM_OUTBOX()),
            set(sealed.values()) <= {"acked"},
            ", ".join(f"{outbox.get(state, state)}: {n}" for state, n in Counter(sealed.values()).items())
            or say(mc.DEMO_NO_BUNDLES()),
        ),
        Claim(
            say(mc.DEMO_CLAIM_CURSORS()),
            bool(ev.agent_cursors) and all(ev.dc_cursors.get(m) == c for m, c in ev.agent_cursors.items()),
            say(mc.DEMO_DETAIL_CURSORS(count=len(ev.agent_cursors))),
        ),
    ]


def _week_claims(
    ev: _Evidence, world: DemoWorld, record: WeekRecord, say: Callable[[Message], str]
) -> list[Claim]:
    """The week as planned: BMD's bookings all in the datacenter, one nightly sync per working day,
    the outage waited out, the office's sync request answered."""
    begin, end = world.options.outage
    request, lang = ev.request, world.options.lang
    return [
        Claim(
            say(mc.DEMO_CLAIM_BOOKINGS()),
            ev.dc_bookings == ev.bmd_bookings,
            say(
                mc.DEMO_DETAIL_BOOKINGS(
                    datacenter=messages.number(sum(ev.dc_bookings.values()), lang, grouped=True),
                    bmd=messages.number(sum(ev.bmd_bookings.values()), lang, grouped=True),
                )
            ),
        ),
        Claim(
            say(mc.DEMO_CLAIM_NIGHTLY()),
            sorted(ev.nights) == ev.working and set(ev.nights.values()) <= {1},
            say(
                mc.DEMO_DETAIL_NIGHTLY(count=len(ev.nights), days=_days(sorted(ev.nights)), off=_days(ev.off))
            ),
        ),
        Claim(
            say(mc.DEMO_CLAIM_OUTAGE()),
            ev.polls_failed > 0 and bool(ev.waited),
            say(
                mc.DEMO_DETAIL_OUTAGE(
                    begin=f"{begin:%d.%m. %H:%M}",
                    end=f"{end:%d.%m. %H:%M}",
                    failed=ev.polls_failed,
                    waited=len(ev.waited),
                )
            ),
        ),
        Claim(
            say(mc.DEMO_CLAIM_REQUEST()),
            request is not None and request["state"] == "ingested" and 'id="mandanten"' in ev.page,
            f"{record.request_id}: "
            f"{STATES.get(request['state'], request['state']) if request else say(mc.DEMO_NO_REQUEST())}",
        ),
    ]


def summarise(world: DemoWorld, record: WeekRecord) -> dict[str, Any]:
    """The JSON summary (``--json``) with ``ok`` and the list of claims."""
    ev = _gather(world, record)
    claims = _claims(ev, world, record)
    opts = world.options
    begin, end = opts.outage
    return {
        "ok": all(c.ok for c in claims),
        "claims": [c.to_json() for c in claims],
        "week": {
            "from": opts.start.isoformat(),
            "to": opts.end.isoformat(),
            "days": opts.days,
            "working_days": ev.working,
            "days_off": ev.off,
            "seed": opts.seed,
        },
        "advisor_url": world.datacenter.url + "/",
        "mandanten": _per_mandant(record, ev.view, ev.dc_bookings),
        "bundles": [
            {
                "bundle_id": b,
                "state": state,
                "ingested": ev.ingested[b],
                "duplicates": ev.duplicates[b],
                "failed_attempts": ev.failed[b],
                "job": _job_of(record, b),
            }
            for b, state in ev.sealed.items()
        ],
        "nightly": sorted(ev.nights),
        "polls": {"ok": ev.polls, "failed": ev.polls_failed},
        "outage": {
            "from": begin.isoformat(),
            "to": end.isoformat(),
            "failed_polls": ev.polls_failed,
            "bundles_waited": ev.waited,
        },
        "request": ev.request,
        "bytes_on_wire": ev.bytes_on_wire,
    }


def _job_of(record: WeekRecord, bundle_id: str) -> str:
    return next((j["job"] for j in record.jobs if j["bundle_id"] == bundle_id), "")


def _per_mandant(
    record: WeekRecord, view: dict[str, Any], dc_bookings: dict[str, int]
) -> list[dict[str, Any]]:
    """Per Mandant: the advisor's view plus the week's totals from the agent's side.

    Bundles hold several Mandanten and are compressed as a whole, so a Mandant's share of the
    bytes on the wire is apportioned by its share of the uncompressed files (marked as such).
    """
    rows: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    wire: dict[str, float] = defaultdict(float)
    raw: dict[str, int] = defaultdict(int)
    for _, rec in record.exports:
        rows[rec.mandant] += rec.rows
        seconds[rec.mandant] += rec.duration_seconds or 0.0
        raw[rec.mandant] += rec.bytes_raw
    for job in record.jobs:
        total = job["bytes_raw"] or 1
        for mandant, size in job["raw_by_mandant"].items():
            wire[mandant] += job["bytes_sealed"] * size / total
    out = []
    for mandant in sorted(set(view) | set(rows)):
        seen = view.get(mandant, {})
        out.append(
            {
                "mandant": mandant,
                "last_updated": seen.get("last_updated"),
                "rows_fetched_last": seen.get("rows_fetched"),
                "rows_week": rows[mandant],
                "bookings_in_datacenter": dc_bookings.get(mandant, 0),
                "bytes_raw": raw[mandant],
                "bytes_on_wire_share": round(wire[mandant]),
                "export_seconds": round(seconds[mandant], 1),
                "export_seconds_last": seen.get("duration_seconds"),  # from the bundle's manifest
            }
        )
    return out


def _outbox_states(lang: str) -> dict[str, str]:
    """The outbox's states as the claim names them."""
    states = {
        "acked": mc.DEMO_OUTBOX_ACKED(),
        "pending": mc.DEMO_OUTBOX_PENDING(),
        "refused": mc.DEMO_OUTBOX_REFUSED(),
    }
    return {state: said.text(lang) for state, said in states.items()}


def _days(iso_days: list[str]) -> str:
    """ISO dates as Austrians write them: 16.11., 17.11. …"""
    return ", ".join(f"{d[8:10]}.{d[5:7]}." for d in iso_days) or "–"
