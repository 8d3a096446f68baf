"""Plain data of the payment history: the search, its rows, and one payment in full."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from oncopos.services.refunds.records import RefundRecord

#: The method filter's choices: how the money came in.
METHODS = {"card": "Card on the reader", "interac": "Interac on the reader", "hosted": "Hosted page (QR / link)"}


@dataclass(frozen=True, slots=True)
class PaymentQuery:
    """Every filter is optional; dates are days in the business time zone, both ends included."""

    date_from: date | None = None
    date_to: date | None = None
    workstation_id: str | None = None   # None: every desk
    student: str = ""                   # name, student number or email (a prefix of any word)
    invoice_number: str = ""            # an invoice or a credit note number
    amount_cents: int | None = None
    method: str | None = None           # a key of METHODS
    statuses: tuple[str, ...] = ()      # () : every status
    limit: int = 500


@dataclass(frozen=True, slots=True)
class PaymentRow:
    id: uuid.UUID
    at: datetime
    workstation_id: str
    student_name: str
    student_number: str
    course_name: str
    amount_cents: int
    refunded_cents: int
    status: str
    method: str | None
    card_brand: str | None
    card_last4: str | None
    invoice_number: str | None

    @property
    def method_label(self) -> str:
        return METHODS.get(self.method or "", "—")

    @property
    def refundable_cents(self) -> int:
        return self.amount_cents - self.refunded_cents if self.status == "succeeded" else 0


@dataclass(frozen=True, slots=True)
class DocumentRef:
    number: str
    kind: str            # invoice, credit_note
    issued_at: datetime
    total_cents: int
    tax_cents: int
    status: str          # issued, void


@dataclass(frozen=True, slots=True)
class Event:
    """One line of a payment's story: a journal step or an audit event."""

    at: datetime
    source: str          # journal, audit
    what: str
    who: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PaymentDetail:
    row: PaymentRow
    payment_intent_id: str | None
    charge_id: str | None
    checkout_session_id: str | None
    reader_id: str | None
    payment_method_type: str | None
    tax_cents: int
    failure_message: str | None
    documents: tuple[DocumentRef, ...]
    refunds: tuple[RefundRecord, ...]
    pending_refund_cents: int
    events: tuple[Event, ...]

    @property
    def remaining_cents(self) -> int:
        if self.row.status != "succeeded":
            return 0
        return max(self.row.amount_cents - self.row.refunded_cents - self.pending_refund_cents, 0)

    @property
    def interac(self) -> bool:
        return self.payment_method_type == "interac_present"
