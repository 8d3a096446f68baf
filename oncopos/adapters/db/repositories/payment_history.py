"""Reads for the payment history: a filtered list of payments, and one payment with its whole story."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.payments import Payment, PaymentStep, Refund
from oncopos.adapters.db.models.people import Staff, Student
from oncopos.adapters.db.repositories.refunds import _record as refund_record
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.services.refunds.history_records import DocumentRef, Event, PaymentDetail, PaymentQuery, PaymentRow

# How each method filter reads in the payments table.
_METHOD_FILTERS = {
    "card": sa.and_(Payment.method == "reader", Payment.payment_method_type != "interac_present"),
    "interac": Payment.payment_method_type == "interac_present",
    "hosted": Payment.method == "hosted",
}


class PaymentHistoryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _base(self) -> sa.Select:
        refunded = (sa.select(sa.func.coalesce(sa.func.sum(Refund.amount_cents), 0))
                    .where(Refund.payment_id == Payment.id, Refund.status == "succeeded").scalar_subquery())
        invoice = (sa.select(Invoice.number).where(Invoice.payment_id == Payment.id, Invoice.kind == "invoice")
                   .order_by(Invoice.issued_at).limit(1).scalar_subquery())
        return (sa.select(Payment, Student, Course.name, refunded.label("refunded"), invoice.label("invoice"))
                .join(Enrollment, Payment.enrollment_id == Enrollment.id)
                .join(Student, Enrollment.student_id == Student.id)
                .join(Section, Enrollment.section_id == Section.id)
                .join(Course, Section.course_id == Course.id))

    def search(self, query: PaymentQuery, start: datetime | None, end: datetime | None) -> list[PaymentRow]:
        """Payments matching `query`; `start`/`end` are the date range already turned into UTC instants."""
        stmt = self._base()
        if start is not None:
            stmt = stmt.where(Payment.created_at >= start)
        if end is not None:
            stmt = stmt.where(Payment.created_at < end)
        if query.workstation_id:
            stmt = stmt.where(Payment.workstation_id == query.workstation_id)
        if query.amount_cents is not None:
            stmt = stmt.where(Payment.amount_cents == query.amount_cents)
        if query.method in _METHOD_FILTERS:
            stmt = stmt.where(_METHOD_FILTERS[query.method])
        if query.statuses:
            stmt = stmt.where(Payment.status.in_(query.statuses))
        number = query.invoice_number.strip().upper()
        if number:
            # An invoice or a credit note number finds its payment.
            stmt = stmt.where(Payment.id.in_(sa.select(Invoice.payment_id).where(Invoice.number == number)))
        for word in query.student.lower().split():
            like = f"{word}%"
            stmt = stmt.where(sa.or_(
                sa.func.lower(Student.first_name).like(like), sa.func.lower(Student.last_name).like(like),
                sa.func.lower(sa.func.coalesce(Student.preferred_name, "")).like(like),
                sa.func.lower(Student.student_number).like(like), sa.func.lower(Student.email).like(like)))
        stmt = stmt.order_by(Payment.created_at.desc(), Payment.id).limit(query.limit)
        return [_row(*r) for r in self.session.execute(stmt)]

    def workstations(self) -> list[str]:
        return list(self.session.scalars(sa.select(Payment.workstation_id).distinct().order_by(Payment.workstation_id)))

    def detail(self, payment_id: uuid.UUID) -> PaymentDetail:
        found = self.session.execute(self._base().where(Payment.id == payment_id)).first()
        if found is None:
            raise NotFound(msg("payment.not_in_history"))
        payment = found[0]
        refunds = tuple(refund_record(r) for r in self.session.scalars(
            sa.select(Refund).where(Refund.payment_id == payment_id).order_by(Refund.created_at, Refund.id)))
        documents = tuple(DocumentRef(d.number, d.kind, d.issued_at, d.total_cents, d.tax_cents, d.status)
                          for d in self.session.scalars(sa.select(Invoice).where(Invoice.payment_id == payment_id)
                                                        .order_by(Invoice.issued_at, Invoice.sequence)))
        events = [Event(s.at, "journal", s.step, detail=dict(s.detail or {})) for s in self.session.scalars(
            sa.select(PaymentStep).where(PaymentStep.payment_id == payment_id).order_by(PaymentStep.sequence))]
        subjects = sa.or_(
            sa.and_(AuditEvent.subject_type == "payment", AuditEvent.subject_id == str(payment_id)),
            sa.and_(AuditEvent.subject_type == "refund", AuditEvent.subject_id.in_([str(r.id) for r in refunds])),
            AuditEvent.subject_id.in_([d.number for d in documents]),
        )
        for event, username in self.session.execute(
                sa.select(AuditEvent, Staff.username).outerjoin(Staff, AuditEvent.staff_id == Staff.id)
                .where(subjects).order_by(AuditEvent.at, AuditEvent.sequence)):
            details = dict(event.details or {})
            who = username or ("system" if event.staff_id is None else "")
            if details.get("approved_by"):
                who = f"{who} (approved by {details['approved_by']})"
            events.append(Event(event.at, "audit", event.action, who, details))
        events.sort(key=lambda e: (e.at, e.source != "journal"))
        return PaymentDetail(
            row=_row(*found), payment_intent_id=payment.stripe_payment_intent_id, charge_id=payment.stripe_charge_id,
            checkout_session_id=payment.stripe_checkout_session_id, reader_id=payment.reader_id,
            payment_method_type=payment.payment_method_type, tax_cents=payment.tax_cents,
            failure_message=payment.failure_message, documents=documents, refunds=refunds,
            pending_refund_cents=sum(r.amount_cents for r in refunds if r.status == "pending"), events=tuple(events))


def _row(payment: Payment, student: Student, course_name: str, refunded: int, invoice: str | None) -> PaymentRow:
    if payment.method == "hosted":
        method: str | None = "hosted"
    elif payment.payment_method_type == "interac_present":
        method = "interac"
    else:
        method = "card" if payment.method == "reader" else None
    return PaymentRow(
        id=payment.id, at=payment.completed_at or payment.created_at, workstation_id=payment.workstation_id,
        student_name=f"{student.preferred_name or student.first_name} {student.last_name}",
        student_number=student.student_number, course_name=course_name, amount_cents=payment.amount_cents,
        refunded_cents=int(refunded or 0), status=payment.status, method=method, card_brand=payment.card_brand,
        card_last4=payment.card_last4, invoice_number=invoice)
