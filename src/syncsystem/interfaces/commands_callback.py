"""``syncsystem interfaces callback``: show, set or clear the customer-number callback; send the queue.

``debtors create`` reports new numbers through the callback by itself (`report_created`); ``--send``
sends what a refusal or an unreachable source system left queued, with the same idempotency keys.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from syncsystem.bmd.records import PersonAccount
from syncsystem.errors import EXIT_OK, ConfigError
from syncsystem.interfaces.callback import (
    Callback,
    callback_errors,
    deliver_pending,
    enqueue,
    load_callback,
    pending,
    save_callback,
)
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register_callback", "report_created"]

FolderOf = Callable[[Any, Runtime], Path]


def report_created(folder: Path, created: Sequence[PersonAccount], refs: Sequence[str]) -> str:
    """Queue and send the new numbers when a callback is configured; the German result, or ""."""
    callback = load_callback(folder)
    if callback is None or not created:
        return ""
    rows = [
        {"quelle": ref, "konto": p.konto, "nachname": p.nachname}
        for p, ref in zip(created, list(refs) + [""] * len(created), strict=False)
    ]
    enqueue(folder, rows)
    return str(mc.IN_CALLBACK_SENT(count=deliver_pending(folder, callback), url=callback.url))


def _callback(args: Any, runtime: Runtime, folder_of: FolderOf) -> int:
    folder = folder_of(args, runtime)
    if args.clear:
        save_callback(folder, None)
    elif args.url:
        problems = callback_errors(args.url, args.ca_file or "")
        if problems:
            raise ConfigError("; ".join(str(m) for m in problems.values()))
        save_callback(folder, Callback(args.url, args.ca_file or ""))
    callback = load_callback(folder)
    sent = ""
    if args.send and callback is not None:
        sent = str(mc.IN_CALLBACK_SENT(count=deliver_pending(folder, callback), url=callback.url))
    queued = len(pending(folder))
    shown = {
        "url": callback.url if callback else None,
        "ca_file": callback.ca_file if callback else None,
        "pending": queued,
    }
    text = str(
        mc.IN_CLI_CALLBACK_SHOWN(url=callback.url, pending=queued)
        if callback
        else mc.IN_CLI_CALLBACK_NONE(pending=queued)
    )
    runtime.emit(args.json, shown, f"{sent}\n{text}" if sent else text)
    return EXIT_OK


def register_callback(
    sub: Any, common: Callable[[argparse.ArgumentParser], None], folder_of: FolderOf
) -> None:
    p = sub.add_parser("callback", help=str(mc.CLI_HELP_INTERFACES_CALLBACK()))
    common(p)
    p.add_argument("--url", help=str(mc.CLI_HELP_INTERFACES_CALLBACK_URL()))
    p.add_argument("--ca-file", metavar="FILE", help=str(mc.CLI_HELP_INTERFACES_CALLBACK_CA_FILE()))
    p.add_argument("--clear", action="store_true", help=str(mc.CLI_HELP_INTERFACES_CALLBACK_CLEAR()))
    p.add_argument("--send", action="store_true", help=str(mc.CLI_HELP_INTERFACES_CALLBACK_SEND()))
    p.set_defaults(handler=lambda args, runtime: _callback(args, runtime, folder_of))
