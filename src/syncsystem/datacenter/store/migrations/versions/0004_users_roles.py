"""Users with roles (advisors of old stay, as Administrator), auto-update at the first login of the
day, token lifetimes with a marked grace, the advisor's nightly Mandanten, the agent's last doctor.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("advisors") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("role", sa.String(length=16), nullable=False, server_default="administrator")
        )
        batch.add_column(sa.Column("auto_update", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_login_on", sa.Date(), nullable=True))
    with op.batch_alter_table("agent_tokens") as batch:
        batch.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
    # A token with an expiry was put on its grace by a rotation (before 0004 only grace set one).
    op.execute("UPDATE agent_tokens SET superseded_at = created_at WHERE expires_at IS NOT NULL")
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("doctor_result", sa.Text(), nullable=True))
        batch.add_column(sa.Column("doctor_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("mandanten") as batch:
        batch.add_column(sa.Column("nightly", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("mandanten") as batch:
        batch.drop_column("nightly")
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("doctor_at")
        batch.drop_column("doctor_result")
    with op.batch_alter_table("agent_tokens") as batch:
        batch.drop_column("superseded_at")
    with op.batch_alter_table("advisors") as batch:
        batch.drop_column("last_login_on")
        batch.drop_column("auto_update")
        batch.drop_column("role")
        batch.drop_column("email")
