"""Customer numbers back to the source system by callback: POST JSON to an https URL.

The documented alternative to reading ``Kundennummern.csv``: with a callback configured (file
``syncsystem-rueckmeldung.json`` in the export folder: ``url``, optional ``ca_file``), every batch of
newly created debtors is queued in ``syncsystem-rueckmeldung-offen.json`` and POSTed as
``{"kundennummern": [{"quelle": …, "konto": …, "nachname": …}]}`` with the header
``Idempotency-Key``: the SHA-256 of the batch, so a batch sent again (after a timeout, a refusal, a
crash) carries the same key and the source system can drop the repeat. A batch leaves the queue only
after a 2xx answer; a refusal or an unreachable server is a `CallbackError` (a `RemoteError`, worded
by its code), and the batch stays queued for `deliver_pending`. ``Kundennummern.csv`` is written as before.
"""

from __future__ import annotations

import hashlib
import json
import ssl
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from syncsystem.errors import ConfigError, RemoteError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.settings import folder_lock
from syncsystem.messages import Message
from syncsystem.messages import codes as mc

__all__ = [
    "CALLBACK_FILE",
    "PENDING_FILE",
    "Callback",
    "CallbackError",
    "callback_errors",
    "deliver_pending",
    "enqueue",
    "load_callback",
    "pending",
    "save_callback",
]

CALLBACK_FILE = "syncsystem-rueckmeldung.json"
PENDING_FILE = "syncsystem-rueckmeldung-offen.json"
TIMEOUT = 15.0


class CallbackError(RemoteError):
    """The source system refused a batch or could not be reached; worded by its message code."""

    def __init__(self, message: Message, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(str(message), retryable=retryable, status=status)
        self.args = (message,)


@dataclass(frozen=True, slots=True)
class Callback:
    url: str
    ca_file: str = ""


def callback_errors(url: str, ca_file: str) -> dict[str, Message]:
    """Problems of a callback setting, per field (``callback_url``, ``callback_ca_file``)."""
    errors: dict[str, Message] = {}
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in url):
        errors["callback_url"] = mc.IN_CALLBACK_URL(url=url)
    if ca_file and not Path(ca_file).is_file():
        errors["callback_ca_file"] = mc.IN_CALLBACK_CA(path=ca_file)
    return errors


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(mc.IN_CLI_CALLBACK_UNREADABLE(path=str(path), reason=str(exc))) from exc


def load_callback(folder: Path) -> Callback | None:
    path = folder / CALLBACK_FILE
    if not path.exists():
        return None
    data = _read_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("url"), str):
        raise ConfigError(mc.IN_CLI_CALLBACK_NO_URL(path=str(path)))
    return Callback(data["url"], str(data.get("ca_file") or ""))


def save_callback(folder: Path, callback: Callback | None) -> None:
    """Store (or with None remove) the callback; the caller has checked it with `callback_errors`."""
    path = folder / CALLBACK_FILE
    if callback is None:
        path.unlink(missing_ok=True)
        return
    atomic_write_text(path, json.dumps({"url": callback.url, "ca_file": callback.ca_file}, indent=2) + "\n")


def pending(folder: Path) -> list[dict[str, Any]]:
    """The queued batches, oldest first: ``{"key": …, "rows": [...]}``."""
    path = folder / PENDING_FILE
    batches: list[dict[str, Any]] = _read_json(path) if path.exists() else []
    return batches


def _write_pending(folder: Path, batches: Sequence[Mapping[str, Any]]) -> None:
    path = folder / PENDING_FILE
    if batches:
        atomic_write_text(path, json.dumps(list(batches), ensure_ascii=False, indent=1) + "\n")
    else:
        path.unlink(missing_ok=True)


def enqueue(folder: Path, rows: Sequence[Mapping[str, Any]]) -> str:
    """Queue one batch ``[{quelle, konto, nachname}]``; returns its idempotency key."""
    canonical = json.dumps(list(rows), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    with folder_lock(folder):
        batches = pending(folder)
        if all(b["key"] != key for b in batches):
            _write_pending(folder, [*batches, {"key": key, "rows": list(rows)}])
    return key


def _post(callback: Callback, key: str, rows: Sequence[Mapping[str, Any]]) -> None:
    body = json.dumps({"kundennummern": list(rows)}, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        callback.url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key},
    )
    context = ssl.create_default_context(cafile=callback.ca_file or None)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=context) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        text = exc.read(300).decode("utf-8", "replace").strip()
        reason = f"{exc.reason}{' – ' + text if text else ''}"
        raise CallbackError(
            mc.IN_CALLBACK_REFUSED(url=callback.url, status=exc.code, reason=reason),
            retryable=exc.code >= 500 or exc.code == 429,
            status=exc.code,
        ) from exc
    except (urllib.error.URLError, OSError) as exc:
        cause = str(getattr(exc, "reason", None) or exc)
        raise CallbackError(
            mc.IN_CALLBACK_UNREACHABLE(url=callback.url, reason=cause), retryable=True
        ) from exc


def deliver_pending(folder: Path, callback: Callback) -> int:
    """POST every queued batch in order; returns the numbers reported. Stops at the first failure
    (a `CallbackError`), leaving it and the later ones queued."""
    sent = 0
    for batch in pending(folder):
        _post(callback, batch["key"], batch["rows"])
        with folder_lock(folder):
            _write_pending(folder, [b for b in pending(folder) if b["key"] != batch["key"]])
        sent += len(batch["rows"])
    return sent
