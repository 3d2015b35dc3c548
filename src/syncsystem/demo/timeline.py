"""The week as a readable timeline (German, or English under ``--lang en``): routine polls folded
into one line, printed with rich.

`Grouper` turns the stream of `Event`s into `Line`s as they arrive: uneventful 30-minute polls
become "08:33–20:03 · 24 Abfragen, nichts angefordert", the failed polls and upload attempts of an
outage become one line with the backoff intervals. `TimelinePrinter` prints lines live (a day
header when the date changes); `print_summary` renders the summary table and the claims.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from syncsystem import messages
from syncsystem.clock import DEFAULT_TZ
from syncsystem.datacenter.wording import size
from syncsystem.demo.week import Event, span_name, weekday
from syncsystem.messages import codes as mc

__all__ = ["Grouper", "Line", "TimelinePrinter", "console_for", "print_summary"]

_FOLDED = {"poll": "poll", "poll_failed": "outage", "upload_failed": "outage"}
_STYLE = {
    "request": "bold cyan",
    "advisor": "bold cyan",
    "pickup": "cyan",
    "nightly": "bold magenta",
    "sealed": "magenta",
    "upload": "green",
    "outage": "bold red",
    "recovery": "bold green",
    "outage-group": "red",
    "bmd": "yellow",
    "no_nightly": "dim",
    "poll-group": "dim",
    "export_failed": "bold red",
    "setup": "bold",
    "end": "bold",
}


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the timeline: from–to (equal for single events), kind and text."""

    start: datetime
    end: datetime
    kind: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "kind": self.kind,
            "text": self.text,
        }


def _day(moment: datetime) -> object:
    return moment.astimezone(DEFAULT_TZ).date()


def _hm(moment: datetime) -> str:
    return f"{moment.astimezone(DEFAULT_TZ):%H:%M}"


def _minutes(gaps: list[float]) -> str:
    shown = [f"{g:.0f}" for g in gaps[:8]]
    return ", ".join(shown) + (" …" if len(gaps) > 8 else "")


@dataclass
class Grouper:
    """Folds routine events; ``feed`` returns the lines that are complete."""

    _group: list[Event] = field(default_factory=list)
    lang: str = "de"

    def feed(self, event: Event) -> list[Line]:
        kind = _FOLDED.get(event.kind)
        if kind == "poll" and event.data.get("requests"):
            kind = None  # a poll that found work is shown through its pickup line
            if event.kind == "poll":
                return self._flush()
        if kind is not None:
            current = _FOLDED.get(self._group[0].kind) if self._group else None
            same_day = bool(self._group) and _day(self._group[0].at) == _day(event.at)
            done = [] if current == kind and (same_day or kind == "outage") else self._flush()
            self._group.append(event)
            return done
        return [*self._flush(), Line(event.at, event.at, event.kind, event.text)]

    def finish(self) -> list[Line]:
        return self._flush()

    def _flush(self) -> list[Line]:
        group, self._group = self._group, []
        if not group:
            return []
        start, end = group[0].at, group[-1].at
        if _FOLDED[group[0].kind] == "poll":
            gaps = [(b.at - a.at).total_seconds() for a, b in itertools.pairwise(group)]
            pace = mc.DEMO_PACE_ROUTINE()
            if gaps and min(gaps) < 20 * 60:  # the datacenter asked for fast polls: the page was open
                pace = mc.DEMO_PACE_FAST()
            said = mc.DEMO_POLLS(count=len(group), pace=pace) if len(group) > 1 else mc.DEMO_POLL(pace=pace)
            return [Line(start, end, "poll-group", said.text(self.lang))]
        polls = [e.at for e in group if e.kind == "poll_failed"]
        gaps = [(b - a).total_seconds() / 60 for a, b in itertools.pairwise(polls)]
        waits = {e.data.get("bundle_id") for e in group if e.kind == "upload_failed"}
        parts = [mc.DEMO_POLLS_FAILED(count=len(polls))]
        if gaps:
            parts.append(mc.DEMO_BACKOFF(minutes=_minutes(gaps)))
        if waits:
            parts.append(mc.DEMO_OUTBOX_WAITS(count=len(waits)))
        return [Line(start, end, "outage-group", "; ".join(part.text(self.lang) for part in parts))]


def lines_of(events: list[Event], lang: str = "de") -> Iterator[Line]:
    """All lines of a finished week (for ``--json``)."""
    grouper = Grouper(lang=lang)
    for event in events:
        yield from grouper.feed(event)
    yield from grouper.finish()


def console_for(stream: TextIO) -> Console:
    """Rich on the command's stdout; a fixed width when it is not a terminal (pipes, tests)."""
    terminal = stream.isatty() if hasattr(stream, "isatty") else False
    return Console(
        file=stream, width=None if terminal else 120, highlight=False, soft_wrap=False, emoji=False
    )


class TimelinePrinter:
    """Prints lines live, with a header whenever the (local) date changes."""

    def __init__(self, console: Console, lang: str = "de") -> None:
        self.console, self.grouper, self.lang = console, Grouper(lang=lang), lang
        self._day: object = None

    def __call__(self, event: Event) -> None:
        for line in self.grouper.feed(event):
            self.print_line(line)

    def finish(self) -> None:
        for line in self.grouper.finish():
            self.print_line(line)

    def print_line(self, line: Line) -> None:
        start = line.start.astimezone(DEFAULT_TZ)
        if start.date() != self._day:
            self._day = start.date()
            day = messages.weekday(start, self.lang, wide=True)
            self.console.rule(f"{day}, {start:%d.%m.%Y}", style="dim")
        span = _hm(line.start) if line.start == line.end else f"{_hm(line.start)}–{_hm(line.end)}"
        if line.end.astimezone(DEFAULT_TZ).date() != start.date():
            span = f"{_hm(line.start)}–{weekday(line.end.astimezone(DEFAULT_TZ), self.lang)} {_hm(line.end)}"
        text = Text(f"  {span:<15} ", style="dim")
        text.append(line.text, style=_STYLE.get(line.kind, ""))
        self.console.print(text)


def _tenths(value: float) -> Decimal:
    """A figure to one place, as a number a message writes in its own language (``9,0`` / ``9.0``)."""
    return Decimal(f"{value:.1f}")


def _kb(value: float | None, lang: str) -> str:
    return size(None if value is None else round(value), lang)


def _when(iso: str | None, lang: str) -> str:
    if not iso:
        return mc.DEMO_NEVER().text(lang)
    moment = datetime.fromisoformat(iso).astimezone(DEFAULT_TZ)
    return f"{weekday(moment, lang)} {moment:%d.%m. %H:%M}"


def print_summary(
    console: Console, summary: dict[str, Any], *, wall_seconds: float, link: str = "", lang: str = "de"
) -> None:
    """The table per Mandant, the claims with ✓/✗, the advisor page's URL."""
    span = summary.get("span") or span_name(7, lang)
    table = Table(title=mc.DEMO_TABLE_TITLE().text(lang), title_justify="left")
    for name, justify in (
        ("Mandant", "left"),  # the English texts' word too
        (mc.DEMO_COL_UPDATED(), "left"),
        (mc.DEMO_COL_ROWS_LAST(), "right"),
        (mc.DEMO_COL_ROWS_SPAN(span=span), "right"),
        (mc.DEMO_COL_BOOKINGS(), "right"),
        (mc.DEMO_COL_SENT(), "right"),
        (mc.DEMO_COL_EXPORT(), "right"),
    ):
        table.add_column(name if isinstance(name, str) else name.text(lang), justify=justify)  # type: ignore[arg-type]
    for m in summary["mandanten"]:
        table.add_row(
            m["mandant"],
            _when(m["last_updated"], lang),
            messages.number(m["rows_fetched_last"], lang, grouped=True) if m["rows_fetched_last"] else "–",
            messages.number(m["rows_week"], lang, grouped=True),
            messages.number(m["bookings_in_datacenter"], lang, grouped=True),
            _kb(m["bytes_on_wire_share"], lang),
            f"{messages.number(_tenths(m['export_seconds'] / 60), lang)} min",
        )
    console.print()
    console.print(table)
    console.print(
        Text(mc.DEMO_TABLE_NOTE(size=_kb(summary["bytes_on_wire"], lang), span=span).text(lang), style="dim")
    )
    console.print()
    for claim in summary["claims"]:
        mark = Text("  ✓ ", style="bold green") if claim["ok"] else Text("  ✗ ", style="bold red")
        mark.append(claim["claim"], style="bold")
        mark.append(f" — {claim['detail']}", style="dim")
        console.print(mark)
    console.print()
    verdict = mc.DEMO_ALL_ARRIVED() if summary["ok"] else mc.DEMO_NOT_ALL()
    console.print(Text(verdict.text(lang), style="bold green" if summary["ok"] else "bold red"))
    seconds = _tenths(wall_seconds)  # the message's language writes it: 9,0 / 9.0
    if link:
        said = mc.DEMO_PLAYED_LINK(seconds=seconds, link=link)
        console.print(said.text(lang), soft_wrap=True)  # one line: a wrapped link cannot be clicked
    else:
        console.print(mc.DEMO_PLAYED(seconds=seconds, url=summary["advisor_url"]).text(lang))
