"""The on-prem agent: a tiny resident timer, and short-lived workers that poll, export and upload.

Kept deliberately empty of imports: the resident service (`syncsystem.agent.resident`) imports
this package and must stay under 10 MiB, so nothing heavy may load here. Import the modules
directly: ``config`` (profiles), ``plan`` (the pure planner), ``worker`` (one run of work),
``outbox`` (durable bundles and cursors), ``client`` (HTTPS), ``exporter`` (BMD export interface),
``doctor``, ``install`` and ``commands`` (the CLI area).
"""
