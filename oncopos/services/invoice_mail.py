"""The email that carries an invoice or credit note, in the student's language."""

from __future__ import annotations

from oncopos.domain.document_language import first_language
from oncopos.domain.invoice import InvoiceDocument
from oncopos.domain.money import format_cents
from oncopos.services.ports import Attachment, OutgoingEmail

_SUBJECT = {
    ("en", "invoice"): "Your invoice {number} from {business}",
    ("fr", "invoice"): "Votre facture {number} de {business}",
    ("en", "credit_note"): "Your credit note {number} from {business}",
    ("fr", "credit_note"): "Votre note de crédit {number} de {business}",
}

_BODY = {
    ("en", "invoice"): (
        "Hello {name},\n\nThank you for your payment of {total}. Your invoice {number} dated {date} is attached "
        "as a PDF.{balance}\n\nKeep it for your records. If anything on it is wrong, reply to this email.\n\n"
        "{business}\n{phone}\n"
    ),
    ("fr", "invoice"): (
        "Bonjour {name},\n\nMerci pour votre paiement de {total}. Votre facture {number} du {date} est jointe "
        "en PDF.{balance}\n\nConservez-la pour vos dossiers. Si un renseignement est inexact, répondez à ce courriel.\n\n"
        "{business}\n{phone}\n"
    ),
    ("en", "credit_note"): (
        "Hello {name},\n\nWe have refunded {total} to your original payment method. Credit note {number} dated "
        "{date} is attached as a PDF. The refund can take 5 to 10 business days to appear.\n\n{business}\n{phone}\n"
    ),
    ("fr", "credit_note"): (
        "Bonjour {name},\n\nNous avons remboursé {total} sur votre moyen de paiement d'origine. La note de crédit "
        "{number} du {date} est jointe en PDF. Le remboursement peut prendre de 5 à 10 jours ouvrables.\n\n{business}\n{phone}\n"
    ),
}

_BALANCE = {
    "en": " The balance remaining on your enrollment is {amount}.",
    "fr": " Le solde restant de votre inscription est de {amount}.",
}


def invoice_email(doc: InvoiceDocument, pdf: bytes, *, to: str | None = None) -> OutgoingEmail:
    lang = first_language(doc.language)  # a bilingual document is mailed in its first language
    locale = "fr-CA" if lang == "fr" else "en-CA"
    balance = ""
    if doc.kind == "invoice" and doc.payment is not None and doc.payment.balance_after_cents > 0:
        balance = _BALANCE[lang].format(amount=format_cents(doc.payment.balance_after_cents, locale))
    values = {
        "name": doc.buyer.name, "total": format_cents(doc.total_cents, locale), "number": doc.number,
        "date": doc.issue_date.isoformat(), "business": doc.business.name, "phone": doc.business.phone, "balance": balance,
    }
    prefix = "facture" if lang == "fr" else "invoice"
    if doc.kind == "credit_note":
        prefix = "note-de-credit" if lang == "fr" else "credit-note"
    return OutgoingEmail(
        to=to or doc.buyer.email,
        subject=_SUBJECT[(lang, doc.kind)].format(**values),
        text=_BODY[(lang, doc.kind)].format(**values),
        attachments=(Attachment(f"{prefix}-{doc.number}.pdf", "application/pdf", pdf),),
        reply_to=doc.business.email,
    )
