"""Invoices, credit notes and receipts in the student's language, or both (DOCUMENT_LANGUAGE=bilingual);
a Quebec desk puts French first; a reprint reads as the original did."""

from __future__ import annotations

import io
from dataclasses import replace

import sqlalchemy as sa
from pypdf import PdfReader

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.people import Student
from tests.integration.invoice_helpers import MANAGER, World


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _desk(world: World, province: str, choice: str = "reader") -> None:
    world.service.setup = replace(world.service.setup, desk_province=province, document_choice=choice)


def test_a_quebec_desk_writes_an_english_students_documents_in_french_then_english(world: World) -> None:
    _desk(world, "QC")
    payment = world.payment(world.enrollment(province="QC", language="en"), 1_000_00)
    invoice = world.invoice_payment(payment)
    note = world.credit_refund(world.refund(payment, 200_00))
    text = _text(world.service.pdf_for(invoice))
    assert "FACTURE / INVOICE" in text and "Solde restant / Balance remaining" in text
    # The course's dates written out in each language, not 2027-01-12.
    assert "du 12 janvier 2027 au 20 mars 2027" in text and "January 12, 2027 to March 20, 2027" in text
    assert "2027-01-12" not in text
    credit = _text(world.service.pdf_for(note))
    assert "NOTE DE CRÉDIT / CREDIT NOTE" in credit and "Abandon du cours / Withdrawal from the course" in credit
    assert "Remboursement / Refund — Oncology Aesthetics Certificate" in credit
    assert "NOTE DE CRÉDIT / CREDIT" in _text(world.service.receipt_for(note))


def test_bilingual_documents_on_an_ontario_desk_put_the_students_language_first(world: World) -> None:
    _desk(world, "ON", "bilingual")
    payment = world.payment(world.enrollment(province="ON", language="en"), 500_00)
    text = _text(world.service.pdf_for(world.invoice_payment(payment)))
    assert "INVOICE / FACTURE" in text and "Balance remaining / Solde restant" in text


def test_one_language_when_the_desk_prints_the_readers(world: World) -> None:
    _desk(world, "ON")
    payment = world.payment(world.enrollment(province="ON", language="fr"), 500_00)
    text = _text(world.service.pdf_for(world.credit_refund(world.refund(payment, 100_00))))
    assert "NOTE DE CRÉDIT" in text and "CREDIT NOTE" not in text


def test_a_reprint_and_a_receipt_keep_the_language_the_document_was_issued_in(world: World) -> None:
    _desk(world, "ON")
    enrollment = world.enrollment(province="ON", language="fr")
    payment = world.payment(enrollment, 500_00)
    invoice = world.invoice_payment(payment)
    note = world.credit_refund(world.refund(payment, 100_00))
    first = {number: world.service.pdf_for(number) for number in (invoice, note)}
    with world.factory() as s, s.begin():  # the student now prefers English, and the desk prints both
        student_id = s.get(Enrollment, enrollment).student_id
        s.execute(sa.update(Student).where(Student.id == student_id).values(preferred_language="en"))
    _desk(world, "QC", "bilingual")
    for number in (invoice, note):
        assert world.service.reprint(MANAGER, number) == first[number]
        receipt = _text(world.service.receipt_for(number))
        assert "REÇU" in receipt or "NOTE DE CRÉDIT" in receipt
        assert "RECEIPT" not in receipt and "CREDIT NOTE" not in receipt
