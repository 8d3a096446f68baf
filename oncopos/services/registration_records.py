"""Plain data the registration, catalogue and enrollment services hand to the window."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from oncopos.services.records import StudentSummary


@dataclass(frozen=True, slots=True)
class EnrollmentRecord:
    """An enrollment as stored, for the services that change it (the window reads EnrollmentSummary)."""

    id: uuid.UUID
    student_id: uuid.UUID
    section_id: uuid.UUID
    section_code: str
    course_id: uuid.UUID
    status: str  # active, completed, withdrawn


@dataclass(frozen=True, slots=True)
class StudentRecord:
    """Everything the student editor shows; `version` detects an edit made meanwhile elsewhere."""

    id: uuid.UUID
    student_number: str
    first_name: str
    last_name: str
    preferred_name: str | None
    email: str
    phone: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    province: str | None
    postal_code: str | None
    date_of_birth: date | None
    preferred_language: str
    version: int

    def summary(self) -> StudentSummary:
        return StudentSummary(
            id=self.id,
            student_number=self.student_number,
            first_name=self.first_name,
            last_name=self.last_name,
            preferred_name=self.preferred_name,
            email=self.email,
            phone=self.phone,
            preferred_language=self.preferred_language,
        )


@dataclass(frozen=True, slots=True)
class CourseView:
    id: uuid.UUID
    code: str
    name: str
    description: str
    kind: str  # program, workshop, kit
    price_cents: int
    supply_kind: str
    tax_treatment: str
    tax_basis: str | None
    delivery_province: str | None  # None: the desk's province
    min_first_payment_cents: int | None
    active: bool
    version: int
    tuition_class: str = "occupational"  # how the fees count on a T2202 (oncopos.domain.tuition.TuitionClass)
    tuition_basis: str | None = None


@dataclass(frozen=True, slots=True)
class SectionView:
    id: uuid.UUID
    course_id: uuid.UUID
    code: str
    start_date: date | None
    end_date: date | None
    schedule: str
    location: str
    capacity: int | None
    taken: int  # seats held by active and completed enrollments
    seats_left: int | None  # None: no limit
    label: str  # "2027-01-12 (en dash) 2027-03-20, Toronto"
    version: int
    minutes_per_week: int | None = None  # hours of instruction a week, for the T2202 months

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0


@dataclass(frozen=True, slots=True)
class TaxPart:
    name: str  # GST, HST, PST, QST, RST
    rate_label: str  # "13%"
    amount_cents: int


@dataclass(frozen=True, slots=True)
class EnrollmentQuote:
    """What enrolling in a course costs today, as it will be frozen on the enrollment."""

    course_id: uuid.UUID
    price_cents: int
    tax_cents: int
    total_cents: int
    tax_province: str
    tax_treatment: str
    tax_basis: str | None
    components: tuple[TaxPart, ...]
    min_first_payment_cents: int | None
    on: date


@dataclass(frozen=True, slots=True)
class EnrollResult:
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    section: SectionView  # as it is after this enrollment (seats left one fewer)
    quote: EnrollmentQuote


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """The outcome of a withdrawal or a transfer, in the words the desk needs."""

    kind: str  # withdrawal, transfer
    enrollment_id: uuid.UUID
    new_enrollment_id: uuid.UUID | None
    credit_cents: int  # added to the student's credit by this change
    credit_balance_cents: int  # the student's credit after it
    moved_payments: bool  # a transfer within the course keeps the payments on the enrollment
    message: str


@dataclass(frozen=True, slots=True)
class TransferOptions:
    """Where an enrollment can move: `course_id` is its own course (its sections come first)."""

    course_id: uuid.UUID
    sections: tuple[SectionView, ...]

    def same_course(self, section: SectionView) -> bool:
        return section.course_id == self.course_id


@dataclass(frozen=True, slots=True)
class CreditEntry:
    amount_cents: int
    kind: str
    note: str
    at_iso: str


@dataclass(frozen=True, slots=True)
class CreditAccount:
    student_id: uuid.UUID
    balance_cents: int
    entries: tuple[CreditEntry, ...] = field(default=())
