"""Installed size of the on-prem agent (`pip install syncsystem`) next to the full install (`[all]`).

Creates a fresh virtual environment per variant in a temporary folder, installs this checkout with
pip (wheels from pip's cache or the index), and sums the bytes under the environment's
site-packages. Baseline in the same run: the empty venv (pip and setuptools only). Prints each
figure, the agent/all ratio, the goal (the agent host brings none of the datacenter's or the
emulators' packages) and the machine load at start and end. Sizes do not vary between runs, so one
run per variant suffices.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the datacenter's and the emulators' packages (rich is the agent's own: progress bars of long commands)
FOREIGN = (
    "sqlalchemy",
    "starlette",
    "uvicorn",
    "polars",
    "alembic",
    "faker",
    "pyftpdlib",
    "aiosmtpd",
    "jinja2",
    "psycopg",
)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def site_packages(env: Path) -> Path:
    return next((env / "lib").glob("python3*/site-packages"))


def size_mib(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1048576


def install(env: Path, spec: str | None) -> tuple[float, list[str]]:
    venv.EnvBuilder(with_pip=True).create(env)
    if spec is not None:
        subprocess.run(
            [str(env / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check", spec],
            check=True,
        )
    sp = site_packages(env)
    present = sorted(name for name in FOREIGN if (sp / name).exists())
    return size_mib(sp), present


def main() -> None:
    print(f"load at start: {load()}")
    with tempfile.TemporaryDirectory(prefix="install-size-") as tmp:
        empty, _ = install(Path(tmp) / "empty", None)
        agent, agent_foreign = install(Path(tmp) / "agent", str(ROOT))
        full, _ = install(Path(tmp) / "all", f"{ROOT}[all]")
    print(f"empty venv (pip only)          {empty:7.1f} MiB")
    print(f"agent: pip install syncsystem  {agent:7.1f} MiB  (+{agent - empty:.1f} MiB over the empty venv)")
    print(f"all:   syncsystem[all]         {full:7.1f} MiB  (+{full - empty:.1f} MiB)")
    print(f"agent / all ratio {(agent - empty) / (full - empty):.2f} (packages beyond the empty venv)")
    verdict = "met" if not agent_foreign else f"NOT met: {', '.join(agent_foreign)}"
    print(f"goal: no datacenter or emulator package on the agent host: {verdict}")
    print(f"load at end: {load()}")


if __name__ == "__main__":
    sys.exit(main())
