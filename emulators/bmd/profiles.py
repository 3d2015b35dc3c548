"""Size profiles: how big a Mandant is and how busy its working days are.

``kontool`` is calibrated so a full export of one Mandant is about 20 KB after zstd compression
(kontool reports ~200 KB per 10 Mandanten) and takes about 60 s of simulated export time (~10
minutes per 10 Mandanten). ``small`` keeps tests fast; ``large`` is a busy trading company for
benchmarks. Rates are means per working day; the generator draws around them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PROFILES", "Profile", "profile"]


@dataclass(frozen=True, slots=True)
class Profile:
    """How much master data a Mandant starts with and how much work a working day brings."""

    name: str
    customers: int
    suppliers: int
    cost_centres: int
    history_days: int
    ar_per_day: float
    er_per_day: float
    cash_per_day: float
    drafts_per_day: float
    new_persons_per_day: float
    person_changes_per_day: float
    export_seconds_base: float
    export_seconds_per_row: float


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("small", 12, 6, 3, 8, 1.5, 1.0, 0.5, 0.5, 0.2, 0.2, 8.0, 0.045),
        Profile("kontool", 40, 20, 6, 20, 2.2, 1.3, 0.6, 1.0, 0.3, 0.4, 10.0, 0.045),
        Profile("large", 400, 120, 15, 120, 12.0, 8.0, 3.0, 3.0, 1.0, 1.5, 8.0, 0.045),
    )
}


def profile(name: str) -> Profile:
    """The profile called ``name``; a clear error lists the known ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(PROFILES)}") from None
