"""How `agent status`, `agent runs` and `agent plan` say stored and planned moments: in the reader's
language.

The outbox keeps ISO timestamps, status words (``sealed``) and plain counts for machines and
``--json``; the text output shows local dates (``Mo 02.03.2026 21:47``), catalogued status words
and grouped numbers, as the office page "Agent" does; the plan adds each moment's UTC distance.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from syncsystem import messages
from syncsystem.messages import codes as mc

__all__ = ["local_time", "planned_time", "run_line", "run_states"]

_RUN_STATUS = {"sealed": mc.AG_CLI_RUN_SEALED, "retry": mc.AG_CLI_RUN_RETRY, "failed": mc.AG_CLI_RUN_FAILED}


def local_time(stamp: object, tz: tzinfo, *, seconds: bool = False) -> str:
    """An ISO timestamp as ``Mo 02.03.2026 21:47`` in ``tz`` (``–``: none; not ISO: as stored)."""
    try:
        moment = datetime.fromisoformat(str(stamp)).astimezone(tz)
    except ValueError:
        return "–" if stamp in (None, "") else str(stamp)
    return f"{messages.short_day(moment)} {moment:{'%H:%M:%S' if seconds else '%H:%M'}}"


def planned_time(moment: datetime) -> str:
    """``Fr 27.03.2026 00:04:03 (UTC+01:00)``: a planned moment in its own zone and its UTC distance."""
    return f"{messages.short_day(moment)} {moment:%H:%M:%S} (UTC{messages.utc_offset(moment)})"


def run_states(lang: str | None = None) -> dict[str, str]:
    """A run's stored states (``sealed``, ``retry``, ``failed``) as ``lang`` says them: the lines of
    ``agent runs`` and the office's Agent page."""
    return {state: said().text(lang) for state, said in _RUN_STATUS.items()}


def run_line(run: dict[str, Any], tz: tzinfo) -> str:
    """One stored sync summary: when, status, Mandanten, rows, sealed bytes, seconds (and its error)."""
    stored = str(run.get("status"))
    said = mc.AG_CLI_RUN_LINE(
        at=local_time(run.get("at"), tz, seconds=True),
        status=run_states().get(stored, stored),
        mandanten=", ".join(run.get("mandanten") or ()),
        rows=messages.number(int(run.get("rows") or 0), grouped=True),
        size=messages.number(int(run.get("bytes_sealed") or 0), grouped=True),
        seconds=messages.number(round(Decimal(str(run.get("duration_seconds") or 0)), 1)),
    )
    return f"{said}  {run['error']}" if run.get("error") else str(said)
