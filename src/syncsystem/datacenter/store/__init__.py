"""The datacenter store: schema (SQLAlchemy Core), migrations (Alembic), and office-scoped access.

`engine.Store` opens and migrates a database; `scoped.OfficeScope` is the one place that reads and
writes office data, always filtered by the office of the authenticated caller; `tenancy` manages
offices, advisors, agents, tokens and enrolment codes. Import the modules directly.
"""
