"""Every subcommand, option and argument says in ``--help`` what it is for, in the CLI's language.

A reader who types ``syncsystem transfer runs --help`` must not meet a bare ``--limit LIMIT`` or
``job``; so every action of every parser in the tree (areas, subcommands, options, positionals)
carries a help text. And the office reads German: built in German, no help text or description of
the tree is its English wording (a help written as an English literal instead of a catalogue code
fails here), except the few below that are a bare name or format in both languages.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from syncsystem import messages
from syncsystem.cli import AREAS, build_parser

# where German and English help may be the same words: (parser path, option) -> the text. Empty: every
# help so far has German words of its own; a bare name or format (a file name, "YYYY-MM-DD") would go
# here, with the reason it reads the same in both languages.
SAME_IN_BOTH: dict[tuple[str, str], str] = {}


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


def _area(area: str) -> argparse.ArgumentParser:
    top = build_parser(area)
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return sub.choices[area]


def test_every_option_and_argument_has_a_help_text() -> None:
    silent: list[str] = []
    for area in AREAS:
        silent += _silent(_area(area), [area])
    assert silent == []


def _texts(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[tuple[str, str], str]]:
    """(parser path, what) -> text: the parser's description, each action's help, each subcommand's
    help in its parent's list, and all of it again for every subcommand. Each page is formatted on the
    way, as ``--help`` would: argparse fills in ``%(default)s`` and refuses a lone ``%``."""
    parser.format_help()
    yield (path, "(description)"), parser.description or ""
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue  # argparse's own words: test_cli_argparse_words
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield (path, f"{choice.dest} (in the list)"), choice.help or ""
            for name, child in action.choices.items():
                yield from _texts(child, f"{path} {name}")
        else:
            yield (path, "/".join(action.option_strings) or action.dest), action.help or ""


def _tree(lang: str) -> dict[tuple[str, str], str]:
    with messages.speaking(lang):
        top = build_parser()
        found = dict(_texts(top, ""))
        for area in AREAS:
            found |= dict(_texts(_area(area), area))
    return found


def test_the_whole_help_tree_speaks_german_and_english_is_its_own_wording() -> None:
    german, english = _tree("de"), _tree("en")
    assert german.keys() == english.keys()
    helps = {where for where, text in english.items() if text}
    assert len(helps) > 300  # the whole tree: areas, subcommands, options, descriptions
    same = {where: english[where] for where in helps if german[where] == english[where]}
    assert same == SAME_IN_BOTH
    assert [where for where in helps if not german[where]] == []


@pytest.mark.parametrize(
    ("argv", "german", "english"),
    [  # one help of each area, written by hand in both words
        (["agent", "runs"], "wie viele (Vorgabe 20)", "how many (default 20)"),
        (["transfer", "delete"], "das Löschen bestätigen", "confirm the deletion"),
        (["office", "smtp"], "SMTP-Port (Vorgabe 587)", "SMTP port (default 587)"),
        (["bmd", "validate"], "zu prüfende BMD-Dateien", "BMD files to check"),
        (["clearing", "invoices"], "nur dieses Personenkonto", "only this person account"),
        (["demo"], "Mandanten in BMD (1–50, Vorgabe 8)", "Mandanten in BMD (1–50, default 8)"),
        (["datacenter", "serve"], "Grenze: Zeilen einer Datei (Vorgabe 1200000,", "limit: rows of one file"),
        # "(für mehr als 1 PostgreSQL verwenden)" read as "use more than one PostgreSQL"
        (
            ["datacenter", "serve"],
            "Serverprozesse (mehr als 1 nur mit PostgreSQL)",
            "use PostgreSQL for more",
        ),
        (["interfaces", "debtors", "cancel"], "Stornodatum JJJJ-MM-TT (Vorgabe heute)", "cancellation date"),
        (["emulate", "bmd", "fault"], "nur für diesen Mandanten", "only for this Mandant"),
    ],
)
def test_a_subcommands_help_page_is_in_the_chosen_language(
    argv: list[str], german: str, english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for lang, words, other in (("de", german, english), ("en", english, german)):
        with messages.speaking(lang), pytest.raises(SystemExit) as done:
            build_parser(argv[0]).parse_args([*argv, "--help"])
        assert done.value.code == 0
        page = " ".join(capsys.readouterr().out.split())
        assert words in page and other not in page, (lang, page)
