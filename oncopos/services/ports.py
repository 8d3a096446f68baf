"""What the services need from the outside world, as protocols the adapters (and fakes) fulfil."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol

from oncopos.domain.access import Actor
from oncopos.services.records import EnrollmentSummary, StudentSummary

Clock = Callable[[], datetime]


class StudentReader(Protocol):
    def search(self, terms: Sequence[str], limit: int) -> list[StudentSummary]: ...

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


class AuditRecorder(Protocol):
    def record(self, actor: Actor, action: str, *, at: datetime, subject_type: str | None = None,
               subject_id: str | uuid.UUID | None = None, details: dict[str, Any] | None = None) -> object: ...


class UnitOfWork(Protocol):
    """A transaction: rolled back on exit unless committed."""

    # Read-only: a service uses the repositories, it never replaces them (and a read-only member
    # lets SqlUnitOfWork's concrete repositories satisfy it).
    @property
    def students(self) -> StudentReader: ...

    @property
    def audit(self) -> AuditRecorder: ...

    def __enter__(self) -> UnitOfWork: ...

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None, /) -> None: ...

    def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


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


class Mailer(Protocol):
    """Sends one message now or raises a UserFacingError that says what failed (oncopos.adapters.mail)."""

    def send(self, message: OutgoingEmail) -> None: ...


# --- invoices ---------------------------------------------------------------------------------


class InvoiceIssuer(Protocol):
    """Invoices for payments (oncopos.services.invoices).

    `issue_for_payment` runs inside the payment's own unit of work, so the gap-free number is
    taken in the same transaction as the payment record; the PDF is rendered after the commit.
    """

    def issue_for_payment(self, uow: Any, payment_id: uuid.UUID, actor: Any) -> str: ...

    def pdf_for(self, invoice_number: str) -> bytes: ...

    # the credit note for a refund, in the refund's own unit of work (the caller commits).
    def issue_for_refund(self, uow: Any, refund_id: uuid.UUID, actor: Any) -> str: ...


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
