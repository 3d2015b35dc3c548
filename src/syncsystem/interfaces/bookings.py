"""Pure booking rules of the debtor interface: invoice ⇒ BMD booking lines, cancellation, lock date.

An outgoing invoice is led by the debtor (person account, Buchcode 1 = Soll): ``betrag`` is the
gross amount of each revenue line, ``steuer`` its output VAT as a negative amount, one line per
revenue account and rate, all under the invoice number as ``belegnr`` — the invoice number is the
only key BMD knows. A cancellation writes the same lines with flipped signs under the same number.
Bookings dated before the lock date (Sperrdatum) are refused with a problem naming the invoice.
"""

from __future__ import annotations

from datetime import date

from syncsystem.bmd.records import Booking, Buchcode
from syncsystem.errors import Problem
from syncsystem.interfaces.model import SourceInvoice
from syncsystem.messages import codes as mc

__all__ = ["cancellation_bookings", "invoice_bookings", "lock_date_problem"]


def invoice_bookings(invoice: SourceInvoice, buchsymbol: str = "AR") -> tuple[Booking, ...]:
    """The BMD booking lines of one invoice."""
    return tuple(
        Booking(
            konto=invoice.debitor,
            gkonto=line.konto,
            belegnr=invoice.rechnungsnr,
            belegdatum=invoice.datum,
            buchcode=Buchcode.SOLL,
            betrag=line.brutto,
            buchsymbol=buchsymbol,
            prozent=line.vat.percent,
            steuercode=line.vat.code,
            steuer=-line.steuer,
            text=(line.text or invoice.text or f"Rechnung {invoice.rechnungsnr}")[:72],
            kost=line.kost,
        )
        for line in invoice.lines
    )


def cancellation_bookings(invoice: SourceInvoice, on: date, buchsymbol: str = "AR") -> tuple[Booking, ...]:
    """The lines cancelling ``invoice`` on ``on``: same number, signs flipped (Storno)."""
    return tuple(
        Booking(
            konto=b.konto,
            gkonto=b.gkonto,
            belegnr=b.belegnr,
            belegdatum=on,
            buchcode=b.buchcode,
            betrag=-b.betrag,
            buchsymbol=b.buchsymbol,
            prozent=b.prozent,
            steuercode=b.steuercode,
            steuer=-b.steuer if b.steuer is not None else None,
            text=f"Storno {b.text}"[:72],
            kost=b.kost,
        )
        for b in invoice_bookings(invoice, buchsymbol)
    )


def lock_date_problem(
    source: str, line: int, rechnungsnr: str, booking_date: date, lock_date: date | None
) -> Problem | None:
    """A problem if ``booking_date`` lies before the lock date, else None."""
    if lock_date is None or booking_date >= lock_date:
        return None
    day, lock = f"{booking_date:%d.%m.%Y}", f"{lock_date:%d.%m.%Y}"
    message = mc.IN_LOCK_DATE(invoice=rechnungsnr, day=day, lock=lock)
    return Problem.of(source, line, "datum", message)
