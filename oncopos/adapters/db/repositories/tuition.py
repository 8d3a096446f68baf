"""Tuition slips (T2202): the year's studies from the one ledger, the student's tax details, the
slips as issued and the returns made from them. Each method returns records, never ORM rows."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from oncopos.adapters.db.ledger import enrollment_ledgers
from oncopos.adapters.db.models.catalogue import Course, Section
from oncopos.adapters.db.models.enrollments import Enrollment, EnrollmentChange
from oncopos.adapters.db.models.people import Student
from oncopos.adapters.db.models.tuition import StudentTaxDetails, TuitionReturn, TuitionSlip
from oncopos.domain.errors import NotFound
from oncopos.domain.messages import msg
from oncopos.domain.tuition import SlipKind, YearOfStudy
from oncopos.services.tuition_records import (
    NewSlip,
    ReturnRecord,
    SlipRecord,
    SlipStudent,
    StudyFacts,
    TaxDetails,
    session_rows,
    sessions_of,
)

_WITHDRAWN = "withdrawn"


class TuitionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- the year's studies ----------------------------------------------------------------------

    def studies_touching(self, year: int) -> list[StudyFacts]:
        """Every enrollment whose section's dates touch `year`, withdrawn ones included, with its ledger."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        rows = self.session.execute(
            sa.select(Enrollment, Section.start_date, Section.end_date, Section.minutes_per_week, Course.code,
                      Course.name, Course.tuition_class)
            .join(Section, Enrollment.section_id == Section.id).join(Course, Section.course_id == Course.id)
            .where(Section.start_date.is_not(None), Section.start_date <= last,
                   sa.func.coalesce(Section.end_date, Section.start_date) >= first)
            .order_by(Enrollment.student_id, Section.start_date, Enrollment.id)).all()
        ids = [e.id for e, *_ in rows]
        ledgers = enrollment_ledgers(self.session, ids)
        withdrawals = self._withdrawals([e.id for e, *_ in rows if e.status == _WITHDRAWN])
        found = []
        for enrollment, starts, ends, minutes, code, name, tuition_class in rows:
            assert starts is not None  # the query keeps dated sections only
            ledger = ledgers.get(enrollment.id)
            withdrawn_at, credit = withdrawals.get(enrollment.id, (None, 0))
            found.append(StudyFacts(
                enrollment_id=enrollment.id, student_id=enrollment.student_id, course_code=code, course_name=name,
                tuition_class=tuition_class, starts_on=starts, ends_on=ends or starts, minutes_per_week=minutes,
                status=enrollment.status, withdrawn_at=withdrawn_at, price_cents=enrollment.price_cents,
                total_cents=enrollment.total_cents, net_paid_cents=ledger.net_paid_cents if ledger else 0,
                credit_cents=credit,
            ))
        return found

    def _withdrawals(self, enrollment_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[datetime, int]]:
        """When each withdrawn enrollment ended, and the credit its withdrawal made."""
        if not enrollment_ids:
            return {}
        found: dict[uuid.UUID, tuple[datetime, int]] = {}
        for change in self.session.scalars(
                sa.select(EnrollmentChange).where(EnrollmentChange.enrollment_id.in_(enrollment_ids))
                .order_by(EnrollmentChange.at)):
            found[change.enrollment_id] = (change.at, change.credit_cents)
        return found

    def students(self, student_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, SlipStudent]:
        ids = list(set(student_ids))
        if not ids:
            return {}
        return {s.id: _student(s) for s in self.session.scalars(sa.select(Student).where(Student.id.in_(ids)))}

    def student_by_number(self, student_number: str) -> SlipStudent | None:
        row = self.session.scalars(sa.select(Student).where(Student.student_number == student_number)).one_or_none()
        return _student(row) if row is not None else None

    # -- the student's tax details ---------------------------------------------------------------

    def tax_details(self, student_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, TaxDetails]:
        ids = list(set(student_ids))
        if not ids:
            return {}
        rows = self.session.scalars(sa.select(StudentTaxDetails).where(StudentTaxDetails.student_id.in_(ids)))
        return {row.student_id: _details(row) for row in rows}

    def save_sin(self, student_id: uuid.UUID, sin_encrypted: str | None) -> TaxDetails:
        row = self._details_row(student_id)
        row.sin_encrypted = sin_encrypted
        self.session.flush()
        return _details(row)

    def save_email_consent(self, student_id: uuid.UUID, consent: bool, *, at: datetime,
                           staff_id: uuid.UUID | None) -> TaxDetails:
        row = self._details_row(student_id)
        row.slip_by_email = consent
        row.email_consent_at = at
        row.email_consent_staff_id = staff_id
        self.session.flush()
        return _details(row)

    def _details_row(self, student_id: uuid.UUID) -> StudentTaxDetails:
        if self.session.get(Student, student_id) is None:
            raise NotFound(msg("student.not_on_desk"))
        row = self.session.scalars(sa.select(StudentTaxDetails).where(StudentTaxDetails.student_id == student_id)
                                   .with_for_update()).one_or_none()
        if row is None:
            row = StudentTaxDetails(id=uuid.uuid4(), student_id=student_id, slip_by_email=False)
            self.session.add(row)
        return row

    # -- slips and returns -----------------------------------------------------------------------

    def slips(self, year: int, student_id: uuid.UUID | None = None) -> list[SlipRecord]:
        """The year's slips, each student's history in order: every slip after the first replaces the one before."""
        query = sa.select(TuitionSlip).where(TuitionSlip.year == year)
        if student_id is not None:
            query = query.where(TuitionSlip.student_id == student_id)
        rows = list(self.session.scalars(query.order_by(TuitionSlip.issued_at, TuitionSlip.id)))
        return [_slip(row) for row in _in_chain_order(rows)]

    def slip(self, slip_id: uuid.UUID) -> SlipRecord | None:
        row = self.session.get(TuitionSlip, slip_id)
        return _slip(row) if row is not None else None

    def add_slip(self, new: NewSlip) -> SlipRecord:
        figures = new.figures
        row = TuitionSlip(
            id=uuid.uuid4(), student_id=new.student_id, year=new.year, kind=new.kind.value,
            replaces_id=new.replaces_id, issued_at=new.issued_at, staff_id=new.staff_id,
            workstation_id=new.workstation_id, program_name=figures.program_name[:200], fees_cents=figures.fees_cents,
            part_time_months=figures.part_time_months, full_time_months=figures.full_time_months,
            sessions=session_rows(figures.sessions), recipient=_recipient(new.recipient),
        )
        self.session.add(row)
        self.session.flush()
        return _slip(row)

    def mark_delivered(self, slip_id: uuid.UUID, by: str, at: datetime) -> SlipRecord:
        row = self.session.get(TuitionSlip, slip_id, with_for_update=True)
        if row is None:
            raise NotFound(msg("tuition.slip_gone"))
        row.delivered_by, row.delivered_at = by, at
        self.session.flush()
        return _slip(row)

    def add_return(self, *, year: int, kind: str, made_at: datetime, staff_id: uuid.UUID | None,
                   workstation_id: str, slip_ids: Sequence[uuid.UUID], fees_cents: int) -> ReturnRecord:
        row = TuitionReturn(id=uuid.uuid4(), year=year, kind=kind, made_at=made_at, staff_id=staff_id,
                            workstation_id=workstation_id, slip_count=len(slip_ids), fees_cents=fees_cents)
        self.session.add(row)
        self.session.flush()
        for slip in self.session.scalars(sa.select(TuitionSlip).where(TuitionSlip.id.in_(list(slip_ids)))
                                         .with_for_update()):
            slip.return_id = row.id
        self.session.flush()
        return _return(row)

    def returns(self, year: int) -> list[ReturnRecord]:
        query = sa.select(TuitionReturn).where(TuitionReturn.year == year).order_by(TuitionReturn.made_at)
        return [_return(row) for row in self.session.scalars(query)]

    def slips_of_return(self, return_id: uuid.UUID) -> tuple[ReturnRecord, list[SlipRecord]]:
        row = self.session.get(TuitionReturn, return_id)
        if row is None:
            raise NotFound(msg("tuition.return_gone"))
        slips = self.session.scalars(sa.select(TuitionSlip).where(TuitionSlip.return_id == return_id)
                                     .order_by(TuitionSlip.issued_at, TuitionSlip.id))
        return _return(row), [_slip(s) for s in slips]


def _in_chain_order(rows: list[TuitionSlip]) -> list[TuitionSlip]:
    """Issue order by the chain of replacements, which two slips issued in the same second cannot blur."""
    following = {row.replaces_id: row for row in rows if row.replaces_id is not None}
    ids = {row.id for row in rows}
    ordered: list[TuitionSlip] = []
    for head in (row for row in rows if row.replaces_id is None or row.replaces_id not in ids):
        row: TuitionSlip | None = head
        while row is not None and len(ordered) < len(rows):
            ordered.append(row)
            row = following.get(row.id)
    return ordered


def _student(s: Student) -> SlipStudent:
    return SlipStudent(
        id=s.id, student_number=s.student_number, first_name=s.first_name, last_name=s.last_name, email=s.email,
        language=s.preferred_language, address_line1=s.address_line1 or "", address_line2=s.address_line2 or "",
        city=s.city or "", province=s.province or "", postal_code=s.postal_code or "", date_of_birth=s.date_of_birth,
    )


def _recipient(s: SlipStudent) -> dict[str, Any]:
    return {"student_number": s.student_number, "first_name": s.first_name, "last_name": s.last_name,
            "email": s.email, "language": s.language, "address_line1": s.address_line1,
            "address_line2": s.address_line2, "city": s.city, "province": s.province, "postal_code": s.postal_code,
            "date_of_birth": s.date_of_birth.isoformat() if s.date_of_birth else None}


def _details(row: StudentTaxDetails) -> TaxDetails:
    return TaxDetails(student_id=row.student_id, sin_encrypted=row.sin_encrypted, slip_by_email=row.slip_by_email,
                      email_consent_at=row.email_consent_at)


def _slip(row: TuitionSlip) -> SlipRecord:
    r = dict(row.recipient or {})
    born = r.get("date_of_birth")
    recipient = SlipStudent(
        id=row.student_id, student_number=r.get("student_number", ""), first_name=r.get("first_name", ""),
        last_name=r.get("last_name", ""), email=r.get("email", ""), language=r.get("language", "en"),
        address_line1=r.get("address_line1", ""), address_line2=r.get("address_line2", ""), city=r.get("city", ""),
        province=r.get("province", ""), postal_code=r.get("postal_code", ""),
        date_of_birth=date.fromisoformat(born) if born else None,
    )
    figures = YearOfStudy(year=row.year, program_name=row.program_name, sessions=sessions_of(list(row.sessions or [])),
                          fees_cents=row.fees_cents, part_time_months=row.part_time_months,
                          full_time_months=row.full_time_months, ineligible=())
    return SlipRecord(id=row.id, student_id=row.student_id, year=row.year, kind=SlipKind(row.kind),
                      replaces_id=row.replaces_id, issued_at=row.issued_at, staff_id=row.staff_id,
                      workstation_id=row.workstation_id, figures=figures, recipient=recipient, return_id=row.return_id,
                      delivered_by=row.delivered_by, delivered_at=row.delivered_at)


def _return(row: TuitionReturn) -> ReturnRecord:
    return ReturnRecord(id=row.id, year=row.year, kind=row.kind, made_at=row.made_at, staff_id=row.staff_id,
                        slip_count=row.slip_count, fees_cents=row.fees_cents)
