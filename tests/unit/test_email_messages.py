"""The emails, rendered from the real templates, in English and French."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from oncopos.domain.money import NBSP
from oncopos.services.email_templates import format_datetime, language_of
from oncopos.services.emails import (
    Business,
    one_time_code_email,
    payment_confirmation_email,
    payment_failed_email,
    payment_link_email,
    payment_notice_email,
)

BUSINESS = Business(
    name="OncoOne Éducation", email="comptes@oncoone.example", phone="+1 514-555-0100",
    address="1200 rue Sainte-Catherine O., Montréal QC  H3B 1K9", timezone="America/Toronto",
    gst_hst_number="123456789RT0001", qst_number="1234567890TQ0001",
)
# 15:10 UTC is 10:10 in Toronto (EST, UTC-5) on 26 November.
AT = datetime(2026, 11, 26, 15, 10, tzinfo=UTC)


def code_email(language: str, **changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "business": BUSINESS, "to": "zoe.cote@example.ca", "language": language, "student_name": "Zoé", "code": "049381",
        "amount_cents": 123_450, "course_name": "Maquillage médical avancé", "desk": "DESK1", "expires_at": AT,
        "expiry_minutes": 10,
    }
    values.update(changes)
    return one_time_code_email(**values)  # type: ignore[arg-type]


def test_code_email_in_english_names_amount_course_desk_expiry_and_what_to_do() -> None:
    message = code_email("en")
    assert message.subject == "Your code to confirm a payment of $1,234.50"
    for part in (message.text, message.html):
        assert "049381" in part
        assert "$1,234.50" in part
        assert "Maquillage médical avancé" in part
        assert "DESK1" in part
        assert "expires at 10:10 a.m., 10 minutes after it was sent." in part
        assert "a.m.." not in part
        assert "If you did not ask for this" in part and "tell the staff" in part
    assert message.reply_to is None, "a reply would carry the code back"


def test_code_email_in_french_with_accents_and_canadian_french_money() -> None:
    message = code_email("fr")
    amount = f"1{NBSP}234,50{NBSP}$"
    assert message.subject == f"Votre code pour confirmer un paiement de {amount}"
    for part in (message.text, message.html):
        assert "Bonjour Zoé" in part
        assert amount in part
        assert "expire dans 10 minutes, à 10 h 10" in part
        assert "Si vous n’avez rien demandé" in part and "prévenez le personnel" in part
    assert 'lang="fr"' in message.html and "TPS/TVH 123456789RT0001" in message.html and "TVQ" in message.html


def test_names_cannot_inject_html_or_headers() -> None:
    message = code_email("en", student_name="<script>alert(1)</script>", course_name="A & B <i>")
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html
    assert "A &amp; B &lt;i&gt;" in message.html
    assert "<script>alert(1)</script>" in message.text, "plain text is not escaped"
    assert "\n" not in message.subject


def test_confirmation_attaches_the_invoice_and_says_paid_in_full() -> None:
    message = payment_confirmation_email(
        business=BUSINESS, to="zoe@example.ca", language="fr", student_name="Zoé", course_name="Soins esthétiques",
        amount_cents=56_500, tax_cents=6_500, paid_at=AT, card_brand="visa", card_last4="4242", balance_cents=0,
        invoice_number="DESK1-000123", invoice_pdf=b"%PDF-1.4 fake",
    )
    assert message.subject == f"Paiement reçu{NBSP}: 565,00{NBSP}$ pour Soins esthétiques"
    assert [(a.filename, a.content_type, a.data) for a in message.attachments] == [
        ("DESK1-000123.pdf", "application/pdf", b"%PDF-1.4 fake")
    ]
    assert "Visa se terminant par 4242" in message.text
    assert f"Taxes incluses{NBSP}: 65,00{NBSP}$" in message.text
    assert "26 novembre 2026 à 10 h 10" in message.text
    assert "payée en entier" in message.text and "facture est jointe" in message.text
    assert message.reply_to == BUSINESS.email


def test_confirmation_without_invoice_shows_the_balance_left() -> None:
    message = payment_confirmation_email(
        business=BUSINESS, to="zoe@example.ca", language="en", student_name="Zoe", course_name="Skin care",
        amount_cents=20_000, tax_cents=0, paid_at=AT, card_brand="interac", card_last4="0001", balance_cents=45_000,
    )
    assert message.attachments == ()
    assert "Balance still owing: $450.00" in message.text
    assert "paid in full" not in message.text and "Tax included" not in message.text
    assert "Interac ending in 0001" in message.html


@pytest.mark.parametrize(
    ("language", "code", "reason", "retry"),
    [
        ("en", "insufficient_funds", "The card was declined for insufficient funds.", "come back to the front desk"),
        ("fr", "insufficient_funds", "La carte a été refusée pour fonds insuffisants.", "revenez à l’accueil"),
        ("en", "something_new", "The payment was not accepted.", "come back to the front desk"),
        ("fr", "expired", "La page de paiement a expiré", "revenez à l’accueil"),
    ],
)
def test_failed_payment_says_what_happened_and_how_to_retry(language: str, code: str, reason: str, retry: str) -> None:
    message = payment_failed_email(
        business=BUSINESS, to="zoe@example.ca", language=language, student_name="Zoé", course_name="Soins",
        amount_cents=10_000, balance_cents=10_000, attempted_at=AT, reason_code=code,
        retry_url="https://checkout.stripe.com/c/pay/cs_test_1",
    )
    for part in (message.text, message.html):
        assert reason in part and retry in part
        assert "https://checkout.stripe.com/c/pay/cs_test_1" in part
    assert ("No money was taken" if language == "en" else "Aucun montant n’a été prélevé") in message.text


def test_notice_goes_to_the_business_with_who_took_it() -> None:
    payment_id = uuid.UUID(int=77)
    message = payment_notice_email(
        business=BUSINESS, student_name="Zoé Côté", student_number="S100234", course_name="Soins", amount_cents=56_500,
        tax_cents=6_500, paid_at=AT, card_brand="mastercard", card_last4="4444", desk="DESK1", staff_name="Rita",
        balance_cents=0, payment_id=payment_id, invoice_number="DESK1-000123",
    )
    assert message.to == BUSINESS.email
    assert message.subject == "New payment: $565.00, Zoé Côté (S100234)"
    for needle in ("Rita at DESK1", "Mastercard ending in 4444", str(payment_id), "DESK1-000123"):
        assert needle in message.text and needle in message.html


def test_dates_follow_each_language_and_the_business_time_zone() -> None:
    tz = BUSINESS.tz
    assert format_datetime(AT, tz, "en") == "November 26, 2026 at 10:10 a.m."
    assert format_datetime(AT, tz, "fr") == "26 novembre 2026 à 10 h 10"
    first = datetime(2026, 8, 1, 20, 5, tzinfo=UTC)  # EDT: 16:05
    assert format_datetime(first, tz, "fr") == "1er août 2026 à 16 h 05"
    assert format_datetime(first, tz, "en") == "August 1, 2026 at 4:05 p.m."
    assert [language_of(v) for v in ("fr", "fr-CA", "en", None, "de")] == ["fr", "fr", "en", "en", "en"]


def link_email(language: str, **changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "business": BUSINESS, "to": "zoe.cote@example.ca", "language": language, "student_name": "Zoé",
        "course_name": "Maquillage médical avancé", "course_code": "MMA-201", "amount_cents": 123_450,
        "url": "https://checkout.stripe.com/c/pay/cs_test_a1", "expires_at": AT,
    }
    values.update(changes)
    return payment_link_email(**values)  # type: ignore[arg-type]


def test_payment_link_email_reads_in_the_students_language_first_then_the_other() -> None:
    english, french = link_email("en"), link_email("fr")
    fr_amount = f"1{NBSP}234,50{NBSP}$"
    assert english.subject == f"OncoOne Éducation: your payment link for $1,234.50 / votre lien de paiement de {fr_amount}"
    assert french.subject.startswith(f"OncoOne Éducation{NBSP}: votre lien de paiement de 1{NBSP}234,50{NBSP}$")
    for message in (english, french):
        for part in (message.text, message.html):
            assert "https://checkout.stripe.com/c/pay/cs_test_a1" in part and "MMA-201" in part
            # The page's expiry in the school's zone (10:10 in Toronto, not 15:10 UTC), in each language.
            assert "November 26, 2026 at 10:10 a.m." in part and "26 novembre 2026 à 10 h 10" in part
            assert "UTC" not in part and "15:10" not in part
    assert english.text.index("Hello Zoé") < english.text.index("Bonjour Zoé")
    assert french.text.index("Bonjour Zoé") < french.text.index("Hello Zoé")
    assert english.reply_to == BUSINESS.email


def test_payment_link_email_without_an_expiry_says_none() -> None:
    message = link_email("fr", expires_at=None)
    assert "valide jusqu" not in message.text and "works until" not in message.text

