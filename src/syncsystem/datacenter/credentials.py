"""``syncsystem datacenter advisors | advisor-token | rotate-key``: the operator's credential commands.

Advisor tokens are listed, replaced or revoked (which also ends the advisor's browser sessions), and
the bundle key pair is rotated with the old keys kept for bundles sealed before (`keys.rotate_keys`).
"""

from __future__ import annotations

import argparse
import base64
from typing import Any

from syncsystem.datacenter.cli_common import common, key_file, key_option, office_store
from syncsystem.datacenter.keys import rotate_keys
from syncsystem.datacenter.store import sessions
from syncsystem.errors import EXIT_OK, UsageError
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import check_id
from syncsystem.runtime import Runtime

__all__ = ["register_credentials"]


def cmd_advisor_token(args: argparse.Namespace, runtime: Runtime) -> int:
    with office_store(args, runtime) as (store, operator):
        office = operator.office_id
        advisor_id = check_id(args.advisor, "--advisor")
        now = runtime.clock.now()
        with store.write() as conn:
            if not any(row.id == advisor_id for row in sessions.list_advisors(conn, office)):
                raise UsageError(mc.DC_CLI_ADVISOR_UNKNOWN(advisor=advisor_id, office=office))
            if args.revoke:
                sessions.revoke_advisor(conn, office, advisor_id, now)
                token = None
            else:
                token = sessions.rotate_advisor_token(conn, office, advisor_id, now)
    if token is None:
        runtime.emit(
            args.json,
            {"advisor_id": advisor_id, "state": "revoked"},
            lambda: str(mc.DC_CLI_ADVISOR_REVOKED(advisor=advisor_id)),
        )
    else:
        runtime.emit(
            args.json,
            {"advisor_id": advisor_id, "advisor_token": token},
            lambda: "\n".join(
                map(
                    str,
                    (
                        mc.DC_CLI_ADVISOR_NEW_TOKEN(advisor=advisor_id, token=token),
                        mc.DC_CLI_OLD_TOKEN_VOID(),
                    ),
                )
            ),
        )
    return EXIT_OK


def cmd_advisors(args: argparse.Namespace, runtime: Runtime) -> int:
    with office_store(args, runtime) as (store, operator), store.read() as conn:
        rows = sessions.list_advisors(conn, operator.office_id)
    payload = [{"advisor_id": r.id, "name": r.name, "revoked": r.revoked_at is not None} for r in rows]
    runtime.emit(
        args.json,
        payload,
        lambda: (
            "\n".join(
                f"{r.id}  {r.name}{f'  {mc.DC_CLI_ADVISOR_BLOCKED()}' if r.revoked_at else ''}" for r in rows
            )
            or str(mc.DC_CLI_NO_ADVISORS())
        ),
    )
    return EXIT_OK


def cmd_rotate_key(args: argparse.Namespace, runtime: Runtime) -> int:
    path = key_file(args, runtime)
    if not path.exists():
        raise UsageError(mc.DC_KEYS_NONE_YET(path=str(path)))
    before, after = rotate_keys(path)
    payload = {
        "key_file": str(path),
        "public_key": base64.b64encode(after.public).decode(),
        "previous_public_key": base64.b64encode(before.public).decode(),
        "retired_keys": len(after.retired),
    }
    runtime.emit(
        args.json,
        payload,
        lambda: (
            f"{mc.DC_CLI_KEY_ROTATED(path=str(path), key=str(payload['public_key']))}\n"
            f"{mc.DC_CLI_KEYS_RETIRED(count=len(after.retired))}"
        ),
    )
    return EXIT_OK


def register_credentials(sub: Any) -> None:
    p = sub.add_parser("advisors", help=str(mc.CLI_HELP_DATACENTER_ADVISORS()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.set_defaults(handler=cmd_advisors)

    p = sub.add_parser(
        "advisor-token",
        help=str(mc.CLI_HELP_DATACENTER_ADVISOR_TOKEN()),
    )
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.add_argument("--advisor", required=True, help=str(mc.CLI_HELP_DATACENTER_ADVISOR_TOKEN_ADVISOR()))
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--rotate", action="store_true", help=str(mc.CLI_HELP_DATACENTER_ROTATE()))
    choice.add_argument("--revoke", action="store_true", help=str(mc.CLI_HELP_DATACENTER_REVOKE()))
    p.set_defaults(handler=cmd_advisor_token)

    p = sub.add_parser(
        "rotate-key",
        help=str(mc.CLI_HELP_DATACENTER_ROTATE_KEY()),
    )
    common(p)
    key_option(p)
    p.set_defaults(handler=cmd_rotate_key)
