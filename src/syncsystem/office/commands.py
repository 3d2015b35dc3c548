"""``syncsystem office …``: serve the office pages, add users; the state is the transfer state directory.

``--state-dir`` defaults as ``syncsystem transfer --state`` does (``SYNCSYSTEM_TRANSFER_STATE``,
else ``$XDG_STATE_HOME/syncsystem/transfer``), so the pages and the transfer CLI work on the same
jobs. The first administrator is created here: ``office add-user NAME --admin``, the password from
a prompt or ``--password-file`` (never on the command line).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.office.accounts import Accounts, Role
from syncsystem.runtime import Runtime
from syncsystem.transfer.commands import state_dir

__all__ = ["register"]


def _state(args: argparse.Namespace, runtime: Runtime) -> Path:
    return state_dir(args.state_dir, runtime)


def _serve(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.office.serve import serve  # noqa: PLC0415 - uvicorn only when serving

    serve(_state(args, runtime), args.host, args.port, cert=args.cert, key=args.key,
          use_keyring=not runtime.environ.get("SYNCSYSTEM_NO_KEYRING"))
    return EXIT_OK


def _password(args: argparse.Namespace, name: str) -> str:
    if args.password_file:
        path = Path(args.password_file)
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UsageError(f"--password-file {path}: nicht lesbar: {exc.strerror}") from exc
    if not sys.stdin.isatty():
        raise UsageError("Passwort: ohne Terminal bitte mit --password-file DATEI angeben")
    first = getpass.getpass(f"Passwort für {name}: ")
    if getpass.getpass("Passwort wiederholen: ") != first:
        raise UsageError("die beiden Passwörter stimmen nicht überein; nichts gespeichert")
    return first


def _add_user(args: argparse.Namespace, runtime: Runtime) -> int:
    role = Role.ADMIN if args.admin else Role.USER
    password = _password(args, args.name)
    with Accounts.open(_state(args, runtime)) as accounts:
        accounts.add_user(args.name, role, password, runtime.clock.now(), replace=args.replace)
    runtime.emit(args.json, {"user": args.name, "role": role.value},
                 f"Benutzer {args.name} ({role.label}) gespeichert")
    return EXIT_OK


def _users(args: argparse.Namespace, runtime: Runtime) -> int:
    with Accounts.open(_state(args, runtime)) as accounts:
        users = accounts.users()
    runtime.emit(args.json, [{"user": u.name, "role": u.role.value} for u in users],
                 lambda: "\n".join(f"{u.name:<24} {u.role.label}" for u in users) or "keine Benutzer")
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``office`` subcommands to ``parser``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--state-dir", "--state", dest="state_dir", metavar="DIR",
                        help="state directory shared with `syncsystem transfer` "
                        "(default: $SYNCSYSTEM_TRANSFER_STATE)")
    common.add_argument("--json", action="store_true", help="print the result as JSON")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))

    def add(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = add("serve", _serve, "serve the office pages (127.0.0.1 by default; TLS needed elsewhere)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8470, help="port (default 8470)")
    p.add_argument("--cert", metavar="FILE", help="TLS certificate chain (PEM); required off loopback")
    p.add_argument("--key", metavar="FILE", help="TLS private key (PEM)")
    p = add("add-user", _add_user, "add an office user (the first one with --admin)")
    p.add_argument("name")
    p.add_argument("--admin", action="store_true", help="role Administrator (default: Benutzer)")
    p.add_argument("--password-file", metavar="FILE", help="read the password from this file's first line")
    p.add_argument("--replace", action="store_true", help="set a new role and password for an existing user")
    add("users", _users, "list the office users and their roles")
