"""A student's money facts for the account statement, a few statements whatever the number of rows (never N+1)."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import payment_shares, refund_shares
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment, EnrollmentChange, StudentCredit
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.people import Student
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.domain.statement import CHARGE, CREDIT, PAYMENT, REFUND, WITHDRAWAL, StatementEvent

_SUCCEEDED = "succeeded"


class StatementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def student(self, student_id: uuid.UUID) -> tuple[str, str, str, str]:
        """(name, student number, email, preferred language)."""
        student = self.session.get(Student, student_id)
        if student is None:
            raise NotFound(msg("student.not_on_desk"))
        first = student.preferred_name or student.first_name
        return f"{first} {student.last_name}", student.student_number, student.email, student.preferred_language

    def events(self, student_id: uuid.UUID) -> list[StatementEvent]:
        """Charges, payments, refunds, withdrawals and credit movements (plan lines come from plans)."""
        events: list[StatementEvent] = []
        enrollments = self.session.execute(
            sa.select(Enrollment, Section.code, Course.code, Course.name)
            .join(Section, Enrollment.section_id == Section.id).join(Course, Section.course_id == Course.id)
            .where(Enrollment.student_id == student_id)).all()
        names = {e.id: f"{name} ({code})" for e, _s, code, name in enrollments}
        for enrollment, section, _code, _name in enrollments:
            events.append(StatementEvent(enrollment.enrolled_at, CHARGE, f"{names[enrollment.id]}, {section}",
                                         enrollment.total_cents, "", enrollment.id))
        withdrawn = {e.id: e for e, *_ in enrollments if e.status == "withdrawn"}
        if withdrawn:
            changes = self.session.scalars(
                sa.select(EnrollmentChange).where(EnrollmentChange.enrollment_id.in_(list(withdrawn)))
                .order_by(EnrollmentChange.at)).all()
            last = {c.enrollment_id: c for c in changes if c.kind == "withdrawal" or c.new_enrollment_id is not None}
            for enrollment_id, change in last.items():
                # The charge is cancelled; what was paid stays with the school as credit.
                events.append(StatementEvent(change.at, WITHDRAWAL, names[enrollment_id],
                                             withdrawn[enrollment_id].total_cents, "", enrollment_id))
        invoice = (sa.select(Invoice.number).where(Invoice.payment_id == Payment.id, Invoice.kind == "invoice")
                   .order_by(Invoice.issued_at).limit(1).scalar_subquery())
        # A payment made for several enrollments is a line for each: every enrollment's balance moves by its part.
        shares = payment_shares(list(names), Payment.status == _SUCCEEDED)
        payments = self.session.execute(
            sa.select(Payment, shares.c.enrollment_id, shares.c.amount_cents, invoice)
            .join(shares, shares.c.payment_id == Payment.id)).all()
        for payment, enrollment_id, cents, number in payments:
            events.append(StatementEvent(payment.completed_at or payment.updated_at, PAYMENT,
                                         names.get(enrollment_id, ""), int(cents), number or "", enrollment_id,
                                         _method(payment)))
        credit_note = (sa.select(Invoice.number).where(Invoice.refund_id == Refund.id, Invoice.kind == "credit_note")
                       .order_by(Invoice.issued_at).limit(1).scalar_subquery())
        back = refund_shares(list(names), Refund.status == _SUCCEEDED)
        refunds = self.session.execute(
            sa.select(Refund, back.c.enrollment_id, back.c.amount_cents, credit_note)
            .join(back, back.c.refund_id == Refund.id)).all()
        for refund, enrollment_id, cents, number in refunds:
            events.append(StatementEvent(refund.completed_at or refund.updated_at, REFUND,
                                         names.get(enrollment_id, ""), int(cents),
                                         number or "", enrollment_id, refund.reason))
        for credit in self.session.scalars(sa.select(StudentCredit).where(StudentCredit.student_id == student_id)):
            events.append(StatementEvent(credit.at, CREDIT, credit.note, abs(credit.amount_cents), "",
                                         credit.enrollment_id, credit.kind))
        return events


def _method(payment: Payment) -> str:
    if payment.card_brand and payment.card_last4:
        return f"{payment.card_brand} {payment.card_last4}"
    return payment.method or ""
