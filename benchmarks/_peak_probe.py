"""What `nightly_peak.py` watches while the load runs: CPU of the API workers and of PostgreSQL's
backends (from /proc), and pg_stat_activity's wait events, sampled every ``every`` seconds.

CPU comes from ``/proc/<pid>/stat`` (utime + stime, in clock ticks): the server process and every
descendant (uvicorn's worker processes), and each client backend of the benchmark's database
(``pg_stat_activity.datname``). A backend first seen during the run counts from its first sample;
the pool's connections open during the warm-up, before the first sample. pg_stat_statements is read
when PostgreSQL preloads it (``shared_preload_libraries``; `_pg_private` starts a cluster that does),
as snapshots per statement whose differences give each phase's calls and execution time.
"""

from __future__ import annotations

import collections
import os
import threading
from pathlib import Path

import sqlalchemy as sa

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of ``pid`` in seconds; None when it is gone or unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICK  # fields 14 and 15 of stat(5)


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (uvicorn's supervisor and its workers)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return found


class Probe:
    """Samples backends' CPU and wait events of database ``dbname`` in a thread until `stop`."""

    def __init__(self, admin_url: str, dbname: str, every: float = 0.1) -> None:
        self.engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.dbname, self.every = dbname, every
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.waits: collections.Counter[str] = collections.Counter()
        self.office_lock_waits: list[str] = []
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)
        self.engine.dispose()

    def backend_cpu(self) -> float:
        return sum(self.last[p] - self.first[p] for p in self.last)

    def _run(self) -> None:
        with self.engine.connect() as conn:
            while True:
                self._sample(conn)
                if self._stop.wait(self.every):
                    self._sample(conn)
                    return

    def _sample(self, conn: sa.Connection) -> None:
        rows = conn.execute(
            sa.text(
                "SELECT pid, state, wait_event_type, wait_event, query FROM pg_stat_activity "
                "WHERE datname = :db AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            ),
            {"db": self.dbname},
        ).all()
        self.samples += 1
        for pid, state, kind, event, query in rows:
            used = cpu_seconds(pid)
            if used is not None:
                self.first.setdefault(pid, used)
                self.last[pid] = used
            if state != "active" or kind is None:
                continue
            self.waits[f"{kind}:{event}"] += 1
            if kind == "Lock" and any(t in (query or "") for t in ("offices", "mandanten", "agents")):
                self.office_lock_waits.append(f"{event}: {(query or '')[:80]}")


def statements_available(admin_url: str) -> bool:
    """True when pg_stat_statements is preloaded (then its extension is created here)."""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            preload = conn.execute(sa.text("SHOW shared_preload_libraries")).scalar_one()
            if "pg_stat_statements" not in preload:
                return False
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            return True
    finally:
        engine.dispose()


Statements = dict[str, tuple[int, float]]  # normalised query text -> (calls, total_exec_time in ms)


def statements(admin_url: str, dbname: str) -> Statements:
    """What pg_stat_statements recorded for ``dbname`` so far, per statement."""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT query, sum(calls), sum(total_exec_time) FROM pg_stat_statements s "
                    "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = :db GROUP BY query"
                ),
                {"db": dbname},
            )
            return {query: (int(calls), float(ms)) for query, calls, ms in rows}
    finally:
        engine.dispose()


def statements_between(before: Statements, after: Statements) -> Statements:
    """The calls and execution time of each statement between two snapshots."""
    spent = {}
    for query, (calls, ms) in after.items():
        calls0, ms0 = before.get(query, (0, 0.0))
        if calls > calls0:
            spent[query] = (calls - calls0, ms - ms0)
    return spent


def statements_sum(parts: list[Statements | None]) -> Statements:
    """The calls and execution time of each statement over several stretches."""
    total: Statements = {}
    for part in parts:
        for query, (calls, ms) in (part or {}).items():
            calls0, ms0 = total.get(query, (0, 0.0))
            total[query] = (calls0 + calls, ms0 + ms)
    return total


def statements_lines(spent: Statements, count: int, unit: str, top: int = 8) -> list[str]:
    """The total per ``unit`` (``count`` of them) and the ``top`` statements by execution time."""
    total = sum(ms for _, ms in spent.values())
    calls = sum(c for c, _ in spent.values())
    lines = [
        f"pg_stat_statements: {total / count:.2f} ms execution time per {unit} in {calls / count:.1f} "
        "statements (time inside the statements, not CPU: it includes waits for locks and I/O, and "
        "for COPY FROM STDIN the wait for the client's rows)"
    ]
    for query, (c, ms) in sorted(spent.items(), key=lambda kv: -kv[1][1])[:top]:
        text = " ".join(query.split())
        lines.append(f"    {ms / count:6.2f} ms {c / count:5.2f}x  {text[:110]}")
    return lines
