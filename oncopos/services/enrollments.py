"""Enrolling a student in a section, withdrawing them, or moving them to another section.

- Price and tax are frozen on the enrollment when it is made, with the rates in force on the
  business date, in the course's delivery province (or the desk's).
- A full section refuses with the next section that has a seat; two desks racing for the last
  seat are serialised by a lock on the section (see EnrollmentRecordRepository.lock_sections).
- Withdrawing keeps what was paid as credit on the student's account; money goes back only
  through the refund flow, which issues the credit note. A transfer within the same course moves
  the enrollment (its price, tax and payments stay with it); a transfer to another course
  withdraws this enrollment, keeps its payments as credit and opens a new one at today's price.
"""

from __future__ import annotations

import logging
import uuid
from datetime import date
from typing import Any, cast
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.enrollment_rules import (
    SectionFull,
    SectionOption,
    choose_next_section,
    clean_reason,
    withdrawal_credit,
)
from oncopos.domain.errors import NotFound, UserFacingError
from oncopos.domain.messages import Day, msg
from oncopos.domain.money import format_cents
from oncopos.domain.tax import Kind, TaxLine, TaxQuote, TaxTable, Treatment, default_basis, quote
from oncopos.services.guard import open_to_all, requires
from oncopos.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from oncopos.services.registration_records import (
    ChangeResult,
    CourseView,
    CreditAccount,
    EnrollmentQuote,
    EnrollmentRecord,
    EnrollResult,
    SectionView,
    TaxPart,
    TransferOptions,
)

log = logging.getLogger(__name__)


class EnrollmentRefused(UserFacingError):
    """The enrollment, withdrawal or transfer cannot be done as asked; the message says why."""


class EnrollmentService:
    """Thread-safe: every call has its own unit of work."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        *,
        clock: Clock,
        desk_province: str,
        timezone: ZoneInfo,
        services_taxed_in_sk: bool = False,
        tax_table: TaxTable | None = None,
        locale: str = "en-CA",
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._desk_province = desk_province
        self._tz = timezone
        self._sk = services_taxed_in_sk
        self._table = tax_table
        self._locale = locale

    @open_to_all("the business date in the desk's time zone: no data")
    def today(self) -> date:
        return self._clock().astimezone(self._tz).date()

    # -- reading -------------------------------------------------------------------------------

    @requires(Permission.ENROLL)
    def open_sections(self, actor: Actor, course_id: uuid.UUID) -> list[SectionView]:
        """Sections of the course that have not ended, with their seats left."""
        with self._uow() as uow:
            return uow.catalogue.sections(course_id, not_ended_on=self.today())

    @requires(Permission.ENROLL)
    def quote(self, actor: Actor, course_id: uuid.UUID) -> EnrollmentQuote:
        """What enrolling costs today, exactly as `enroll` would freeze it."""
        with self._uow() as uow:
            course = uow.catalogue.course(course_id)
            if course is None:
                raise NotFound(msg("course.gone"))
            return self._quote(course, self.today())

    @requires(Permission.SEARCH_STUDENTS)
    def credit(self, actor: Actor, student_id: uuid.UUID) -> CreditAccount:
        with self._uow() as uow:
            entries = uow.enrollment_records.credit_entries(student_id)
            return CreditAccount(student_id, sum(e.amount_cents for e in entries), tuple(entries))

    @requires(Permission.ENROLL)
    def transfer_targets(self, actor: Actor, enrollment_id: uuid.UUID) -> TransferOptions:
        """Where an enrollment can move: the same course's other sections first, then other courses'."""
        today = self.today()
        with self._uow() as uow:
            enrollment = uow.enrollment_records.get(enrollment_id)
            if enrollment is None:
                raise NotFound(msg("enrollment.gone"))
            own_course = enrollment.course_id
            result = [s for s in uow.catalogue.sections(own_course, not_ended_on=today) if s.id != enrollment.section_id]
            for course in uow.catalogue.courses(include_inactive=False):
                if course.id != own_course:
                    result.extend(uow.catalogue.sections(course.id, not_ended_on=today))
            return TransferOptions(own_course, tuple(result))

    # -- changing ------------------------------------------------------------------------------

    @requires(Permission.ENROLL)
    def enroll(self, actor: Actor, student_id: uuid.UUID, section_id: uuid.UUID) -> EnrollResult:
        with self._uow() as uow:
            uow.enrollment_records.lock_sections(section_id)  # first: see lock_sections
            result = self.enroll_within(uow, actor, student_id, section_id)
            uow.commit()
        log.info("enrollment %s created in %s", result.enrollment_id, result.section.code)
        return result

    @open_to_all("runs inside the caller's unit of work; the calling service method is guarded")
    def enroll_within(self, uow: UnitOfWork, actor: Actor, student_id: uuid.UUID, section_id: uuid.UUID) -> EnrollResult:
        """`enroll` inside the caller's unit of work (the CSV import enrolls many in one transaction).

        The caller has checked Permission.ENROLL and locked the section; nothing is committed here.
        """
        today = self.today()
        section = uow.catalogue.section(section_id)
        course = uow.catalogue.course(section.course_id) if section is not None else None
        if section is None or course is None:
            raise NotFound(msg("section.gone"))
        if uow.student_records.get_record(student_id) is None:
            raise NotFound(msg("student.gone"))
        self._check_can_take_seat(uow, student_id, section, course, today)
        q, columns = self._frozen(student_id, section_id, course, today)
        enrollment_id = uow.enrollment_records.add(**columns)
        uow.audit.record(
            actor, "enrollment.created", at=self._clock(), subject_type="enrollment", subject_id=enrollment_id,
            details={
                "student_id": str(student_id), "section": section.code, "course": course.code,
                "price_cents": q.price_cents, "tax_cents": q.tax_cents, "total_cents": q.total_cents,
                "tax_province": q.tax_province, "tax_treatment": q.tax_treatment,
            },
        )
        taken = uow.catalogue.section(section_id)  # read again: the seats now count this enrollment
        assert taken is not None
        return EnrollResult(enrollment_id, student_id, taken, q)

    @requires(Permission.ENROLL)
    def withdraw(self, actor: Actor, enrollment_id: uuid.UUID, reason: str) -> ChangeResult:
        reason = clean_reason(reason)
        with self._uow() as uow:
            enrollment = self._changeable(uow, enrollment_id)
            ledger = uow.enrollment_records.ledger(enrollment_id)
            credit = withdrawal_credit(ledger.paid_cents, ledger.refunded_cents)
            uow.enrollment_records.set_status(enrollment_id, "withdrawn")
            change_id = uow.enrollment_records.add_change(
                enrollment_id=enrollment_id, kind="withdrawal", from_section_id=enrollment.section_id, to_section_id=None,
                reason=reason, paid_cents=credit, credit_cents=credit, at=self._clock(), staff_id=actor.staff_id,
                workstation_id=actor.workstation_id,
            )
            code = enrollment.section_code
            if credit:
                uow.enrollment_records.add_credit(
                    enrollment.student_id, credit, "withdrawal", at=self._clock(), enrollment_id=enrollment_id,
                    change_id=change_id, note=str(msg("credit.note.withdrawn", code=code, reason=reason)),
                )
            uow.audit.record(
                actor, "enrollment.withdrawn", at=self._clock(), subject_type="enrollment", subject_id=enrollment_id,
                details={"section": code, "reason": reason, "paid_cents": credit, "credit_cents": credit,
                         "old_status": "active", "new_status": "withdrawn"},
            )
            balance = uow.enrollment_records.credit_balance(enrollment.student_id)
            uow.commit()
        money = self._money_sentence(credit)
        return ChangeResult("withdrawal", enrollment_id, None, credit, balance, False, f"Withdrawn from {code}. {money}")

    @requires(Permission.ENROLL)
    def transfer(self, actor: Actor, enrollment_id: uuid.UUID, to_section_id: uuid.UUID, reason: str) -> ChangeResult:
        reason = clean_reason(reason)
        today = self.today()
        with self._uow() as uow:
            uow.enrollment_records.lock_sections(to_section_id)  # the seat being taken
            enrollment = self._changeable(uow, enrollment_id)
            target = uow.catalogue.section(to_section_id)
            target_course = uow.catalogue.course(target.course_id) if target is not None else None
            if target is None or target_course is None:
                raise NotFound(msg("section.target_gone"))
            if target.id == enrollment.section_id:
                raise EnrollmentRefused(msg("enrollment.same_section"))
            source_code = enrollment.section_code
            same_course = target.course_id == enrollment.course_id
            self._check_can_take_seat(uow, enrollment.student_id, target, target_course, today,
                                      moving=enrollment if same_course else None)
            ledger = uow.enrollment_records.ledger(enrollment_id)
            net_paid = withdrawal_credit(ledger.paid_cents, ledger.refunded_cents)
            now = self._clock()
            common = {
                "enrollment_id": enrollment_id, "kind": "transfer", "from_section_id": enrollment.section_id,
                "to_section_id": target.id, "reason": reason, "paid_cents": net_paid, "at": now, "staff_id": actor.staff_id,
                "workstation_id": actor.workstation_id,
            }
            if same_course:
                # Same course, same frozen price and tax: the enrollment and its payments move together.
                uow.enrollment_records.move(enrollment_id, target.id)
                uow.enrollment_records.add_change(new_enrollment_id=None, credit_cents=0, **common)
                new_id, credit = None, 0
                message = f"Moved from {source_code} to {target.code}. The price, tax and payments stay as they were."
            else:
                uow.enrollment_records.set_status(enrollment_id, "withdrawn")
                q, columns = self._frozen(enrollment.student_id, target.id, target_course, today)
                new_id = uow.enrollment_records.add(**columns)
                change_id = uow.enrollment_records.add_change(new_enrollment_id=new_id, credit_cents=net_paid, **common)
                if net_paid:
                    uow.enrollment_records.add_credit(
                        enrollment.student_id, net_paid, "withdrawal", at=now, enrollment_id=enrollment_id,
                        change_id=change_id,
                        note=str(msg("credit.note.transferred", source=source_code, target=target.code, reason=reason)),
                    )
                credit = net_paid
                message = (
                    f"Moved from {source_code} to {target.code} at today's price of "
                    f"{format_cents(q.total_cents, self._locale)} with tax. {self._money_sentence(net_paid)}"
                )
            uow.audit.record(
                actor, "enrollment.transferred", at=now, subject_type="enrollment", subject_id=enrollment_id,
                details={"from_section": source_code, "to_section": target.code, "reason": reason,
                         "new_enrollment_id": str(new_id) if new_id else None, "paid_cents": net_paid, "credit_cents": credit},
            )
            balance = uow.enrollment_records.credit_balance(enrollment.student_id)
            uow.commit()
        return ChangeResult("transfer", enrollment_id, new_id, credit, balance, same_course, message)

    # -- rules ---------------------------------------------------------------------------------

    def _changeable(self, uow: UnitOfWork, enrollment_id: uuid.UUID) -> EnrollmentRecord:
        enrollment = uow.enrollment_records.get(enrollment_id)
        if enrollment is None:
            raise NotFound(msg("enrollment.gone"))
        if enrollment.status != "active":
            raise EnrollmentRefused(
                msg("enrollment.not_active", status=enrollment.status))
        if uow.enrollment_records.payments_in_flight(enrollment_id):
            raise EnrollmentRefused(
                msg("enrollment.payment_in_flight")
            )
        return enrollment

    def _check_can_take_seat(self, uow: UnitOfWork, student_id: uuid.UUID, section: SectionView, course: CourseView, today: date,
                             moving: EnrollmentRecord | None = None) -> None:
        if not course.active:
            raise EnrollmentRefused(msg("course.not_offered", code=course.code, name=course.name))
        if section.end_date is not None and section.end_date < today:
            raise EnrollmentRefused(msg("section.ended", code=section.code, day=Day(section.end_date)))
        held = uow.enrollment_records.holding_in_course(student_id, course.id)
        if held is not None and (moving is None or held.id != moving.id):
            where = (msg("enrollment.this_section") if held.section_id == section.id
                     else msg("enrollment.section_named", code=held.section_code))
            raise EnrollmentRefused(
                msg("enrollment.already_in_course", course=course.code, where=where)
            )
        if section.is_full:
            others = [_option(s) for s in uow.catalogue.sections(course.id, not_ended_on=today)]
            raise SectionFull(section.label, choose_next_section(_option(section), others, today))

    def _quote(self, course: CourseView, on: date) -> EnrollmentQuote:
        return self._quote_with_components(course, on)[0]

    def _quote_with_components(self, course: CourseView, on: date) -> tuple[EnrollmentQuote, TaxQuote]:
        province = course.delivery_province or self._desk_province
        # The table's check constraints hold these to the literals tax expects.
        line = TaxLine(amount_cents=course.price_cents, kind=cast(Kind, course.supply_kind),
                       treatment=cast(Treatment, course.tax_treatment))
        q = quote([line], province, on, table=self._table, services_taxed_in_sk=self._sk)
        basis = None
        if course.tax_treatment != "taxable":
            basis = course.tax_basis or default_basis(course.tax_treatment, self._locale, table=self._table)
        parts = tuple(TaxPart(c.name, c.percent_label(self._locale), c.amount_cents) for c in q.components)
        return EnrollmentQuote(
            course_id=course.id, price_cents=q.subtotal_cents, tax_cents=q.tax_cents, total_cents=q.total_cents,
            tax_province=q.province, tax_treatment=course.tax_treatment, tax_basis=basis, components=parts,
            min_first_payment_cents=course.min_first_payment_cents, on=on,
        ), q

    def _frozen(self, student_id: uuid.UUID, section_id: uuid.UUID, course: CourseView,
                on: date) -> tuple[EnrollmentQuote, dict[str, Any]]:
        """The quote, and the enrollment's columns that freeze it (as oncopos.adapters.db.seed does)."""
        q, tax = self._quote_with_components(course, on)
        return q, {
            "student_id": student_id, "section_id": section_id, "status": "active", "enrolled_at": self._clock(),
            "price_cents": q.price_cents, "tax_cents": q.tax_cents, "total_cents": q.total_cents,
            "supply_kind": course.supply_kind, "tax_treatment": q.tax_treatment, "tax_basis": q.tax_basis,
            "tax_province": q.tax_province,
            "tax_components": [
                {"name": c.name, "rate": str(c.rate), "base_cents": c.base_cents, "amount_cents": c.amount_cents}
                for c in tax.components
            ],
        }

    def _money_sentence(self, credit: int) -> str:
        if credit == 0:
            return "Nothing had been paid, so there is no credit."
        return (
            f"{format_cents(credit, self._locale)} paid stays as credit on the student's account: "
            "apply it to a payment, or give it back through Refunds."
        )


def _option(view: SectionView) -> SectionOption:
    return SectionOption(view.id, view.code, view.label, view.start_date, view.end_date, view.seats_left)
