"""The soak's world and its loop: real datacenter over TLS on loopback, BMD emulator, the real agent.

`SoakWorld` builds what the demo and the end-to-end scenarios build — the datacenter app over
SQLite served by uvicorn on 127.0.0.1 with a private CA (`syncsystem.demo.datacenter.LiveDatacenter`,
`syncsystem.demo.tls`), a seeded BMD emulator office, an agent enrolled over HTTPS
(`syncsystem.demo.agent.enrol`) — and puts the fault injectors of `soak_faults` in between. The
agent runs as in production: one fresh `Worker` per wake-up (a new process each time, so a kill
loses all its memory), started when the ``agenda`` it left is due, with the resident timer's
backoff when a run left none (`syncsystem.agent.resident`). Time is a `SimulatedClock`; the
agent's host clock is that clock plus an offset the clock-jump fault moves.

Phases: *inject* — BMD books every evening at 18:00, the advisor asks for data at random times,
and every few simulated minutes one fault is armed (kinds dealt like cards, so each comes up
equally often), until the target number has fired or the time bounds are hit; *drain* — every
fault off, BMD stops booking, the advisor asks for everything once more, and the agent runs until
the datacenter has every Mandant at BMD's cursor (or three simulated days pass). Then the books are
read from both databases and `soak_ledger.account` judges.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as dtime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from emulators.bmd import END_OF_WORKDAY, Office
from soak_faults import KINDS, FaultCounts, FaultGate, FaultyBmd, Kill, TrippedClient, TrippedOutbox, Tripwire
from soak_ledger import MandantBooks, Report, account

from syncsystem import bmd
from syncsystem.agent.client import DatacenterClient
from syncsystem.agent.config import save_config
from syncsystem.agent.exporter import OfficeExporter
from syncsystem.agent.resident import read_agenda
from syncsystem.agent.worker import Worker
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.auth import Principal
from syncsystem.datacenter.store import schema
from syncsystem.datacenter.store.scoped import OfficeScope
from syncsystem.demo.agent import emulator_export_command, enrol
from syncsystem.demo.datacenter import AdvisorClient, LiveDatacenter
from syncsystem.demo.tls import make_tls
from syncsystem.errors import RemoteError, SyncsystemError

OFFICE = "kanzlei-soak"
MONDAY = date(2026, 3, 2)


@dataclass(frozen=True, slots=True)
class SoakOptions:
    """How long and how hard; the defaults are ``tox -e soak``."""

    seed: int = 7
    faults: int = 1000
    mandanten: int = 4
    kinds: tuple[str, ...] = tuple(KINDS)
    fault_every_minutes: float = 12.0  # mean simulated gap between two armed faults
    max_days: int = 60  # simulated, inject phase
    budget_seconds: float = 1800.0  # real, inject phase
    drain_days: int = 3
    drain_seconds: float = 300.0  # real: an agent stuck retrying one bundle must not keep the soak going
    timeout_seconds: float = 1.5  # the agent's HTTP timeout, so slow links cost seconds, not minutes
    slow_seconds: tuple[float, float] = (0.2, 2.5)


class AgentClock:
    """The agent host's clock: the simulated clock plus an offset that the clock-jump fault moves."""

    def __init__(self, base: SimulatedClock) -> None:
        self.base, self.offset = base, timedelta(0)

    @property
    def tz(self) -> tzinfo:
        return self.base.tz

    def now(self) -> datetime:
        return self.base.now() + self.offset

    def monotonic(self) -> float:
        return self.base.monotonic()  # monotonic time does not jump

    def wait_until(self, deadline: datetime) -> None:
        self.base.wait_until(deadline - self.offset)

    def sleep(self, seconds: float) -> None:
        self.base.sleep(seconds)


@contextmanager
def _quiet_logs(path: Path) -> Iterator[None]:
    """Agent and datacenter logs go to a file in the state folder, not to the terminal."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    loggers = [logging.getLogger(n) for n in ("syncsystem", "uvicorn", "uvicorn.error", "emulators")]
    saved = [(lg, lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
        lg.setLevel(logging.INFO)
    try:
        yield
    finally:
        for lg, propagate, level in saved:
            lg.removeHandler(handler)
            lg.propagate, lg.level = propagate, level
        handler.close()


class SoakWorld:
    def __init__(self, state: Path, options: SoakOptions) -> None:
        self.state, self.options = state, options
        self.rng = random.Random(options.seed)
        self.clock = SimulatedClock(datetime.combine(MONDAY, dtime(7, 0), DEFAULT_TZ))
        self.agent_clock = AgentClock(self.clock)
        self.counts = FaultCounts()
        self.wire = Tripwire(self.counts)
        tls = make_tls(state / "tls")
        self.office = Office.create(
            state / "bmd", seed=options.seed, mandanten=options.mandanten, profile="small", start=MONDAY
        )
        self.dc = LiveDatacenter(state / "datacenter.sqlite", self.clock, tls)
        self.gate = FaultGate(self.dc.app, self.clock.now, self.counts, lambda: self.dc._server)
        self.dc.app = self.gate
        self.dc.start()
        access = self.dc.create_office(OFFICE, "Kanzlei Soak", "Mag. Soak")
        config, self.token = enrol(
            self.dc.url,
            tls.ca_file,
            access.enrolment_code,
            state / "agent",
            self.office.mandanten,
            export_command=emulator_export_command(self.office),
        )
        self.config = dataclasses.replace(config, timeout_seconds=options.timeout_seconds)
        save_config(self.config)
        self.advisor = AdvisorClient(self.dc.url, access.advisor_token, tls.ca_file, timeout=30)
        self.bmd = FaultyBmd(self.office, config.agent_id, self.counts, self.wire, frozenset(options.kinds))
        self.deck: list[str] = []
        self.armed_at: dict[str, int] = {}  # kind: its fired count once the last armed one fired
        self.runs = self.deaths = self.failures = 0
        self.unexpected: list[str] = []
        self.outage_until: datetime | None = None
        self.bmd_done = MONDAY - timedelta(days=1)

    def close(self) -> None:
        self.advisor.close()
        self.dc.close()

    # --- the agent, as the resident timer runs it ----------------------------------------------
    def _client(self) -> Any:
        real = DatacenterClient(
            self.config.datacenter_url,
            self.token,
            ca_file=self.config.ca_file,
            timeout=self.config.timeout_seconds,
        )
        return TrippedClient(real, self.wire)

    def run_worker(self) -> datetime:
        """One worker process: tick, then the next start as the resident would choose it."""
        self.runs += 1
        worker = Worker(
            self.config,
            clock=self.agent_clock,
            exporter=OfficeExporter(self.bmd, self.clock),
            client_factory=self._client,
            durable=False,
        )
        outbox = worker.outbox
        worker.outbox = TrippedOutbox(outbox, self.wire)  # type: ignore[assignment]
        try:
            worker.tick()
        except Kill:
            self.deaths += 1
        except SyncsystemError:
            self.deaths += 1  # the worker logs it and exits 1
        except Exception as exc:  # a traceback: the worker died of something outside the error tree
            self.deaths += 1
            self.unexpected.append(f"{type(exc).__name__}: {exc}"[:300])
        finally:
            outbox.close()
        agenda, now = read_agenda(str(self.config.state_dir)), self.agent_clock.now()
        if agenda is None or agenda <= now.timestamp():
            self.failures += 1
            return self.clock.now() + timedelta(seconds=min(60.0 * 2 ** min(self.failures - 1, 10), 1800.0))
        self.failures = 0
        return self.clock.now() + timedelta(seconds=max(1.0, agenda - now.timestamp()))

    # --- the world around it --------------------------------------------------------------------
    def bmd_books(self) -> None:
        local = self.clock.now().astimezone(DEFAULT_TZ)
        day = local.date() if local.time() >= END_OF_WORKDAY else local.date() - timedelta(days=1)
        if day > self.bmd_done:
            self.office.advance_to(self.clock.now())
            self.bmd_done = day

    def request(self, mandanten: list[str] | None = None) -> None:
        wanted = mandanten or self.rng.sample(
            list(self.office.mandanten), self.rng.randint(1, len(self.office.mandanten))
        )
        try:
            self.advisor.request_sync(sorted(wanted), "incremental")
            self.advisor.mandanten()  # and looks at the overview (a 5xx is caught by the gate)
        except RemoteError:
            pass  # datacenter down or answering 5xx; the gate recorded what it must

    def _draw(self) -> str | None:
        """The next kind from the deck whose last armed fault has fired: one of each kind at most is
        pending, so none piles up (717 stacked BMD locks would starve every export) and each gets
        its turn at the calls and exports the agent makes."""
        for _ in range(2 * len(self.options.kinds)):
            if not self.deck:
                self.deck = list(self.options.kinds)
                self.rng.shuffle(self.deck)
            kind = self.deck.pop()  # a waiting one sits this round out and comes back with the next
            if self.counts.fired[kind] >= self.armed_at.get(kind, 0):
                return kind
        return None

    def arm(self) -> None:
        """Arm the next fault from the deck."""
        kind = self._draw()
        if kind is None:
            return
        self.counts.armed[kind] += 1
        self.armed_at[kind] = self.counts.fired[kind] + 1
        rng, faults, now = self.rng, self.gate.faults, self.clock.now()
        path = rng.choice(["", "", "/bundles/", "/poll"])  # "": the next agent call, whichever
        if kind == "worker_kill":
            self.wire.arm_kill(rng.randint(1, 25), after=rng.random() < 0.5)
        elif kind == "disk_full":
            if rng.random() < 0.5:
                self.wire.arm_disk_full(rng.randint(1, 10))
            else:
                self.bmd.disk_full += 1
        elif kind == "http_5xx":
            faults.fail_next(1, status=rng.choice([500, 502, 503, 504]), path_contains=path)
        elif kind == "http_429":
            faults.fail_next(1, status=429, retry_after=rng.choice([5, 60, 300]), path_contains=path)
        elif kind in ("reset_before_ingest", "reset_after_ingest"):
            faults.reset_uploads(1, after_ingest=kind == "reset_after_ingest")
        elif kind == "gateway_5xx_after_ingest":
            self.gate.gateway_after += 1
        elif kind == "slow_link":
            faults.slow(rng.uniform(*self.options.slow_seconds))  # the next agent call, whichever
            self.counts.fire(kind)  # in force from now: counted when set (the gate logs the call too)
        elif kind == "offline":
            # at least one poll interval, so a call meets it; counted once per span
            faults.offline(now + timedelta(minutes=rng.randint(31, 120)))
            self.counts.fire(kind)  # counted when set: at least one poll falls into the span
        elif kind == "outage":
            if self.outage_until is None:
                # The advisor's idle keep-alive connection would hold uvicorn's graceful shutdown
                # (TLS close waits for the peer); a real outage drops it, so the harness does too.
                self.advisor.session.close()
                self.dc.stop()
            until = now + timedelta(minutes=rng.randint(10, 180))
            self.outage_until = max(until, self.outage_until or until)  # one already running goes on
            self.counts.fire(kind)
        elif kind == "server_clock":  # the datacenter's clock is off from now on, until the next one
            faults.clock_offset = timedelta(minutes=rng.choice([-600, -90, -10, 7, 45, 600]))
            self.counts.fire(kind)
        elif kind == "clock_jump":
            jump = timedelta(minutes=rng.choice([-180, -45, -7, 3, 20, 90, 240]))
            self.agent_clock.offset = (
                timedelta(0)
                if abs(self.agent_clock.offset + jump) > timedelta(hours=6)
                else self.agent_clock.offset + jump
            )
            self.counts.fire(kind)
        elif kind in ("bmd_locked", "bmd_crash"):
            self.office.control.inject(kind.removeprefix("bmd_"), times=1)
            self.counts.fire(kind)  # BMD answers the next export with it
        elif kind == "empty_export":
            self.request([rng.choice(list(self.office.mandanten))])  # nothing new since the last sync
        elif kind == "poison_bundle":
            self.bmd.poison += 1
        elif kind == "nan_manifest":
            self.bmd.nan += 1
        elif kind == "non_utf8_name":
            self.bmd.bad_name += 1

    def disarm(self) -> None:
        self.gate.faults.reset()
        self.gate.gateway_after = 0
        self.wire.disarm()
        self.bmd.disarm()
        self.office.control.clear()
        self.agent_clock.offset = timedelta(0)
        self.end_outage()

    def end_outage(self) -> None:
        if self.outage_until is not None:
            self.dc.start()
            self.outage_until = None

    # --- the loop ---------------------------------------------------------------------------------
    def play(self) -> Report:
        started = time.monotonic()
        opts, rng = self.options, self.rng
        stop_at = self.clock.now() + timedelta(days=opts.max_days)
        next_worker = self.clock.now()
        next_fault = self.clock.now() + timedelta(minutes=rng.expovariate(1 / opts.fault_every_minutes))
        next_request = self.clock.now() + timedelta(minutes=rng.randint(30, 180))
        while not self._enough(started) and self.clock.now() < stop_at:
            moments = [next_worker, next_fault, next_request, self._next_evening()]
            if self.outage_until is not None:
                moments.append(self.outage_until)
            self.clock.wait_until(min(moments))
            now = self.clock.now()
            if self.outage_until is not None and now >= self.outage_until:
                self.end_outage()
            self.bmd_books()
            if now >= next_request:
                self.request()
                next_request = now + timedelta(minutes=rng.expovariate(1 / 45))
            if now >= next_fault:
                self.arm()
                next_fault = now + timedelta(minutes=rng.expovariate(1 / opts.fault_every_minutes))
            if now >= next_worker:
                next_worker = self.run_worker()
        days = (self.clock.now() - datetime.combine(MONDAY, dtime(7, 0), DEFAULT_TZ)).total_seconds() / 86400
        drained = self._drain(next_worker)
        self.disarm()  # the datacenter is up again for reading the books
        report = self._account()
        report.worker_runs, report.worker_deaths = self.runs, self.deaths
        report.unexpected_errors, report.datacenter_5xx = self.unexpected, self.gate.real_5xx
        report.drained, report.simulated_days = drained, days
        report.real_seconds = time.monotonic() - started
        return report

    def _enough(self, started: float) -> bool:
        fired = self.counts.fired
        if time.monotonic() - started > self.options.budget_seconds:
            return True
        return sum(fired.values()) >= self.options.faults and all(fired[k] for k in self.options.kinds)

    def _next_evening(self) -> datetime:
        local = self.clock.now().astimezone(DEFAULT_TZ)
        evening = datetime.combine(local.date(), END_OF_WORKDAY, DEFAULT_TZ) + timedelta(minutes=1)
        return evening if evening > local else evening + timedelta(days=1)

    def _drain(self, next_worker: datetime) -> bool:
        self.disarm()
        self.request(list(self.office.mandanten))
        limit = self.clock.now() + timedelta(days=self.options.drain_days)
        deadline = time.monotonic() + self.options.drain_seconds
        while self.clock.now() < limit and time.monotonic() < deadline:
            if self._delivered():
                return True
            self.clock.wait_until(min(next_worker, limit))
            if self.clock.now() >= next_worker:
                next_worker = self.run_worker()
        return self._delivered()

    def _delivered(self) -> bool:
        bmd_cursors = {m["nr"]: m["cursor"] for m in self.office.control.inspect()["mandanten"]}
        return self._dc_cursors() == bmd_cursors

    def _dc_cursors(self) -> dict[str, int | None]:
        with self.dc.store.read() as conn:
            scope = OfficeScope(conn, Principal("advisor", "soak", OFFICE))
            return scope.cursors(list(self.office.mandanten))

    # --- the books --------------------------------------------------------------------------------
    def _account(self) -> Report:
        return account(
            seed=self.options.seed,
            target=self.options.faults,
            kinds=self.options.kinds,
            fired=self.counts.fired,
            armed=self.counts.armed,
            calls=self.gate.calls,
            exports=self.bmd.exports,
            ingested=self._ingested(),
            bmd=self._bmd_books(),
            dc=self._dc_books(),
        )

    def _ingested(self) -> list[str]:
        b = schema.bundles
        with self.dc.store.read() as conn:
            return [
                r.id
                for r in conn.execute(
                    sa.select(b.c.id).where(b.c.office_id == OFFICE, b.c.agent_id.is_not(None))
                )
            ]

    def _dc_books(self) -> dict[str, MandantBooks]:
        t, cursors = schema.bookings, self._dc_cursors()
        out = {}
        with self.dc.store.read() as conn:
            for mandant in self.office.mandanten:
                columns = (
                    t.c.konto,
                    t.c.gkonto,
                    t.c.belegnr,
                    t.c.belegdatum,
                    t.c.buchsymbol,
                    t.c.buchcode,
                    t.c.betrag_cent,
                    t.c.steuer_cent,
                    t.c.steuercode,
                    t.c.text,
                    t.c.kost,
                )
                mine = sa.select(*columns).where(t.c.office_id == OFFICE, t.c.mandant == mandant)
                rows = conn.execute(mine)
                out[mandant] = MandantBooks(cursors.get(mandant), Counter(tuple(r) for r in rows))
        return out

    def _bmd_books(self) -> dict[str, MandantBooks]:
        """BMD's bookings from a full export of its own (read with the BMD file library)."""
        cursors = {m["nr"]: m["cursor"] for m in self.office.control.inspect()["mandanten"]}
        out = {}
        with tempfile.TemporaryDirectory(prefix="soak-bmd-") as tmp:
            self.office.export(Path(tmp))
            for mandant in self.office.mandanten:
                records = bmd.read(Path(tmp) / mandant / "buchungen.csv", bmd.Kind.BOOKINGS).records
                out[mandant] = MandantBooks(cursors[mandant], Counter(_booking_key(b) for b in records))
        return out


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


def _booking_key(b: Any) -> tuple[Any, ...]:
    return (
        int(b.konto),
        None if b.gkonto is None else int(b.gkonto),
        b.belegnr,
        b.belegdatum,
        b.buchsymbol,
        int(b.buchcode),
        _cents(b.betrag),
        _cents(b.steuer),
        b.steuercode,
        b.text,
        b.kost,
    )


def run_soak(options: SoakOptions, state: Path | None = None) -> Report:
    """Build the world in ``state`` (default: a temporary folder), play it, return the report.

    The default folder lies in ``/dev/shm`` where there is one: every commit of the outbox and the
    datacenter's SQLite fsyncs, which on a shared disk costs more than the whole simulation, and a
    killed process is modelled in process (the WAL semantics hold in memory just the same)."""
    shm = Path("/dev/shm")
    memory = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="syncsystem-soak-", dir=memory) as tmp:
        folder = state or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        with _quiet_logs(folder / "soak.log"):
            world = SoakWorld(folder, options)
            try:
                return world.play()
            finally:
                world.close()
