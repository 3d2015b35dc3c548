"""Page 5, "Agent" (on the agent host, like budget123's "DQS Admin", seed 004): service status with
start and stop, the doctor's checks with their fix hints, the outbox, the last syncs with counts,
bytes and durations, and the log of the last runs.

It reads the profile folder the CLI's ``agent --home … --profile …`` names (`_places`): the outbox
(`agent.outbox`), the resident's pid, its log; the doctor is `agent.checkup.doctor_checks`, start and
stop `agent.service` — the functions ``syncsystem agent doctor|start|stop|runs|status`` call. Roles:
a Benutzer sees everything and may run the checks; starting and stopping the service is the
Administrator's.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from starlette.responses import Response

from syncsystem.agent import service
from syncsystem.agent.config import load_config
from syncsystem.agent.doctor import resident_running
from syncsystem.agent.outbox import Outbox
from syncsystem.agent.wording import run_states
from syncsystem.agent.worker import OUTBOX_NAME
from syncsystem.errors import SyncsystemError
from syncsystem.messages import codes as mc
from syncsystem.messages import speaking
from syncsystem.office.accounts import Role
from syncsystem.office.pages._forms import german
from syncsystem.office.pages._places import load_places
from syncsystem.office.web import PAGE, Captions, NavEntry, Req, page_route, render, see_other

__all__ = ["NAV", "NOTICES", "routes"]

BASE = "/agent"
NAV = NavEntry("Agent", BASE, Role.USER, order=50)
NOTICES = {"agent_gestartet": mc.OFFICE_AGENT_STARTED(), "agent_beendet": mc.OFFICE_AGENT_STOPPED()}
STATES: Captions[str] = {  # a bundle's state as the page names it (a run's: `run_states`)
    "pending": "wartet auf Bestätigung",
    "refused": "zurückgestellt (abgewiesen)",
    "acked": "bestätigt",
    "": "–",
}


def _local(iso: str, tz: tzinfo) -> str:
    """A stored instant (the agent keeps its next poll in UTC) as the office's wall time, TT.MM.JJJJ HH:MM."""
    try:
        return f"{datetime.fromisoformat(iso).astimezone(tz):%d.%m.%Y %H:%M}"
    except ValueError:
        return iso  # not an instant this version reads: shown as stored


def _outbox(state_dir: Path, tz: tzinfo) -> dict[str, Any]:
    if not (state_dir / OUTBOX_NAME).exists():
        return {"bundles": [], "runs": [], "cursors": {}, "next_poll": ""}
    with Outbox(state_dir / OUTBOX_NAME) as outbox:
        schedule = json.loads(outbox.get_meta("schedule") or "{}")
        return {
            "bundles": outbox.bundle_rows(),
            "runs": outbox.recent_runs(20),
            "cursors": outbox.acked_cursors(),
            "next_poll": _local(str(schedule.get("next_poll_at") or ""), tz),
        }


def _page(req: Req, *, checks: list[Any] | None = None, error: str = "", status: int = 200) -> Response:
    state_dir = load_places(req.office).agent_dir
    try:
        config = load_config(state_dir)
    except SyncsystemError as exc:
        return render(
            req,
            "agent.html",
            status=status,
            base=BASE,
            config=None,
            state_dir=state_dir,
            config_error=german(exc),
            admin=req.user.role is Role.ADMIN,
            error=error,
        )
    running, detail = resident_running(state_dir)
    return render(
        req,
        "agent.html",
        status=status,
        base=BASE,
        config=config,
        state_dir=state_dir,
        config_error="",
        running=running,
        detail=detail,
        admin=req.user.role is Role.ADMIN,
        checks=checks,
        error=error,
        log=service.log_tail(state_dir),
        states=STATES | run_states(PAGE),
        **_outbox(state_dir, req.office.clock.tz),
    )


def _show(req: Req) -> Response:
    return _page(req)


def _check(req: Req) -> Response:
    from syncsystem.agent.checkup import doctor_checks  # noqa: PLC0415 - requests only when asked

    state_dir = load_places(req.office).agent_dir
    try:
        with speaking(PAGE):  # the checks are worded as they run; the pages speak German
            checks = doctor_checks(state_dir, req.office.clock.now)
    except SyncsystemError as exc:
        return _page(req, error=german(exc), status=400)
    return _page(req, checks=checks)


def _service(action: Callable[[Path], int], notice: str) -> Callable[[Req], Response]:
    """A handler that starts or stops the profile's service (`agent.service`) and says so."""

    def handler(req: Req) -> Response:
        try:
            action(load_places(req.office).agent_dir)
        except SyncsystemError as exc:
            return _page(req, error=german(exc), status=400)
        return see_other(BASE, notice)

    return handler


routes = [
    page_route(BASE, _show, Role.USER),
    page_route(f"{BASE}/pruefen", _check, Role.USER, methods=("POST",)),
    page_route(f"{BASE}/starten", _service(service.start, "agent_gestartet"), Role.ADMIN, methods=("POST",)),
    page_route(f"{BASE}/beenden", _service(service.stop, "agent_beendet"), Role.ADMIN, methods=("POST",)),
]
