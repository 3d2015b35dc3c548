"""The control plane as an API: inject and clear faults, reseed them, reset the office, inspect.

``Office.control`` returns a :class:`Control`. Everything it changes is stored in the office
directory, so the CLI (``syncsystem emulate bmd fault …``) and a test in another process act on
the same installation. ``inspect`` only reads. The control plane needs of an office only what
:class:`ControlledOffice` declares, so it depends on :mod:`emulators.bmd.office` not at all (the
office imports this module, never the other way round).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from .books import MandantBooks
from .control import Fault, FaultPlan
from .posting import ZERO
from .profiles import Profile

__all__ = ["Control", "ControlledOffice"]


class ControlledOffice(Protocol):
    """What the control plane reads and resets of an office (:class:`emulators.bmd.office.Office`)."""

    @property
    def path(self) -> Path: ...
    @property
    def seed(self) -> int: ...
    @property
    def profile(self) -> Profile: ...
    @property
    def start(self) -> date: ...
    @property
    def now(self) -> datetime: ...
    @property
    def mandanten(self) -> tuple[str, ...]: ...
    def books(self, nr: str) -> MandantBooks: ...
    def reset(self) -> None: ...


class Control:
    """Faults, seed, reset and read-only inspection of one office."""

    def __init__(self, office: ControlledOffice) -> None:
        self._office = office

    @property
    def faults(self) -> tuple[Fault, ...]:
        return tuple(FaultPlan.load(self._office.path).faults)

    def inject(self, kind: str, **params: Any) -> Fault:
        """Add a fault (see :mod:`emulators.bmd.control` for kinds and parameters)."""
        fault = Fault(kind, **params)
        plan = FaultPlan.load(self._office.path)
        plan.faults.append(fault)
        plan.save(self._office.path)
        return fault

    def clear(self, kind: str | None = None) -> int:
        """Remove every fault (or every fault of ``kind``); returns how many were removed."""
        plan = FaultPlan.load(self._office.path)
        before = len(plan.faults)
        plan.faults = [f for f in plan.faults if kind is not None and f.kind != kind]
        plan.save(self._office.path)
        return before - len(plan.faults)

    def seed(self, value: int) -> None:
        """Reseed the random source of probabilistic faults (and restart its draws)."""
        plan = FaultPlan.load(self._office.path)
        plan.seed, plan.draws = value, 0
        plan.save(self._office.path)

    def reset(self) -> None:
        """Restore the office to its state right after ``init`` and clear every fault."""
        self._office.reset()

    def inspect(self, mandant: str | None = None) -> dict[str, Any]:
        """A read-only summary: office settings, faults, and per Mandant its books in numbers."""
        office = self._office
        plan = FaultPlan.load(office.path)
        chosen = (mandant,) if mandant is not None else office.mandanten
        report: dict[str, Any] = {
            "office": str(office.path),
            "seed": office.seed,
            "profile": office.profile.name,
            "start": office.start.isoformat(),
            "now": office.now.isoformat(),
            "faults": [asdict(f) for f in plan.faults],
            "fault_seed": plan.seed,
            "mandanten": [],
        }
        for nr in chosen:
            books = office.books(nr)
            info = books.info
            items = books.open_item_list()
            report["mandanten"].append(
                {
                    "nr": info.nr,
                    "name": info.name,
                    "rechtsform": info.rechtsform,
                    "address": f"{info.strasse}, {info.plz} {info.ort}",
                    "uid": info.uid,
                    "iban": info.iban,
                    "bic": info.bic,
                    "fiscal_year_starts": info.fy_start_month,
                    "lock_date": info.lock_date.isoformat(),
                    "cursor": books.seq,
                    "persons": len(books.persons),
                    "accounts": len(books.accounts),
                    "cost_centres": len(books.costcentres),
                    "documents": len(books.documents),
                    "drafts": len(books.drafts),
                    "open_items": len(items),
                    "receivables_open": str(sum((i.offener_betrag for i in items if i.konto < 300000), ZERO)),
                    "payables_open": str(sum((i.offener_betrag for i in items if i.konto >= 300000), ZERO)),
                    "clearings": len(books.clearings),
                }
            )
        return report
