"""Prove that a tox run leaves no untracked files in the working tree.

``snapshot FILE`` (tox ``commands_pre``) records what ``git status --porcelain`` shows before the run;
``compare FILE`` (tox ``commands_post``) fails naming every path that appeared since. Files the user
had before are not blamed on the suite. Outside a git checkout (an unpacked sdist) both say so and pass.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def status() -> set[str] | None:
    """Untracked and changed paths as ``git status --porcelain`` lines, or None outside git."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line for line in done.stdout.splitlines() if line.strip()}


def new_paths(before: set[str], after: set[str]) -> list[str]:
    """Lines present after the run that were not there before."""
    return sorted(after - before)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2 or args[0] not in {"snapshot", "compare"}:
        print("usage: clean_tree.py snapshot|compare FILE", file=sys.stderr)
        return 2
    action, record = args[0], Path(args[1])
    now = status()
    if now is None:
        print("clean_tree: not a git checkout, nothing to compare")
        return 0
    if action == "snapshot":
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text("".join(f"{line}\n" for line in sorted(now)))
        return 0
    before = set(record.read_text().splitlines()) if record.exists() else set()
    appeared = new_paths(before, now)
    if appeared:
        print("clean_tree: the run left files behind in the working tree:", file=sys.stderr)
        for line in appeared:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("clean_tree: no files left behind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
