"""Manager > Returned cheque or e-Transfer…: reverse what the bank sent back, with a credit note.

Found by the payment's invoice number; the dialog shows what will be taken back before the manager
confirms, and the core (services/tenders/returns.py) records the reversal and its credit note in
one transaction, putting the amount back on the student's balance.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from oncopos.domain.access import Actor
from oncopos.domain.money import format_cents
from oncopos.services.tenders.records import ReturnablePayment, ReturnReceipt
from oncopos.ui.operations import Executor, Operation, describe_error


class ReturnPort(Protocol):
    def returnable(self, actor: Actor, invoice_number: str) -> ReturnablePayment: ...

    def record_return(self, actor: Actor, payment_id: uuid.UUID, reason_text: str) -> ReturnReceipt: ...


class ReturnDialog(QDialog):
    def __init__(self, returns: ReturnPort, actor: Actor, executor: Executor, *, locale: str = "en-CA",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._returns = returns
        self._actor = actor
        self._executor = executor
        self._locale = locale
        self.found: ReturnablePayment | None = None
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("Returned cheque or e-Transfer — OncoPOS"))
        self.invoice_edit = QLineEdit(self)
        self.invoice_edit.setObjectName("returnInvoiceEdit")
        self.invoice_edit.setPlaceholderText(self.tr("e.g. DESK1-000123"))
        self.find_button = QPushButton(self.tr("&Find"), self)
        self.find_button.setObjectName("findReturnButton")
        self.found_label = QLabel(self)
        self.found_label.setObjectName("foundLabel")
        self.found_label.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("returnReasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("e.g. NSF: not sufficient funds"))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #8a1c12;")
        self.error_label.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Invoice number"), self.invoice_edit)
        form.addRow("", self.find_button)
        form.addRow(self.found_label)
        form.addRow(self.tr("&Bank's reason"), self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = self.buttons.addButton(self.tr("&Reverse it"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordReturnButton")
        self.record_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.find_button.clicked.connect(self.on_find_clicked)
        self.buttons.accepted.connect(self.on_record_clicked)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(420)

    def show_error(self, error: BaseException) -> None:
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def on_find_clicked(self) -> None:
        self.error_label.hide()
        self.record_button.setEnabled(False)
        Operation(self._returns.returnable, self._actor, self.invoice_edit.text()).success(self.on_found) \
            .failure(self.show_error).owned_by(self).run_in(self._executor)

    def on_found(self, found: ReturnablePayment) -> None:
        self.found = found
        what = self.tr("Cheque no. {ref}") if found.tender == "cheque" else self.tr("e-Transfer {ref}")
        self.found_label.setText(self.tr("{what} from {student}: {amount} will be taken back and put on the "
                                         "balance, with a credit note.").format(
            what=what.format(ref=found.reference), student=found.student_name,
            amount=format_cents(found.remaining_cents, self._locale)))
        self.record_button.setEnabled(True)

    def on_record_clicked(self) -> None:
        if self.found is None:
            return
        self.error_label.hide()
        self.record_button.setEnabled(False)
        Operation(self._returns.record_return, self._actor, self.found.payment_id, self.reason_edit.text()) \
            .success(self.on_recorded).failure(self.on_failed).owned_by(self).run_in(self._executor)

    def on_failed(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.show_error(error)

    def on_recorded(self, receipt: ReturnReceipt) -> None:
        self.found_label.setText(self.tr("Reversed {amount}; credit note {number}. Balance now {balance}.").format(
            amount=format_cents(receipt.amount_cents, self._locale), number=receipt.credit_note_number,
            balance=format_cents(receipt.balance_after_cents, self._locale)))
        self.record_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
