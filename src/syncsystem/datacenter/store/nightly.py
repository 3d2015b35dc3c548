"""The advisor's choice of Mandanten for the agent's nightly sync (seed 000: the advisor decides).

`choose` stores the choice (``mandanten.nightly``), `chosen` reads it — one indexed range read of
the office's Mandanten (the poll answer reads it the same way in one prepared statement,
`poll_path.nightly_for`). No choice (nothing ticked) answers None: the agent then keeps the host's
own list.

The Einstellungen page shows the office's Mandanten 50 at a time, so a save speaks for the Mandanten
its page showed and no others: `choose_among` ticks exactly the ticked ones *among those shown*
and leaves every other Mandant's choice as it was (saving page 2 keeps page 1's ticks). `choose_all`
ticks or clears every Mandant of the office ("Alle auswählen" / "Keinen auswählen"); `ticked` counts
the office's ticks for the page's summary line.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.store.schema import mandanten
from syncsystem.datacenter.store.scoped import listed
from syncsystem.messages import codes as mc

__all__ = ["choose", "choose_all", "choose_among", "chosen", "ticked"]


def choose(conn: Connection, office_id: str, ids: Sequence[str]) -> None:
    """Tick exactly ``ids`` for the nightly sync; a Mandant the datacenter does not know is refused."""
    _refuse_unknown(conn, office_id, ids)
    conn.execute(
        sa.update(mandanten)
        .where(mandanten.c.office_id == office_id)
        .values(nightly=sa.case((mandanten.c.mandant.in_(list(ids)), 1), else_=0))
    )


def choose_among(conn: Connection, office_id: str, shown: Sequence[str], ids: Sequence[str]) -> int:
    """Among the Mandanten ``shown`` (one page), tick exactly ``ids``; the office's other Mandanten
    keep their choice. A ticked Mandant counts as shown; one the datacenter does not know is refused
    and nothing changes. How many ticks changed (0: the page was saved as it was)."""
    page = list(dict.fromkeys([*shown, *ids]))
    _refuse_unknown(conn, office_id, page)
    wanted = sa.case((mandanten.c.mandant.in_(list(ids)), 1), else_=0)
    done = conn.execute(
        sa.update(mandanten)
        .where(mandanten.c.office_id == office_id, mandanten.c.mandant.in_(page))
        .where(mandanten.c.nightly != wanted)  # only the changed: the count says whether any did
        .values(nightly=wanted)
    )
    return int(done.rowcount)


def choose_all(conn: Connection, office_id: str, *, ticked: bool) -> int:
    """Tick (or clear) every Mandant of the office; how many the office has."""
    done = conn.execute(
        sa.update(mandanten).where(mandanten.c.office_id == office_id).values(nightly=int(ticked))
    )
    return int(done.rowcount)


def ticked(conn: Connection, office_id: str) -> int:
    """How many of the office's Mandanten are ticked for the nightly sync."""
    query = sa.select(sa.func.count()).where(mandanten.c.office_id == office_id, mandanten.c.nightly == 1)
    return int(conn.execute(query).scalar_one())


def _refuse_unknown(conn: Connection, office_id: str, ids: Sequence[str]) -> None:
    query = sa.select(mandanten.c.mandant).where(mandanten.c.office_id == office_id)
    known = {r.mandant for r in conn.execute(query)}
    unknown = [m for m in ids if m not in known]
    if unknown:
        raise RefusedError(mc.REQUEST_UNKNOWN_MANDANT(mandanten=", ".join(unknown[:20]), known=listed(known)))


def chosen(engine: Engine, office_id: str) -> tuple[str, ...] | None:
    """The office's ticked Mandanten in order, or None when none is ticked."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(mandanten.c.mandant)
            .where(mandanten.c.office_id == office_id, mandanten.c.nightly == 1)
            .order_by(mandanten.c.mandant)
        ).all()
    return tuple(r.mandant for r in rows) or None
