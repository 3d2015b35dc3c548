"""Run a module as it would run on an on-prem agent host: without the datacenter's and emulators' packages.

``python tools/agent_only.py [--maxrss FILE] [--modules FILE] -m MODULE ARG…`` installs a
meta-path finder that makes every package of the ``datacenter``, ``emulators`` and ``clearing``
extras (and ``emulators`` itself) unimportable, then runs MODULE as ``__main__``. An import of one
of them fails exactly as on a host where only ``pip install syncsystem`` ran. Child processes (e.g.
BMD's export command) are not affected. ``--maxrss FILE`` writes this process's peak resident set
size in KiB at exit — the process alone, without its children; ``--modules FILE`` writes the
top-level names of the modules it imported, one a line (tests check what a run loads).
"""

from __future__ import annotations

import importlib.abc
import resource
import runpy
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# Top-level import names the base install does not bring (see pyproject's extras).
NOT_ON_AGENT_HOST = frozenset(
    {
        # datacenter
        "alembic",
        "jinja2",
        "multipart",
        "python_multipart",
        "psycopg",
        "sqlalchemy",
        "starlette",
        "uvicorn",
        "httptools",
        "uvloop",
        "watchfiles",
        "websockets",
        # clearing and the columnar BMD reader
        "polars",
        # emulators and the demo
        "aiosmtpd",
        "emulators",
        "faker",
        "holidays",
        "OpenSSL",
        "pyftpdlib",
        "requests",
        "rich",
        # tests: the oracle of the message catalogue reader
        "babel",
    }
)


class BlockedImport(importlib.abc.MetaPathFinder):
    """Refuses the packages of the extras, as if they were not installed."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> None:
        if fullname.split(".", 1)[0] in NOT_ON_AGENT_HOST:
            raise ModuleNotFoundError(f"No module named {fullname!r} (not on an agent host)", name=fullname)


def peak_rss_kib() -> int:
    """This process's peak RSS: VmHWM of its own memory map (``ru_maxrss`` would carry the parent's
    peak across fork + exec on Linux); ``ru_maxrss`` where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> None:
    maxrss: Path | None = None
    modules: Path | None = None
    while argv[:1] in (["--maxrss"], ["--modules"]) and len(argv) >= 2:
        if argv[0] == "--maxrss":
            maxrss = Path(argv[1])
        else:
            modules = Path(argv[1])
        argv = argv[2:]
    if argv[:1] != ["-m"] or len(argv) < 2:
        raise SystemExit("usage: agent_only.py [--maxrss FILE] [--modules FILE] -m MODULE [ARG…]")
    for name in list(sys.modules):
        if name.split(".", 1)[0] in NOT_ON_AGENT_HOST:
            del sys.modules[name]
    sys.meta_path.insert(0, BlockedImport())
    sys.argv = [argv[1], *argv[2:]]
    try:
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    finally:
        if maxrss is not None:
            maxrss.write_text(f"{peak_rss_kib()}\n")
        if modules is not None:
            modules.write_text(
                "".join(f"{name}\n" for name in sorted({m.split(".", 1)[0] for m in sys.modules}))
            )


if __name__ == "__main__":
    main(sys.argv[1:])
