"""What every ``syncsystem datacenter`` command shares: the database URL, ``--db``/``--json``,
the key file, and the operator acting for one existing office."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.keys import default_key_path
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import UsageError
from syncsystem.messages import codes as mc
from syncsystem.protocol.messages import ProtocolError, check_id
from syncsystem.runtime import Runtime

__all__ = ["common", "db_url", "key_file", "key_option", "office_operator", "office_store"]


def db_url(args: argparse.Namespace, runtime: Runtime) -> str:
    if args.db:
        return str(args.db)
    return runtime.environ.get("SYNCSYSTEM_DATACENTER_DB", f"sqlite:///{runtime.cwd / 'datacenter.db'}")


def common(parser: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    parser.add_argument(
        "--db",
        help=str(mc.CLI_HELP_DATACENTER_DB()),
    )
    if json_flag:
        parser.add_argument("--json", action="store_true", help=str(mc.CLI_HELP_DATACENTER_JSON()))


def key_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-file",
        help=str(mc.CLI_HELP_DATACENTER_KEY_FILE()),
    )


def office_operator(store: Store, office: str) -> Principal:
    """The operator acting for ``office`` — which must exist, else one sentence (exit 2)."""
    try:
        office_id = check_id(office, "--office")
    except ProtocolError as exc:
        raise UsageError(mc.DC_CLI_OFFICE_INVALID(office=office, reason=str(exc))) from exc
    with store.read() as conn:
        if not tenancy.office_exists(conn, office_id):
            raise UsageError(mc.DC_CLI_OFFICE_UNKNOWN(office=office_id))
    return Principal("advisor", "cli", office_id)


@contextmanager
def office_store(args: argparse.Namespace, runtime: Runtime) -> Iterator[tuple[Store, Principal]]:
    """The store of ``--db`` and the operator acting for ``--office``; the store closes afterwards."""
    store = Store.open(db_url(args, runtime))
    try:
        yield store, office_operator(store, args.office)
    finally:
        store.close()


def key_file(args: argparse.Namespace, runtime: Runtime) -> Path:
    given = getattr(args, "key_file", None)
    path = Path(given) if given else default_key_path(db_url(args, runtime), runtime.cwd, runtime.environ)
    return path if path.is_absolute() else runtime.cwd / path
