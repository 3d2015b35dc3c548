"""The emulated BMD installation of a tax-advisor office (Kanzlei): the Python API.

An :class:`Office` lives in a directory (``bmd.sqlite`` + ``control.json``), so ``init`` in one
process and ``export`` in another see the same books. It offers BMD's export interface
(:meth:`Office.export`), its import interface (:meth:`Office.import_file`), the passage of
simulated time (:meth:`Office.advance_to`: each working day brings a day of bookkeeping per
Mandant) and the control plane (:attr:`Office.control`). Everything is deterministic for the seed,
the profile, the dates and the calls made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from syncsystem.bmd.records import PersonAccount
from syncsystem.clock import DEFAULT_TZ, Clock, ensure_aware
from syncsystem.errors import UsageError

from . import strict
from .activity import Day
from .books import Change, MandantBooks, MandantInfo
from .control import FaultPlan
from .controlplane import Control
from .errors import BmdError, ExportAbortedError, UnknownMandantError
from .export import FILES, export_set, modelled_seconds, write_set
from .faults import CLOCK_TOLERANCE_MINUTES, FaultGate
from .history import create_mandant
from .importer import plan_import
from .posting import Document
from .profiles import Profile, profile
from .results import AdvanceResult, ExportResult, ImportResult, MandantExport
from .store import DB_NAME, FORMAT, Store
from .workdays import derive_faker, derive_rng, lock_date_for, working_days

__all__ = ["END_OF_WORKDAY", "Office"]

CRASH_AFTER = len(FILES) // 2
END_OF_WORKDAY = time(18, 0)
"""A working day's bookings are done (and visible to exports) from 18:00 local time on."""


class Office:
    """A Kanzlei's BMD NTCS with its Mandanten. Build with :meth:`create`, reopen with :meth:`open`."""

    def __init__(self, path: Path, *, seed: int, profile_name: str, start: date) -> None:
        self.path = Path(path)
        self.seed = seed
        self.profile: Profile = profile(profile_name)
        self.start = start

    # -- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path | str, *, seed: int, mandanten: int, profile: str = "kontool", start: date
    ) -> Office:
        """A new office with ``mandanten`` Mandanten (numbers 1001, 1002, …) and their history."""
        path = Path(path)
        if (path / DB_NAME).exists():
            raise UsageError(f"{path} enthält bereits eine BMD-Installation ({DB_NAME})")
        if mandanten < 1:
            raise UsageError("mindestens ein Mandant")
        office = cls(path, seed=seed, profile_name=profile, start=start)
        path.mkdir(parents=True, exist_ok=True)
        office._build(mandanten)
        FaultPlan(seed=seed).save(path)
        return office

    def _build(self, mandanten: int) -> None:
        with Store(self.path, create=True) as store, store.transaction():
            store.set_meta("format", FORMAT)
            store.set_meta("seed", str(self.seed))
            store.set_meta("profile", self.profile.name)
            store.set_meta("start", self.start.isoformat())
            store.set_meta("mandanten", str(mandanten))
            store.set_meta("done_through", (self.start - timedelta(days=1)).isoformat())
            store.set_meta("now", datetime.combine(self.start, time(0), DEFAULT_TZ).isoformat())
            for index in range(mandanten):
                books, changes = create_mandant(self.seed, str(1001 + index), self.profile, self.start)
                store.save_info(books.info)
                store.append(books.info.nr, changes)
                store.save_drafts(books.info.nr, books.drafts)

    @classmethod
    def open(cls, path: Path | str) -> Office:
        """The office stored in ``path`` (created earlier, possibly by another process)."""
        with Store(Path(path)) as store:
            seed, name, start = store.meta("seed"), store.meta("profile"), store.meta("start")
        assert seed is not None and name is not None and start is not None
        return cls(Path(path), seed=int(seed), profile_name=name, start=date.fromisoformat(start))

    def reset(self) -> None:
        """Back to the state right after ``create`` (same seed, profile, start); faults cleared."""
        with Store(self.path) as store:
            count = int(store.meta("mandanten") or "1")
        (self.path / DB_NAME).unlink()
        self._build(count)
        FaultPlan(seed=self.seed).save(self.path)

    # -- views ---------------------------------------------------------------------------------

    @property
    def mandanten(self) -> tuple[str, ...]:
        """The Mandant (Firma) numbers, ascending."""
        with Store(self.path) as store:
            return tuple(info.nr for info in store.mandanten())

    def mandant(self, nr: str) -> MandantInfo:
        with Store(self.path) as store:
            return self._info(store, nr)

    def _info(self, store: Store, nr: str) -> MandantInfo:
        infos = {info.nr: info for info in store.mandanten()}
        if nr not in infos:
            raise UnknownMandantError(nr, infos)
        return infos[nr]

    @property
    def now(self) -> datetime:
        """The simulated time the office has reached (``advance_to``)."""
        with Store(self.path) as store:
            return _now(store)

    def books(self, nr: str) -> MandantBooks:
        """A snapshot of one Mandant's books (changing it changes nothing stored)."""
        with Store(self.path) as store:
            return store.books(self._info(store, nr))

    @property
    def control(self) -> Control:
        """Faults, reset, seed and read-only inspection."""
        return Control(self)

    # -- simulated time ------------------------------------------------------------------------

    def advance_to(self, moment: datetime) -> AdvanceResult:
        """Simulate every working day whose end (18:00) lies after the last simulated one and not
        after ``moment``: yesterday's drafts get posted, new invoices, payments, clearings and
        master-data changes are made per Mandant. Moving backwards changes nothing."""
        moment = ensure_aware(moment).astimezone(DEFAULT_TZ)
        changes: dict[str, int] = {}
        with Store(self.path) as store, store.transaction():
            done = date.fromisoformat(store.meta("done_through") or "")
            now = datetime.fromisoformat(store.meta("now") or "")
            if moment <= now:
                return AdvanceResult(now, (), {})
            days = tuple(
                d
                for d in working_days(done + timedelta(days=1), moment.date())
                if datetime.combine(d, END_OF_WORKDAY, DEFAULT_TZ) <= moment
            )
            for info in store.mandanten():
                books = store.books(info)
                before = books.seq
                work: list[Change] = []
                for day in days:
                    lock = lock_date_for(day)
                    if lock > books.info.lock_date:
                        books.info = replace(books.info, lock_date=lock)
                    today = Day(
                        books,
                        day,
                        derive_rng(self.seed, info.nr, day),
                        derive_faker(self.seed, info.nr, day),
                        self.profile,
                    )
                    today.run()
                    work.extend(today.changes)
                store.append(info.nr, work)
                store.save_drafts(info.nr, books.drafts)
                store.save_info(books.info)
                changes[info.nr] = books.seq - before
            if days:
                store.set_meta("done_through", days[-1].isoformat())
            store.set_meta("now", moment.isoformat())
        return AdvanceResult(moment, days, changes)

    # -- export interface ----------------------------------------------------------------------

    def export(
        self,
        out_dir: Path | str,
        *,
        mandanten: Iterable[str] | None = None,
        since: Mapping[str, int] | None = None,
        clock: Clock | None = None,
        password: str = "",
        timeout: float | None = None,
        flat: bool = False,
    ) -> ExportResult:
        """Run BMD's export for ``mandanten`` (default all) into ``out_dir/<Mandant>/``.

        ``since`` maps a Mandant to the cursor of its last acknowledged export (missing: full
        export). With a ``clock`` the call waits the modelled duration per Mandant on it (a
        ``SimulatedClock`` just moves on). ``timeout`` (seconds) makes a slow export fail with
        :class:`ExportTimeoutError`. Faults set on the control plane fire here. ``flat`` writes a
        single Mandant's files straight into ``out_dir`` (what an agent's export command expects).
        """
        out = Path(out_dir)
        cursors = dict(since or {})
        with Store(self.path) as store:
            infos = {info.nr: info for info in store.mandanten()}
            chosen = list(mandanten) if mandanten is not None else list(infos)
            for nr in chosen:
                if nr not in infos:
                    raise UnknownMandantError(nr, infos)
            if flat and len(chosen) != 1:
                raise UsageError("flat export needs exactly one Mandant")
            done: list[MandantExport] = []
            with FaultGate(self.path, "export", clock, _now(store)) as gate:
                gate.login()
                for nr in chosen:
                    gate.open_mandant(infos[nr], password)
                    books = store.books(infos[nr])
                    contents = export_set(books, cursors.get(nr), gate.host_now().date())
                    seconds = modelled_seconds(self.profile, contents.rows, gate.slow_factor(nr))
                    directory = out if flat else out / nr
                    if gate.crashes(nr):
                        # BMD dies half way: the files written so far stay, the next is cut short.
                        gate.wait(seconds / 2)
                        complete = write_set(contents, directory, gate.host_now(), seconds, upto=CRASH_AFTER)
                        raise ExportAbortedError(nr, [f.name for f in complete] + [FILES[CRASH_AFTER][0]])
                    gate.run_for(nr, seconds, timeout)
                    exported_at = gate.host_now()
                    files = write_set(contents, directory, exported_at, seconds, mandant_name=infos[nr].name)
                    done.append(
                        MandantExport(
                            nr,
                            directory,
                            tuple(files),
                            contents.cursor_from,
                            contents.cursor_to,
                            seconds,
                            exported_at,
                            infos[nr].name,
                        )
                    )
        return ExportResult(tuple(done))

    def status(self) -> list[str]:
        """What would stop the next export (faults set for every call), without consuming anything;
        the agent's ``doctor`` shows these. Empty when BMD is ready."""
        plan = FaultPlan.load(self.path)
        return [
            f"{f.kind}" + (f" (Firma {f.mandant})" if f.mandant else "")
            for f in plan.faults
            if (f.kind in ("licence", "locked", "password", "dialog") and f.probability >= 1.0)
            or (f.kind == "clock" and abs(f.minutes) > CLOCK_TOLERANCE_MINUTES)
        ]

    # -- import interface ----------------------------------------------------------------------

    def import_file(self, mandant: str, path: Path | str, *, password: str = "") -> ImportResult:
        """Import a person-account or booking file (NTCS CSV) into ``mandant``, all or nothing."""
        source = Path(path)
        with Store(self.path) as store:
            info = self._info(store, mandant)
            with FaultGate(self.path, "import", None, _now(store)) as gate:
                gate.login()
                gate.open_mandant(info, password)
                try:
                    data = source.read_bytes()
                except OSError as exc:
                    message = (
                        f"BMD NTCS: Importdatei {source} kann nicht gelesen werden: {exc.strerror or exc}"
                    )
                    raise BmdError(message) from exc
                read = strict.parse(data, str(source))
                books = store.books(info)
                before, known = books.seq, set(books.persons)
                today = _now(store).date()
                records = plan_import(books, read, today)
                day = Day(
                    books,
                    today,
                    derive_rng(self.seed, mandant, "import"),
                    derive_faker(self.seed, mandant, "import"),
                    self.profile,
                )
                with store.transaction():
                    for record in records:
                        day.emit(record)
                    store.append(mandant, day.changes)
        documents: list[Document] = [c.record for c in day.changes if isinstance(c.record, Document)]
        persons = [c.record for c in day.changes if isinstance(c.record, PersonAccount)]
        created = sum(1 for p in persons if p.konto not in known)
        return ImportResult(
            mandant=mandant,
            file=str(source),
            kind=read.kind,
            rows=read.rows,
            documents=len(documents),
            postings=sum(len(d.postings()) for d in documents),
            persons_created=created,
            persons_changed=len(persons) - created,
            cursor_from=before,
            cursor_to=books.seq,
        )


def _now(store: Store) -> datetime:
    return datetime.fromisoformat(store.meta("now") or "")
