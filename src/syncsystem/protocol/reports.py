"""What the agent reports to the datacenter beside its bundles: live-log progress and doctor results.

Checked at the same boundary as every message (`syncsystem.protocol.messages`): a hostile value is a
`ProtocolError`, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import _int, _obj, _str, check_id
from syncsystem.protocol.values import ProtocolError, check_message, check_number, clean_text

__all__ = [
    "CHECK_PARTS",
    "MAX_PROGRESS_EVENTS",
    "PROGRESS_KINDS",
    "DoctorCheck",
    "DoctorReport",
    "ProgressEvent",
    "ProgressReport",
]

PROGRESS_KINDS = ("export_started", "export_finished", "export_failed", "uploaded")
"""What an agent reports of a request: a Mandant's BMD export started, finished or failed (with
BMD's message in ``reason`` — the agent's words — and, from newer agents, as codes in ``detail``;
a retryable failure is tried again), the bundle sent."""
MAX_PROGRESS_EVENTS = 200


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """One step of a request: ``mandant`` for exports; ``rows``/``seconds`` (BMD's export time) when
    an export finished, ``bytes`` when the bundle went out; why an export failed in ``reason`` (the
    agent's words, all an older agent sends) and ``detail`` (the same as codes, `check_message`;
    optional, the datacenter words it in the page's language)."""

    kind: str
    mandant: str | None = None
    rows: int | None = None
    seconds: float | None = None
    bytes: int | None = None
    reason: str | None = None
    detail: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        for key in ("mandant", "rows", "seconds", "bytes", "reason"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.detail:
            out["detail"] = dict(self.detail)
        return out

    @classmethod
    def from_json(cls, data: object) -> ProgressEvent:
        obj = _obj(data, "progress event")
        kind = obj.get("kind")
        if kind not in PROGRESS_KINDS:
            expected = ", ".join(PROGRESS_KINDS)
            refused = mc.PROTO_ONE_OF(what="progress event.kind", expected=expected, got=repr(kind))
            raise ProtocolError(refused)
        mandant, rows, seconds, size, detail = (
            obj.get(k) for k in ("mandant", "rows", "seconds", "bytes", "detail")
        )
        return cls(
            kind=kind,
            mandant=None if mandant is None else check_id(mandant, "progress event.mandant"),
            rows=None if rows is None else _int(rows, "progress event.rows"),
            seconds=None if seconds is None else check_number(seconds, "progress event.seconds"),
            bytes=None if size is None else _int(size, "progress event.bytes"),
            reason=None if obj.get("reason") is None else _str(obj, "reason", "progress event", max_len=4000),
            detail=None if detail is None else check_message(detail, "progress event.detail"),
        )


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """``POST /api/v1/requests/{id}/progress``: steps the agent made on a request, in order."""

    events: tuple[ProgressEvent, ...]

    def to_json(self) -> dict[str, Any]:
        return {"events": [e.to_json() for e in self.events]}

    @classmethod
    def from_json(cls, data: object) -> ProgressReport:
        events = _obj(data, "progress").get("events")
        if not isinstance(events, list) or not 1 <= len(events) <= MAX_PROGRESS_EVENTS:
            raise ProtocolError(mc.PROTO_PROGRESS_EVENTS(most=MAX_PROGRESS_EVENTS))
        return cls(tuple(ProgressEvent.from_json(e) for e in events))


@dataclass(frozen=True, slots=True)
class DoctorCheck:
    """One line of ``agent doctor``: its name, ok or not, what it saw, how to fix it — in the agent's
    words (all an older agent sends) and, from newer agents, ``codes``: each of ``check``,
    ``detail``, ``hint`` that a catalogue message said, as codes (`check_message`), which the
    datacenter words in the page's language."""

    name: str
    ok: bool
    detail: str = ""
    hint: str = ""
    codes: Mapping[str, Mapping[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """``POST /api/v1/agent/doctor``: the checks of the agent's last ``agent doctor`` run."""

    checks: tuple[DoctorCheck, ...]

    def to_json(self) -> dict[str, Any]:
        return {"checks": [_check_json(c) for c in self.checks]}

    @classmethod
    def from_json(cls, data: object) -> DoctorReport:
        obj = _obj(data, "doctor")
        raw = obj.get("checks")
        if not isinstance(raw, list) or len(raw) > 200:
            raise ProtocolError(mc.PROTO_DOCTOR_CHECKS(most=200))
        checks = []
        for i, item in enumerate(raw):
            one = _obj(item, f"doctor.checks[{i}]")
            ok = one.get("ok")
            if not isinstance(ok, bool):
                raise ProtocolError(mc.PROTO_BOOL(what=f"doctor.checks[{i}].ok"))
            name = _str(one, "check", f"doctor.checks[{i}]", max_len=200)
            codes = _check_codes(one.get("codes"), f"doctor.checks[{i}].codes")
            checks.append(DoctorCheck(name, ok, _free(one, "detail"), _free(one, "hint"), codes))
        return cls(tuple(checks))


CHECK_PARTS = ("check", "detail", "hint")
"""The parts of a doctor check that may come as codes beside the words."""


def _check_json(check: DoctorCheck) -> dict[str, Any]:
    out: dict[str, Any] = {"check": check.name, "ok": check.ok, "detail": check.detail, "hint": check.hint}
    if check.codes:
        out["codes"] = {part: dict(said) for part, said in check.codes.items()}
    return out


def _check_codes(data: object, what: str) -> dict[str, dict[str, Any]] | None:
    """A check's parts as codes (keys other than `CHECK_PARTS` ignored); none when absent."""
    if data is None:
        return None
    obj = _obj(data, what)
    return {part: check_message(obj[part], f"{what}.{part}") for part in CHECK_PARTS if part in obj} or None


def _free(obj: Mapping[str, Any], key: str) -> str:
    """Free text a sender passes on (made storable, at most 2000 characters); "" when absent."""
    value = obj.get(key, "")
    return clean_text(value, 2000) if isinstance(value, str) else ""
