"""Wrong credentials on the data routes: a valid sealed bundle or manual import sent with a wrong,
expired or other role's token is refused with 401 and a reason, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from .conftest import standard_files  # type: ignore[import-not-found]


def _wrong(world: Any, kind: str) -> dict[str, str]:
    if kind == "unknown":
        return {"Authorization": "Bearer " + "x" * 43}
    if kind == "advisor":
        return world.a.advisor
    rotated = world.client.post("/api/v1/token/rotate", headers=world.a.agent)
    assert rotated.status_code == 200
    world.clock.advance(timedelta(hours=25))  # the old token's grace is over
    return world.a.agent


@pytest.mark.parametrize("kind", ["unknown", "advisor", "expired"])
def test_a_bundle_with_a_wrong_token_is_401_and_stores_nothing(world: Any, kind: str) -> None:
    """Unknown, an advisor's, or an agent token past its grace: 401; the same bundle with the valid
    token is then ingested (so the 401 was the token's, not the bundle's)."""
    sealed = world.bundle(world.a, "b-cred")
    headers = _wrong(world, kind)
    before = world.data_counts()
    answer = world.client.put("/api/v1/bundles/b-cred", content=sealed, headers=headers)
    assert answer.status_code == 401 and answer.json()["error"], answer.text
    assert world.data_counts() == before
    if kind != "expired":
        assert (
            world.client.put("/api/v1/bundles/b-cred", content=sealed, headers=world.a.agent).status_code
            == 200
        )
        assert world.data_counts()["bookings"] == before["bookings"] + 3


@pytest.mark.parametrize("kind", ["unknown", "agent"])
def test_a_manual_import_with_a_wrong_token_is_401_and_stores_nothing(world: Any, kind: str) -> None:
    """An advisor's upload form sent with an unknown token or the agent's: 401, nothing stored."""
    files = [("files", (name, data, "text/csv")) for name, (_, data) in standard_files().items()]
    headers = world.a.agent if kind == "agent" else _wrong(world, "unknown")
    before = world.data_counts()
    url = "/api/v1/advisor/mandanten/M100/import"
    answer = world.client.post(url, files=files, headers=headers)
    assert answer.status_code == 401 and answer.json()["error"], answer.text
    assert world.data_counts() == before
    assert world.client.post(url, files=files, headers=world.a.advisor).status_code == 200
    assert world.data_counts()["bookings"] == before["bookings"] + 3
