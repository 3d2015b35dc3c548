"""The OpenAPI 3.0 description of the JSON API, written by hand beside the protocol it documents.

Served at ``/api/v1/openapi.json`` and checked against the running app with schemathesis. This
module lists the operations (path, method, parameters, answers); the bodies they take and answer
are named schemas in `openapi_schemas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from syncsystem.datacenter.openapi_schemas import ID, SCHEMAS, ref
from syncsystem.protocol import messages as m

__all__ = ["openapi_document"]

_BEARER: list[dict[str, list[str]]] = [{"bearer": []}]


def _resp(schema: str, description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(schema)}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _resp("Error", "error") for code in codes}


def _path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": ID}


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
_SYNC_REQUEST_HEADER = {"name": m.SYNC_REQUEST_HEADER, "in": "header", "required": False, "schema": ID}

# Every operation of the API, in the order the document lists them.
_OPERATIONS: tuple[_Operation, ...] = (
    _Operation(
        m.ENROL_PATH,
        "post",
        "Enrol an agent with a one-time code",
        answer="EnrolResponse",
        errors=(400, 401, 413),
        body=ref("EnrolRequest"),
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
        body=ref("Fail"),
    ),
    _Operation(
        m.PROGRESS_PATH,
        "post",
        "Report steps made on a request (exports per Mandant, upload) for the live log",
        answer="ProgressState",
        errors=(400, 401, 404, 413),
        parameters=(_REQUEST_ID,),
        body=ref("Progress"),
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
        body=ref("Refused"),
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
        body=ref("Doctor"),
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
        body=ref("NewRequest"),
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
        body=ref("Upload"),
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
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": _BEARER,
    }
