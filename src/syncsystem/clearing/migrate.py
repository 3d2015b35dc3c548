"""Bringing a clearing store to the newest schema: Alembic migrations, run programmatically.

The revisions live in ``clearing/migrations`` and keep their own version table
(`schema.VERSION_TABLE`), so the clearing store may share a database with the datacenter's. A store
created before there were migrations (the first release called ``metadata.create_all``: the layout
of revision 0001) is stamped 0001 and then upgraded like any other. PostgreSQL migrations hold an
advisory lock, so processes opening the store at once migrate it exactly once. What a migration
finds wrong in the data it migrates it records in ``clearing_findings``; `migrate` returns the
messages recorded during this run, for the command line to show.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.engine import Engine

from syncsystem.clearing.schema import VERSION_TABLE
from syncsystem.db import migration_connection
from syncsystem.errors import StoreError
from syncsystem.messages import codes as mc

__all__ = ["MIGRATIONS", "migrate"]

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_MIGRATION_LOCK = 0x53594E44  # "SYND": one migration of the clearing store at a time
_FIRST_LAYOUT = "0001"


def migrate(engine: Engine) -> list[str]:
    """Upgrade the store behind ``engine`` to the newest revision; returns the new findings.

    Raises `StoreError` when the store is of a revision this version does not know (a newer one).
    """
    try:
        return _upgrade(engine)
    except CommandError as exc:
        raise StoreError(mc.STORE_CLEARING_REVISION(reason=str(exc))) from exc


def _upgrade(engine: Engine) -> list[str]:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with migration_connection(engine, _PG_MIGRATION_LOCK) as conn:
        cfg.attributes["connection"] = conn
        tables = set(sa.inspect(conn).get_table_names())
        if "clearing_invoices" in tables and VERSION_TABLE not in tables:
            command.stamp(cfg, _FIRST_LAYOUT)
        before = 0
        if "clearing_findings" in tables:
            before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM clearing_findings").scalar_one()
        command.upgrade(cfg, "head")
        found = [
            m
            for (m,) in conn.execute(
                sa.text("SELECT message FROM clearing_findings WHERE id > :b ORDER BY id"), {"b": before}
            )
        ]
        conn.commit()
    return found
