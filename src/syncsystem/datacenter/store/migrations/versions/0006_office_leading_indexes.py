"""Office-scoped lookups that grow with history lead with the office id: the latest sync requests.

The advisor page lists an office's 20 newest sync requests; without an index that starts with
``(office_id, created_at)`` the database sorts every request the office ever made (three years of a
500-Mandanten office are ~500,000). See docs/scaling.md.

Revision ID: 0006
Revises: 0003
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_sync_requests_office_created", "sync_requests", ["office_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_sync_requests_office_created", table_name="sync_requests")
