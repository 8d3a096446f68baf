"""Stripe payouts matched to the desk's payments and refunds, for a period of business days.

Reads only, from Stripe and the database: the payouts created since the period began (a payout
arriving in the period may have been created the day before, and the period's last payments are
paid out after it ends), what each holds, and the period's own balance transactions (their
`available_on`). The statement lists the payouts whose bank date falls in the period; every
payout read counts when asking whether a payment of ours was paid out at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.end_of_day import Window, day_bounds
from oncopos.domain.errors import InvalidInput, UserCancelled
from oncopos.domain.gateway import BalanceTxn
from oncopos.domain.messages import Day, msg
from oncopos.domain.payouts import PayoutReview, PayoutSource, find_unpaid, match_payout
from oncopos.services.end_of_day import Progress
from oncopos.services.guard import requires
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

# Stripe's clock and the desk's can differ, and a payment completed at 23:59:59 may be charged a second earlier.
MARGIN = timedelta(hours=2)
# A payout arriving on the period's first day was created up to a few days before it (a weekend).
LOOKBACK = timedelta(days=5)
MAX_DAYS = 366


def period_window(start: date, end: date, tz: ZoneInfo) -> Window:
    """[local midnight of `start`, local midnight after `end`), in UTC; refuses a backwards or over-long period."""
    if end < start:
        raise InvalidInput(msg("books.period_backwards", start=Day(start), end=Day(end)))
    days = (end - start).days + 1
    if days > MAX_DAYS:
        raise InvalidInput(msg("books.period_too_long", days=days, maximum=MAX_DAYS))
    return Window(day_bounds(start, tz)[0], day_bounds(end, tz)[1])


class PayoutMatching:
    def __init__(self, uow_factory: UnitOfWorkFactory, source: Callable[[], PayoutSource], *, tz: ZoneInfo,
                 clock: Callable[[], datetime]) -> None:
        self._uow = uow_factory
        self._source = source  # a provider: the gateway is built (key read, simulator started) on first use
        self._tz = tz
        self._clock = clock

    @requires(Permission.RECONCILE)
    def review(self, actor: Actor, start: date, end: date, *, progress: Progress | None = None) -> PayoutReview:
        window = period_window(start, end, self._tz)
        source = self._source()
        self._step(progress, 0, 3, msg("payouts.progress.list").text())
        payouts = source.payouts(window.start - LOOKBACK)
        contents: dict[str, list[BalanceTxn]] = {}
        for n, payout in enumerate(payouts):
            self._step(progress, 1, 3, msg("payouts.progress.payout", n=n + 1, total=len(payouts)).text())
            contents[payout.id] = source.payout_transactions(payout.id)
        self._step(progress, 2, 3, msg("payouts.progress.transactions").text())
        period_txns = source.balance_transactions(window.start - MARGIN, window.end + MARGIN)
        in_period = [p for p in payouts if start <= p.bank_day <= end]
        held = [t for p in in_period for t in contents[p.id]]
        with self._uow() as uow:
            local = uow.books.money_by_stripe_ids(
                sorted({t.source_id for t in held if t.source_id and t.type in ("charge", "payment")}),
                sorted({t.source_id for t in held if t.source_id and t.type in ("refund", "payment_refund")}))
            ours = uow.books.stripe_money(window)
        statements = tuple(match_payout(p, contents[p.id], local) for p in in_period)
        paid_out = {t.id for txns in contents.values() for t in txns}
        by_source = {t.source_id: t for t in period_txns if t.source_id}
        for txns in contents.values():
            by_source.update({t.source_id: t for t in txns if t.source_id})
        now = self._clock()
        unpaid, waiting = find_unpaid(ours, by_source, paid_out, now)
        review = PayoutReview(start, end, now, statements, tuple(unpaid), waiting)
        if progress is not None:
            progress.report(3, 3, msg("payouts.progress.done").text())
        with self._uow() as uow:
            uow.audit.record(actor, "payouts.reviewed", at=now, subject_type="period",
                             subject_id=f"{start.isoformat()}/{end.isoformat()}",
                             details={"payouts": len(statements), "paid_out_cents": review.paid_out_cents,
                                      "problems": sum(len(s.problems) for s in statements), "unpaid": len(unpaid)})
            uow.commit()
        log.info("payouts %s..%s: %d payouts, %d cents, %d unpaid of ours", start, end, len(statements),
                 review.paid_out_cents, len(unpaid))
        return review

    @staticmethod
    def _step(progress: Progress | None, done: int, total: int, text: str) -> None:
        if progress is None:
            return
        if progress.cancelled:
            raise UserCancelled()
        progress.report(done, total, text)


__all__ = ["PayoutMatching", "period_window"]
