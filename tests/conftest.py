"""Fixtures shared by the whole suite: the CLI runner, PostgreSQL, the leak check, and `uploads` (every
file Starlette spools while a test runs; raw ASGI calls for the upload tests are in tests/asgi_raw.py).

PostgreSQL: testcontainers where a Docker engine answers, else ``SYNCSYSTEM_TEST_POSTGRES_URL``,
else the local server on 127.0.0.1:5432 (database ``test``). Each test session gets a database of
its own, dropped at the end. Under ``CI=true`` a missing server fails the tests, never skips them.

Golden files (tests/golden/): compared through the ``golden`` fixture, each recorded with its
SHA-256 in ``tests/golden/SHA256SUMS``. Only ``pytest --regen-golden`` rewrites them (and the sums);
the option is refused under CI and tox, and a test fails when a golden file differs from its sum,
so a golden file changed by hand — not regenerated — is caught.

Leak check: at the end of the session no thread and no child process that a test started may
still run; fixtures must stop what they start.

Under ``CI=true`` nothing may be skipped: a skip (a missing server, program or module) is reported as
a failure, so a green CI run means every test ran. ``SYNCSYSTEM_SCREENSHOTS`` names a directory where
browser tests save screenshots (the certification bundle shows them).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
import sqlalchemy
from starlette.datastructures import UploadFile

from syncsystem import messages
from syncsystem.cli import run
from syncsystem.clock import DEFAULT_TZ, SimulatedClock
from syncsystem.runtime import Runtime

# SYNCSYSTEM_SHARED_DIR: where a copy of the tree runs elsewhere (mutmut runs the tests in mutants/).
SHARED = Path(os.environ.get("SYNCSYSTEM_SHARED_DIR") or Path(__file__).resolve().parents[2] / "shared")
SAMPLES = SHARED / "reference" / "bmd-samples"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_SUMS = GOLDEN_DIR / "SHA256SUMS"
LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Library-level tests read messages in English (en.po); the CLI chooses its own language
    from its runtime's environment (German unless the locale is English, or ``--lang``), and the
    advisor page is always German, so German wording is asserted where it is shown."""
    messages.set_language("en")
    yield
    messages.set_language(None)


@pytest.fixture
def samples_dir() -> Path:
    """The real BMD sample files in ../shared/reference/bmd-samples."""
    if not SAMPLES.is_dir():
        pytest.fail(f"BMD samples not found at {SAMPLES}: shared/ must lie beside the project root")
    return SAMPLES


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden and their SHA256SUMS "
        "(by hand after an intended format change; refused under CI and tox)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--regen-golden") and (os.environ.get("CI") or os.environ.get("TOX_ENV_NAME")):
        raise pytest.UsageError("--regen-golden rewrites expected values; run it by hand, never in CI or tox")


def golden_sums() -> dict[str, str]:
    """The recorded SHA-256 of each golden file, by path relative to tests/golden."""
    sums: dict[str, str] = {}
    for line in GOLDEN_SUMS.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name] = digest
    return sums


@dataclass
class Golden:
    """Compares produced bytes with a golden file; rewrites file and sum only under --regen-golden."""

    regenerate: bool

    def check(self, path: Path, produced: bytes) -> None:
        if self.regenerate:
            path.write_bytes(produced)
            name = path.relative_to(GOLDEN_DIR).as_posix()
            sums = golden_sums() | {name: hashlib.sha256(produced).hexdigest()}
            GOLDEN_SUMS.write_text("".join(f"{d}  {n}\n" for n, d in sorted(sums.items())), encoding="utf-8")
        assert produced == path.read_bytes(), f"{path} differs (regenerate by hand: pytest --regen-golden)"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden-file comparison of this run (see the module docstring)."""
    return Golden(bool(request.config.getoption("--regen-golden")))


@pytest.fixture
def uploads(monkeypatch: pytest.MonkeyPatch) -> list[UploadFile]:
    """Every `UploadFile` Starlette makes while the test runs (the upload tests check each is closed)."""
    made: list[UploadFile] = []
    original = UploadFile.__init__

    def recording(self: UploadFile, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        made.append(self)

    monkeypatch.setattr(UploadFile, "__init__", recording)
    return made


@pytest.fixture
def sim_clock() -> SimulatedClock:
    """A simulated clock starting Monday 2026-03-02 08:00 in Vienna."""
    return SimulatedClock(datetime(2026, 3, 2, 8, 0, tzinfo=DEFAULT_TZ))


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(sim_clock: SimulatedClock, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run ``syncsystem`` in process against a simulated clock; returns a `CliResult`."""

    def invoke(*argv: str, environ: dict[str, str] | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        runtime = Runtime(
            clock=sim_clock,
            environ=environ or {},
            stdout=out,
            stderr=err,
            cwd=tmp_path,
            rng=random.Random(7),
        )
        try:
            code = run([str(a) for a in argv], runtime)
        except SystemExit as exc:  # argparse usage errors and --help
            code = int(exc.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke


def _docker_answers() -> bool:
    """Whether a Docker engine listens, probed with a plain socket (no client left half-open)."""
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    try:
        if host.startswith("unix://"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(1)
                probe.connect(host.removeprefix("unix://"))
        else:
            address = host.split("://", 1)[-1].rsplit(":", 1)
            with socket.create_connection((address[0], int(address[1])), timeout=1):
                pass
    except (OSError, ValueError, IndexError):
        return False
    return True


def _docker_postgres() -> Iterator[str] | None:
    if not _docker_answers():
        return None
    from testcontainers.postgres import PostgresContainer  # noqa: PLC0415 — only where Docker runs

    def gen() -> Iterator[str]:
        with PostgresContainer("postgres:16", driver="psycopg") as container:
            yield container.get_connection_url()

    return gen()


def _reachable(url: str) -> str | None:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(sqlalchemy.text("select 1"))
        return None
    except Exception as exc:  # any failure to connect means: not reachable
        return f"{type(exc).__name__}: {exc}"
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh PostgreSQL database for this test session (dropped afterwards)."""
    container = _docker_postgres()
    if container is not None:
        yield next(container)
        return
    admin_url = os.environ.get("SYNCSYSTEM_TEST_POSTGRES_URL", LOCAL_POSTGRES)
    reason = _reachable(admin_url)
    if reason is not None:
        message = f"no PostgreSQL reachable at {admin_url}: {reason}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = f"syncsystem_test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    url = sqlalchemy.make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _no_skips_on_ci(report: pytest.TestReport | pytest.CollectReport) -> None:
    """Under CI=true a skip becomes a failure naming its reason (an expected xfail stays as it is)."""
    if os.environ.get("CI") != "true" or not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped under CI=true, which must run every test: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    _no_skips_on_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    _no_skips_on_ci(outcome.get_result())


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[object, str], Path | None]:
    """``screenshot(page, label)`` saves a full-page PNG into ``$SYNCSYSTEM_SCREENSHOTS`` if set."""

    def save(page: object, label: str) -> Path | None:
        target = os.environ.get("SYNCSYSTEM_SCREENSHOTS")
        if not target:
            return None
        folder = Path(target)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{request.node.name}-{label}.png".replace("/", "_")
        page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path

    return save


_THREADS_AT_START: set[int] = set()


def pytest_sessionstart(session: pytest.Session) -> None:
    _THREADS_AT_START.update(t.ident or 0 for t in threading.enumerate())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a test left a thread or a child process behind."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        threads = [t for t in threading.enumerate() if t.ident not in _THREADS_AT_START and t.is_alive()]
        children = [
            p
            for p in psutil.Process().children(recursive=True)
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE
        ]
        if not threads and not children:
            return
        time.sleep(0.1)
    lines = [f"thread {t.name!r} (daemon={t.daemon})" for t in threads]
    lines += [f"child process {p.pid} {' '.join(p.cmdline()[:4])!r}" for p in children]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    reporter.write_line(
        "LEAK CHECK FAILED — still running after the session:\n  " + "\n  ".join(lines), red=True
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (it cannot download a browser of its own)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only browser tests need it

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield chromium
        finally:
            chromium.close()
