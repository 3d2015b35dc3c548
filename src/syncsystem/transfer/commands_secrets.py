"""A transfer job's secrets on the command line: read into a job file, masked when shown, revealed
behind the admin password (``syncsystem transfer admin-password|reveal``).

Passwords never appear on the command line: a job file names the environment variable (or file)
that holds them (``"password_env": "FTP_PASSWORD"``) or carries them once, in which case they are
sealed at once and only the sealed token is stored.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import Message
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.runtime import Handler, Runtime
from syncsystem.transfer.cli_common import services
from syncsystem.transfer.secrets import AdminGate

__all__ = ["masked", "read_secrets", "register_secrets"]

_SECRET_FIELDS = {("target", "password"), ("target", "key"), ("mail", "smtp_password")}


def register_secrets(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """admin-password, reveal: the password that guards stored secrets, and a secret shown again."""
    p = add(
        "admin-password",
        _admin_password,
        str(mc.CLI_HELP_TRANSFER_ADMIN_PASSWORD()),
    )
    p.add_argument(
        "--password-env", metavar="VAR", help=str(mc.CLI_HELP_TRANSFER_ADMIN_PASSWORD_PASSWORD_ENV())
    )
    p.add_argument(
        "--old-password-env", metavar="VAR", help=str(mc.CLI_HELP_TRANSFER_ADMIN_PASSWORD_OLD_PASSWORD_ENV())
    )
    p = add("reveal", _reveal, str(mc.CLI_HELP_TRANSFER_REVEAL()))
    p.add_argument("job", help=str(mc.CLI_HELP_TRANSFER_JOB()))
    p.add_argument("--field", default="target.password", help=str(mc.CLI_HELP_TRANSFER_REVEAL_FIELD()))
    p.add_argument(
        "--admin-password-env", metavar="VAR", help=str(mc.CLI_HELP_TRANSFER_REVEAL_ADMIN_PASSWORD_ENV())
    )


def read_secrets(data: dict[str, Any], runtime: Runtime) -> None:
    """Replace ``"<field>_env": "VAR"`` by the variable's value and ``"<field>_file": "PATH"`` by the
    file's text (sealed later by `parse_job`)."""
    for section, key in _SECRET_FIELDS:
        block = data.get(section)
        if isinstance(block, dict) and f"{key}_env" in block:
            var = block.pop(f"{key}_env")
            if var not in runtime.environ:
                raise UsageError(mc.TX_CLI_FIELD_ENV_UNSET(field=f"{section}.{key}_env", var=var))
            block[key] = runtime.environ[var]
        if isinstance(block, dict) and f"{key}_file" in block:
            path = Path(block.pop(f"{key}_file"))
            try:
                block[key] = path.read_text(encoding="utf-8")
            except OSError as exc:
                field = f"{section}.{key}_file"
                reason = os_reason(exc)
                raise UsageError(mc.TX_CLI_SECRET_FILE(field=field, path=str(path), reason=reason)) from exc


def masked(data: dict[str, Any]) -> dict[str, Any]:
    """A job mapping fit to print: stored secrets say only that they are set."""
    shown: dict[str, Any] = json.loads(json.dumps(data))
    for section, key in _SECRET_FIELDS:
        if shown.get(section, {}).get(key):
            shown[section][key] = "(gespeichert)"
    return shown


def _admin_password(args: argparse.Namespace, runtime: Runtime) -> int:
    with services(args, runtime) as svc:
        gate = AdminGate(svc.store, svc.box)
        changing = gate.is_set()
        old = (
            _ask(runtime, args.old_password_env, mc.TX_CLI_ASK_OLD(), "--old-password-env")
            if changing
            else None
        )
        password = _ask(runtime, args.password_env, mc.TX_CLI_ASK_NEW())
        gate.set_password(password, old=old)
    text = mc.TX_CLI_ADMIN_CHANGED() if changing else mc.TX_CLI_ADMIN_SET()
    runtime.emit(args.json, {"ok": True}, str(text))
    return EXIT_OK


def _reveal(args: argparse.Namespace, runtime: Runtime) -> int:
    section, _, key = args.field.partition(".")
    if (section, key) not in _SECRET_FIELDS:
        raise UsageError(mc.TX_CLI_FIELD_CHOICE(field=args.field))
    admin = _ask(runtime, args.admin_password_env, mc.TX_CLI_ASK_ADMIN(), "--admin-password-env")
    with services(args, runtime) as svc:
        data, _ = svc.store.job_config(args.job)
        token = data.get(section, {}).get(key)
        if not token:
            raise UsageError(mc.TX_CLI_FIELD_UNSET(job=args.job, field=args.field))
        clear = AdminGate(svc.store, svc.box).reveal(token, admin)
    runtime.emit(args.json, {"job": args.job, "field": args.field, "value": clear}, clear)
    return EXIT_OK


def _ask(runtime: Runtime, env_name: str | None, prompt: Message, option: str = "--password-env") -> str:
    if env_name:
        if env_name not in runtime.environ:
            raise UsageError(mc.TX_CLI_ENV_UNSET(var=env_name))
        return runtime.environ[env_name]
    if not sys.stdin.isatty():  # no terminal to ask on (a service, a pipe): say which option helps
        raise UsageError(mc.TX_CLI_NO_TERMINAL(what=prompt, option=option))
    try:
        return getpass.getpass(f"{prompt}: ")
    except EOFError as exc:  # a terminal that closed its input
        raise UsageError(mc.TX_CLI_NO_PASSWORD(option=option)) from exc
