"""What the services need from the outside world, as protocols the adapters (and fakes) fulfil."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # stores.py imports the mail records below: named here for the type checker only
    from oncopos.services.money_stores import (
        BooksStore,
        EndOfDayStore,
        InvoiceStore,
        PaymentHistoryStore,
        PaymentStore,
        PlanStore,
        RefundStore,
        StatementStore,
        TenderStore,
        TillStore,
    )
    from oncopos.services.stores import (
        ApprovalStore,
        AuditStore,
        AuditTrailReader,
        CatalogueStore,
        EnrollmentRecordStore,
        MailOutboxStore,
        OtpStore,
        OverpaymentStore,
        StaffStore,
        StudentRecordStore,
        StudentStore,
        TuitionStore,
    )

Clock = Callable[[], datetime]


class UnitOfWork(Protocol):
    """A transaction over every repository: rolled back on exit unless committed.

    `oncopos.adapters.db.uow.SqlUnitOfWork` satisfies it (mypy checks the assignment in
    bootstrap); each repository's protocol is in stores.py or money_stores.py.
    """

    # Read-only: a service uses the repositories, it never replaces them (and a read-only member
    # lets SqlUnitOfWork's concrete repositories satisfy it).
    @property
    def students(self) -> StudentStore: ...

    @property
    def student_records(self) -> StudentRecordStore: ...

    @property
    def catalogue(self) -> CatalogueStore: ...

    @property
    def enrollment_records(self) -> EnrollmentRecordStore: ...

    @property
    def staff(self) -> StaffStore: ...

    @property
    def approvals(self) -> ApprovalStore: ...

    @property
    def audit(self) -> AuditStore: ...

    @property
    def audit_log(self) -> AuditTrailReader: ...

    @property
    def otp(self) -> OtpStore: ...

    @property
    def mail_outbox(self) -> MailOutboxStore: ...

    @property
    def payments(self) -> PaymentStore: ...

    @property
    def invoices(self) -> InvoiceStore: ...

    @property
    def refunds(self) -> RefundStore: ...

    @property
    def payment_history(self) -> PaymentHistoryStore: ...

    @property
    def end_of_day(self) -> EndOfDayStore: ...

    @property
    def books(self) -> BooksStore: ...

    @property
    def overpayments(self) -> OverpaymentStore: ...

    @property
    def tenders(self) -> TenderStore: ...

    @property
    def till(self) -> TillStore: ...

    @property
    def plans(self) -> PlanStore: ...

    @property
    def statements(self) -> StatementStore: ...

    @property
    def tuition(self) -> TuitionStore: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None, /) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class SinVault(Protocol):
    """oncopos.adapters.secrets.sin_cipher.SinCipher: SINs sealed under the school's key in the keyring."""

    def seal(self, sin: str) -> str: ...

    def open(self, token: str) -> str: ...  # SinUnreadable when this desk lacks the key


# --- email ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str  # e.g. "application/pdf"
    data: bytes


@dataclass(frozen=True, slots=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    reply_to: str | None = None


@dataclass(frozen=True, slots=True)
class QueuedEmail:
    """A message in the durable outbox, as the delivery thread takes it."""

    id: uuid.UUID
    kind: str
    attempts: int
    message: OutgoingEmail


@dataclass(frozen=True, slots=True)
class OutboxStatus:
    """What the outbox holds, for the status bar and `oncopos mail status`."""

    pending: int
    failed: int  # gave up: needs a person (a refused address, a refused login)
    oldest_pending_at: datetime | None
    last_error: str | None


class Mailer(Protocol):
    """Sends one message now or raises a UserFacingError that says what failed (oncopos.adapters.mail)."""

    def send(self, message: OutgoingEmail) -> None: ...


# --- invoices ---------------------------------------------------------------------------------


class InvoiceIssuer(Protocol):
    """Invoices for payments (oncopos.services.invoices).

    `issue_for_payment` runs inside the payment's own unit of work, so the gap-free number is
    taken in the same transaction as the payment record; the PDF is rendered after the commit.
    """

    def issue_for_payment(self, uow: UnitOfWork, payment_id: uuid.UUID, actor: Any, *, unissued: bool = False) -> str: ...

    def pdf_for(self, invoice_number: str) -> bytes: ...

    # the credit note for a refund, in the refund's own unit of work (the caller commits).
    def issue_for_refund(self, uow: UnitOfWork, refund_id: uuid.UUID, actor: Any) -> str: ...


# --- what the invoice service needs to render, keep and print documents ---------------


class DocumentRenderer(Protocol):
    """Turns an oncopos.domain.invoice.InvoiceDocument into PDF bytes (oncopos.adapters.pdf);
    the same document must always give the same bytes."""

    def invoice(self, document: Any) -> bytes: ...

    def receipt(self, document: Any) -> bytes: ...


class DocumentStore(Protocol):
    """Write-once files under the documents folder (oncopos.adapters.pdf.store)."""

    def exists(self, relative: str) -> bool: ...

    def read(self, relative: str) -> bytes: ...

    def write_once(self, relative: str, data: bytes) -> None: ...


class Printer(Protocol):
    """Sends a PDF to a printer and returns the job id (oncopos.adapters.printing)."""

    def print_pdf(self, data: bytes, *, title: str, printer: str | None = None, media: str | None = None) -> str: ...


# --- central database -------------------------------------------------------------------------


class EnrollmentRefresher(Protocol):
    """Brings an enrollment's payments up to date from the central database (oncopos.adapters.sync).

    Returns True when the central database answered, False when it could not be reached (the
    desk goes on with what it has; the caller says so).
    """

    def refresh_enrollment(self, enrollment_id: uuid.UUID) -> bool: ...
