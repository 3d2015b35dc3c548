"""The OpenAPI 3.0 description of the JSON API, written by hand beside the protocol it documents.

Served at ``/api/v1/openapi.json`` and checked against the running app with schemathesis.
"""

from __future__ import annotations

from typing import Any

from syncsystem.protocol import messages as m
from syncsystem.protocol import reports

__all__ = ["openapi_document"]

_ID = {"type": "string", "pattern": m.ID_PATTERN.pattern, "maxLength": 128}
_ERR = {
    "description": "error",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_BEARER: list[dict[str, list[str]]] = [{"bearer": []}]


def _resp(ref: str, description: str = "ok") -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _ERR for code in codes}


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
            "requests": {"type": "array", "items": {"$ref": "#/components/schemas/SyncRequest"}},
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
            "detail": {"$ref": "#/components/schemas/MessageCodes"},
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
        },
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


def openapi_document() -> dict[str, Any]:
    """The API description as a JSON-ready dict."""
    paths: dict[str, Any] = {
        m.ENROL_PATH: {
            "post": {
                "summary": "Enrol an agent with a one-time code",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/EnrolRequest"}}
                    },
                },
                "responses": {"200": _resp("EnrolResponse"), **_errors(400, 401, 413)},
            }
        },
        m.POLL_PATH: {
            "get": {
                "summary": "Waiting sync requests, server time, next poll interval",
                "responses": {"200": _resp("Poll"), **_errors(401)},
            }
        },
        m.PICKUP_PATH.replace("{request_id}", "{request_id}"): {
            "post": {
                "summary": "Mark a request as picked up",
                "parameters": [_path_id("request_id")],
                "responses": {"200": _resp("RequestState"), **_errors(400, 401, 404, 409)},
            }
        },
        m.FAIL_PATH: {
            "post": {
                "summary": "Report that a request could not be served",
                "parameters": [_path_id("request_id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Fail"}}},
                },
                "responses": {"200": _resp("RequestState"), **_errors(400, 401, 404, 409, 413)},
            }
        },
        m.PROGRESS_PATH: {
            "post": {
                "summary": "Report steps made on a request (exports per Mandant, upload) for the live log",
                "parameters": [_path_id("request_id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}},
                },
                "responses": {"200": _resp("ProgressState"), **_errors(400, 401, 404, 413)},
            }
        },
        m.BUNDLE_PATH: {
            "put": {
                "summary": "Upload an encrypted bundle (idempotent by bundle id)",
                "parameters": [
                    _path_id("bundle_id"),
                    {"name": m.SYNC_REQUEST_HEADER, "in": "header", "required": False, "schema": _ID},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                "responses": {"200": _resp("UploadAck"), **_errors(400, 401, 404, 409, 413, 422, 503)},
            }
        },
        m.REFUSED_PATH: {
            "post": {
                "summary": "Report a bundle the agent set aside after a final refusal",
                "parameters": [_path_id("bundle_id")],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Refused"}}},
                },
                "responses": {"200": _resp("RefusedState"), **_errors(400, 401, 413)},
            }
        },
        m.ROTATE_PATH: {
            "post": {
                "summary": "Issue a new agent token; the old one stays valid for a grace period",
                "responses": {"200": _resp("Rotation"), **_errors(401)},
            }
        },
        m.DOCTOR_PATH: {
            "post": {
                "summary": "Report the agent's last doctor checks (shown to the office's Administrator)",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Doctor"}}},
                },
                "responses": {"200": _resp("DoctorAck"), **_errors(400, 401, 413)},
            }
        },
        f"{m.API_BASE}/advisor/mandanten": {
            "get": {
                "summary": "The office's Mandanten with their last sync figures",
                "responses": {"200": _resp("Mandanten"), **_errors(401, 403)},
            }
        },
        f"{m.API_BASE}/advisor/requests": {
            "post": {
                "summary": "Ask for fresh data",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewRequest"}}},
                },
                "responses": {"201": _resp("Request", "created"), **_errors(400, 401, 403, 413, 422)},
            }
        },
        f"{m.API_BASE}/advisor/requests/{{request_id}}": {
            "get": {
                "summary": "One sync request and its state",
                "parameters": [_path_id("request_id")],
                "responses": {"200": _resp("Request"), **_errors(400, 401, 403, 404)},
            }
        },
        f"{m.API_BASE}/advisor/enrolment-codes": {
            "post": {
                "summary": "Create a one-time enrolment code for an agent",
                "responses": {"201": {"description": "created"}, **_errors(401, 403)},
            }
        },
        f"{m.API_BASE}/advisor/mandanten/{{mandant}}/import": {
            "post": {
                "summary": "Manual import: BMD files for one Mandant, stored like a bundle",
                "parameters": [_path_id("mandant")],
                "requestBody": {
                    "required": True,
                    "content": {"multipart/form-data": {"schema": {"$ref": "#/components/schemas/Upload"}}},
                },
                "responses": {"200": _resp("ImportResult"), **_errors(400, 401, 403, 409, 413, 422)},
            }
        },
        f"{m.API_BASE}/advisor/agents/{{agent_id}}/revoke": {
            "post": {
                "summary": "Revoke an agent of the office: its tokens stop working",
                "parameters": [_path_id("agent_id")],
                "responses": {"200": _resp("Revoked"), **_errors(400, 401, 403, 404)},
            }
        },
        "/healthz": {
            "get": {
                "summary": "Liveness: the server answers (no credentials)",
                "security": [],
                "responses": {"200": _resp("Health"), **_errors(401)},
            }
        },
    }
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
