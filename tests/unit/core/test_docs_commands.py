"""Every ``syncsystem`` command example in the docs names a real subcommand with real options.

The examples are the lines of the fenced ``sh`` blocks in README.md and docs/*.md (a line may chain
commands with ``&&``; ``#`` starts a comment). For each example: the subcommand it names answers
``--help`` with exit 0 and is a leaf (no further subcommand is missing), and the whole example parses
with the real argument parser, options and choices included, without running. A curated set that
needs no server runs end to end in a temporary folder, in the order a reader would type them.
"""

from __future__ import annotations

import argparse
import json
import re
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from syncsystem.cli import AREAS, build_parser

ROOT = Path(__file__).resolve().parents[3]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
READER_PAGES = ("kanzlei-it.md", "steuerberater.md", "buchhaltung.md", "entwickler.md")
_FENCE = re.compile(r"^```sh[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CHAIN = frozenset({"&&", "||", "|", ";"})
_VALUED_GLOBALS = frozenset({"--log-level", "--log-format", "--lang"})
Cli = Callable[..., Any]


@dataclass(frozen=True)
class Example:
    page: str
    line: int
    argv: tuple[str, ...]  # without the leading "syncsystem"

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: syncsystem {shlex.join(self.argv)}"


def examples(pages: list[Path] = PAGES) -> list[Example]:
    """The ``syncsystem`` commands of every ``sh`` block, with page and line."""
    found: list[Example] = []
    for page in pages:
        name = page.relative_to(ROOT).as_posix() if page.is_relative_to(ROOT) else page.name
        text = page.read_text(encoding="utf-8")
        for block in _FENCE.finditer(text):
            first = text.count("\n", 0, block.start(1)) + 1
            for offset, line in enumerate(block.group(1).splitlines()):
                tokens = shlex.split(line, comments=True)
                segment: list[str] = []
                for token in [*tokens, "&&"]:
                    if token not in _CHAIN:
                        segment.append(token)
                        continue
                    if segment and segment[0] == "syncsystem":
                        found.append(Example(name, first + offset, tuple(segment[1:])))
                    segment = []
    return found


EXAMPLES = examples()


def _area(argv: tuple[str, ...]) -> str | None:
    tokens = iter(argv)
    for token in tokens:
        if token in AREAS:
            return token
        if token in _VALUED_GLOBALS:
            next(tokens, None)
    return None


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction | None:  # type: ignore[type-arg]
    return next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)


def _command_path(argv: tuple[str, ...]) -> tuple[list[str], argparse.ArgumentParser]:
    """The area and subcommand names the example walks through, and the parser it ends in."""
    area = _area(argv)
    assert area is not None, "names no area"
    parser: argparse.ArgumentParser = build_parser(area)
    path: list[str] = []
    for token in argv[argv.index(area) :]:
        action = _subparsers(parser)
        if action is None or token not in action.choices:
            break
        path.append(token)
        parser = action.choices[token]
    return path, parser


def test_examples_are_found_on_every_reader_page() -> None:
    """Each reader's page and the README's quickstart give commands, so the check below has work."""
    pages = {e.page for e in EXAMPLES}
    for name in READER_PAGES:
        assert f"docs/{name}" in pages, f"docs/{name} has no syncsystem command in an sh block"
    assert Example("README.md", 13, ("demo",)) in EXAMPLES, "the quickstart's `syncsystem demo` moved"


def test_the_extractor_reads_chains_comments_and_quotes(tmp_path: Path) -> None:
    """``&&`` chains, ``#`` comments and quoted arguments come out as the shell would split them."""
    page = tmp_path / "p.md"
    page.write_text(
        "text\n```sh\npip install x && syncsystem demo --days 2   # a comment\n"
        "syncsystem agent enrol --export-command '\"C:\\P F\\x\" {out_dir}'\n```\n"
        "```python\nsyncsystem bmd validate x\n```\n",
        encoding="utf-8",
    )
    found = [(e.line, e.argv) for e in examples([page])]
    assert found == [
        (3, ("demo", "--days", "2")),
        (4, ("agent", "enrol", "--export-command", '"C:\\P F\\x" {out_dir}')),
    ]


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example_subcommand_answers_help(example: Example, cli, capsys: pytest.CaptureFixture[str]) -> None:
    """``syncsystem <area> <sub> --help`` exits 0, and the example names a whole command."""
    if _area(example.argv) is None:  # only global options, e.g. --version: run it as it stands
        assert example.argv in {("--version",), ("--help",)}, f"{example}: names no area"
        result = cli(*example.argv)
        assert result.exit_code == 0, f"{example}: exited {result.exit_code}: {result.stderr}"
        assert capsys.readouterr().out.startswith(("syncsystem", "Aufruf: syncsystem")), example
        return
    path, parser = _command_path(example.argv)
    leftover = _subparsers(parser)
    assert leftover is None, (
        f"{example}: after {' '.join(path)} a subcommand is missing ({', '.join(leftover.choices)})"
    )
    result = cli(*path, "--help")
    out = capsys.readouterr().out + result.stdout
    assert result.exit_code == 0, f"{example}: --help exited {result.exit_code}: {result.stderr}"
    assert f"syncsystem {' '.join(path)}" in out, f"{example}: --help printed no usage of it"


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_example_parses_with_the_real_parser(example: Example, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole example, options and their values, is accepted by the parser (nothing is run)."""
    area = _area(example.argv)
    if area is None:
        return  # global options only (--version), run by the test above
    try:
        args = build_parser(area).parse_args(list(example.argv))
    except SystemExit as exc:
        pytest.fail(f"{example}: the parser refused it (exit {exc.code}): {capsys.readouterr().err.strip()}")
    assert getattr(args, "handler", None) is not None, f"{example}: parses to no command"


def _doc(prefix: str) -> tuple[str, ...]:
    """The one example that starts with ``prefix`` (so the test runs the documented line itself)."""
    want = tuple(shlex.split(prefix))
    hits = [e.argv for e in EXAMPLES if e.argv[: len(want)] == want]
    assert len(hits) == 1, f"expected one documented example starting {prefix!r}, found {len(hits)}"
    return hits[0]


def test_emulator_and_bmd_examples_run_end_to_end(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A developer's emulator office exports files that the Buchhaltung's `bmd validate` finds clean."""
    monkeypatch.chdir(tmp_path)
    init = cli(*_doc("emulate bmd init"))
    assert init.exit_code == 0, init.stderr
    exports = ("emulate bmd export --office office --all", "emulate bmd export --office office --mandant")
    for prefix in exports:
        exported = cli(*_doc(prefix))
        assert exported.exit_code == 0, f"{prefix}: {exported.stdout}{exported.stderr}"
    assert (tmp_path / "flat" / "cursor.json").is_file(), "the flat export wrote no cursor.json"
    shutil.copy(tmp_path / "out" / "1001" / "buchungen.csv", tmp_path / "buchungen.csv")
    valid = cli(*_doc("bmd validate buchungen.csv"))
    assert valid.exit_code == 0, valid.stdout + valid.stderr
    for prefix in (
        "emulate bmd advance",
        "emulate bmd inspect",
        "emulate bmd fault --office office --list",
        "emulate bmd reset",
    ):
        result = cli(*_doc(prefix))
        assert result.exit_code == 0, f"{prefix}: {result.stdout}{result.stderr}"


def test_clearing_examples_run_on_an_empty_store(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Buchhaltung's clearing listings run against the default store in the working folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SYNCSYSTEM_DB", raising=False)
    for prefix in ("clearing invoices", "clearing unattached"):
        result = cli(*_doc(prefix))
        assert result.exit_code == 0, f"{prefix}: {result.stdout}{result.stderr}"
    assert (tmp_path / "syncsystem.sqlite").is_file()


def test_datacenter_examples_run_without_a_server(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Kanzlei-IT's datacenter set-up commands that need no running server work as documented."""
    monkeypatch.chdir(tmp_path)
    for var in ("SYNCSYSTEM_DATACENTER_DB", "SYNCSYSTEM_DATACENTER_KEY_FILE"):
        monkeypatch.delenv(var, raising=False)
    for prefix in ("datacenter init", "datacenter rotate-key", "datacenter advisors"):
        result = cli(*_doc(prefix))
        assert result.exit_code == 0, f"{prefix}: {result.stdout}{result.stderr}"
    assert (tmp_path / "datacenter.db").is_file() and (tmp_path / "datacenter.key").is_file()


def test_agent_examples_run_on_an_enrolled_profile(cli: Cli, tmp_path: Path) -> None:
    """With a profile as `agent enrol` leaves it, the Kanzlei-IT's `agent plan` and the Windows
    service description run as documented; the plan over the DST weekend (Sunday 29 March 2026,
    hand-checked) has its nightly syncs only on Friday and Monday, at +0100 and +0200."""
    from syncsystem.agent.config import AgentConfig, save_config  # noqa: PLC0415

    for profile in ("default", "kanzlei"):
        save_config(
            AgentConfig(
                profile=profile,
                state_dir=tmp_path / profile,
                agent_id="agent-1",
                office_id="office-1",
                datacenter_url="https://127.0.0.1:1",
                public_key_b64="AAAA",
                mandanten=("1001",),
            )
        )
    environ = {"SYNCSYSTEM_AGENT_HOME": str(tmp_path)}
    plan = cli(*_doc("agent plan"), environ=environ)
    assert plan.exit_code == 0, plan.stderr
    nightly = [e for e in json.loads(plan.stdout)["events"] if e["kind"] == "nightly"]
    expected = [("2026-03-27", "+0100"), ("2026-03-30", "+0200")]
    assert [(e["at"][:10], e["utc_offset"]) for e in nightly] == expected
    windows = cli(*_doc("agent install --windows --profile"), environ=environ)
    assert windows.exit_code == 0, windows.stderr
    assert "<service>" in windows.stdout and not list(tmp_path.glob("*/*.xml")), "--print writes nothing"
