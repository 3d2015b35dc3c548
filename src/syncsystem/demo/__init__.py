"""`syncsystem demo`: a working week of the pull flow, end to end, at high speed.

The demo starts the real datacenter (`syncsystem.datacenter`, SQLite in a state folder, served by
uvicorn on loopback with TLS from a throwaway CA made here), a BMD emulator office
(`emulators.bmd.Office`) and the real agent worker on a `SimulatedClock`, then plays a week:
30-minute polls, an advisor's sync request, nightly syncs, a datacenter outage and its recovery.
Modules: ``tls`` (the throwaway CA), ``datacenter`` (live server and the advisor's HTTP view),
``agent`` (enrolment, the emulator exporter, the tick loop), ``week`` (the script), ``summary``
(figures and the exactly-once check), ``timeline`` (rich rendering), ``commands`` (the CLI).
This is the one product package that imports ``emulators``.
"""
