"""Pure time rules: poll cadence, the nightly window, working days and holidays, transfer recurrences.

Every function here takes the instants and configuration it needs as arguments and reads no clock.
Import the modules directly (``syncsystem.schedule.poll``, ``…nightly``, ``…recurrence``).
"""
