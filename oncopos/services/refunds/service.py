"""Refunding a payment: the refund row and the journal first, then Stripe, then the credit note.

Cash goes back out of the desk's open drawer at once (refunds/cash.py), with no Stripe call; a
cheque or e-Transfer payment goes back by a cheque or an e-Transfer the desk names (refunds/bank.py).
Card and hosted-page payments go back through the Refunds API with an idempotency key derived from
the local refund id, stored before the call. Interac can only be refunded in person: the reader is
asked to refund, the student taps the same card, and the app watches the reader until it is done,
the student does not come forward (timeout) or staff cancel. Every step is committed before the
next call out, so a crash anywhere is settled by `settle_refunds` without refunding twice.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import (
    GatewayRejected,
    InfrastructureError,
    InvalidAmount,
    InvalidInput,
    ReaderUnavailable,
    UserFacingError,
)
from oncopos.domain.gateway import PaymentGateway, ReaderActionState
from oncopos.domain.messages import Money, msg, status_name
from oncopos.domain.tender import BankRefund
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWorkFactory
from oncopos.services.refunds import bank, cash, status
from oncopos.services.refunds.ports import FaultPoint, RefundLookup, RefundMail
from oncopos.services.refunds.recording import RefundRecorder
from oncopos.services.refunds.records import (
    API,
    APP,
    PENDING,
    READER,
    REASON_BY_CODE,
    SUCCEEDED,
    DashboardRefund,
    RefundablePayment,
    RefundRecord,
    RefundView,
    SettlementReport,
    Step,
    idempotency_key,
)

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

MAX_REASON_TEXT = 500

# What the registrar reads when the reader ends a refund without a tap (Stripe's codes).
_READER_FAILURES = {
    "card_mismatch": "The card presented is not the card that was charged. Nothing was refunded; start the refund "
                     "again and ask the student to tap the same card.",
    "canceled": "The refund was cancelled on the reader. Nothing was refunded.",
    "customer_canceled": "The student cancelled the refund on the reader. Nothing was refunded.",
    "terminal_reader_offline": "The reader went offline before the card was presented. Nothing was refunded; check "
                               "the reader's power and network, then start the refund again.",
}


class RefundNotConfirmed(UserFacingError):
    """Stripe did not answer: the refund is saved as pending and will be checked, never repeated."""


@dataclass(frozen=True)
class RefundRules:
    workstation_id: str
    #: How long the reader waits for the student's card before the refund is stopped.
    reader_timeout_seconds: int = 120
    locale: str = "en-CA"


def stripe_metadata(record: RefundRecord) -> dict[str, str]:
    """Ids only, derived from stored columns, so a replay after a crash sends exactly the same parameters."""
    return {"oncopos_refund_id": str(record.id), "oncopos_payment_id": str(record.payment_id),
            "workstation": record.workstation_id}


class RefundService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, lookup: RefundLookup,
                 rules: RefundRules, *, clock: Clock, invoices: InvoiceIssuer | None = None,
                 mail: RefundMail | None = None, fault_point: FaultPoint | None = None) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._lookup = lookup
        self._rules = rules
        self._clock = clock
        self._checkpoint: FaultPoint = fault_point or (lambda _step: None)
        self._recorder = RefundRecorder(uow_factory, clock, invoices, mail, self._checkpoint)
        self._invoices = invoices

    @property
    def rules(self) -> RefundRules:
        return self._rules

    # --- before -------------------------------------------------------------------------------
    @open_to_all("what the refund dialog prefills (amount left, method); the refund itself is guarded")
    def refundable(self, payment_id: uuid.UUID) -> RefundablePayment:
        """The payment with what was refunded and what may still be (what the dialog prefills)."""
        with self._uow() as uow:
            return uow.refunds.payment(payment_id)

    # --- refund -------------------------------------------------------------------------------
    @requires(Permission.REFUND, subject="payment_id")
    def refund(self, actor: Actor, payment_id: uuid.UUID, amount_cents: int, reason: str, reason_text: str = "",
               *, reader_id: str | None = None, enrollment_id: uuid.UUID | None = None,
               sent: BankRefund | None = None) -> RefundView:
        """Give back `amount_cents` of a succeeded payment (never more than remains refundable).

        A payment by cheque or e-Transfer goes back by the cheque or e-Transfer `sent` names
        (required for those payments, refused for the others).

        A payment made for several enrollments is refunded on the line of `enrollment_id` (never
        more than that line has left), or, with none named, shared over its lines.
        """
        chosen = REASON_BY_CODE.get(reason)
        if chosen is None:
            raise InvalidInput(msg("refund.choose_reason"), field="reason")
        text = " ".join(reason_text.split())
        if chosen.needs_text and len(text) < 3:
            raise InvalidInput(msg("refund.say_why", reason=msg(f'refund.reason.{chosen.code}')),
                               field="reason_text")
        if len(text) > MAX_REASON_TEXT:
            raise InvalidInput(msg("refund.reason_long", maximum=MAX_REASON_TEXT), field="reason_text")
        if not isinstance(amount_cents, int) or isinstance(amount_cents, bool) or amount_cents <= 0:
            raise InvalidAmount(msg("refund.enter_amount"))
        refund_id = uuid.uuid4()
        with self._uow() as uow:
            payment = uow.refunds.payment(payment_id, lock=True)
            self._check(payment, amount_cents)
            on_lines = _on_line(payment, enrollment_id, amount_cents)
            by_hand = bank.checked(payment, sent)
            if by_hand is not None:
                number = bank.send_back(uow, actor, payment, by_hand, refund_id=refund_id, amount_cents=amount_cents,
                                        reason=reason, reason_text=text, workstation_id=self._rules.workstation_id,
                                        clock=self._clock, invoices=self._invoices, on_lines=on_lines)
                uow.commit()
                payment_log.info("payment %s: refund %s of %s cents sent by %s by %s, credit note %s", payment_id,
                                 refund_id, amount_cents, by_hand.tender.value, actor.username, number)
                self._recorder.queue_email(refund_id)
                return self.view(refund_id)
            if cash.is_cash(payment):
                number = cash.pay_from_drawer(uow, actor, payment, refund_id=refund_id, amount_cents=amount_cents,
                                              reason=reason, reason_text=text, workstation_id=self._rules.workstation_id,
                                              clock=self._clock, invoices=self._invoices, on_lines=on_lines)
                uow.commit()
                payment_log.info("payment %s: refund %s of %s cents paid out of the drawer by %s, credit note %s",
                                 payment_id, refund_id, amount_cents, actor.username, number)
                self._recorder.queue_email(refund_id)
                return self.view(refund_id)
            method = READER if payment.interac else API
            reader = (reader_id or payment.reader_id) if method == READER else None
            if method == READER and not reader:
                raise InvalidInput(msg("refund.interac_reader"), field="reader")
            now = self._clock()
            uow.refunds.add(id=refund_id, payment_id=payment_id, workstation_id=self._rules.workstation_id,
                            staff_id=actor.staff_id, amount_cents=amount_cents, tax_cents=0, reason=reason,
                            reason_text=text, status=PENDING, source=APP, idempotency_key=idempotency_key(refund_id),
                            method=method, reader_id=reader, on_lines=on_lines)
            detail = {"refund": str(refund_id), "amount_cents": amount_cents, "method": method, "reader": reader,
                      "idempotency_key": idempotency_key(refund_id),
                      **({"enrollment_id": str(enrollment_id)} if on_lines else {})}
            status.record_step(uow, refund_id, Step.REQUESTED, at=now, detail=detail)
            uow.audit.record(actor, "refund.requested", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(payment_id), "reason": reason,
                                      "refundable_before_cents": payment.remaining_cents, **detail})
            record = uow.refunds.get(refund_id)
            uow.commit()
        payment_log.info("payment %s: refund %s of %s cents requested by %s (%s, %s)", payment_id, refund_id,
                         amount_cents, actor.username, method, reason)
        self._checkpoint("refund_requested")
        if method == API:
            self._send_api(actor, record, payment.payment_intent_id or "")
        else:
            self._send_reader(actor, record, payment.payment_intent_id or "")
        return self.view(refund_id)

    def _check(self, payment: RefundablePayment, amount_cents: int) -> None:
        if payment.status != SUCCEEDED:
            raise InvalidInput(msg("refund.nothing_taken", status=status_name("payment", payment.status)))
        if not payment.payment_intent_id and not cash.is_cash(payment) and not bank.is_bank(payment):
            raise UserFacingError(msg("refund.no_reference"))
        if amount_cents > payment.remaining_cents:
            owed = (msg("refund.being_refunded", amount=Money(payment.refunded_cents), pending=Money(payment.pending_cents))
                    if payment.pending_cents else msg("refund.already_refunded", amount=Money(payment.refunded_cents)))
            if payment.remaining_cents == 0:
                raise InvalidAmount(msg("refund.nothing_left", paid=Money(payment.amount_cents), owed=owed))
            raise InvalidAmount(msg("refund.at_most", left=Money(payment.remaining_cents), paid=Money(payment.amount_cents),
                                    owed=owed))

    def _send_api(self, actor: Actor, record: RefundRecord, payment_intent_id: str) -> None:
        stripe_reason = REASON_BY_CODE[record.reason].stripe
        try:
            state = self._gateway.refund(payment_intent_id, record.amount_cents, stripe_reason,
                                         stripe_metadata(record), record.idempotency_key)
        except GatewayRejected as err:
            # A refused request stores nothing at Stripe: no money moved.
            self._recorder.failed(actor, record.id, code=err.code or "rejected", source="api",
                                 message=f"Stripe refused the refund: {err} Nothing was refunded.")
            return
        except InfrastructureError as err:
            self._recorder.journal(actor, record, Step.UNANSWERED, {"error": type(err).__name__})
            raise RefundNotConfirmed(
                msg("refund.not_confirmed")) from err
        self._checkpoint("refund_returned")
        self._recorder.settle(actor, record.id, state, source="api")

    def _send_reader(self, actor: Actor, record: RefundRecord, payment_intent_id: str) -> None:
        assert record.reader_id is not None
        try:
            self._gateway.refund_on_reader(record.reader_id, payment_intent_id, record.amount_cents,
                                           stripe_metadata(record))
        except (ReaderUnavailable, GatewayRejected) as err:
            self._recorder.failed(actor, record.id, code=getattr(err, "code", None) or "reader_unavailable",
                                 source="reader", message=f"{err} Nothing was refunded.")
            return
        self._checkpoint("refund_returned")
        self._recorder.journal(actor, record, Step.ON_READER, {"reader": record.reader_id}, audit="refund.on_reader")
        payment_log.info("payment %s: refund %s waiting for the card on reader %s", record.payment_id, record.id,
                         record.reader_id)

    # --- while an Interac refund waits on the reader ------------------------------------------
    # Following (or stopping) a refund already approved and started is not a new refund: whoever may
    # work the card reader may do it, so a registrar's one-time approval is not needed again.
    @requires(Permission.TAKE_PAYMENT)
    def poll(self, actor: Actor, refund_id: uuid.UUID) -> RefundView:
        """Ask once where the refund is; stops it on the reader when the student has not tapped in time."""
        record = self._load(refund_id)
        if record.final:
            return self.view(refund_id)
        if record.stripe_refund_id:
            self._recorder.settle(actor, refund_id, self._gateway.get_refund(record.stripe_refund_id), source="poll")
        elif record.method == READER:
            self._follow_reader(actor, record, abandon=self._timed_out(record), code="timed_out", source="poll")
        return self.view(refund_id)

    @requires(Permission.TAKE_PAYMENT)
    def cancel(self, actor: Actor, refund_id: uuid.UUID) -> RefundView:
        """Stop a refund waiting on the reader; a card tapped at the last moment is recorded, not lost."""
        record = self._load(refund_id)
        if not record.final and record.method == READER and not record.stripe_refund_id:
            self._follow_reader(actor, record, abandon=True, code="cancelled_by_staff", source="staff")
        return self.view(refund_id)

    def _follow_reader(self, actor: Actor, record: RefundRecord, *, abandon: bool, code: str, source: str) -> None:
        """Settle a reader refund from the reader's action (and, for `abandon`, stop it first)."""
        assert record.reader_id is not None
        payment_intent = self.refundable(record.payment_id).payment_intent_id
        action = self._ours(self._gateway.reader_action(record.reader_id), payment_intent)
        if action is not None and action.status == "in_progress":
            if not abandon:
                return
            self._recorder.journal(actor, record, Step.CANCEL_REQUESTED, {"code": code}, audit="refund.cancel_requested")
            self._lookup.cancel_reader_action(record.reader_id)
            action = self._ours(self._gateway.reader_action(record.reader_id), payment_intent)
        if action is not None and action.status == "succeeded" and action.refund_id:
            self._recorder.settle(actor, record.id, self._gateway.get_refund(action.refund_id), source=source)
            return
        found = self._lookup.find(payment_intent or "", record.id) if payment_intent else None
        if found is not None:
            self._recorder.settle(actor, record.id, found, source=source)
            return
        ended_on_reader = action is not None and action.status == "failed" and (
            not abandon or action.failure_code not in ("canceled", None))
        if action is not None and ended_on_reader:
            # Ended on the reader itself: the student cancelled, tapped another card, or it went offline.
            failure = action.failure_code or "reader_failed"
            message = _READER_FAILURES.get(failure) or (
                f"{action.failure_message or 'The reader stopped the refund.'} Nothing was refunded.")
            self._recorder.failed(actor, record.id, code=failure, message=message, source=source)
        elif abandon:
            self._recorder.failed(actor, record.id, code=code, message=self._stopped_message(code), source=source)

    def _stopped_message(self, code: str) -> str:
        if code == "timed_out":
            return (f"The student did not present the card within {self._rules.reader_timeout_seconds} seconds, so "
                    "the refund was stopped on the reader. Nothing was refunded; start it again when the student "
                    "has the card.")
        if code == "cancelled_by_staff":
            return "The refund was cancelled before the card was presented. Nothing was refunded."
        return "The desk stopped before the card was presented on the reader. Nothing was refunded."

    @staticmethod
    def _ours(action: ReaderActionState | None, payment_intent_id: str | None) -> ReaderActionState | None:
        """The reader's action if it is a refund of this payment; a reader's action is replaced by its next one."""
        if action is None or action.action_type != "refund_payment" or action.payment_intent_id != payment_intent_id:
            return None
        return action

    def _on_reader_since(self, record: RefundRecord) -> Any:
        with self._uow() as uow:
            steps = uow.payments.steps(record.payment_id)
        return next((s.at for s in reversed(steps) if s.step in (Step.ON_READER, Step.REQUESTED)
                     and s.detail.get("refund") == str(record.id)), None)

    def _timed_out(self, record: RefundRecord) -> bool:
        since = self._on_reader_since(record)
        return since is not None and self._clock() - since >= timedelta(seconds=self._rules.reader_timeout_seconds)

    # --- reading ------------------------------------------------------------------------------
    def _load(self, refund_id: uuid.UUID) -> RefundRecord:
        with self._uow() as uow:
            return uow.refunds.get(refund_id)

    @open_to_all("a refund's progress, read by the dialog that started it; every change to it is a guarded call")
    def view(self, refund_id: uuid.UUID) -> RefundView:
        with self._uow() as uow:
            record = uow.refunds.get(refund_id)
            payment = uow.refunds.payment(record.payment_id)
            number = uow.refunds.credit_note_number(refund_id)
            waiting = (record.status == PENDING and record.method == READER and not record.stripe_refund_id
                       and uow.refunds.journal_mentions(record.payment_id, Step.ON_READER, refund_id))
        seconds_left = None
        if waiting:
            since = self._on_reader_since(record)
            if since is not None:
                left = self._rules.reader_timeout_seconds - (self._clock() - since).total_seconds()
                seconds_left = max(math.ceil(left), 0)  # a countdown shows 1 until it reaches 0
        return RefundView(
            id=record.id, payment_id=record.payment_id, status=record.status, amount_cents=record.amount_cents,
            tax_cents=record.tax_cents, method=record.method, reason=record.reason,
            stripe_refund_id=record.stripe_refund_id, credit_note_number=number, failure_code=record.failure_code,
            failure_message=record.failure_message, remaining_cents=payment.remaining_cents,
            tender_reference=record.tender_reference,
            waiting_for_card=waiting, seconds_left=seconds_left)

    # --- settling and catching up -------------------------------------------------------------
    @requires(Permission.RECONCILE)
    def settle_refunds(self, actor: Actor, *, abandon: bool = True, sweep: bool = True) -> SettlementReport:
        """Settle this desk's refunds left pending (by id, never refunding twice), then sweep Stripe's events
        for refunds made in the Dashboard. `abandon` (start-up: no refund is on a reader) stops unfinished ones."""
        from oncopos.services.refunds.settlement import RefundSettlement

        return RefundSettlement(self._uow, self._gateway, self._lookup, self._clock, self._recorder,
                                self._follow_reader, self._rules.workstation_id).run(actor, abandon=abandon, sweep=sweep)

    @open_to_all("refunds made in the Stripe Dashboard, listed for review; issuing their credit note is guarded")
    def dashboard_refunds(self, *, to_review: bool = True) -> list[DashboardRefund]:
        """Refunds made in the Stripe Dashboard for this desk's payments (by default those without a credit note)."""
        with self._uow() as uow:
            return uow.refunds.dashboard_refunds(self._rules.workstation_id, without_credit_note=to_review)

    @requires(Permission.REFUND)
    def issue_credit_note(self, actor: Actor, refund_id: uuid.UUID) -> str:
        """The credit note of a refund made outside the app (a manager confirms it after review)."""
        if self._invoices is None:
            raise UserFacingError(msg("refund.no_invoices"))
        with self._uow() as uow:
            record = uow.refunds.get(refund_id, lock=True)
            if record.status != SUCCEEDED:
                raise InvalidInput(msg("refund.credit_only_succeeded", status=record.status))
            existing = uow.refunds.credit_note_number(refund_id)
            if existing is not None:
                return existing
            number = self._invoices.issue_for_refund(uow, refund_id, actor)
            now = self._clock()
            detail = {"refund": str(refund_id), "credit_note": number, "source": record.source}
            status.record_step(uow, refund_id, Step.CREDIT_NOTE, at=now, detail=detail)
            uow.audit.record(actor, "refund.credit_note_issued", at=now, subject_type="refund", subject_id=refund_id,
                             details={"payment_id": str(record.payment_id), **detail})
            uow.commit()
        payment_log.info("payment %s: credit note %s issued for refund %s", record.payment_id, number, refund_id)
        self._recorder.queue_email(refund_id)
        return number


def _on_line(payment: RefundablePayment, enrollment_id: uuid.UUID | None,
             amount_cents: int) -> list[tuple[uuid.UUID, int]] | None:
    """The refund's line on a payment made for several enrollments; None: shared over its lines."""
    if enrollment_id is None or not payment.lines:
        return None
    line = next((line for line in payment.lines if line.enrollment_id == enrollment_id), None)
    if line is None:
        raise InvalidInput(msg("payment.several.not_a_line"), field="line")
    if amount_cents > line.remaining_cents:
        raise InvalidAmount(msg("payment.several.refund_line", left=Money(line.remaining_cents),
                                course=line.course_name))
    return [(enrollment_id, amount_cents)]
