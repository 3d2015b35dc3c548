"""Alembic migrations of the datacenter store; applied by `syncsystem.datacenter.store.engine.migrate`."""
