"""Plain data of plans and statements: what the repositories return and what the window shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from oncopos.domain.plans import PlanLine, PlanLineState, PlanTemplate


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    id: uuid.UUID
    course_id: uuid.UUID
    template: PlanTemplate
    active: bool


@dataclass(frozen=True, slots=True)
class EnrollmentForPlan:
    """The enrollment a plan is for, with what the one ledger says was paid."""

    id: uuid.UUID
    student_id: uuid.UUID
    student_name: str
    student_number: str
    student_email: str
    student_language: str
    course_id: uuid.UUID
    course_code: str
    course_name: str
    course_kind: str
    section_code: str
    starts_on: date | None
    ends_on: date | None
    status: str
    total_cents: int
    tax_province: str
    net_paid_cents: int  # succeeded payments minus their refunds, every desk synced so far
    balance_cents: int  # oncopos.domain.ledger.balance_owing


@dataclass(frozen=True, slots=True)
class PlanRecord:
    id: uuid.UUID
    enrollment_id: uuid.UUID
    template_id: uuid.UUID | None
    amount_cents: int
    paid_before_cents: int
    status: str
    contract_signed_at: datetime | None
    lines: tuple[PlanLine, ...]  # scheduled lines only, by sequence
    version: int


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan as the desk sees it: its lines and where each stands today."""

    plan: PlanRecord
    enrollment: EnrollmentForPlan
    states: tuple[PlanLineState, ...]
    precontract_rule: str | None  # the provincial rule that applies before the contract is signed
    precontract_limit_cents: int | None

    @property
    def owing_cents(self) -> int:
        return sum(s.owing_cents for s in self.states)


@dataclass(frozen=True, slots=True)
class DueLine:
    """One line of the desk's due and overdue list."""

    plan_id: uuid.UUID
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    student_name: str
    student_number: str
    course_code: str
    state: PlanLineState
    reminder_sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReminderTarget:
    """A scheduled, unpaid line of an active plan, with what the reminder needs."""

    instalment_id: uuid.UUID
    plan_id: uuid.UUID
    line: PlanLine
    reminder_sent_at: datetime | None
    link_payment_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class RemindReport:
    sent: tuple[str, ...]
    paid: tuple[str, ...]
    problems: tuple[str, ...]
