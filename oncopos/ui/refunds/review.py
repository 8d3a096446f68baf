"""The refund's review page: what will go back, how, why, and what the student receives, before it goes.

A refund cannot be taken back, so it is issued only from this page, by its own button: not the
default button, not focused (Space or Enter on the page goes Back), so a refund never leaves on
one stray key press.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from oncopos.domain.cards import card_description
from oncopos.domain.money import format_cents
from oncopos.domain.tender import BankRefund, Tender
from oncopos.services.refunds.records import RefundablePayment


class RefundReview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refundReview")
        self.heading = QLabel(self)
        self.heading.setObjectName("reviewHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel(self)
        self.details.setObjectName("reviewDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addStretch(1)

    def show_refund(self, payment: RefundablePayment, amount_cents: int, reason_label: str, reason_text: str,
                    locale: str, *, sent: BankRefund | None = None) -> None:
        money = format_cents(amount_cents, locale)
        self.heading.setText("<p style='font-size:14pt'><b>" + escape(self.tr("Refund {amount} to {student}?").format(
            amount=money, student=payment.student_name)) + "</b></p>")
        card = card_description(payment.card_brand, payment.card_last4, locale, interac=payment.interac)
        if sent is not None and sent.tender is Tender.CHEQUE:
            method = self.tr("By cheque no. {number}, written to the student.").format(number=sent.reference)
            receives = self.tr("{amount} by cheque, and a credit note by email to {email}.").format(
                amount=money, email=payment.student_email)
        elif sent is not None:
            method = self.tr("By Interac e-Transfer, reference {reference}, sent to the student.").format(
                reference=sent.reference)
            receives = self.tr("{amount} by Interac e-Transfer, and a credit note by email to {email}.").format(
                amount=money, email=payment.student_email)
        elif payment.payment_method_type == "cash":
            method = self.tr("In cash, handed back out of this desk's drawer now.")
            receives = self.tr("{amount} in cash at the desk, and a credit note by email to {email}.").format(
                amount=money, email=payment.student_email)
        elif payment.interac:
            method = self.tr("On the card reader: the student taps the same Interac card.")
            receives = self.tr("{amount} back in their bank account once they tap the card, and a credit note "
                               "by email.").format(amount=money)
        else:
            method = self.tr("Back to the {card} used for the payment.").format(card=card)
            receives = self.tr("{amount} back on the {card}, usually within 5 to 10 business days, and a credit "
                               "note by email to {email}.").format(amount=money, card=card, email=payment.student_email)
        rows = [
            (self.tr("Amount"), money),
            (self.tr("Method"), method),
            (self.tr("Reason"), reason_label + (f" — {reason_text}" if reason_text else "")),
            (self.tr("The student receives"), receives),
        ]
        if payment.invoice_number:
            rows.append((self.tr("Invoice"), payment.invoice_number))
        table = "".join(f"<tr><td style='padding-right:12px'><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>"
                        for k, v in rows)
        warning = escape(self.tr("A refund cannot be undone. Check the amount and the method, then press the "
                                 "refund button."))
        self.details.setText(f"<table>{table}</table><p>{warning}</p>")

