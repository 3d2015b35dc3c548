"""Every office-scoped table leads with the office id in its key: sync_requests is keyed
(office_id, id), so it can be partitioned by hash(office_id) or distributed by office (Citus).

Revision ID: 0007
Revises: 0003
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_requests", recreate="auto") as batch:
        batch.drop_constraint("pk_sync_requests", type_="primary")
        batch.create_primary_key("pk_sync_requests", ["office_id", "id"])


def downgrade() -> None:
    with op.batch_alter_table("sync_requests", recreate="auto") as batch:
        batch.drop_constraint("pk_sync_requests", type_="primary")
        batch.create_primary_key("pk_sync_requests", ["id"])
