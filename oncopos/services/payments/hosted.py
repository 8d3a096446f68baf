"""The hosted page's side of a payment while it is processing: Stripe's Checkout Session, its
link by email, and its expiry.

Like the card reader (reader.py), everything here is a journal step that leaves the status as
it is; what the session's state means for the payment is the state machine's (PaymentService).
"""

from __future__ import annotations

import logging

from oncopos.domain.access import Actor
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.gateway import CheckoutState, PaymentGateway
from oncopos.domain.messages import msg
from oncopos.logs import PAYMENT_LOG
from oncopos.services.guard import open_to_all
from oncopos.services.payments.ports import FaultPoint, PaymentMail
from oncopos.services.payments.recording import Recorder
from oncopos.services.payments.records import PaymentRecord, Step
from oncopos.services.ports import UnitOfWorkFactory

payment_log = logging.getLogger(PAYMENT_LOG)

EMAIL_CHARS = set("@.")


@open_to_all("the hosted page's steps of payments the guarded PaymentService calls started")
class HostedPage:
    def __init__(self, uow_factory: UnitOfWorkFactory, gateway: PaymentGateway, recorder: Recorder,
                 mail: PaymentMail | None, checkpoint: FaultPoint, *, business_name: str, timeout_minutes: int) -> None:
        self._uow = uow_factory
        self._gateway = gateway
        self._recorder = recorder
        self._mail = mail
        self._checkpoint = checkpoint
        self._business_name = business_name
        self._timeout_minutes = timeout_minutes

    def open(self, actor: Actor, record: PaymentRecord) -> None:
        """Create the Checkout Session under the payment's one key; it is open until it expires."""
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(record.enrollment_id)
        description = f"{enrollment.course_name} ({enrollment.course_code}), {self._business_name}"
        metadata = {**record.stripe_metadata(), "oncopos_payment_id": str(record.id)}
        session = self._gateway.create_checkout(record.amount_cents, description, enrollment.student_email, metadata,
                                                record.idempotency_key, self._timeout_minutes)
        self._checkpoint("charge_returned")
        self._recorder.step(actor, record.id, Step.CHARGE_STARTED,
                            {"checkout_session": session.session_id, "expires_at": session.expires_at.isoformat()},
                            audit="payment.charge_started", stripe_checkout_session_id=session.session_id,
                            checkout_url=session.url, checkout_expires_at=session.expires_at)
        payment_log.info("payment %s: hosted page %s open until %s", record.id, session.session_id,
                         session.expires_at.isoformat())
        self._checkpoint("charge_started")

    def email_link(self, actor: Actor, record: PaymentRecord, to: str | None) -> str:
        """Send the open page's link now (the student waits for it at the desk); the address used."""
        if self._mail is None:
            raise UserFacingError(msg("payment.no_mail"))
        with self._uow() as uow:
            enrollment = uow.payments.enrollment(record.enrollment_id)
        address = (to or enrollment.student_email).strip()
        if not set(address) >= EMAIL_CHARS or " " in address:
            raise InvalidInput(msg("payment.bad_address", address=address), field="email")
        self._mail.send_link(address, enrollment, record)
        self._recorder.step(actor, record.id, Step.LINK_EMAILED, {"to": address}, audit="payment.link_emailed")
        payment_log.info("payment %s: link emailed", record.id)
        return address

    def expire(self, record: PaymentRecord) -> CheckoutState:
        """Close the page; what Stripe has after (paid at the last moment is a success, never lost)."""
        assert record.checkout_session_id is not None
        return self._gateway.expire_checkout(record.checkout_session_id)
