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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.office.accounts import Accounts, Role
from syncsystem.oserrors import os_reason
from syncsystem.runtime import Runtime, subcommands
from syncsystem.transfer.cli_common import state_dir
from syncsystem.transfer.office_options import (
    OfficeSmtp,
    admins_may_reveal,
    load_smtp,
    parse_smtp,
    save_smtp,
    set_admins_may_reveal,
)
from syncsystem.transfer.secrets import SecretBox
from syncsystem.transfer.store import TransferStore

__all__ = ["register"]


def _state(args: argparse.Namespace, runtime: Runtime) -> Path:
    return state_dir(args.state_dir, runtime)


def _serve(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.office.serve import serve  # noqa: PLC0415 - uvicorn only when serving

    serve(
        _state(args, runtime),
        args.host,
        args.port,
        cert=args.cert,
        key=args.key,
        use_keyring=not runtime.environ.get("SYNCSYSTEM_NO_KEYRING"),
    )
    return EXIT_OK


def _password(args: argparse.Namespace, name: str) -> str:
    if args.password_file:
        path = Path(args.password_file)
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UsageError(mc.OFFICE_CLI_PASSWORD_FILE(path=str(path), reason=os_reason(exc))) from exc
    if not sys.stdin.isatty():
        raise UsageError(mc.OFFICE_CLI_NO_TERMINAL())
    first = getpass.getpass(str(mc.OFFICE_CLI_PASSWORD_PROMPT(name=name)))
    if getpass.getpass(str(mc.OFFICE_CLI_PASSWORD_REPEAT())) != first:
        raise UsageError(mc.OFFICE_CLI_PASSWORDS_DIFFER())
    return first


def _role(role: Role) -> str:
    return str(mc.OFFICE_CLI_ROLE_ADMIN() if role is Role.ADMIN else mc.OFFICE_CLI_ROLE_USER())


def _state_of(active: bool) -> str:
    return str(mc.OFFICE_CLI_ACTIVE() if active else mc.OFFICE_CLI_INACTIVE())


def _add_user(args: argparse.Namespace, runtime: Runtime) -> int:
    role = Role.ADMIN if args.admin else Role.USER
    password = _password(args, args.name)
    with Accounts.open(_state(args, runtime)) as accounts:
        accounts.add_user(args.name, role, password, runtime.clock.now(), replace=args.replace)
    runtime.emit(
        args.json,
        {"user": args.name, "role": role.value},
        lambda: str(mc.OFFICE_CLI_USER_SAVED(name=args.name, role=_role(role))),
    )
    return EXIT_OK


def _users(args: argparse.Namespace, runtime: Runtime) -> int:
    with Accounts.open(_state(args, runtime)) as accounts:
        users = accounts.users()
    runtime.emit(
        args.json,
        [{"user": u.name, "role": u.role.value, "active": u.active} for u in users],
        lambda: (
            "\n".join(f"{u.name:<24} {_role(u.role):<14} {_state_of(u.active)}" for u in users)
            or str(mc.OFFICE_CLI_NO_USERS())
        ),
    )
    return EXIT_OK


def _set_user(args: argparse.Namespace, runtime: Runtime) -> int:
    """Role and active state of an existing user, as the Benutzer page sets them."""
    with Accounts.open(_state(args, runtime)) as accounts:
        if args.role:
            accounts.set_role(args.name, Role(args.role))
        if args.active:
            accounts.set_active(args.name, args.active == "yes")
        user = accounts.user(args.name)
    runtime.emit(
        args.json,
        {"user": user.name, "role": user.role.value, "active": user.active},
        lambda: str(
            mc.OFFICE_CLI_USER_SET(name=user.name, role=_role(user.role), state=_state_of(user.active))
        ),
    )
    return EXIT_OK


@contextmanager
def _transfer(args: argparse.Namespace, runtime: Runtime) -> Iterator[tuple[TransferStore, SecretBox]]:
    root = _state(args, runtime)
    with TransferStore.open(root) as store:
        yield store, SecretBox.for_state(root, use_keyring=not runtime.environ.get("SYNCSYSTEM_NO_KEYRING"))


def _smtp_text(smtp: OfficeSmtp | None) -> str:
    if smtp is None:
        return str(mc.OFFICE_CLI_NO_SMTP())
    return str(
        mc.OFFICE_CLI_SMTP(
            host=smtp.host,
            port=smtp.port,
            tls="STARTTLS" if smtp.starttls else mc.OFFICE_CLI_NO_TLS(),
            user=smtp.user or "-",
            sender=smtp.sender or "syncsystem@" + smtp.host,
            password=mc.OFFICE_CLI_PASSWORD_STORED() if smtp.password else mc.OFFICE_CLI_PASSWORD_NONE(),
        )
    )


def _smtp(args: argparse.Namespace, runtime: Runtime) -> int:
    with _transfer(args, runtime) as (store, box):
        if args.clear:
            save_smtp(store, None)
        elif args.host:
            data: dict[str, Any] = {
                "host": args.host,
                "port": args.port,
                "user": args.user or "",
                "sender": args.sender or "",
                "starttls": not args.no_starttls,
                "ca_file": args.ca_file or "",
            }
            if args.password_env:
                if args.password_env not in runtime.environ:
                    raise UsageError(mc.OFFICE_CLI_ENV_UNSET(name=args.password_env))
                data["password"] = runtime.environ[args.password_env]
            save_smtp(store, parse_smtp(data, box.seal, origin="office smtp"))
        smtp = load_smtp(store)
    mapping = smtp.as_mapping() if smtp else {}
    shown = {k: ("(gespeichert)" if k == "password" and v else v) for k, v in mapping.items()}
    runtime.emit(args.json, shown or None, lambda: _smtp_text(smtp))
    return EXIT_OK


def _options(args: argparse.Namespace, runtime: Runtime) -> int:
    with _transfer(args, runtime) as (store, _):
        if args.admins_may_reveal is not None:
            set_admins_may_reveal(store, args.admins_may_reveal == "yes")
        allowed = admins_may_reveal(store)
    runtime.emit(
        args.json,
        {"admins_may_reveal": allowed},
        lambda: str(mc.OFFICE_CLI_MAY_REVEAL(answer=mc.CLI_YES() if allowed else mc.CLI_NO())),
    )
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    """Add the ``office`` subcommands to ``parser``."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state-dir",
        "--state",
        dest="state_dir",
        metavar="DIR",
        help=str(mc.CLI_HELP_OFFICE_STATE_DIR()),
    )
    common.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_OFFICE_JSON()))
    add = subcommands(parser, common)

    p = add("serve", _serve, str(mc.CLI_HELP_OFFICE_SERVE()))
    p.add_argument("--host", default="127.0.0.1", help=str(mc.CLI_HELP_OFFICE_SERVE_HOST()))
    p.add_argument("--port", type=int, default=8470, help=str(mc.CLI_HELP_OFFICE_SERVE_PORT()))
    p.add_argument("--cert", metavar="FILE", help=str(mc.CLI_HELP_OFFICE_SERVE_CERT()))
    p.add_argument("--key", metavar="FILE", help=str(mc.CLI_HELP_OFFICE_SERVE_KEY()))
    p = add("add-user", _add_user, str(mc.CLI_HELP_OFFICE_ADD_USER()))
    p.add_argument("name", help=str(mc.CLI_HELP_OFFICE_NAME()))
    p.add_argument("--admin", action="store_true", help=str(mc.CLI_HELP_OFFICE_ADD_USER_ADMIN()))
    p.add_argument("--password-file", metavar="FILE", help=str(mc.CLI_HELP_OFFICE_ADD_USER_PASSWORD_FILE()))
    p.add_argument("--replace", action="store_true", help=str(mc.CLI_HELP_OFFICE_ADD_USER_REPLACE()))
    add("users", _users, str(mc.CLI_HELP_OFFICE_USERS()))
    p = add("set-user", _set_user, str(mc.CLI_HELP_OFFICE_SET_USER()))
    p.add_argument("name", help=str(mc.CLI_HELP_OFFICE_NAME()))
    p.add_argument("--role", choices=("admin", "user"), help=str(mc.CLI_HELP_OFFICE_SET_USER_ROLE()))
    p.add_argument("--active", choices=("yes", "no"), help=str(mc.CLI_HELP_OFFICE_SET_USER_ACTIVE()))
    p = add("smtp", _smtp, str(mc.CLI_HELP_OFFICE_SMTP()))
    p.add_argument("--host", help=str(mc.CLI_HELP_OFFICE_SMTP_HOST()))
    p.add_argument("--port", type=int, default=587, help=str(mc.CLI_HELP_OFFICE_SMTP_PORT()))
    p.add_argument("--user", help=str(mc.CLI_HELP_OFFICE_SMTP_USER()))
    p.add_argument("--password-env", metavar="VAR", help=str(mc.CLI_HELP_OFFICE_SMTP_PASSWORD_ENV()))
    p.add_argument("--sender", help=str(mc.CLI_HELP_OFFICE_SMTP_SENDER()))
    p.add_argument("--no-starttls", action="store_true", help=str(mc.CLI_HELP_OFFICE_SMTP_NO_STARTTLS()))
    p.add_argument("--ca-file", metavar="FILE", help=str(mc.CLI_HELP_OFFICE_SMTP_CA_FILE()))
    p.add_argument("--clear", action="store_true", help=str(mc.CLI_HELP_OFFICE_SMTP_CLEAR()))
    p = add("options", _options, str(mc.CLI_HELP_OFFICE_OPTIONS()))
    p.add_argument(
        "--admins-may-reveal",
        choices=("yes", "no"),
        help=str(mc.CLI_HELP_OFFICE_OPTIONS_ADMINS_MAY_REVEAL()),
    )
