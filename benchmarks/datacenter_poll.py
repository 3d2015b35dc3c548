"""Agent polls per second on the realistic path, beside bare Starlette and a bare lookup + update.

One run, one SQLite store (WAL, ``synchronous=NORMAL``) holding 10,000 enrolled agents — one per
office, each with its own token. Four uvicorn processes (one worker each, uvloop + httptools,
loopback, plain HTTP), measured in turn, three interleaved rounds, median shown:

- ``hello``:  bare Starlette answering a constant JSON body — the ceiling;
- ``bare``:   bare Starlette + sqlite3 on the same database: per request the token-hash lookup
  (agent_tokens ⋈ agents) and the ``last_seen_at`` UPDATE, committed — what the work costs by hand;
- ``real``:   the product's ``GET /api/v1/poll``, every request with another of the 10,000 tokens,
  with the 2-second token cache and the once-a-minute last-seen throttle switched off: an agent
  polls every 30 minutes, so in production neither ever hits. Each poll is a token lookup, the
  waiting-requests lookup and a last-seen write;
- ``cached``: the product's poll with ONE token and both caches on — the easy path, reported
  separately and not judged.

Load generator: ``wrk -t1 -c50`` with a Lua script cycling through the tokens (the same script for
hello, bare and real, so the generator's cost is equal); without wrk an httpx client, and no
verdict. Goal: real/hello ≥ 0.3.

    python benchmarks/datacenter_poll.py [--seconds 5] [--agents 10000] [--rounds 3]

Last figures (2026-12-06, 2 shared cores, load 2.6→2.1; medians of 3): hello 23,875 req/s, bare
lookup + update 10,814, product poll 7,629 = 0.32 of hello, 0.71 of bare (an earlier run at load
1.9→2.7: 22,880 / 11,699 / 8,244 = 0.36); cached, not judged: 11,894. Before the poll ran on the
event-loop thread's own SQLite connection (three pool checkouts per poll): 0.23 (4,934 of 21,371).
With the advisor's nightly Mandanten in the poll answer (a fourth prepared statement on the same
connection; 2026-12-06, load 7–10, wrk, 10,000 agents, 4 s, medians of 3): real/bare 0.74 and 0.59
in two runs against 0.78 for the code before it in a run between them (same machine, same load);
real/hello 0.24 and 0.47 against 0.43 — the hello ceiling itself varied 3,758–8,116 req/s at that load.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from _bench import MIN_RUNS, free_port, machine_load, runs_text, verdict, wrk_missing

GOAL = 0.3
_LUA = """
local tokens = {}
for line in io.lines("%s") do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i %% #tokens + 1
  return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[i]})
end
"""


# --- the apps the uvicorn processes import ---------------------------------------------------------
async def _hello(request: Request) -> JSONResponse:
    return JSONResponse({"sync": False})


hello_app = Starlette(routes=[Route("/hello", _hello)])

_BARE_SQL = (
    "SELECT t.agent_id, t.office_id FROM agent_tokens t JOIN agents a ON a.id = t.agent_id "
    "WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.revoked_at IS NULL"
)


def bare_app() -> Starlette:
    """Token lookup + last-seen UPDATE by hand: one sqlite3 connection, on the event loop."""
    path = os.environ["SYNCSYSTEM_DATACENTER_DB"].removeprefix("sqlite:///")
    con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA busy_timeout=30000")

    async def bare(request: Request) -> JSONResponse:
        token = request.headers["authorization"].removeprefix("Bearer ")
        row = con.execute(_BARE_SQL, (hashlib.sha256(token.encode()).hexdigest(),)).fetchone()
        if row is None:
            return JSONResponse({"error": "unknown token"}, status_code=401)
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "UPDATE agents SET last_seen_at = ? WHERE id = ?",
            (datetime.now(UTC).replace(tzinfo=None).isoformat(" "), row[0]),
        )
        con.execute("COMMIT")
        return JSONResponse({"sync": False, "agent": row[0]})

    return Starlette(routes=[Route("/bare", bare)])


def real_app() -> Starlette:
    """The product's app with the token cache and the last-seen throttle off (see module docstring)."""
    from syncsystem.datacenter.serve import app_from_env  # noqa: PLC0415

    app = app_from_env()
    app.state.dc.agent_cache.ttl = -1.0  # every lookup misses
    app.state.dc.seen.every = -1.0  # every poll writes last_seen_at
    return app


def cached_app() -> Starlette:
    from syncsystem.datacenter.serve import app_from_env  # noqa: PLC0415

    return app_from_env()


# --- driving ------------------------------------------------------------------------------------


def _start(factory: str, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "--app-dir",
            str(Path(__file__).parent),
            factory,
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{factory} did not start")


def _wrk(url: str, seconds: int, script: Path | None, token: str | None) -> float:
    cmd = ["wrk", "-t1", "-c50", f"-d{seconds}s"]
    if script is not None:
        cmd += ["-s", str(script)]
    if token is not None:
        cmd += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


async def _httpx_load(url: str, seconds: int, tokens: list[str]) -> float:
    import httpx  # noqa: PLC0415

    done, cycle = 0, itertools.cycle(tokens)
    limits = httpx.Limits(max_connections=50, max_keepalive_connections=50)
    async with httpx.AsyncClient(limits=limits) as client:
        end = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal done
            while time.monotonic() < end:
                r = await client.get(url, headers={"Authorization": f"Bearer {next(cycle)}"})
                r.raise_for_status()
                done += 1

        start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(50)))
        return done / (time.monotonic() - start)


def _prepare(db_url: str, agents: int) -> list[str]:
    """Migrate, then enrol ``agents`` agents, one per office, each through a code of its own."""
    from syncsystem.datacenter.keys import beside_database, ensure_keys  # noqa: PLC0415
    from syncsystem.datacenter.store import tenancy  # noqa: PLC0415
    from syncsystem.datacenter.store.engine import Store  # noqa: PLC0415

    store = Store.open(db_url)
    now = datetime.now(UTC)
    tokens = []
    ensure_keys(store, beside_database(db_url) or Path("datacenter.key"))
    with store.write() as conn:
        for i in range(agents):
            office = f"kanzlei-{i:05d}"
            tenancy.create_office(conn, office, f"Kanzlei {i}", now)
            code = tenancy.create_enrolment_code(conn, office, now)
            tokens.append(tenancy.enrol(conn, code, f"agent-{i}", now).token)
    store.close()
    return tokens


def _last_seen_written(db_url: str) -> int:
    con = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return int(con.execute("SELECT count(*) FROM agents WHERE last_seen_at IS NOT NULL").fetchone()[0])
    finally:
        con.close()


# name: (the app factory its uvicorn process imports, the path, another token per request? else one)
TARGETS = {
    "hello": ("datacenter_poll:_hello_factory", "/hello", True),
    "bare": ("datacenter_poll:bare_app", "/bare", True),
    "real": ("datacenter_poll:real_app", "/api/v1/poll", True),
    "cached": ("datacenter_poll:cached_app", "/api/v1/poll", False),
}


@dataclass(frozen=True)
class _Load:
    """One load generator for every measurement: wrk with the Lua token script, or httpx without wrk."""

    tokens: list[str]
    script: Path
    no_wrk: bool

    @staticmethod
    def write(tmp: Path, tokens: list[str], no_wrk: bool) -> _Load:
        """The token list and the script cycling through it, written to ``tmp``."""
        token_file = tmp / "tokens.txt"
        token_file.write_text("\n".join(tokens) + "\n", encoding="ascii")
        script = tmp / "tokens.lua"
        script.write_text(_LUA % token_file, encoding="ascii")
        return _Load(tokens, script, no_wrk)

    def measure(self, url: str, rotate: bool, seconds: int) -> float:
        """Requests per second on ``url`` over ``seconds``, every request with another token if ``rotate``."""
        if self.no_wrk:
            return asyncio.run(_httpx_load(url, seconds, self.tokens if rotate else self.tokens[:1]))
        return _wrk(url, seconds, self.script if rotate else None, None if rotate else self.tokens[0])


def _serve_and_measure(env: dict[str, str], load: _Load, seconds: int, rounds: int) -> dict[str, list[float]]:
    """Every target in its own uvicorn process; a warm-up each, then ``rounds`` interleaved rounds."""
    procs, urls = [], {}
    try:
        for name, (factory, path, _) in TARGETS.items():
            port = free_port()
            procs.append(_start(factory, env, port))
            urls[name] = f"http://127.0.0.1:{port}{path}"
        for name, (_, _, rotate) in TARGETS.items():  # warm-up: imports, statement caches, page cache
            load.measure(urls[name], rotate, 1)
        results: dict[str, list[float]] = {name: [] for name in TARGETS}
        for _ in range(rounds):
            for name, (_, _, rotate) in TARGETS.items():
                results[name].append(load.measure(urls[name], rotate, seconds))
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
    return results


def _report(
    results: dict[str, list[float]], args: argparse.Namespace, rounds: int, no_wrk: bool, written: int
) -> None:
    """The medians per target, how many agents were seen, and the ratios with the verdict."""
    med = {name: statistics.median(values) for name, values in results.items()}
    tool = "httpx.AsyncClient x50 (wrk missing)" if no_wrk else "wrk -t1 -c50, Lua token rotation"
    print(f"load generator: {tool}; {args.seconds} s per measurement, median of {rounds} interleaved rounds")
    labels = {
        "hello": "bare Starlette hello (ceiling)",
        "bare": "bare Starlette + sqlite3 lookup + update",
        "real": f"product poll, {args.agents:,} distinct tokens, no caches",
        "cached": "CACHED: product poll, one token, caches on",
    }
    for name, label in labels.items():
        print(f"{label:<48}: {med[name]:8.0f} req/s   {runs_text(results[name])}")
    print(f"agents with last_seen_at written: {written:,} of {args.agents:,}")
    ratio = med["real"] / med["hello"]
    print(f"ratio real/bare lookup+update   : {med['real'] / med['bare']:.2f}")
    print(f"ratio cached/hello (not judged) : {med['cached'] / med['hello']:.2f}")
    judged = verdict(ratio >= GOAL, judged=not no_wrk)
    print(f"ratio real/hello                : {ratio:.2f}  (goal >= {GOAL}: {judged})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=MIN_RUNS, help=f"interleaved rounds (>= {MIN_RUNS})")
    args = parser.parse_args()
    if args.rounds < MIN_RUNS:
        parser.error(f"--rounds {args.rounds}: a median needs at least {MIN_RUNS} rounds")
    rounds = args.rounds
    with machine_load("datacenter_poll"), tempfile.TemporaryDirectory() as tmp:
        no_wrk = wrk_missing()
        db_url = f"sqlite:///{Path(tmp) / 'poll.db'}"
        t0 = time.monotonic()
        tokens = _prepare(db_url, args.agents)
        print(f"{args.agents:,} agents enrolled in {time.monotonic() - t0:.1f} s (one office each)")
        load = _Load.write(Path(tmp), tokens, no_wrk)
        env = {**os.environ, "SYNCSYSTEM_DATACENTER_DB": db_url, "SYNCSYSTEM_DATACENTER_SECURE_COOKIES": "0"}
        results = _serve_and_measure(env, load, args.seconds, rounds)
        written = _last_seen_written(db_url)
    _report(results, args, rounds, no_wrk, written)


def _hello_factory() -> Starlette:
    return hello_app


if __name__ == "__main__":
    main()
