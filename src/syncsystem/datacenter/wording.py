"""Austrian formatting for the advisor page: counts, sizes, durations, moments and state names.

Pure functions of their arguments (the time zone comes from the datacenter's `Clock`), registered
as Jinja2 filters by `syncsystem.datacenter.pages`. Austrian usage: ``1.110`` (dot groups
thousands), ``105,0 KB`` (decimal comma), ``02.03.2026 08:00`` in local time, MEZ/MESZ. Counts and
sizes take a language too (``lang="en"``: ``1,110``, ``105.0 KB``), for the demo's English text; the
separators come from `syncsystem.messages.number`.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal

from syncsystem.messages import Captions, number

__all__ = ["STATES", "count", "duration", "moment", "size", "zone_name"]

STATES: Captions[str] = {  # a sync request's state, by name on the advisor page
    "waiting": "wartet",
    "picked_up": "abgeholt",
    "uploaded": "hochgeladen",
    "ingested": "eingespielt",
    "failed": "fehlgeschlagen",
}
_ZONES = {"CET": "MEZ", "CEST": "MESZ"}


def count(value: int | None, lang: str = "de") -> str:
    """``1110`` → ``1.110``; unknown → ``–``."""
    return "–" if value is None else number(value, lang, grouped=True)


def _decimal(value: float, lang: str) -> str:
    return number(Decimal(f"{value:.1f}"), lang, grouped=True)


def size(value: int | None, lang: str = "de") -> str:
    """Bytes as ``850 B``, ``105,0 KB`` or ``1,2 MB`` (binary units, as file managers show them)."""
    if value is None:
        return "–"
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{_decimal(value / 1024, lang)} KB"
    return f"{_decimal(value / (1024 * 1024), lang)} MB"


def duration(value: float | None) -> str:
    """Seconds as ``2 s``, ``1 min 5 s`` or ``2 h 3 min``; unknown (manual import) → ``–``."""
    if value is None:
        return "–"
    minutes, seconds = divmod(round(value), 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def moment(value: str | datetime | None, tz: tzinfo, never: str = "noch nie") -> str:
    """An ISO-8601 or aware instant as ``02.03.2026 08:00`` in ``tz``."""
    if value is None:
        return never
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at.astimezone(tz).strftime("%d.%m.%Y %H:%M")


def zone_name(now: datetime, tz: tzinfo) -> str:
    """The zone the page's times are in, as Austrians name it (MEZ/MESZ), else its abbreviation."""
    name = now.astimezone(tz).tzname() or str(tz)
    return _ZONES.get(name, name)
