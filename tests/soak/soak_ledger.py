"""The soak's books: what was sent, ingested, duplicated and lost, and whether BMD and datacenter agree.

Pure functions over what the harness recorded itself (the calls at the datacenter's door, the
exports BMD handed out) and what it read from the datacenter's database and from BMD — never over
what the agent says about itself. An export covers the cursor range ``(cursor_from, cursor_to]``
of its Mandant (``None`` is 0). Ingested bundles whose ranges overlap carry the same changes twice
(*duplicated*); a change of BMD's journal no ingested range covers, a booking BMD has and the
datacenter lacks, and a sent bundle that neither arrived nor was refused nor is covered by later
ones are *lost*. `Report.ok` is the verdict; `render` the table, `Report.to_json` the same as JSON.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from soak_faults import KINDS, Call, Exported

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class MandantBooks:
    """One Mandant's side in BMD or in the datacenter: its cursor and its bookings as a multiset."""

    cursor: int | None
    bookings: Counter[tuple[Any, ...]]


@dataclass(frozen=True, slots=True)
class Agreement:
    mandant: str
    bmd_cursor: int | None
    dc_cursor: int | None
    bmd_bookings: int
    dc_bookings: int
    missing: int  # in BMD, not in the datacenter
    extra: int  # in the datacenter, not in BMD

    @property
    def agrees(self) -> bool:
        return self.missing == 0 and self.extra == 0 and self.bmd_cursor == self.dc_cursor


@dataclass
class Report:
    """Everything the table shows, and the verdict."""

    seed: int
    target: int
    fired: dict[str, int]
    armed: dict[str, int]
    sent: int
    upload_attempts: int
    ingested: int
    refused: int
    refused_without_defect: int
    unsettled: int  # sent, but neither ingested nor refused by the end (stuck in the agent's queue)
    duplicated_bundles: int
    lost_bundles: int
    lost_changes: int
    agreements: list[Agreement]
    worker_runs: int = 0
    worker_deaths: int = 0
    unexpected_errors: list[str] = field(default_factory=list)
    datacenter_5xx: list[str] = field(default_factory=list)
    drained: bool = True
    simulated_days: float = 0.0
    real_seconds: float = 0.0
    kinds: tuple[str, ...] = ()

    @property
    def faults(self) -> int:
        return sum(self.fired.values())

    @property
    def duplicated(self) -> int:
        return self.duplicated_bundles + sum(a.extra for a in self.agreements)

    @property
    def lost(self) -> int:
        return self.lost_bundles + self.lost_changes + sum(a.missing for a in self.agreements)

    def failures(self) -> list[str]:
        """Why the soak fails; empty when it passes."""
        out = []
        if self.duplicated:
            out.append(f"duplicated {self.duplicated} (must be 0)")
        if self.lost:
            out.append(f"lost {self.lost} (must be 0)")
        out += [f"Mandant {a.mandant}: bookings disagree" for a in self.agreements if not a.agrees]
        if self.unsettled:
            out.append(f"{self.unsettled} sent bundles were neither ingested nor refused (stuck)")
        if self.refused_without_defect:
            out.append(
                f"{self.refused_without_defect} bundles without an injected defect were refused "
                "(a refused bundle must not take later ones with it)"
            )
        if self.faults < self.target:
            out.append(f"only {self.faults} faults fired, {self.target} wanted")
        out += [f"fault kind {k} never fired" for k in self.kinds if not self.fired.get(k)]
        if self.unexpected_errors:
            out.append(
                f"{len(self.unexpected_errors)} worker runs died of an exception outside the "
                "error tree (first: " + self.unexpected_errors[0] + ")"
            )
        if self.datacenter_5xx:
            out.append(
                f"the datacenter answered 5xx {len(self.datacenter_5xx)} times by itself "
                f"(first: {self.datacenter_5xx[0]})"
            )
        if not self.drained:
            out.append("the agent did not deliver everything once the faults stopped")
        return out

    @property
    def ok(self) -> bool:
        return not self.failures()

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "failures": self.failures(),
            "seed": self.seed,
            "target_faults": self.target,
            "faults_injected": self.faults,
            "faults_by_kind": dict(sorted(self.fired.items())),
            "faults_armed_by_kind": dict(sorted(self.armed.items())),
            "bundles": {
                "sent": self.sent,
                "upload_attempts": self.upload_attempts,
                "ingested": self.ingested,
                "refused": self.refused,
                "refused_without_defect": self.refused_without_defect,
                "unsettled": self.unsettled,
                "duplicated": self.duplicated,
                "lost": self.lost,
                "duplicated_bundles": self.duplicated_bundles,
                "lost_bundles": self.lost_bundles,
                "lost_changes": self.lost_changes,
            },
            "mandanten": [
                {
                    "mandant": a.mandant,
                    "bmd_cursor": a.bmd_cursor,
                    "dc_cursor": a.dc_cursor,
                    "bmd_bookings": a.bmd_bookings,
                    "dc_bookings": a.dc_bookings,
                    "missing": a.missing,
                    "extra": a.extra,
                    "agree": a.agrees,
                }
                for a in self.agreements
            ],
            "worker_runs": self.worker_runs,
            "worker_deaths": self.worker_deaths,
            "unexpected_errors": self.unexpected_errors[:50],
            "datacenter_5xx": self.datacenter_5xx[:50],
            "drained": self.drained,
            "simulated_days": round(self.simulated_days, 2),
            "real_seconds": round(self.real_seconds, 1),
        }


def _span(e: Exported) -> Range:
    return (e.cursor_from or 0, e.cursor_to)


def delivered_ranges(exports: Iterable[Exported], ingested: Iterable[str]) -> dict[str, list[Range]]:
    """Per Mandant the non-empty cursor ranges of ingested bundles (the last export of each job counts)."""
    wanted = set(ingested)
    last: dict[tuple[str, str], Exported] = {}
    for e in exports:
        if e.bundle_id in wanted:
            last[(e.bundle_id, e.mandant)] = e
    out: dict[str, list[Range]] = {}
    for e in last.values():
        lo, hi = _span(e)
        if hi > lo:
            out.setdefault(e.mandant, []).append((lo, hi))
    return {m: sorted(r) for m, r in out.items()}


def overlaps(ranges: list[Range]) -> int:
    """How many ranges share at least one change with a range before them (sorted by start)."""
    count, reach = 0, None
    for lo, hi in sorted(ranges):
        if reach is not None and lo < reach:
            count += 1
        reach = hi if reach is None else max(reach, hi)
    return count


def uncovered(ranges: list[Range], start: int, end: int | None) -> int:
    """Changes in ``(start, end]`` that no range covers."""
    end = end or 0
    missing, reach = 0, start
    for lo, hi in sorted(ranges):
        if lo > reach:
            missing += max(0, min(lo, end) - reach)
        reach = max(reach, hi)
    return missing + max(0, end - reach)


def agree(bmd: Mapping[str, MandantBooks], dc: Mapping[str, MandantBooks]) -> list[Agreement]:
    out = []
    for mandant in sorted(set(bmd) | set(dc)):
        ours = bmd.get(mandant, MandantBooks(None, Counter()))
        theirs = dc.get(mandant, MandantBooks(None, Counter()))
        out.append(
            Agreement(
                mandant,
                ours.cursor,
                theirs.cursor,
                sum(ours.bookings.values()),
                sum(theirs.bookings.values()),
                sum((ours.bookings - theirs.bookings).values()),
                sum((theirs.bookings - ours.bookings).values()),
            )
        )
    return out


def account(
    *,
    seed: int,
    target: int,
    kinds: Iterable[str],
    fired: Mapping[str, int],
    armed: Mapping[str, int],
    calls: Iterable[Call],
    exports: list[Exported],
    ingested: Iterable[str],
    bmd: Mapping[str, MandantBooks],
    dc: Mapping[str, MandantBooks],
) -> Report:
    """The report from the harness' journal (calls, exports) and the two databases' contents."""
    puts = [c for c in calls if c.method == "PUT" and c.bundle_id]
    sent = {c.bundle_id for c in puts}
    refused = {c.bundle_id for c in puts if c.app_status is not None and 400 <= c.app_status < 500}
    arrived = set(ingested)
    ranges = delivered_ranges(exports, arrived)
    last = {(e.bundle_id, e.mandant): e for e in exports}
    defective = {bundle_id for (bundle_id, _), e in last.items() if e.defect}
    lost_bundles = sum(
        1
        for bundle_id in sent - arrived - refused
        if any(uncovered(ranges.get(e.mandant, []), *_span(e)) for e in exports if e.bundle_id == bundle_id)
    )
    return Report(
        seed=seed,
        target=target,
        fired=dict(fired),
        armed=dict(armed),
        sent=len(sent),
        upload_attempts=len(puts),
        ingested=len(arrived & sent),
        refused=len(refused - arrived),
        refused_without_defect=len(refused - arrived - defective),
        unsettled=len(sent - arrived - refused),
        duplicated_bundles=sum(overlaps(r) for r in ranges.values()),
        lost_bundles=lost_bundles,
        lost_changes=sum(uncovered(ranges.get(m, []), 0, b.cursor) for m, b in bmd.items()),
        agreements=agree(bmd, dc),
        kinds=tuple(kinds),
    )


def render(report: Report) -> str:
    """The table the soak ends with."""
    lines = [
        f"Soak (seed {report.seed}): {report.simulated_days:.1f} simulated days in "
        f"{report.real_seconds:.0f} s, {report.worker_runs} worker runs, {report.worker_deaths} died",
        "",
        f"{'fault kind':<28} {'armed':>7} {'injected':>9}  what",
    ]
    armed, fired = report.armed, report.fired
    for kind in report.kinds:
        lines.append(f"{kind:<28} {armed.get(kind, 0):>7} {fired.get(kind, 0):>9}  {KINDS[kind]}")
    lines += [
        f"{'total':<28} {sum(armed.values()):>7} {report.faults:>9}  (at least {report.target})",
        "",
        f"bundles sent {report.sent} (upload attempts {report.upload_attempts}), "
        f"ingested {report.ingested}, refused {report.refused} ({report.refused_without_defect} "
        f"without a defect), unsettled {report.unsettled}, duplicated {report.duplicated} (must be 0), "
        f"lost {report.lost} (must be 0)",
        "",
        f"{'Mandant':<10} {'BMD cursor':>10} {'DC cursor':>10} {'BMD bookings':>13} "
        f"{'DC bookings':>12} {'missing':>8} {'extra':>6}  agree",
    ]
    for a in report.agreements:
        lines.append(
            f"{a.mandant:<10} {a.bmd_cursor!s:>10} {a.dc_cursor!s:>10} {a.bmd_bookings:>13} "
            f"{a.dc_bookings:>12} {a.missing:>8} {a.extra:>6}  {'yes' if a.agrees else 'NO'}"
        )
    failures = report.failures()
    lines += ["", "PASS" if not failures else "FAIL: " + "; ".join(failures)]
    return "\n".join(lines)
