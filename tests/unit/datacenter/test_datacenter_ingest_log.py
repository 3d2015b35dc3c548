"""Each bundle ingest logs one ``ingest_run`` summary event (JSON lines): rows and bytes as stored
and received, the outcome — ingested, duplicate, conflict, refused — and never the agent's token."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from syncsystem.logs import JsonFormatter
from syncsystem.protocol.bundle import generate_keypair

from .conftest import standard_files  # type: ignore[import-not-found]


@pytest.fixture
def ingest_lines() -> Iterator[Callable[[], list[dict[str, Any]]]]:
    """The ``ingest_run`` JSON lines logged so far."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("syncsystem.datacenter")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lambda: [
            line for line in map(json.loads, stream.getvalue().splitlines()) if line["event"] == "ingest_run"
        ]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def put(world: Any, office: Any, bundle_id: str, data: bytes) -> Any:
    return world.client.put(f"/api/v1/bundles/{bundle_id}", content=data, headers=office.agent)


def test_ingest_logs_one_event_per_upload_with_rows_bytes_and_outcome(  # type: ignore[no-untyped-def]
    world, ingest_lines
) -> None:
    """Ingested: rows equal the rows the tables gained, bytes the upload's size. The same upload again
    is a duplicate with 0 rows; other content under the id a conflict; a bundle sealed to another key
    refused. Four uploads, four events; the agent's bearer token is in none of them."""
    data = world.bundle(world.a, "b-1")
    assert put(world, world.a, "b-1", data).status_code == 200
    stored = sum(n for table, n in world.data_counts().items() if table != "bundles")
    assert put(world, world.a, "b-1", data).status_code == 200
    assert put(world, world.a, "b-1", world.bundle(world.a, "b-1", standard_files(5))).status_code == 409
    _, other_public = generate_keypair()
    assert put(world, world.a, "b-2", world.bundle(world.a, "b-2", key=other_public)).status_code >= 400
    events = ingest_lines()
    assert [(e["bundle"], e["outcome"]) for e in events] == [
        ("b-1", "ingested"),
        ("b-1", "duplicate"),
        ("b-1", "conflict"),
        ("b-2", "refused"),
    ]
    first = events[0]
    assert (first["rows"], first["bytes"], first["office"], first["level"]) == (
        stored,
        len(data),
        world.a.office_id,
        "INFO",
    )
    assert stored == 7 and events[1]["rows"] == 0 and events[3]["level"] == "WARNING" and events[3]["error"]
    assert all({"timestamp", "logger", "duration_seconds", "agent"} <= set(e) for e in events)
    text = json.dumps(events)
    assert world.a.agent_token not in text and world.a.advisor_token not in text
