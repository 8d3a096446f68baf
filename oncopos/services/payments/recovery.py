"""Recovering payments left in flight: at start-up and on `oncopos reconcile`.

Every unfinished payment of this desk is read back from Stripe by id. A success is recorded once
(then its invoice and emails; a success still without its invoice gets it here), a failed,
cancelled or expired one is closed, one Stripe cannot answer for now is left to be asked again.
Nothing is ever sent to a reader or charged here: a PaymentIntent whose id never reached the
database (the process died right after Stripe answered) is found again through the idempotency
key stored before the call (`FoundAgain`, which the state machine's Cancel uses too).

What Stripe's answer means for the row is the state machine's own rule (`PaymentService`), handed
in as `settle`; recovery decides what to ask and, at start-up, what to stop.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Any, Protocol

from oncopos.domain.access import Actor
from oncopos.domain.errors import first_line
from oncopos.domain.gateway import CheckoutState, PaymentGateway, PaymentIntentState
from oncopos.domain.payment import PaymentStep
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.in_flight import settle_each
from oncopos.services.payments.ports import IntentRecovery
from oncopos.services.payments.recording import Recorder
from oncopos.services.payments.records import CANCELLED, PROCESSING, PaymentRecord, RecoveryReport, Step
from oncopos.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
#: Journal steps of payments that wait for the student for hours (a plan reminder's emailed link,
#: oncopos.services.plan_reminders): start-up reads them but never cancels them as abandoned.
WAITS_FOR_STUDENT = frozenset({PaymentStep.PLAN_REMINDER})
payment_log = logging.getLogger(PAYMENT_LOG)


class Settle(Protocol):
    """`PaymentService`'s rule for what a PaymentIntent's or Checkout Session's state means for the
    row; returns the row as it is after."""

    def __call__(self, actor: Actor, record: PaymentRecord, state: PaymentIntentState | CheckoutState, *,
                 source: str) -> PaymentRecord: ...


@open_to_all("finds again the Stripe objects of payments the guarded PaymentService calls started")
class FoundAgain:
    """A Stripe object that was created but whose id never reached the database (a crash between
    Stripe's answer and the commit, or an answer lost on the way), found through the key stored
    before the call; its id is journalled (`recovered`) before anything else is asked."""

    def __init__(self, uow_factory: UnitOfWorkFactory, finder: IntentRecovery, recorder: Recorder) -> None:
        self._uow = uow_factory
        self._finder = finder
        self._recorder = recorder

    def find(self, actor: Actor, record: PaymentRecord) -> tuple[PaymentRecord, PaymentIntentState | CheckoutState] | None:
        """The payment's Checkout Session (hosted page) or PaymentIntent (reader), found through its key;
        None when Stripe never received it (nothing can have been charged)."""
        requested_at = self._requested_at(record)
        if record.method == "hosted":
            session = self._finder.find_checkout(record, requested_at)
            if session is None:
                return None
            return self._journal(actor, record, {"checkout_session": session.session_id},
                                 stripe_checkout_session_id=session.session_id, checkout_url=session.url,
                                 checkout_expires_at=session.expires_at), session
        intent = self._finder.find_reader_intent(record, record.stripe_metadata(), requested_at)
        if intent is None:
            return None
        return self._journal(actor, record, {"payment_intent": intent.id}, stripe_payment_intent_id=intent.id), intent

    def _journal(self, actor: Actor, record: PaymentRecord, detail: dict[str, Any], **changes: Any) -> PaymentRecord:
        payment_log.info("payment %s: found again at Stripe through its idempotency key: %s", record.id, detail)
        return self._recorder.step(actor, record.id, Step.RECOVERED, detail, audit="payment.recovered", **changes)

    def _requested_at(self, record: PaymentRecord) -> datetime:
        with self._uow() as uow:
            steps = uow.payments.steps(record.id)
        return next((s.at for s in reversed(steps) if s.step == Step.CHARGE_REQUESTED), record.created_at)


@open_to_all("the recovery behind PaymentService.recover_in_flight, which is guarded")
class InFlightRecovery:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, recorder: Recorder,
                 found_again: FoundAgain, settle: Settle, workstation_id: str) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._recorder = recorder
        self._found_again = found_again
        self._settle_state = settle
        self._workstation = workstation_id

    def run(self, actor: Actor, *, abandon: bool) -> RecoveryReport:
        with self._uow() as uow:
            pending = uow.payments.in_flight(self._workstation)
        done = settle_each(pending, lambda record: self._settle(actor, record, abandon=abandon), noun="payment",
                           doing="recovery", left="left open")
        lines, problems = done.lines, done.problems
        for payment_id in self._invoices_missing():
            try:
                number = self._recorder.issue_invoice(actor, payment_id, source="reconcile")
            except Exception as err:  # one invoice never holds back the others, the emails or the refunds
                problems.append(f"payment {payment_id}: succeeded, but its invoice could not be issued ({first_line(err)}); "
                                "run oncopos reconcile again after fixing the cause.")
                payment_log.exception("payment %s: invoice could not be issued", payment_id)
                continue
            if number is not None:
                lines.append(f"payment {payment_id}: invoice {number} issued (the payment had succeeded without it)")
            else:
                lines.append(f"payment {payment_id}: succeeded, but its invoice still could not be issued; "
                             "it is tried again at the next recovery (see payment.log)")
        for payment_id in self._emails_missing():
            try:
                if self._recorder.queue_emails(payment_id):
                    lines.append(f"payment {payment_id}: confirmation emails queued (they were not before the restart)")
            except Exception as err:  # an email never holds back the next payment (or the refunds after)
                problems.append(f"payment {payment_id}: its confirmation emails could not be queued ({first_line(err)}); "
                                "the payment itself is recorded. Run oncopos reconcile again after fixing the cause.")
                payment_log.exception("payment %s: confirmation emails could not be queued", payment_id)
        report = RecoveryReport(tuple(done.succeeded), tuple(done.ended), tuple(done.still_open),
                                tuple(done.unreachable), tuple(lines), tuple(problems))
        payment_log.info("recovery: %d in flight, %d recorded, %d closed, %d open, %d unreachable", len(pending),
                         len(report.recorded), len(report.closed), len(report.still_open), len(report.unreachable))
        return report

    def _settle(self, actor: Actor, record: PaymentRecord, *, abandon: bool) -> PaymentRecord:
        if record.status != PROCESSING:
            # Quoted or confirmed but never sent to Stripe: nothing can have been charged.
            if abandon:
                return self._recorder.closed(actor, record.id, CANCELLED, code="abandoned",
                                             message="The desk stopped before the charge. Nothing was charged.",
                                             source="reconcile")
            return record
        if record.method == "hosted":
            abandon = abandon and not self._waits_for_student(record)
        state = self._read(record)
        if state is None:
            found = self._found_again.find(actor, record)
            if found is None:
                return self._never_created(actor, record)
            record, state = found
        record = self._settle_state(actor, record, state, source="reconcile")
        if abandon and not record.final:
            record = self._abandon(actor, record, state)
        return record

    def _read(self, record: PaymentRecord) -> PaymentIntentState | CheckoutState | None:
        if record.stripe_object_id is None:
            return None
        if record.method == "hosted":
            return self._gateway.checkout(record.stripe_object_id)
        return self._gateway.payment_intent(record.stripe_object_id)

    def _abandon(self, actor: Actor, record: PaymentRecord, state: PaymentIntentState | CheckoutState) -> PaymentRecord:
        """Start-up: no window is waiting for this payment, so it is stopped at Stripe; money taken at
        the last moment comes back as a success and is recorded."""
        if isinstance(state, CheckoutState):
            return self._settle_state(actor, record, self._gateway.expire_checkout(state.session_id),
                                      source="reconcile")
        if record.reader_id:
            final = self._gateway.cancel_reader_payment(record.reader_id, state.id)
        else:
            final = self._gateway.payment_intent(state.id)
        if not (final.succeeded or final.status == "canceled"):
            return record  # still running at Stripe: asked again at the next recovery
        return self._settle_state(actor, record, final, source="reconcile")

    def _never_created(self, actor: Actor, record: PaymentRecord) -> PaymentRecord:
        return self._recorder.closed(actor, record.id, CANCELLED, code="not_created",
                                     message="The desk stopped before Stripe received the payment. Nothing was charged.",
                                     source="reconcile")

    def _waits_for_student(self, record: PaymentRecord) -> bool:
        with self._uow() as uow:
            return any(s.step in WAITS_FOR_STUDENT for s in uow.payments.steps(record.id))

    def _invoices_missing(self) -> list[uuid.UUID]:
        with self._uow() as uow:
            return uow.payments.succeeded_without_invoice(self._workstation)

    def _emails_missing(self) -> list[uuid.UUID]:
        with self._uow() as uow:
            return uow.payments.succeeded_without(self._workstation, Step.EMAILS_QUEUED)
