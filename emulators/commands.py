"""``syncsystem emulate``: the command-line faces of the emulators of the outside world.

Each emulator that has a CLI registers its own subcommand here (``emulate bmd …``); its module
is imported only when that emulator is asked for, so ``--help`` stays light.
"""

from __future__ import annotations

import argparse
import importlib

from syncsystem.messages import codes as mc
from syncsystem.messages.code import Code

__all__ = ["EMULATORS", "register"]

# emulator name -> (module with register(parser), one-line help worded by the catalogue)
EMULATORS: dict[str, tuple[str, Code]] = {
    "bmd": ("emulators.bmd.cli", mc.CLI_HELP_EMULATE_BMD),
}


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="emulator", metavar="EMULATOR")
    for name, (module_name, help_code) in EMULATORS.items():
        help_text = str(help_code())
        child = sub.add_parser(name, help=help_text, description=help_text)
        child.set_defaults(print_help=child.print_help)
        importlib.import_module(module_name).register(child)
