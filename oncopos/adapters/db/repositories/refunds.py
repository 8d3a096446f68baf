"""Refunds: plain records in, plain records out; each method works inside the caller's unit of work.

The refund flow commits after every step, so nothing here commits. Journal entries go to the
payment's own journal (`PaymentRepository.journal`): a refund is a step in the payment's life, and
the payment's detail then shows it in order with the charge.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import parts_of
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentStep, Refund, RefundAllocation
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.sync import SyncState
from oncopos.domain.allocation import spread
from oncopos.domain.errors import InvalidAmount, NotFound
from oncopos.domain.messages import msg
from oncopos.services.refunds.records import (
    DASHBOARD,
    PENDING,
    SUCCEEDED,
    DashboardRefund,
    RefundableLine,
    RefundablePayment,
    RefundRecord,
)

_UPDATABLE = frozenset({"status", "stripe_refund_id", "completed_at", "failure_code", "failure_message", "reader_id"})


class RefundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the payment being refunded -----------------------------------------------------------
    def payment(self, payment_id: uuid.UUID, *, lock: bool = False) -> RefundablePayment:
        """The payment with what went back; `lock` holds its row so two refunds cannot both pass the check."""
        query = sa.select(Payment).where(Payment.id == payment_id)
        if lock:
            query = query.with_for_update()
        payment = self.session.scalar(query)
        if payment is None:
            raise NotFound(msg("refund.payment_gone"))
        student, course = self.session.execute(
            sa.select(Student, Course).select_from(Enrollment)
            .join(Student, Enrollment.student_id == Student.id)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(Enrollment.id == payment.enrollment_id)).one()
        sums = dict(self.session.execute(
            sa.select(Refund.status, sa.func.sum(Refund.amount_cents))
            .where(Refund.payment_id == payment_id).group_by(Refund.status)).all())
        first = student.preferred_name or student.first_name
        return RefundablePayment(
            id=payment.id, enrollment_id=payment.enrollment_id, workstation_id=payment.workstation_id,
            status=payment.status, amount_cents=payment.amount_cents,
            payment_intent_id=payment.stripe_payment_intent_id, payment_method_type=payment.payment_method_type,
            card_brand=payment.card_brand, card_last4=payment.card_last4, reader_id=payment.reader_id,
            completed_at=payment.completed_at, student_name=f"{first} {student.last_name}",
            student_email=student.email, student_language=student.preferred_language, course_name=course.name,
            invoice_number=self.session.scalar(
                sa.select(Invoice.number).where(Invoice.payment_id == payment_id, Invoice.kind == "invoice")
                .order_by(Invoice.issued_at).limit(1)),
            refunded_cents=int(sums.get(SUCCEEDED) or 0), pending_cents=int(sums.get(PENDING) or 0),
            lines=self._lines(payment_id),
        )

    def _lines(self, payment_id: uuid.UUID) -> tuple[RefundableLine, ...]:
        """Each line of a payment made for several enrollments, less what went back or is going back on it."""
        parts = parts_of(self.session, payment_id)
        if not parts:
            return ()
        back = dict(self.session.execute(
            sa.select(RefundAllocation.enrollment_id, sa.func.sum(RefundAllocation.amount_cents))
            .join(Refund, Refund.id == RefundAllocation.refund_id)
            .where(Refund.payment_id == payment_id, Refund.status.in_((SUCCEEDED, PENDING)))
            .group_by(RefundAllocation.enrollment_id)).all())
        names = dict(self.session.execute(
            sa.select(Enrollment.id, Course.name).join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(Enrollment.id.in_([p.enrollment_id for p in parts]))).all())
        return tuple(RefundableLine(p.enrollment_id, names.get(p.enrollment_id, ""), p.amount_cents,
                                    max(p.amount_cents - int(back.get(p.enrollment_id) or 0), 0)) for p in parts)

    def payment_of_intent(self, payment_intent_id: str) -> tuple[uuid.UUID, str] | None:
        """(payment id, its desk) of the succeeded payment behind a PaymentIntent."""
        row = self.session.execute(
            sa.select(Payment.id, Payment.workstation_id)
            .where(Payment.stripe_payment_intent_id == payment_intent_id, Payment.status == "succeeded")).first()
        return (row[0], row[1]) if row else None

    # --- refunds ------------------------------------------------------------------------------
    def add(self, *, on_lines: Sequence[tuple[uuid.UUID, int]] | None = None, **fields: Any) -> None:
        """A refund; of a payment made for several enrollments, allocated back on its lines.

        `on_lines` says how much goes back on which enrollment (the refund dialog's chosen line);
        without it (a Dashboard refund, a returned cheque, a refund of the whole) the amount is
        shared over the lines in proportion to what each can still give back.
        """
        lines = self._lines(fields["payment_id"])
        self.session.add(Refund(**fields))
        self.session.flush()
        if not lines:
            return
        if on_lines is None:
            on_lines = _shared(int(fields["amount_cents"]), lines)
        for enrollment_id, cents in on_lines:
            if cents > 0:
                self.session.add(RefundAllocation(id=uuid.uuid4(), refund_id=fields["id"], enrollment_id=enrollment_id,
                                                  amount_cents=cents))
        self.session.flush()

    def get(self, refund_id: uuid.UUID, *, lock: bool = False) -> RefundRecord:
        query = sa.select(Refund).where(Refund.id == refund_id)
        if lock:
            query = query.with_for_update()
        refund = self.session.scalar(query)
        if refund is None:
            raise NotFound(msg("refund.gone"))
        return _record(refund)

    def find(self, refund_id: uuid.UUID) -> RefundRecord | None:
        refund = self.session.get(Refund, refund_id)
        return _record(refund) if refund else None

    def update(self, refund_id: uuid.UUID, **changes: Any) -> RefundRecord:
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise TypeError(f"refunds.{', '.join(sorted(unknown))} may not be changed")
        refund = self.session.get(Refund, refund_id)
        if refund is None:
            raise NotFound(msg("refund.gone"))
        for name, value in changes.items():
            setattr(refund, name, value)
        self.session.flush()
        return _record(refund)

    def for_payment(self, payment_id: uuid.UUID) -> list[RefundRecord]:
        rows = self.session.scalars(sa.select(Refund).where(Refund.payment_id == payment_id)
                                    .order_by(Refund.created_at, Refund.id))
        return [_record(r) for r in rows]

    def pending(self, workstation_id: str) -> list[RefundRecord]:
        rows = self.session.scalars(
            sa.select(Refund).where(Refund.workstation_id == workstation_id, Refund.status == PENDING)
            .order_by(Refund.created_at, Refund.id))
        return [_record(r) for r in rows]

    def by_stripe_id(self, stripe_refund_id: str) -> RefundRecord | None:
        row = self.session.scalar(sa.select(Refund).where(Refund.stripe_refund_id == stripe_refund_id))
        return _record(row) if row else None

    def credit_note_number(self, refund_id: uuid.UUID) -> str | None:
        return self.session.scalar(
            sa.select(Invoice.number).where(Invoice.refund_id == refund_id, Invoice.kind == "credit_note")
            .order_by(Invoice.issued_at).limit(1))

    def succeeded_app_refunds(self, workstation_id: str) -> list[uuid.UUID]:
        """This desk's refunds made in the app that went through (for emails a crash left unqueued)."""
        return list(self.session.scalars(
            sa.select(Refund.id).where(Refund.workstation_id == workstation_id, Refund.status == SUCCEEDED,
                                       Refund.source != DASHBOARD).order_by(Refund.completed_at)))

    def journal_mentions(self, payment_id: uuid.UUID, step: str, refund_id: uuid.UUID) -> bool:
        """Whether the payment's journal has `step` for this refund (details are JSON: compared here)."""
        rows = self.session.scalars(sa.select(PaymentStep.detail).where(PaymentStep.payment_id == payment_id,
                                                                         PaymentStep.step == step))
        return any((d or {}).get("refund") == str(refund_id) for d in rows)

    def dashboard_refunds(self, workstation_id: str, *, without_credit_note: bool) -> list[DashboardRefund]:
        credit = (sa.select(Invoice.number).where(Invoice.refund_id == Refund.id, Invoice.kind == "credit_note")
                  .limit(1).scalar_subquery())
        original = (sa.select(Invoice.number).where(Invoice.payment_id == Payment.id, Invoice.kind == "invoice")
                    .order_by(Invoice.issued_at).limit(1).scalar_subquery())
        query = (
            sa.select(Refund, Student, Course, credit.label("credit"), original.label("original"))
            .join(Payment, Refund.payment_id == Payment.id)
            .join(Enrollment, Payment.enrollment_id == Enrollment.id)
            .join(Student, Enrollment.student_id == Student.id)
            .join(Section, Enrollment.section_id == Section.id)
            .join(Course, Section.course_id == Course.id)
            .where(Refund.source == DASHBOARD, Refund.workstation_id == workstation_id, Refund.status == SUCCEEDED)
            .order_by(Refund.completed_at.desc(), Refund.id)
        )
        found = []
        for refund, student, course, credit_number, original_number in self.session.execute(query):
            if without_credit_note and credit_number:
                continue
            found.append(DashboardRefund(
                id=refund.id, payment_id=refund.payment_id, stripe_refund_id=refund.stripe_refund_id,
                amount_cents=refund.amount_cents, refunded_at=refund.completed_at,
                student_name=f"{student.preferred_name or student.first_name} {student.last_name}",
                course_name=course.name, invoice_number=original_number, credit_note_number=credit_number))
        return found

    # --- the events sweep's cursor ------------------------------------------------------------
    def cursor(self, key: str) -> datetime | None:
        value = self.session.scalar(sa.select(SyncState.value).where(SyncState.key == key))
        return datetime.fromisoformat(value) if value else None

    def set_cursor(self, key: str, at: datetime) -> None:
        row = self.session.get(SyncState, key)
        if row is None:
            self.session.add(SyncState(key=key, value=at.isoformat()))
        else:
            row.value = at.isoformat()
        self.session.flush()


def _record(r: Refund) -> RefundRecord:
    return RefundRecord(
        id=r.id, payment_id=r.payment_id, workstation_id=r.workstation_id, staff_id=r.staff_id,
        amount_cents=r.amount_cents, tax_cents=r.tax_cents, reason=r.reason, reason_text=r.reason_text or "",
        status=r.status, source=r.source, method=r.method, reader_id=r.reader_id, idempotency_key=r.idempotency_key,
        stripe_refund_id=r.stripe_refund_id, created_at=r.created_at, completed_at=r.completed_at,
        failure_code=r.failure_code, failure_message=r.failure_message, tender_reference=r.tender_reference,
    )


def _shared(amount_cents: int, lines: tuple[RefundableLine, ...]) -> list[tuple[uuid.UUID, int]]:
    """A refund that names no line, shared over the lines by what each can still give back.

    Money that already went back (a Dashboard refund recorded while one from the app is pending)
    is never refused here: it is then shared by each line's part of the payment.
    """
    try:
        amounts = spread(amount_cents, [line.remaining_cents for line in lines])
    except InvalidAmount:
        amounts = spread(min(amount_cents, sum(line.amount_cents for line in lines)),
                         [line.amount_cents for line in lines])
    return [(line.enrollment_id, cents) for line, cents in zip(lines, amounts, strict=True)]
