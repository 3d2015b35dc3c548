"""Command lines as people write them: one quoted string split into argv, by the host's rules.

``--export-command`` and ``export.command``/``check_command`` in ``agent.toml`` (when given as a
string) are split here. On POSIX with `shlex.split` (shell quoting, no expansion); on Windows by the
rules of the Microsoft C runtime that every program's ``main`` uses to build ``argv`` — the exact
inverse of `subprocess.list2cmdline`, so ``"C:\\Program Files\\BMD\\ntcs.exe" /export`` is two
arguments and backslashes in paths stay as they are. `split_windows` is pure and tested against
``list2cmdline`` for any argv, so it can be checked on Linux too.
"""

from __future__ import annotations

import os
import shlex

from syncsystem.errors import ConfigError
from syncsystem.messages import codes as mc

__all__ = ["split_command", "split_windows"]


def split_windows(line: str) -> list[str]:
    """Split ``line`` as the Microsoft C runtime does (whitespace = space or tab):

    * ``"…"`` groups text with spaces into one argument; ``""`` inside quotes is one literal quote;
    * 2n backslashes before a quote become n backslashes and the quote opens/closes a group;
      2n+1 backslashes before a quote become n backslashes and a literal quote;
    * backslashes anywhere else are literal (``C:\\Program Files\\`` stays as written).
    """
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == "\\":
            j = i
            while j < n and line[j] == "\\":
                j += 1
            count = j - i
            if j < n and line[j] == '"':
                current.append("\\" * (count // 2))
                if count % 2:
                    current.append('"')
                    i = j + 1
                else:
                    i = j  # the quote is handled below as a group delimiter
            else:
                current.append("\\" * count)
                i = j
            in_arg = True
            continue
        if ch == '"':
            in_arg = True
            if quoted and i + 1 < n and line[i + 1] == '"':
                current.append('"')  # "" inside a group: a literal quote (C runtime since 2008)
                i += 2
                continue
            quoted = not quoted
            i += 1
            continue
        if ch in " \t" and not quoted:
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
            i += 1
            continue
        current.append(ch)
        in_arg = True
        i += 1
    if quoted:
        raise ConfigError(mc.CMD_QUOTE(line=line))
    if in_arg:
        args.append("".join(current))
    return args


def split_command(line: str, *, windows: bool | None = None) -> tuple[str, ...]:
    """Split a command line by the host's rules (``windows`` overrides the host, for tests)."""
    on_windows = os.name == "nt" if windows is None else windows
    if on_windows:
        return tuple(split_windows(line))
    try:
        return tuple(shlex.split(line))
    except ValueError as exc:  # "No closing quotation", "No escaped character"
        unclosed = "quotation" in str(exc)
        raise ConfigError(mc.CMD_QUOTE(line=line) if unclosed else mc.CMD_ESCAPE(line=line)) from exc
