"""The agent ⇄ datacenter HTTP API as values: paths, headers and the JSON message types.

Every message is a frozen dataclass with ``to_json() -> dict`` and ``from_json(dict)``; ``from_json``
checks types strictly and raises `ProtocolError` naming the offending field, so neither side ever
works on a half-understood message. Paths are templates for ``str.format`` (``PICKUP_PATH.format(
request_id=…)``). Identifiers (bundle ids, request ids, agent ids) share one shape, `ID_PATTERN`.

Every value is checked by `syncsystem.protocol.values` (strict JSON, storable text, 64-bit
integers; re-exported here), so a message that parses can be stored on SQLite and PostgreSQL and
shown on the advisor page; one that does not is a `ProtocolError` (400/422), never a 500.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from syncsystem.messages import codes as mc
from syncsystem.protocol.values import (
    MAX_INT,
    ProtocolError,
    check_int,
    check_message,
    check_number,
    check_refusal,
    check_text,
    clean_text,
    loads,
)

__all__ = [
    "API_BASE",
    "BUNDLE_PATH",
    "DOCTOR_PATH",
    "ENROL_PATH",
    "FAIL_PATH",
    "ID_PATTERN",
    "MAX_INT",
    "MODES",
    "OPENAPI_PATH",
    "PICKUP_PATH",
    "POLL_PATH",
    "PROGRESS_PATH",
    "REFUSED_PATH",
    "ROTATE_PATH",
    "SYNC_REQUEST_HEADER",
    "EnrolRequest",
    "EnrolResponse",
    "ErrorBody",
    "FailRequest",
    "Mode",
    "PollResponse",
    "ProtocolError",
    "RefusedReport",
    "RotateResponse",
    "SyncRequestMessage",
    "UploadAck",
    "check_id",
    "check_int",
    "check_number",
    "check_text",
    "clean_text",
    "loads",
]

API_BASE = "/api/v1"
ENROL_PATH = f"{API_BASE}/enrol"
POLL_PATH = f"{API_BASE}/poll"
PICKUP_PATH = API_BASE + "/requests/{request_id}/pickup"
FAIL_PATH = API_BASE + "/requests/{request_id}/fail"
PROGRESS_PATH = API_BASE + "/requests/{request_id}/progress"
"""POST `ProgressReport`: how far the agent got with a request (the advisor's live log shows it)."""
BUNDLE_PATH = API_BASE + "/bundles/{bundle_id}"
REFUSED_PATH = API_BASE + "/bundles/{bundle_id}/refused"
"""POST `RefusedReport`: the agent set this bundle aside after a final refusal (the advisor sees why)."""
ROTATE_PATH = f"{API_BASE}/token/rotate"
"""POST with the current token → `RotateResponse`; old and new token both work until
``previous_valid_until``, the new one until ``token_expires_at``."""
DOCTOR_PATH = f"{API_BASE}/agent/doctor"
"""POST `DoctorReport`: the agent's last ``agent doctor`` checks, shown to the office's Administrator."""
OPENAPI_PATH = f"{API_BASE}/openapi.json"
SYNC_REQUEST_HEADER = "X-Sync-Request"

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
"""Bundle, request, agent and office ids: 1–128 chars of letters, digits, ``. _ -``; safe in URLs."""

Mode = Literal["full", "incremental"]
MODES: tuple[Mode, ...] = ("full", "incremental")
UploadStatus = Literal["ingested", "duplicate"]


def check_id(value: object, what: str) -> str:
    """Return ``value`` if it is a well-formed identifier, else raise `ProtocolError`."""
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ProtocolError(mc.PROTO_ID(what=what, got=repr(value)))
    return value


def _obj(data: object, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ProtocolError(mc.PROTO_OBJECT(what=what, got=type(data).__name__))
    return data


def _str(data: Mapping[str, Any], key: str, what: str, *, max_len: int = 1000) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ProtocolError(mc.PROTO_STRING(what=f"{what}.{key}", got=type(value).__name__))
    if len(value) > max_len:
        raise ProtocolError(mc.PROTO_TOO_LONG(what=f"{what}.{key}", most=max_len))
    return check_text(value, f"{what}.{key}")


def _reason(data: Mapping[str, Any], what: str) -> str:
    """A report's ``reason``: text of at most 4,000 characters, not blank."""
    reason = _str(data, "reason", what, max_len=4000).strip()
    if not reason:
        raise ProtocolError(mc.PROTO_EMPTY(what=f"{what}.reason"))
    return reason


def _int(value: object, where: str) -> int:
    # bool is an int subclass in Python; on the wire it is not a number.
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProtocolError(mc.PROTO_INTEGER(what=where, got=type(value).__name__))
    return check_int(value, where)


def _cursors(value: object, where: str, *, nullable: bool) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for mandant, cursor in _obj(value, where).items():
        if cursor is None and nullable:
            out[str(mandant)] = None
        else:
            out[str(mandant)] = _int(cursor, f"{where}.{mandant}")
    return out


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_time(value: object, where: str) -> datetime:
    """Parse an ISO-8601 instant with zone (``Z`` accepted); naive times are refused."""
    if not isinstance(value, str):
        raise ProtocolError(mc.PROTO_ISO_STRING(what=where, got=type(value).__name__))
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ProtocolError(mc.PROTO_NOT_ISO(what=where, value=repr(value))) from exc
    if moment.tzinfo is None:
        raise ProtocolError(mc.PROTO_NO_ZONE(what=where, value=repr(value)))
    return moment


def _maybe_time(value: object, where: str) -> datetime | None:
    return None if value is None else parse_time(value, where)


@dataclass(frozen=True, slots=True)
class RotateResponse:
    """``POST /api/v1/token/rotate``: the new token, when the old ones stop, when the new one does."""

    token: str
    previous_valid_until: datetime
    token_expires_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "previous_valid_until": _utc_iso(self.previous_valid_until),
            "token_expires_at": None if self.token_expires_at is None else _utc_iso(self.token_expires_at),
        }

    @classmethod
    def from_json(cls, data: object) -> RotateResponse:
        obj = _obj(data, "rotate")
        return cls(
            token=_str(obj, "token", "rotate"),
            previous_valid_until=parse_time(obj.get("previous_valid_until"), "rotate.previous_valid_until"),
            token_expires_at=_maybe_time(obj.get("token_expires_at"), "rotate.token_expires_at"),
        )


@dataclass(frozen=True, slots=True)
class EnrolRequest:
    """``POST /api/v1/enrol``: an agent trades a one-time enrolment code for its own token."""

    code: str
    name: str
    agent_id: str | None = None
    """An agent enrolling again names its id: inside the code's office it keeps that identity."""
    mandanten: tuple[str, ...] = ()
    """The Mandanten the host syncs (its own list): the advisor may request them from now on."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "name": self.name}
        if self.agent_id is not None:
            out["agent_id"] = self.agent_id
        if self.mandanten:
            out["mandanten"] = list(self.mandanten)
        return out

    @classmethod
    def from_json(cls, data: object) -> EnrolRequest:
        obj = _obj(data, "enrol")
        agent_id = obj.get("agent_id")
        mandanten = obj.get("mandanten", [])
        if not isinstance(mandanten, list) or len(mandanten) > 10_000:
            raise ProtocolError(mc.PROTO_ENROL_MANDANTEN(most=10_000))
        return cls(
            code=_str(obj, "code", "enrol", max_len=200),
            name=_str(obj, "name", "enrol", max_len=200),
            agent_id=None if agent_id is None else check_id(agent_id, "enrol.agent_id"),
            mandanten=tuple(check_id(x, "enrol.mandanten[]") for x in mandanten),
        )


@dataclass(frozen=True, slots=True)
class EnrolResponse:
    """Answer to enrolment; ``public_key`` is the datacenter's raw X25519 key the agent pins."""

    agent_id: str
    token: str
    office_id: str
    public_key: bytes
    token_expires_at: datetime | None = None
    """When the token stops working; the agent renews it before (None: it never expires)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "agent_id": self.agent_id,
            "token": self.token,
            "office_id": self.office_id,
            "public_key": base64.b64encode(self.public_key).decode("ascii"),
            "token_expires_at": None if self.token_expires_at is None else _utc_iso(self.token_expires_at),
        }

    @classmethod
    def from_json(cls, data: object) -> EnrolResponse:
        obj = _obj(data, "enrol response")
        raw = _str(obj, "public_key", "enrol response")
        try:
            key = base64.b64decode(raw, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ProtocolError(mc.PROTO_NOT_BASE64(what="enrol response.public_key")) from exc
        if len(key) != 32:
            raise ProtocolError(mc.PROTO_KEY_BYTES(what="enrol response.public_key", got=len(key)))
        return cls(
            agent_id=check_id(obj.get("agent_id"), "enrol response.agent_id"),
            token=_str(obj, "token", "enrol response"),
            office_id=check_id(obj.get("office_id"), "enrol response.office_id"),
            public_key=key,
            token_expires_at=_maybe_time(obj.get("token_expires_at"), "enrol response.token_expires_at"),
        )


@dataclass(frozen=True, slots=True)
class SyncRequestMessage:
    """One waiting sync request as the poll shows it; ``cursors[m]`` is None when nothing was acked."""

    request_id: str
    mandanten: tuple[str, ...]
    mode: Mode
    cursors: Mapping[str, int | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "request_id": self.request_id,
            "mandanten": list(self.mandanten),
            "mode": self.mode,
            "cursors": dict(self.cursors),
        }

    @classmethod
    def from_json(cls, data: object) -> SyncRequestMessage:
        obj = _obj(data, "request")
        mandanten = obj.get("mandanten")
        if not isinstance(mandanten, list) or not all(isinstance(m, str) for m in mandanten):
            raise ProtocolError(mc.PROTO_LIST_OF_TEXTS(what="request.mandanten"))
        mode = obj.get("mode")
        if mode not in MODES:
            raise ProtocolError(
                mc.PROTO_CHOICE(what="request.mode", first="full", second="incremental", got=repr(mode))
            )
        return cls(
            request_id=check_id(obj.get("request_id"), "request.request_id"),
            mandanten=tuple(mandanten),
            mode=mode,
            cursors=_cursors(obj.get("cursors", {}), "request.cursors", nullable=True),
        )


@dataclass(frozen=True, slots=True)
class PollResponse:
    """``GET /api/v1/poll``: waiting requests, the server's clock, and when to ask next."""

    server_time: datetime
    next_poll_seconds: int
    requests: tuple[SyncRequestMessage, ...] = ()
    fast_poll_seconds: int | None = None
    """Set while an advisor watches or a request waits: ask again after this many seconds, not at
    the next slot of the regular cadence (absent from the JSON otherwise; older agents ignore it)."""
    nightly: tuple[str, ...] | None = None
    """The Mandanten the advisor chose for the nightly sync; None: no choice, the host's list holds."""

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "server_time": _utc_iso(self.server_time),
            "next_poll_seconds": self.next_poll_seconds,
            "requests": [r.to_json() for r in self.requests],
        }
        if self.fast_poll_seconds is not None:
            out["fast_poll_seconds"] = self.fast_poll_seconds
        if self.nightly is not None:
            out["nightly"] = list(self.nightly)
        return out

    @classmethod
    def from_json(cls, data: object) -> PollResponse:
        obj = _obj(data, "poll")
        requests = obj.get("requests", [])
        if not isinstance(requests, list):
            raise ProtocolError(mc.PROTO_LIST(what="poll.requests"))
        nightly = obj.get("nightly")
        if nightly is not None and not isinstance(nightly, list):
            raise ProtocolError(mc.PROTO_LIST_OF_MANDANTEN(what="poll.nightly"))
        return cls(
            server_time=parse_time(obj.get("server_time"), "poll.server_time"),
            next_poll_seconds=_int(obj.get("next_poll_seconds"), "poll.next_poll_seconds"),
            requests=tuple(SyncRequestMessage.from_json(r) for r in requests),
            fast_poll_seconds=(
                None
                if obj.get("fast_poll_seconds") is None
                else _int(obj.get("fast_poll_seconds"), "poll.fast_poll_seconds")
            ),
            nightly=None if nightly is None else tuple(check_id(x, "poll.nightly[]") for x in nightly),
        )


@dataclass(frozen=True, slots=True)
class UploadAck:
    """``PUT /api/v1/bundles/{id}`` accepted: ingested now, or a duplicate of one already ingested.

    ``cursors`` are the acknowledged cursors per Mandant after this bundle; only now may the agent
    move its own cursors.
    """

    bundle_id: str
    status: UploadStatus
    cursors: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"bundle_id": self.bundle_id, "status": self.status, "cursors": dict(self.cursors)}

    @classmethod
    def from_json(cls, data: object) -> UploadAck:
        obj = _obj(data, "upload ack")
        status = obj.get("status")
        if status not in ("ingested", "duplicate"):
            raise ProtocolError(
                mc.PROTO_CHOICE(
                    what="upload ack.status", first="ingested", second="duplicate", got=repr(status)
                )
            )
        cursors = _cursors(obj.get("cursors", {}), "upload ack.cursors", nullable=False)
        return cls(
            bundle_id=check_id(obj.get("bundle_id"), "upload ack.bundle_id"),
            status=status,
            cursors={m: c for m, c in cursors.items() if c is not None},
        )


@dataclass(frozen=True, slots=True)
class FailRequest:
    """``POST /api/v1/requests/{id}/fail``: the agent could not serve a request, and why — ``reason``
    in the agent's words (all an older agent sends, all an older datacenter reads) and, from agents
    that have it, ``detail``: the reason as codes (`check_message`), worded by the datacenter in the
    page's language."""

    reason: str
    detail: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, **({"detail": dict(self.detail)} if self.detail else {})}

    @classmethod
    def from_json(cls, data: object) -> FailRequest:
        obj = _obj(data, "fail")
        detail = obj.get("detail")
        return cls(_reason(obj, "fail"), None if detail is None else check_message(detail, "fail.detail"))


@dataclass(frozen=True, slots=True)
class RefusedReport:
    """``POST /api/v1/bundles/{id}/refused``: the agent set a bundle aside, for which Mandanten, why —
    ``reason`` in the agent's words (all an older agent sends, all an older datacenter reads) and,
    from agents that have it, ``detail``: the refusal as codes (`check_refusal`: the datacenter's
    own, as its error body carried them), worded by the datacenter in the page's language."""

    reason: str
    mandanten: tuple[str, ...] = ()
    detail: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        said = {"detail": dict(self.detail)} if self.detail else {}
        return {"reason": self.reason, "mandanten": list(self.mandanten), **said}

    @classmethod
    def from_json(cls, data: object) -> RefusedReport:
        obj = _obj(data, "refused")
        reason = _reason(obj, "refused")
        mandanten = obj.get("mandanten", [])
        if not isinstance(mandanten, list) or len(mandanten) > 10_000:
            raise ProtocolError(mc.PROTO_LIST_OF_MANDANTEN(what="refused.mandanten"))
        detail = obj.get("detail")
        return cls(
            reason,
            tuple(check_id(m, "refused.mandanten[]") for m in mandanten),
            None if detail is None else check_refusal(detail, "refused.detail"),
        )


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """The body of every 4xx/5xx answer: ``{"error": reason}``."""

    error: str

    def to_json(self) -> dict[str, Any]:
        return {"error": self.error}

    @classmethod
    def from_json(cls, data: object) -> ErrorBody:
        return cls(error=_str(_obj(data, "error body"), "error", "error body", max_len=100_000))
