"""Advisor browser sessions: the page's cookie holds a session id, not the advisor's token.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advisor_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("advisor_id", sa.String(length=128), nullable=False),
        sa.Column("office_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["advisor_id"], ["advisors.id"], name=op.f("fk_advisor_sessions_advisor_id_advisors")
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_advisor_sessions")),
    )
    op.create_index(op.f("ix_advisor_sessions_advisor_id"), "advisor_sessions", ["advisor_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_advisor_sessions_advisor_id"), table_name="advisor_sessions")
    op.drop_table("advisor_sessions")
