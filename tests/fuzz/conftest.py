"""Fuzzing harness: hypothesis profiles, the seed corpus, and a guard per input (error tree, hang, memory).

Every fuzz test feeds one input at a time through `guard`, which counts the input, arms a per-input
alarm (a hang fails the test with `Hang`), lets exceptions of the project's tree
(`syncsystem.errors.SyncsystemError`) pass as the documented refusal, and after the input checks
the process' peak memory against a bound. Anything else — a `KeyError`, `UnicodeEncodeError`,
`RecursionError` — escapes, and hypothesis shrinks it to the smallest input that shows it.

``SYNCSYSTEM_FUZZ_PROFILE`` picks the budget: ``ci`` (default; the bounded slice the normal suite
runs, a few dozen inputs per target), ``long`` (``tox -e fuzz``: thousands per target). With
``SYNCSYSTEM_FUZZ_SHOW=1`` hypothesis prints every input it tries; the session always ends with
the number of inputs tried per target.
"""

from __future__ import annotations

import base64
import os
import resource
import signal
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, Verbosity, settings

from syncsystem import bmd
from syncsystem.bmd.records import Booking, Clearing, OpenItem
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.datacenter.app import create_app
from syncsystem.datacenter.store import tenancy
from syncsystem.datacenter.store.engine import Store
from syncsystem.errors import SyncsystemError

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette deprecates httpx in its TestClient; the client works
    from starlette.testclient import TestClient

SHARED = Path(__file__).resolve().parents[3] / "shared"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "bmd"

settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=3000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("SYNCSYSTEM_FUZZ_PROFILE", "ci")
if PROFILE not in ("ci", "long"):
    raise pytest.UsageError(f"SYNCSYSTEM_FUZZ_PROFILE={PROFILE!r}: expected ci or long")
SHOW = os.environ.get("SYNCSYSTEM_FUZZ_SHOW", "") not in ("", "0")
FUZZ = settings(settings.get_profile(PROFILE), verbosity=Verbosity.verbose if SHOW else Verbosity.normal)
"""The settings every fuzz test uses (``@FUZZ`` under ``@given``)."""

INPUT_SECONDS = float(os.environ.get("SYNCSYSTEM_FUZZ_INPUT_SECONDS", "20"))
"""Per-input alarm: generous, since the machine is shared; a real hang never ends."""
MEMORY_BOUND_MIB = 1536
"""Peak RSS of the test process; a decompression or row bomb would go far beyond."""

TRIED: Counter[str] = Counter()
REFUSED: Counter[str] = Counter()


class Hang(Exception):  # noqa: N818 - named after what happened
    """One input took longer than ``INPUT_SECONDS``."""


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


@contextmanager
def guard(target: str) -> Iterator[None]:
    """Run one input of ``target``: refusals from the error tree pass, everything else fails."""
    TRIED[target] += 1

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"{target}: one input ran longer than {INPUT_SECONDS:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, INPUT_SECONDS)
    try:
        yield
    except SyncsystemError:
        REFUSED[target] += 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    peak = _peak_mib()
    assert peak < MEMORY_BOUND_MIB, f"{target}: peak memory {peak:.0f} MiB, bound {MEMORY_BOUND_MIB} MiB"


def corpus() -> list[tuple[str, bytes]]:
    """Files to mutate: the shared real BMD samples (other writers), the golden NTCS files, and a
    hand-written canonical booking file, OP list and Auszifferungsliste (invoices R-1…R-3 of account
    200001) — valid files let hostile bundles reach the datacenter's store."""
    files = [p for p in sorted((SHARED / "reference" / "bmd-samples").glob("*")) if p.suffix != ".md"]
    files += sorted(GOLDEN.glob("*.csv"))
    seeds = [(p.name, p.read_bytes()) for p in files if p.is_file()]
    items = [
        OpenItem(200001, f"R-{i}", date(2026, 3, 1), Decimal(a), Decimal(a), "AR", "")
        for i, a in ((1, "120.00"), (2, "50.00"), (3, "80.00"))
    ]
    pays = [
        Clearing(f"R-{i}", Decimal(a), date(2026, 3, 5), 200001, f"BK-{i}", f"Zahlung BK-{i}")
        for i, a in ((1, "100.00"), (2, "50.00"), (3, "80.00"))
    ]
    bookings = [
        Booking(
            4000, f"B-{i}", date(2026, 3, 2), 1, Decimal(a), gkonto=2800, buchsymbol="KA", text=f"Kassa {i}"
        )
        for i, a in ((1, "120.00"), (2, "0.01"), (3, "-5.50"))
    ]
    seeds.append(("buchungen.csv", bmd.dumps(bookings, bmd.Kind.BOOKINGS)))
    seeds.append(("op-liste.csv", bmd.dumps(items, bmd.Kind.OPENITEMS)))
    seeds.append(("auszifferungen.csv", bmd.dumps(pays, bmd.Kind.CLEARINGS)))
    return seeds


@dataclass
class Datacenter:
    client: TestClient
    agent_id: str
    agent: dict[str, str]
    advisor: dict[str, str]
    public_key: bytes
    store: Store
    clock: SimulatedClock


@contextmanager
def datacenter_over(store: Store, key_file: Path | None = None) -> Iterator[Datacenter]:
    """The real datacenter app over ``store`` (migrated, empty) with one office and one enrolled agent."""
    clock = SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))
    with store.write() as conn:
        tenancy.create_office(conn, "kanzlei-fuzz", "Kanzlei Fuzz", clock.now())
        _, advisor_token = tenancy.create_advisor(conn, "kanzlei-fuzz", "Mag. Fuzz", clock.now())
        code = tenancy.create_enrolment_code(conn, "kanzlei-fuzz", clock.now())
    app = create_app(store, clock, key_file=key_file)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as client:
        answer = client.post("/api/v1/enrol", json={"code": code, "name": "fuzz"}).json()
        yield Datacenter(
            client,
            answer["agent_id"],
            {"Authorization": f"Bearer {answer['token']}"},
            {"Authorization": f"Bearer {advisor_token}"},
            base64.b64decode(answer["public_key"]),
            store,
            clock,
        )


@pytest.fixture(scope="module")
def datacenter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Datacenter]:
    """The real datacenter app on SQLite with one office and one enrolled agent (module-wide)."""
    store = Store.open(f"sqlite:///{tmp_path_factory.mktemp('fuzz-dc') / 'dc.sqlite'}")
    with datacenter_over(store) as dc:
        yield dc
    store.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TRIED:
        return
    terminalreporter.section(f"fuzz: inputs tried (profile {PROFILE})")
    for target in sorted(TRIED):
        terminalreporter.write_line(
            f"{target:<34} {TRIED[target]:>7} tried, {REFUSED[target]:>7} refused with a project error"
        )
