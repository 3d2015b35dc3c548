"""A `Source` over the closed import files of `syncsystem.interfaces` (debtor file / booking export).

`syncsystem.interfaces.closing` closes working files into ``YYYYMMDD_HHMM_Stammdaten.csv`` and
``YYYYMMDD_HHMM_Buchungen_<Mandant>.csv`` and writes, last, a manifest ``…_Abschluss.json`` with
the import order, sizes and SHA-256. This source takes the closes whose stamp lies in the run's
period, only once their manifest exists, checks every file against the manifest (a file changed
after closing is refused, not sent), keeps the job's Mandanten (and the Stammdaten only when the
job exports debtors) and returns them in the manifest's import order: person accounts first.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from syncsystem.errors import Problem
from syncsystem.interfaces.closing import MANIFEST_SUFFIX, ClosedSet, closed_sets
from syncsystem.messages import codes as mc
from syncsystem.transfer.config import JobConfig
from syncsystem.transfer.runs import Period
from syncsystem.transfer.source import SourceError, SourceProblemsError

__all__ = ["ClosedSetSource", "has_closed_sets"]


def has_closed_sets(folder: Path) -> bool:
    """Whether ``folder`` is an interfaces export folder (holds close manifests)."""
    return folder.is_dir() and any(folder.glob(f"*{MANIFEST_SUFFIX}"))


@dataclass(frozen=True)
class ClosedSetSource:
    root: Path
    tz: tzinfo

    def closed_before(self, moment: datetime, job: JobConfig) -> list[str]:
        """Files of the closes stamped at or before ``moment`` (the job's start) that the job would
        otherwise take: no run delivers them; ``transfer runs`` lists them as not transferred."""
        if not self.root.is_dir():
            return []
        wanted = {f"Buchungen_{m}.csv" for m in job.execution.mandanten}
        found: list[str] = []
        for closed in closed_sets(self.root):
            stamp = datetime.strptime(closed.stamp, "%Y%m%d_%H%M").replace(tzinfo=self.tz)
            if stamp > moment:
                continue
            for path in closed.files:
                plain = path.name.removeprefix(f"{closed.stamp}_")
                if plain in wanted or (plain == "Stammdaten.csv" and job.execution.export_debtors):
                    found.append(path.name)
        return found

    def files_for(
        self, period: Period, job: JobConfig, delivered: Collection[str] = frozenset()
    ) -> list[tuple[str, bytes]]:
        out: list[tuple[str, bytes]] = []
        problems: list[Problem] = []
        for closed, selected in self._selected(period, job):
            paths = [p for p in selected if p.name not in delivered]  # sent before: not read again
            if not paths:
                continue
            doc = json.loads(closed.manifest.read_text(encoding="utf-8"))
            expected = {e["name"]: e["sha256"] for e in doc["files"]}
            for path in paths:
                data = path.read_bytes()
                if hashlib.sha256(data).hexdigest() != expected.get(path.name):
                    problems.append(Problem.of(str(path), 0, "sha256", mc.TX_CHANGED()))
                    continue
                out.append((path.name, data))
        if problems:
            raise SourceProblemsError(mc.TX_FILES_CHANGED(), problems)
        return out

    def names_for(self, period: Period, job: JobConfig) -> list[str]:
        return [p.name for _, paths in self._selected(period, job) for p in paths]

    def _selected(self, period: Period, job: JobConfig) -> list[tuple[ClosedSet, list[Path]]]:
        """The closes stamped in ``period`` with the files of theirs the job takes (nothing read)."""
        if not self.root.is_dir():
            raise SourceError(mc.TX_SOURCE_NO_EXPORT_DIR(path=str(self.root)))
        wanted = {f"Buchungen_{m}.csv" for m in job.execution.mandanten}
        found = []
        for closed in closed_sets(self.root):
            stamp = datetime.strptime(closed.stamp, "%Y%m%d_%H%M").replace(tzinfo=self.tz)
            if stamp not in period:
                continue
            paths = []
            for path in closed.files:
                plain = path.name.removeprefix(f"{closed.stamp}_")
                if plain == "Stammdaten.csv" and not job.execution.export_debtors:
                    continue
                if plain != "Stammdaten.csv" and plain not in wanted:
                    continue
                paths.append(path)
            found.append((closed, paths))
        return found
