"""Plain data the invoice repository hands to the invoice service, and the service to the window.

The facts are what an invoice is made of, read in the payment's (or refund's) own transaction;
the service turns them into an `InvoiceDocument` without touching the database again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class StudentFacts:
    id: uuid.UUID
    student_number: str
    name: str  # legal name: first and last, never the preferred name
    email: str
    address_lines: tuple[str, ...]
    language: str  # en, fr


@dataclass(frozen=True, slots=True)
class EnrollmentFacts:
    id: uuid.UUID
    enrolled_on: date  # the business date of enrollment: the rates frozen then
    price_cents: int
    tax_cents: int
    total_cents: int
    supply_kind: str
    treatment: str
    basis: str | None
    province: str
    components: tuple[dict[str, Any], ...]  # {name, rate, amount_cents, base_cents}
    course_code: str
    course_name: str
    section_code: str
    start_date: date | None
    end_date: date | None
    location: str


@dataclass(frozen=True, slots=True)
class PartFacts:
    """One enrollment's line of a payment made for several: its amount and its frozen tax share."""

    enrollment: EnrollmentFacts
    amount_cents: int
    #: Succeeded payments of this enrollment made before this one, less their refunds.
    paid_before_cents: int
    tax_components: tuple[dict[str, Any], ...]  # {name, rate, base_cents, amount_cents} of this part


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    id: uuid.UUID
    amount_cents: int
    status: str
    payment_method_type: str | None
    card_brand: str | None
    card_last4: str | None
    reference: str | None  # PaymentIntent id (Checkout Session id before it has one); a tender by hand's facts
    completed_at: datetime | None
    #: Succeeded payments of the same enrollment made before this one, less their refunds.
    paid_before_cents: int
    student: StudentFacts
    enrollment: EnrollmentFacts  # the first line's, for a payment made for several enrollments
    #: A payment made for several enrollments: a line each, in invoice order (empty for one).
    parts: tuple[PartFacts, ...] = ()
    #: Cash: what was handed over and the change given (tender_details); None for other tenders.
    tendered_cents: int | None = None
    change_cents: int | None = None
    #: Cash: the rounding to 5 cents the drawer took on top of the amount (tender_details); None when zero.
    rounding_cents: int | None = None


@dataclass(frozen=True, slots=True)
class OriginalInvoice:
    number: str
    issue_date: date
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    taxes: tuple[dict[str, Any], ...]  # {name, rate, amount_cents}


@dataclass(frozen=True, slots=True)
class RefundFacts:
    id: uuid.UUID
    amount_cents: int
    reason: str
    reason_text: str
    status: str
    payment: PaymentFacts
    original: OriginalInvoice | None
    #: What credit notes already issued for the same payment gave back (tax included).
    credited_before_cents: int
    #: A refund of a payment made for several enrollments: what went back on each line.
    parts: tuple[RefundPartFacts, ...] = ()
    #: A refund sent back by cheque or e-Transfer: that tender ("cheque", "etransfer"), which the
    #: credit note names as where the money went, whatever tender the payment came in.
    sent_by: str | None = None


@dataclass(frozen=True, slots=True)
class RefundPartFacts:
    """A refund's part on one line of a payment made for several enrollments."""

    enrollment_id: uuid.UUID
    amount_cents: int
    #: What earlier refunds of the same payment, with their credit note issued, gave back on this line.
    credited_before_cents: int


@dataclass(frozen=True, slots=True)
class InvoiceRecord:
    """One stored invoice or credit note."""

    id: uuid.UUID
    number: str
    kind: str  # invoice, credit_note
    status: str  # issued, void
    void_reason: str | None
    voided_at: datetime | None
    issued_at: datetime
    subtotal_cents: int
    tax_cents: int
    total_cents: int
    document: dict[str, Any] | None
    pdf_path: str | None
    pdf_sha256: str | None
    student_id: uuid.UUID | None
    payment_id: uuid.UUID | None
    refund_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """A row of a student's invoice history."""

    number: str
    kind: str
    status: str
    issued_at: datetime
    total_cents: int
    tax_cents: int
    original_number: str | None
    void_reason: str | None
