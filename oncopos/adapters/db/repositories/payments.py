"""Payments and their journal: plain records in, plain records out.

The payment flow commits after every step, so each method here works inside the caller's unit of
work and never commits itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledger, parts_of
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, PaymentStep
from oncopos.adapters.db.models.people import Student
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.services.payments.records import (
    IN_FLIGHT,
    EnrollmentForPayment,
    JournalEntry,
    PaymentPart,
    PaymentRecord,
)

# Columns a service may change through `update` (never the amount, key or enrollment of a payment).
_UPDATABLE = frozenset({
    "status", "method", "otp_challenge_id", "reader_id", "stripe_payment_intent_id", "stripe_checkout_session_id",
    "checkout_url", "checkout_expires_at", "stripe_charge_id", "payment_method_type", "card_brand", "card_last4",
    "failure_code", "failure_message", "completed_at",
})


class PaymentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the enrollment being paid ------------------------------------------------------------
    def enrollment(self, enrollment_id: uuid.UUID, *, lock: bool = False, exclude: uuid.UUID | None = None
                   ) -> EnrollmentForPayment:
        """The enrollment with what was paid on it; `lock` holds its row until the commit.

        Locking the enrollment row serialises two desks (or two windows) charging the same
        enrollment on PostgreSQL; SQLite already serialises every writer.
        """
        query = (
            sa.select(Enrollment, Section, Course, Student)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .join(Student, Enrollment.student_id == Student.id)
            .where(Enrollment.id == enrollment_id)
        )
        if lock:
            query = query.with_for_update(of=Enrollment)
        row = self.session.execute(query).first()
        if row is None:
            raise NotFound(msg("payment.enrollment_gone_search"))
        enrollment, _section, course, student = row
        # `exclude` is the payment being charged: it is in flight itself, so it must not count as another.
        ledger = enrollment_ledger(self.session, enrollment_id, *([Payment.id != exclude] if exclude is not None else []))
        first = student.preferred_name or student.first_name
        return EnrollmentForPayment(
            id=enrollment.id, student_id=student.id, student_name=f"{first} {student.last_name}",
            student_number=student.student_number, student_email=student.email,
            student_language=student.preferred_language, course_code=course.code, course_name=course.name,
            status=enrollment.status, enrolled_on=enrollment.enrolled_at.date(), price_cents=enrollment.price_cents,
            tax_cents=enrollment.tax_cents, total_cents=enrollment.total_cents, tax_province=enrollment.tax_province,
            tax_components=tuple(dict(c) for c in enrollment.tax_components or ()), paid_cents=ledger.paid_cents,
            refunded_cents=ledger.refunded_cents, in_flight_cents=ledger.in_flight_cents,
        )

    # --- payments -----------------------------------------------------------------------------
    def add(self, *, payment_id: uuid.UUID, enrollment_id: uuid.UUID, workstation_id: str,
            staff_id: uuid.UUID | None, amount_cents: int, tax_cents: int, tax_components: list[dict[str, Any]],
            status: str, idempotency_key: str, parts: Sequence[PaymentPart] = ()) -> None:
        """A payment; with `parts`, one made for several enrollments (its first part's is `enrollment_id`)."""
        self.session.add(Payment(
            id=payment_id, enrollment_id=enrollment_id, workstation_id=workstation_id, staff_id=staff_id,
            amount_cents=amount_cents, tax_cents=tax_cents, tax_components=tax_components, status=status,
            idempotency_key=idempotency_key, currency="cad",
        ))
        self.session.flush()
        for part in parts:
            self.session.add(PaymentAllocation(
                id=uuid.uuid4(), payment_id=payment_id, enrollment_id=part.enrollment_id, position=part.position,
                amount_cents=part.amount_cents, tax_cents=part.tax_cents, tax_components=list(part.tax_components)))
        if parts:
            self.session.flush()

    def parts(self, payment_id: uuid.UUID) -> tuple[PaymentPart, ...]:
        """The enrollments a payment for several paid, in invoice order; () for a payment for one."""
        return parts_of(self.session, payment_id)

    def get(self, payment_id: uuid.UUID, *, lock: bool = False) -> PaymentRecord:
        query = sa.select(Payment).where(Payment.id == payment_id)
        if lock:
            query = query.with_for_update()
        payment = self.session.scalar(query)
        if payment is None:
            raise NotFound(msg("payment.not_on_desk"))
        return _record(payment)

    def update(self, payment_id: uuid.UUID, **changes: Any) -> PaymentRecord:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise TypeError(f"payments.{', '.join(sorted(unknown))} may not be changed")
        payment = self.session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(msg("payment.not_on_desk"))
        for name, value in changes.items():
            setattr(payment, name, value)
        self.session.flush()
        return _record(payment)

    def in_flight(self, workstation_id: str) -> list[PaymentRecord]:
        """This desk's payments that have not reached a final state, oldest first."""
        query = (sa.select(Payment).where(Payment.workstation_id == workstation_id, Payment.status.in_(IN_FLIGHT))
                 .order_by(Payment.created_at, Payment.id))
        return [_record(p) for p in self.session.scalars(query)]

    def succeeded_without(self, workstation_id: str, step: str) -> list[uuid.UUID]:
        """This desk's succeeded payments whose journal has a success but lacks `step` (emails after a crash)."""
        has = sa.select(PaymentStep.id).where(PaymentStep.payment_id == Payment.id)
        query = sa.select(Payment.id).where(
            Payment.workstation_id == workstation_id, Payment.status == "succeeded",
            sa.exists(has.where(PaymentStep.step == "succeeded")), ~sa.exists(has.where(PaymentStep.step == step)))
        return list(self.session.scalars(query.order_by(Payment.completed_at)))

    def succeeded_without_invoice(self, workstation_id: str) -> list[uuid.UUID]:
        """This desk's succeeded payments that have no invoice yet (its issue step failed or was cut off)."""
        invoiced = sa.select(Invoice.id).where(Invoice.payment_id == Payment.id, Invoice.kind == "invoice")
        query = sa.select(Payment.id).where(Payment.workstation_id == workstation_id, Payment.status == "succeeded",
                                            ~sa.exists(invoiced))
        return list(self.session.scalars(query.order_by(Payment.completed_at, Payment.id)))

    def invoice_number(self, payment_id: uuid.UUID) -> str | None:
        return self.session.scalar(
            sa.select(Invoice.number).where(Invoice.payment_id == payment_id, Invoice.kind == "invoice")
            .order_by(Invoice.issued_at).limit(1))

    # --- the journal --------------------------------------------------------------------------
    def journal(self, payment_id: uuid.UUID, step: str, *, at: datetime, detail: dict[str, Any] | None = None) -> None:
        last = self.session.scalar(sa.select(sa.func.max(PaymentStep.sequence)).where(PaymentStep.payment_id == payment_id))
        self.session.add(PaymentStep(id=uuid.uuid4(), payment_id=payment_id, at=at, step=step, detail=detail or {},
                                     sequence=(last or 0) + 1))
        self.session.flush()

    def steps(self, payment_id: uuid.UUID) -> list[JournalEntry]:
        rows = self.session.scalars(
            sa.select(PaymentStep).where(PaymentStep.payment_id == payment_id).order_by(PaymentStep.sequence))
        return [JournalEntry(r.step, r.at, dict(r.detail or {})) for r in rows]


def _record(p: Payment) -> PaymentRecord:
    return PaymentRecord(
        id=p.id, enrollment_id=p.enrollment_id, workstation_id=p.workstation_id, staff_id=p.staff_id,
        amount_cents=p.amount_cents, tax_cents=p.tax_cents, tax_components=tuple(p.tax_components or ()),
        status=p.status, method=p.method, idempotency_key=p.idempotency_key, created_at=p.created_at,
        otp_challenge_id=p.otp_challenge_id, reader_id=p.reader_id, payment_intent_id=p.stripe_payment_intent_id,
        checkout_session_id=p.stripe_checkout_session_id, checkout_url=p.checkout_url,
        checkout_expires_at=p.checkout_expires_at, charge_id=p.stripe_charge_id,
        payment_method_type=p.payment_method_type, card_brand=p.card_brand, card_last4=p.card_last4,
        failure_code=p.failure_code, failure_message=p.failure_message, completed_at=p.completed_at,
    )
