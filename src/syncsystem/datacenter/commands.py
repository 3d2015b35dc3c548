"""``syncsystem datacenter …``: init, serve, import, request, advisor, advisors, advisor-token,
status, code, rotate-key (advisors, advisor-token and rotate-key in `credentials`, status in `status`).

Every command works on the database given by ``--db`` (default: ``$SYNCSYSTEM_DATACENTER_DB`` or
``sqlite:///datacenter.db`` in the working directory) and reports with ``--json`` where it reports.
Operator commands act for one office (``--office``) with the same validation and office scoping as
the web API.
"""

from __future__ import annotations

import argparse
import base64
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from syncsystem.capping import cap
from syncsystem.datacenter.cli_common import common, db_url, key_file, key_option, office_store
from syncsystem.datacenter.context import ENV_INGESTS, ENV_LIMITS, ENV_TOKEN_CACHE, limits_from_env
from syncsystem.datacenter.credentials import register_credentials
from syncsystem.datacenter.errors import ConflictError, RefusedError, TooLargeError
from syncsystem.datacenter.keys import ensure_keys
from syncsystem.datacenter.status import register_status
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import EXIT_OK, EXIT_PROBLEMS, StoreError, UsageError
from syncsystem.messages import codes as mc
from syncsystem.oserrors import os_reason
from syncsystem.protocol.bundle import Limits
from syncsystem.protocol.messages import MODES, ProtocolError, check_id
from syncsystem.runtime import Runtime

__all__ = ["register"]


def cmd_init(args: argparse.Namespace, runtime: Runtime) -> int:
    store = Store.open(db_url(args, runtime))
    now = runtime.clock.now()
    try:
        public = ensure_keys(store, key_file(args, runtime)).public
        with store.write() as conn:
            try:
                tenancy.create_office(conn, args.office, args.office_name or args.office, now)
            except ProtocolError as exc:
                raise UsageError(str(exc)) from exc
            except ConflictError as exc:  # the office exists
                raise UsageError(*exc.args) from exc
            advisor_id, token = tenancy.create_advisor(conn, args.office, args.advisor, now)
            code = tenancy.create_enrolment_code(conn, args.office, now)
    except sa.exc.SQLAlchemyError as exc:  # a database that cannot be written (read-only, broken, gone)
        said = str(getattr(exc, "orig", None) or exc).strip() or type(exc).__name__
        raise StoreError(mc.STORE_WRITE(reason=said.splitlines()[0])) from exc
    finally:
        store.close()
    payload = {
        "office_id": args.office,
        "advisor_id": advisor_id,
        "advisor_token": token,
        "enrolment_code": code,
        "public_key": base64.b64encode(public).decode(),
    }
    runtime.emit(
        args.json,
        payload,
        lambda: "\n".join(
            map(
                str,
                (
                    mc.DC_CLI_OFFICE_CREATED(office=args.office),
                    mc.DC_CLI_ADVISOR_TOKEN(name=args.advisor, advisor=advisor_id, token=token),
                    mc.DC_CLI_AGENT_CODE(code=code),
                    mc.DC_CLI_PUBLIC_KEY(key=payload["public_key"]),
                ),
            )
        ),
    )
    return EXIT_OK


def cmd_advisor(args: argparse.Namespace, runtime: Runtime) -> int:
    with office_store(args, runtime) as (store, operator), store.write() as conn:
        advisor_id, token = tenancy.create_advisor(conn, operator.office_id, args.name, runtime.clock.now())
    runtime.emit(
        args.json,
        {"advisor_id": advisor_id, "advisor_token": token},
        lambda: str(mc.DC_CLI_ADVISOR_TOKEN(name=args.name, advisor=advisor_id, token=token)),
    )
    return EXIT_OK


def cmd_code(args: argparse.Namespace, runtime: Runtime) -> int:
    with office_store(args, runtime) as (store, operator), store.write() as conn:
        code = tenancy.create_enrolment_code(conn, operator.office_id, runtime.clock.now())
    runtime.emit(
        args.json,
        {"office_id": args.office, "enrolment_code": code},
        lambda: str(mc.DC_CLI_CODE(code=code)),
    )
    return EXIT_OK


def cmd_request(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.datacenter.store.scoped import OfficeScope  # noqa: PLC0415

    with office_store(args, runtime) as (store, operator), store.write() as conn:
        request_id = OfficeScope(conn, operator).create_request(
            [check_id(m, "--mandant") for m in args.mandant], args.mode, runtime.clock.now()
        )
    runtime.emit(
        args.json,
        {"request_id": request_id, "mandanten": args.mandant, "mode": args.mode, "state": "waiting"},
        lambda: str(
            mc.DC_CLI_REQUESTED(
                request=request_id,
                mandanten=", ".join(args.mandant),
                mode=mc.DC_LIVE_MODE_FULL() if args.mode == "full" else mc.DC_LIVE_MODE_INCREMENTAL(),
            )
        ),
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.datacenter.ingest import import_files  # noqa: PLC0415 - loads bmd only here

    files: dict[str, bytes] = {}
    seen: dict[str, str] = {}
    for path in args.files:
        full = Path(path) if Path(path).is_absolute() else runtime.cwd / path
        if full.name in seen:
            raise UsageError(mc.DC_CLI_SAME_NAME(path=path, other=seen[full.name]))
        seen[full.name] = path
        try:
            files[full.name] = full.read_bytes()
        except OSError as exc:
            raise UsageError(mc.BMD_CANNOT_READ(name=path, reason=os_reason(exc))) from exc
    limits = limits_from_env(runtime.environ)
    try:
        with office_store(args, runtime) as (store, operator):
            mandant = check_id(args.mandant, "--mandant")
            bundle_id, status, rows = import_files(store, operator, mandant, files, runtime.clock, limits)
    except TooLargeError as exc:
        runtime.emit(
            args.json,
            {"status": "refused", "reason": str(exc), "problems": []},
            str(mc.DC_CLI_TOO_LARGE(reason=str(exc))),
        )
        return EXIT_PROBLEMS
    except RefusedError as exc:
        payload: dict[str, Any] = {
            "status": "refused",
            "reason": str(exc.reason),
            "code": exc.reason.code,
            "problems": [p.as_dict() for p in exc.problems],
        }
        lines = [str(mc.IMPORT_REFUSED(reason=exc.reason)), *cap(exc.problems, show_all=args.all)]
        runtime.emit(args.json, payload, "\n".join(lines))
        return EXIT_PROBLEMS
    runtime.emit(
        args.json,
        {"bundle_id": bundle_id, "status": status, "rows": rows},
        lambda: str(
            (mc.DC_CLI_IMPORTED if status == "ingested" else mc.DC_CLI_IMPORTED_BEFORE)(
                mandant=args.mandant, rows=rows
            )
        ),
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace, runtime: Runtime) -> int:
    from syncsystem.datacenter.serve import serve  # noqa: PLC0415 - uvicorn only when serving

    if args.workers < 1:
        raise UsageError(mc.DC_SERVE_WORKERS())
    if not (args.office_poll_seconds == 0 or 5 <= args.office_poll_seconds <= args.poll_seconds):
        raise UsageError(mc.DC_SERVE_OFFICE_POLL(seconds=args.office_poll_seconds))
    passed = (*ENV_LIMITS, ENV_TOKEN_CACHE, ENV_INGESTS)
    limits = {name: runtime.environ[name] for name in passed if name in runtime.environ}
    for name, (field, _) in ENV_LIMITS.items():
        dest = field.replace("_bytes", "_mib")
        given = getattr(args, dest)
        if given is not None:
            if given < 1:
                raise UsageError(mc.DC_SERVE_AT_LEAST_ONE(option=f"--{dest.replace('_', '-')}", value=given))
            limits[name] = str(given)
    serve(
        db_url(args, runtime),
        args.host,
        args.port,
        workers=args.workers,
        cert=args.cert,
        key=args.key,
        poll_seconds=args.poll_seconds,
        office_poll_seconds=args.office_poll_seconds,
        environ=limits,
        key_file=key_file(args, runtime),
    )
    return EXIT_OK


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=type(parser))
    _add_init(sub)
    _add_serve(sub)
    _add_import(sub)
    _add_request(sub)
    _add_advisor(sub)
    register_credentials(sub)
    register_status(sub)
    _add_code(sub)


def _add_init(sub: Any) -> None:
    p = sub.add_parser("init", help=str(mc.CLI_HELP_DATACENTER_INIT()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_INIT_OFFICE()))
    p.add_argument("--office-name", help=str(mc.CLI_HELP_DATACENTER_INIT_OFFICE_NAME()))
    p.add_argument("--advisor", default="Steuerberater", help=str(mc.CLI_HELP_DATACENTER_INIT_ADVISOR()))
    key_option(p)
    p.set_defaults(handler=cmd_init)


def _add_serve(sub: Any) -> None:
    p = sub.add_parser("serve", help=str(mc.CLI_HELP_DATACENTER_SERVE()))
    common(p, json_flag=False)
    key_option(p)
    p.add_argument("--host", default="127.0.0.1", help=str(mc.CLI_HELP_DATACENTER_SERVE_HOST()))
    p.add_argument("--port", type=int, default=8443, help=str(mc.CLI_HELP_DATACENTER_SERVE_PORT()))
    p.add_argument("--cert", help=str(mc.CLI_HELP_DATACENTER_SERVE_CERT()))
    p.add_argument("--key", help=str(mc.CLI_HELP_DATACENTER_SERVE_KEY()))
    p.add_argument("--workers", type=int, default=1, help=str(mc.CLI_HELP_DATACENTER_SERVE_WORKERS()))
    p.add_argument(
        "--poll-seconds", type=int, default=1800, help=str(mc.CLI_HELP_DATACENTER_SERVE_POLL_SECONDS())
    )
    p.add_argument(
        "--office-poll-seconds",
        type=int,
        default=0,
        metavar="N",
        help=str(mc.CLI_HELP_DATACENTER_SERVE_OFFICE_POLL_SECONDS()),
    )
    _add_limit_options(p)
    p.set_defaults(handler=cmd_serve)


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    """``--max-…``: the upload limits, each overriding its ``$SYNCSYSTEM_DATACENTER_…`` variable."""
    defaults = Limits()
    for option, dest, default, what in (
        (
            "--max-bundle-mib",
            "max_bundle_mib",
            defaults.max_bundle_bytes >> 20,
            mc.CLI_HELP_DATACENTER_MAX_BUNDLE,
        ),
        (
            "--max-decompressed-mib",
            "max_decompressed_mib",
            defaults.max_decompressed_bytes >> 20,
            mc.CLI_HELP_DATACENTER_MAX_DECOMPRESSED,
        ),
        (
            "--max-rows-per-file",
            "max_rows_per_file",
            defaults.max_rows_per_file,
            mc.CLI_HELP_DATACENTER_MAX_FILE_ROWS,
        ),
        (
            "--max-rows-per-bundle",
            "max_rows_per_bundle",
            defaults.max_rows_per_bundle,
            mc.CLI_HELP_DATACENTER_MAX_BUNDLE_ROWS,
        ),
    ):
        p.add_argument(
            option,
            dest=dest,
            type=int,
            metavar="N",
            help=str(what(default=default, env=f"SYNCSYSTEM_DATACENTER_{dest.upper()}")),
        )


def _add_import(sub: Any) -> None:
    p = sub.add_parser("import", help=str(mc.CLI_HELP_DATACENTER_IMPORT()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.add_argument("--mandant", required=True, help=str(mc.CLI_HELP_DATACENTER_IMPORT_MANDANT()))
    p.add_argument("files", nargs="+", help=str(mc.CLI_HELP_DATACENTER_IMPORT_FILES()))
    p.add_argument("--all", action="store_true", help=str(mc.CLI_HELP_DATACENTER_IMPORT_ALL()))
    p.set_defaults(handler=cmd_import)


def _add_request(sub: Any) -> None:
    p = sub.add_parser("request", help=str(mc.CLI_HELP_DATACENTER_REQUEST()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.add_argument(
        "--mandant", required=True, action="append", help=str(mc.CLI_HELP_DATACENTER_REQUEST_MANDANT())
    )
    p.add_argument(
        "--mode", choices=MODES, default="incremental", help=str(mc.CLI_HELP_DATACENTER_REQUEST_MODE())
    )
    p.set_defaults(handler=cmd_request)


def _add_advisor(sub: Any) -> None:
    p = sub.add_parser("advisor", help=str(mc.CLI_HELP_DATACENTER_ADVISOR()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.add_argument("--name", required=True, help=str(mc.CLI_HELP_DATACENTER_ADVISOR_NAME()))
    p.set_defaults(handler=cmd_advisor)


def _add_code(sub: Any) -> None:
    p = sub.add_parser("code", help=str(mc.CLI_HELP_DATACENTER_CODE()))
    common(p)
    p.add_argument("--office", required=True, help=str(mc.CLI_HELP_DATACENTER_OFFICE()))
    p.set_defaults(handler=cmd_code)
