"""Taking a payment: quote -> one-time code -> charge -> poll -> record, as a journalled state machine.

Every step is committed (payments row + payment_steps journal + audit event) before the next call
to the outside world, and the Stripe idempotency key is stored with the payment before Stripe is
ever called. A crash between any two lines therefore leaves a row that `recover_in_flight`
settles from Stripe by id, without charging again (see recovery.py).
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from oncopos.domain.access import Actor, Permission
from oncopos.domain.allocation import PartRequest
from oncopos.domain.enrollment import PaymentLimits
from oncopos.domain.errors import InvalidAmount, error_message
from oncopos.domain.gateway import CallKind, PaymentGateway
from oncopos.domain.lifecycle import IllegalTransition
from oncopos.domain.messages import msg
from oncopos.domain.payment import PAYMENT_LIFECYCLE
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all, requires
from oncopos.services.payments import quote as quoting
from oncopos.services.payments import several, status
from oncopos.services.payments.flow import Flow
from oncopos.services.payments.ports import (
    ChargeClaims,
    CodeService,
    CollectionCheck,
    DeskReadiness,
    EnrollmentBeingCharged,
    EnrollmentRefresher,
    FaultPoint,
    IntentRecovery,
    PaymentMail,
)
from oncopos.services.payments.recording import Recorder
from oncopos.services.payments.records import (
    CANCELLED,
    CODE_SENT,
    CONFIRMED,
    PROCESSING,
    QUOTED,
    PaymentView,
    RecoveryReport,
    Step,
)
from oncopos.services.ports import Clock, InvoiceIssuer, UnitOfWorkFactory

log = logging.getLogger(__name__)
payment_log = logging.getLogger(PAYMENT_LOG)


@dataclass(frozen=True)
class PaymentRules:
    """The settings the flow reads (built from `config.Settings` in bootstrap)."""

    limits: PaymentLimits
    workstation_id: str
    payment_timeout_minutes: int = 30
    business_name: str = "OncoOne Education"


#: The calls to Stripe each step of the window makes, in the worst case (for the longest wait it quotes).
STEP_CALLS: dict[str, tuple[CallKind, ...]] = {
    "charge": (CallKind.WRITE, CallKind.READER, CallKind.READ),
    "retry": (CallKind.READ, CallKind.READER, CallKind.READ),
    "poll": (CallKind.READ, CallKind.READ),
    "cancel": (CallKind.READER, CallKind.READ, CallKind.WRITE, CallKind.READ),
}


def idempotency_key(payment_id: uuid.UUID) -> str:
    """Derived from the local payment id, so the key is known (and stored) before Stripe is called."""
    return f"oncopos-pay-{payment_id}"


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
        self._refresher = refresher
        self._readiness = readiness
        self._claims = claims
        self._collection_check = collection_check
        self._checkpoint: FaultPoint = fault_point or (lambda _step: None)
        self._recorder = Recorder(uow_factory, clock, invoices, mail, self._checkpoint)
        self._flow = Flow(uow_factory, gateway, clock, self._recorder, recovery, rules, mail, self._checkpoint)

    @property
    def gateway(self) -> PaymentGateway:
        return self._gateway

    @open_to_all("a time-out figure for the progress dialog: no data")
    def longest_wait_seconds(self, step: str) -> int:
        """How long `step` ("charge", "retry", "poll", "cancel") can wait on Stripe before it gives up."""
        return math.ceil(sum(self._gateway.wait_bound(kind) for kind in STEP_CALLS[step]))

    # --- quote -------------------------------------------------------------------------------
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
        if self._readiness is not None:
            self._readiness.ensure_ready_to_charge()  # a desk behind its own history takes no payment
        if self._collection_check is not None:
            # A provincial limit on what may be taken before the contract is signed (a plan's deposit).
            self._collection_check(enrollment_id, amount_cents)
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(enrollment_id)
            quoting.check_amount(amount_cents, enrollment, self._rules.limits)
            shares = quoting.tax_shares(amount_cents, enrollment)
            tax = sum(s.amount_cents for s in shares)
            now = self._clock()
            uow.payments.add(payment_id=payment_id, enrollment_id=enrollment_id,
                             workstation_id=self._rules.workstation_id, staff_id=actor.staff_id,
                             amount_cents=amount_cents, tax_cents=tax, tax_components=[s.as_dict() for s in shares],
                             status=QUOTED, idempotency_key=idempotency_key(payment_id))
            detail = {"amount_cents": amount_cents, "tax_cents": tax, "balance_cents": enrollment.balance_cents}
            status.record_step(uow, payment_id, Step.QUOTED, at=now, detail=detail)
            uow.audit.record(actor, "payment.quoted", at=now, subject_type="payment", subject_id=payment_id,
                             details={"enrollment_id": str(enrollment_id), **detail})
            uow.commit()
        payment_log.info("payment %s: quoted %s cents (tax %s) for enrollment %s by %s", payment_id, amount_cents, tax,
                         enrollment_id, actor.username)
        self._checkpoint("quoted")
        return self.view(payment_id)

    @requires(Permission.TAKE_PAYMENT)
    def preview_several(self, actor: Actor, parts: Sequence[PartRequest]) -> PaymentView:
        """The total and the tax of each line of a payment for several enrollments; nothing is written."""
        with self._uow() as uow:
            quoted = several.quote_parts(uow, parts, self._rules.limits)
        self._check_collection(parts)
        return PaymentView(uuid.UUID(int=0), quoted.parts[0].enrollment_id, "preview", quoted.amount_cents,
                           quoted.tax_cents, quoted.merged_shares(), sum(e.balance_cents for e in quoted.enrollments),
                           parts=quoted.views())

    @requires(Permission.TAKE_PAYMENT)
    def start_several(self, actor: Actor, parts: Sequence[PartRequest]) -> PaymentView:
        """One payment for several enrollments of a student (a program and its kit), status quoted.

        One amount, one tax, one code, one charge and one invoice; each enrollment's part of the
        amount and of the tax is kept as an allocation, so every enrollment's balance, refunds and
        the end of day count their own part. A single part is an ordinary payment.
        """
        if len(parts) == 1:
            return self.start(actor, parts[0].enrollment_id, parts[0].amount_cents)
        if self._readiness is not None:
            self._readiness.ensure_ready_to_charge()
        self._check_collection(parts)  # before the unit of work: the check reads in one of its own
        payment_id = uuid.uuid4()
        with self._uow() as uow:
            quoted = several.quote_parts(uow, parts, self._rules.limits)
            now = self._clock()
            first = quoted.parts[0].enrollment_id
            uow.payments.add(payment_id=payment_id, enrollment_id=first, workstation_id=self._rules.workstation_id,
                             staff_id=actor.staff_id, amount_cents=quoted.amount_cents, tax_cents=quoted.tax_cents,
                             tax_components=[s.as_dict() for s in quoted.merged_shares()], status=QUOTED,
                             idempotency_key=idempotency_key(payment_id), parts=quoted.parts)
            detail = {"amount_cents": quoted.amount_cents, "tax_cents": quoted.tax_cents,
                      "balance_cents": sum(e.balance_cents for e in quoted.enrollments),
                      "parts": [{"enrollment_id": str(p.enrollment_id), "amount_cents": p.amount_cents,
                                 "tax_cents": p.tax_cents} for p in quoted.parts]}
            status.record_step(uow, payment_id, Step.QUOTED, at=now, detail=detail)
            uow.audit.record(actor, "payment.quoted", at=now, subject_type="payment", subject_id=payment_id,
                             details={"enrollment_id": str(first), **detail})
            uow.commit()
        payment_log.info("payment %s: quoted %s cents (tax %s) for %d enrollments by %s", payment_id,
                         quoted.amount_cents, quoted.tax_cents, len(quoted.parts), actor.username)
        self._checkpoint("quoted")
        return self.view(payment_id)

    def _check_collection(self, parts: Sequence[PartRequest]) -> None:
        """The pre-contract limit applies to each enrollment's own part."""
        if self._collection_check is not None:
            for part in parts:
                self._collection_check(part.enrollment_id, part.amount_cents)

    # --- one-time code -----------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def send_code(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        """Email the student a code bound to this payment; again for a resend (a new code)."""
        record = self._flow.load(payment_id)
        PAYMENT_LIFECYCLE.move(record.status, CODE_SENT, doing="send a code")
        sent = self._codes.send_code(actor, enrollment_id=record.enrollment_id, amount_cents=record.amount_cents,
                                     payment_id=payment_id)
        with self._uow() as uow:
            now = self._clock()
            status.move(uow, payment_id, CODE_SENT, at=now, detail={"challenge": str(sent.challenge_id)},
                        doing="send a code", otp_challenge_id=sent.challenge_id)
            uow.audit.record(actor, "payment.code_sent", at=now, subject_type="payment", subject_id=payment_id,
                             details={"challenge_id": str(sent.challenge_id), "sent_to": sent.sent_to})
            uow.commit()
        payment_log.info("payment %s: code sent to %s", payment_id, sent.sent_to)
        self._checkpoint("code_sent")
        return replace(self.view(payment_id), code_sent_to=sent.sent_to, code_expires_at=sent.expires_at,
                       code_attempts_left=sent.attempts_left, code_resend_at=sent.resend_at)

    @requires(Permission.TAKE_PAYMENT)
    def confirm_code(self, actor: Actor, payment_id: uuid.UUID, code: str) -> PaymentView:
        """Check the code the student read back (wrong, expired or locked codes raise and say why)."""
        record = self._flow.load(payment_id)
        PAYMENT_LIFECYCLE.move(record.status, CONFIRMED, doing="check a code")
        if record.otp_challenge_id is None:  # a code_sent payment always has its challenge
            raise IllegalTransition("payment", record.status, "check a code")
        self._codes.verify_code(actor, challenge_id=record.otp_challenge_id, code=code.strip(),
                                enrollment_id=record.enrollment_id, amount_cents=record.amount_cents)
        with self._uow() as uow:
            now = self._clock()
            status.move(uow, payment_id, CONFIRMED, at=now, detail={"challenge": str(record.otp_challenge_id)},
                        doing="check a code")
            uow.audit.record(actor, "payment.code_confirmed", at=now, subject_type="payment", subject_id=payment_id,
                             details={"challenge_id": str(record.otp_challenge_id)})
            uow.commit()
        payment_log.info("payment %s: code confirmed", payment_id)
        self._checkpoint("code_confirmed")
        return self.view(payment_id)

    # --- charge ------------------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def charge_on_reader(self, actor: Actor, payment_id: uuid.UUID, reader_id: str) -> PaymentView:
        note = self._before_charge(actor, payment_id, method="reader", reader_id=reader_id)
        self._flow.start_reader(actor, payment_id, reader_id)
        return replace(self.view(payment_id), balance_note=note)

    @requires(Permission.TAKE_PAYMENT)
    def charge_hosted(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        note = self._before_charge(actor, payment_id, method="hosted", reader_id=None)
        self._flow.start_hosted(actor, payment_id)
        return replace(self.view(payment_id), balance_note=note)

    def _before_charge(self, actor: Actor, payment_id: uuid.UUID, *, method: str, reader_id: str | None) -> str | None:
        """Refresh from central, re-check the balance and store the intent to charge, in that order."""
        record = self._flow.load(payment_id)
        PAYMENT_LIFECYCLE.move(record.status, PROCESSING, doing="be charged")
        if self._readiness is not None:
            self._readiness.ensure_ready_to_charge()
        # Claim first, refresh second: a desk that just finished charging this enrollment pushed
        # its payment before it released the claim, so the refresh below sees it.
        claimed = self._claim(actor, record)
        try:
            with self._uow() as uow:  # a payment for several enrollments refreshes each of them
                enrollment_ids = [p.enrollment_id for p in uow.payments.parts(payment_id)] or [record.enrollment_id]
            reached = all(self._refresher.refresh_enrollment(e) for e in enrollment_ids)
        except Exception:
            log.warning("payment %s: central refresh failed; using this desk's records", payment_id, exc_info=True)
            reached = False
        note = None if reached else getattr(self._refresher, "reason",
                                            "The central database could not be reached; only this desk's payments were checked.")
        with self._uow() as uow:
            now = self._clock()
            enrollment = uow.payments.enrollment(record.enrollment_id, lock=True, exclude=payment_id)
            try:
                several.check_again(uow, record, self._rules.limits)
            except InvalidAmount as refused:
                uow.rollback()
                if claimed and self._claims is not None:
                    self._claims.release_claim(payment_id, succeeded=False)
                self._recorder.closed(actor, payment_id, CANCELLED, code="balance_changed", message=str(refused),
                                      source="balance_check")
                raise InvalidAmount(msg("payment.nothing_charged", reason=error_message(refused))) from None
            status.record_step(uow, payment_id, Step.BALANCE_CHECKED, at=now, doing="be charged",
                               detail={"central": reached, "balance_cents": enrollment.balance_cents,
                                       "claimed": claimed})
            detail = {"method": method, "reader": reader_id, "idempotency_key": record.idempotency_key}
            status.move(uow, payment_id, PROCESSING, at=now, detail=detail, doing="be charged", method=method,
                        reader_id=reader_id)
            uow.audit.record(actor, "payment.charge_requested", at=now, subject_type="payment", subject_id=payment_id,
                             details={"amount_cents": record.amount_cents, "central_checked": reached, **detail})
            uow.commit()
        payment_log.info("payment %s: charging %s cents by %s%s (central checked: %s)", payment_id,
                         record.amount_cents, method, f" on {reader_id}" if reader_id else "", reached)
        self._checkpoint("charge_requested")
        return note

    def _claim(self, actor: Actor, record: Any) -> bool:
        """Claim the enrollment on the central database; False when there is none to ask."""
        if self._claims is None:
            return False
        try:
            return self._claims.claim_charge(record.enrollment_id, record.id, actor.username, record.amount_cents)
        except EnrollmentBeingCharged as held:
            payment_log.info("payment %s: not charged, %s (%s) holds enrollment %s", record.id, held.workstation_id,
                             held.staff_name, record.enrollment_id)
            raise

    def _after(self, view: PaymentView) -> PaymentView:
        """Keep the claim while the payment runs; free it once the payment has ended."""
        if self._claims is not None:
            if view.final:
                self._claims.release_claim(view.id, succeeded=view.succeeded)
            else:
                self._claims.renew_claim(view.id)
        return view

    # --- while it runs -----------------------------------------------------------------------
    @requires(Permission.TAKE_PAYMENT)
    def poll(self, actor: Actor, payment_id: uuid.UUID, *, receipt_later: bool = False) -> PaymentView:
        """Ask Stripe once where the payment is; records the outcome when there is one.

        With `receipt_later` a success is recorded and invoiced but its emails (and the invoice PDF
        they carry) wait for `send_receipt`, so the window can show "Paid" first; a window closed in
        between leaves them to reconciliation, which queues every success's missing emails.
        """
        self._flow.poll(actor, payment_id, emails=not receipt_later)
        return self._after(self.view(payment_id))

    @requires(Permission.TAKE_PAYMENT)
    def send_receipt(self, actor: Actor, payment_id: uuid.UUID) -> bool:
        """Queue a succeeded payment's confirmation (with its invoice PDF) and business notice, once."""
        return self._recorder.queue_emails(payment_id, staff_name=actor.username)

    @requires(Permission.TAKE_PAYMENT)
    def retry(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        """After a decline: hand the same PaymentIntent to the reader again."""
        self._flow.retry(actor, payment_id)
        return self._after(self.view(payment_id))

    @requires(Permission.TAKE_PAYMENT)
    def cancel(self, actor: Actor, payment_id: uuid.UUID) -> PaymentView:
        """Stop the payment; if the card was charged in the meantime, that success is recorded and shown."""
        self._flow.cancel(actor, payment_id)
        return self._after(self.view(payment_id))

    @requires(Permission.TAKE_PAYMENT)
    def email_link(self, actor: Actor, payment_id: uuid.UUID, to: str | None = None) -> str:
        """Email the hosted page's link to the student (or to `to`); returns the address used."""
        return self._flow.email_link(actor, payment_id, to)

    @open_to_all("a payment's progress, read by the dialog that started it; every change to it is a guarded call")
    def view(self, payment_id: uuid.UUID) -> PaymentView:
        return self._flow.view(payment_id)

    # --- recovery ----------------------------------------------------------------------------
    @requires(Permission.RECONCILE)
    def recover_in_flight(self, actor: Actor, *, abandon: bool = True) -> RecoveryReport:
        """Settle every payment of this desk left in flight (start-up and `oncopos reconcile`).

        With `abandon` (start-up: no window is taking a payment) unfinished charges are cancelled at
        Stripe; without it they are only read, and left for the window that owns them.
        """
        from oncopos.services.payments.recovery import InFlightRecovery

        return InFlightRecovery(self._uow, self._gateway, self._clock, self._recorder, self._flow,
                          self._rules.workstation_id).run(actor, abandon=abandon)
