"""Invoices and credit notes issued in the payment's transaction, stored once, reprinted the same,
on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import io
import threading

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.audit import AuditEvent
from oncopos.adapters.db.models.invoices import Invoice, InvoiceCounter
from oncopos.adapters.db.models.payments import Payment, Refund
from oncopos.adapters.printing import LpPrinter, PrintError
from oncopos.domain.access import PermissionDenied
from oncopos.services.invoices import DocumentTampered, InvoiceVoided
from tests.integration.invoice_helpers import MANAGER, REGISTRAR, World


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def actions(world: World) -> list[tuple[str, str | None]]:
    with world.factory() as s:
        return [(e.action, e.subject_id) for e in s.scalars(sa.select(AuditEvent).order_by(AuditEvent.sequence))]


def test_partial_payments_are_invoiced_with_their_share_of_quebec_tax(world: World) -> None:
    enrollment = world.enrollment(province="QC")  # 3,450.00 + GST 172.50 + QST 344.14 = 3,966.64
    first = world.invoice_payment(world.payment(enrollment, 1_000_00))
    second_payment = world.payment(enrollment, 2_966_64, minutes=5)
    second = world.invoice_payment(second_payment)
    assert (first, second) == ("DESK1-000001", "DESK1-000002")
    with world.factory() as s:
        rows = s.scalars(sa.select(Invoice).order_by(Invoice.sequence)).all()
        by_name: dict[str, int] = {}
        for row in rows:
            assert row.total_cents == row.subtotal_cents + row.tax_cents
            for c in row.tax_components:
                by_name[c["name"]] = by_name.get(c["name"], 0) + c["amount_cents"]
        # Paid in full: the invoices' GST and QST add up to the enrollment's, to the cent.
        assert by_name == {"GST": 172_50, "QST": 344_14}
        assert s.get(Payment, second_payment).tax_cents == rows[1].tax_cents
    text = text_of(world.service.pdf_for(second))
    assert "Payé avant cette facture" in text and "1 000,00 $" in text
    assert "Solde restant" in text and "0,00 $" in text


def test_rolled_back_payment_gives_its_number_back(world: World) -> None:
    enrollment = world.enrollment()
    payment = world.payment(enrollment, 500_00)
    with world.uow() as uow:
        assert world.service.issue_for_payment(uow, payment, MANAGER) == "DESK1-000001"
        # no commit: the payment's transaction failed
    assert world.invoice_payment(payment) == "DESK1-000001"
    # Asking again (a retried reconciliation) returns the same invoice, not a new number.
    assert world.invoice_payment(payment) == "DESK1-000001"
    with world.factory() as s:
        assert s.get(InvoiceCounter, "DESK1").next_number == 2


def test_two_threads_allocating_at_once_get_every_number_once(engine: Engine, world: World) -> None:
    per_thread, taken, errors = 15, [], []
    start = threading.Barrier(2)

    def allocate() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                with world.uow() as uow:
                    _seq, number = uow.invoices.next_number("DESK1")
                    uow.commit()
                taken.append(number)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert sorted(taken) == [f"DESK1-{n:06d}" for n in range(1, 2 * per_thread + 1)]


def test_a_voided_number_is_kept_with_its_reason_and_never_reused(world: World) -> None:
    enrollment = world.enrollment()
    number = world.invoice_payment(world.payment(enrollment, 300_00))
    with pytest.raises(PermissionDenied):
        world.service.void(REGISTRAR, number, "issued to the wrong student")
    world.service.void(MANAGER, number, "issued to the wrong student")
    with pytest.raises(InvoiceVoided, match="already void"):
        world.service.void(MANAGER, number, "again, by mistake")
    following = world.invoice_payment(world.payment(enrollment, 200_00, minutes=1))
    assert following == "DESK1-000002"
    record = world.service.record(number)
    assert (record.status, record.void_reason) == ("void", "issued to the wrong student")
    assert ("invoice.voided", number) in actions(world)
    with pytest.raises(InvoiceVoided):
        world.service.email(MANAGER, number)


def test_credit_notes_reverse_exactly_the_tax_of_the_payment(world: World) -> None:
    enrollment = world.enrollment(province="QC")
    payment = world.payment(enrollment, 1_234_57)
    original = world.invoice_payment(payment)
    with world.factory() as s:
        invoice = s.scalars(sa.select(Invoice).where(Invoice.number == original)).one()
        original_taxes = {c["name"]: c["amount_cents"] for c in invoice.tax_components}
    first = world.credit_refund(world.refund(payment, 333_33))
    rest = world.refund(payment, 1_234_57 - 333_33)
    second = world.credit_refund(rest)
    reversed_: dict[str, int] = {}
    with world.factory() as s:
        notes = s.scalars(sa.select(Invoice).where(Invoice.kind == "credit_note").order_by(Invoice.sequence)).all()
        assert [n.number for n in notes] == [first, second] == ["DESK1-000002", "DESK1-000003"]
        for note in notes:
            assert note.original_invoice_id == invoice.id
            for c in note.tax_components:
                reversed_[c["name"]] = reversed_.get(c["name"], 0) + c["amount_cents"]
        assert s.get(Refund, rest).tax_cents == notes[1].tax_cents
    assert reversed_ == original_taxes  # partial + the rest = the invoice's GST and QST exactly
    text = text_of(world.service.pdf_for(first))
    assert "Note de crédit" in text and original in text and "Abandon du cours" in text


def test_pdf_is_written_once_and_reprints_byte_for_byte(world: World) -> None:
    number = world.invoice_payment(world.payment(world.enrollment(), 750_00))
    first = world.service.pdf_for(number)
    record = world.service.record(number)
    assert record.pdf_sha256 == hashlib.sha256(first).hexdigest()
    assert (world.store.root / record.pdf_path).read_bytes() == first
    assert world.service.reprint(MANAGER, number) == first
    with pytest.raises(PermissionDenied):
        world.service.reprint(REGISTRAR, number)
    assert ("invoice.reprinted", number) in actions(world)
    # The file lost: rendered again from the record, and it is the same document.
    (world.store.root / record.pdf_path).unlink()
    assert world.service.pdf_for(number) == first


def test_a_changed_pdf_is_detected(world: World) -> None:
    number = world.invoice_payment(world.payment(world.enrollment(), 750_00))
    data = world.service.pdf_for(number)
    path = world.store.root / world.service.record(number).pdf_path
    middle = len(data) // 2
    path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :])  # one bit flipped
    with pytest.raises(DocumentTampered, match="does not match the one issued"):
        world.service.reprint(MANAGER, number)


def test_email_sends_the_stored_pdf_in_the_students_language(world: World) -> None:
    number = world.invoice_payment(world.payment(world.enrollment(language="fr"), 400_00))
    assert world.service.email(REGISTRAR, number).endswith("@example.ca")
    (message,) = world.mailer.sent
    assert message.subject == f"Votre facture {number} de OncoOne Education"
    assert "Émilie Bérubé-Lévesque" in message.text and "400,00" in message.text
    (attachment,) = message.attachments
    assert attachment.content_type == "application/pdf"
    assert attachment.data == world.service.pdf_for(number)
    assert ("invoice.emailed", number) in actions(world)


def test_print_sends_letter_or_receipt_and_says_when_no_printer_exists(world: World) -> None:
    number = world.invoice_payment(world.payment(world.enrollment(), 400_00, brand="interac"))
    assert world.service.print_document(REGISTRAR, number, layout="receipt") == "desk-1"
    job = world.printer.jobs[0]
    assert job["media"] == "Custom.80x297mm" and "Interac" in text_of(job["data"])
    world.service.print_document(REGISTRAR, number, layout="a4")
    assert world.printer.jobs[1]["data"] == world.service.pdf_for(number)
    with pytest.raises(PrintError, match="CUPS printing system is not installed"):
        LpPrinter(command="no-such-lp-command").print_pdf(b"%PDF", title=number)


def test_history_lists_invoices_and_credit_notes_of_a_student(world: World) -> None:
    enrollment = world.enrollment()
    payment = world.payment(enrollment, 600_00)
    number = world.invoice_payment(payment)
    note = world.credit_refund(world.refund(payment, 100_00))
    with world.factory() as s:
        student_id = s.scalars(sa.select(Invoice.student_id).where(Invoice.number == number)).one()
    history = world.service.history(REGISTRAR, student_id)
    assert [(h.number, h.kind, h.original_number) for h in history] == [
        (note, "credit_note", number), (number, "invoice", None)
    ]


def test_email_goes_through_the_mail_outbox_when_the_desk_has_one(world: World) -> None:
    from oncopos.adapters.mail import MailOutbox

    outbox = world.outbox = MailOutbox(world.uow, world.mailer, world.clock)
    number = world.invoice_payment(world.payment(world.enrollment(language="en"), 400_00))
    world.service.email(REGISTRAR, number, to="parent@example.ca")
    assert world.mailer.sent == []  # queued in the database, not sent inside the click
    report = outbox.deliver_pending()
    assert len(report.sent) == 1
    (message,) = world.mailer.sent
    assert message.to == "parent@example.ca" and message.subject == f"Your invoice {number} from OncoOne Education"
    assert message.attachments[0].data == world.service.pdf_for(number)
