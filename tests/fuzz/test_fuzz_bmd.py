"""Fuzz the BMD readers on bytes: `syncsystem.bmd.read` (both engines, detected or given kind) and
`read_table` answer every input with records and problems or an error of the project's tree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncsystem import bmd

from .conftest import FUZZ, corpus, guard
from .strategies import bmd_bytes

pytestmark = pytest.mark.fuzz

SEEDS = corpus()
KINDS = st.one_of(st.none(), st.sampled_from(list(bmd.Kind)))


@given(data=bmd_bytes(SEEDS), kind=KINDS, engine=st.sampled_from(["rows", "columns", "auto"]))
@FUZZ
def test_read_answers_every_input_with_records_or_a_project_error(
    data: bytes, kind: bmd.Kind | None, engine: str
) -> None:
    """Damaged and hostile bytes give problems (file:line:field) or a `SyncsystemError`, nothing else."""
    with guard("bmd.read"):
        result = bmd.read(data, kind, name="fuzz.csv", engine=engine)  # type: ignore[arg-type]
        for problem in result.problems:
            assert str(problem)  # every problem can be printed (no lone surrogates in its text)
        _ = result.records  # columnar results materialise lazily: force it


@given(data=bmd_bytes(SEEDS), kind=KINDS)
@FUZZ
def test_read_table_answers_every_input_with_a_frame_or_a_project_error(
    data: bytes, kind: bmd.Kind | None
) -> None:
    """The bulk reader the ingest and clearing import use keeps to the same error tree."""
    with guard("bmd.read_table"):
        table = bmd.read_table(data, kind, name="fuzz.csv")
        assert table.frame.height >= 0
