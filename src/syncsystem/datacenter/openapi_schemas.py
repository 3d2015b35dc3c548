"""The bodies of the JSON API for its OpenAPI description: every request and answer schema by name.

`openapi` lists the operations and refers to these by name (``#/components/schemas/…``). The id
pattern, the modes, the progress kinds and their limits are read from `protocol.messages` and
`protocol.reports`, which check them on the wire.
"""

from __future__ import annotations

from typing import Any

from syncsystem.protocol import messages as m
from syncsystem.protocol import reports

__all__ = ["ID", "SCHEMAS", "ref"]

ID = {"type": "string", "pattern": m.ID_PATTERN.pattern, "maxLength": 128}
# a refusal's first data problems (file, line, field, code, values) and how many were left out
_PROBLEMS = {"problems": {"type": "array", "maxItems": 20}, "more": {"type": "integer", "minimum": 0}}


def ref(schema: str) -> dict[str, str]:
    """A reference to the schema named ``schema``."""
    return {"$ref": f"#/components/schemas/{schema}"}


_CODES = ref("MessageCodes")  # a reason as codes beside the words


SCHEMAS: dict[str, Any] = {
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
            "agent_id": ID,
            "mandanten": {"type": "array", "items": ID, "maxItems": 10000},
        },
    },
    "EnrolResponse": {
        "type": "object",
        "required": ["agent_id", "token", "office_id", "public_key"],
        "properties": {
            "agent_id": ID,
            "token": {"type": "string"},
            "office_id": ID,
            "public_key": {"type": "string", "format": "byte"},
            "token_expires_at": {"type": "string", "format": "date-time", "nullable": True},
        },
    },
    "SyncRequest": {
        "type": "object",
        "required": ["request_id", "mandanten", "mode", "cursors"],
        "properties": {
            "request_id": ID,
            "mandanten": {"type": "array", "items": ID},
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
            "requests": {"type": "array", "items": ref("SyncRequest")},
            "fast_poll_seconds": {"type": "integer", "minimum": 0},
            "nightly": {"type": "array", "items": ID},
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
                        "mandant": ID,
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
        "properties": {"request_id": ID, "recorded": {"type": "integer", "minimum": 0}},
    },
    "UploadAck": {
        "type": "object",
        "required": ["bundle_id", "status", "cursors"],
        "properties": {
            "bundle_id": ID,
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
            "mandanten": {"type": "array", "items": ID},
            "detail": ref("RefusalCodes"),
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
        "properties": {"bundle_id": ID, "state": {"type": "string", "enum": ["set_aside"]}},
    },
    "RequestState": {
        "type": "object",
        "required": ["request_id", "state"],
        "properties": {"request_id": ID, "state": {"type": "string"}},
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
        "properties": {"agent_id": ID, "checks": {"type": "integer"}},
    },
    "NewRequest": {
        "type": "object",
        "required": ["mandanten"],
        "properties": {
            "mandanten": {"type": "array", "items": ID, "minItems": 1},
            "mode": {"type": "string", "enum": list(m.MODES)},
        },
    },
    "Request": {
        "type": "object",
        "required": ["request_id", "mandanten", "mode", "state"],
        "properties": {
            "request_id": ID,
            "mandanten": {"type": "array", "items": ID},
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
        "properties": {"agent_id": ID, "state": {"type": "string", "enum": ["revoked"]}},
    },
    "Health": {
        "type": "object",
        "required": ["status", "server_time"],
        "properties": {"status": {"type": "string"}, "server_time": {"type": "string"}},
    },
}
