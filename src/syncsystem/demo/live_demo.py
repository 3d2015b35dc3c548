"""``syncsystem demo --keep-running``: after the week the simulated time keeps moving, accelerated.

`keep_running` paces the demo's `SimulatedClock` against the real one — by default one working hour
in ten real seconds (`SPEED` 360) — and ticks the agent on it as during the week: BMD books at the
end of each working day, the agent polls and syncs nightly, the terminal timeline goes on. While an
advisor has the page open the datacenter answers polls with ``fast_poll_seconds`` (`LIVE_SETTINGS`:
two simulated minutes, a third of a real second), so "Jetzt aktualisieren" clicked during the demo
shows the live log and ends "eingespielt" within a second or two.

`login_link` gives the one-time link the demo prints: the browser opens the page over plain HTTP
on 127.0.0.1 (`LiveDatacenter.serve_page`: no certificate warning), while the agent keeps talking
TLS to the datacenter's other listener.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import partial

from syncsystem.clock import DEFAULT_TZ
from syncsystem.datacenter.auth import authenticate_advisor
from syncsystem.datacenter.context import Settings
from syncsystem.demo.week import DemoWorld
from syncsystem.messages import codes as mc

__all__ = ["LIVE_SETTINGS", "SPEED", "keep_running", "login_link", "schedule_days_off"]

SPEED = 360.0
"""Simulated seconds per real second: one working hour in ten seconds."""
# Cookies without ``Secure``: the browser reaches the page over plain HTTP on loopback.
LIVE_SETTINGS = Settings(fast_poll_seconds=120, warm_poll_seconds=600, show_clock=True, secure_cookies=False)


def login_link(world: DemoWorld) -> str:
    """A one-time login link to the page's plain-HTTP listener for the demo's advisor."""
    assert world.access is not None
    world.datacenter.serve_page()
    with world.datacenter.store.read() as conn:
        advisor = authenticate_advisor(conn, world.access.advisor_token)
    code = world.datacenter.app.state.dc.login_links.issue(advisor)
    return f"{world.datacenter.page_url}/anmelden/{code}"


def schedule_days_off(world: DemoWorld, first: date, days: int) -> None:
    """The timeline's "kein Arbeitstag" lines (weekends, holidays by name) for ``days`` from ``first``."""
    for offset in range(days):
        day = first + timedelta(days=offset)
        if day not in world.days_off and not world.calendar.is_working_day(day):
            world.days_off.add(day)
            weekend = mc.DEMO_SATURDAY() if day.weekday() == 5 else mc.DEMO_SUNDAY()
            why = world.calendar.holiday(day) or weekend.text(world.options.lang)
            world.clock.call_at(
                datetime.combine(day, datetime.min.time().replace(hour=21), DEFAULT_TZ),
                partial(world.announce_day_off, why),
            )


def keep_running(
    world: DemoWorld,
    *,
    speed: float = SPEED,
    step: float = 0.1,
    running: Callable[[], bool] = lambda: True,
    monotonic: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Move simulated time at ``speed`` × real time while ``running()`` (Ctrl-C ends it)."""
    assert world.runner is not None
    schedule_days_off(world, world.options.end.date(), 366)
    start_sim, start_real = world.clock.now(), monotonic()
    while running():
        target = start_sim + timedelta(seconds=(monotonic() - start_real) * speed)
        if target > world.clock.now():
            world.runner.run_until(target, before_tick=world.bmd_books, on_tick=world.observe)
        sleep(step)
