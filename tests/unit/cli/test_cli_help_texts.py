"""Every subcommand, option and argument says in ``--help`` what it is for.

A reader who types ``syncsystem transfer runs --help`` must not meet a bare ``--limit LIMIT`` or
``job``; so every action of every parser in the tree (areas, subcommands, options, positionals)
carries a help text.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from syncsystem.cli import AREAS, build_parser


def _silent(parser: argparse.ArgumentParser, path: list[str]) -> Iterator[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                if not helps.get(name):
                    yield " ".join([*path, name])
                yield from _silent(child, [*path, name])
        elif not action.help and not isinstance(action, argparse._HelpAction):
            yield f"{' '.join(path)} {'/'.join(action.option_strings) or action.dest}"


def test_every_option_and_argument_has_a_help_text() -> None:
    silent: list[str] = []
    for area in AREAS:
        top = build_parser(area)
        sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        silent += _silent(sub.choices[area], [area])
    assert silent == []
