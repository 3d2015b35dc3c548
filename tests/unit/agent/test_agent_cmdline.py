"""Quoted command lines (issue 11 §3): split by POSIX shell rules or by the Windows C runtime's.

The Windows splitter is checked against `subprocess.list2cmdline` (the standard library's quoting,
which programs' ``main`` undoes) for any argv, and against a table of cases written by hand from
Microsoft's "Parsing C command-line arguments" rules.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syncsystem.agent.cmdline import split_command, split_windows
from syncsystem.agent.config import load_config, save_config
from syncsystem.errors import ConfigError

WINDOWS_TABLE = [
    (
        r'"C:\Program Files\BMD\ntcs.exe" /export {out_dir}',
        [r"C:\Program Files\BMD\ntcs.exe", "/export", "{out_dir}"],
    ),
    (r"C:\BMD\ntcs.exe /m {mandant}", [r"C:\BMD\ntcs.exe", "/m", "{mandant}"]),
    (r'a\\\"b "c d" e', [r"a\"b", "c d", "e"]),  # 3 backslashes + quote: one backslash, a quote
    (r'"a\\" b', ["a\\", "b"]),  # 2 backslashes + quote: one backslash, the quote closes
    (r"a\\b c", [r"a\\b", "c"]),  # backslashes not before a quote are literal
    ('"" x', ["", "x"]),  # an empty quoted argument is an argument
    ('"say ""hi""" y', ['say "hi"', "y"]),  # "" inside quotes is a literal quote
    ("  a\t b  ", ["a", "b"]),
    ('ab"c d"ef', ["abc def"]),
]


@pytest.mark.parametrize(("line", "argv"), WINDOWS_TABLE)
def test_windows_rules_by_hand(line: str, argv: list[str]) -> None:
    """Each line splits as Microsoft's documented rules say."""
    assert split_windows(line) == argv


@given(st.lists(st.text(alphabet=st.sampled_from(' \t"\\aZ:ä/{}.'), max_size=12), max_size=6))
def test_windows_split_inverts_list2cmdline(argv: list[str]) -> None:
    """split_windows(list2cmdline(argv)) == argv for any argv."""
    assert split_windows(subprocess.list2cmdline(argv)) == argv


def test_posix_rules_and_unclosed_quotes() -> None:
    """POSIX lines split like a shell (no expansion); an unclosed quote is a configuration error."""
    assert split_command("'/opt/BMD Export/run' --out {out_dir} \"a b\"", windows=False) == (
        "/opt/BMD Export/run",
        "--out",
        "{out_dir}",
        "a b",
    )
    windows = split_command(r'"C:\Program Files\BMD\x.exe" /q', windows=True)
    assert windows == (r"C:\Program Files\BMD\x.exe", "/q")
    with pytest.raises(ConfigError, match="quot"):
        split_command('"open', windows=False)
    with pytest.raises(ConfigError, match="not closed"):
        split_command('"open', windows=True)


def test_agent_toml_takes_a_command_string(tmp_path: Path) -> None:
    """``export.command`` as one string in agent.toml is split (a list is still taken as it is)."""
    from syncsystem.agent.config import AgentConfig, ExportSettings  # noqa: PLC0415

    config = AgentConfig(
        profile="k",
        state_dir=tmp_path,
        agent_id="agent-1",
        office_id="o",
        datacenter_url="https://dc.example",
        public_key_b64="AAAA",
        mandanten=("1001",),
        export=ExportSettings(kind="command", command=("x",)),
    )
    path = save_config(config)
    text = path.read_text(encoding="utf-8")
    text = text.replace('command = ["x"]', "command = \"'/opt/BMD Export/run' --out {out_dir}\"")
    text = text.replace("check_command = []", "check_command = \"'/opt/BMD Export/check' --licence\"")
    path.write_text(text, encoding="utf-8")
    loaded = load_config(tmp_path)
    assert loaded.export.command == ("/opt/BMD Export/run", "--out", "{out_dir}")
    assert loaded.export.check_command == ("/opt/BMD Export/check", "--licence")
