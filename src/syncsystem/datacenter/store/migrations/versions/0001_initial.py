"""Initial datacenter schema: tenancy, sync requests, bundles and the per-Mandant accounting data.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
    )
    op.create_table(
        "settings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_settings")),
    )
    op.create_table(
        "advisors",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_advisors_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advisors")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_advisors_token_hash")),
    )
    op.create_index(op.f("ix_advisors_office_id"), "advisors", ["office_id"], unique=False)
    op.create_table(
        "agents",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_agents_office_id_offices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agents")),
    )
    op.create_index(op.f("ix_agents_office_id"), "agents", ["office_id"], unique=False)
    op.create_table(
        "bundles",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=True),
        sa.Column("request_id", sa.String(length=128), nullable=True),
        sa.Column("raw_sha256", sa.String(length=64), nullable=False),
        sa.Column("content_digest", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("cursors", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_bundles_office_id_offices")),
        sa.PrimaryKeyConstraint("office_id", "id", name=op.f("pk_bundles")),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agent_id", sa.String(length=128), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_enrolment_codes_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_enrolment_codes")),
    )
    op.create_table(
        "mandanten",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), server_default="", nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=True),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rows_fetched", sa.Integer(), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("bundle_size", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_mandanten_office_id_offices")),
        sa.PrimaryKeyConstraint("office_id", "mandant", name=op.f("pk_mandanten")),
    )
    op.create_table(
        "sync_requests",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandanten", sa.Text(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.String(length=128), nullable=True),
        sa.Column("agent_id", sa.String(length=128), nullable=True),
        sa.Column("bundle_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_sync_requests_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_requests")),
    )
    op.create_index(
        "ix_sync_requests_office_state", "sync_requests", ["office_id", "state", "created_at"], unique=False
    )
    op.create_table(
        "agent_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], name=op.f("fk_agent_tokens_agent_id_agents")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_agent_tokens")),
    )
    op.create_index(op.f("ix_agent_tokens_agent_id"), "agent_tokens", ["agent_id"], unique=False)
    op.create_table(
        "bookings",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("line_key", sa.String(length=48), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("gkonto", sa.BigInteger(), nullable=True),
        sa.Column("belegnr", sa.String(length=64), nullable=False),
        sa.Column("belegdatum", sa.Date(), nullable=False),
        sa.Column("buchdatum", sa.Date(), nullable=True),
        sa.Column("buchsymbol", sa.String(length=8), nullable=False),
        sa.Column("buchcode", sa.Integer(), nullable=False),
        sa.Column("betrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("steuer_cent", sa.BigInteger(), nullable=True),
        sa.Column("steuercode", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("kost", sa.String(length=64), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_bookings_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "line_key", name=op.f("pk_bookings")),
    )
    op.create_table(
        "clearings",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("line_key", sa.String(length=48), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("rechnungsnr", sa.String(length=64), nullable=False),
        sa.Column("betrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("zahlungsbelegnr", sa.String(length=64), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_clearings_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "line_key", name=op.f("pk_clearings")),
    )
    op.create_table(
        "cost_centres",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("kost", sa.String(length=64), nullable=False),
        sa.Column("bezeichnung", sa.String(length=200), nullable=False),
        sa.Column("art", sa.String(length=32), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_cost_centres_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "kost", name=op.f("pk_cost_centres")),
    )
    op.create_table(
        "journal_lines",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("journalnr", sa.BigInteger(), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("gkonto", sa.BigInteger(), nullable=True),
        sa.Column("buchdatum", sa.Date(), nullable=False),
        sa.Column("belegdatum", sa.Date(), nullable=False),
        sa.Column("belegnr", sa.String(length=64), nullable=False),
        sa.Column("buchcode", sa.Integer(), nullable=False),
        sa.Column("betrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("steuer_cent", sa.BigInteger(), nullable=False),
        sa.Column("buchsymbol", sa.String(length=8), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_journal_lines_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "journalnr", name=op.f("pk_journal_lines")),
    )
    op.create_table(
        "ledger_accounts",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("bezeichnung", sa.String(length=200), nullable=False),
        sa.Column("kontenart", sa.String(length=32), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_ledger_accounts_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "konto", name=op.f("pk_ledger_accounts")),
    )
    op.create_table(
        "open_items",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("rechnungsnr", sa.String(length=64), nullable=False),
        sa.Column("rechnungsdatum", sa.Date(), nullable=False),
        sa.Column("rechnungsbetrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("offener_betrag_cent", sa.BigInteger(), nullable=False),
        sa.Column("buchsymbol", sa.String(length=8), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_open_items_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "konto", "rechnungsnr", name=op.f("pk_open_items")),
    )
    op.create_table(
        "person_accounts",
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("mandant", sa.String(length=128), nullable=False),
        sa.Column("konto", sa.BigInteger(), nullable=False),
        sa.Column("nachname", sa.String(length=200), nullable=False),
        sa.Column("vorname", sa.String(length=200), nullable=False),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("iban", sa.String(length=64), nullable=False),
        sa.Column("bundle_id", sa.String(length=128), nullable=False),
        sa.Column("extra", sa.Text(), server_default="{}", nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id", "mandant"],
            ["mandanten.office_id", "mandanten.mandant"],
            name=op.f("fk_person_accounts_office_id_mandanten"),
        ),
        sa.PrimaryKeyConstraint("office_id", "mandant", "konto", name=op.f("pk_person_accounts")),
    )


def downgrade() -> None:
    op.drop_table("person_accounts")
    op.drop_table("open_items")
    op.drop_table("ledger_accounts")
    op.drop_table("journal_lines")
    op.drop_table("cost_centres")
    op.drop_table("clearings")
    op.drop_table("bookings")
    op.drop_table("agent_tokens")
    op.drop_table("sync_requests")
    op.drop_table("mandanten")
    op.drop_table("enrolment_codes")
    op.drop_table("bundles")
    op.drop_table("agents")
    op.drop_table("advisors")
    op.drop_table("settings")
    op.drop_table("offices")
