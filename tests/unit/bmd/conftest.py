"""Fixtures of the BMD format tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture
def validated(cli: Any, tmp_path: Path) -> Callable[..., tuple[Path, Any]]:
    """``validated(name, data, *options)`` writes ``data`` to ``tmp_path / name`` and runs
    ``syncsystem bmd validate [options] <file>`` on it: the file and the command's `CliResult`."""

    def run(name: str, data: bytes, *options: str) -> tuple[Path, Any]:
        target = tmp_path / name
        target.write_bytes(data)
        return target, cli("bmd", "validate", *options, str(target))

    return run
