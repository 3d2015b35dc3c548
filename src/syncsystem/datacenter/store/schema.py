"""The datacenter's tables, declared once with SQLAlchemy Core (Alembic migrations mirror them).

Every row of office data carries ``office_id`` as the first column of its key, so scoping a query
to one office is always an index prefix (see `syncsystem.datacenter.store.scoped`). Money is stored
as integer cents (exact, fast, and the same on SQLite and PostgreSQL); fields a table has no column
for are kept in ``extra`` (JSON text), so nothing of a BMD record is lost.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

__all__ = [
    "advisor_sessions",
    "advisors",
    "agent_tokens",
    "agents",
    "bookings",
    "bundles",
    "clearings",
    "cost_centres",
    "enrolment_codes",
    "journal_lines",
    "ledger_accounts",
    "mandanten",
    "metadata",
    "offices",
    "open_items",
    "person_accounts",
    "settings",
    "sync_events",
    "sync_requests",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _ts(name: str, nullable: bool = True) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


settings = Table(
    "settings",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

offices = Table(
    "offices",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", String(200), nullable=False),
    _ts("created_at", False),
)

advisors = Table(
    "advisors",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("office_id", String(128), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    _ts("created_at", False),
    _ts("revoked_at"),
    # Users of the office (advisors of old): e-mail, role (`datacenter.roles`), the per-user
    # "Beim ersten Login des Tages automatisch aktualisieren" and the office-local day of the last login.
    Column("email", String(254), nullable=False, server_default=""),
    Column("role", String(16), nullable=False, server_default="administrator"),
    Column("auto_update", Integer, nullable=False, server_default="0"),
    Column("last_login_on", Date),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)

enrolment_codes = Table(
    "enrolment_codes",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("office_id", String(128), nullable=False),
    _ts("created_at", False),
    _ts("expires_at", False),
    _ts("used_at"),
    Column("agent_id", String(128)),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)

agents = Table(
    "agents",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("office_id", String(128), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    _ts("created_at", False),
    _ts("last_seen_at"),
    _ts("revoked_at"),
    Column("doctor_result", Text),  # JSON: the agent's last `agent doctor` checks
    _ts("doctor_at"),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)

# Several tokens per agent: rotation issues a new one and lets the old one expire after a grace
# period, so an agent that has not yet stored its new token keeps working (no downtime).
agent_tokens = Table(
    "agent_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("agent_id", String(128), nullable=False, index=True),
    Column("office_id", String(128), nullable=False),
    _ts("created_at", False),
    _ts("expires_at"),
    _ts("revoked_at"),
    _ts("superseded_at"),  # set when a rotation put this token on its grace period
    ForeignKeyConstraint(["agent_id"], ["agents.id"]),
)

# A browser login: the cookie carries the session id (its sha256 is kept here), never the
# advisor's permanent token; logout ends the session, and it expires on its own.
advisor_sessions = Table(
    "advisor_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("advisor_id", String(128), nullable=False, index=True),
    Column("office_id", String(128), nullable=False),
    _ts("created_at", False),
    _ts("expires_at", False),
    _ts("ended_at"),
    ForeignKeyConstraint(["advisor_id"], ["advisors.id"]),
)

mandanten = Table(
    "mandanten",
    metadata,
    Column("office_id", String(128), primary_key=True),
    Column("mandant", String(128), primary_key=True),
    Column("name", String(200), nullable=False, server_default=""),
    Column("cursor", BigInteger),
    _ts("last_updated"),
    Column("rows_fetched", Integer),
    Column("duration_seconds", Float),
    Column("bundle_size", Integer),
    Column("last_error", Text),
    Column("last_error_detail", Text),  # JSON: the error's message codes and values (refusals)
    _ts("last_error_at"),
    Column("nightly", Integer, nullable=False, server_default="0"),  # chosen for the nightly sync
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)

# Keyed (office_id, id) like every office-scoped table, so it can be partitioned or distributed by
# office (docs/scaling.md); ids stay unique across offices all the same (`auth.new_id`).
sync_requests = Table(
    "sync_requests",
    metadata,
    Column("office_id", String(128), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("mandanten", Text, nullable=False),  # JSON list
    Column("mode", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # waiting picked_up uploaded ingested failed
    Column("reason", Text),
    Column("reason_detail", Text),  # JSON: the reason's message codes and values (refusals)
    Column("requested_by", String(128)),
    Column("agent_id", String(128)),
    Column("bundle_id", String(128)),
    _ts("created_at", False),
    _ts("picked_up_at"),
    _ts("finished_at"),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
    # The poll is exactly this index: waiting requests of one office.
    Index("ix_sync_requests_office_state", "office_id", "state", "created_at"),
    # The advisor page's newest requests of one office, however long its history (migration 0006).
    Index("ix_sync_requests_office_created", "office_id", "created_at"),
)

# The live log of a request: steps the agent reported (export per Mandant, upload) and the ingest.
# The request's own times (created, picked up, finished) stay in sync_requests.
sync_events = Table(
    "sync_events",
    metadata,
    # office-led like every office table (partitioning by office); seq orders a request's steps
    Column("office_id", String(128), primary_key=True),
    Column("request_id", String(128), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("mandant", String(128)),
    Column("data", Text, nullable=False, server_default="{}"),  # JSON: rows, seconds, bytes, …
    _ts("at", False),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)

bundles = Table(
    "bundles",
    metadata,
    Column("office_id", String(128), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("agent_id", String(128)),
    Column("request_id", String(128)),
    Column("raw_sha256", String(64), nullable=False),
    Column("content_digest", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("rows", Integer, nullable=False),
    Column("cursors", Text, nullable=False),  # JSON {mandant: cursor}
    Column("source", String(16), nullable=False),  # agent | manual
    _ts("received_at", False),
    Column("data", LargeBinary),
    ForeignKeyConstraint(["office_id"], ["offices.id"]),
)


def _data_table(name: str, *key: Column[object], extra: tuple[Column[object], ...]) -> Table:
    return Table(
        name,
        metadata,
        Column("office_id", String(128), primary_key=True),
        Column("mandant", String(128), primary_key=True),
        *key,
        *extra,
        Column("bundle_id", String(128), nullable=False),
        Column("extra", Text, nullable=False, server_default="{}"),
        ForeignKeyConstraint(["office_id", "mandant"], ["mandanten.office_id", "mandanten.mandant"]),
    )


# Booking lines have no natural id in BMD's import format; the key is a digest of the whole line
# plus its occurrence number among identical lines of the same file (see ingest.row_keys).
bookings = _data_table(
    "bookings",
    Column("line_key", String(48), primary_key=True),
    extra=(
        Column("konto", BigInteger, nullable=False),
        Column("gkonto", BigInteger),
        Column("belegnr", String(64), nullable=False),
        Column("belegdatum", Date, nullable=False),
        Column("buchdatum", Date),
        Column("buchsymbol", String(8), nullable=False),
        Column("buchcode", Integer, nullable=False),
        Column("betrag_cent", BigInteger, nullable=False),
        Column("steuer_cent", BigInteger),
        Column("steuercode", Integer),
        Column("text", String(500), nullable=False),
        Column("kost", String(64), nullable=False),
    ),
)

journal_lines = _data_table(
    "journal_lines",
    Column("journalnr", BigInteger, primary_key=True),
    extra=(
        Column("konto", BigInteger, nullable=False),
        Column("gkonto", BigInteger),
        Column("buchdatum", Date, nullable=False),
        Column("belegdatum", Date, nullable=False),
        Column("belegnr", String(64), nullable=False),
        Column("buchcode", Integer, nullable=False),
        Column("betrag_cent", BigInteger, nullable=False),
        Column("steuer_cent", BigInteger, nullable=False),
        Column("buchsymbol", String(8), nullable=False),
    ),
)

person_accounts = _data_table(
    "person_accounts",
    Column("konto", BigInteger, primary_key=True),
    extra=(
        Column("nachname", String(200), nullable=False),
        Column("vorname", String(200), nullable=False),
        Column("uid", String(32), nullable=False),
        Column("iban", String(64), nullable=False),
    ),
)

ledger_accounts = _data_table(
    "ledger_accounts",
    Column("konto", BigInteger, primary_key=True),
    extra=(
        Column("bezeichnung", String(200), nullable=False),
        Column("kontenart", String(32), nullable=False),
    ),
)

cost_centres = _data_table(
    "cost_centres",
    Column("kost", String(64), primary_key=True),
    extra=(Column("bezeichnung", String(200), nullable=False), Column("art", String(32), nullable=False)),
)

# The OP list is a snapshot: an ingested list replaces the Mandant's previous one entirely.
open_items = _data_table(
    "open_items",
    Column("konto", BigInteger, primary_key=True),
    Column("rechnungsnr", String(64), primary_key=True),
    extra=(
        Column("rechnungsdatum", Date, nullable=False),
        Column("rechnungsbetrag_cent", BigInteger, nullable=False),
        Column("offener_betrag_cent", BigInteger, nullable=False),
        Column("buchsymbol", String(8), nullable=False),
    ),
)

clearings = _data_table(
    "clearings",
    Column("line_key", String(48), primary_key=True),
    extra=(
        Column("konto", BigInteger, nullable=False),
        Column("rechnungsnr", String(64), nullable=False),
        Column("betrag_cent", BigInteger, nullable=False),
        Column("datum", Date, nullable=False),
        Column("zahlungsbelegnr", String(64), nullable=False),
    ),
)
