"""Plan templates, plans and their lines: plain records in, plain records out (never commits)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledger, enrollment_ledgers
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.plans import PaymentPlan, PlanInstalment
from oncopos.adapters.db.models.plans import PlanTemplate as TemplateRow
from oncopos.domain.errors import NotFound
from oncopos.domain.ledger import EnrollmentLedger, balance_owing
from oncopos.domain.messages import msg
from oncopos.domain.plans import PlanLine, PlanTemplate
from oncopos.services.plan_records import EnrollmentForPlan, PlanRecord, ReminderTarget, TemplateRecord

_SCHEDULED, _REMOVED = "scheduled", "removed"


class PlanRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- the enrollment -----------------------------------------------------------------------
    def enrollment(self, enrollment_id: uuid.UUID, *, lock: bool = False) -> EnrollmentForPlan:
        found = self.enrollments([enrollment_id], lock=lock)
        if not found:
            raise NotFound(msg("payment.enrollment_gone_search"))
        return found[0]

    def enrollments(self, enrollment_ids: Iterable[uuid.UUID], *, lock: bool = False) -> list[EnrollmentForPlan]:
        ids = list(enrollment_ids)
        if not ids:
            return []
        query = (sa.select(Enrollment, Section, Course, Student)
                 .join(Section, Enrollment.section_id == Section.id)
                 .join(Course, Section.course_id == Course.id)
                 .join(Student, Enrollment.student_id == Student.id)
                 .where(Enrollment.id.in_(ids)))
        if lock:
            query = query.with_for_update(of=Enrollment)
        rows = self.session.execute(query).all()
        ledgers = enrollment_ledgers(self.session, ids)
        return [_enrollment(e, s, c, st, ledgers.get(e.id, EnrollmentLedger())) for e, s, c, st in rows]

    def ledger(self, enrollment_id: uuid.UUID) -> EnrollmentLedger:
        return enrollment_ledger(self.session, enrollment_id)

    # --- templates ----------------------------------------------------------------------------
    def templates(self, course_id: uuid.UUID, *, include_inactive: bool = False) -> list[TemplateRecord]:
        query = sa.select(TemplateRow).where(TemplateRow.course_id == course_id)
        if not include_inactive:
            query = query.where(TemplateRow.active.is_(True))
        return [_template(t) for t in self.session.scalars(query.order_by(TemplateRow.name, TemplateRow.id))]

    def template(self, template_id: uuid.UUID) -> TemplateRecord:
        row = self.session.get(TemplateRow, template_id)
        if row is None:
            raise NotFound(msg("plan.template_gone"))
        return _template(row)

    def add_template(self, course_id: uuid.UUID, template: PlanTemplate) -> uuid.UUID:
        row = TemplateRow(id=uuid.uuid4(), course_id=course_id, name=template.name,
                          deposit_basis_points=template.deposit_basis_points,
                          instalment_count=template.instalment_count, months_between=template.months_between,
                          remainder_on=template.remainder_on, active=True)
        self.session.add(row)
        self.session.flush()
        return row.id

    def update_template(self, template_id: uuid.UUID, template: PlanTemplate, *, active: bool) -> None:
        row = self.session.get(TemplateRow, template_id)
        if row is None:
            raise NotFound(msg("plan.template_gone"))
        row.name, row.deposit_basis_points = template.name, template.deposit_basis_points
        row.instalment_count, row.months_between = template.instalment_count, template.months_between
        row.remainder_on, row.active = template.remainder_on, active
        self.session.flush()

    # --- plans --------------------------------------------------------------------------------
    def plan_for(self, enrollment_id: uuid.UUID, *, lock: bool = False) -> PlanRecord | None:
        query = sa.select(PaymentPlan).where(PaymentPlan.enrollment_id == enrollment_id)
        if lock:
            query = query.with_for_update()
        row = self.session.scalar(query)
        return None if row is None else self._plan(row)

    def plan(self, plan_id: uuid.UUID) -> PlanRecord:
        row = self.session.get(PaymentPlan, plan_id)
        if row is None:
            raise NotFound(msg("plan.gone"))
        return self._plan(row)

    def add_plan(self, *, enrollment_id: uuid.UUID, template_id: uuid.UUID | None, amount_cents: int,
                 paid_before_cents: int, created_by: uuid.UUID | None, workstation_id: str,
                 lines: Iterable[PlanLine]) -> uuid.UUID:
        plan = PaymentPlan(id=uuid.uuid4(), enrollment_id=enrollment_id, template_id=template_id,
                           amount_cents=amount_cents, paid_before_cents=paid_before_cents, status="active",
                           created_by=created_by, workstation_id=workstation_id)
        self.session.add(plan)
        self.session.flush()
        self.session.add_all(_line_row(plan.id, line) for line in lines)
        self.session.flush()
        return plan.id

    def replace_lines(self, plan_id: uuid.UUID, lines: Iterable[PlanLine]) -> None:
        """The plan's schedule becomes `lines`: rows kept by sequence are updated, new ones added,
        the others marked removed (never deleted: every desk must see the same schedule)."""
        rows = {r.sequence: r for r in self.session.scalars(sa.select(PlanInstalment).where(PlanInstalment.plan_id == plan_id))}
        wanted = {line.sequence: line for line in lines}
        for sequence, row in rows.items():
            line = wanted.get(sequence)
            if line is None:
                row.status = _REMOVED
                continue
            row.status, row.kind, row.due_on, row.amount_cents = _SCHEDULED, line.kind, line.due_on, line.amount_cents
        self.session.add_all(_line_row(plan_id, line) for sequence, line in wanted.items() if sequence not in rows)
        self.session.flush()

    def sign_contract(self, plan_id: uuid.UUID, at: datetime) -> None:
        row = self.session.get(PaymentPlan, plan_id)
        if row is None:
            raise NotFound(msg("plan.gone"))
        row.contract_signed_at = at
        self.session.flush()

    def active_plans(self, *, with_lines_due_by: date | None = None) -> list[PlanRecord]:
        query = sa.select(PaymentPlan).where(PaymentPlan.status == "active")
        if with_lines_due_by is not None:
            due = sa.select(PlanInstalment.id).where(
                PlanInstalment.plan_id == PaymentPlan.id, PlanInstalment.status == _SCHEDULED,
                PlanInstalment.due_on <= with_lines_due_by, PlanInstalment.paid_payment_id.is_(None))
            query = query.where(sa.exists(due))
        return [self._plan(row) for row in self.session.scalars(query.order_by(PaymentPlan.created_at))]

    def plans_of_student(self, student_id: uuid.UUID) -> list[PlanRecord]:
        query = (sa.select(PaymentPlan).join(Enrollment, Enrollment.id == PaymentPlan.enrollment_id)
                 .where(Enrollment.student_id == student_id, PaymentPlan.status == "active"))
        return [self._plan(row) for row in self.session.scalars(query)]

    # --- reminders and their links --------------------------------------------------------------
    def reminder_targets(self, plan_id: uuid.UUID) -> list[ReminderTarget]:
        query = (sa.select(PlanInstalment)
                 .where(PlanInstalment.plan_id == plan_id, PlanInstalment.status == _SCHEDULED)
                 .order_by(PlanInstalment.sequence))
        return [ReminderTarget(r.id, r.plan_id, _line(r), r.reminder_sent_at, r.link_payment_id)
                for r in self.session.scalars(query)]

    def mark_link(self, instalment_id: uuid.UUID, payment_id: uuid.UUID) -> None:
        row = self._instalment(instalment_id)
        row.link_payment_id = payment_id
        self.session.flush()

    def mark_reminded(self, instalment_id: uuid.UUID, at: datetime) -> None:
        self._instalment(instalment_id).reminder_sent_at = at
        self.session.flush()

    def mark_paid(self, instalment_id: uuid.UUID, payment_id: uuid.UUID, at: datetime) -> None:
        row = self._instalment(instalment_id)
        row.paid_payment_id, row.paid_at = payment_id, at
        self.session.flush()

    def open_links(self) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """(instalment id, payment id) of each link sent and not yet seen paid, whose payment is still
        open or has succeeded (a link closed or expired unpaid is no longer one)."""
        query = (sa.select(PlanInstalment.id, PlanInstalment.link_payment_id)
                 .join(Payment, Payment.id == PlanInstalment.link_payment_id)
                 .where(PlanInstalment.paid_payment_id.is_(None), PlanInstalment.status == _SCHEDULED,
                        Payment.status.in_(["quoted", "code_sent", "confirmed", "processing", "succeeded"])))
        return [(i, p) for i, p in self.session.execute(query) if p is not None]

    def kept_cents(self, payment_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        """What the school still holds of each succeeded payment (its amount less its refunds)."""
        ids = list(payment_ids)
        if not ids:
            return {}
        refunded = (sa.select(sa.func.coalesce(sa.func.sum(Refund.amount_cents), 0))
                    .where(Refund.payment_id == Payment.id, Refund.status == "succeeded").scalar_subquery())
        query = sa.select(Payment.id, Payment.amount_cents - refunded).where(
            Payment.id.in_(ids), Payment.status == "succeeded")
        return {pid: int(cents) for pid, cents in self.session.execute(query)}

    # --- helpers ------------------------------------------------------------------------------
    def _instalment(self, instalment_id: uuid.UUID) -> PlanInstalment:
        row = self.session.get(PlanInstalment, instalment_id)
        if row is None:
            raise NotFound(msg("plan.line_gone"))
        return row

    def _plan(self, row: PaymentPlan) -> PlanRecord:
        query = (sa.select(PlanInstalment)
                 .where(PlanInstalment.plan_id == row.id, PlanInstalment.status == _SCHEDULED)
                 .order_by(PlanInstalment.sequence))
        lines = tuple(_line(r) for r in self.session.scalars(query))
        return PlanRecord(row.id, row.enrollment_id, row.template_id, row.amount_cents, row.paid_before_cents,
                          row.status, row.contract_signed_at, lines, row.version)


def _line(row: PlanInstalment) -> PlanLine:
    return PlanLine(row.sequence, row.kind, row.due_on, row.amount_cents, row.id, row.paid_payment_id)


def _line_row(plan_id: uuid.UUID, line: PlanLine) -> PlanInstalment:
    return PlanInstalment(id=uuid.uuid4(), plan_id=plan_id, sequence=line.sequence, kind=line.kind, due_on=line.due_on,
                          amount_cents=line.amount_cents, status=_SCHEDULED)


def _template(row: TemplateRow) -> TemplateRecord:
    return TemplateRecord(row.id, row.course_id, PlanTemplate(row.deposit_basis_points, row.instalment_count,
                                                              row.months_between, row.remainder_on, row.name), row.active)


def _enrollment(e: Enrollment, s: Section, c: Course, st: Student, ledger: EnrollmentLedger) -> EnrollmentForPlan:
    first = st.preferred_name or st.first_name
    return EnrollmentForPlan(
        id=e.id, student_id=st.id, student_name=f"{first} {st.last_name}", student_number=st.student_number,
        student_email=st.email, student_language=st.preferred_language, course_id=c.id, course_code=c.code,
        course_name=c.name, course_kind=c.kind, section_code=s.code, starts_on=s.start_date, ends_on=s.end_date,
        status=e.status, total_cents=e.total_cents, tax_province=e.tax_province, net_paid_cents=ledger.net_paid_cents,
        balance_cents=balance_owing(e.total_cents, ledger, e.status))
