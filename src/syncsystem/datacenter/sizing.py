"""How many 2-core API nodes an office count needs: the scale-out model of docs/scaling.md.

Pure arithmetic over figures `benchmarks/nightly_peak.py` measures (CPU-seconds per bundle and per
poll, in the API workers and in PostgreSQL). The nightly wave brings one bundle per Mandant inside
the sync window (21–23 h: 7,200 s); every agent polls once per poll interval all day long. The API
tier scales out (stateless workers, any number of hosts); PostgreSQL's cores are reported beside it,
because one database serves every node (partition or distribute it by office when that is the limit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Costs", "Load", "Plan", "plan"]


@dataclass(frozen=True, slots=True)
class Load:
    """What the offices ask of the datacenter at the nightly peak."""

    offices: int
    mandanten_per_office: int = 10
    agents_per_office: int = 1
    window_seconds: float = 7200.0  # the nightly sync window, 21–23 h
    poll_seconds: float = 1800.0  # an agent polls every 30 minutes

    @property
    def bundles_per_second(self) -> float:
        return self.offices * self.mandanten_per_office / self.window_seconds

    @property
    def polls_per_second(self) -> float:
        return self.offices * self.agents_per_office / self.poll_seconds


@dataclass(frozen=True, slots=True)
class Costs:
    """Measured CPU-seconds per request, in the API workers and in PostgreSQL's backends."""

    api_per_bundle: float
    api_per_poll: float
    db_per_bundle: float
    db_per_poll: float


@dataclass(frozen=True, slots=True)
class Plan:
    bundles_per_second: float
    polls_per_second: float
    api_cores: float  # busy cores the API workers need at the peak
    db_cores: float  # busy cores PostgreSQL needs at the peak
    api_nodes: int  # nodes of ``cores_per_node`` cores, each kept at most ``utilisation`` busy


def plan(load: Load, costs: Costs, *, cores_per_node: int = 2, utilisation: float = 0.5) -> Plan:
    """The API nodes ``load`` needs at ``costs``: busy cores over (cores per node × utilisation),
    rounded up, at least one. A utilisation below 1 leaves room for bursts and for one node to fail."""
    bundles, polls = load.bundles_per_second, load.polls_per_second
    api = bundles * costs.api_per_bundle + polls * costs.api_per_poll
    db = bundles * costs.db_per_bundle + polls * costs.db_per_poll
    nodes = max(1, math.ceil(round(api / (cores_per_node * utilisation), 9)))
    return Plan(bundles, polls, api, db, nodes)
