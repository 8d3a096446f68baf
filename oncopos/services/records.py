"""Plain, immutable data the services hand to the window and the command line.

Views never see an ORM object or a session: they get these.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class StudentSummary:
    id: uuid.UUID
    student_number: str
    first_name: str
    last_name: str
    preferred_name: str | None
    email: str
    phone: str | None
    preferred_language: str  # "en" or "fr"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"


@dataclass(frozen=True, slots=True)
class EnrollmentSummary:
    id: uuid.UUID
    student_id: uuid.UUID
    course_code: str
    course_name: str
    section_label: str          # e.g. "2027-01-12 (en dash) 2027-03-20, Toronto"
    start_date: date | None
    status: str                 # active, completed, withdrawn
    price_cents: int            # before tax, as enrolled
    tax_cents: int
    total_cents: int
    paid_cents: int             # succeeded payments
    refunded_cents: int
    balance_cents: int          # total - paid + refunded
    tax_treatment: str          # taxable, exempt, zero_rated
    tax_province: str


@dataclass(frozen=True, slots=True)
class OverpaymentView:
    """An enrollment on which more was collected than it costs (see oncopos.adapters.sync.overpayments)."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    student_id: uuid.UUID
    student_number: str
    student_name: str
    course_code: str
    total_cents: int
    paid_cents: int  # succeeded payments
    refunded_cents: int  # succeeded refunds
    over_cents: int  # paid - refunded - total
    workstations: tuple[str, ...]  # the desks that took the payments
    detected_at: datetime
    status: str  # open, resolved
    resolved_at: datetime | None
    resolution_note: str
