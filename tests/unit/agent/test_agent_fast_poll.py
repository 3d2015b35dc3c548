"""The poll answer's ``fast_poll_seconds``: the next poll after that many seconds (at least 2),
unless the regular grid comes sooner; without it the regular cadence (a 30-minute grid here)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from syncsystem.agent.plan import Policies, after_poll_ok, initial_state
from syncsystem.schedule.nightly import NightlyPolicy
from syncsystem.schedule.poll import PollPolicy

POLICIES = Policies(PollPolicy(interval=timedelta(minutes=30)), NightlyPolicy())
AT = datetime(2026, 3, 2, 10, 7, tzinfo=UTC)  # grid slots at :00 and :30


@pytest.mark.parametrize(
    ("fast", "next_poll"),
    [
        (None, datetime(2026, 3, 2, 10, 30, tzinfo=UTC)),
        (5, datetime(2026, 3, 2, 10, 7, 5, tzinfo=UTC)),
        (0, datetime(2026, 3, 2, 10, 7, 2, tzinfo=UTC)),
        (3600, datetime(2026, 3, 2, 10, 30, tzinfo=UTC)),
    ],
)
def test_fast_poll_table(fast: int | None, next_poll: datetime) -> None:
    state = initial_state(POLICIES, AT)
    assert after_poll_ok(state, POLICIES, AT, 1800, fast_seconds=fast).next_poll_at == next_poll
