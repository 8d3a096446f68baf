"""A cash payment's invoice and receipt say what the student handed over and the change given, as every
till receipt does; other tenders say neither. The real tender and invoice services over SQLite and
PostgreSQL, read back from the PDFs the student gets."""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.engine import Engine

from oncopos.adapters.db.models.enrollments import Enrollment
from oncopos.adapters.db.models.invoices import Invoice
from oncopos.adapters.db.models.people import Student
from oncopos.domain.money import format_cents
from oncopos.domain.tender import CashTender, ChequeTender, SplitPart, Tender
from tests.conftest import FixedClock
from tests.integration.invoice_helpers import World
from tests.integration.tender_support import REGISTRAR, TenderDesk, tender_desk

WORDS = {"en": ("Cash tendered", "Change"), "fr": ("Montant remis", "Monnaie rendue")}


@pytest.fixture
def desk(engine: Engine, clock: FixedClock, tmp_path: Path) -> TenderDesk:
    desk = tender_desk(engine, clock, tmp_path / "desk")
    desk.till.open_drawer(REGISTRAR, 10_000)
    return desk


def words(pdf: bytes) -> str:
    """The text a reader sees, no-break spaces as plain ones, on one line."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages).replace("\u00a0", " ").split())


def enrollment_for(desk: TenderDesk, language: str, price_cents: int = 16_500) -> uuid.UUID:
    """An Ontario course ($165.00 + 13 % HST = $186.45) for a student reading `language`."""
    enrollment = desk.enrollment(price_cents=price_cents)
    with desk.factory() as s, s.begin():
        student_id = s.scalar(sa.select(Enrollment.student_id).where(Enrollment.id == enrollment))
        s.execute(sa.update(Student).where(Student.id == student_id).values(preferred_language=language))
    return enrollment


def documents(desk: TenderDesk, payment_id: uuid.UUID) -> tuple[dict[str, object], str, str]:
    invoice = desk.invoice_of(payment_id)
    assert invoice.document is not None
    return (invoice.document["payment"], words(desk.invoices.pdf_for(invoice.number)),
            words(desk.invoices.receipt_for(invoice.number)))


@pytest.mark.parametrize(("language", "tendered", "change"), [("en", "$200.00", "$13.55"),
                                                               ("fr", "200,00 $", "13,55 $")])
def test_a_cash_payment_shows_what_was_tendered_and_the_change(desk: TenderDesk, language: str, tendered: str,
                                                               change: str) -> None:
    enrollment = enrollment_for(desk, language)
    taken = desk.tenders.take(REGISTRAR, enrollment, 18_645, CashTender(20_000))
    assert taken.change_cents == 13_55
    payment, invoice, receipt = documents(desk, taken.payment_id)
    assert (payment["tendered_cents"], payment["change_cents"]) == (20_000, 13_55)
    said, given = WORDS[language]
    for text in (invoice, receipt):
        assert f"{said} {tendered}" in text and f"{given} {change}" in text
    # Under what was paid, above where the enrollment stands: the order of the till's receipt.
    assert invoice.index(said) < invoice.index(given) < invoice.index("Paid before" if language == "en" else "Payé avant")


def test_exact_change_shows_the_amount_handed_over_and_no_change_given(desk: TenderDesk) -> None:
    enrollment = enrollment_for(desk, "fr")
    taken = desk.tenders.take(REGISTRAR, enrollment, 18_645, CashTender(18_645))
    _payment, invoice, receipt = documents(desk, taken.payment_id)
    for text in (invoice, receipt):
        assert "Montant remis 186,45 $" in text and "Monnaie rendue 0,00 $" in text


def test_a_split_shows_the_change_on_its_cash_parts_document_only(desk: TenderDesk) -> None:
    enrollment = enrollment_for(desk, "en", price_cents=100_000)  # $1,130.00
    split = desk.tenders.record_split(REGISTRAR, enrollment, 60_000, [
        SplitPart(40_000, Tender.CHEQUE, ChequeTender("000123", "RBC Royal Bank", desk.tenders.today())),
        SplitPart(20_000, Tender.CASH, CashTender(25_000)),
    ])
    by_tender = {part.tender: part for part in split.parts}
    cash_payment, cash_invoice, cash_receipt = documents(desk, by_tender["cash"].payment_id)
    assert (cash_payment["tendered_cents"], cash_payment["change_cents"]) == (25_000, 5_000)
    for text in (cash_invoice, cash_receipt):
        assert "Cash tendered $250.00" in text and "Change $50.00" in text
    cheque_payment, cheque_invoice, cheque_receipt = documents(desk, by_tender["cheque"].payment_id)
    assert "tendered_cents" not in cheque_payment and "change_cents" not in cheque_payment
    for text in (cheque_invoice, cheque_receipt):
        assert "Cash tendered" not in text and "Change" not in text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_card_payment_shows_neither(engine: Engine, clock: FixedClock, tmp_path: Path, language: str) -> None:
    world = World(engine, clock, tmp_path / "documents")
    number = world.invoice_payment(world.payment(world.enrollment(language=language), 1_000_00))
    with world.factory() as s:
        stored = s.scalar(sa.select(Invoice.document).where(Invoice.number == number))
    assert stored is not None and "tendered_cents" not in stored["payment"]  # the data card documents always had
    for text in (words(world.service.pdf_for(number)), words(world.service.receipt_for(number))):
        assert not any(word in text for pair in WORDS.values() for word in pair)


ROUNDING_WORDS = {"en": "Cash rounding", "fr": "Arrondi au comptant"}


@pytest.mark.parametrize(("language", "price_cents", "owed", "rounding", "change"), [
    # $165.02 + 13 % HST = $186.47: the drawer takes $186.45 (down 2 cents)
    ("en", 16_502, "$186.47", "\u2212$0.02", "$13.55"),
    ("fr", 16_502, "186,47 $", "\u22120,02 $", "13,55 $"),
    # $165.03 + 13 % HST = $186.48: the drawer takes $186.50 (up 2 cents)
    ("en", 16_503, "$186.48", "+$0.02", "$13.50"),
    ("fr", 16_503, "186,48 $", "+0,02 $", "13,50 $"),
])
def test_a_rounded_cash_payment_shows_the_rounding_between_what_was_paid_and_what_was_tendered(
        desk: TenderDesk, language: str, price_cents: int, owed: str, rounding: str, change: str) -> None:
    enrollment = enrollment_for(desk, language, price_cents=price_cents)
    assert format_cents(desk.balance(enrollment), "fr-CA" if language == "fr" else "en-CA").replace("\u00a0", " ") == owed
    taken = desk.tenders.take(REGISTRAR, enrollment, desk.balance(enrollment), CashTender(20_000))
    payment, invoice, receipt = documents(desk, taken.payment_id)
    # Paid now is the amount owed, to the cent, as the ledger applies it; the rounding is the drawer's.
    assert payment["rounding_cents"] == taken.due_cents - taken.amount_cents
    assert taken.amount_cents + payment["rounding_cents"] + payment["change_cents"] == payment["tendered_cents"] == 20_000
    assert payment["balance_after_cents"] == 0 and desk.balance(enrollment) == 0  # the cents rounded are not owed
    said, given = WORDS[language]
    word = ROUNDING_WORDS[language]
    tendered = "$200.00" if language == "en" else "200,00 $"
    for text in (invoice, receipt):
        assert f"{word} {rounding}" in text and f"{said} {tendered}" in text and f"{given} {change}" in text
        # What was paid (the total, to the cent), then the rounding, then the till's two figures.
        assert text.index(owed) < text.index(word) < text.index(said) < text.index(given)
    paid_now = "Paid now" if language == "en" else "Payé maintenant"
    assert invoice.index(paid_now) < invoice.index(word)


@pytest.mark.parametrize(("language", "amount_cents"), [("en", 18_645), ("fr", 18_645), ("en", 18_640), ("fr", 18_640)])
def test_no_rounding_row_when_the_amount_ends_in_0_or_5(desk: TenderDesk, language: str, amount_cents: int) -> None:
    enrollment = enrollment_for(desk, language)
    taken = desk.tenders.take(REGISTRAR, enrollment, amount_cents, CashTender(20_000))
    payment, invoice, receipt = documents(desk, taken.payment_id)
    assert "rounding_cents" not in payment  # the data a cash document had before the rounding was printed
    for text in (invoice, receipt):
        assert ROUNDING_WORDS[language] not in text and WORDS[language][0] in text


def test_a_cheque_is_never_rounded_on_its_documents(desk: TenderDesk) -> None:
    enrollment = enrollment_for(desk, "fr", price_cents=16_502)
    taken = desk.tenders.take(REGISTRAR, enrollment, 18_647,
                              ChequeTender("000124", "Desjardins", desk.tenders.today()))
    payment, invoice, receipt = documents(desk, taken.payment_id)
    assert "rounding_cents" not in payment
    for text in (invoice, receipt):
        assert "Arrondi" not in text and "186,47 $" in text
