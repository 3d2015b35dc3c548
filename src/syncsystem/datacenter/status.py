"""``syncsystem datacenter status --office …``: what the advisor page shows, in the terminal.

"Zuletzt aktualisiert" for the office (the newest Mandant) and per Mandant with rows, BMD's time
and state, plus the office's open requests — read-only, in Austrian formatting (`wording`).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from syncsystem import messages
from syncsystem.datacenter import live, wording
from syncsystem.datacenter.cli_common import common, office_store
from syncsystem.datacenter.documents import mandant_json
from syncsystem.datacenter.refusals import shown
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.errors import EXIT_OK
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["register_status"]

# an open request's state, as the Mandant's state until it ends
_OPEN = {
    "waiting": mc.DC_STATUS_WAITING,
    "picked_up": mc.DC_STATUS_PICKED_UP,
    "uploaded": mc.DC_STATUS_UPLOADED,
}
_HEADS = (
    mc.DC_STATUS_MANDANT,
    mc.DC_STATUS_UPDATED,
    mc.DC_STATUS_ROWS,
    mc.DC_STATUS_DURATION,
    mc.DC_STATUS_STATE,
)


def _state(row: dict[str, Any], pending: dict[str, Message]) -> str:
    if row["last_error"]:
        return str(mc.DC_STATUS_FAILED())
    if row["mandant"] in pending:
        return str(pending[row["mandant"]])
    return str(mc.DC_STATUS_INGESTED() if row["last_updated"] else mc.DC_STATUS_NO_DATA())


def _table(rows: list[dict[str, Any]]) -> str:
    head = tuple(str(code()) for code in _HEADS)
    body = [
        (
            f"{r['mandant']} {r['name']}".strip(),
            r["zuletzt"],
            wording.count(r["rows_fetched"]),
            wording.duration(r["duration_seconds"]),
            r["status"],
        )
        for r in rows
    ]
    widths = [max(len(str(line[i])) for line in (head, *body)) for i in range(len(head))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in (head, *body)
    )


def cmd_status(args: argparse.Namespace, runtime: Runtime) -> int:
    tz = runtime.clock.tz
    with office_store(args, runtime) as (store, operator), store.read() as conn:
        scope = OfficeScope(conn, operator)
        office, _ = scope.identity()
        found = [
            mandant_json(r) | {"error": shown(r.last_error, r.last_error_detail)} for r in scope.mandanten()
        ]
        asked = scope.requests(50)
    pending: dict[str, Message] = {}
    for req in reversed(asked):  # oldest first: the newest request's state wins
        for mandant in json.loads(req.mandanten):
            if req.state in _OPEN:
                pending[mandant] = _OPEN[req.state]()
            else:
                pending.pop(mandant, None)
    for row in found:
        row["zuletzt"] = wording.moment(row["last_updated"], tz, never=str(mc.DC_STATUS_NEVER()))
        row["status"] = _state(row, pending)
    newest = live.last_updated([r["last_updated"] for r in found], tz, messages.language())
    text = f"{office} — {newest}\n" + (_table(found) if found else str(mc.DC_MANDANTEN_NONE()))
    runtime.emit(
        args.json,
        {
            "office_id": args.office,
            "last_updated": max((r["last_updated"] for r in found if r["last_updated"]), default=None),
            "mandanten": found,
        },
        text,
    )
    return EXIT_OK


def register_status(sub: Any) -> None:
    p = sub.add_parser("status", help=str(mc.CLI_HELP_DATACENTER_STATUS()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.set_defaults(handler=cmd_status)
