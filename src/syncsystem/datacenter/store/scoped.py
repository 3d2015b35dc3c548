"""`OfficeScope`: the one place that reads and writes office data, always for one office only.

Every method filters by the ``office_id`` of the authenticated `Principal` it was built from; no
other module builds queries on office tables. A record that belongs to another office is reported
exactly like one that does not exist (`NotFoundError`), so callers learn nothing across offices.
Sync requests move waiting → picked_up → uploaded → ingested, or → failed with a reason. A request
picked up and not uploaded within `PICKUP_TIMEOUT` fails with ``datacenter.request.no_answer``
(`expire_stale`, run whenever requests are shown); a bundle that still arrives for it later is
ingested all the same and the request ends ``ingested`` — late data is never thrown away.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Row

from syncsystem.datacenter.auth import Principal, new_id
from syncsystem.datacenter.errors import ConflictError, NotFoundError, RefusedError
from syncsystem.datacenter.refusals import stored
from syncsystem.datacenter.rows import Prepared
from syncsystem.datacenter.store.bulk import write_prepared
from syncsystem.datacenter.store.schema import (
    advisors,
    agents,
    bundles,
    mandanten,
    offices,
    sync_events,
    sync_requests,
)
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import MODES, ProtocolError, SyncRequestMessage, check_id

__all__ = ["FINAL_STATES", "PICKUP_TIMEOUT", "OfficeScope"]

FINAL_STATES = ("ingested", "failed")
# Failing (not re-queueing) keeps a crashing agent from picking the same request up forever; the
# advisor sees why and asks again.
PICKUP_TIMEOUT = timedelta(hours=2)


def _no_answer(timeout: timedelta) -> Message:
    return mc.DC_REQ_NO_ANSWER(hours=f"{timeout.total_seconds() / 3600:g}")


def _timed_out(row: Row[Any]) -> bool:
    """Whether a failed request failed for its timeout: by the code of its detail, or (a row failed
    before the detail was kept) by the words it was stored with under the default timeout."""
    try:
        code = json.loads(row.reason_detail or "{}").get("code")
    except ValueError:
        code = None
    return code == mc.DC_REQ_NO_ANSWER.name or bool(row.reason == _no_answer(PICKUP_TIMEOUT).text("de"))


# What the advisor's page reads on every view, built once with bound parameters: building the
# expression on each call cost more CPU than running the cached statement.
_OFFICE = sa.bindparam("office", type_=sa.String())
_PERSON = (
    sa.select(advisors.c.name)
    .where(advisors.c.office_id == _OFFICE, advisors.c.id == sa.bindparam("person", type_=sa.String()))
    .scalar_subquery()
)
_IDENTITY = sa.select(offices.c.name, _PERSON).where(offices.c.id == _OFFICE)
_NEWEST_REQUESTS = (
    sa.select(sync_requests)
    .where(sync_requests.c.office_id == _OFFICE)
    .order_by(sync_requests.c.created_at.desc())
    .limit(sa.bindparam("limit", type_=sa.Integer()))
)
_PICKED_UP_BEFORE = sa.and_(
    sync_requests.c.office_id == _OFFICE,
    sync_requests.c.state == "picked_up",
    sync_requests.c.picked_up_at < sa.bindparam("cutoff", type_=sync_requests.c.picked_up_at.type),
)
_ANY_STALE = sa.select(sync_requests.c.id).where(_PICKED_UP_BEFORE).limit(1)
_AGENTS = (
    sa.select(agents.c.id, agents.c.name, agents.c.last_seen_at, agents.c.doctor_result, agents.c.doctor_at)
    .where(agents.c.office_id == _OFFICE, agents.c.revoked_at.is_(None))
    .order_by(agents.c.name, agents.c.id)
)


class OfficeScope:
    """Office data as seen by one principal; every query carries ``office_id``."""

    def __init__(self, conn: Connection, principal: Principal) -> None:
        self.conn = conn
        self.principal = principal
        self.office_id = principal.office_id

    # --- the office itself ------------------------------------------------------------------------
    def identity(self) -> tuple[str, str | None]:
        """The office's display name and, for an advisor, their name (read-only; for the page header;
        one query)."""
        found = self.conn.execute(_IDENTITY, {"office": self.office_id, "person": self.principal.id}).first()
        office, person = (found[0], found[1]) if found else (None, None)
        return (office or self.office_id), (person if self.principal.kind == "advisor" else None)

    # --- Mandanten -------------------------------------------------------------------------------
    def last_updated(self) -> datetime | None:
        """When the office's newest data arrived (any Mandant), or None before the first."""
        return self.conn.execute(
            sa.select(sa.func.max(mandanten.c.last_updated)).where(mandanten.c.office_id == self.office_id)
        ).scalar_one_or_none()

    def mandanten(self) -> list[Row[Any]]:
        return list(
            self.conn.execute(
                sa.select(mandanten)
                .where(mandanten.c.office_id == self.office_id)
                .order_by(mandanten.c.mandant)
            )
        )

    def ensure_mandanten(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        for mandant in ids:
            check_id(mandant, "Mandant")
        if not ids:
            return  # an executemany without rows is an error on every driver
        mark = "?" if self.conn.dialect.name == "sqlite" else "%s"
        self.conn.exec_driver_sql(
            f"INSERT INTO mandanten (office_id, mandant) VALUES ({mark}, {mark}) "
            "ON CONFLICT (office_id, mandant) DO NOTHING",
            [(self.office_id, m) for m in ids],
        )

    def cursors(self, ids: Sequence[str]) -> dict[str, int | None]:
        rows = self.conn.execute(_CURSORS, {"o": self.office_id, "ids": list(ids)})
        known = {r.mandant: r.cursor for r in rows}
        return {m: known.get(m) for m in ids}

    def record_mandant_result(self, mandant: str, **values: Any) -> None:
        self.conn.execute(
            sa.update(mandanten)
            .where(mandanten.c.office_id == self.office_id, mandanten.c.mandant == mandant)
            .values(**values)
        )

    def advance_cursor(self, mandant: str, cursor: int) -> None:
        """The acknowledged cursor only moves forward."""
        self.conn.execute(
            sa.update(mandanten)
            .where(
                mandanten.c.office_id == self.office_id,
                mandanten.c.mandant == mandant,
                sa.or_(mandanten.c.cursor.is_(None), mandanten.c.cursor < cursor),
            )
            .values(cursor=cursor)
        )

    def record_ingest(self, mandant: str, cursor: int, **values: Any) -> bool:
        """`advance_cursor` and `record_mandant_result` in one UPDATE (the ingest's bookkeeping);
        False when the office has no such Mandant."""
        params = {"o": self.office_id, "m": mandant, "c": cursor, **{f"v_{k}": v for k, v in values.items()}}
        return self.conn.execute(_ingest_update(tuple(values)), params).rowcount == 1

    # --- sync requests ---------------------------------------------------------------------------
    def create_request(self, ids: Sequence[str], mode: str, now: datetime) -> str:
        if mode not in MODES:
            choice = mc.PROTO_CHOICE(what="mode", first="full", second="incremental", got=repr(mode))
            raise ProtocolError(choice)
        if not ids:
            raise ProtocolError(mc.DC_REQ_NO_MANDANT())
        for mandant in ids:
            check_id(mandant, "Mandant")
        known = {row.mandant for row in self.mandanten()}
        unknown = [m for m in dict.fromkeys(ids) if m not in known]
        if unknown:
            refused = mc.REQUEST_UNKNOWN_MANDANT(mandanten=", ".join(unknown[:20]), known=listed(known))
            raise RefusedError(refused)
        if not self.agents():  # nobody would ever pick it up: refuse now rather than wait forever
            raise RefusedError(mc.DC_REQ_NO_AGENT())
        request_id = new_id("req")
        self.conn.execute(
            sa.insert(sync_requests).values(
                id=request_id,
                office_id=self.office_id,
                mandanten=json.dumps(list(ids)),
                mode=mode,
                state="waiting",
                requested_by=self.principal.id,
                created_at=now.astimezone(UTC),
            )
        )
        return request_id

    def request(self, request_id: str, *, lock: bool = False) -> Row[Any]:
        """The request (`NotFoundError` if not this office's); ``lock`` holds its row until the
        transaction ends (PostgreSQL ``FOR UPDATE``; SQLite writes one transaction at a time)."""
        query = sa.select(sync_requests).where(
            sync_requests.c.office_id == self.office_id, sync_requests.c.id == request_id
        )
        row = self.conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise NotFoundError(mc.DC_REQ_UNKNOWN(request=request_id))
        return row

    def requests(self, limit: int = 50) -> list[Row[Any]]:
        """The office's ``limit`` newest requests, newest first."""
        return list(self.conn.execute(_NEWEST_REQUESTS, {"office": self.office_id, "limit": limit}))

    def waiting(self) -> list[SyncRequestMessage]:
        """The poll: one lookup on the (office_id, state, created_at) index, cursors only if needed."""
        rows = list(
            self.conn.execute(
                sa.select(sync_requests.c.id, sync_requests.c.mandanten, sync_requests.c.mode)
                .where(sync_requests.c.office_id == self.office_id, sync_requests.c.state == "waiting")
                .order_by(sync_requests.c.created_at)
            )
        )
        if not rows:
            return []
        parsed = [(r.id, tuple(json.loads(r.mandanten)), r.mode) for r in rows]
        cursors = self.cursors(sorted({m for _, ms, _ in parsed for m in ms}))
        return [SyncRequestMessage(rid, ms, mode, {m: cursors[m] for m in ms}) for rid, ms, mode in parsed]

    def pickup(self, request_id: str, now: datetime) -> None:
        row = self.request(request_id)
        if row.state == "picked_up" and row.agent_id == self.principal.id:
            return  # a retried pickup by the same agent
        if row.state != "waiting":
            raise ConflictError(mc.DC_REQ_NOT_WAITING(request=request_id, state=row.state))
        self._transition(
            request_id,
            ("waiting",),
            state="picked_up",
            agent_id=self.principal.id,
            picked_up_at=now.astimezone(UTC),
        )

    def expire_stale(self, now: datetime, timeout: timedelta = PICKUP_TIMEOUT) -> int:
        """Fail requests picked up more than ``timeout`` ago without an upload; returns how many."""
        values = {"office": self.office_id, "cutoff": (now - timeout).astimezone(UTC)}
        if self.conn.execute(_ANY_STALE, values).first() is None:
            return 0
        reason, detail = stored(_no_answer(timeout))
        return int(
            self.conn.execute(
                sa.update(sync_requests)
                .where(_PICKED_UP_BEFORE)
                .values(state="failed", reason=reason, reason_detail=detail, finished_at=now.astimezone(UTC)),
                values,
            ).rowcount
        )

    def mark_uploaded(self, request_id: str, bundle_id: str) -> Row[Any]:
        """The request took ``bundle_id`` (`ConflictError` if it ended with another one); returns the
        request as it was, its row locked until the transaction ends."""
        row = self.request(request_id, lock=True)
        late = row.state == "failed" and _timed_out(row)
        if row.state in FINAL_STATES and row.bundle_id != bundle_id and not late:
            raise ConflictError(mc.DC_REQ_ALREADY(request=request_id, state=row.state))
        if row.state in ("waiting", "picked_up") or late:
            self._transition(
                request_id,
                ("waiting", "picked_up", "failed"),
                state="uploaded",
                bundle_id=bundle_id,
                agent_id=row.agent_id or self.principal.id,
            )
        return row

    def finish_request(
        self,
        request_id: str,
        state: str,
        now: datetime,
        reason: str | None = None,
        bundle_id: str | None = None,
        *,
        detail: str | None = None,
    ) -> None:
        row = self.request(request_id)
        if row.state in FINAL_STATES:
            if row.state == state and (bundle_id is None or row.bundle_id == bundle_id):
                return
            raise ConflictError(mc.DC_REQ_ALREADY(request=request_id, state=row.state))
        values: dict[str, Any] = {
            "state": state,
            "finished_at": now.astimezone(UTC),
            "reason": reason,
            "reason_detail": detail,
        }
        if bundle_id is not None:
            values["bundle_id"] = bundle_id
        self._transition(request_id, ("waiting", "picked_up", "uploaded"), **values)

    def _transition(self, request_id: str, from_states: Sequence[str], **values: Any) -> None:
        done = self.conn.execute(
            sa.update(sync_requests)
            .where(
                sync_requests.c.office_id == self.office_id,
                sync_requests.c.id == request_id,
                sync_requests.c.state.in_(from_states),
            )
            .values(**values)
        ).rowcount
        if done != 1:  # another process moved it first
            raise ConflictError(mc.DC_REQ_RACED(request=request_id))

    def add_events(
        self, request_id: str, now: datetime, events: Iterable[tuple[str, str | None, str]]
    ) -> int:
        """Append ``(kind, mandant, data JSON)`` steps to a request's live log (404 if not this office's)."""
        # The request's row is locked as it is read, so two writers of one log — the agent's progress
        # and the ingest — never take the same sequence number.
        self.request(request_id, lock=True)
        last = self.conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(sync_events.c.seq), 0)).where(
                sync_events.c.office_id == self.office_id, sync_events.c.request_id == request_id
            )
        ).scalar_one()
        rows = [
            {
                "office_id": self.office_id,
                "request_id": request_id,
                "seq": last + i,
                "kind": kind,
                "mandant": mandant,
                "data": data,
                "at": now.astimezone(UTC),
            }
            for i, (kind, mandant, data) in enumerate(events, start=1)
        ]
        if rows:
            self.conn.execute(sa.insert(sync_events), rows)
        return len(rows)

    def events(self, request_id: str) -> list[Row[Any]]:
        """A request's live log in the order it was written."""
        return list(
            self.conn.execute(
                sa.select(sync_events.c.kind, sync_events.c.mandant, sync_events.c.data, sync_events.c.at)
                .where(sync_events.c.office_id == self.office_id, sync_events.c.request_id == request_id)
                .order_by(sync_events.c.seq)
            )
        )

    # --- agents ----------------------------------------------------------------------------------
    def touch_agent(self, now: datetime) -> None:
        """Remember that the calling agent was seen (polled) at ``now``."""
        self.conn.execute(
            sa.update(agents)
            .where(agents.c.office_id == self.office_id, agents.c.id == self.principal.id)
            .values(last_seen_at=now.astimezone(UTC))
        )

    def record_doctor(self, checks_json: str, now: datetime) -> None:
        """Keep the agent's last doctor checks (JSON) and when it ran them."""
        self.conn.execute(
            sa.update(agents)
            .where(agents.c.office_id == self.office_id, agents.c.id == self.principal.id)
            .values(doctor_result=checks_json, doctor_at=now.astimezone(UTC))
        )

    def agents(self) -> list[Row[Any]]:
        """The office's agents that are not revoked, by name."""
        return list(self.conn.execute(_AGENTS, {"office": self.office_id}))

    # --- bundles and data ------------------------------------------------------------------------
    def bundle(self, bundle_id: str) -> Any:  # a Row with the selected columns, or None
        return self.conn.execute(_BUNDLE, {"o": self.office_id, "b": bundle_id}).first()

    def insert_bundle(self, **values: Any) -> None:
        self.conn.execute(_INSERT_BUNDLE, {**values, "office_id": self.office_id})

    def write_files(self, files: Sequence[tuple[str, Prepared]]) -> None:
        """Store ``(mandant, prepared)`` files of this office (`bulk.write_prepared`: executemany on
        SQLite, ``COPY`` and one set-based upsert per table on PostgreSQL)."""
        write_prepared(self.conn, self.office_id, files)

    def count(self, table: sa.Table, mandant: str | None = None) -> int:
        query = sa.select(sa.func.count()).select_from(table).where(table.c.office_id == self.office_id)
        if mandant is not None:
            query = query.where(table.c.mandant == mandant)
        return int(self.conn.execute(query).scalar_one())


# The ingest's statements, built once (building a statement costs ~5x executing it on SQLite):
# ``o`` is always the scope's office.
_BUNDLE = sa.select(
    bundles.c.id,
    bundles.c.raw_sha256,
    bundles.c.content_digest,
    bundles.c.cursors,
    bundles.c.size,
    bundles.c.rows,
    bundles.c.received_at,
    bundles.c.source,
).where(bundles.c.office_id == sa.bindparam("o"), bundles.c.id == sa.bindparam("b"))
_INSERT_BUNDLE = sa.insert(bundles)
_CURSORS = sa.select(mandanten.c.mandant, mandanten.c.cursor).where(
    mandanten.c.office_id == sa.bindparam("o"), mandanten.c.mandant.in_(sa.bindparam("ids", expanding=True))
)


@functools.cache
def _ingest_update(names: tuple[str, ...]) -> sa.Update:
    """`OfficeScope.record_ingest`'s UPDATE for the value columns ``names`` (parameters ``v_<name>``;
    ``c`` the new cursor, which only moves forward)."""
    col, new = mandanten.c.cursor, sa.bindparam("c", type_=mandanten.c.cursor.type)
    return (
        sa.update(mandanten)
        .where(mandanten.c.office_id == sa.bindparam("o"), mandanten.c.mandant == sa.bindparam("m"))
        .values(
            cursor=sa.case((sa.or_(col.is_(None), col < new), new), else_=col),
            **{n: sa.bindparam(f"v_{n}", type_=mandanten.c[n].type) for n in names},
        )
    )


def json_cursors(raw: str) -> Mapping[str, int]:
    return {str(k): int(v) for k, v in json.loads(raw).items()}


def listed(ids: Iterable[str], most: int = 20) -> str:
    """Mandant numbers for a message: sorted, at most ``most`` of them, "–" for none."""
    shown = sorted(ids)
    more = f" … (+{len(shown) - most})" if len(shown) > most else ""
    return (", ".join(shown[:most]) + more) or "–"
