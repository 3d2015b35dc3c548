"""Per-installation settings of the debtor file interface, and the export folder they live in.

Mirrors the settings of Vertec's BMD debtor interface (seed 002): the export path all files are
written to and read from, the next customer number (auto-incremented inside BMD's customer range),
whether the debtor is re-written before every booking or cancellation, and the lock date before
which bookings are refused. The settings are a JSON file in the export folder; every change of the
folder happens under one exclusive lock file, so two source-system processes never hand out the
same customer number or interleave their writes to a working file. The file's fields are declared
in `syncsystem.interfaces.settings_model`; a bad file is refused naming each field.
"""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from syncsystem.errors import ConfigError, Problem, SettingsError
from syncsystem.files import atomic_write_text
from syncsystem.interfaces.roles import DebtorRoles
from syncsystem.interfaces.settings_model import CUSTOMER_RANGE, check
from syncsystem.messages import codes as mc

__all__ = [
    "CUSTOMER_RANGE",
    "SETTINGS_FILE",
    "InterfaceSettings",
    "folder_lock",
    "load_settings",
    "save_settings",
]

SETTINGS_FILE = "syncsystem-interfaces.json"
LOCK_FILE = ".syncsystem-interfaces.lock"


@dataclass(frozen=True, slots=True)
class InterfaceSettings:
    """Settings of one installation (property names of seed 002 in the comments)."""

    export_path: Path  # BMDExportPath
    next_customer_number: int = CUSTOMER_RANGE[0]  # BMDNextKundenNumber
    auto_update_debtor: bool = True  # AutoUpdateDebitor
    lock_date: date | None = None  # SperrdatumBuchhaltung: bookings dated before it are refused
    customer_range: tuple[int, int] = CUSTOMER_RANGE
    buchsymbol: str = "AR"
    roles: DebtorRoles = field(default_factory=DebtorRoles)

    def __post_init__(self) -> None:
        low, high = self.customer_range
        if not (low <= self.next_customer_number <= high + 1):
            raise ConfigError(mc.CFG_NEXT_CUSTOMER(number=self.next_customer_number, low=low, high=high))

    def with_next(self, number: int) -> InterfaceSettings:
        return replace(self, next_customer_number=number)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["export_path"] = str(self.export_path)
        data["lock_date"] = self.lock_date.isoformat() if self.lock_date else None
        data["customer_range"] = list(self.customer_range)
        data["roles"] = self.roles.to_json()
        return data


def load_settings(folder: Path) -> InterfaceSettings:
    """The settings stored in ``folder``, or the defaults for a new installation."""
    path = folder / SETTINGS_FILE
    if not path.exists():
        return InterfaceSettings(export_path=folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(mc.FILE_UNREADABLE(reason=f"{path}: {exc}")) from exc
    except ValueError as exc:
        raise SettingsError([Problem.of(str(path), 0, "", mc.CFG_JSON(reason=str(exc)))]) from exc
    form = check(data, path)
    return InterfaceSettings(
        export_path=folder,
        next_customer_number=form.next_customer_number or form.customer_range[0],
        auto_update_debtor=form.auto_update_debtor,
        lock_date=form.lock_date,
        customer_range=form.customer_range,
        buchsymbol=form.buchsymbol,
        roles=form.roles,
    )


def save_settings(settings: InterfaceSettings) -> None:
    """Write the settings atomically into their export folder."""
    text = json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n"
    atomic_write_text(settings.export_path / SETTINGS_FILE, text)


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the export folder's exclusive lock (blocks until other writers are done)."""
    if not folder.is_dir():
        raise ConfigError(mc.CFG_NOT_FOLDER(folder=str(folder)))
    with open(folder / LOCK_FILE, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
