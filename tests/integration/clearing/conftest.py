"""Clearing store backends for integration tests: a SQLite file and (marked) PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from syncsystem import bmd
from syncsystem.bmd.records import Clearing, OpenItem
from syncsystem.clearing.store import metadata


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty clearing database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'clearing.sqlite'}"
        return
    url: str = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    yield url


def clearing(nr: str, betrag: str, beleg: str = "BK-1", day: int = 5, konto: int = 200001) -> Clearing:
    return Clearing(nr, Decimal(betrag), date(2026, 3, day), konto, beleg, f"Zahlung {beleg}")


def write_clearings(path: Path, rows: list[Clearing]) -> Path:
    bmd.write(rows, path, bmd.Kind.CLEARINGS)
    return path


def write_op_list(path: Path, items: list[tuple[str, str]], konto: int = 200001) -> Path:
    records = [
        OpenItem(konto, nr, date(2026, 3, 1), Decimal(amount), Decimal(amount), "AR", "")
        for nr, amount in items
    ]
    bmd.write(records, path, bmd.Kind.OPENITEMS)
    return path
