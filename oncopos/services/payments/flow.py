"""The Stripe side of a payment: start the charge, follow it, retry it, stop it.

Each call to Stripe is preceded by a committed journal step and followed by one, so what was asked
and what Stripe answered are both on disk before anything else happens.
"""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Any

from oncopos.domain.access import Actor
from oncopos.domain.errors import InfrastructureError, InvalidInput, ReaderUnavailable, UserFacingError
from oncopos.domain.gateway import CheckoutState, PaymentGateway, PaymentIntentState
from oncopos.domain.messages import msg
from oncopos.domain.money import format_cents
from oncopos.domain.payment import READER_METHODS, check_step, reader_attempt_key
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.payments import status
from oncopos.services.payments.ports import FaultPoint, IntentRecovery, PaymentMail
from oncopos.services.payments.quote import tax_shares_of
from oncopos.services.payments.recording import Paid, Recorder
from oncopos.services.payments.records import (
    CANCELLED,
    EXPIRED,
    FAILED,
    PROCESSING,
    SUCCEEDED,
    EnrollmentForPayment,
    PartView,
    PaymentPart,
    PaymentRecord,
    PaymentView,
    Step,
    TaxShare,
)
from oncopos.services.ports import Clock, UnitOfWorkFactory

if TYPE_CHECKING:
    from oncopos.services.payments.service import PaymentRules

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

EMAIL_CHARS = set("@.")
METHOD_NAMES = {"card_present": "credit and debit cards (card_present)", "interac_present": "Interac (interac_present)"}


def methods_notice(kept: tuple[str, ...] | list[str]) -> str | None:
    """One line when Stripe dropped a reader payment method the desk asks for, with what to enable."""
    dropped = [m for m in READER_METHODS if m not in kept]
    if not dropped:
        return None
    names = " and ".join(METHOD_NAMES[m] for m in dropped)
    return (f"Stripe dropped {names} from this payment because the account cannot take it: a manager must turn it "
            "on in the Stripe Dashboard (Settings > Payment methods, Terminal) before the next payment.")
#: Failures that mean the payment never reached a card (the reader or Stripe could not be asked):
#: cancelling after one of them is a cancellation, not a refused payment to tell the student about.
NOT_SENT_CODES = frozenset({"terminal_reader_offline", "terminal_reader_busy", "terminal_reader_timeout",
                            "terminal_reader_hardware_fault", "reader_unavailable", "stripe_unreachable"})


def stripe_metadata(record: PaymentRecord) -> dict[str, str]:
    """Only ids (no names, no email): Stripe's copy must be enough to find the local row, nothing more.

    Derived from stored columns only, so a replay after a crash sends exactly the same parameters.
    """
    return {"enrollment_id": str(record.enrollment_id), "workstation": record.workstation_id}


@open_to_all("the payment steps behind PaymentService, reached only through its guarded calls")
class Flow:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, clock: Clock, recorder: Recorder,
                 recovery: IntentRecovery, rules: PaymentRules, mail: PaymentMail | None, checkpoint: FaultPoint) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._clock = clock
        self._recorder = recorder
        self.recovery = recovery
        self._rules = rules
        self._mail = mail
        self._checkpoint = checkpoint

    def load(self, payment_id: uuid.UUID) -> PaymentRecord:
        with self._uow() as uow:
            return uow.payments.get(payment_id)

    def journal(self, actor: Actor, payment_id: uuid.UUID, step: str, detail: dict[str, Any], *,
                 audit: str | None = None, **changes: Any) -> PaymentRecord:
        with self._uow() as uow:
            now = self._clock()
            record = status.record_step(uow, payment_id, step, at=now, detail=detail, **changes)
            if audit:
                uow.audit.record(actor, audit, at=now, subject_type="payment", subject_id=payment_id, details=detail)
            uow.commit()
        return record

    # --- start -------------------------------------------------------------------------------
    def start_reader(self, actor: Actor, payment_id: uuid.UUID, reader_id: str) -> None:
        """Create the PaymentIntent (the payment's one key: a replay finds the same one), then send it."""
        record = self.load(payment_id)
        try:
            intent = self._gateway.create_reader_intent(payment_id, record.amount_cents, stripe_metadata(record),
                                                        record.idempotency_key)
        except InfrastructureError as err:
            # Stripe could not be asked: Retry replays the create under the same key, so it is safe.
            self._not_sent(actor, payment_id, 0, "stripe_unreachable", str(err))
            return
        self._checkpoint("charge_returned")
        self.journal(actor, payment_id, Step.CHARGE_STARTED, {"payment_intent": intent.id},
                      audit="payment.charge_started", stripe_payment_intent_id=intent.id)
        payment_log.info("payment %s: PaymentIntent %s for reader %s", payment_id, intent.id, reader_id)
        self._checkpoint("charge_started")
        self._check_methods_kept(actor, payment_id, intent)
        self._send(actor, self.load(payment_id), intent)

    def _check_methods_kept(self, actor: Actor, payment_id: uuid.UUID, intent: PaymentIntentState) -> None:
        """`allowed_payment_method_types` is a filter: say (and record) what Stripe dropped for this account."""
        if not intent.payment_method_types:
            return  # an answer that does not say (an older API version): nothing to compare
        notice = methods_notice(intent.payment_method_types)
        if notice is None:
            return
        dropped = [m for m in READER_METHODS if m not in intent.payment_method_types]
        self.journal(actor, payment_id, Step.METHODS_DROPPED,
                      {"dropped": dropped, "kept": list(intent.payment_method_types)},
                      audit="payment.methods_dropped")
        payment_log.warning("payment %s: Stripe dropped %s from PaymentIntent %s: %s", payment_id, ", ".join(dropped),
                            intent.id, notice)

    def _send(self, actor: Actor, record: PaymentRecord, intent: PaymentIntentState) -> None:
        """Send attempt n+1 to the reader under its own key, journaled (with the decline it follows) first."""
        assert record.reader_id is not None
        with self._uow() as uow:
            attempt = 1 + sum(1 for s in uow.payments.steps(record.id) if s.step == Step.SENT_TO_READER)
        key = reader_attempt_key(record.idempotency_key, attempt)
        self.journal(actor, record.id, Step.SENT_TO_READER,
                      {"attempt": attempt, "reader": record.reader_id, "idempotency_key": key,
                       "after_decline": intent.decline_ref, "after_decline_code": intent.decline_code})
        try:
            sent = self._gateway.send_to_reader(record.reader_id, intent.id, key)
        except ReaderUnavailable as err:
            self._not_sent(actor, record.id, attempt, err.code or "reader_unavailable", str(err))
            return
        except InfrastructureError as err:
            # The reader may have got it; Retry sends again under a new key, and a reader already
            # waiting for this PaymentIntent is taken as sent.
            self._not_sent(actor, record.id, attempt, "stripe_unreachable", str(err))
            return
        payment_log.info("payment %s: PaymentIntent %s sent to reader %s (attempt %d)", record.id, intent.id,
                         record.reader_id, attempt)
        if sent.status != "requires_payment_method":
            self.settle_intent(actor, self.load(record.id), self._gateway.payment_intent(intent.id), source="send")

    def _not_sent(self, actor: Actor, payment_id: uuid.UUID, attempt: int, code: str, message: str) -> None:
        self.journal(actor, payment_id, Step.NOT_SENT, {"attempt": attempt, "code": code},
                      audit="payment.not_sent", failure_code=code, failure_message=message)
        payment_log.info("payment %s: attempt %d did not reach the reader (%s)", payment_id, attempt, code)

    def _decline_is_new(self, payment_id: uuid.UUID, state: PaymentIntentState) -> bool:
        """Stripe keeps `last_payment_error` on the PaymentIntent after the next send: a decline is new
        only when it is not the one the latest attempt was sent after."""
        with self._uow() as uow:
            sends = [s for s in uow.payments.steps(payment_id) if s.step == Step.SENT_TO_READER]
        if not sends:
            return True
        latest = sends[-1].detail
        if state.decline_ref is not None or latest.get("after_decline") is not None:
            return state.decline_ref != latest.get("after_decline")
        # No ids to compare: the reader's own action says whether this attempt failed (below).
        return latest.get("after_decline_code") is None

    def start_hosted(self, actor: Actor, payment_id: uuid.UUID) -> None:
        record = self.load(payment_id)
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(record.enrollment_id)
        description = f"{enrollment.course_name} ({enrollment.course_code}), {self._rules.business_name}"
        metadata = {**stripe_metadata(record), "oncopos_payment_id": str(payment_id)}
        session = self._gateway.create_checkout(record.amount_cents, description, enrollment.student_email, metadata,
                                                record.idempotency_key, self._rules.payment_timeout_minutes)
        self._checkpoint("charge_returned")
        self.journal(actor, payment_id, Step.CHARGE_STARTED,
                      {"checkout_session": session.session_id, "expires_at": session.expires_at.isoformat()},
                      audit="payment.charge_started", stripe_checkout_session_id=session.session_id,
                      checkout_url=session.url, checkout_expires_at=session.expires_at)
        payment_log.info("payment %s: hosted page %s open until %s", payment_id, session.session_id,
                         session.expires_at.isoformat())
        self._checkpoint("charge_started")

    # --- follow ------------------------------------------------------------------------------
    def poll(self, actor: Actor, payment_id: uuid.UUID, *, emails: bool = True) -> None:
        record = self.load(payment_id)
        if record.status != PROCESSING:
            return
        if record.method == "hosted" and record.checkout_session_id:
            self.settle_checkout(actor, record, self._gateway.checkout(record.checkout_session_id), source="poll",
                                 emails=emails)
        elif record.payment_intent_id:
            self.settle_intent(actor, record, self._gateway.payment_intent(record.payment_intent_id), source="poll",
                               emails=emails)

    def settle_intent(self, actor: Actor, record: PaymentRecord, state: PaymentIntentState, *, source: str,
                      abandon: bool = False, emails: bool = True) -> None:
        """Bring the local row in line with the PaymentIntent (and, for `abandon`, stop it)."""
        if state.succeeded:
            self._recorder.succeeded(actor, record.id, Paid.of(state), source=source, emails=emails)
            return
        if state.status == "canceled":
            outcome = FAILED if record.failure_code and record.failure_code not in NOT_SENT_CODES else CANCELLED
            self._recorder.closed(actor, record.id, outcome, code=record.failure_code or "canceled",
                                  message=record.failure_message or "The payment was cancelled. Nothing was charged.",
                                  source=source)
            return
        if state.decline_code and record.failure_code is None and self._decline_is_new(record.id, state):
            message = state.decline_message or "The card was declined. Ask for another card, then Retry."
            self.journal(actor, record.id, Step.DECLINED, {"code": state.decline_code, "decline": state.decline_ref},
                          audit="payment.declined", failure_code=state.decline_code, failure_message=message)
            payment_log.info("payment %s: declined (%s)", record.id, state.decline_code)
            record = self.load(record.id)
        elif record.reader_id and record.failure_code is None:
            action = self._gateway.reader_action(record.reader_id)
            if action is not None and action.status == "failed" and action.payment_intent_id in (None, state.id):
                # Cancelled by the customer on the reader, or the reader dropped off: the same
                # PaymentIntent can be sent again.
                self.journal(actor, record.id, Step.DECLINED, {"code": action.failure_code},
                              audit="payment.reader_failed", failure_code=action.failure_code or "reader_failed",
                              failure_message=action.failure_message or "The reader stopped the payment. Retry or cancel.")
                record = self.load(record.id)
        if abandon:
            self._abandon_intent(actor, record, source=source)

    def settle_checkout(self, actor: Actor, record: PaymentRecord, state: CheckoutState, *, source: str,
                        abandon: bool = False, emails: bool = True) -> None:
        if state.paid:
            self._recorder.succeeded(actor, record.id, Paid.of(state), source=source, emails=emails)
        elif state.status == "expired":
            self._recorder.closed(actor, record.id, EXPIRED, code="expired",
                                  message="The payment link expired before it was used. Nothing was charged; "
                                          "start a new payment.", source=source)
        elif abandon:
            final = self._gateway.expire_checkout(state.session_id)
            self.settle_checkout(actor, record, final, source=source)

    def _abandon_intent(self, actor: Actor, record: PaymentRecord, *, source: str) -> None:
        assert record.payment_intent_id is not None
        reader = record.reader_id
        if reader:
            final = self._gateway.cancel_reader_payment(reader, record.payment_intent_id)
        else:
            final = self._gateway.payment_intent(record.payment_intent_id)
        if final.succeeded or final.status == "canceled":
            self.settle_intent(actor, record, final, source=source)

    # --- retry and cancel --------------------------------------------------------------------
    def retry(self, actor: Actor, payment_id: uuid.UUID) -> None:
        record = self.load(payment_id)
        check_step(record.status, Step.RETRIED, "be retried")  # before Stripe is asked; the write checks again
        if record.method != "reader" or record.reader_id is None:
            raise InvalidInput(msg("payment.retry_refused"))
        # Read first: if Stripe cannot be asked, the decline stays on screen with the error under it.
        intent = self._gateway.payment_intent(record.payment_intent_id) if record.payment_intent_id else None
        self.journal(actor, payment_id, Step.RETRIED, {"previous": record.failure_code}, audit="payment.retried",
                      failure_code=None, failure_message=None)
        if intent is None:
            # The first attempt failed before we heard Stripe's answer: the same key replays the create.
            self.start_reader(actor, payment_id, record.reader_id)
            return
        if intent.status != "requires_payment_method":  # paid or cancelled meanwhile: record that
            self.settle_intent(actor, self.load(payment_id), intent, source="retry")
            return
        self._send(actor, self.load(payment_id), intent)

    def cancel(self, actor: Actor, payment_id: uuid.UUID) -> None:
        record = self.load(payment_id)
        if record.final:
            return
        if record.status != PROCESSING:
            self._recorder.closed(actor, payment_id, CANCELLED, code="cancelled_by_staff",
                                  message="Cancelled before any charge. Nothing was charged.", source="staff")
            return
        record = self.journal(actor, payment_id, Step.CANCEL_REQUESTED, {}, audit="payment.cancel_requested")
        if record.method == "hosted":
            if record.checkout_session_id is None:
                found = self.recovery.find_checkout(record, record.created_at)
                if found is None:
                    self._recorder.closed(actor, payment_id, CANCELLED, code="cancelled_by_staff",
                                          message="Cancelled before the link was made. Nothing was charged.",
                                          source="staff")
                    return
                record = self.journal(actor, payment_id, Step.RECOVERED, {"checkout_session": found.session_id},
                                       stripe_checkout_session_id=found.session_id)
            final = self._gateway.expire_checkout(record.checkout_session_id)  # type: ignore[arg-type]
            if final.status == "expired":
                self._recorder.closed(actor, payment_id, CANCELLED, code="cancelled_by_staff",
                                      message="The payment link was cancelled. Nothing was charged.", source="staff")
            else:
                self.settle_checkout(actor, record, final, source="cancel")
            return
        if record.payment_intent_id is None:
            intent = self.recovery.find_reader_intent(record, stripe_metadata(record), record.created_at)
            if intent is None:
                self._recorder.closed(actor, payment_id, CANCELLED, code="cancelled_by_staff",
                                      message="Cancelled before the reader got the payment. Nothing was charged.",
                                      source="staff")
                return
            record = self.journal(actor, payment_id, Step.RECOVERED, {"payment_intent": intent.id},
                                   stripe_payment_intent_id=intent.id)
        assert record.reader_id and record.payment_intent_id
        cancelled = self._gateway.cancel_reader_payment(record.reader_id, record.payment_intent_id)
        self.settle_intent(actor, record, cancelled, source="cancel")
        if not cancelled.succeeded and cancelled.status != "canceled":
            raise UserFacingError(msg("payment.not_cancelled_yet", status=cancelled.status.replace('_', ' ')))

    # --- the link ----------------------------------------------------------------------------
    def email_link(self, actor: Actor, payment_id: uuid.UUID, to: str | None) -> str:
        record = self.load(payment_id)
        if record.method != "hosted" or not record.checkout_url or record.status != PROCESSING:
            raise InvalidInput(msg("payment.no_link"))
        if self._mail is None:
            raise UserFacingError(msg("payment.no_mail"))
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(record.enrollment_id)
        address = (to or enrollment.student_email).strip()
        if not set(address) >= EMAIL_CHARS or " " in address:
            raise InvalidInput(msg("payment.bad_address", address=address), field="email")
        self._mail.send_link(address, enrollment, record)
        self.journal(actor, payment_id, Step.LINK_EMAILED, {"to": address}, audit="payment.link_emailed")
        payment_log.info("payment %s: link emailed", payment_id)
        return address

    # --- reading -----------------------------------------------------------------------------
    def view(self, payment_id: uuid.UUID) -> PaymentView:
        with self._uow() as uow:
            record = uow.payments.get(payment_id)
            enrollment = uow.payments.enrollment(record.enrollment_id)
            invoice = uow.payments.invoice_number(payment_id) if record.status == SUCCEEDED else None
            steps = uow.payments.steps(payment_id)
            parts = tuple(_part_view(uow.payments.enrollment(p.enrollment_id), p, record.status == SUCCEEDED)
                          for p in uow.payments.parts(payment_id))
        before = enrollment.balance_cents + (record.amount_cents if record.status == SUCCEEDED else 0)
        if parts:
            before = sum(p.balance_before_cents for p in parts)
        last = steps[-1].step if steps else None
        flag = next((s.detail for s in steps if s.step == Step.AMOUNT_DIFFERS), None)
        dropped = next((s.detail for s in steps if s.step == Step.METHODS_DROPPED), None)
        amount_flag = None if flag is None else (
            f"Stripe collected {format_cents(int(flag['received_cents']))}, but {format_cents(int(flag['quoted_cents']))} "
            "was quoted. No invoice was issued and no receipt sent: ask a manager to check this payment.")
        waiting = (record.status == PROCESSING and record.method == "reader" and record.failure_code is None
                   and last in (Step.CHARGE_STARTED, Step.SENT_TO_READER, Step.RETRIED, Step.RECOVERED))
        return PaymentView(
            id=record.id, enrollment_id=record.enrollment_id, status=record.status, amount_cents=record.amount_cents,
            tax_cents=record.tax_cents, tax_shares=tax_shares_of(record), balance_before_cents=before,
            method=record.method, reader_id=record.reader_id, payment_intent_id=record.payment_intent_id,
            checkout_url=record.checkout_url, checkout_expires_at=record.checkout_expires_at,
            card_brand=record.card_brand, card_last4=record.card_last4, payment_method_type=record.payment_method_type,
            failure_code=record.failure_code, failure_message=record.failure_message, invoice_number=invoice,
            waiting_for_card=waiting, amount_flag=amount_flag,
            methods_notice=methods_notice(dropped["kept"]) if dropped else None, parts=parts,
        )


def _part_view(enrollment: EnrollmentForPayment, part: PaymentPart, paid: bool) -> PartView:
    """A line of a payment for several enrollments; its balance before is as it was before this payment."""
    shares = tuple(TaxShare(str(c["name"]), str(c["rate"]), int(c.get("base_cents", 0)), int(c["amount_cents"]))
                   for c in part.tax_components)
    before = enrollment.balance_cents + (part.amount_cents if paid else 0)
    return PartView(enrollment.id, enrollment.course_code, enrollment.course_name, part.amount_cents, part.tax_cents,
                    shares, before)
