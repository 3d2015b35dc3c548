"""syncsystem: accounting-data synchronisation between BMD NTCS, a datacenter and source systems."""

__version__ = "0.1.0"
