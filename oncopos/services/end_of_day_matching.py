"""Matching a business day with Stripe: read Stripe's side, then match (`domain.end_of_day_matching`).

Reads only: each day's PaymentIntent by id (its status, charge and metadata), the balance
transactions of the day with a margin either side (a payment completed at 23:59:59 may have been
charged a second earlier on Stripe's clock), and the refund events of the same span (to name the
PaymentIntent of a refund made in the Dashboard). Nothing is recorded or changed here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from oncopos.domain.access import Actor, Permission
from oncopos.domain.end_of_day import Window
from oncopos.domain.end_of_day_matching import DayMatch, StripeSide, match
from oncopos.domain.errors import UserCancelled
from oncopos.domain.gateway import PaymentGateway, PaymentIntentState
from oncopos.domain.messages import msg
from oncopos.services.end_of_day import EndOfDayService, Progress
from oncopos.services.guard import requires
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

# Stripe's and the desk's clocks, and the poll that records a success, can differ by this much.
MARGIN = timedelta(hours=2)
REFUND_EVENTS = ("refund.created", "charge.refunded")


class DayMatching:
    def __init__(self, end_of_day: EndOfDayService, uow_factory: UnitOfWorkFactory, gateway: Callable[[], PaymentGateway],
                 clock: Callable[[], datetime]) -> None:
        self._end_of_day = end_of_day
        self._uow = uow_factory
        self._gateway = gateway  # a provider: the gateway is built (key read, simulator started) on first use
        self._clock = clock

    @requires(Permission.RECONCILE)
    def match(self, actor: Actor, day: date, *, progress: Progress | None = None) -> DayMatch:
        report = self._end_of_day.report(actor, day, live=True)
        start, end = report.window_start, report.window_end
        with self._uow() as uow:
            open_intents = uow.end_of_day.open_intents(Window(start, end))
        gateway = self._gateway()
        intent_ids = sorted({p.payment_intent_id for p in report.payments if p.payment_intent_id}
                            | {pi for _, pi, _, _ in open_intents})
        total = len(intent_ids) + 2
        intents: dict[str, PaymentIntentState | None] = {}
        for done, intent_id in enumerate(intent_ids):
            self._step(progress, done, total, msg("match.progress.intent", n=done + 1, total=len(intent_ids)).text())
            intents[intent_id] = self._intent(gateway, intent_id)
        self._step(progress, total - 2, total, msg("match.progress.fees").text())
        transactions = gateway.balance_transactions(start - MARGIN, end + MARGIN)
        self._step(progress, total - 1, total, msg("match.progress.refunds").text())
        refund_intents: dict[str, str] = {}
        for event in gateway.events_since(start - MARGIN, REFUND_EVENTS):
            obj = event.data.get("object") or {}
            if event.type == "refund.created" and obj.get("id") and obj.get("payment_intent"):
                refund_intents[str(obj["id"])] = str(obj["payment_intent"])
        with self._uow() as uow:
            sources = [t.source_id for t in transactions if t.source_id]
            elsewhere = {k: v[0] for k, v in uow.end_of_day.payments_by_stripe_ids(sources, []).items()}
            elsewhere.update({k: v[0] for k, v in uow.end_of_day.refunds_by_stripe_ids(sources).items()})
        result = match(day, self._clock(), report.payments, report.refund_rows, open_intents,
                       StripeSide(transactions, intents, refund_intents, (start, end)), elsewhere)
        if progress is not None:
            progress.report(total, total, msg("eod.progress.done").text())
        with self._uow() as uow:
            uow.audit.record(actor, "eod.reconciled", at=self._clock(), subject_type="business_day",
                             subject_id=day.isoformat(),
                             details={"matched_payments": result.matched_payments, "matched_refunds": result.matched_refunds,
                                      "mismatches": len(result.mismatches), "fee_cents": result.fee_cents,
                                      "kinds": sorted({m.kind for m in result.mismatches})})
            uow.commit()
        log.info("day %s reconciled: %d payments, %d refunds matched, %d mismatches, fees %d cents", day,
                 result.matched_payments, result.matched_refunds, len(result.mismatches), result.fee_cents)
        return result

    @staticmethod
    def _step(progress: Progress | None, done: int, total: int, text: str) -> None:
        if progress is None:
            return
        if progress.cancelled:
            raise UserCancelled()
        progress.report(done, total, text)

    @staticmethod
    def _intent(gateway: PaymentGateway, intent_id: str) -> PaymentIntentState | None:
        from oncopos.domain.errors import GatewayRejected

        try:
            return gateway.payment_intent(intent_id)
        except GatewayRejected as error:
            # "No such payment_intent": Stripe does not know it, which is itself the finding.
            if getattr(error, "code", None) == "resource_missing":
                return None
            raise


__all__ = ["DayMatching"]
