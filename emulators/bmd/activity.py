"""A working day of a Mandant's bookkeeping: what the accountant enters and posts.

:class:`Day` builds documents the way a bookkeeper does in BMD — outgoing and incoming invoices
(single- and multi-line, 20/10/13/0 % VAT), bank payments that clear open items fully or partly,
credit notes and reversals (signs flipped, cleared against the original), cash receipts, bank
charges, reclassifications, master-data changes — and posts them through the Mandant's journal
(:meth:`MandantBooks.apply`). Yesterday's drafts (Vorerfassung) are posted first; today's new
drafts stay drafts. Opening balances (EB) start the history. All chance comes from the day's
seeded ``random.Random`` and ``Faker``. Credit notes and reversals are built in ``corrections.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from faker import Faker

from syncsystem.bmd.records import Booking, Buchcode, LedgerAccount, PersonAccount

from . import corrections
from .books import Change, ChangeKind, ChangeRecord, MandantBooks, OpenItemState
from .chart import BANK, CASH, EXPENSE_ACCOUNTS, REVENUE_ACCOUNTS
from .generate import make_cost_centre, make_customer, make_supplier, person_change
from .posting import ZERO, Document, money
from .profiles import Profile

__all__ = ["Day"]

_RATES = (Decimal(20), Decimal(10), Decimal(13))


@dataclass
class Day:
    """One working day of one Mandant; every change it makes lands in ``changes`` (in order)."""

    books: MandantBooks
    day: date
    rng: random.Random
    fake: Faker
    profile: Profile
    changes: list[Change] = field(default_factory=list)

    # -- journal -------------------------------------------------------------------------------

    def emit(self, record: ChangeRecord) -> None:
        kind = (
            ChangeKind.DOCUMENT
            if isinstance(record, Document)
            else ChangeKind.PERSON
            if isinstance(record, PersonAccount)
            else ChangeKind.ACCOUNT
            if isinstance(record, LedgerAccount)
            else ChangeKind.COSTCENTRE
        )
        change = Change(self.books.seq + 1, kind, self.day, record)
        self.books.apply(change)
        self.changes.append(change)

    def _count(self, mean: float) -> int:
        # Poisson-like draw around ``mean`` without numpy: sum of Bernoulli trials.
        whole, part = int(mean * 2), mean * 2 - int(mean * 2)
        return sum(self.rng.random() < 0.5 for _ in range(whole)) + (self.rng.random() < part * 0.5)

    def _periode(self) -> int:
        return (self.day.month - self.books.info.fy_start_month) % 12 + 1

    # -- the day -------------------------------------------------------------------------------

    def run(self) -> None:
        """Post yesterday's drafts, then do today's work."""
        self.finalise_drafts()
        if self.day.day <= 7 and not any(d.belegdatum.month == self.day.month for d in self._fees()):
            self.bank_fees()
        self.master_data()
        for _ in range(self._count(self.profile.ar_per_day)):
            self.emit(self.ar_invoice())
        for _ in range(self._count(self.profile.er_per_day)):
            self.emit(self.er_invoice())
        self.payments()
        if self.rng.random() < 0.08:
            self.credit_note()
        if self.rng.random() < 0.03:
            self.reverse_er()
        for _ in range(self._count(self.profile.cash_per_day)):
            self.emit(self.cash())
        if self.rng.random() < 0.1:
            self.emit(self.reclassification())
        for _ in range(self._count(self.profile.drafts_per_day)):
            self.books.add_draft(self.ar_invoice() if self.rng.random() < 0.6 else self.er_invoice())

    def finalise_drafts(self) -> None:
        """Drafts from earlier days are posted today (a few are discarded, leaving a number gap)."""
        due = [d for d in self.books.drafts if d.belegdatum < self.day]
        self.books.drafts = [d for d in self.books.drafts if d.belegdatum >= self.day]
        for draft in due:
            if self.rng.random() < 0.9:
                self.emit(draft)

    def _fees(self) -> list[Document]:
        return [d for _, d in self.books.documents[-200:] if d.symbol == "BK" and d.lines[0].konto == 7790]

    def master_data(self) -> None:
        if self.rng.random() < self.profile.new_persons_per_day * 0.6:
            self.emit(make_customer(self._next_person(200000), self.rng, self.fake))
        if self.rng.random() < self.profile.new_persons_per_day * 0.4:
            self.emit(make_supplier(self._next_person(300000), self.rng, self.fake))
        if self.rng.random() < self.profile.person_changes_per_day and self.books.persons:
            person = self.pick_person(200000 if self.rng.random() < 0.6 else 300000)
            if person is not None:
                self.emit(person_change(person, self.rng, self.fake))
        if self.rng.random() < 0.01:
            self.emit(make_cost_centre(len(self.books.costcentres)))
        if self.rng.random() < 0.01:
            free = [n for n in range(7800, 7900) if n not in self.books.accounts]
            if free:
                self.emit(LedgerAccount(free[0], f"Sonstiger Aufwand {free[0] - 7799}", "3"))

    def _next_person(self, base: int) -> int:
        return max([base - 1, *(k for k in self.books.persons if base <= k < base + 100000)]) + 1

    def pick_person(self, base: int) -> PersonAccount | None:
        accounts = sorted(k for k in self.books.persons if base <= k < base + 100000)
        if not accounts:
            return None
        # Skewed choice: a few big customers/suppliers get most of the business.
        return self.books.persons[accounts[int(self.rng.random() ** 2 * len(accounts))]][0]

    def _kost(self) -> str:
        if self.books.costcentres and self.rng.random() < 0.6:
            return self.rng.choice(sorted(self.books.costcentres))
        return ""

    def net(self) -> Decimal:
        return money(min(max(self.rng.lognormvariate(5.8, 1.0), 5.0), 60000.0))

    # -- documents -----------------------------------------------------------------------------

    def ar_invoice(self) -> Document:
        customer = self.pick_person(200000)
        assert customer is not None, "every Mandant has customers"
        nr = str(self.books.next_number("AR", 1))
        lines = []
        for _ in range(self.rng.choices((1, 2, 3), (65, 25, 10))[0]):
            rate = Decimal(0) if customer.land == "CH" else self.rng.choices(_RATES, (75, 12, 13))[0]
            net = self.net()
            tax = money(net * rate / 100)
            lines.append(
                Booking(
                    konto=customer.konto,
                    gkonto=self.rng.choice(REVENUE_ACCOUNTS[rate]),
                    belegnr=nr,
                    belegdatum=self.day,
                    buchdatum=self.day,
                    buchcode=Buchcode.SOLL,
                    betrag=net + tax,
                    steuer=-tax,
                    prozent=rate,
                    steuercode=5 if rate == 0 else 1,
                    buchsymbol="AR",
                    text=f"Rechnung {nr}",
                    kost=self._kost(),
                    zziel=customer.zahlungsziel,
                    periode=self._periode(),
                )
            )
        return Document("AR", nr, self.day, tuple(lines))

    def er_invoice(self) -> Document:
        supplier = self.pick_person(300000)
        assert supplier is not None, "every Mandant has suppliers"
        nr = str(self.books.next_number("ER", 1))
        ext = f"{self.rng.randrange(1, 99999)}"
        lines = []
        for _ in range(self.rng.choices((1, 2), (80, 20))[0]):
            rate = self.rng.choices(_RATES, (85, 8, 7))[0]
            net = self.net()
            tax = money(net * rate / 100)
            lines.append(
                Booking(
                    konto=supplier.konto,
                    gkonto=self.rng.choice(EXPENSE_ACCOUNTS),
                    belegnr=nr,
                    belegdatum=self.day,
                    buchdatum=self.day,
                    buchcode=Buchcode.HABEN,
                    betrag=-(net + tax),
                    steuer=tax,
                    prozent=rate,
                    steuercode=2,
                    buchsymbol="ER",
                    text=f"ER {ext}",
                    kost=self._kost(),
                    extbelegnr=ext,
                    zziel=supplier.zahlungsziel,
                    periode=self._periode(),
                )
            )
        return Document("ER", nr, self.day, tuple(lines))

    def payments(self) -> None:
        """Customers pay (sometimes partly) and the Mandant pays its suppliers, clearing items."""
        for item in [i for i in self.books.items.values() if i.open != ZERO]:
            age = (self.day - item.datum).days
            person = self.books.persons.get(item.konto)
            ziel = person[0].zahlungsziel if person and person[0].zahlungsziel else 30
            if item.open > 0 and item.konto < 300000:
                chance = 0.0 if age < 3 else 0.08 if age < ziel else 0.3
            elif item.open < 0 and item.konto >= 300000:
                chance = 0.0 if age < ziel * 0.6 else 0.35
            else:
                continue
            if self.rng.random() < chance:
                self.emit(self._payment(item))

    def _payment(self, item: OpenItemState) -> Document:
        amount = item.open
        if self.rng.random() < 0.12 and abs(amount) > 50:
            amount = money(amount * Decimal(self.rng.uniform(0.3, 0.7)))
        nr = str(self.books.next_number("BK", 1))
        line = Booking(
            konto=item.konto,
            gkonto=BANK,
            belegnr=nr,
            belegdatum=self.day,
            buchdatum=self.day,
            buchcode=Buchcode.HABEN if amount > 0 else Buchcode.SOLL,
            betrag=-amount,
            buchsymbol="BK",
            text=f"Zahlung {item.belegnr}",
            ausz_belegnr=item.belegnr,
            ausz_betrag=amount,
            periode=self._periode(),
        )
        return Document("BK", nr, self.day, (line,))

    def credit_note(self) -> None:
        """A Gutschrift or a full Storno of a fresh outgoing invoice (see `corrections`)."""
        document = corrections.credit_note(self.books, self.rng, self.day, self._periode())
        if document is not None:
            self.emit(document)

    def reverse_er(self) -> None:
        """Storno of an incoming invoice that was booked in error (see `corrections`)."""
        document = corrections.reverse_er(self.books, self.rng, self.day, self._periode())
        if document is not None:
            self.emit(document)

    def cash(self) -> Document:
        """A cash receipt (Kassa): small expense with input VAT, or a cash sale with output VAT."""
        nr = str(self.books.next_number("KA", 1))
        net = money(min(self.net() / 8, Decimal(800)))
        tax = money(net * Decimal(20) / 100)
        if self.rng.random() < 0.6:
            line = Booking(
                konto=self.rng.choice((7600, 7300, 7200)),
                gkonto=CASH,
                belegnr=nr,
                belegdatum=self.day,
                buchdatum=self.day,
                buchcode=Buchcode.SOLL,
                betrag=net,
                steuer=tax,
                prozent=Decimal(20),
                steuercode=2,
                buchsymbol="KA",
                text="Barzahlung",
                kost=self._kost(),
                periode=self._periode(),
            )
        else:
            line = Booking(
                konto=4000,
                gkonto=CASH,
                belegnr=nr,
                belegdatum=self.day,
                buchdatum=self.day,
                buchcode=Buchcode.HABEN,
                betrag=-net,
                steuer=-tax,
                prozent=Decimal(20),
                steuercode=1,
                buchsymbol="KA",
                text="Barverkauf",
                periode=self._periode(),
            )
        return Document("KA", nr, self.day, (line,))

    def bank_fees(self) -> None:
        nr = str(self.books.next_number("BK", 1))
        fee = money(Decimal(self.rng.uniform(8, 45)))
        self.emit(
            Document(
                "BK",
                nr,
                self.day,
                (
                    Booking(
                        konto=7790,
                        gkonto=BANK,
                        belegnr=nr,
                        belegdatum=self.day,
                        buchdatum=self.day,
                        buchcode=Buchcode.SOLL,
                        betrag=fee,
                        buchsymbol="BK",
                        text="Kontoführung",
                        periode=self._periode(),
                    ),
                ),
            )
        )

    def reclassification(self) -> Document:
        source, target = self.rng.sample(EXPENSE_ACCOUNTS, 2)
        nr = str(self.books.next_number("UB", 1))
        amount = money(self.net() / 4)
        return Document(
            "UB",
            nr,
            self.day,
            (
                Booking(
                    konto=target,
                    gkonto=source,
                    belegnr=nr,
                    belegdatum=self.day,
                    buchdatum=self.day,
                    buchcode=Buchcode.SOLL,
                    betrag=amount,
                    buchsymbol="UB",
                    text=f"Umbuchung {source}",
                    kost=self._kost(),
                    periode=self._periode(),
                ),
            ),
        )
