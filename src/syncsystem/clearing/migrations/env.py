"""Alembic environment: runs on the connection handed in by `syncsystem.clearing.migrate`."""

from alembic import context

from syncsystem.clearing.schema import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection, target_metadata=None, version_table=VERSION_TABLE, render_as_batch=True
)
with context.begin_transaction():
    context.run_migrations()
