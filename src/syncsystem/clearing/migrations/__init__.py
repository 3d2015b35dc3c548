"""Alembic migrations of the clearing store (run by `syncsystem.clearing.migrate`)."""
