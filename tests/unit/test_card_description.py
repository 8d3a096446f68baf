"""A card has one description, "Visa ending in 4242", on the screen, in the emails and on the PDF."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from oncopos.adapters.pdf.labels import Labels
from oncopos.domain.cards import card_description
from oncopos.domain.invoice import PaymentNote
from oncopos.services.emails import Business, payment_confirmation_email
from oncopos.services.refunds.mail import CreditNoteFacts, credit_note_email

PACKAGE = Path(__file__).resolve().parents[2] / "oncopos"
BUSINESS = Business(
    name="OncoOne Education", email="accounts@oncoone.example", phone="+1 416-555-0100",
    address="1 King St W, Toronto ON  M5H 1A1", timezone="America/Toronto",
    gst_hst_number="123456789RT0001", qst_number=None,
)
AT = datetime(2026, 11, 26, 15, 10, tzinfo=UTC)


@pytest.mark.parametrize(("brand", "last4", "locale", "interac", "expected"), [
    ("visa", "4242", "en-CA", False, "Visa ending in 4242"),
    ("visa", "4242", "fr-CA", False, "Visa se terminant par 4242"),
    ("amex", "0005", "en", False, "American Express ending in 0005"),
    ("mastercard", None, "en-CA", False, "Mastercard"),
    (None, None, "fr-CA", False, "Carte"),
    (None, "0001", "en-CA", True, "Interac ending in 0001"),
    ("somenewbrand", "1111", "en-CA", False, "Somenewbrand ending in 1111"),
])
def test_card_description(brand: str | None, last4: str | None, locale: str, interac: bool, expected: str) -> None:
    assert card_description(brand, last4, locale, interac=interac) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
def test_emails_and_documents_use_the_same_words(language: str) -> None:
    expected = card_description("visa", "4242", language)
    confirmation = payment_confirmation_email(
        business=BUSINESS, to="zoe@example.ca", language=language, student_name="Zoé", course_name="Skin care",
        amount_cents=56_500, tax_cents=6_500, paid_at=AT, card_brand="visa", card_last4="4242", balance_cents=0,
        invoice_number="DESK1-000123", invoice_pdf=None,
    )
    credit_note = credit_note_email(BUSINESS, CreditNoteFacts(
        to="zoe@example.ca", language=language, student_name="Zoé", course_name="Skin care", amount_cents=1_000,
        tax_cents=0, refunded_at=AT, card_brand="visa", card_last4="4242", credit_note_number="DESK1-000124",
        invoice_number="DESK1-000123", balance_cents=0,
    ), None)
    note = PaymentNote(method="card", card_brand="visa", card_last4="4242", reference=f"pi_{uuid.uuid4().hex}",
                       paid_before_cents=0, balance_after_cents=0)
    assert expected in confirmation.text and expected in credit_note.text
    assert Labels(language).method(note) == expected


def test_no_other_code_spells_a_card_out() -> None:
    """The screens (payment result, refund review) call card_description too: no second spelling."""
    spelled = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if p.name != "cards.py" and any(s in p.read_text(encoding="utf-8")
                                               for s in ("ending in {", "' ending in '", "se terminant par {"))]
    assert spelled == []
