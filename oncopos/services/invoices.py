"""Issuing invoices and credit notes, and giving back exactly the PDF that was issued.

- `issue_for_payment` / `issue_for_refund` run inside the caller's unit of work: the number, the
  invoice row, the payment's (refund's) tax and the audit event commit or roll back together, so
  a number is never lost or taken twice. A payment's success is committed before its invoice is
  issued (services/payments/recording.py), so a numbering failure never loses a charge.
- `pdf_for` runs after the commit: it renders the stored document once, writes it under the
  documents folder and records its SHA-256. Later calls return the stored bytes after checking
  that hash; if the file is gone, the document is rendered again from the record (the renderer is
  deterministic) and accepted only if it hashes the same.
- Reprints, voids, prints and emails are staff actions: permission-checked and audited.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.domain.access import Actor, Permission
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.invoice import Business, InvoiceDocument, missing_required
from oncopos.domain.messages import msg, status_name
from oncopos.services.guard import open_to_all, requires
from oncopos.services.invoice_documents import (
    Issue,
    credit_note_document,
    invoice_document,
    refund_line_splits,
    split_parts,
    split_payment,
    split_refund,
)
from oncopos.services.invoice_mail import invoice_email
from oncopos.services.invoice_records import InvoiceRecord, InvoiceSummary
from oncopos.services.ports import DocumentRenderer, DocumentStore, Mailer, Printer

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class DocumentTampered(UserFacingError):
    """The stored PDF no longer matches the hash recorded when it was issued."""


class InvoiceVoided(UserFacingError):
    """An action that only makes sense for a valid invoice was asked for a voided one."""


@dataclass(frozen=True)
class InvoiceSetup:
    business: Business
    series: str
    tz: ZoneInfo
    receipt_printer: str | None = None  # RECEIPT_PRINTER: where receipts go unless staff pick one
    desk_province: str = ""  # BUSINESS_PROVINCE: a Quebec desk prints French first
    document_choice: str = "reader"  # DOCUMENT_LANGUAGE: the student's language, or both


def setup_from_settings(settings: Any) -> InvoiceSetup:
    """BUSINESS_* (logo included), GST_HST_NUMBER, QST_NUMBER, INVOICE_SERIES, BUSINESS_TIMEZONE,
    RECEIPT_PRINTER, BUSINESS_PROVINCE and DOCUMENT_LANGUAGE (oncopos.config)."""
    business = Business(
        name=settings.business_name, address=settings.business_address, phone=settings.business_phone,
        email=settings.business_email, gst_hst_number=settings.gst_hst_number, qst_number=settings.qst_number,
        logo_base64=_logo(getattr(settings, "business_logo", None)),
    )
    return InvoiceSetup(business, settings.invoice_series, settings.tz, getattr(settings, "receipt_printer", None),
                        desk_province=getattr(settings, "business_province", ""),
                        document_choice=getattr(settings, "document_language", "reader"))


MAX_LOGO_BYTES = 512 * 1024  # a logo travels inside every invoice's snapshot: keep it small


def _logo(path: Path | None) -> str | None:
    """BUSINESS_LOGO's bytes for the snapshot; a missing or oversized file is logged and skipped:
    an invoice without the school's logo is still a valid invoice, a failed payment record is not."""
    if path is None:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        log.warning("BUSINESS_LOGO %s cannot be read (%s): invoices use the drawn mark", path, exc)
        return None
    if len(data) > MAX_LOGO_BYTES:
        log.warning("BUSINESS_LOGO %s is %d bytes, over %d: invoices use the drawn mark", path, len(data), MAX_LOGO_BYTES)
        return None
    return base64.b64encode(data).decode("ascii")


class InvoiceService:
    """The InvoiceIssuer port, and the staff actions on invoices. Thread-safe: no shared state."""

    def __init__(
        self,
        uow_factory: Callable[[], object],
        setup: InvoiceSetup,
        *,
        renderer: DocumentRenderer,
        store: DocumentStore,
        clock: Clock,
        mailer: Callable[[], Mailer | None] = lambda: None,
        printer: Printer | None = None,
        outbox: Callable[[], Any] = lambda: None,
    ) -> None:
        self._uow = uow_factory
        self.setup = setup
        self._renderer = renderer
        self._store = store
        self._clock = clock
        # A provider, not a mailer: the mail backend may be configured after this service is built.
        self._mailer = mailer
        self._printer = printer
        # The mail outbox (oncopos.adapters.mail.MailOutbox) when the desk has one: retries while the
        # mail server is down. Without it the message is sent at once through the mailer.
        self._outbox = outbox

    # --- issuing (inside the caller's transaction) ----------------------------------------------

    @open_to_all("runs inside the caller's unit of work; the calling service method is guarded")
    def issue_for_payment(self, uow: object, payment_id: uuid.UUID, actor: Actor, *, unissued: bool = False) -> str:
        """`unissued`: the caller read, under the payment's lock in this unit of work, that it has no invoice."""
        repo = uow.invoices  # type: ignore[attr-defined]
        existing = None if unissued else repo.find_for_payment(payment_id)
        if existing is not None:
            return existing.number  # a retried call (recovery) must not take a second number
        facts = repo.payment_facts(payment_id, self.setup.tz)
        if facts.status != "succeeded":
            raise InvalidInput(msg("invoice.not_succeeded", payment=str(payment_id), status=status_name("payment", facts.status)))
        split = split_payment(facts)
        if split.clamped:
            log.warning("payment %s: more was collected than the enrollment costs; a manager should refund", payment_id)
        self._catch_up_counter(uow, actor)
        sequence, number = repo.next_number(self.setup.series)
        document = invoice_document(self._issue(number), facts, split)
        self._add(uow, document, sequence, actor, student_id=facts.student.id, payment_id=payment_id)
        repo.set_payment_tax(payment_id, split.tax_cents)
        if facts.parts:
            repo.set_part_taxes(payment_id, [(part.enrollment.id, line.tax_cents)
                                             for part, line in zip(facts.parts, split_parts(facts), strict=True)])
        log.info("payment %s: invoice %s issued for %d cents (tax %d)", payment_id, number, split.total_cents, split.tax_cents)
        return number

    @open_to_all("runs inside the caller's unit of work; the calling service method is guarded")
    def issue_for_refund(self, uow: object, refund_id: uuid.UUID, actor: Actor) -> str:
        repo = uow.invoices  # type: ignore[attr-defined]
        existing = repo.find_for_refund(refund_id)
        if existing is not None:
            return existing.number
        facts = repo.refund_facts(refund_id, self.setup.tz)
        if facts.status == "failed":
            raise InvalidInput(msg("invoice.refund_failed", refund=str(refund_id)))
        split = split_refund(facts)
        self._catch_up_counter(uow, actor)
        sequence, number = repo.next_number(self.setup.series)
        document = credit_note_document(self._issue(number), facts, split)
        original_id = repo.id_of(facts.original.number) if facts.original else None
        self._add(
            uow, document, sequence, actor, student_id=facts.payment.student.id, payment_id=facts.payment.id,
            refund_id=refund_id, original_invoice_id=original_id,
        )
        repo.set_refund_tax(refund_id, split.tax_cents)
        if facts.parts:
            repo.set_refund_part_taxes(refund_id, [(e.id, line.tax_cents) for e, line in refund_line_splits(facts)])
        log.info("payment %s: credit note %s for refund %s, tax reversed %d", facts.payment.id, number, refund_id,
                 split.tax_cents)
        return number

    def _catch_up_counter(self, uow: object, actor: Actor) -> None:
        """Before taking a number: the series counter must be past every number already known
        here for the series (a reinstalled desk gets its invoices back by sync, not its counter).
        A move is logged and audited with where the counter was and where it went, so the jump is
        explained; the numbers jumped over are on invoices this desk already holds."""
        moved = uow.invoices.move_past_known(self.setup.series)  # type: ignore[attr-defined]
        if moved is None:
            return
        before, after = moved
        log.warning("invoice series %s: counter was at %d but numbers up to %d are already used; moved to %d",
                    self.setup.series, before, after - 1, after)
        uow.audit.record(  # type: ignore[attr-defined]
            actor, "invoice.counter_advanced", at=self._clock(), subject_type="invoice_series",
            subject_id=self.setup.series,
            details={"from": before, "to": after, "reason": "numbers already used on invoices held by this desk"},
        )

    def _issue(self, number: str) -> Issue:
        return Issue(number, self._clock(), self.setup.tz, self.setup.business, self.setup.desk_province,
                     self.setup.document_choice)

    def _add(self, uow: object, doc: InvoiceDocument, sequence: int, actor: Actor, **links: object) -> None:
        missing = missing_required(doc)
        if missing:
            # The money has moved, so the document is issued anyway; the gap is logged and audited
            # so a manager completes the settings before the next one.
            log.warning("%s %s lacks %s (fix the settings)", doc.kind, doc.number, ", ".join(missing))
        uow.invoices.add(  # type: ignore[attr-defined]
            number=doc.number, series=self.setup.series, sequence=sequence, kind=doc.kind, issued_at=doc.issued_at,
            status="issued", subtotal_cents=doc.subtotal_cents, tax_cents=doc.tax_cents, total_cents=doc.total_cents,
            document=doc.to_dict(),
            tax_components=[{"name": t.name, "rate": t.rate, "amount_cents": t.amount_cents} for t in doc.taxes],
            **links,
        )
        uow.audit.record(  # type: ignore[attr-defined]
            actor, f"{doc.kind}.issued", at=doc.issued_at, subject_type=doc.kind, subject_id=doc.number,
            details={"total_cents": doc.total_cents, "tax_cents": doc.tax_cents, "original": doc.original_number,
                     "missing_fields": missing},
        )

    # --- documents (after the commit) ------------------------------------------------------------

    @open_to_all("renders a document already issued; reached through the guarded reprint, email and print calls")
    def pdf_for(self, invoice_number: str) -> bytes:
        """The invoice or credit note as issued: written once, then always the same bytes."""
        record = self._record(invoice_number)
        document = self._document(record)
        if record.pdf_path and record.pdf_sha256:
            if self._store.exists(record.pdf_path):
                data = self._store.read(record.pdf_path)
                self._check(record, data, "stored file")
                return data
            # The file was lost (disk replaced, folder restored from an old backup): the record
            # renders the same bytes again, which the recorded hash proves.
            data = self._renderer.invoice(document)
            self._check(record, data, "re-rendered document")
            self._store.write_once(record.pdf_path, data)
            log.warning("%s: PDF was missing and was rebuilt from the record (hash verified)", record.number)
            return data
        data = self._renderer.invoice(document)
        # One folder per series: a desk's documents stay together, and numbers never collide.
        path = f"{record.number.rsplit('-', 1)[0]}/{record.number}.pdf"
        self._store.write_once(path, data)
        digest = hashlib.sha256(data).hexdigest()
        with self._uow() as uow:  # type: ignore[attr-defined]
            uow.invoices.set_pdf(record.number, path, digest)
            uow.commit()
        return data

    @open_to_all("renders a receipt already issued; reached through the guarded print call and the command line")
    def receipt_for(self, invoice_number: str) -> bytes:
        """The 80 mm receipt, rendered from the stored document (the invoice stays the record)."""
        return self._renderer.receipt(self._document(self._record(invoice_number)))

    @open_to_all("an invoice looked up by its number for the command line, which runs as the desk's own OS account")
    def record(self, invoice_number: str) -> InvoiceRecord:
        return self._record(invoice_number)

    @requires(Permission.SEARCH_STUDENTS)
    def history(self, actor: Actor, student_id: uuid.UUID) -> list[InvoiceSummary]:
        with self._uow() as uow:  # type: ignore[attr-defined]
            return uow.invoices.for_student(student_id)

    def _record(self, number: str) -> InvoiceRecord:
        with self._uow() as uow:  # type: ignore[attr-defined]
            return uow.invoices.get(number.strip().upper())

    @staticmethod
    def _document(record: InvoiceRecord) -> InvoiceDocument:
        if not record.document:
            raise UserFacingError(
                msg("invoice.no_document", number=record.number)
            )
        return InvoiceDocument.from_dict(record.document)

    @staticmethod
    def _check(record: InvoiceRecord, data: bytes, what: str) -> None:
        digest = hashlib.sha256(data).hexdigest()
        if digest != record.pdf_sha256:
            log.error("%s: %s hash %s does not match the recorded %s", record.number, what, digest, record.pdf_sha256)
            raise DocumentTampered(
                msg("invoice.tampered", number=record.number)
            )

    # --- staff actions ---------------------------------------------------------------------------

    @requires(Permission.REPRINT)
    def reprint(self, actor: Actor, number: str) -> bytes:
        data = self.pdf_for(number)
        self._audit(actor, "invoice.reprinted", number, {})
        return data

    @requires(Permission.VOID)
    def void(self, actor: Actor, number: str, reason: str) -> None:
        reason = " ".join(reason.split())
        if len(reason) < 5:
            raise InvalidInput(msg("invoice.void_reason"),
                               field="reason")
        with self._uow() as uow:  # type: ignore[attr-defined]
            record = uow.invoices.get(number.strip().upper())
            if record.status == "void":
                raise InvoiceVoided(msg("invoice.already_void", number=record.number, reason=record.void_reason or ""))
            now = self._clock()
            uow.invoices.void(record.number, reason, now, actor.staff_id)
            uow.audit.record(actor, f"{record.kind}.voided", at=now, subject_type=record.kind, subject_id=record.number,
                             details={"reason": reason, "total_cents": record.total_cents})
            uow.commit()
        log.info("%s voided", record.number)

    @requires(Permission.EMAIL_INVOICE)
    def email(self, actor: Actor, number: str, to: str | None = None) -> str:
        """Email the PDF to the student (or `to`); returns the address it went to."""
        outbox, mailer = self._outbox(), self._mailer()
        if outbox is None and mailer is None:
            raise UserFacingError(msg("invoice.no_mail"))
        record = self._record(number)
        if record.status == "void":
            raise InvoiceVoided(msg("invoice.void_not_sent", number=record.number, reason=record.void_reason or ""))
        document = self._document(record)
        message = invoice_email(document, self.pdf_for(record.number), to=to)
        if outbox is not None:
            with self._uow() as uow:  # type: ignore[attr-defined]
                outbox.enqueue(uow, message, kind=f"{record.kind}_copy")
                uow.audit.record(actor, "invoice.emailed", at=self._clock(), subject_type="invoice",
                                 subject_id=record.number, details={"to_student": to is None, "queued": True})
                uow.commit()
            return message.to
        assert mailer is not None  # an outbox or a mailer: checked above
        mailer.send(message)
        self._audit(actor, "invoice.emailed", record.number, {"to_student": to is None, "queued": False})
        return message.to

    @requires(Permission.PRINT_INVOICE)
    def print_document(self, actor: Actor, number: str, *, layout: str = "letter", printer: str | None = None) -> str:
        """Print the invoice (Letter or A4 paper) or the 80 mm receipt; returns the print job id."""
        if self._printer is None:
            raise UserFacingError(msg("invoice.no_printer"))
        record = self._record(number)
        if record.status == "void":
            raise InvoiceVoided(msg("invoice.void_not_printed", number=record.number, reason=record.void_reason or ""))
        if layout == "receipt":
            data, media = self.receipt_for(record.number), "Custom.80x297mm"
            printer = printer or self.setup.receipt_printer
        elif layout in ("letter", "a4"):
            data, media = self.pdf_for(record.number), ("A4" if layout == "a4" else "Letter")
        else:
            raise InvalidInput(msg("invoice.unknown_layout", layout=repr(layout)), field="layout")
        job = self._printer.print_pdf(data, title=record.number, printer=printer, media=media)
        self._audit(actor, "invoice.printed", record.number, {"layout": layout, "printer": printer, "job": job})
        return job

    def _audit(self, actor: Actor, action: str, number: str, details: dict[str, object]) -> None:
        with self._uow() as uow:  # type: ignore[attr-defined]
            uow.audit.record(actor, action, at=self._clock(), subject_type="invoice", subject_id=number, details=details)
            uow.commit()
