"""The student's credit-note email: what went back, to which card, and the credit note as a PDF.

Stored in the mail outbox in the refund's own transaction (after the credit note is committed, so
the PDF is rendered from committed data) and delivered with retries, like a payment confirmation.
Texts: oncopos/resources/email_templates/credit_note.{en,fr}.{txt,html}.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from oncopos.domain.cards import card_description
from oncopos.domain.money import format_cents
from oncopos.services.email_templates import format_datetime, language_of, render
from oncopos.services.emails import Business
from oncopos.services.guard import open_to_all
from oncopos.services.ports import Attachment, OutgoingEmail, UnitOfWork


@dataclass(frozen=True, slots=True)
class CreditNoteFacts:
    to: str
    language: str
    student_name: str
    course_name: str
    amount_cents: int
    tax_cents: int
    refunded_at: datetime
    card_brand: str | None
    card_last4: str | None
    credit_note_number: str | None
    invoice_number: str | None
    balance_cents: int
    interac: bool = False
    cash: bool = False  # handed back out of the desk's drawer, not to a card
    #: Sent by hand to the student: "cheque" or "etransfer", with the cheque's number or the reference.
    sent_by: str | None = None
    sent_reference: str | None = None


def credit_note_email(business: Business, facts: CreditNoteFacts, pdf: bytes | None) -> OutgoingEmail:
    lang = language_of(facts.language)
    locale = "fr-CA" if lang == "fr" else "en-CA"
    if facts.cash:
        method = "espèces remises au comptoir" if lang == "fr" else "cash, handed back at the desk"
    elif facts.sent_by == "cheque":
        method = (f"chèque nº {facts.sent_reference} fait à votre nom" if lang == "fr"
                  else f"cheque no. {facts.sent_reference} made out to you")
    elif facts.sent_by == "etransfer":
        method = (f"virement Interac envoyé, référence {facts.sent_reference}" if lang == "fr"
                  else f"Interac e-Transfer sent to you, reference {facts.sent_reference}")
    elif facts.card_brand or facts.interac:
        method = card_description(facts.card_brand, facts.card_last4, lang, interac=facts.interac)
    else:
        method = "la carte utilisée pour le paiement" if lang == "fr" else "the card used for the payment"
    attachments: tuple[Attachment, ...] = ()
    if pdf is not None:
        stem = facts.credit_note_number or ("note-de-credit" if lang == "fr" else "credit-note")
        attachments = (Attachment(f"{stem}.pdf", "application/pdf", pdf),)
    context: dict[str, Any] = {
        "business": business, "lang": lang, "student_name": facts.student_name, "course_name": facts.course_name,
        "amount": format_cents(facts.amount_cents, locale),
        "tax": format_cents(facts.tax_cents, locale) if facts.tax_cents else "",
        "refunded_at": format_datetime(facts.refunded_at, business.tz, lang), "method": method,
        "credit_note_number": facts.credit_note_number or "", "invoice_number": facts.invoice_number or "",
        "balance": format_cents(max(facts.balance_cents, 0), locale), "owing": facts.balance_cents > 0,
        "has_pdf": bool(attachments), "interac": facts.interac, "cash": facts.cash,
        "sent": facts.sent_by is not None,
    }
    rendered = render("credit_note", lang, context)
    return OutgoingEmail(to=facts.to, subject=rendered.subject, text=rendered.text, html=rendered.html,
                         attachments=attachments, reply_to=business.email)


@open_to_all("queues the app's own credit-note emails after a refund the guarded calls recorded")
class OutboxRefundMail:
    """`RefundMail` over `MailOutbox.enqueue(uow, message, kind=...)`."""

    def __init__(self, enqueue: Callable[..., Any], business: Business) -> None:
        self._enqueue = enqueue
        self._business = business

    def queue_credit_note(self, uow: UnitOfWork, facts: CreditNoteFacts, credit_note_pdf: bytes | None) -> None:
        self._enqueue(uow, credit_note_email(self._business, facts, credit_note_pdf), kind="credit_note")
