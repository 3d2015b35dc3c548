"""BMD emulator: a faithful, deterministic BMD NTCS of a tax-advisor office, behind BMD's export
and import interfaces, with a control plane for faults.

Python API (what the agent, the interfaces and the scenarios call)::

    from emulators.bmd import Office
    office = Office.create(path, seed=7, mandanten=10, profile="kontool", start=date(2026, 3, 2))
    office = Office.open(path)                       # in another process
    office.mandanten                                 # ("1001", "1002", …)
    result = office.export(out_dir, mandanten=None, since={"1001": 812}, clock=sim_clock)
    result["1001"].cursor_to, result["1001"].files, result.duration_seconds
    office.import_file("1001", "personenkonten.csv")  # then the booking file
    office.advance_to(datetime(2026, 3, 6, 21, 0, tzinfo=DEFAULT_TZ))
    office.control.inject("locked", times=1)         # licence, locked, password, crash, slow, clock
    office.control.inspect()                         # read-only; .reset(), .seed(n), .clear()

CLI: ``syncsystem emulate bmd --help``. Where the emulator differs from the real BMD NTCS is
listed in ``emulators/bmd/DIFFERENCES.md``.
"""

from __future__ import annotations

from .control import FAULT_KINDS, Fault
from .controlplane import Control
from .errors import (
    BmdError,
    DatabaseLockedError,
    ExportAbortedError,
    ExportTimeoutError,
    HostClockOffError,
    ImportRefusedError,
    LicenceExpiredError,
    OfficeNotFoundError,
    PasswordProtectedError,
    UnknownMandantError,
)
from .export import CURSOR_FILE, FILES, ExportedFile
from .office import END_OF_WORKDAY, Office
from .profiles import PROFILES, Profile
from .results import AdvanceResult, ExportResult, ImportResult, MandantExport

__all__ = [
    "CURSOR_FILE",
    "END_OF_WORKDAY",
    "FAULT_KINDS",
    "FILES",
    "PROFILES",
    "AdvanceResult",
    "BmdError",
    "Control",
    "DatabaseLockedError",
    "ExportAbortedError",
    "ExportResult",
    "ExportTimeoutError",
    "ExportedFile",
    "Fault",
    "HostClockOffError",
    "ImportRefusedError",
    "ImportResult",
    "LicenceExpiredError",
    "MandantExport",
    "Office",
    "OfficeNotFoundError",
    "PasswordProtectedError",
    "Profile",
    "UnknownMandantError",
]
