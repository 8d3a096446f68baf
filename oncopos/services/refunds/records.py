"""Plain data of the refund flow: what the repositories return and what the window shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from oncopos.domain.refund import FINAL, RefundStatus, RefundStep

# The states and journal steps of a refund, with the one table of status changes: domain/refund.py.
PENDING, SUCCEEDED, FAILED = RefundStatus.PENDING, RefundStatus.SUCCEEDED, RefundStatus.FAILED
Step = RefundStep

# How the money goes back (models.Refund.method): the Refunds API (cards, hosted-page payments) or
# in person on a Terminal reader (Interac: Stripe accepts no other way); by hand, a tender's name
# (cash, cheque, etransfer: refunds/cash.py, refunds/bank.py).
API, READER = "api", "reader"
APP, DASHBOARD = "app", "dashboard"


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    label: str
    #: What Stripe is told (`requested_by_customer`, `duplicate`, `fraudulent`), or None: Stripe's
    #: list has no school reasons, and a wrong one would mislead a dispute reviewer.
    stripe: str | None
    needs_text: bool = False


REASONS: tuple[Reason, ...] = (
    Reason("requested_by_customer", "Requested by the student", "requested_by_customer"),
    Reason("withdrawal", "Withdrawal from the course", "requested_by_customer"),
    Reason("wrong_amount", "Wrong amount charged", None, needs_text=True),
    Reason("course_cancelled", "Course cancelled by the school", None),
    Reason("duplicate", "Duplicate payment", "duplicate"),
    Reason("fraudulent", "Fraudulent payment", "fraudulent"),
    Reason("other", "Other (say why)", None, needs_text=True),
)
REASON_BY_CODE = {r.code: r for r in REASONS}


def idempotency_key(refund_id: uuid.UUID) -> str:
    """Derived from the local refund id, so it is stored with the row before Stripe is called."""
    return f"oncopos-refund-{refund_id}"


@dataclass(frozen=True, slots=True)
class RefundableLine:
    """A line of a payment made for several enrollments, with what may still go back on it."""

    enrollment_id: uuid.UUID
    course_name: str
    amount_cents: int     # this enrollment's part of the payment
    remaining_cents: int  # less what was refunded or is being refunded on it


@dataclass(frozen=True, slots=True)
class RefundablePayment:
    """A payment as the refund flow sees it: what was paid, what went back, what may still go back."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    workstation_id: str
    status: str
    amount_cents: int
    payment_intent_id: str | None
    payment_method_type: str | None
    card_brand: str | None
    card_last4: str | None
    reader_id: str | None
    completed_at: datetime | None
    student_name: str
    student_email: str
    student_language: str
    course_name: str
    invoice_number: str | None
    refunded_cents: int        # succeeded refunds
    pending_cents: int         # refunds asked for and not settled yet: not refundable again meanwhile
    #: A payment made for several enrollments: its lines, so a refund can go back on one of them.
    lines: tuple[RefundableLine, ...] = ()

    @property
    def remaining_cents(self) -> int:
        return max(self.amount_cents - self.refunded_cents - self.pending_cents, 0)

    @property
    def interac(self) -> bool:
        return self.payment_method_type == "interac_present"


@dataclass(frozen=True, slots=True)
class RefundRecord:
    id: uuid.UUID
    payment_id: uuid.UUID
    workstation_id: str
    staff_id: uuid.UUID | None
    amount_cents: int
    tax_cents: int
    reason: str
    reason_text: str
    status: str
    source: str
    method: str | None
    reader_id: str | None
    idempotency_key: str
    stripe_refund_id: str | None
    created_at: datetime
    completed_at: datetime | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    tender_reference: str | None = None  # by cheque or e-Transfer: its number or reference

    @property
    def final(self) -> bool:
        return self.status in FINAL


@dataclass(frozen=True, slots=True)
class RefundView:
    """What the refund dialog shows at each moment."""

    id: uuid.UUID
    payment_id: uuid.UUID
    status: str
    amount_cents: int
    tax_cents: int
    method: str | None
    reason: str
    stripe_refund_id: str | None
    credit_note_number: str | None
    failure_code: str | None
    failure_message: str | None
    remaining_cents: int            # what may still be refunded on the payment afterwards
    waiting_for_card: bool = False  # Interac: the reader waits for the student's card
    #: Seconds left before an unanswered reader refund is stopped (None: not on a reader).
    seconds_left: int | None = None
    tender_reference: str | None = None  # by cheque or e-Transfer: its number or reference

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED


@dataclass(frozen=True, slots=True)
class DashboardRefund:
    """A refund made outside the app (Stripe Dashboard), waiting for a manager's credit note."""

    id: uuid.UUID
    payment_id: uuid.UUID
    stripe_refund_id: str | None
    amount_cents: int
    refunded_at: datetime | None
    student_name: str
    course_name: str
    invoice_number: str | None
    credit_note_number: str | None


@dataclass(frozen=True, slots=True)
class SettlementReport:
    settled: tuple[uuid.UUID, ...] = ()
    failed: tuple[uuid.UUID, ...] = ()
    still_open: tuple[uuid.UUID, ...] = ()
    unreachable: tuple[uuid.UUID, ...] = ()
    dashboard_found: tuple[uuid.UUID, ...] = ()
    lines: tuple[str, ...] = ()
    # What went wrong and was skipped so the rest could go on: one line each, with what to do.
    problems: tuple[str, ...] = ()
    events_unreachable: bool = False  # Stripe's events (the Dashboard sweep) could not be read

    @property
    def total(self) -> int:
        return len(self.settled) + len(self.failed) + len(self.still_open) + len(self.unreachable)
