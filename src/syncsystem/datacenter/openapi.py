"""The OpenAPI 3.0 description of the JSON API, written by hand beside the protocol it documents.

Served at ``/api/v1/openapi.json`` and checked against the running app with schemathesis.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from syncsystem.protocol import messages as m
from syncsystem.protocol import reports

__all__ = ["openapi_document"]

_ID = {"type": "string", "pattern": m.ID_PATTERN.pattern, "maxLength": 128}
_CODES = {"$ref": "#/components/schemas/MessageCodes"}  # a reason as codes beside the words
# a refusal's first data problems (file, line, field, code, values) and how many were left out
_PROBLEMS = {"problems": {"type": "array", "maxItems": 20}, "more": {"type": "integer", "minimum": 0}}
_BEARER: list[dict[str, list[str]]] = [{"bearer": []}]


def _ref(schema: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{schema}"}


def _resp(schema: str, description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _resp("Error", "error") for code in codes}


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": _ID}


_SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {"type": "string", "description": "in the language of Accept-Language (de or en)"},
            "code": {"type": "string", "description": "the message code, where the error has one"},
            "values": {"type": "object", "description": "the code's values"},
            **_PROBLEMS,
        },
    },
    "EnrolRequest": {
        "type": "object",
        "required": ["code", "name"],
        "properties": {
            "code": {"type": "string", "maxLength": 200},
            "name": {"type": "string", "maxLength": 200},
            "agent_id": _ID,
            "mandanten": {"type": "array", "items": _ID, "maxItems": 10000},
        },
    },
    "EnrolResponse": {
        "type": "object",
        "required": ["agent_id", "token", "office_id", "public_key"],
        "properties": {
            "agent_id": _ID,
            "token": {"type": "string"},
            "office_id": _ID,
            "public_key": {"type": "string", "format": "byte"},
            "token_expires_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
    "SyncRequest": {
        "type": "object",
        "required": ["request_id", "mandanten", "mode", "cursors"],
        "properties": {
            "request_id": _ID,
            "mandanten": {"type": "array", "items": _ID},
            "mode": {"type": "string", "enum": list(m.MODES)},
            "cursors": {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}},
        },
    },
    "Poll": {
        "type": "object",
        "required": ["server_time", "next_poll_seconds", "requests"],
        "properties": {
            "server_time": {"type": "string", "format": "date-time"},
            "next_poll_seconds": {"type": "integer"},
            "requests": {"type": "array", "items": _ref("SyncRequest")},
            "fast_poll_seconds": {"type": "integer", "minimum": 0},
            "nightly": {"type": "array", "items": _ID},
        },
    },
    "Progress": {
        "type": "object",
        "required": ["events"],
        "properties": {
            "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": reports.MAX_PROGRESS_EVENTS,
                "items": {
                    "type": "object",
                    "required": ["kind"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(reports.PROGRESS_KINDS)},
                        "mandant": _ID,
                        "rows": {"type": "integer", "minimum": 0, "maximum": m.MAX_INT},
                        "seconds": {"type": "number", "minimum": 0},
                        "bytes": {"type": "integer", "minimum": 0, "maximum": m.MAX_INT},
                        "reason": {"type": "string", "maxLength": 4000},
                        "detail": _CODES,
                    },
                },
            }
        },
    },
    "ProgressState": {
        "type": "object",
        "required": ["request_id", "recorded"],
        "properties": {"request_id": _ID, "recorded": {"type": "integer", "minimum": 0}},
    },
    "UploadAck": {
        "type": "object",
        "required": ["bundle_id", "status", "cursors"],
        "properties": {
            "bundle_id": _ID,
            "status": {"type": "string", "enum": ["ingested", "duplicate"]},
            "cursors": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
    },
    "Fail": {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {"type": "string", "minLength": 1, "maxLength": 4000},
            "detail": _CODES,
        },
    },
    "MessageCodes": {
        "type": "object",
        "description": "The reason as a catalogue code with its values (optional; older agents send only "
        "the words). A value is text, an integer, a message of this shape, or a list of them.",
        "required": ["code"],
        "properties": {
            "code": {"type": "string", "minLength": 1, "maxLength": 200},
            "values": {"type": "object", "maxProperties": 50},
        },
    },
    "Refused": {
        "type": "object",
        "required": ["reason"],
        "properties": {
            "reason": {"type": "string", "minLength": 1, "maxLength": 4000},
            "mandanten": {"type": "array", "items": _ID},
            "detail": {"$ref": "#/components/schemas/RefusalCodes"},
        },
    },
    "RefusalCodes": {
        "description": "The refusal as codes, as the error body carried them (optional: older agents send "
        "only the words): MessageCodes with the first problems and the count left out.",
        "allOf": [_CODES],
        "properties": _PROBLEMS,
    },
    "RefusedState": {
        "type": "object",
        "required": ["bundle_id", "state"],
        "properties": {"bundle_id": _ID, "state": {"type": "string", "enum": ["set_aside"]}},
    },
    "RequestState": {
        "type": "object",
        "required": ["request_id", "state"],
        "properties": {"request_id": _ID, "state": {"type": "string"}},
    },
    "Rotation": {
        "type": "object",
        "required": ["token", "previous_valid_until"],
        "properties": {
            "token": {"type": "string"},
            "previous_valid_until": {"type": "string", "format": "date-time"},
            "token_expires_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
    "Doctor": {
        "type": "object",
        "required": ["checks"],
        "properties": {
            "checks": {
                "type": "array",
                "maxItems": 200,
                "items": {
                    "type": "object",
                    "required": ["check", "ok"],
                    "properties": {
                        "check": {"type": "string", "maxLength": 200},
                        "ok": {"type": "boolean"},
                        "detail": {"type": "string"},
                        "hint": {"type": "string"},
                        "codes": {"type": "object", "additionalProperties": _CODES},
                    },
                },
            }
        },
    },
    "DoctorAck": {
        "type": "object",
        "required": ["agent_id", "checks"],
        "properties": {"agent_id": _ID, "checks": {"type": "integer"}},
    },
    "NewRequest": {
        "type": "object",
        "required": ["mandanten"],
        "properties": {
            "mandanten": {"type": "array", "items": _ID, "minItems": 1},
            "mode": {"type": "string", "enum": list(m.MODES)},
        },
    },
    "Request": {
        "type": "object",
        "required": ["request_id", "mandanten", "mode", "state"],
        "properties": {
            "request_id": _ID,
            "mandanten": {"type": "array", "items": _ID},
            "mode": {"type": "string"},
            "state": {"type": "string"},
            "reason": {"type": "string", "nullable": True},
        },
    },
    "Mandanten": {
        "type": "object",
        "required": ["mandanten"],
        "properties": {"mandanten": {"type": "array", "items": {"type": "object"}}},
    },
    "Upload": {
        "type": "object",
        "required": ["files"],
        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
    },
    "ImportResult": {
        "type": "object",
        "required": ["bundle_id", "status", "rows"],
        "properties": {
            "bundle_id": {"type": "string"},
            "status": {"type": "string", "enum": ["ingested", "duplicate"]},
            "rows": {"type": "integer", "minimum": 0},
        },
    },
    "Revoked": {
        "type": "object",
        "required": ["agent_id", "state"],
        "properties": {"agent_id": _ID, "state": {"type": "string", "enum": ["revoked"]}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "server_time"],
        "properties": {"status": {"type": "string"}, "server_time": {"type": "string"}},
    },
}


@dataclass(frozen=True, slots=True)
class _Operation:
    """One method on one path: what it is for, what it takes and what it answers."""

    path: str
    method: str
    summary: str
    answer: str | None  # the schema of the success answer; None: a description alone
    errors: tuple[int, ...]
    status: int = 200
    parameters: tuple[dict[str, Any], ...] = ()
    body: dict[str, Any] | None = None  # the request body's schema, of media type ``body_type``
    body_type: str = "application/json"
    public: bool = False  # no credentials needed


_REQUEST_ID = _path_id("request_id")
_BUNDLE_ID = _path_id("bundle_id")
_SYNC_REQUEST_HEADER = {"name": m.SYNC_REQUEST_HEADER, "in": "header", "required": False, "schema": _ID}

# Every operation of the API, in the order the document lists them.
_OPERATIONS: tuple[_Operation, ...] = (
    _Operation(
        m.ENROL_PATH,
        "post",
        "Enrol an agent with a one-time code",
        answer="EnrolResponse",
        errors=(400, 401, 413),
        body=_ref("EnrolRequest"),
        public=True,
    ),
    _Operation(
        m.POLL_PATH,
        "get",
        "Waiting sync requests, server time, next poll interval",
        answer="Poll",
        errors=(401,),
    ),
    _Operation(
        m.PICKUP_PATH,
        "post",
        "Mark a request as picked up",
        answer="RequestState",
        errors=(400, 401, 404, 409),
        parameters=(_REQUEST_ID,),
    ),
    _Operation(
        m.FAIL_PATH,
        "post",
        "Report that a request could not be served",
        answer="RequestState",
        errors=(400, 401, 404, 409, 413),
        parameters=(_REQUEST_ID,),
        body=_ref("Fail"),
    ),
    _Operation(
        m.PROGRESS_PATH,
        "post",
        "Report steps made on a request (exports per Mandant, upload) for the live log",
        answer="ProgressState",
        errors=(400, 401, 404, 413),
        parameters=(_REQUEST_ID,),
        body=_ref("Progress"),
    ),
    _Operation(
        m.BUNDLE_PATH,
        "put",
        "Upload an encrypted bundle (idempotent by bundle id)",
        answer="UploadAck",
        errors=(400, 401, 404, 409, 413, 422, 503),
        parameters=(_BUNDLE_ID, _SYNC_REQUEST_HEADER),
        body={"type": "string", "format": "binary"},
        body_type="application/octet-stream",
    ),
    _Operation(
        m.REFUSED_PATH,
        "post",
        "Report a bundle the agent set aside after a final refusal",
        answer="RefusedState",
        errors=(400, 401, 413),
        parameters=(_BUNDLE_ID,),
        body=_ref("Refused"),
    ),
    _Operation(
        m.ROTATE_PATH,
        "post",
        "Issue a new agent token; the old one stays valid for a grace period",
        answer="Rotation",
        errors=(401,),
    ),
    _Operation(
        m.DOCTOR_PATH,
        "post",
        "Report the agent's last doctor checks (shown to the office's Administrator)",
        answer="DoctorAck",
        errors=(400, 401, 413),
        body=_ref("Doctor"),
    ),
    _Operation(
        f"{m.API_BASE}/advisor/mandanten",
        "get",
        "The office's Mandanten with their last sync figures",
        answer="Mandanten",
        errors=(401, 403),
    ),
    _Operation(
        f"{m.API_BASE}/advisor/requests",
        "post",
        "Ask for fresh data",
        answer="Request",
        errors=(400, 401, 403, 413, 422),
        status=201,
        body=_ref("NewRequest"),
    ),
    _Operation(
        f"{m.API_BASE}/advisor/requests/{{request_id}}",
        "get",
        "One sync request and its state",
        answer="Request",
        errors=(400, 401, 403, 404),
        parameters=(_REQUEST_ID,),
    ),
    _Operation(
        f"{m.API_BASE}/advisor/enrolment-codes",
        "post",
        "Create a one-time enrolment code for an agent",
        answer=None,
        errors=(401, 403),
        status=201,
    ),
    _Operation(
        f"{m.API_BASE}/advisor/mandanten/{{mandant}}/import",
        "post",
        "Manual import: BMD files for one Mandant, stored like a bundle",
        answer="ImportResult",
        errors=(400, 401, 403, 409, 413, 422),
        parameters=(_path_id("mandant"),),
        body=_ref("Upload"),
        body_type="multipart/form-data",
    ),
    _Operation(
        f"{m.API_BASE}/advisor/agents/{{agent_id}}/revoke",
        "post",
        "Revoke an agent of the office: its tokens stop working",
        answer="Revoked",
        errors=(400, 401, 403, 404),
        parameters=(_path_id("agent_id"),),
    ),
    _Operation(
        "/healthz",
        "get",
        "Liveness: the server answers (no credentials)",
        answer="Health",
        errors=(401,),
        public=True,
    ),
)

_STATUS_WORDS = {200: "ok", 201: "created"}


def _operation_json(op: _Operation) -> dict[str, Any]:
    """One operation as OpenAPI writes it; only the parts it has."""
    doc: dict[str, Any] = {"summary": op.summary}
    if op.public:
        doc["security"] = []
    if op.parameters:
        doc["parameters"] = list(op.parameters)
    if op.body is not None:
        doc["requestBody"] = {"required": True, "content": {op.body_type: {"schema": op.body}}}
    words = _STATUS_WORDS[op.status]
    answer = {"description": words} if op.answer is None else _resp(op.answer, words)
    doc["responses"] = {str(op.status): answer, **_errors(*op.errors)}
    return doc


def openapi_document() -> dict[str, Any]:
    """The API description as a JSON-ready dict."""
    paths: dict[str, Any] = {}
    for op in _OPERATIONS:
        paths.setdefault(op.path, {})[op.method] = _operation_json(op)
    return {
        "openapi": "3.0.3",
        "info": {"title": "syncsystem datacenter", "version": "1"},
        "paths": paths,
        "components": {
            "schemas": _SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": _BEARER,
    }
