"""The lean load generator of `datacenter_ingest.py`: sealed bundles PUT by wrk (C, LuaJIT scripting).

On loopback the load generator shares the cores with the server and PostgreSQL; httpx spends several
ms of CPU per 21 KB upload, wrk a fraction of one — what a remote agent's upload costs the server's
machine is none of it. One window: the window's sealed bundles are written to a folder (one file each,
their ids and the agent token beside them); ``wrk -t8 -c8`` runs one connection per thread, and each
thread PUTs its own slice of them (``setup(thread)`` hands out the slices, ``init`` reads and formats
them before wrk starts its threads). A thread stops (``wrk.thread:stop()``) after the answer that comes
once ``seconds`` have passed since its first upload, or when its slice runs out — with one connection
per thread nothing is in flight then, so every bundle sent was answered and none is sent twice (a
request asked for after that would be a ``GET /healthz``, never counted). Only answers 200 with
``"status": "ingested"`` count; anything else (and wrk's socket errors) are errors. The window runs
from the first thread's first upload to the last thread's last answer (CLOCK_MONOTONIC via LuaJIT's
ffi); when every thread has said it stopped, wrk is interrupted (SIGINT) and prints the totals.
The client's CPU per request is the wrk process's (/proc, its start and the files' reading included).

Also here: the httpx client the benchmark used before (8 tasks in the benchmark's own process, whose
CPU in the window is the client's), the warm-up, and the printing of both clients' figures.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _bench import runs_text, verdict
from _peak_probe import cpu_seconds

CONNECTIONS = 8
WARM_UP = 8  # uploads before the first window: every worker imports and connects

_LUA = r"""
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(1, ts)  -- CLOCK_MONOTONIC, as Python's time.monotonic
  return tonumber(ts.tv_sec) + tonumber(ts.tv_nsec) * 1e-9
end

local threads = {}
function setup(thread)
  thread:set("slice", #threads)
  threads[#threads + 1] = thread
end

function init(args)
  dir, seconds, per = args[1], tonumber(args[2]), tonumber(args[3])
  local f = io.open(dir .. "/token", "r")
  local auth = "Bearer " .. f:read("*l")
  f:close()
  local ids = {}
  for line in io.lines(dir .. "/ids") do ids[#ids + 1] = line end
  uploads = {}
  for i = slice * per + 1, slice * per + per do
    local g = io.open(dir .. "/" .. i, "rb")
    local body = g:read("*a")
    g:close()
    uploads[#uploads + 1] = wrk.format("PUT", "/api/v1/bundles/" .. ids[i], {["Authorization"] = auth}, body)
  end
  idle = wrk.format("GET", "/healthz")
  nxt, ok, errors, sent, exhausted, stopped, counting = 1, 0, 0, 0, 0, false, false
end

function request()
  if slice == 0 and not verified then  -- wrk calls thread 0's request() once before it starts, to
    verified = true                    -- count pipelined requests: that one is never sent
    return idle
  end
  local t = now()
  if started == nil then started, deadline = t, t + seconds end
  if not stopped and t < deadline and nxt <= #uploads then
    local r = uploads[nxt]
    nxt, sent, counting = nxt + 1, sent + 1, true
    return r
  end
  counting = false
  return idle
end

function response(status, headers, body)
  if not counting then return end
  counting = false
  finished = now()
  if status == 200 and body:find('"status":%s*"ingested"') then ok = ok + 1 else errors = errors + 1 end
  if not stopped and (finished >= deadline or nxt > #uploads) then
    stopped = true
    if nxt > #uploads and finished < deadline then exhausted = 1 end
    local m = io.open(dir .. "/stopped-" .. slice, "w")
    m:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local ok, errors, sent, exhausted, first, last = 0, 0, 0, 0, math.huge, 0
  for _, t in ipairs(threads) do
    ok, errors = ok + (t:get("ok") or 0), errors + (t:get("errors") or 0)
    sent, exhausted = sent + (t:get("sent") or 0), exhausted + (t:get("exhausted") or 0)
    first, last = math.min(first, t:get("started") or math.huge), math.max(last, t:get("finished") or 0)
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  io.write(string.format("BENCH ok=%d errors=%d sent=%d exhausted=%d socket=%d start=%.6f end=%.6f\n",
    ok, errors, sent, exhausted, socket, first, last))
end
"""

_RESULT = re.compile(
    r"BENCH ok=(\d+) errors=(\d+) sent=(\d+) exhausted=(\d+) socket=(\d+) start=([\d.]+) end=([\d.]+)"
)


def machine_busy() -> tuple[float, float]:
    """CPU-seconds all cores have spent busy so far (/proc/stat: all but idle and iowait), and now."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK"), time.monotonic()


def cores(since: tuple[float, float]) -> float:
    busy, now = machine_busy()
    return (busy - since[0]) / (now - since[1])


@dataclass(frozen=True)
class Window:
    """One measured window of uploads: answers 200 ``ingested``, every other outcome, how long, and
    the CPU-seconds the server's processes and the load generator spent in it."""

    client: str
    ingested: int
    errors: int
    seconds: float
    server_cpu: float
    client_cpu: float
    sent: int
    exhausted: int = 0  # wrk threads whose slice ran out before the window's end
    busy: float = 0.0  # the machine's busy cores (/proc/stat: all its jobs, neighbours included)

    @property
    def rate(self) -> float:
        return self.ingested / self.seconds


def wrk_window(
    url: str,
    token: str,
    bundles: list[tuple[str, bytes]],
    seconds: float,
    folder: Path,
    server_cpu: Callable[[], float],
) -> Window:
    """``bundles`` (at least `CONNECTIONS` of them, split evenly) PUT by wrk for ``seconds``."""
    per = len(bundles) // CONNECTIONS
    folder.mkdir(parents=True)
    (folder / "token").write_text(token + "\n", encoding="ascii")
    (folder / "ids").write_text("".join(f"{b}\n" for b, _ in bundles), encoding="ascii")
    for i, (_, data) in enumerate(bundles, 1):
        (folder / str(i)).write_bytes(data)
    script = folder / "upload.lua"
    script.write_text(_LUA, encoding="ascii")
    cmd = ["wrk", f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", f"-d{int(seconds) + 120}s", "--timeout", "60s"]
    cmd += ["-s", str(script), url, "--", str(folder), str(seconds), str(per)]
    cpu0, machine = server_cpu(), machine_busy()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + seconds + 100
        while len(list(folder.glob("stopped-*"))) < CONNECTIONS:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"wrk did not finish its window: {proc.communicate()}")
            time.sleep(0.02)
        used, client, busy = server_cpu() - cpu0, cpu_seconds(proc.pid) or 0.0, cores(machine)
        proc.send_signal(signal.SIGINT)  # wrk then joins its threads and runs done()
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    found = _RESULT.search(out)
    if found is None:
        raise RuntimeError(f"wrk gave no totals:\n{out}\n{err}")
    ok, errors, sent, exhausted, socket = (int(found.group(i)) for i in range(1, 6))
    start, end = float(found.group(6)), float(found.group(7))
    return Window("wrk", ok, errors + socket, end - start, used, client, sent, exhausted, busy)


def wrk_windows(
    url: str,
    token: str,
    batch: Callable[[int, int], list[tuple[str, bytes]]],
    seconds: float,
    runs: int,
    before: Callable[[], None] | None,
    server_cpu: Callable[[], float],
    folder: Path,
) -> list[Window]:
    """``runs`` windows by `wrk_window`, each of fresh bundles ``batch(start, count)`` — enough for
    ~100 bundles/s (a window whose slices ran out says so); ``before`` runs ahead of each window."""
    per_window = (int(seconds * 12) + 4) * CONNECTIONS
    found = []
    for run in range(runs):
        bundles = batch(run * per_window, per_window)
        if before is not None:
            before()
        found.append(wrk_window(url, token, bundles, seconds, folder / f"window-{run}", server_cpu))
    return found


async def httpx_windows(
    url: str,
    token: str,
    make: Callable[[int], tuple[str, bytes]],
    seconds: float,
    runs: int,
    before: Callable[[], None] | None,
    cpu: Callable[[], float],
) -> list[Window]:
    """``runs`` windows of ``seconds``, 8 concurrent httpx clients in this process (its CPU in the
    window is the client's); ``cpu``: the server's processes so far; ``before`` runs ahead of each
    window (the baseline's window, so both see the same load)."""
    import httpx  # noqa: PLC0415 - only this phase needs it

    # Sealed up front (sealing is the agent's work); made on demand only if the server outruns this.
    queue = [make(i) for i in range(int(seconds * runs * 60) + 40)]
    next_index, found = len(queue), []
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for _ in range(runs):
            if before is not None:
                before()
            done = errors = sent = 0
            cpu0, mine, start, machine = cpu(), time.process_time(), time.perf_counter(), machine_busy()

            async def worker(deadline: float = start + seconds) -> None:
                nonlocal done, errors, sent, next_index
                while time.perf_counter() < deadline:
                    if not queue:
                        queue.append(make(next_index))
                        next_index += 1
                    bundle_id, data = queue.pop()
                    r = await client.put(f"{url}/api/v1/bundles/{bundle_id}", content=data)
                    sent += 1
                    if r.status_code == 200 and r.json().get("status") == "ingested":
                        done += 1
                    else:
                        errors += 1

            await asyncio.gather(*(worker() for _ in range(8)))
            spent, used = time.perf_counter() - start, cpu() - cpu0
            mine = time.process_time() - mine
            found.append(Window("httpx", done, errors, spent, used, mine, sent, busy=cores(machine)))
    return found


def http_figures(label: str, found: list[Window]) -> float:
    """Print one HTTP figure (bundles/s, the server's CPU per bundle, the client's per request)."""
    rates = [w.rate for w in found]
    server = [w.server_cpu / max(w.ingested, 1) * 1000 for w in found]
    client = [w.client_cpu / max(w.sent, 1) * 1000 for w in found]
    print(
        f"{label}, 8 {found[0].client} clients: {statistics.median(rates):7.1f} bundles/s "
        f"({runs_text(rates, '{:.1f}')}); server CPU {statistics.median(server):.1f} ms per bundle "
        f"({runs_text(server, '{:.1f}')}); {found[0].client} CPU {statistics.median(client):.2f} ms "
        f"per request ({runs_text(client, '{:.2f}')})"
    )
    server_cores = [w.server_cpu / w.seconds for w in found]
    print(
        f"        busy cores by window: the server {runs_text(server_cores, '{:.2f}')}, the whole "
        f"machine {runs_text([w.busy for w in found], '{:.2f}')} of {os.cpu_count()} (neighbours included)"
    )
    return statistics.median(rates)


def warm_up(url: str, token: str, bundles: list[tuple[str, bytes]]) -> None:
    import httpx  # noqa: PLC0415 - only the HTTP phases need it

    with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for bundle_id, data in bundles:
            client.put(f"{url}/api/v1/bundles/{bundle_id}", content=data).raise_for_status()


def check_stored(found: list[Window], stored: int, label: str) -> None:
    """Print whether the store holds exactly the warm-up's and the windows' ingested bundles."""
    ingested = sum(w.ingested for w in found)
    ran_out = "".join(
        f"; window {i + 1}: {w.exhausted} slice(s) ran out" for i, w in enumerate(found) if w.exhausted
    )
    print(
        f"        {label}: {stored} bundles stored = {WARM_UP} warm-up + {ingested} answered ingested: "
        f"{verdict(stored == WARM_UP + ingested)}; errors {sum(w.errors for w in found)}{ran_out}"
    )
