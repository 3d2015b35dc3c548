"""``syncsystem emulate``: the command-line faces of the emulators of the outside world.

Each emulator that has a CLI registers its own subcommand here (``emulate bmd …``); its module
is imported only when that emulator is asked for, so ``--help`` stays light.
"""

from __future__ import annotations

import argparse
import importlib

__all__ = ["EMULATORS", "register"]

# emulator name -> (module with register(parser), one-line help)
EMULATORS: dict[str, tuple[str, str]] = {
    "bmd": ("emulators.bmd.cli", "BMD NTCS of a tax-advisor office: export/import interfaces, faults"),
}


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="emulator", metavar="EMULATOR")
    for name, (module_name, help_text) in EMULATORS.items():
        child = sub.add_parser(name, help=help_text, description=help_text)
        child.set_defaults(print_help=child.print_help)
        importlib.import_module(module_name).register(child)
