"""A hand-made office of 120 Mandanten for the advisor page's paging, search and order.

Mandanten K001 … K120, data from yesterday unless the table below says otherwise:

| Mandant | name             | state                                   |
|---------|------------------|-----------------------------------------|
| K007    | Schmid GmbH      |                                         |
| K010    |                  | error (data from yesterday)             |
| K020    |                  | no data yet (stale)                     |
| K021    |                  | no data yet (stale)                     |
| K030    |                  | data 10 days old (stale)                |
| K033    | Bäckerei Schmidt |                                         |
| K050    |                  | error (data from yesterday)             |
| K058    | Schmiede Huber   | (does not contain "Schmid")             |
| K060    |                  | no data yet (stale)                     |
| K080    |                  | error (data from yesterday)             |
| K090    | Anna SCHMID      |                                         |
| K100    |                  | data 8 days old (stale)                 |
| K101    | Schmied KG       | (does not contain "Schmid")             |
| K115    | Goldschmid OG    |                                         |

Every other Mandant is named "Firma <n>". Three with an error, five stale (a week is the limit).
"""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store.scoped import OfficeScope

NAMES = {
    7: "Schmid GmbH",
    33: "Bäckerei Schmidt",
    58: "Schmiede Huber",
    90: "Anna SCHMID",
    101: "Schmied KG",
    115: "Goldschmid OG",
}
ERRORS = (10, 50, 80)
NEVER = (20, 21, 60)
DAYS_OLD = {30: 10, 100: 8}


def mandant(n: int) -> str:
    return f"K{n:03d}"


def numbers(first: int, last: int) -> list[str]:
    """K<first> … K<last>, both included."""
    return [mandant(n) for n in range(first, last + 1)]


def build(world: Any, office: Any) -> None:
    """Write the table above into ``office`` of the datacenter test world (`conftest.World`)."""
    now = world.clock.now().astimezone(UTC)  # stored in UTC, as the ingest does
    ids = numbers(1, 120)
    world.know(office, *ids)
    with world.store.write() as conn:
        scope = OfficeScope(conn, Principal("agent", office.agent_id, office.office_id))
        for n, mandant_id in enumerate(ids, start=1):
            values: dict[str, Any] = {
                "name": NAMES.get(n, f"Firma {n}"),
                "rows_fetched": 1000 + n,
                "duration_seconds": 2.0,
                "bundle_size": 2048,
            }
            if n not in NEVER:
                values["last_updated"] = now - timedelta(days=DAYS_OLD.get(n, 1))
            if n in ERRORS:
                values["last_error"] = f"Bündel von {mandant_id} abgelehnt"
            scope.record_mandant_result(mandant_id, **values)
