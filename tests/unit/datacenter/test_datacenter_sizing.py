"""The sizing model's arithmetic against a table computed by hand (docs/scaling.md, "The model").

Costs in every row: API 0.02 s per bundle and 0.005 s per poll, PostgreSQL 0.01 s per bundle and
0.001 s per poll; 10 Mandanten and one agent per office, a 7,200 s window, polls every 1,800 s;
2-core nodes kept at most half busy (1 busy core per node).

| offices | bundles/s        | polls/s | API cores            | DB cores               | nodes |
|---------|------------------|---------|----------------------|------------------------|-------|
| 720     | 7200/7200 = 1    | 0.4     | 0.02 + 0.002 = 0.022 | 0.01 + 0.0004 = 0.0104 | 1     |
| 36,000  | 360000/7200 = 50 | 20      | 1.0 + 0.1 = 1.1      | 0.5 + 0.02 = 0.52      | 2     |
| 72,000  | 100              | 40      | 2.0 + 0.2 = 2.2      | 1.0 + 0.04 = 1.04      | 3     |
| 360,000 | 500              | 200     | 10.0 + 1.0 = 11.0    | 5.0 + 0.2 = 5.2        | 11    |
"""

from __future__ import annotations

import pytest

from syncsystem.datacenter.sizing import Costs, Load, plan

COSTS = Costs(api_per_bundle=0.02, api_per_poll=0.005, db_per_bundle=0.01, db_per_poll=0.001)


@pytest.mark.parametrize(
    ("offices", "bundles", "polls", "api", "db", "nodes"),
    [
        (720, 1.0, 0.4, 0.022, 0.0104, 1),
        (36_000, 50.0, 20.0, 1.1, 0.52, 2),
        (72_000, 100.0, 40.0, 2.2, 1.04, 3),
        (360_000, 500.0, 200.0, 11.0, 5.2, 11),
    ],
)
def test_the_hand_computed_table(
    offices: int, bundles: float, polls: float, api: float, db: float, nodes: int
) -> None:
    got = plan(Load(offices), COSTS)
    assert got.bundles_per_second == pytest.approx(bundles)
    assert got.polls_per_second == pytest.approx(polls)
    assert got.api_cores == pytest.approx(api)
    assert got.db_cores == pytest.approx(db)
    assert got.api_nodes == nodes


def test_node_size_and_utilisation() -> None:
    """36,000 offices need 1.1 busy cores: 4-core nodes at 50 % → 1; 2-core nodes at 100 % → 1;
    at 25 % → ceil(1.1 / 0.5) = 3."""
    assert plan(Load(36_000), COSTS, cores_per_node=4).api_nodes == 1
    assert plan(Load(36_000), COSTS, utilisation=1.0).api_nodes == 1
    assert plan(Load(36_000), COSTS, utilisation=0.25).api_nodes == 3
