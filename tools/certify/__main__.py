"""Command line of the certification bundle: run, collect, render; exit 1 unless everything passed."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .benchmarks import run_all
from .model import join, load_cucumber, load_junit, parse_features
from .report import Meta, build_report, render_site, write_summaries

ROOT = Path(__file__).resolve().parents[2]


def _meta() -> Meta:
    try:
        ver = version("syncsystem")
    except PackageNotFoundError:
        ver = "unbekannt"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
        commit += " (mit lokalen Änderungen)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unbekannt"
    return Meta(ver, commit, datetime.now(UTC).isoformat(timespec="seconds"))


def run_suite(out: Path, pytest_args: Sequence[str]) -> int:
    """The whole suite once, with JUnit XML, cucumber JSON and screenshots into the bundle."""
    env = dict(os.environ, SYNCSYSTEM_SCREENSHOTS=str(out / "site" / "screenshots"))
    argv = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        f"--junitxml={out / 'junit.xml'}",
        f"--cucumberjson={out / 'cucumber.json'}",
        *pytest_args,
    ]
    print("certify:", " ".join(argv), flush=True)
    return subprocess.run(argv, env=env, cwd=ROOT, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.certify", description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "certification")
    parser.add_argument(
        "--no-suite",
        action="store_true",
        help="do not run pytest; use junit.xml and cucumber.json already in --out",
    )
    parser.add_argument(
        "--benchmarks", default="all", help="comma-separated benchmark names, 'all' or 'none' (default: all)"
    )
    parser.add_argument(
        "--bench-timeout", type=float, default=300, help="seconds per benchmark (default 300)"
    )
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest (after --)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    suite_exit: int | None = None
    if not args.no_suite:
        shutil.rmtree(out / "site" / "screenshots", ignore_errors=True)
        suite_exit = run_suite(out, args.pytest_args)
    names = {"all": None, "none": []}.get(args.benchmarks, args.benchmarks.split(","))
    bench = run_all(ROOT / "benchmarks", names, args.bench_timeout, out / "benchmarks")
    soak_path = out / "soak.json"
    soak = json.loads(soak_path.read_text(encoding="utf-8")) if soak_path.exists() else None
    shots_dir = out / "site" / "screenshots"
    shots = sorted(p.name for p in shots_dir.glob("*.png")) if shots_dir.is_dir() else []

    junit = load_junit(out / "junit.xml")
    features = join(parse_features(ROOT / "features"), load_cucumber(out / "cucumber.json"), junit)
    report = build_report(
        _meta(), features, junit, suite_exit=suite_exit, benchmarks=bench, soak=soak, screenshots=shots
    )
    render_site(report, out / "site")
    write_summaries(report, out)
    print((out / "SUMMARY.md").read_text(encoding="utf-8"))
    print(f"certify: {out / 'site' / 'index.html'}")
    return 0 if not report.problems else 1


if __name__ == "__main__":
    sys.exit(main())
