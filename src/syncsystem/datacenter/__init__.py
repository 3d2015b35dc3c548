"""The datacenter backend: agent API, bundle ingest, office-scoped store, advisor page, serving.

Entry points: `syncsystem.datacenter.app.create_app` (the ASGI app over a `Store` and a `Clock`),
`syncsystem.datacenter.ingest` (bundles and manual imports), `syncsystem.datacenter.store`
(schema, migrations, `OfficeScope`), and the CLI in `syncsystem.datacenter.commands`.
"""
