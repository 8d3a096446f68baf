"""A payment's state machine: every step a payment takes at the desk, each one a move in the
table of domain/payment.py (`PAYMENT_LIFECYCLE`), checked against the row on disk.

    quoted --send_code--> code_sent --confirm_code--> confirmed --charge_on_reader | charge_hosted--> processing
    processing --poll | retry | cancel--> succeeded | failed | cancelled | expired

`PaymentService` is the one object that decides what a payment does next: each public call is an
event of the machine, guarded by a permission, and every status change it causes is written
through `payments/status.py`. Every step is committed (payments row + payment_steps journal +
audit event) before the next call to the outside world, and the Stripe idempotency key is stored
with the payment before Stripe is ever called, so a crash between any two lines leaves a row that
`recover_in_flight` settles from Stripe by id, without charging again.

Its collaborators are topics of their own, never steps of the machine passed through:
`quote.py` (amount rules, tax part, the quoted row), `several.py` (a payment for several
enrollments: each line checked, taxed and written; the quote and the checks before the charge),
`central.py` (readiness, the claim, the refresh),
`reader.py` and `hosted.py` (the Stripe calls of each way to charge, while processing),
`recording.py` (journal steps, the outcome once, then the invoice and the emails; shared with
recovery and the tenders), `recovery.py` (payments left in flight, Stripe objects found again by
key), `progress.py` (the `PaymentView` the window shows), `mail.py` / `messages.py` (the mail).
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from oncopos.domain.access import Actor, Permission
from oncopos.domain.allocation import PartRequest
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.errors import InvalidAmount, InvalidInput, UserFacingError, error_message
from oncopos.domain.gateway import CallKind, CheckoutState, PaymentGateway, PaymentIntentState
from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.messages import msg
from oncopos.domain.payment import NOT_SENT_CODES, PAYMENT_LIFECYCLE, check_step, idempotency_key
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.payments import quote as quoting
from oncopos.services.payments import several, status
from oncopos.services.payments.central import CentralChecks
from oncopos.services.payments.hosted import HostedPage
from oncopos.services.payments.ports import (
    ChargeClaims,
    CodeSentLike,
    CodeService,
    CollectionCheck,
    DeskReadiness,
    EnrollmentRefresher,
    FaultPoint,
    IntentRecovery,
    PaymentMail,
)
from oncopos.services.payments.progress import read_progress
from oncopos.services.payments.reader import CardReader
from oncopos.services.payments.recording import Paid, Recorder
from oncopos.services.payments.records import (
    CANCELLED,
    CODE_SENT,
    CONFIRMED,
    EXPIRED,
    FAILED,
    PROCESSING,
    EnrollmentForPayment,
    PaymentRecord,
    PaymentView,
    RecoveryReport,
    Step,
)
from oncopos.services.payments.recovery import FoundAgain, InFlightRecovery
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)

@dataclass(frozen=True)
class PaymentRules:
    """The settings the payment reads (built from `config.Settings` in bootstrap)."""

    limits: PaymentLimits
    workstation_id: str
    payment_timeout_minutes: int = 30
    business_name: str = "OncoOne Education"


#: What Cancel says when Stripe never received the payment (the create's answer never came back).
NOT_AT_STRIPE = {"hosted": "Cancelled before the link was made. Nothing was charged.",
                 "reader": "Cancelled before the reader got the payment. Nothing was charged."}

#: The calls to Stripe each step of the window makes, in the worst case (for the longest wait it quotes).
STEP_CALLS: dict[str, tuple[CallKind, ...]] = {
    "charge": (CallKind.WRITE, CallKind.READER, CallKind.READ),
    "retry": (CallKind.READ, CallKind.READER, CallKind.READ),
    "poll": (CallKind.READ, CallKind.READ),
    "cancel": (CallKind.READER, CallKind.READ, CallKind.WRITE, CallKind.READ),
}


class PaymentService:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, codes: CodeService,
                 rules: PaymentRules, *, clock: Clock, refresher: EnrollmentRefresher,
                 recovery: IntentRecovery, invoices: InvoiceIssuer | None = None, mail: PaymentMail | None = None,
                 fault_point: FaultPoint | None = None, readiness: DeskReadiness | None = None,
                 claims: ChargeClaims | None = None, collection_check: CollectionCheck | None = None) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._codes = codes
        self._rules = rules
        self._clock = clock
        self._collection_check = collection_check
        self._checkpoint: FaultPoint = fault_point or (lambda _step: None)
        # The collaborators, one topic each (see the module's docstring).
        self._central = CentralChecks(refresher, readiness, claims)
        self._recorder = Recorder(uow_factory, clock, invoices, mail, self._checkpoint)
        self._reader = CardReader(uow_factory, gateway, self._recorder, self._checkpoint)
        self._hosted = HostedPage(uow_factory, gateway, self._recorder, mail, self._checkpoint,
                                  business_name=rules.business_name, timeout_minutes=rules.payment_timeout_minutes)
        self._found_again = FoundAgain(uow_factory, recovery, self._recorder)

    @property
    def gateway(self) -> PaymentGateway:
        return self._gateway

    @open_to_all("a time-out figure for the progress dialog: no data")
    def longest_wait_seconds(self, step: str) -> int:
        """How long `step` ("charge", "retry", "poll", "cancel") can wait on Stripe before it gives up."""
        return math.ceil(sum(self._gateway.wait_bound(kind) for kind in STEP_CALLS[step]))

    # --- quote: a new payment, quoted ---------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def preview(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int) -> PaymentView:
        """The tax breakdown of an amount as it is typed; nothing is written."""
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(enrollment_id)
        quoting.check_amount(amount_cents, enrollment, self._rules.limits)
        if self._collection_check is not None:
            self._collection_check(enrollment_id, amount_cents)
        shares = quoting.tax_shares(amount_cents, enrollment)
        return PaymentView(uuid.UUID(int=0), enrollment_id, "preview", amount_cents,
                           sum(s.amount_cents for s in shares), shares, enrollment.balance_cents)

    @requires(Permission.TAKE_PAYMENT)
    def start(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int) -> PaymentView:
        """Create the payment with its amount and tax part (status quoted)."""
        self._central.ensure_ready()
        if self._collection_check is not None:
            # A provincial limit on what may be taken before the contract is signed (a plan's deposit).
            self._collection_check(enrollment_id, amount_cents)
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(enrollment_id)
            tax = quoting.record_quote(uow, actor, payment_id, enrollment, amount_cents, self._rules.limits,
                                       workstation_id=self._rules.workstation_id, key=idempotency_key(payment_id),
                                       clock=self._clock)
            # A quoted payment counts on no balance: the enrollment is as the quote read it.
            view = _commit_and_view(uow, payment_id, enrollment=enrollment)
        payment_log.info("payment %s: quoted %s cents (tax %s) for enrollment %s by %s", payment_id, amount_cents, tax,
                         enrollment_id, actor.username)
        self._checkpoint("quoted")
        return view

    @requires(Permission.TAKE_PAYMENT)
    def preview_several(self, actor: Actor, parts: Sequence[PartRequest]) -> PaymentView:
        """The total and the tax of each line of a payment for several enrollments; nothing is written."""
        with self._uow() as uow:
            quoted = several.quote_parts(uow, parts, self._rules.limits)
        several.check_collection(self._collection_check, parts)
        return quoted.preview()

    @requires(Permission.TAKE_PAYMENT)
    def start_several(self, actor: Actor, parts: Sequence[PartRequest]) -> PaymentView:
        """One payment for several enrollments of a student (a program and its kit), status quoted.

        One amount, one tax, one code, one charge and one invoice; each enrollment's part of the
        amount and of the tax is kept as an allocation, so every enrollment's balance, refunds and
        the end of day count their own part. A single part is an ordinary payment.
        """
        if len(parts) == 1:
            return self.start(actor, parts[0].enrollment_id, parts[0].amount_cents)
        self._central.ensure_ready()
        several.check_collection(self._collection_check, parts)  # before the unit of work: it reads in one of its own
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            quoted = several.quote_parts(uow, parts, self._rules.limits)
            several.record_quote(uow, actor, payment_id, quoted, workstation_id=self._rules.workstation_id,
                                 key=idempotency_key(payment_id), clock=self._clock)
            view = _commit_and_view(uow, payment_id)
        payment_log.info("payment %s: quoted %s cents (tax %s) for %d enrollments by %s", payment_id,
                         quoted.amount_cents, quoted.tax_cents, len(quoted.parts), actor.username)
        self._checkpoint("quoted")
        return view

    # --- one-time code -----------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def send_code(self, actor: Actor, payment_id: uuid.UUID, *, split_total_cents: int | None = None) -> PaymentView:
        """Email the student a code bound to this payment; again for a resend (a new code).

        `split_total_cents`: this payment is the card leg of a split payment of that whole amount,
        which the email names beside the part charged to the card.
        """
        shown: list[PaymentView] = []

        def code_sent(uow: UnitOfWork, sent: CodeSentLike) -> None:
            # In the transaction that records the send (one commit for the code's step and the payment's);
            # the view is what that commit writes, read before it.
            now = self._clock()
            status.move(uow, payment_id, CODE_SENT, at=now, detail={"challenge": str(sent.challenge_id)},
                        doing="send a code", otp_challenge_id=sent.challenge_id)
            uow.audit.record(actor, "payment.code_sent", at=now, subject_type="payment", subject_id=payment_id,
                             details={"challenge_id": str(sent.challenge_id), "sent_to": sent.sent_to})
            shown.append(read_progress(uow, payment_id))

        with self._uow() as uow:  # the code is made in the transaction that read the payment
            record = uow.payments.get(payment_id)
            PAYMENT_LIFECYCLE.move(record.status, CODE_SENT, doing="send a code")
            sent = self._codes.send_code(actor, enrollment_id=record.enrollment_id, amount_cents=record.amount_cents,
                                         payment_id=payment_id, split_total_cents=split_total_cents,
                                         same_commit=code_sent, joining=uow)
        view = shown[0]
        payment_log.info("payment %s: code sent to %s", payment_id, sent.sent_to)
        self._checkpoint("code_sent")
        return replace(view, code_sent_to=sent.sent_to, code_expires_at=sent.expires_at,
                       code_attempts_left=sent.attempts_left, code_resend_at=sent.resend_at)

    @requires(Permission.TAKE_PAYMENT)
    def confirm_code(self, actor: Actor, payment_id: uuid.UUID, code: str) -> PaymentView:
        """Check the code the student read back (wrong, expired or locked codes raise and say why)."""
        shown: list[PaymentView] = []

        def code_confirmed(uow: UnitOfWork, _confirmation: Any) -> None:
            # In the transaction that uses the code: the code is used up only by a payment confirmed.
            now = self._clock()
            status.move(uow, payment_id, CONFIRMED, at=now, detail={"challenge": str(challenge_id)},
                        doing="check a code")
            uow.audit.record(actor, "payment.code_confirmed", at=now, subject_type="payment", subject_id=payment_id,
                             details={"challenge_id": str(challenge_id)})
            shown.append(read_progress(uow, payment_id))

        with self._uow() as uow:  # the code is checked in the transaction that locked the payment
            record = uow.payments.get(payment_id, lock=True)
            PAYMENT_LIFECYCLE.move(record.status, CONFIRMED, doing="check a code")
            if record.otp_challenge_id is None:  # a code_sent payment always has its challenge
                raise IllegalTransition("payment", record.status, "check a code")
            challenge_id = record.otp_challenge_id
            self._codes.verify_code(actor, challenge_id=challenge_id, code=code.strip(),
                                    enrollment_id=record.enrollment_id, amount_cents=record.amount_cents,
                                    same_commit=code_confirmed, joining=uow)
        view = shown[0]
        payment_log.info("payment %s: code confirmed", payment_id)
        self._checkpoint("code_confirmed")
        return view

    # --- charge: confirmed -> processing ------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def charge_on_reader(self, actor: Actor, payment_id: uuid.UUID, reader_id: str) -> PaymentView:
        note, record = self._before_charge(actor, payment_id, method="reader", reader_id=reader_id)
        waiting = self._start_on_reader(actor, record)
        return replace(waiting or self.view(payment_id), balance_note=note)

    @requires(Permission.TAKE_PAYMENT)
    def charge_hosted(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        note, record = self._before_charge(actor, payment_id, method="hosted", reader_id=None)
        self._hosted.open(actor, record)
        return replace(self.view(payment_id), balance_note=note)

    def _before_charge(self, actor: Actor, payment_id: uuid.UUID, *, method: str,
                       reader_id: str | None) -> tuple[str | None, PaymentRecord]:
        """Refresh from central, re-check the balance and store the intent to charge, in that order;
        (what to tell the registrar about the central check, the payment as committed, processing)."""
        with self._uow() as uow:  # a payment for several enrollments claims and refreshes each of them
            record = uow.payments.get(payment_id)
            parts = uow.payments.parts(payment_id)  # quoted once, never changed: read once for the whole charge
        enrollment_ids = [p.enrollment_id for p in parts] or [record.enrollment_id]
        PAYMENT_LIFECYCLE.move(record.status, PROCESSING, doing="be charged")
        self._central.ensure_ready()
        # The claim first (each enrollment of a payment for several): the refresh then sees the last holder's payment.
        claimed = self._central.claim(actor, record, enrollment_ids)
        reached, note = self._central.refresh(record, enrollment_ids)
        with self._uow() as uow:
            now = self._clock()
            try:  # it locks and reads the enrollments being paid once, for the check and the journal
                enrollment = several.check_again(uow, record, self._rules.limits, parts)
            except InvalidAmount as refused:
                uow.rollback()
                if claimed:
                    self._central.release(payment_id, succeeded=False)
                self._recorder.closed(actor, payment_id, CANCELLED, code="balance_changed", message=str(refused),
                                      source="balance_check")
                raise InvalidAmount(msg("payment.nothing_charged", reason=error_message(refused))) from None
            status.record_step(uow, payment_id, Step.BALANCE_CHECKED, at=now, doing="be charged",
                               detail={"central": reached, "balance_cents": enrollment.balance_cents,
                                       "claimed": claimed})
            detail = {"method": method, "reader": reader_id, "idempotency_key": record.idempotency_key}
            charging = status.move(uow, payment_id, PROCESSING, at=now, detail=detail, doing="be charged",
                                   method=method, reader_id=reader_id)
            uow.audit.record(actor, "payment.charge_requested", at=now, subject_type="payment", subject_id=payment_id,
                             details={"amount_cents": record.amount_cents, "central_checked": reached, **detail})
            uow.commit()
        payment_log.info("payment %s: charging %s cents by %s%s (central checked: %s)", payment_id,
                         record.amount_cents, method, f" on {reader_id}" if reader_id else "", reached)
        self._checkpoint("charge_requested")
        return note, charging

    def _start_on_reader(self, actor: Actor, record: PaymentRecord) -> PaymentView | None:
        intent = self._reader.create_intent(actor, record)
        return None if intent is None else self._send(actor, record, intent, created=True)

    def _send(self, actor: Actor, record: PaymentRecord, intent: PaymentIntentState, *,
              created: bool = False) -> PaymentView | None:
        """The payment as the window shows it once the reader waits for the card (None: read it again)."""
        changed, waiting = self._reader.send(actor, record, intent, created=created)
        if changed is not None:  # paid or cancelled before the reader waited for a card
            self._settle_intent(actor, self._load(record.id), changed, source="send")
        return waiting

    # --- processing: follow, retry, stop ------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def poll(self, actor: Actor, payment_id: uuid.UUID, *, receipt_later: bool = False,
             read_reader: bool = True) -> PaymentView:
        """Ask Stripe once where the payment is; records the outcome when there is one.

        With `receipt_later` a success is recorded and invoiced but its emails (and the invoice PDF
        they carry) wait for `send_receipt`, so the window can show "Paid" first; a window closed in
        between leaves them to recovery, which queues every success's missing emails. Without
        `read_reader` a reader payment still waiting reads only its PaymentIntent, not the reader's
        action (the window polls fast and reads the reader less often, within the read rate).
        """
        # One read for the row and what the window shows: the window polls a waiting reader four times
        # a second, and most answers change nothing; the view is read again only after a change.
        with self._uow() as uow:
            record = uow.payments.get(payment_id)
            shown = read_progress(uow, payment_id, record)
        if record.status == PROCESSING:
            emails = not receipt_later
            changed = False
            paid: list[PaymentView] = []

            def paid_view(uow: UnitOfWork, invoice: str) -> None:  # read in the invoice's transaction, as it commits it
                paid.append(read_progress(uow, payment_id, invoice_number=invoice))

            if record.method == "hosted" and record.checkout_session_id:
                changed = self._settle_checkout(actor, record, self._gateway.checkout(record.checkout_session_id),
                                                source="poll", emails=emails, same_commit=paid_view)
            elif record.payment_intent_id:
                changed = self._settle_intent(actor, record, self._gateway.payment_intent(record.payment_intent_id),
                                              source="poll", emails=emails, read_reader=read_reader,
                                              same_commit=paid_view)
            if changed:
                shown = paid[0] if paid else self.view(payment_id)
        return self._central.follow(shown)

    @requires(Permission.TAKE_PAYMENT)
    def send_receipt(self, actor: Actor, payment_id: uuid.UUID) -> bool:
        """Queue a succeeded payment's confirmation (with its invoice PDF) and business notice, once."""
        return self._recorder.queue_emails(payment_id, staff_name=actor.username)

    @requires(Permission.TAKE_PAYMENT)
    def retry(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        """After a decline: hand the same PaymentIntent to the reader again."""
        record = self._load(payment_id)
        check_step(record.status, Step.RETRIED, "be retried")  # before Stripe is asked; the write checks again
        if record.method != "reader" or record.reader_id is None:
            raise InvalidInput(msg("payment.retry_refused"))
        # Read first: if Stripe cannot be asked, the decline stays on screen with the error under it.
        intent = self._gateway.payment_intent(record.payment_intent_id) if record.payment_intent_id else None
        self._recorder.step(actor, payment_id, Step.RETRIED, {"previous": record.failure_code},
                            audit="payment.retried", failure_code=None, failure_message=None)
        record = self._load(payment_id)
        waiting = None
        if intent is None:
            # The first attempt failed before we heard Stripe's answer: the same key replays the create.
            waiting = self._start_on_reader(actor, record)
        elif intent.status != "requires_payment_method":  # paid or cancelled meanwhile: record that
            self._settle_intent(actor, record, intent, source="retry")
        else:
            waiting = self._send(actor, record, intent)
        return self._central.follow(waiting or self.view(payment_id))

    @requires(Permission.TAKE_PAYMENT)
    def cancel(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        """Stop the payment; if the card was charged in the meantime, that success is recorded and shown."""
        record = self._load(payment_id)
        if record.final:
            pass
        elif record.status != PROCESSING:
            self._cancelled(actor, payment_id, "Cancelled before any charge. Nothing was charged.")
        else:
            self._stop(actor, self._recorder.step(actor, payment_id, Step.CANCEL_REQUESTED, {},
                                                  audit="payment.cancel_requested"))
        return self._central.follow(self.view(payment_id))

    def _stop(self, actor: Actor, record: PaymentRecord) -> None:
        if record.stripe_object_id is None:  # Stripe's answer to the create never reached the row
            found = self._found_again.find(actor, record)
            if found is None:
                self._cancelled(actor, record.id, NOT_AT_STRIPE[record.method or "reader"])
                return
            record = found[0]
        if record.method == "hosted":
            self._cancel_checkout(actor, record)
        else:
            self._cancel_on_reader(actor, record)

    def _cancel_checkout(self, actor: Actor, record: PaymentRecord) -> None:
        final = self._hosted.expire(record)
        if final.status == "expired":
            self._cancelled(actor, record.id, "The payment link was cancelled. Nothing was charged.")
        else:
            self._settle_checkout(actor, record, final, source="cancel")

    def _cancel_on_reader(self, actor: Actor, record: PaymentRecord) -> None:
        cancelled = self._reader.stop(record)
        self._settle_intent(actor, record, cancelled, source="cancel")
        if not cancelled.succeeded and cancelled.status != "canceled":
            raise UserFacingError(msg("payment.not_cancelled_yet", status=cancelled.status.replace('_', ' ')))

    def _cancelled(self, actor: Actor, payment_id: uuid.UUID, message: str) -> None:
        self._recorder.closed(actor, payment_id, CANCELLED, code="cancelled_by_staff", message=message, source="staff")

    @requires(Permission.TAKE_PAYMENT)
    def email_link(self, actor: Actor, payment_id: uuid.UUID, to: str | None = None) -> str:
        """Email the hosted page's link to the student (or to `to`); returns the address used."""
        record = self._load(payment_id)
        if record.method != "hosted" or not record.checkout_url or record.status != PROCESSING:
            raise InvalidInput(msg("payment.no_link"))
        return self._hosted.email_link(actor, record, to)

    # --- what Stripe says: processing -> an outcome (the recorder writes it, once) ------------
    def _settle(self, actor: Actor, record: PaymentRecord, state: PaymentIntentState | CheckoutState, *,
                source: str) -> PaymentRecord:
        """The rule recovery applies too: bring the row in line with the Stripe object's state."""
        if isinstance(state, PaymentIntentState):
            self._settle_intent(actor, record, state, source=source)
        else:
            self._settle_checkout(actor, record, state, source=source)
        return self._load(record.id)

    def _settle_intent(self, actor: Actor, record: PaymentRecord, state: PaymentIntentState, *, source: str,
                       emails: bool = True, read_reader: bool = True,
                       same_commit: Callable[[UnitOfWork, str], None] | None = None) -> bool:
        """True when Stripe's answer was recorded (the row or its journal may have changed);
        `same_commit` reads the payment in its invoice's transaction (Recorder.succeeded)."""
        if state.succeeded:
            self._recorder.succeeded(actor, record.id, Paid.of(state), source=source, emails=emails,
                                     same_commit=same_commit)
        elif state.status == "canceled":
            outcome = FAILED if record.failure_code and record.failure_code not in NOT_SENT_CODES else CANCELLED
            self._recorder.closed(actor, record.id, outcome, code=record.failure_code or "canceled",
                                  message=record.failure_message or "The payment was cancelled. Nothing was charged.",
                                  source=source)
        elif state.decline_code and record.failure_code is None and self._reader.decline_is_new(record.id, state):
            message = state.decline_message or "The card was declined. Ask for another card, then Retry."
            self._recorder.step(actor, record.id, Step.DECLINED, {"code": state.decline_code, "decline": state.decline_ref},
                                audit="payment.declined", failure_code=state.decline_code, failure_message=message)
            payment_log.info("payment %s: declined (%s)", record.id, state.decline_code)
        elif read_reader and record.reader_id and record.failure_code is None:
            action = self._reader.failed_action(record, state)
            if action is None:
                return False
            # cancelled on the reader, or it dropped off: the same PaymentIntent can go again
            self._recorder.step(actor, record.id, Step.DECLINED, {"code": action.failure_code},
                                audit="payment.reader_failed", failure_code=action.failure_code or "reader_failed",
                                failure_message=action.failure_message
                                or "The reader stopped the payment. Retry or cancel.")
        else:
            return False
        return True

    def _settle_checkout(self, actor: Actor, record: PaymentRecord, state: CheckoutState, *, source: str,
                         emails: bool = True, same_commit: Callable[[UnitOfWork, str], None] | None = None) -> bool:
        """True when Stripe's answer was recorded (the row or its journal may have changed)."""
        if state.paid:
            self._recorder.succeeded(actor, record.id, Paid.of(state), source=source, emails=emails,
                                     same_commit=same_commit)
        elif state.status == "expired":
            self._recorder.closed(actor, record.id, EXPIRED, code="expired",
                                  message="The payment link expired before it was used. Nothing was charged; "
                                          "start a new payment.", source=source)
        else:
            return False
        return True

    # --- reading ------------------------------------------------------------------------------
    def _load(self, payment_id: uuid.UUID) -> PaymentRecord:
        with self._uow() as uow:
            return uow.payments.get(payment_id)

    @open_to_all("a payment's progress, read by the dialog that started it; every change to it is a guarded call")
    def view(self, payment_id: uuid.UUID) -> PaymentView:
        with self._uow() as uow:
            return read_progress(uow, payment_id)

    # --- recovery -----------------------------------------------------------------------------
    @requires(Permission.RECONCILE)
    def recover_in_flight(self, actor: Actor, *, abandon: bool = True) -> RecoveryReport:
        """Settle every payment of this desk left in flight (start-up and `oncopos reconcile`).

        With `abandon` (start-up: no window is taking a payment) unfinished charges are cancelled at
        Stripe; without it they are only read, and left for the window that owns them.
        """
        return InFlightRecovery(self._uow, self._gateway, self._recorder, self._found_again, self._settle,
                                self._rules.workstation_id).run(actor, abandon=abandon)


def _commit_and_view(uow: UnitOfWork, payment_id: uuid.UUID, *,
                     enrollment: EnrollmentForPayment | None = None) -> PaymentView:
    """Commit a step and return the payment as it committed it, read in the same transaction.

    The view is what the commit writes (the session flushes before it reads), so reading it in a
    transaction of its own after the commit only took the database's write lock once more per step.
    """
    view = read_progress(uow, payment_id, enrollment=enrollment)
    uow.commit()
    return view
