"""Plain data of tenders by hand and the cash drawer: what repositories return and the window shows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from oncopos.domain.till import CLOSED, DrawerFigures


@dataclass(frozen=True, slots=True)
class TenderRecord:
    payment_id: uuid.UUID
    tender: str  # cash, cheque, etransfer
    split_id: uuid.UUID | None
    drawer_session_id: uuid.UUID | None
    tendered_cents: int | None
    change_cents: int | None
    rounding_cents: int
    cheque_number: str | None
    cheque_bank: str | None
    cheque_date: date | None
    etransfer_reference: str | None
    etransfer_sender: str | None


@dataclass(frozen=True, slots=True)
class TenderReceipt:
    """A tender recorded: its payment, its invoice number (None while it waits), and the cash figures."""

    payment_id: uuid.UUID
    tender: str
    amount_cents: int
    invoice_number: str | None
    balance_after_cents: int
    due_cents: int  # what was collected in that tender (cash: rounded to 5 cents)
    change_cents: int = 0


@dataclass(frozen=True, slots=True)
class SplitReceipt:
    split_id: uuid.UUID
    parts: tuple[TenderReceipt, ...]

    @property
    def total_cents(self) -> int:
        return sum(p.amount_cents for p in self.parts)


@dataclass(frozen=True, slots=True)
class ReturnReceipt:
    """A cheque or e-Transfer the bank sent back: the reversal and its credit note."""

    payment_id: uuid.UUID
    refund_id: uuid.UUID
    amount_cents: int
    credit_note_number: str
    balance_after_cents: int


@dataclass(frozen=True, slots=True)
class ReturnablePayment:
    """A cheque or e-Transfer that the bank may send back, found by its invoice number."""

    payment_id: uuid.UUID
    invoice_number: str
    tender: str  # cheque, etransfer
    reference: str  # the cheque number or the transfer's reference
    student_name: str
    remaining_cents: int  # what a return takes back


@dataclass(frozen=True, slots=True)
class DrawerMove:
    id: uuid.UUID
    kind: str  # cash_in, paid_out, cash_refund
    amount_cents: int
    reason: str
    at: datetime
    staff_name: str
    refund_id: uuid.UUID | None = None  # a cash_refund: the refund it paid


@dataclass(frozen=True, slots=True)
class DrawerRecord:
    id: uuid.UUID
    workstation_id: str
    business_date: date
    status: str
    opened_at: datetime
    opened_by_name: str
    float_cents: int
    closed_at: datetime | None
    closed_by_name: str | None
    counts: dict[int, int]
    counted_cents: int | None
    expected_cents: int | None
    difference_cents: int | None
    difference_reason: str | None
    approved_by_name: str | None

    @property
    def closed(self) -> bool:
        return self.status == CLOSED


@dataclass(frozen=True, slots=True)
class DrawerView:
    """A drawer with what it should hold now and what went in and out of it."""

    record: DrawerRecord
    figures: DrawerFigures
    cash_payments: int
    movements: tuple[DrawerMove, ...] = field(default=())

    @property
    def expected_cents(self) -> int:
        return self.figures.expected_cents
