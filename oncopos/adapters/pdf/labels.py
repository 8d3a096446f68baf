"""The words printed on invoices, receipts and credit notes, in English and French.

Kept beside the renderer (not in Qt's translation files) because documents are rendered without
Qt, on any desk, and must read the same years later.
"""

from __future__ import annotations

from oncopos.domain.cards import card_description
from oncopos.domain.invoice import DocumentLine, PaymentNote, TaxAmount
from oncopos.domain.money import format_cents
from oncopos.domain.tax import component_label, component_name, province_name

_EN = {
    "invoice": "Invoice",
    "credit_note": "Credit note",
    "receipt": "Receipt",
    "number": "No.",
    "date": "Date",
    "gst_no": "GST/HST registration no.",
    "qst_no": "QST registration no.",
    "bill_to": "Billed to",
    "student_no": "Student no.",
    "place": "Place of supply",
    "description": "Description",
    "treatment": "Tax treatment",
    "amount": "Amount",
    "taxable": "Taxable",
    "exempt": "Exempt",
    "zero_rated": "Zero-rated",
    "subtotal": "Subtotal before tax",
    "total": "Total",
    "enrollment": "Enrollment (full price)",
    "enrollment_total": "Enrollment total",
    "this_invoice": "This invoice: amount paid now",
    "this_subtotal": "Amount before tax",
    "this_total": "Total of this invoice",
    "tax_included": "included",
    "paid_now": "Paid now",
    "paid_by": "Paid by",
    "reference": "Payment reference",
    "paid_before": "Paid before this invoice",
    "balance": "Balance remaining",
    "terms": "Terms",
    "original": "Original invoice",
    "dated": "dated",
    "reason": "Reason",
    "refund_of": "Refund",
    "tax_reversed": "reversed",
    "credit_subtotal": "Amount before tax",
    "credit_total": "Total reduction",
    "refunded_to": "Refunded to",
    "credit_intro": "This credit note reduces the amount of the original invoice as shown below.",
    "page": "Page",
    "tax": "Tax",
    "keep": "Thank you. Keep this receipt; the full invoice was emailed or printed.",
    "keep_credit": "Keep this receipt; the full credit note was emailed or printed.",
    "line_paid": "Paid now on this line",
    "line_refunded": "Refunded on this line",
    "enrollments_total": "Enrollments total",
}

_FR = {
    "invoice": "Facture",
    "credit_note": "Note de crédit",
    "receipt": "Reçu",
    "number": "N°",
    "date": "Date",
    "gst_no": "N° d'inscription TPS/TVH",
    "qst_no": "N° d'inscription TVQ",
    "bill_to": "Facturé à",
    "student_no": "N° d'étudiant",
    "place": "Lieu de fourniture",
    "description": "Description",
    "treatment": "Traitement fiscal",
    "amount": "Montant",
    "taxable": "Taxable",
    "exempt": "Exonéré",
    "zero_rated": "Détaxé",
    "subtotal": "Sous-total avant taxes",
    "total": "Total",
    "enrollment": "Inscription (prix complet)",
    "enrollment_total": "Total de l'inscription",
    "this_invoice": "Cette facture : montant payé maintenant",
    "this_subtotal": "Montant avant taxes",
    "this_total": "Total de cette facture",
    "tax_included": "incluse",
    "paid_now": "Payé maintenant",
    "paid_by": "Payé par",
    "reference": "Référence du paiement",
    "paid_before": "Payé avant cette facture",
    "balance": "Solde restant",
    "terms": "Conditions",
    "original": "Facture d'origine",
    "dated": "du",
    "reason": "Motif",
    "refund_of": "Remboursement",
    "tax_reversed": "annulée",
    "credit_subtotal": "Montant avant taxes",
    "credit_total": "Réduction totale",
    "refunded_to": "Remboursé sur",
    "credit_intro": "Cette note de crédit réduit le montant de la facture d'origine comme indiqué ci-dessous.",
    "page": "Page",
    "tax": "Taxes",
    "keep": "Merci. Conservez ce reçu; la facture complète a été envoyée par courriel ou imprimée.",
    "keep_credit": "Conservez ce reçu; la note de crédit complète a été envoyée par courriel ou imprimée.",
    "line_paid": "Payé maintenant sur cette ligne",
    "line_refunded": "Remboursé sur cette ligne",
    "enrollments_total": "Total des inscriptions",
}

class Labels:
    def __init__(self, language: str) -> None:
        self.lang = "fr" if language == "fr" else "en"
        self.locale = "fr-CA" if self.lang == "fr" else "en-CA"
        self._words = _FR if self.lang == "fr" else _EN

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def money(self, cents: int) -> str:
        return format_cents(cents, self.locale)

    def tax_name(self, name: str) -> str:
        return component_name(name, self.locale)

    def tax_label(self, tax: TaxAmount) -> str:
        """"QST 9.975%" / "TVQ 9,975 %": each component with its rate, never combined."""
        return component_label(tax.name, tax.rate, self.locale)

    def treatment(self, treatment: str) -> str:
        return self._words.get(treatment, treatment)

    def province(self, code: str) -> str:
        return province_name(code, self.locale)

    def colon(self) -> str:
        # French typography puts a no-break space before the colon.
        return "\u00a0:" if self.lang == "fr" else ":"

    def method(self, payment: PaymentNote) -> str:
        if payment.method in _BY_HAND:
            return _BY_HAND[payment.method][1 if self.lang == "fr" else 0]
        interac = payment.method == "interac" or (payment.card_brand or "").lower() == "interac"
        return card_description(payment.card_brand, payment.card_last4, self.locale, interac=interac)

    def line_part(self, line: DocumentLine, kind: str) -> str | None:
        """A line's own part of a document for several enrollments, with its tax: "Paid now on this
        line: $289.00 + GST 5% $14.45 + QST 9.975% $28.83 = $332.28"; None on a one-line document."""
        if line.part_cents is None:
            return None
        taxes = "".join(f" + {self.tax_label(x)} {self.money(x.amount_cents)}" for x in line.taxes)
        label = self["line_refunded" if kind == "credit_note" else "line_paid"]
        total = f" = {self.money(line.part_total_cents)}" if line.taxes else ""  # no tax: the part is the total
        return f"{label}{self.colon()} {self.money(line.part_cents)}{taxes}{total}"

    def date(self, value: object) -> str:
        # ISO dates (2026-11-26) read the same in English and French and never swap day and month.
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


# Tenders taken at the desk (payments.method), in English and French.
_BY_HAND = {"cash": ("Cash", "Argent comptant"), "cheque": ("Cheque", "Chèque"),
            "etransfer": ("Interac e-Transfer", "Virement Interac")}
