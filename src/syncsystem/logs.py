"""Structured log events and the two log formats (plain text, JSON lines for log shippers).

Each run of work — an agent's sync job (``sync_run``), a scheduled transfer (``transfer_run``), a
datacenter ingest (``ingest_run``) — logs one summary event through `log_event`: a name and flat
fields, always ``outcome``, ``bytes`` and ``duration_seconds`` besides the counts of the kind of
run. Fields named like a secret (password, token, secret, private key) are masked before anything
is written, so a careless caller cannot leak one. In text format an event reads ``NAME {json}``;
`JsonFormatter` (``--log-format json``) writes one JSON object per line with ``timestamp``,
``level``, ``logger``, ``event`` and the event's fields — other log records carry their message as
``event``. Only ``json``, ``logging`` and ``time`` are imported: the agent's worker uses this too.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from typing import IO, Any

__all__ = ["LOG_FORMATS", "JsonFormatter", "configure_logging", "log_event", "redact"]

LOG_FORMATS = ("text", "json")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "***"
_SECRET_WORDS = ("password", "passwort", "token", "secret", "private_key", "authorization", "credential")
_RESERVED = ("timestamp", "level", "logger", "event")


def _is_secret(key: str) -> bool:
    lowered = key.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def redact(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` with every value under a secret-like key masked (nested mappings too)."""
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if _is_secret(key):
            clean[key] = MASK if value else value
        elif isinstance(value, Mapping):
            clean[key] = redact(value)
        else:
            clean[key] = value
    return clean


def log_event(
    logger: logging.Logger, event: str, fields: Mapping[str, Any], *, level: int = logging.INFO
) -> None:
    """Log the summary event ``event`` with ``fields`` (secrets masked) at ``level``."""
    clean = redact(fields)
    logger.log(
        level,
        "%s %s",
        event,
        json.dumps(clean, default=str, ensure_ascii=False),
        extra={"event": event, "event_fields": clean},
    )


class JsonFormatter(logging.Formatter):
    """One JSON object per record and line: timestamp (UTC, ISO 8601), level, logger, event, fields."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        out: dict[str, Any] = {
            "timestamp": f"{stamp}.{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "event": getattr(record, "event", None) or record.getMessage(),
        }
        fields = getattr(record, "event_fields", None)
        if isinstance(fields, Mapping):
            out.update((k, v) for k, v in fields.items() if k not in _RESERVED)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def configure_logging(level: str | int, stream: IO[str], fmt: str = "text") -> None:
    """Send the root logger's records at ``level`` to ``stream`` in format ``fmt`` (text or json)."""
    if fmt not in LOG_FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; use one of {', '.join(LOG_FORMATS)}")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_syncsystem", False)]:
        root.removeHandler(old)
    handler._syncsystem = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
