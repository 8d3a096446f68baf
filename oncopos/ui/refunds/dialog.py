"""RefundDialog: how much, why, a review of what will go back, and (Interac) the student's card on the
reader, with a live status.

The reason has no default: it is chosen. "Review refund…" checks the form and shows the review
page (`RefundReview`); only its own "Refund $X" button, which is neither default nor focused, issues
the refund.

The amount is prefilled with what remains refundable. A registrar's refund goes through the
ManagerOverrideDialog first; the approved Actor is used for this refund only (and its reader
follow-up), then dropped. While an Interac refund waits, the dialog asks the reader once a second
and shows the time left; Cancel stops the refund on the reader (a card tapped at the last moment
is still recorded: the service reads the reader again after stopping it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Permission, subject
from oncopos.domain.cards import card_description
from oncopos.domain.errors import UserFacingError
from oncopos.domain.messages import msg, render
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.tender import BANK_REFUNDS, BankRefund, Tender
from oncopos.services.refunds.records import REASON_BY_CODE, REASONS, Reason, RefundablePayment, RefundView
from oncopos.ui.messages import MessageLabel
from oncopos.ui.operations import Executor, Operation, describe_error, error_field
from oncopos.ui.refunds.ports import RefundPort
from oncopos.ui.refunds.review import RefundReview
from oncopos.ui.session.override import ManagerOverrideDialog, OverridePort

POLL_MS = 1000


class RefundDialog(QDialog):
    refund_finished = Signal(object)  # the final RefundView

    def __init__(self, refunds: Callable[[], RefundPort], payment: RefundablePayment, actor: Actor, executor: Executor,
                 *, staff: OverridePort | None, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._refunds, self._payment, self._actor, self._executor = refunds, payment, actor, executor
        self._staff, self._locale = staff, locale
        self._acting: Actor | None = None  # the actor of the refund in progress (an override lasts this long)
        self._refund_id: uuid.UUID | None = None
        self._polling = False
        self._amount: int | None = None  # the amount reviewed
        self.override_dialog: ManagerOverrideDialog | None = None
        self.setObjectName("refundDialog")
        self.setWindowTitle(self.tr("Refund — OncoPOS"))
        self.setModal(True)
        self.setMinimumWidth(520)

        money = self._money
        self.summary_label = QLabel(
            self.tr(
                "<b>{html}</b> — {html2}<br>Paid {amount}{card}{value}<br>Already refunded {amount2}{value2} · <b>{amount3} can "
                "be refunded</b>"
            ).format(
                html=_html(payment.student_name),
                html2=_html(payment.course_name),
                amount=money(payment.amount_cents),
                card=self._card(payment),
                value=self.tr(" · invoice ") + _html(payment.invoice_number) if payment.invoice_number else "",
                amount2=money(payment.refunded_cents),
                value2=self.tr(" · being refunded ") + money(payment.pending_cents) if payment.pending_cents else "",
                amount3=money(payment.remaining_cents),
            ),
            self,
        )
        self.summary_label.setObjectName("summaryLabel")
        self.summary_label.setWordWrap(True)

        self.amount_edit = QLineEdit(format_cents(payment.remaining_cents, locale, currency=False), self)
        self.amount_edit.setObjectName("amountEdit")
        self.amount_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.reason_box = QComboBox(self)
        self.reason_box.setObjectName("reasonBox")
        self.reason_box.addItem(self.tr("Choose a reason…"), None)  # no default: a refund's reason is chosen
        for reason in REASONS:
            self.reason_box.addItem(self._reason_label(reason), reason.code)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonTextEdit")
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("Printed on the credit note, e.g. withdrew before the first class"))
        form = QFormLayout()
        form.addRow(self.tr("&Amount to refund"), self.amount_edit)
        form.addRow(self.tr("&Reason"), self.reason_box)
        form.addRow(self.tr("&Details"), self.reason_edit)
        # A cheque or e-Transfer payment goes back by a cheque written or an e-Transfer sent to the
        # student: which one, and its number or reference, are recorded with the refund.
        self.by_bank = payment.payment_method_type in {t.value for t in BANK_REFUNDS}
        self.sent_box = QComboBox(self)
        self.sent_box.setObjectName("sentBox")
        self.sent_box.addItem(self.tr("Cheque written to the student"), Tender.CHEQUE.value)
        self.sent_box.addItem(self.tr("Interac e-Transfer sent to the student"), Tender.ETRANSFER.value)
        self.sent_box.setCurrentIndex(max(self.sent_box.findData(payment.payment_method_type), 0))
        self.reference_edit = QLineEdit(self)
        self.reference_edit.setObjectName("referenceEdit")
        self.reference_edit.setMaxLength(40)
        if self.by_bank:
            form.addRow(self.tr("Refund b&y"), self.sent_box)
            form.addRow(self.tr("Cheque no. or re&ference"), self.reference_edit)
        else:
            self.sent_box.hide()
            self.reference_edit.hide()
        self.sent_box.currentIndexChanged.connect(lambda _i: self._update_reference_placeholder())
        self._update_reference_placeholder()
        self.interac_label = QLabel(
            self.tr("Interac is refunded in person: when you press Refund, ask the student to tap the <b>same card</b> "
            "on the reader."), self)
        self.interac_label.setWordWrap(True)
        self.interac_label.setVisible(payment.interac)
        form_page = QWidget(self)
        form_box = QVBoxLayout(form_page)
        form_box.setContentsMargins(0, 0, 0, 0)
        form_box.addLayout(form)
        form_box.addWidget(self.interac_label)

        self.status_label = QLabel(self)  # the live status, and the outcome
        self.status_label.setObjectName("statusLabel")
        self.status_label.setWordWrap(True)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.review = RefundReview(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(form_page)
        self.pages.addWidget(self.status_label)
        self.pages.addWidget(self.review)
        self.form_page = form_page

        self.error_label = MessageLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.refund_button = self.buttons.addButton(self.tr("&Review refund…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.refund_button.setDefault(True)
        # On the review page: Back is the default and has the focus; the refund goes only on its own button.
        self.back_button = self.buttons.addButton(self.tr("&Back"), QDialogButtonBox.ButtonRole.ResetRole)
        self.confirm_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.confirm_button.setObjectName("confirmRefundButton")
        self.confirm_button.setAutoDefault(False)
        self.back_button.hide()
        self.confirm_button.hide()
        self.back_button.clicked.connect(self.on_back_clicked)
        self.confirm_button.clicked.connect(self.on_confirm_clicked)
        self.cancel_button: QPushButton = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.refund_button.clicked.connect(self.on_review_clicked)
        self.cancel_button.clicked.connect(self.on_cancel_clicked)
        self.close_button.clicked.connect(self.accept)
        self.reason_box.currentIndexChanged.connect(lambda _i: self._update_placeholder())

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.on_poll_due)
        self.refund_button.setEnabled(payment.remaining_cents > 0)  # nothing left: it looks it
        self._update_placeholder()
        self.amount_edit.setFocus()
        self.amount_edit.selectAll()

    # --- asking -------------------------------------------------------------------------------
    def _money(self, cents: int) -> str:
        return format_cents(cents, self._locale)

    def _update_placeholder(self) -> None:
        code = self.reason_box.currentData()
        reason = REASON_BY_CODE.get(code) if code else None
        self.reason_edit.setPlaceholderText(self.tr("Required: say why") if reason is not None and reason.needs_text
                                            else self.tr("Optional; printed on the credit note"))

    def _update_reference_placeholder(self) -> None:
        self.reference_edit.setPlaceholderText(
            self.tr("The number of the cheque written to the student") if self.sent_box.currentData() == "cheque"
            else self.tr("The reference the bank gave the e-Transfer sent"))

    def sent(self) -> BankRefund | None:
        """How a cheque or e-Transfer payment goes back, as the form says (None for other payments)."""
        if not self.by_bank:
            return None
        return BankRefund(Tender(self.sent_box.currentData()), self.reference_edit.text()).normalised()

    def on_review_clicked(self) -> None:
        """Check the form, then show what will go back; nothing is refunded yet."""
        try:
            amount = parse_amount(self.amount_edit.text(), self._locale)
        except UserFacingError as err:
            self._show_error(err.text())
            self.amount_edit.setFocus()
            return
        if amount > self._payment.remaining_cents:
            self._show_error(self.tr("You can refund at most {amount} of this payment.").format(
                amount=self._money(self._payment.remaining_cents)))
            self.amount_edit.setFocus()
            return
        code = self.reason_box.currentData()
        if not code:
            self._show_error(self.tr("Choose the reason for the refund; it is printed on the credit note."))
            self.reason_box.setFocus()
            return
        reason = REASON_BY_CODE[code]
        if reason.needs_text and not self.reason_edit.text().strip():
            self._show_error(self.tr("Say why in Details: “{reason}” needs a few words on the credit note.").format(
                reason=self._reason_label(reason)))
            self.reason_edit.setFocus()
            return
        sent = self.sent()
        if sent is not None and not sent.reference:
            self._show_error(self.tr("Enter the number of the cheque written to the student, or the reference of the "
                                     "e-Transfer sent; it is kept with the refund."))
            self.reference_edit.setFocus()
            return
        self._show_error("")
        self._amount = amount
        self.review.show_refund(self._payment, amount, self._reason_label(reason), self.reason_edit.text().strip(),
                                self._locale, sent=sent)
        self.pages.setCurrentWidget(self.review)
        self.adjustSize()  # the review is taller than the form: all of it on screen, the warning included
        self.refund_button.hide()
        self.confirm_button.setText(self.tr("Refund {amount}").format(amount=self._money(amount)))
        self.confirm_button.show()
        self.back_button.show()
        self.back_button.setDefault(True)
        self.back_button.setFocus()

    def on_back_clicked(self) -> None:
        self.pages.setCurrentWidget(self.form_page)
        self.back_button.hide()
        self.confirm_button.hide()
        self.refund_button.show()
        self.refund_button.setDefault(True)
        self.amount_edit.setFocus()

    def on_confirm_clicked(self) -> None:
        """The deliberate confirmation on the review page: issue the refund reviewed."""
        if self.pages.currentWidget() is not self.review or self._amount is None:
            return
        self.on_refund_clicked(self._amount)

    def on_refund_clicked(self, amount: int) -> None:
        if self._actor.can(Permission.REFUND):
            self._start(self._actor, amount)
            return
        if self._staff is None:
            self._show_error(self.tr("A manager makes refunds at this desk. Ask a manager to sign in."))
            return
        self.override_dialog = ManagerOverrideDialog(
            self._staff,
            self._executor,
            actor=self._actor,
            permission=Permission.REFUND,
            subject=subject("payment_id", self._payment.id),
            action_text=self.tr("refund {amount} to {student_name}").format(
                amount=self._money(amount), student_name=self._payment.student_name
            ),
            parent=self,
        )
        self.override_dialog.approved.connect(lambda approved: self._start(approved, amount))
        self.override_dialog.open()

    def _start(self, actor: Actor, amount: int) -> None:
        self._acting = actor
        self._show_error("")
        self.confirm_button.setEnabled(False)
        self.back_button.setEnabled(False)
        reason, text, payment_id = self.reason_box.currentData(), self.reason_edit.text(), self._payment.id
        label, sent = self.progress_label(), self.sent()
        refunds = self._refunds  # the worker gets the provider and the ids, never the dialog
        (Operation(lambda: refunds().refund(actor, payment_id, amount, reason, text, sent=sent))
         .success(self.on_refund_answered).failure(self.on_refund_failed)
         .with_progress(label, parent=self).owned_by(self).run_in(self._executor))

    def progress_label(self) -> str:
        """What is happening while the refund is recorded: where the money really goes out."""
        if self._payment.payment_method_type == "cash":
            return self.tr("Handing the refund back out of the cash drawer…")
        sent = self.sent()
        if sent is not None:
            return (self.tr("Recording the refund by cheque…") if sent.tender is Tender.CHEQUE
                    else self.tr("Recording the refund by e-Transfer…"))
        if self._payment.interac:
            return self.tr("Asking the reader…")
        return self.tr("Refunding through Stripe…")

    def on_refund_failed(self, error: BaseException) -> None:
        self.confirm_button.setEnabled(True)
        self.back_button.setEnabled(True)
        if error_field(error) in ("reason_text", "amount", "refund_reference", "refund_tender"):
            self.on_back_clicked()  # back to the field to correct
        self._show_error(describe_error(error))
        if error_field(error) == "reason_text":
            self.reason_edit.setFocus()
        elif error_field(error) in ("refund_reference", "refund_tender"):
            self.reference_edit.setFocus()
        elif error_field(error) == "amount":
            self.amount_edit.setFocus()

    def on_refund_answered(self, view: RefundView) -> None:
        self._refund_id = view.id
        self.pages.setCurrentWidget(self.status_label)
        for button in (self.refund_button, self.confirm_button, self.back_button):
            button.hide()
        self.show_view(view)

    # --- following ----------------------------------------------------------------------------
    def show_view(self, view: RefundView) -> None:
        if view.final:
            self._timer.stop()
            self.cancel_button.hide()
            self.close_button.show()
            self.close_button.setDefault(True)
            self.status_label.setText(self._outcome(view))
            # The summary's "can be refunded" is out of date once money went back; the outcome says it.
            self.summary_label.setVisible(not view.succeeded)
            self.refund_finished.emit(view)
            return
        if view.waiting_for_card:
            left = view.seconds_left if view.seconds_left is not None else 0
            self.status_label.setText(
                self.tr(
                    "<p style='font-size:15pt'><b>Ask the student to tap the same card on the reader.</b></p><p>Refund of "
                    "{amount} — waiting for the card ({value}:{value2:02d} left). Press Cancel if the student cannot present "
                    "it.</p>"
                ).format(amount=self._money(view.amount_cents), value=left // 60, value2=left % 60)
            )
        else:
            self.status_label.setText(
                self.tr(
                    "Refund of {amount} sent; Stripe has not confirmed it yet. It is checked again automatically; you can close "
                    "this window."
                ).format(amount=self._money(view.amount_cents))
            )
            self.cancel_button.hide()
            self.close_button.show()
        if not self._timer.isActive() and view.waiting_for_card:
            self._timer.start()

    def _outcome(self, view: RefundView) -> str:
        if view.succeeded:
            note = (self.tr(" Credit note <b>{html}</b> is emailed to the student.").format(html=_html(view.credit_note_number))
                    if view.credit_note_number else "")
            left = (self.tr("{amount} of this payment can still be refunded.").format(amount=self._money(view.remaining_cents))
                    if view.remaining_cents else self.tr("The payment is now fully refunded."))
            return self.tr("<p style='font-size:15pt'><b>Refunded {amount}.</b></p><p>{note} {left}</p>").format(
                amount=self._money(view.amount_cents), note=note, left=left
            )
        return self.tr("<p style='font-size:15pt'><b>Not refunded.</b></p><p>{html}</p>").format(
            html=_html(view.failure_message or self.tr("The refund did not go through."))
        )

    def on_poll_due(self) -> None:
        if self._polling or self._refund_id is None or self._acting is None:
            return
        self._polling = True
        refund_id, actor, refunds = self._refund_id, self._acting, self._refunds
        (Operation(lambda: refunds().poll(actor, refund_id)).success(self._polled).failure(self._poll_failed)
         .owned_by(self).run_in(self._executor))

    def _polled(self, view: RefundView) -> None:
        self._polling = False
        self.show_view(view)

    def _poll_failed(self, error: BaseException) -> None:
        self._polling = False
        self._show_error(self.tr("{describe_error} Still trying…").format(describe_error=describe_error(error)))

    def on_cancel_clicked(self) -> None:
        if self._refund_id is None or self._acting is None:
            self.reject()
            return
        self.cancel_button.setEnabled(False)
        self._timer.stop()
        refund_id, actor, refunds = self._refund_id, self._acting, self._refunds
        (Operation(lambda: refunds().cancel(actor, refund_id)).success(self._after_cancel)
         .failure(self._cancel_failed).with_progress(self.tr("Stopping the refund on the reader…"), parent=self)
         .owned_by(self).run_in(self._executor))

    def _after_cancel(self, view: RefundView) -> None:
        self.cancel_button.setEnabled(True)
        self.show_view(view)

    def _cancel_failed(self, error: BaseException) -> None:
        self.cancel_button.setEnabled(True)
        self._timer.start()
        self._show_error(describe_error(error))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))
        # The dialog grows to make room for the message instead of squashing the fields.
        self.adjustSize()

    def reject(self) -> None:
        # Escape or the window's close button while the reader waits: stop the refund, do not walk away from it.
        if self._refund_id is not None and self._timer.isActive():
            self.on_cancel_clicked()
            return
        super().reject()

    def _reason_label(self, reason: Reason) -> str:
        """The reason in the desk's language (`Reason.label` is its English text for the command line)."""
        return render(msg(f"refund.reason.{reason.code}"), self._locale)

    def _card(self, payment: RefundablePayment) -> str:
        """" by Visa ending in 4242" after the amount paid; nothing when the card is not known."""
        if not payment.card_brand:
            return ""
        card = card_description(payment.card_brand, payment.card_last4, self._locale, interac=payment.interac)
        return self.tr(" by {card}").format(card=card)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._refund_id is not None and self._timer.isActive():
            event.ignore()
            self.on_cancel_clicked()
            return
        super().closeEvent(event)


def _html(text: str | None) -> str:
    return escape(text or "")
