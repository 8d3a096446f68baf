"""The accounting export: a period's journal for QuickBooks Online, Xero or Sage 50.

The journal (`domain.books.build_journal`) is built from the desk's payments and refunds of the
period (the database) and the Stripe payouts whose bank date falls in it (`PayoutMatching`, which
reads Stripe), so each deposit is split into what it cleared, the fees and any adjustment. The
file is only produced once every entry balances; what the payout review found wrong travels
with the result, for the screen and the command line to say before anyone imports the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.books import AccountMap, JournalEntry, build_journal
from oncopos.domain.payouts import PayoutReview
from oncopos.services.books_formats import journal_format
from oncopos.services.end_of_day import Progress
from oncopos.services.guard import requires
from oncopos.services.payouts import PayoutMatching, period_window
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Journal:
    start: date
    end: date
    entries: tuple[JournalEntry, ...]
    payouts: PayoutReview  # what the Stripe side of the period looked like, problems included


@dataclass(frozen=True)
class JournalFile:
    journal: Journal
    format: str
    filename: str
    data: bytes


class AccountingExport:
    def __init__(self, uow_factory: UnitOfWorkFactory, payouts: PayoutMatching, *, tz: ZoneInfo,
                 accounts: AccountMap, locale: str, clock: Callable[[], datetime]) -> None:
        self._uow = uow_factory
        self._payouts = payouts
        self._tz = tz
        self._accounts = accounts
        self._locale = locale
        self._clock = clock

    @requires(Permission.RECONCILE)
    def journal(self, actor: Actor, start: date, end: date, *, progress: Progress | None = None) -> Journal:
        window = period_window(start, end, self._tz)
        review = self._payouts.review(actor, start, end, progress=progress)
        with self._uow() as uow:
            rows = uow.books.book_entries(window)
        entries = build_journal(rows, review.statements, self._accounts, self._tz)
        return Journal(start, end, tuple(entries), review)

    @requires(Permission.RECONCILE)
    def export(self, actor: Actor, start: date, end: date, fmt: str, *,
               progress: Progress | None = None) -> JournalFile:
        chosen = journal_format(fmt)  # an unknown format is refused before Stripe is read
        journal = self.journal(actor, start, end, progress=progress)
        data = chosen.write(journal.entries, self._locale)
        filename = f"oncopos-journal-{chosen.name}-{start.isoformat()}-{end.isoformat()}{chosen.suffix}"
        with self._uow() as uow:
            uow.audit.record(actor, "books.exported", at=self._clock(), subject_type="period",
                             subject_id=f"{start.isoformat()}/{end.isoformat()}",
                             details={"format": chosen.name, "entries": len(journal.entries),
                                      "debits_cents": sum(e.debits_cents for e in journal.entries),
                                      "payouts": len(journal.payouts.statements)})
            uow.commit()
        log.info("journal %s..%s exported for %s: %d entries", start, end, chosen.name, len(journal.entries))
        return JournalFile(journal, chosen.name, filename, data)


__all__ = ["AccountingExport", "Journal", "JournalFile"]
