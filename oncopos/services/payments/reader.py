"""The card reader's side of a payment while it is processing: the PaymentIntent, each attempt sent
to the reader under its own key, and what the reader says about the last one.

Everything here is a journal step that leaves the status as it is (`processing`); the status
changes are the state machine's (PaymentService) and the recorder's. Each call to Stripe is
preceded by a committed step and followed by one, so what was asked and what Stripe answered are
both on disk before anything else happens.
"""

from __future__ import annotations

import logging
import uuid

from oncopos.domain.access import Actor
from oncopos.domain.errors import InfrastructureError, ReaderUnavailable
from oncopos.domain.gateway import PaymentGateway, PaymentIntentState, ReaderActionState
from oncopos.domain.payment import READER_METHODS, reader_attempt_key
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.payments.ports import FaultPoint
from oncopos.services.payments.progress import read_progress
from oncopos.services.payments.recording import Recorder
from oncopos.services.payments.records import PaymentRecord, PaymentView, Step
from oncopos.services.ports import UnitOfWork, UnitOfWorkFactory

payment_log = logging.getLogger(PAYMENT_LOG)


@open_to_all("the card reader's steps of payments the guarded PaymentService calls started")
class CardReader:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, recorder: Recorder,
                 checkpoint: FaultPoint) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._recorder = recorder
        self._checkpoint = checkpoint

    def create_intent(self, actor: Actor, record: PaymentRecord) -> PaymentIntentState | None:
        """Create the PaymentIntent under the payment's one key (a replay finds the same one).

        None when Stripe could not be asked: that is journalled as an attempt not sent, and a Retry
        replays the create under the same key, so it is safe. Stripe's answer is journalled by `send`,
        with the first attempt, before that attempt goes to the reader.
        """
        try:
            intent = self._gateway.create_reader_intent(record.id, record.amount_cents, record.stripe_metadata(),
                                                        record.idempotency_key)
        except InfrastructureError as err:
            self.not_sent(actor, record.id, 0, "stripe_unreachable", str(err))
            return None
        self._checkpoint("charge_returned")
        return intent

    def _check_methods_kept(self, uow: UnitOfWork, actor: Actor, payment_id: uuid.UUID,
                            intent: PaymentIntentState) -> None:
        """`allowed_payment_method_types` is a filter: record what Stripe dropped for this account."""
        if not intent.payment_method_types:
            return  # an answer that does not say (an older API version): nothing to compare
        dropped = [m for m in READER_METHODS if m not in intent.payment_method_types]
        if not dropped:
            return
        self._recorder.journal(uow, actor, payment_id, Step.METHODS_DROPPED,
                               {"dropped": dropped, "kept": list(intent.payment_method_types)},
                               audit="payment.methods_dropped")
        payment_log.warning("payment %s: Stripe dropped %s from PaymentIntent %s (the account's payment methods)",
                            payment_id, ", ".join(dropped), intent.id)

    def send(self, actor: Actor, record: PaymentRecord, intent: PaymentIntentState, *,
             created: bool = False) -> tuple[PaymentIntentState | None, PaymentView | None]:
        """Send attempt n+1 to the reader under its own key, journalled (with the decline it follows) first.

        `created`: the PaymentIntent was just created; its id (and what Stripe dropped of the methods
        asked) is journalled in the same commit as the first attempt, both before the reader is asked.
        Returns (the PaymentIntent as Stripe has it now when the reader did not simply start waiting
        for the card, paid or cancelled meanwhile, for the state machine to settle; the payment as the
        window shows it when the reader waits for the card: what the attempt's commit wrote, nothing since).
        """
        reader_id = record.reader_id
        assert reader_id is not None
        with self._uow() as uow:
            # Counted under the lock, in the transaction that journals it: no two sends of one payment
            # take one number. Read before this transaction's steps, which then go out in one flush.
            uow.payments.get(record.id, lock=True)
            attempt = 1 + sum(1 for s in uow.payments.steps(record.id) if s.step == Step.SENT_TO_READER)
            key = reader_attempt_key(record.idempotency_key, attempt)
            if created:
                record = self._recorder.journal(uow, actor, record.id, Step.CHARGE_STARTED,
                                                {"payment_intent": intent.id}, audit="payment.charge_started",
                                                stripe_payment_intent_id=intent.id)
                self._check_methods_kept(uow, actor, record.id, intent)
            self._recorder.journal(uow, actor, record.id, Step.SENT_TO_READER, {
                "attempt": attempt, "reader": record.reader_id, "idempotency_key": key,
                "after_decline": intent.decline_ref, "after_decline_code": intent.decline_code})
            waiting = read_progress(uow, record.id)
            uow.commit()
        if created:
            payment_log.info("payment %s: PaymentIntent %s for reader %s", record.id, intent.id, record.reader_id)
            self._checkpoint("charge_started")
        try:
            sent = self._gateway.send_to_reader(reader_id, intent.id, key)
        except ReaderUnavailable as err:
            self.not_sent(actor, record.id, attempt, err.code or "reader_unavailable", str(err))
            return None, None
        except InfrastructureError as err:
            # The reader may have got it; Retry sends again under a new key, and a reader already
            # waiting for this PaymentIntent is taken as sent.
            self.not_sent(actor, record.id, attempt, "stripe_unreachable", str(err))
            return None, None
        payment_log.info("payment %s: PaymentIntent %s sent to reader %s (attempt %d)", record.id, intent.id,
                         record.reader_id, attempt)
        if sent.status == "requires_payment_method":
            return None, waiting
        return self._gateway.payment_intent(intent.id), None

    def not_sent(self, actor: Actor, payment_id: uuid.UUID, attempt: int, code: str, message: str) -> None:
        self._recorder.step(actor, payment_id, Step.NOT_SENT, {"attempt": attempt, "code": code},
                            audit="payment.not_sent", failure_code=code, failure_message=message)
        payment_log.info("payment %s: attempt %d did not reach the reader (%s)", payment_id, attempt, code)

    def decline_is_new(self, payment_id: uuid.UUID, state: PaymentIntentState) -> bool:
        """Stripe keeps `last_payment_error` on the PaymentIntent after the next send: a decline is new
        only when it is not the one the latest attempt was sent after."""
        with self._uow() as uow:
            sends = [s for s in uow.payments.steps(payment_id) if s.step == Step.SENT_TO_READER]
        if not sends:
            return True
        latest = sends[-1].detail
        if state.decline_ref is not None or latest.get("after_decline") is not None:
            return state.decline_ref != latest.get("after_decline")
        # No ids to compare: the reader's own action says whether this attempt failed (failed_action).
        return latest.get("after_decline_code") is None

    def failed_action(self, record: PaymentRecord, state: PaymentIntentState) -> ReaderActionState | None:
        """The reader's action on this PaymentIntent when it failed (cancelled by the customer on the
        reader, or the reader dropped off): the same PaymentIntent can be sent again."""
        assert record.reader_id is not None
        action = self._gateway.reader_action(record.reader_id)
        if action is not None and action.status == "failed" and action.payment_intent_id in (None, state.id):
            return action
        return None

    def stop(self, record: PaymentRecord) -> PaymentIntentState:
        """Cancel the reader's action and the PaymentIntent; what Stripe has after (a tap at the last
        moment is a success, never lost)."""
        assert record.reader_id and record.payment_intent_id
        return self._gateway.cancel_reader_payment(record.reader_id, record.payment_intent_id)
