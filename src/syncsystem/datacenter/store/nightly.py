"""The advisor's choice of Mandanten for the agent's nightly sync (seed 000: the advisor decides).

`choose` stores the choice (``mandanten.nightly``), `chosen` reads it — one indexed range read of
the office's Mandanten (the poll answer reads it the same way in one prepared statement,
`poll_path.nightly_for`). No choice (nothing ticked) answers None: the agent then keeps the host's
own list.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from syncsystem.datacenter.errors import RefusedError
from syncsystem.datacenter.store.schema import mandanten
from syncsystem.datacenter.store.scoped import listed
from syncsystem.messages import codes as mc

__all__ = ["choose", "chosen"]


def choose(conn: Connection, office_id: str, ids: Sequence[str]) -> None:
    """Tick exactly ``ids`` for the nightly sync; a Mandant the datacenter does not know is refused."""
    query = sa.select(mandanten.c.mandant).where(mandanten.c.office_id == office_id)
    known = {r.mandant for r in conn.execute(query)}
    unknown = [m for m in ids if m not in known]
    if unknown:
        raise RefusedError(mc.REQUEST_UNKNOWN_MANDANT(mandanten=", ".join(unknown[:20]), known=listed(known)))
    conn.execute(
        sa.update(mandanten)
        .where(mandanten.c.office_id == office_id)
        .values(nightly=sa.case((mandanten.c.mandant.in_(list(ids)), 1), else_=0))
    )


def chosen(engine: Engine, office_id: str) -> tuple[str, ...] | None:
    """The office's ticked Mandanten in order, or None when none is ticked."""
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(mandanten.c.mandant)
            .where(mandanten.c.office_id == office_id, mandanten.c.nightly == 1)
            .order_by(mandanten.c.mandant)
        ).all()
    return tuple(r.mandant for r in rows) or None
