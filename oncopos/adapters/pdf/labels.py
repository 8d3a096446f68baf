"""The words printed on invoices, receipts and credit notes, in English, French or both.

Kept beside the renderer (not in Qt's translation files) because documents are rendered without
Qt, on any desk, and must read the same years later. A bilingual document ("fr-en") prints each
label in both languages, the first one first, through the same `in_each` as the end-of-day report;
amounts and dates standing alone are written once, in the first language's format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache

from oncopos.domain.cards import card_description
from oncopos.domain.dates import format_day
from oncopos.domain.document_language import in_each, languages_of, locale_of
from oncopos.domain.invoice import DocumentLine, PaymentNote, TaxAmount
from oncopos.domain.messages import Lang, french_typography, msg, render
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_label, component_name, province_name

#: Each label's (English, French) text.
LABELS: dict[str, tuple[str, str]] = {
    "invoice": ("Invoice", "Facture"),
    "credit_note": ("Credit note", "Note de crédit"),
    "receipt": ("Receipt", "Reçu"),
    "number": ("No.", "N°"),
    "date": ("Date", "Date"),
    "gst_no": ("GST/HST registration no.", "N° d’inscription TPS/TVH"),
    "qst_no": ("QST registration no.", "N° d’inscription TVQ"),
    "bill_to": ("Billed to", "Facturé à"),
    "student_no": ("Student no.", "N° d’étudiant"),
    "place": ("Place of supply", "Lieu de fourniture"),
    "description": ("Description", "Description"),
    "treatment": ("Tax treatment", "Traitement fiscal"),
    "amount": ("Amount", "Montant"),
    "taxable": ("Taxable", "Taxable"),
    "exempt": ("Exempt", "Exonéré"),
    "zero_rated": ("Zero-rated", "Détaxé"),
    "subtotal": ("Subtotal before tax", "Sous-total avant taxes"),
    "total": ("Total", "Total"),
    "enrollment": ("Enrollment (full price)", "Inscription (prix complet)"),
    "enrollment_total": ("Enrollment total", "Total de l’inscription"),
    "this_invoice": ("This invoice: amount paid now", "Cette facture : montant payé maintenant"),
    "this_subtotal": ("Amount before tax", "Montant avant taxes"),
    "this_total": ("Total of this invoice", "Total de cette facture"),
    "tax_included": ("included", "incluse"),
    "paid_now": ("Paid now", "Payé maintenant"),
    "paid_by": ("Paid by", "Payé par"),
    "reference": ("Payment reference", "Référence du paiement"),
    "cash_rounding": ("Cash rounding", "Arrondi au comptant"),
    "cash_tendered": ("Cash tendered", "Montant remis"),
    "change_given": ("Change", "Monnaie rendue"),
    "paid_before": ("Paid before this invoice", "Payé avant cette facture"),
    "balance": ("Balance remaining", "Solde restant"),
    "terms": ("Terms", "Conditions"),
    "original": ("Original invoice", "Facture d’origine"),
    "dated": ("dated", "du"),
    "reason": ("Reason", "Motif"),
    "refund_of": ("Refund", "Remboursement"),
    "tax_reversed": ("reversed", "annulée"),
    "credit_subtotal": ("Amount before tax", "Montant avant taxes"),
    "credit_total": ("Total reduction", "Réduction totale"),
    "refunded_to": ("Refunded to", "Remboursé sur"),
    "credit_intro": ("This credit note reduces the amount of the original invoice as shown below.",
                    "Cette note de crédit réduit le montant de la facture d’origine comme indiqué ci-dessous."),
    "page": ("Page", "Page"),
    "tax": ("Tax", "Taxes"),
    "keep": ("Thank you. Keep this receipt; the full invoice was emailed or printed.",
            "Merci. Conservez ce reçu; la facture complète a été envoyée par courriel ou imprimée."),
    "keep_credit": ("Keep this receipt; the full credit note was emailed or printed.",
                   "Conservez ce reçu; la note de crédit complète a été envoyée par courriel ou imprimée."),
    "line_paid": ("Paid now on this line", "Payé maintenant sur cette ligne"),
    "line_refunded": ("Refunded on this line", "Remboursé sur cette ligne"),
    "enrollments_total": ("Enrollments total", "Total des inscriptions"),
}

#: U+2212, the minus sign (DejaVu has it): an adjustment reads "\u22120,02 $" with it, not with a hyphen.
MINUS = "\u2212"

# Tenders taken at the desk (payments.method): named by the catalogue (tender.label.*), as the
# end-of-day report and the window name them.
_BY_HAND = frozenset({"cash", "cheque", "etransfer"})


class Labels:
    """A document's words in its language (`InvoiceDocument.language`), as its schema printed them.

    Documents of the first schema were printed with ISO dates and the typewriter apostrophe, without
    French no-break spaces: they keep rendering so, byte for byte, because a lost PDF is rebuilt from
    its record and proven by the SHA-256 recorded when it was first issued.
    """

    def __init__(self, language: str, *, schema: int = 2) -> None:
        self.language = language
        self.languages = languages_of(language)
        self.lang: Lang = self.languages[0]
        self.locale = locale_of(self.lang)
        self.schema = schema

    def word(self, key: str, lang: Lang) -> str:
        """One label in one of the document's languages."""
        return _word(key, lang, self.schema < 2)

    def each(self, text: Callable[[Lang], str], separator: str = " / ") -> str:
        """A phrase built in each of the document's languages: "TVQ 9,975 % annulée / QST 9.975% reversed"."""
        return in_each(self.language, text, separator)

    def __getitem__(self, key: str) -> str:
        return _label(self.language, key, self.schema < 2)

    def labelled(self, key: str, value: Callable[[Lang], str]) -> str:
        """"Payé par : Visa se terminant par 4242 / Paid by: Visa ending in 4242"."""
        return self.each(lambda lang: f"{self.word(key, lang)}{_colon(lang)} {value(lang)}")

    def money(self, cents: int, lang: Lang | None = None) -> str:
        return format_cents(cents, locale_of(lang or self.lang))

    def signed(self, cents: int, lang: Lang | None = None) -> str:
        """An adjustment with its sign either way, the true minus for less: "\u22120,02 $", "+$0.02"."""
        return (MINUS if cents < 0 else "+") + format_cents(abs(cents), locale_of(lang or self.lang))

    def tax_name(self, name: str) -> str:
        return self.each(lambda lang: component_name(name, locale_of(lang)))

    def tax_label(self, tax: TaxAmount, lang: Lang | None = None) -> str:
        """"QST 9.975%" / "TVQ 9,975 %": each component with its rate, never combined."""
        if lang is None:
            return self.each(lambda one: component_label(tax.name, tax.rate, locale_of(one)))
        return component_label(tax.name, tax.rate, locale_of(lang))

    def tax_with(self, tax: TaxAmount, key: str) -> str:
        """A tax and what happened to it: "TPS 5 % incluse / GST 5% included"."""
        return self.each(lambda lang: f"{self.tax_label(tax, lang)} {self.word(key, lang)}")

    def treatment(self, treatment: str) -> str:
        return self.each(lambda lang: self.word(treatment, lang) if treatment in LABELS else treatment)

    def province(self, code: str) -> str:
        return self.each(lambda lang: province_name(code, locale_of(lang)))

    def colon(self) -> str:
        return _colon(self.lang)

    def method(self, payment: PaymentNote, lang: Lang | None = None) -> str:
        if lang is None:
            return self.each(lambda one: self.method(payment, one))
        if payment.method in _BY_HAND:
            return render(msg(f"tender.label.{payment.method}"), locale_of(lang))
        interac = payment.method == "interac" or (payment.card_brand or "").lower() == "interac"
        return card_description(payment.card_brand, payment.card_last4, locale_of(lang), interac=interac)

    def line_part(self, line: DocumentLine, kind: str) -> str | None:
        """A line's own part of a document for several enrollments, with its tax: "Paid now on this
        line: $289.00 + GST 5% $14.45 + QST 9.975% $28.83 = $332.28"; None on a one-line document."""
        if line.part_cents is None:
            return None
        key = "line_refunded" if kind == "credit_note" else "line_paid"

        def part(lang: Lang) -> str:
            taxes = "".join(f" + {self.tax_label(x, lang)} {self.money(x.amount_cents, lang)}" for x in line.taxes)
            total = f" = {self.money(line.part_total_cents, lang)}" if line.taxes else ""  # no tax: the part is the total
            return f"{self.money(line.part_cents or 0, lang)}{taxes}{total}"

        return self.labelled(key, part)

    def date(self, value: dt.date, lang: Lang | None = None) -> str:
        """"25 novembre 2026" / "November 25, 2026", in the first language (ISO on the first schema)."""
        return value.isoformat() if self.schema < 2 else format_day(value, locale_of(lang or self.lang))

    def dated(self, value: dt.date) -> str:
        """"du 20 novembre 2026 / dated November 20, 2026": the original invoice's date, in each language."""
        return self.each(lambda lang: f"{self.word('dated', lang)} {self.date(value, lang)}")


@cache  # the labels are constants, in a handful of document languages
def _label(language: str, key: str, first_schema: bool) -> str:
    # A document asks for a few dozen labels, each in each of its languages, some several times.
    return in_each(language, lambda lang: _word(key, lang, first_schema))


@cache  # the labels are constants: a few hundred words at most
def _word(key: str, lang: Lang, first_schema: bool) -> str:
    # Set once per process: French typography is three regular expressions over the label, and
    # a document asks for a few dozen labels, some several times.
    en, fr = LABELS[key]
    if lang == "en":
        return en
    return fr.replace("\u2019", "'") if first_schema else french_typography(fr)


def _colon(lang: Lang) -> str:
    # French typography puts a no-break space before the colon.
    return "\u00a0:" if lang == "fr" else ":"
