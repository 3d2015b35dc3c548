"""Refusals keep their message codes and values beside the words (the page renders them in German).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mandanten") as batch:
        batch.add_column(sa.Column("last_error_detail", sa.Text(), nullable=True))
    with op.batch_alter_table("sync_requests") as batch:
        batch.add_column(sa.Column("reason_detail", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sync_requests") as batch:
        batch.drop_column("reason_detail")
    with op.batch_alter_table("mandanten") as batch:
        batch.drop_column("last_error_detail")
