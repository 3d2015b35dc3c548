"""What every ``syncsystem agent`` command shares: ``--profile``/``--home`` and the profile's folder."""

from __future__ import annotations

import argparse
from pathlib import Path

from syncsystem.agent.config import default_home, profile_dir
from syncsystem.messages import codes as mc
from syncsystem.runtime import Runtime

__all__ = ["profile_args", "profile_folder"]


def profile_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", default="default", help=str(mc.CLI_HELP_AGENT_PROFILE()))
    p.add_argument(
        "--home",
        type=Path,
        help=str(mc.CLI_HELP_AGENT_HOME()),
    )


def profile_folder(args: argparse.Namespace, runtime: Runtime) -> Path:
    """The profile's folder: ``--home`` (anchored in the shell's folder) or the default home."""
    home = args.home or default_home(runtime.environ)
    return profile_dir(home if home.is_absolute() else runtime.cwd / home, args.profile)
