"""The advisor page's Mandanten queries: one page of rows, and the office's counts in one aggregate.

The page never reads all of an office's Mandanten to show fifty: `page_rows` asks for exactly the
rows of one `listing.Listing` (search on number or name, order, ``LIMIT``/``OFFSET``) and `figures`
counts all, with an error, stale and matching — plus the newest ``last_updated`` for "Zuletzt
aktualisiert" — in a single ``SELECT`` of aggregates; the live log reads only its request's
Mandanten (`named`), the JSON list all of them as plain tuples (`every`). All filter by the
`OfficeScope`'s office, like every query on office tables; an office's Mandanten are one range of
the primary key ``(office_id, mandant)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from syncsystem.datacenter.listing import PER_PAGE, Figures, Listing
from syncsystem.datacenter.store.schema import mandanten
from syncsystem.datacenter.store.scoped import OfficeScope

__all__ = ["LISTED", "every", "figures", "named", "page_rows"]

_M = mandanten.c
# The columns of the advisor's JSON list, in the order `api.mandant_doc` takes them.
LISTED = (_M.mandant, _M.name, _M.cursor, _M.last_updated, _M.rows_fetched, _M.duration_seconds,
          _M.bundle_size, _M.last_error)


def _matches(search: str) -> sa.ColumnElement[bool]:
    """Number or name contains ``search`` (any case; ``%`` and ``_`` are plain characters)."""
    return sa.or_(_M.mandant.icontains(search, autoescape=True), _M.name.icontains(search, autoescape=True))


def _stale(stale_before: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(_M.last_updated.is_(None), _M.last_updated < stale_before.astimezone(UTC))


def _first(condition: sa.ColumnElement[bool]) -> sa.Case[int]:
    """0 where ``condition`` holds, else 1 (sorts those rows first on every backend)."""
    return sa.case((condition, 0), else_=1)


def _order(order: str, stale_before: datetime) -> list[sa.ColumnElement[Any]]:
    if order == "probleme":
        return [_first(_M.last_error.is_not(None)), _first(_stale(stale_before)), _M.mandant]
    if order == "name":
        return [_first(_M.name != ""), _M.name, _M.mandant]
    if order == "aelteste":
        return [_first(_M.last_updated.is_(None)), _M.last_updated, _M.mandant]
    if order == "neueste":
        return [_first(_M.last_updated.is_not(None)), _M.last_updated.desc(), _M.mandant]
    return [_M.mandant]


def figures(scope: OfficeScope, search: str, stale_before: datetime) -> tuple[Figures, datetime | None]:
    """The office's counts (all, with an error, stale, matching ``search``) and its newest data."""
    matching = sa.func.count().filter(_matches(search)) if search else sa.func.count()
    row = scope.conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(_M.last_error.is_not(None)),
            sa.func.count().filter(_stale(stale_before)),
            matching,
            sa.func.max(_M.last_updated),
        ).where(_M.office_id == scope.office_id)
    ).one()
    return Figures(int(row[0]), int(row[1]), int(row[2]), int(row[3])), row[4]


def page_rows(scope: OfficeScope, listing: Listing, stale_before: datetime) -> list[Row[Any]]:
    """The rows of one page of the listing, in its order."""
    query = sa.select(mandanten).where(_M.office_id == scope.office_id)
    if listing.search:
        query = query.where(_matches(listing.search))
    query = query.order_by(*_order(listing.order, stale_before)).limit(PER_PAGE).offset(listing.offset)
    return list(scope.conn.execute(query))


def named(scope: OfficeScope, ids: Sequence[str]) -> list[Row[Any]]:
    """Number, newest data and rows fetched of the Mandanten ``ids`` (the live log's figures)."""
    if not ids:
        return []
    return list(scope.conn.execute(
        sa.select(_M.mandant, _M.last_updated, _M.rows_fetched)
        .where(_M.office_id == scope.office_id, _M.mandant.in_(ids))
    ))


def every(scope: OfficeScope) -> list[tuple[Any, ...]]:
    """Every Mandant of the office by number, as plain tuples of `LISTED` (the JSON list: a row read
    by position costs a fraction of one read by column name, times 500 rows per answer)."""
    query = sa.select(*LISTED).where(_M.office_id == scope.office_id).order_by(_M.mandant)
    return [tuple(row) for row in scope.conn.execute(query)]
