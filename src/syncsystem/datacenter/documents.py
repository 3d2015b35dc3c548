"""The advisor's JSON documents: a Mandant of the list and a sync request, as API and pages show them."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from syncsystem.datacenter.auth import utc

__all__ = ["mandant_doc", "mandant_json", "request_json"]


def _finite(value: Any) -> Any:
    # A NaN or Infinity stored before the protocol refused them must not break the whole office's
    # list (JSON cannot carry them): shown as unknown.
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _iso(value: Any) -> str | None:
    moment = utc(value)
    return None if moment is None else moment.isoformat()


def mandant_doc(values: Sequence[Any]) -> dict[str, Any]:
    """One Mandant of the advisor's list from the values of `mandanten_list.LISTED`, in that order."""
    mandant, name, cursor, last_updated, rows_fetched, duration_seconds, bundle_size, last_error = values
    return {
        "mandant": mandant,
        "name": name,
        "cursor": cursor,
        "last_updated": _iso(last_updated),
        "rows_fetched": rows_fetched,
        "duration_seconds": _finite(duration_seconds),
        "bundle_size": bundle_size,
        "last_error": last_error,
    }


def mandant_json(row: Any) -> dict[str, Any]:
    """`mandant_doc` of a row of the ``mandanten`` table (read by column name)."""
    return mandant_doc(
        (
            row.mandant,
            row.name,
            row.cursor,
            row.last_updated,
            row.rows_fetched,
            row.duration_seconds,
            row.bundle_size,
            row.last_error,
        )
    )


def request_json(row: Any) -> dict[str, Any]:
    return {
        "request_id": row.id,
        "mandanten": json.loads(row.mandanten),
        "mode": row.mode,
        "state": row.state,
        "reason": row.reason,
        "created_at": _iso(row.created_at),
        "picked_up_at": _iso(row.picked_up_at),
        "finished_at": _iso(row.finished_at),
        "bundle_id": row.bundle_id,
    }
