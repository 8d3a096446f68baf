"""Plain data of the payment flow: what the repository returns and what the window shows.

No ORM object leaves the repository; the service and the window only see these frozen values.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from oncopos.domain.messages import Message, explain_failure
from oncopos.domain.payment import FINAL, IN_FLIGHT, PaymentStatus, PaymentStep  # noqa: F401 - IN_FLIGHT re-exported

Method = Literal["reader", "hosted"]

# The states and journal steps of a payment, with the one table of status changes, live in
# domain/payment.py; these names are the ones the services and the window use.
QUOTED, CODE_SENT, CONFIRMED, PROCESSING = (PaymentStatus.QUOTED, PaymentStatus.CODE_SENT, PaymentStatus.CONFIRMED,
                                            PaymentStatus.PROCESSING)
SUCCEEDED, FAILED, CANCELLED, EXPIRED = (PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.CANCELLED,
                                         PaymentStatus.EXPIRED)
Step = PaymentStep


@dataclass(frozen=True, slots=True)
class TaxShare:
    """One tax's part of a payment (from `domain.tax.allocate`)."""

    name: str
    rate: str          # as a decimal string, "0.13"
    base_cents: int
    amount_cents: int

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rate": self.rate, "base_cents": self.base_cents, "amount_cents": self.amount_cents}


@dataclass(frozen=True, slots=True)
class PaymentPart:
    """One enrollment's part of a payment made for several (a `payment_allocations` row)."""

    enrollment_id: uuid.UUID
    position: int          # the line's place on the invoice, from 1
    amount_cents: int
    tax_cents: int
    tax_components: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class EnrollmentForPayment:
    """Everything the flow needs to know about the enrollment being paid."""

    id: uuid.UUID
    student_id: uuid.UUID
    student_name: str
    student_number: str
    student_email: str
    student_language: str
    course_code: str
    course_name: str
    status: str
    enrolled_on: date
    price_cents: int
    tax_cents: int
    total_cents: int
    tax_province: str
    tax_components: tuple[dict[str, Any], ...]
    paid_cents: int                # succeeded payments, every desk
    refunded_cents: int
    in_flight_cents: int = 0       # other payments of this enrollment being charged right now

    @property
    def balance_cents(self) -> int:
        return self.total_cents - self.paid_cents + self.refunded_cents


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """A payments row as the service sees it."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    workstation_id: str
    staff_id: uuid.UUID | None
    amount_cents: int
    tax_cents: int
    tax_components: tuple[dict[str, Any], ...]
    status: str
    method: str | None
    idempotency_key: str
    created_at: datetime
    otp_challenge_id: uuid.UUID | None = None
    reader_id: str | None = None
    payment_intent_id: str | None = None
    checkout_session_id: str | None = None
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    charge_id: str | None = None
    payment_method_type: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    completed_at: datetime | None = None

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def stripe_object_id(self) -> str | None:
        """The id of the Stripe object the payment is charged through (its Checkout Session for the
        hosted page, its PaymentIntent on a reader); None until Stripe's answer reached the row."""
        return self.checkout_session_id if self.method == "hosted" else self.payment_intent_id

    def stripe_metadata(self) -> dict[str, str]:
        """Only ids (no names, no email): Stripe's copy must be enough to find the local row, nothing more.

        Derived from stored columns only, so a replay after a crash sends exactly the same parameters.
        """
        return {"enrollment_id": str(self.enrollment_id), "workstation": self.workstation_id}


@dataclass(frozen=True, slots=True)
class PaymentReceipt:
    """What the payment's emails are written from: the payment, who paid, for what."""

    payment: PaymentRecord
    enrollment: EnrollmentForPayment
    invoice_number: str | None
    balance_after_cents: int
    staff_name: str = ""
    #: What was paid for, when it is more than the enrollment's course (a payment made for several).
    paid_for: str = ""

    @property
    def course_name(self) -> str:
        return self.paid_for or self.enrollment.course_name


@dataclass(frozen=True, slots=True)
class JournalEntry:
    step: str
    at: datetime
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PartView:
    """One line of a payment for several enrollments, as the window shows it before and after."""

    enrollment_id: uuid.UUID
    course_code: str
    course_name: str
    amount_cents: int
    tax_cents: int
    tax_shares: tuple[TaxShare, ...]
    balance_before_cents: int


@dataclass(frozen=True, slots=True)
class PaymentView:
    """What the window shows at each moment of a payment."""

    id: uuid.UUID
    enrollment_id: uuid.UUID
    status: str
    amount_cents: int
    tax_cents: int
    tax_shares: tuple[TaxShare, ...]
    balance_before_cents: int
    method: str | None = None
    reader_id: str | None = None
    payment_intent_id: str | None = None
    checkout_url: str | None = None
    checkout_expires_at: datetime | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    payment_method_type: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    invoice_number: str | None = None
    code_sent_to: str | None = None
    code_expires_at: datetime | None = None
    code_attempts_left: int | None = None
    code_resend_at: datetime | None = None  # when Resend code may send another (aware UTC)
    #: Said to the registrar when the central database could not be asked before charging.
    balance_note: str | None = None
    #: The reader is waiting for a card (False once a decline left it idle: Retry sends it again).
    waiting_for_card: bool = False
    #: Said when Stripe collected another amount than the one quoted (not invoiced; for a manager).
    amount_flag: Message | None = None  # Stripe collected another amount than the quote: for a manager
    #: Said when Stripe dropped Interac or cards from the payment (the account does not take them).
    methods_notice: str | None = None
    #: A payment for several enrollments: a line per enrollment (empty for a payment for one).
    parts: tuple[PartView, ...] = ()

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def succeeded(self) -> bool:
        return self.status == SUCCEEDED

    @property
    def declined(self) -> bool:
        return self.status == PROCESSING and self.failure_code is not None and not self.waiting_for_card

    @property
    def failure(self) -> Message | str:
        """Why it did not go through, for a person: the catalogue's explanation of its decline or reader
        code (in whichever language the reader reads), else the sentence stored with it."""
        return explain_failure(self.failure_code, self.failure_message)

    @property
    def invoice_pending(self) -> bool:
        """Charged and recorded, but the invoice is still to be issued (reconciliation does it)."""
        return self.succeeded and self.invoice_number is None and self.amount_flag is None

    @property
    def balance_after_cents(self) -> int:
        return self.balance_before_cents - (self.amount_cents if self.succeeded else 0)

    @property
    def pre_tax_cents(self) -> int:
        return self.amount_cents - self.tax_cents


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What `recover_in_flight` did, one line per payment for the log and the command line."""

    recorded: tuple[uuid.UUID, ...] = ()
    closed: tuple[uuid.UUID, ...] = ()
    still_open: tuple[uuid.UUID, ...] = ()
    unreachable: tuple[uuid.UUID, ...] = ()
    lines: tuple[str, ...] = ()
    # What went wrong and was skipped so the rest could go on: one line each, with what to do.
    problems: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.recorded) + len(self.closed) + len(self.still_open) + len(self.unreachable)
