"""The four promises syncsystem makes to a tax-advisor office, and the scenarios that prove each.

A scenario proves a promise when its feature lies in the promise's feature folder or it carries the
promise's tag (``@abfrage``, ``@naechtliches_fenster``, ``@groessenordnung``, ``@zahlungsabgleich``).
A promise holds only if at least one such scenario exists and every one of them ran and passed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Feature, Scenario, overall


@dataclass(frozen=True, slots=True)
class Promise:
    key: str  # feature folder and tag name
    title: str
    text: str


PROMISES: tuple[Promise, ...] = (
    Promise(
        "abfrage",
        "Abfrage alle 30 Minuten",
        "Der Agent fragt alle 30 Minuten im Rechenzentrum nach – nie öfter; eine Anforderung des "
        "Steuerberaters kommt spätestens nach einer halben Stunde in der Kanzlei an.",
    ),
    Promise(
        "naechtliches_fenster",
        "Nächtliches Fenster",
        "Die nächtliche Synchronisierung läuft an Arbeitstagen zwischen 21:00 und 23:00 Uhr, "
        "nicht an Wochenenden und Feiertagen.",
    ),
    Promise(
        "groessenordnung",
        "Größenordnung",
        "Eine Kanzlei mit vielen Mandanten wird im vorgesehenen Rahmen an Zeit, Speicher und "
        "Datenmenge synchronisiert.",
    ),
    Promise(
        "zahlungsabgleich",
        "Zahlungsabgleich ohne Doppelte",
        "Jede in BMD ausgezifferte Zahlung wird genau einmal übernommen – auch bei mehrfachem, "
        "überlappendem oder gleichzeitigem Einlesen.",
    ),
)


@dataclass(frozen=True, slots=True)
class PromiseResult:
    promise: Promise
    proofs: tuple[tuple[Feature, Scenario], ...]

    @property
    def status(self) -> str:
        return overall(sc.status for _, sc in self.proofs)


def proves(promise: Promise, feature: Feature, scenario: Scenario) -> bool:
    tag = f"@{promise.key}"
    return feature.folder == promise.key or tag in feature.tags or tag in scenario.tags


def evaluate(features: list[Feature]) -> list[PromiseResult]:
    return [
        PromiseResult(p, tuple((f, s) for f in features for s in f.scenarios if proves(p, f, s)))
        for p in PROMISES
    ]
