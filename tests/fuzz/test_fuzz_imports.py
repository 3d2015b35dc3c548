"""Fuzz the two imports people feed by hand: the datacenter's manual import (function and HTTP form)
and the payment clearing import. Every input is imported or refused with a project error; the
datacenter never answers 5xx; a refused clearing file leaves the store as it was."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncsystem.clearing.importer import import_files as import_clearings
from syncsystem.clearing.store import ClearingStore
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.ingest.manual import import_files as manual_import

from .conftest import FUZZ, Datacenter, corpus, guard
from .strategies import bmd_bytes, file_names, mutated

pytestmark = pytest.mark.fuzz

SEEDS = corpus()
OFFICE = "kanzlei-fuzz"
_DIRS = itertools.count(1)
FILES = st.lists(st.tuples(file_names(), bmd_bytes(SEEDS)), min_size=0, max_size=3)


@given(files=FILES, mandant=st.sampled_from(["M100", "1001", "M 1", "\ud800", ""]))
@FUZZ
def test_manual_import_function_imports_or_refuses(
    datacenter: Datacenter, files: list[tuple[str, bytes]], mandant: str
) -> None:
    """`import_files` of the datacenter stores valid files and refuses the rest with a reason."""
    advisor = Principal("advisor", "fuzz", OFFICE)
    with guard("manual import (function)"):
        manual_import(datacenter.store, advisor, mandant, dict(files), datacenter.clock)


@given(files=FILES)
@FUZZ
def test_manual_import_form_never_answers_5xx(datacenter: Datacenter, files: list[tuple[str, bytes]]) -> None:
    """The advisor's upload form (multipart, field ``files``) answers 200 or a 4xx with a reason."""
    form = [
        ("files", (name.encode("utf-8", "surrogatepass").decode("utf-8", "replace"), data))
        for name, data in files
    ]
    with guard("manual import (HTTP)"):
        answer = datacenter.client.post(
            "/api/v1/advisor/mandanten/M100/import",
            files=form or None,
            data=None if form else {"x": "1"},
            headers=datacenter.advisor,
        )
        assert answer.status_code < 500, (answer.status_code, answer.text[:500])
        overview = datacenter.client.get("/api/v1/advisor/mandanten", headers=datacenter.advisor)
        assert overview.status_code == 200, (overview.status_code, overview.text[:500])


@pytest.fixture(scope="module")
def clearing_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ClearingStore, Path]]:
    folder = tmp_path_factory.mktemp("fuzz-clearing")
    with ClearingStore.open(f"sqlite:///{folder / 'clearing.sqlite'}") as store:
        ops = folder / "op-liste.csv"
        ops.write_bytes(dict(SEEDS)["op-liste.csv"])
        import_clearings(store, [ops], mandant="100")  # invoices R-1…R-3
        yield store, folder


CLEARING_SEEDS = [(n, d) for n, d in SEEDS if n in ("op-liste.csv", "auszifferungen.csv")]


@given(
    files=st.lists(
        st.one_of(mutated(CLEARING_SEEDS), mutated(CLEARING_SEEDS), bmd_bytes(SEEDS)), min_size=1, max_size=3
    ),
    mandant=st.sampled_from([None, "100", "M100"]),
)
@FUZZ
def test_clearing_import_imports_or_refuses(
    clearing_store: tuple[ClearingStore, Path], files: list[bytes], mandant: str | None
) -> None:
    """Auszifferungslisten and OP lists, damaged: imported, or refused with nothing half-written."""
    store, folder = clearing_store
    work = folder / f"in-{next(_DIRS)}"
    work.mkdir()
    paths = []
    for i, data in enumerate(files):
        path = work / f"auszifferung-{i}.csv"
        path.write_bytes(data)
        paths.append(path)
    before = store.payment_count()
    with guard("clearing import"):
        try:
            import_clearings(store, paths, mandant=mandant)
        except BaseException:
            assert store.payment_count() == before  # all or nothing
            raise
