"""Invoices, credit notes and their gap-free numbers.

Numbering: one counter row per series, incremented with a single UPDATE ... RETURNING inside the
caller's transaction. The row stays locked until that transaction ends (PostgreSQL row lock,
SQLite write lock), so two payments on the same series queue for the number; a payment that
rolls back gives its number back with it. No gaps, no duplicates, and the unique constraint on
(series, sequence) would catch a bug that broke this.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import ledger_query, ledgers_of, parts_of
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice, InvoiceCounter
from oncopos.adapters.db.models.payments import Payment, PaymentAllocation, Refund, RefundAllocation
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.tenders import TenderDetail
from oncopos.adapters.db.repositories.payments import PaymentRepository, locked_row, write_locked
from oncopos.adapters.db.session import read_columns
from oncopos.domain.errors import InvoiceNumberTaken, NotFound
from oncopos.domain.ledger import EnrollmentLedger
from oncopos.domain.messages import msg
from oncopos.services.invoice_records import (
    EnrollmentFacts,
    InvoiceRecord,
    InvoiceSummary,
    OriginalInvoice,
    PartFacts,
    PaymentFacts,
    RefundFacts,
    RefundPartFacts,
    StudentFacts,
)


def format_number(series: str, sequence: int) -> str:
    return f"{series}-{sequence:06d}"


class InvoiceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- numbering ------------------------------------------------------------------------------

    def next_number(self, series: str) -> tuple[int, str]:
        """Take the next number of `series` in the current transaction."""
        taken = self._take(series)
        if taken is None:  # its first use: the counter is created, then taken from
            self._create_counter(series)
            taken = self._take(series)
            assert taken is not None
        return taken, format_number(series, taken)

    def _take(self, series: str) -> int | None:
        """The counter's number, moved on by one; None when the series has no counter yet (one statement
        in the common case, where the INSERT that made sure of the row ran at every number)."""
        taken = self.session.execute(
            sa.update(InvoiceCounter)
            .where(InvoiceCounter.series == series)
            .values(next_number=InvoiceCounter.next_number + 1)
            .returning(InvoiceCounter.next_number)
        ).scalar_one_or_none()
        return None if taken is None else int(taken) - 1

    def _create_counter(self, series: str) -> None:
        dialect = self.session.get_bind().dialect.name
        # First use of a series: create its counter; a racing desk's row wins harmlessly.
        if dialect == "postgresql":
            self.session.execute(postgresql.insert(InvoiceCounter).values(series=series, next_number=1).on_conflict_do_nothing())
        elif dialect == "sqlite":
            self.session.execute(sqlite.insert(InvoiceCounter).values(series=series, next_number=1).on_conflict_do_nothing())
        elif self.session.get(InvoiceCounter, series) is None:
            self.session.add(InvoiceCounter(series=series, next_number=1))
            self.session.flush()

    def move_past_known(self, series: str) -> tuple[int, int] | None:
        """Make sure the counter of `series` is past every number this database knows for it.

        A desk whose counter is behind its own invoices (reinstalled, the invoices came back by
        sync but the counter did not) would otherwise hand out a number that is already used.
        Returns (the counter before, after) when it was moved, None when it was already past.
        """
        highest = read_columns(self.session, _HIGHEST, {"series": series}).scalar()
        return self.move_counter_to(series, int(highest) + 1) if highest is not None else None

    def move_counter_to(self, series: str, next_number: int) -> tuple[int, int] | None:
        """Move the counter of `series` forward to `next_number` (never back); (before, after) or None."""
        counter = self.session.get(InvoiceCounter, series, with_for_update=True)
        before = counter.next_number if counter is not None else 1
        if before >= next_number:
            return None
        if counter is None:
            self.session.add(InvoiceCounter(series=series, next_number=next_number))
        else:
            counter.next_number = next_number
        self.session.flush()
        return before, next_number

    # --- facts ------------------------------------------------------------------------------------

    def payment_facts(self, payment_id: uuid.UUID, tz: ZoneInfo) -> PaymentFacts:
        # The row its payment's transaction holds locked, as written, when it does (no second read).
        payment: Any = locked_row(self.session, payment_id) or self.session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(msg("invoice.payment_missing", payment_id=str(payment_id)))
        enrollment, student = self._enrollment_facts(payment.enrollment_id, tz)
        parts = tuple(
            PartFacts(self._enrollment_facts(p.enrollment_id, tz)[0], p.amount_cents,
                      self._paid_before(payment, p.enrollment_id), p.tax_components)
            for p in PaymentRepository(self.session).parts(payment_id)  # known with the payment's row when read
        )
        # Columns, not the ORM object: the functions below read its columns only.
        detail = read_columns(self.session, _TENDER_DETAIL, {"payment_id": payment_id}).first()
        tendered, change, rounding = _cash_given(detail)
        return PaymentFacts(
            id=payment.id,
            amount_cents=payment.amount_cents,
            status=payment.status,
            payment_method_type=payment.payment_method_type,
            card_brand=payment.card_brand,
            card_last4=payment.card_last4,
            reference=(_tender_reference(detail) or payment.stripe_payment_intent_id
                       or payment.stripe_checkout_session_id),
            completed_at=payment.completed_at,
            paid_before_cents=self._paid_before(payment, payment.enrollment_id),
            student=_student_facts(student),
            enrollment=enrollment,
            parts=parts,
            tendered_cents=tendered,
            change_cents=change,
            rounding_cents=rounding,
        )

    def _enrollment_facts(self, enrollment_id: uuid.UUID, tz: ZoneInfo) -> tuple[EnrollmentFacts, Any]:
        """The enrollment's facts and its student's columns (what `_student_facts` reads), read as
        columns: as four ORM objects (enrollment, section, course, student) the load cost more than
        the read, at every invoice."""
        row = read_columns(self.session, _ENROLLMENT_FACTS, {"enrollment_id": enrollment_id}).one()
        return EnrollmentFacts(
            id=enrollment_id,
            enrolled_on=row.enrolled_at.astimezone(tz).date(),
            price_cents=row.price_cents,
            tax_cents=row.tax_cents,
            total_cents=row.total_cents,
            supply_kind=row.supply_kind,
            treatment=row.tax_treatment,
            basis=row.tax_basis,
            province=row.tax_province,
            components=tuple(dict(c) for c in row.tax_components or ()),
            course_code=row.course_code,
            course_name=row.course_name,
            section_code=row.section_code,
            start_date=row.start_date,
            end_date=row.end_date,
            location=row.location,
        ), SimpleNamespace(id=row.student_id, **{name: getattr(row, name) for name in _STUDENT_COLUMNS})

    def _paid_before(self, payment: Any, enrollment_id: uuid.UUID) -> int:
        """Net of refunds: money the school still holds from this enrollment's earlier payments."""
        timed = payment.completed_at is not None
        params: dict[str, Any] = {"ids": [enrollment_id], "payment_id": payment.id}
        if timed:
            params["completed_at"] = payment.completed_at
        rows = read_columns(self.session, _paid_before_query(timed), params)
        return ledgers_of(rows).get(enrollment_id, EnrollmentLedger()).net_paid_cents

    def refund_facts(self, refund_id: uuid.UUID, tz: ZoneInfo) -> RefundFacts:
        refund = self.session.get(Refund, refund_id)
        if refund is None:
            raise NotFound(msg("invoice.refund_missing", refund_id=str(refund_id)))
        original = self.session.scalars(
            sa.select(Invoice)
            .where(Invoice.payment_id == refund.payment_id, Invoice.kind == "invoice", Invoice.status == "issued")
            .order_by(Invoice.issued_at)
        ).first()
        credited = self.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(Invoice.total_cents), 0))
            .join(Refund, Invoice.refund_id == Refund.id)
            .where(
                Refund.payment_id == refund.payment_id,
                Invoice.kind == "credit_note",
                Invoice.status == "issued",
                Invoice.refund_id != refund.id,
            )
        )
        return RefundFacts(
            id=refund.id,
            amount_cents=refund.amount_cents,
            reason=refund.reason,
            reason_text=refund.reason_text,
            status=refund.status,
            payment=self.payment_facts(refund.payment_id, tz),
            original=None if original is None else OriginalInvoice(
                number=original.number,
                issue_date=original.issued_at.astimezone(tz).date(),
                subtotal_cents=original.subtotal_cents,
                tax_cents=original.tax_cents,
                total_cents=original.total_cents,
                taxes=tuple(dict(c) for c in original.tax_components or ()),
            ),
            credited_before_cents=int(credited or 0),
            parts=self._refund_parts(refund),
            sent_by=refund.method if refund.tender_reference else None,
        )

    def _refund_parts(self, refund: Refund) -> tuple[RefundPartFacts, ...]:
        """Each line's part of a refund of a payment made for several, with what earlier credit notes gave back on it."""
        mine = self.session.execute(
            sa.select(RefundAllocation.enrollment_id, RefundAllocation.amount_cents)
            .where(RefundAllocation.refund_id == refund.id)).all()
        if not mine:
            return ()
        credited = dict(self.session.execute(
            sa.select(RefundAllocation.enrollment_id, sa.func.sum(RefundAllocation.amount_cents))
            .join(Refund, Refund.id == RefundAllocation.refund_id)
            .join(Invoice, sa.and_(Invoice.refund_id == Refund.id, Invoice.kind == "credit_note",
                                   Invoice.status == "issued"))
            .where(Refund.payment_id == refund.payment_id, Refund.id != refund.id)
            .group_by(RefundAllocation.enrollment_id)).all())
        order = {p.enrollment_id: p.position for p in parts_of(self.session, refund.payment_id)}
        return tuple(RefundPartFacts(e, int(cents), int(credited.get(e) or 0))
                     for e, cents in sorted(mine, key=lambda row: order.get(row[0], 0)))

    # --- writes -----------------------------------------------------------------------------------

    def add(self, **fields: Any) -> None:
        self.session.add(Invoice(id=uuid.uuid4(), **fields))
        try:
            self.session.flush()
        except sa.exc.IntegrityError as exc:
            text = str(exc.orig).lower()
            if "unique" in text and ("number" in text or "sequence" in text):
                raise InvoiceNumberTaken(f"Invoice number {fields.get('number')} is already taken on this desk.") from exc
            raise

    def set_payment_tax(self, payment_id: uuid.UUID, tax_cents: int) -> None:
        if locked_row(self.session, payment_id) is not None:  # locked by the transaction: written as its other changes are
            write_locked(self.session, payment_id, tax_cents=tax_cents)
            return
        payment = self.session.get(Payment, payment_id)
        assert payment is not None
        if payment.tax_cents != tax_cents:
            payment.tax_cents = tax_cents

    def set_part_taxes(self, payment_id: uuid.UUID, lines: Sequence[tuple[uuid.UUID, int]]) -> None:
        """Each line's tax as its invoice says (enrollment id, tax cents), on the payment's allocations."""
        for enrollment_id, tax_cents in lines:
            row = self.session.scalar(sa.select(PaymentAllocation).where(
                PaymentAllocation.payment_id == payment_id, PaymentAllocation.enrollment_id == enrollment_id))
            if row is not None and row.tax_cents != tax_cents:
                row.tax_cents = tax_cents
        self.session.flush()

    def set_refund_part_taxes(self, refund_id: uuid.UUID, lines: Sequence[tuple[uuid.UUID, int]]) -> None:
        """Each line's reversed tax as the credit note says, on the refund's allocations."""
        for enrollment_id, tax_cents in lines:
            row = self.session.scalar(sa.select(RefundAllocation).where(
                RefundAllocation.refund_id == refund_id, RefundAllocation.enrollment_id == enrollment_id))
            if row is not None:
                row.tax_cents = tax_cents
        self.session.flush()

    def set_refund_tax(self, refund_id: uuid.UUID, tax_cents: int) -> None:
        refund = self.session.get(Refund, refund_id)
        assert refund is not None
        if refund.tax_cents != tax_cents:
            refund.tax_cents = tax_cents

    def set_pdf(self, number: str, path: str, sha256: str) -> None:
        invoice = self._row(number)
        invoice.pdf_path, invoice.pdf_sha256 = path, sha256

    def void(self, number: str, reason: str, at: datetime, by: uuid.UUID | None) -> None:
        invoice = self._row(number)
        invoice.status, invoice.void_reason, invoice.voided_at, invoice.voided_by = "void", reason, at, by

    # --- reads ------------------------------------------------------------------------------------

    def get(self, number: str) -> InvoiceRecord:
        return _record(self._row(number))

    def find_for_payment(self, payment_id: uuid.UUID) -> InvoiceRecord | None:
        row = self.session.scalars(
            sa.select(Invoice).where(Invoice.payment_id == payment_id, Invoice.kind == "invoice")
        ).first()
        return _record(row) if row else None

    def find_for_refund(self, refund_id: uuid.UUID) -> InvoiceRecord | None:
        row = self.session.scalars(
            sa.select(Invoice).where(Invoice.refund_id == refund_id, Invoice.kind == "credit_note")
        ).first()
        return _record(row) if row else None

    def for_student(self, student_id: uuid.UUID) -> list[InvoiceSummary]:
        original = sa.orm.aliased(Invoice)
        rows = self.session.execute(
            sa.select(Invoice, original.number)
            .outerjoin(original, Invoice.original_invoice_id == original.id)
            .where(Invoice.student_id == student_id)
            .order_by(Invoice.issued_at.desc(), Invoice.number.desc())
        ).all()
        return [
            InvoiceSummary(
                number=i.number, kind=i.kind, status=i.status, issued_at=i.issued_at, total_cents=i.total_cents,
                tax_cents=i.tax_cents, original_number=orig, void_reason=i.void_reason,
            )
            for i, orig in rows
        ]

    def numbers(self, series: str) -> list[int]:
        return list(self.session.scalars(sa.select(Invoice.sequence).where(Invoice.series == series).order_by(Invoice.sequence)))

    def id_of(self, number: str) -> uuid.UUID:
        return self._row(number).id

    def _row(self, number: str) -> Invoice:
        row = self.session.scalars(sa.select(Invoice).where(Invoice.number == number)).first()
        if row is None:
            raise NotFound(msg("invoice.number_missing", number=number))
        return row


@functools.cache
def _paid_before_query(timed: bool) -> sa.Select[Any]:
    """The enrollment's ledger over the succeeded payments before this one (completed earlier, or at
    the same moment with a smaller id), built once: every invoice asks it."""
    this: sa.BindParameter[Any] = sa.bindparam("payment_id")
    earlier = sa.and_(Payment.status == "succeeded", Payment.id != this)
    if timed:
        at: sa.BindParameter[Any] = sa.bindparam("completed_at")
        earlier = sa.and_(earlier, sa.or_(Payment.completed_at < at,
                                          sa.and_(Payment.completed_at == at, Payment.id < this)))
    return ledger_query(sa.bindparam("ids", expanding=True), earlier)


#: The student's columns of an `_ENROLLMENT_FACTS` row that `_student_facts` reads (its id is `student_id`).
_STUDENT_COLUMNS = ("student_number", "first_name", "last_name", "email", "address_line1", "address_line2", "city",
                    "province", "postal_code", "preferred_language")


_ENROLLMENT_FACTS = (
    sa.select(Enrollment.enrolled_at, Enrollment.price_cents, Enrollment.tax_cents, Enrollment.total_cents,
              Enrollment.supply_kind, Enrollment.tax_treatment, Enrollment.tax_basis, Enrollment.tax_province,
              Enrollment.tax_components, Course.code.label("course_code"), Course.name.label("course_name"),
              Section.code.label("section_code"), Section.start_date, Section.end_date, Section.location,
              Student.id.label("student_id"), Student.student_number, Student.first_name, Student.last_name,
              Student.email, Student.address_line1, Student.address_line2, Student.city, Student.province,
              Student.postal_code, Student.preferred_language)
    .select_from(Enrollment)
    .join(Section, Enrollment.section_id == Section.id)
    .join(Course, Section.course_id == Course.id)
    .join(Student, Enrollment.student_id == Student.id)
    .where(Enrollment.id == sa.bindparam("enrollment_id"))
)
_TENDER_DETAIL = sa.select(*TenderDetail.__table__.c).where(TenderDetail.payment_id == sa.bindparam("payment_id"))
_HIGHEST = sa.select(sa.func.max(Invoice.sequence)).where(Invoice.series == sa.bindparam("series"))


def _student_facts(student: Any) -> StudentFacts:
    street = ", ".join(p for p in (student.address_line1, student.address_line2) if p)
    # Canada Post order: city, province and postal code on one line.
    town = "  ".join(p for p in (" ".join(q for q in (student.city, student.province) if q), student.postal_code) if p)
    return StudentFacts(
        id=student.id,
        student_number=student.student_number,
        name=f"{student.first_name} {student.last_name}",
        email=student.email,
        address_lines=tuple(p for p in (street, town) if p),
        language=student.preferred_language or "en",
    )


def _record(row: Invoice) -> InvoiceRecord:
    return InvoiceRecord(
        id=row.id, number=row.number, kind=row.kind, status=row.status, void_reason=row.void_reason,
        voided_at=row.voided_at, issued_at=row.issued_at, subtotal_cents=row.subtotal_cents, tax_cents=row.tax_cents,
        total_cents=row.total_cents, document=row.document, pdf_path=row.pdf_path, pdf_sha256=row.pdf_sha256,
        student_id=row.student_id, payment_id=row.payment_id, refund_id=row.refund_id,
    )


def _tender_reference(detail: Any) -> str | None:
    """A cheque's number, bank and date, or an e-Transfer's reference and sender: what the receipt
    shows to trace the money at the bank (data only, the same words in either language)."""
    if detail is None:
        return None
    if detail.cheque_number:
        facts = [detail.cheque_number, detail.cheque_bank, detail.cheque_date.isoformat() if detail.cheque_date else None]
    elif detail.etransfer_reference:
        facts = [detail.etransfer_reference, detail.etransfer_sender]
    else:
        return None  # cash: nothing to trace (its tendered and change are figures of their own)
    return " · ".join(f for f in facts if f)


def _cash_given(detail: Any) -> tuple[int | None, int | None, int | None]:
    """Cash: what was handed over, the change given and the rounding to 5 cents (None when nothing was
    rounded), the till's figures for the student's documents (a split's cash part has a row of its own,
    so its own document shows its own)."""
    if detail is None or detail.tender != "cash" or detail.tendered_cents is None:
        return None, None, None
    return detail.tendered_cents, detail.change_cents or 0, detail.rounding_cents or None


__all__ = ["InvoiceRepository", "format_number"]
