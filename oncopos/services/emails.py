"""The emails OncoPOS sends, each built from plain data into an `OutgoingEmail`.

One function per message; none touches the database or the network, so the payment service can
build a message inside its transaction and hand it to the mail outbox (or, for a one-time code,
straight to the mailer). Texts live in oncopos/resources/email_templates/, in English and French.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from oncopos.config import Settings
from oncopos.domain.cards import card_description
from oncopos.services.email_templates import format_datetime, format_money, format_time, language_of, render
from oncopos.services.ports import Attachment, OutgoingEmail

__all__ = [
    "FAILURE_REASONS",
    "Business",
    "one_time_code_email",
    "payment_confirmation_email",
    "payment_failed_email",
    "payment_link_email",
    "payment_notice_email",
]


@dataclass(frozen=True, slots=True)
class Business:
    """Who the email is from, as printed in every footer."""

    name: str
    email: str
    phone: str
    address: str
    timezone: str = "America/Toronto"
    gst_hst_number: str | None = None
    qst_number: str | None = None
    locale: str = "en-CA"  # the language of notices to the business itself

    @classmethod
    def from_settings(cls, settings: Settings) -> Business:
        return cls(
            name=settings.business_name,
            email=settings.business_email,
            phone=settings.business_phone,
            address=settings.business_address,
            timezone=settings.business_timezone,
            gst_hst_number=settings.gst_hst_number,
            qst_number=settings.qst_number,
            locale=settings.locale,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def _common(business: Business, lang: str) -> dict[str, Any]:
    return {"business": business, "lang": lang}


def _email(name: str, lang: str, to: str, context: dict[str, Any], *, reply_to: str | None,
           attachments: tuple[Attachment, ...] = ()) -> OutgoingEmail:
    rendered = render(name, lang, context)
    return OutgoingEmail(
        to=to, subject=rendered.subject, text=rendered.text, html=rendered.html, attachments=attachments,
        reply_to=reply_to,
    )


def one_time_code_email(
    *, business: Business, to: str, language: str, student_name: str, code: str, amount_cents: int,
    course_name: str, desk: str, expires_at: datetime, expiry_minutes: int, split_total_cents: int | None = None,
) -> OutgoingEmail:
    """The code the student reads back to confirm one payment: amount, course, desk and expiry.

    The card leg of a split payment names the whole amount and the part charged to the card
    (`amount_cents`): the student agreed to the whole, and reads on the card only its part.
    """
    lang = language_of(language)
    context = _common(business, lang) | {
        "student_name": student_name, "code": code, "amount": format_money(amount_cents, lang), "course_name": course_name,
        "split_total": format_money(split_total_cents, lang) if split_total_cents else "",
        "desk": desk, "expires_at": format_time(expires_at, business.tz, lang), "expiry_minutes": expiry_minutes,
    }
    # No reply-to: a reply would carry the code back into a shared mailbox.
    return _email("one_time_code", lang, to, context, reply_to=None)


def payment_confirmation_email(
    *, business: Business, to: str, language: str, student_name: str, course_name: str, amount_cents: int,
    tax_cents: int, paid_at: datetime, card_brand: str | None, card_last4: str | None, balance_cents: int,
    invoice_number: str | None = None, invoice_pdf: bytes | None = None,
) -> OutgoingEmail:
    """The receipt for the student; the invoice PDF is attached when given."""
    lang = language_of(language)
    attachments: tuple[Attachment, ...] = ()
    if invoice_pdf is not None:
        stem = invoice_number or ("facture" if lang == "fr" else "invoice")
        attachments = (Attachment(f"{stem}.pdf", "application/pdf", invoice_pdf),)
    context = _common(business, lang) | {
        "student_name": student_name, "course_name": course_name, "amount": format_money(amount_cents, lang),
        "tax": format_money(tax_cents, lang) if tax_cents else "", "paid_at": format_datetime(paid_at, business.tz, lang),
        "method": card_description(card_brand, card_last4, lang), "balance": format_money(balance_cents, lang),
        "paid_in_full": balance_cents <= 0, "invoice_number": invoice_number or "", "has_invoice": bool(attachments),
    }
    return _email("payment_confirmation", lang, to, context, reply_to=business.email, attachments=attachments)


def payment_link_email(
    *, business: Business, to: str, language: str, student_name: str, course_name: str, course_code: str,
    amount_cents: int, url: str, expires_at: datetime | None,
) -> OutgoingEmail:
    """The hosted payment page's link, for a student who pays on their own phone or computer: in
    the student's language first, then the other (the link may be forwarded to whoever pays), with
    the page's expiry in the business's time zone in each language's words."""
    lang = language_of(language)
    other = "en" if lang == "fr" else "fr"
    context = _common(business, lang) | {
        "student_name": student_name, "course_name": course_name, "course_code": course_code, "url": url,
        "amount": format_money(amount_cents, lang), f"amount_{other}": format_money(amount_cents, other),
        "expires_at": format_datetime(expires_at, business.tz, lang) if expires_at else "",
        f"expires_at_{other}": format_datetime(expires_at, business.tz, other) if expires_at else "",
    }
    return _email("payment_link", lang, to, context, reply_to=business.email)


# Why a payment failed, as a student should read it (Stripe decline and outcome codes).
FAILURE_REASONS: dict[str, tuple[str, str]] = {
    "insufficient_funds": (
        "the card was declined for insufficient funds.",
        "la carte a été refusée pour fonds insuffisants.",
    ),
    "expired_card": ("the card has expired.", "la carte est expirée."),
    "incorrect_cvc": ("the card's security code was not accepted.", "le code de sécurité de la carte a été refusé."),
    "incorrect_pin": ("the PIN was not accepted.", "le NIP a été refusé."),
    "card_declined": (
        "the card was declined by its bank. The bank can tell you why.",
        "la carte a été refusée par sa banque. La banque peut vous en donner la raison.",
    ),
    "processing_error": (
        "the payment could not be processed. It is usually temporary.",
        "le paiement n’a pas pu être traité. C’est en général temporaire.",
    ),
    "expired": (
        "the payment page expired before the payment was made.",
        "la page de paiement a expiré avant que le paiement soit fait.",
    ),
    "cancelled": ("the payment was cancelled before it was completed.", "le paiement a été annulé avant la fin."),
}
_UNKNOWN_REASON = (
    "the payment was not accepted.",
    "le paiement n’a pas été accepté.",
)


def payment_failed_email(
    *, business: Business, to: str, language: str, student_name: str, course_name: str, amount_cents: int,
    balance_cents: int, attempted_at: datetime, reason_code: str | None, retry_url: str | None = None,
) -> OutgoingEmail:
    """What happened (from the decline code, in the student's language) and how to try again."""
    lang = language_of(language)
    en, fr = FAILURE_REASONS.get((reason_code or "").lower(), _UNKNOWN_REASON)
    reason = fr if lang == "fr" else en
    context = _common(business, lang) | {
        "student_name": student_name, "course_name": course_name, "amount": format_money(amount_cents, lang),
        "balance": format_money(balance_cents, lang), "attempted_at": format_datetime(attempted_at, business.tz, lang),
        "reason": reason[:1].upper() + reason[1:], "retry_url": retry_url or "",
    }
    return _email("payment_failed", lang, to, context, reply_to=business.email)


def payment_notice_email(
    *, business: Business, student_name: str, student_number: str, course_name: str, amount_cents: int,
    tax_cents: int, paid_at: datetime, card_brand: str | None, card_last4: str | None, desk: str,
    staff_name: str, balance_cents: int, payment_id: uuid.UUID, invoice_number: str | None = None,
) -> OutgoingEmail:
    """A new payment, for the school's own mailbox (BUSINESS_EMAIL), in the business's language."""
    lang = language_of(business.locale)
    context = _common(business, lang) | {
        "student_name": student_name, "student_number": student_number, "course_name": course_name,
        "amount": format_money(amount_cents, lang), "tax": format_money(tax_cents, lang) if tax_cents else "",
        "paid_at": format_datetime(paid_at, business.tz, lang), "method": card_description(card_brand, card_last4, lang),
        "desk": desk, "staff_name": staff_name, "balance": format_money(balance_cents, lang),
        "payment_id": str(payment_id), "invoice_number": invoice_number or "",
    }
    return _email("payment_notice", lang, business.email, context, reply_to=None)
