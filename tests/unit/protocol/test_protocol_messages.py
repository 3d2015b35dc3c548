"""API messages: JSON round trips and strict refusal of malformed messages."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from syncsystem.protocol import messages as m
from syncsystem.protocol import reports


def test_round_trips() -> None:
    """Every message survives to_json → from_json unchanged."""
    msgs = [
        m.EnrolRequest("ABCD-1234", "BMD-Server"),
        m.EnrolResponse("agent-1", "tok", "office-1", b"k" * 32),
        m.PollResponse(
            datetime(2026, 3, 2, 7, tzinfo=UTC),
            1800,
            (m.SyncRequestMessage("r-1", ("M1", "M2"), "incremental", {"M1": 4, "M2": None}),),
        ),
        m.UploadAck("b-1", "duplicate", {"M1": 9}),
        m.FailRequest("BMD gesperrt"),
        m.ErrorBody("bad"),
    ]
    for msg in msgs:
        assert type(msg).from_json(msg.to_json()) == msg  # type: ignore[attr-defined]


def test_poll_time_is_utc_z() -> None:
    """Server time is sent as UTC with a Z suffix."""
    poll = m.PollResponse(datetime(2026, 3, 2, 8, tzinfo=ZoneInfo("Europe/Vienna")), 60)
    assert poll.to_json()["server_time"] == "2026-03-02T07:00:00Z"


@pytest.mark.parametrize(
    ("cls", "data", "needle"),
    [
        (m.EnrolRequest, {"code": 1, "name": "x"}, "enrol.code"),
        (
            m.EnrolResponse,
            {"agent_id": "a", "token": "t", "office_id": "o", "public_key": "AAA="},
            "32 bytes",
        ),
        (m.SyncRequestMessage, {"request_id": "r", "mandanten": ["M"], "mode": "sometimes"}, "request.mode"),
        (m.SyncRequestMessage, {"request_id": "../x", "mandanten": [], "mode": "full"}, "request_id"),
        (m.PollResponse, {"server_time": "2026-03-02T07:00:00", "next_poll_seconds": 5}, "without zone"),
        (m.PollResponse, {"server_time": "2026-03-02T07:00:00Z", "next_poll_seconds": True}, "integer"),
        (m.UploadAck, {"bundle_id": "b", "status": "ok"}, "status"),
        (m.FailRequest, {"reason": "  "}, "empty"),
        (m.FailRequest, [], "JSON object"),
    ],
)
def test_malformed_messages_name_the_field(cls: type, data: object, needle: str) -> None:
    """A malformed message raises ProtocolError naming what is wrong."""
    with pytest.raises(m.ProtocolError, match=needle):
        cls.from_json(data)


def test_paths() -> None:
    """Path templates format to the agreed URLs."""
    assert m.PICKUP_PATH.format(request_id="r1") == "/api/v1/requests/r1/pickup"
    assert m.BUNDLE_PATH.format(bundle_id="b1") == "/api/v1/bundles/b1"


def test_a_set_aside_report_carries_the_refusal_as_codes_and_an_older_one_still_parses() -> None:
    """``detail`` is optional: a newer report round-trips with it (a Decimal value as the catalogue
    writes it); an older agent's report has none; keys this version does not know are ignored."""
    detail = {
        "code": "refusal.bundle",
        "values": {"bundle_id": "b1", "cause": {"code": "ingest.invalid_data", "values": {}}},
        "problems": [
            {
                "file": "f.csv",
                "line": 2,
                "field": "betrag",
                "code": "x.y",
                "values": {"n": {"number": "9.50"}},
            }
        ],
        "more": 0,
    }
    newer = m.RefusedReport("HTTP 422: kaputt", ("M1",), detail)
    assert m.RefusedReport.from_json(newer.to_json()) == newer
    older = {"reason": "HTTP 422: kaputt", "mandanten": ["M1"]}
    assert m.RefusedReport.from_json(older) == m.RefusedReport("HTTP 422: kaputt", ("M1",))
    assert m.RefusedReport("HTTP 422: kaputt", ("M1",)).to_json() == older
    later = {**older, "detail": {**detail, "hint": "from a newer agent"}, "urgency": 3}
    assert m.RefusedReport.from_json(later) == newer


def test_a_progress_event_carries_a_failure_as_codes_and_an_older_one_still_parses() -> None:
    """``detail`` of an event is optional like a fail's: round-trips, absent from an older agent,
    unknown keys ignored, another shape refused naming the field."""
    detail = {"code": "agent.export.timeout", "values": {"mandant": "M1", "seconds": "3600"}}
    newer = reports.ProgressEvent("export_failed", "M1", reason="took too long", detail=detail)
    assert reports.ProgressEvent.from_json(newer.to_json()) == newer
    older = {"kind": "export_failed", "mandant": "M1", "reason": "took too long"}
    assert reports.ProgressEvent.from_json(older) == reports.ProgressEvent(
        "export_failed", "M1", reason="took too long"
    )
    assert reports.ProgressEvent.from_json({**older, "detail": detail, "severity": "high"}) == newer
    with pytest.raises(m.ProtocolError, match=r"progress event\.detail\.code"):
        reports.ProgressEvent.from_json({**older, "detail": {"values": {}}})
