"""Book and cancel invoices into the working files ``Buchungen_<Mandant>.csv``.

All invoices of one call are checked before anything is written — lock date, known debtor, an
invoice number not yet booked in its Mandant — and refused together with every problem named.
With AutoUpdateDebitor on (the default, as seed 002 requires whenever collective accounts can
change) the debtor's current data is written to ``Stammdaten.csv`` before the booking lines, so
BMD always imports the person account first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from syncsystem import bmd
from syncsystem.bmd.records import AccountNo, MandantId, PersonAccount
from syncsystem.errors import DataError, Problem
from syncsystem.interfaces.bookings import (
    cancellation_bookings,
    invoice_bookings,
    lock_date_problem,
)
from syncsystem.interfaces.debtors import KUNDENSTAMMDATEN
from syncsystem.interfaces.model import SourceInvoice
from syncsystem.interfaces.settings import folder_lock, load_settings
from syncsystem.interfaces.store import BookedInvoice, InvoiceStore
from syncsystem.interfaces.workfiles import append_bookings, check_mandant, read_kind, upsert_persons
from syncsystem.messages import codes as mc

__all__ = ["book_invoices", "cancel_invoice"]


def _bmd_debtors(folder: Path) -> set[AccountNo]:
    return {
        r.konto
        for r in read_kind(folder / KUNDENSTAMMDATEN, bmd.Kind.PERSONS)
        if isinstance(r, PersonAccount)
    }


def book_invoices(
    folder: Path, invoices: Sequence[SourceInvoice], source: str, *, in_clearing: bool = False
) -> list[SourceInvoice]:
    """Book ``invoices`` (all or none); returns them as booked. ``in_clearing``: the caller registers
    them in a clearing store (remembered, so that a cancellation without that store is refused)."""
    with folder_lock(folder):
        settings = load_settings(folder)
        store = InvoiceStore.load(folder)
        in_bmd = _bmd_debtors(folder)
        problems: list[Problem] = []
        seen: set[tuple[MandantId, str]] = set()
        for inv in invoices:
            check_mandant(inv.mandant)
            key = (inv.mandant, inv.rechnungsnr)
            lock = lock_date_problem(source, 0, inv.rechnungsnr, inv.datum, settings.lock_date)
            if lock:
                problems.append(lock)
            if inv.debitor not in store.debtors and inv.debitor not in in_bmd:
                unknown = mc.IN_INVOICE_DEBTOR_UNKNOWN(invoice=inv.rechnungsnr, debtor=inv.debitor)
                problems.append(Problem.of(source, 0, "debitor", unknown))
            if key in seen or store.booked(*key) is not None:
                booked_twice = mc.IN_ALREADY_BOOKED(invoice=inv.rechnungsnr, mandant=inv.mandant)
                problems.append(Problem.of(source, 0, "rechnungsnr", booked_twice))
            seen.add(key)
        if problems:
            raise DataError(problems, mc.IN_REFUSED_BOOKING())
        if settings.auto_update_debtor:
            upsert_persons(
                folder,
                [store.debtors[d] for d in sorted({i.debitor for i in invoices}) if d in store.debtors],
            )
        for mandant in sorted({i.mandant for i in invoices}):
            lines = [
                b for i in invoices if i.mandant == mandant for b in invoice_bookings(i, settings.buchsymbol)
            ]
            append_bookings(folder, mandant, lines)
        for inv in invoices:
            store.invoices[(inv.mandant, inv.rechnungsnr)] = BookedInvoice(inv, in_clearing=in_clearing)
        store.save()
    return list(invoices)


def cancel_invoice(
    folder: Path, mandant: MandantId, rechnungsnr: str, on: date, *, in_clearing: bool = False
) -> SourceInvoice:
    """Cancel a booked invoice on ``on``: its lines again, signs flipped, same number.

    An invoice registered in a clearing store is cancelled only with ``in_clearing`` (the caller
    marks it cancelled there too): otherwise the store would keep it open.
    """
    source = f"{mandant}/{rechnungsnr}"
    with folder_lock(folder):
        settings = load_settings(folder)
        store = InvoiceStore.load(folder)
        booked = store.booked(check_mandant(mandant), rechnungsnr)
        problems: list[Problem] = []
        if booked is None:
            never = mc.IN_NEVER_BOOKED(invoice=rechnungsnr, mandant=mandant)
            problems.append(Problem.of(source, 0, "rechnungsnr", never))
        elif booked.cancelled_on is not None:
            cancelled = mc.IN_ALREADY_CANCELLED(invoice=rechnungsnr, day=f"{booked.cancelled_on:%d.%m.%Y}")
            problems.append(Problem.of(source, 0, "rechnungsnr", cancelled))
        elif booked.in_clearing and not in_clearing:
            problems.append(Problem.of(source, 0, "rechnungsnr", mc.IN_IN_CLEARING(invoice=rechnungsnr)))
        lock = lock_date_problem(source, 0, rechnungsnr, on, settings.lock_date)
        if lock:
            problems.append(lock)
        if problems or booked is None:
            raise DataError(problems, mc.IN_REFUSED_CANCELLATION())
        inv = booked.invoice
        if settings.auto_update_debtor and inv.debitor in store.debtors:
            upsert_persons(folder, [store.debtors[inv.debitor]])
        append_bookings(folder, mandant, cancellation_bookings(inv, on, settings.buchsymbol))
        store.invoices[(mandant, rechnungsnr)] = BookedInvoice(inv, on, booked.in_clearing or in_clearing)
        store.save()
    return inv
