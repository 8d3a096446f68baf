"""Taking cash, a cheque or an Interac e-Transfer at the desk, or one payment split across them.

The tender choice of the payment flow for what is handed over the counter: the card reader and
the hosted page stay in the payment window (Payment > Take payment…). Every check is the core's
(services/tenders); a refusal is shown as its one line under the form, and nothing is recorded.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.errors import InvalidAmount
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.tender import CashTender, ChequeTender, EtransferTender, HandTender, SplitPart, Tender
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.services.tenders.records import SplitReceipt, TenderReceipt
from oncopos.ui.operations import Executor, Operation, describe_error

#: The tenders of this dialog, in the order offered.
HAND_TENDERS = (Tender.CASH, Tender.CHEQUE, Tender.ETRANSFER)
SPLIT = "split"


class TenderPort(Protocol):
    def take(self, actor: Actor, enrollment_id: uuid.UUID, amount_cents: int, details: HandTender) -> TenderReceipt: ...

    def record_split(self, actor: Actor, enrollment_id: uuid.UUID, total_cents: int, parts: list[SplitPart], *,
                     card_payment_id: uuid.UUID | None = None) -> SplitReceipt: ...

    def today(self) -> date: ...


class TenderFields(QWidget):
    """One tender's facts: its kind, and the fields that kind asks for."""

    def __init__(self, name: str, locale: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locale = locale
        self.setObjectName(name)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName(f"{name}Kind")
        labels = {Tender.CASH: self.tr("Cash"), Tender.CHEQUE: self.tr("Cheque"),
                  Tender.ETRANSFER: self.tr("Interac e-Transfer")}
        for tender in HAND_TENDERS:
            self.kind_combo.addItem(labels[tender], tender.value)
        self.pages = QStackedWidget(self)
        # cash
        cash = QWidget(self.pages)
        self.tendered_edit = QLineEdit(cash)
        self.tendered_edit.setObjectName(f"{name}Tendered")
        self.tendered_edit.setPlaceholderText(self.tr("e.g. 60.00"))
        cash_form = QFormLayout(cash)
        cash_form.addRow(self.tr("Cash &handed over"), self.tendered_edit)
        # cheque
        cheque = QWidget(self.pages)
        self.cheque_number_edit = QLineEdit(cheque)
        self.cheque_number_edit.setObjectName(f"{name}ChequeNumber")
        self.cheque_bank_edit = QLineEdit(cheque)
        self.cheque_bank_edit.setObjectName(f"{name}ChequeBank")
        self.cheque_bank_edit.setPlaceholderText(self.tr("e.g. RBC, Desjardins"))
        self.cheque_date_edit = QDateEdit(QDate.currentDate(), cheque)
        self.cheque_date_edit.setObjectName(f"{name}ChequeDate")
        self.cheque_date_edit.setCalendarPopup(True)
        self.cheque_date_edit.setDisplayFormat("yyyy-MM-dd")
        cheque_form = QFormLayout(cheque)
        cheque_form.addRow(self.tr("Cheque &number"), self.cheque_number_edit)
        cheque_form.addRow(self.tr("&Bank"), self.cheque_bank_edit)
        cheque_form.addRow(self.tr("&Date on the cheque"), self.cheque_date_edit)
        # e-Transfer
        transfer = QWidget(self.pages)
        self.reference_edit = QLineEdit(transfer)
        self.reference_edit.setObjectName(f"{name}Reference")
        self.sender_edit = QLineEdit(transfer)
        self.sender_edit.setObjectName(f"{name}Sender")
        transfer_form = QFormLayout(transfer)
        transfer_form.addRow(self.tr("&Reference number"), self.reference_edit)
        transfer_form.addRow(self.tr("&Sent by"), self.sender_edit)
        for page in (cash, cheque, transfer):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind_combo)
        layout.addWidget(self.pages)
        self.kind_combo.currentIndexChanged.connect(self.pages.setCurrentIndex)

    def tender(self) -> Tender:
        return Tender(self.kind_combo.currentData())

    def choose(self, tender: Tender) -> None:
        self.kind_combo.setCurrentIndex(HAND_TENDERS.index(tender))

    def details(self) -> HandTender:
        """What was typed, as the core's value; an amount that cannot be read raises InvalidAmount."""
        tender = self.tender()
        if tender is Tender.CASH:
            text = self.tendered_edit.text().strip()
            if not text:
                raise InvalidAmount(self.tr("Enter the cash the student handed over. Nothing was recorded."))
            return CashTender(parse_amount(text, self._locale))
        if tender is Tender.CHEQUE:
            return ChequeTender(self.cheque_number_edit.text(), self.cheque_bank_edit.text(),
                                self.cheque_date_edit.date().toPython())  # type: ignore[arg-type]
        return EtransferTender(self.reference_edit.text(), self.sender_edit.text())


class TenderDialog(QDialog):
    """Cash, cheque or e-Transfer for the selected enrollment, or one payment split in two parts."""

    recorded = Signal(object)  # a TenderReceipt or a SplitReceipt

    def __init__(self, tenders: TenderPort, actor: Actor, student: StudentSummary, enrollment: EnrollmentSummary, *,
                 executor: Executor, locale: str = "en-CA", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tenders = tenders
        self._actor = actor
        self._enrollment = enrollment
        self._executor = executor
        self._locale = locale
        self.operation: Operation[object] | None = None
        self.setObjectName("tenderDialog")
        self.setWindowTitle(self.tr("Cash, cheque or e-Transfer — OncoPOS"))
        self.setModal(True)

        owing = format_cents(enrollment.balance_cents, locale)
        self.intro_label = QLabel(self.tr("{student} — {course}: {owing} owing.").format(
            student=student.display_name, course=enrollment.course_name, owing=owing), self)
        self.intro_label.setWordWrap(True)
        self.mode_combo = QComboBox(self)
        self.mode_combo.setObjectName("tenderModeCombo")
        self.mode_combo.addItem(self.tr("One tender"), "one")
        self.mode_combo.addItem(self.tr("Split across two tenders"), SPLIT)
        self.amount_edit = QLineEdit(self)
        self.amount_edit.setObjectName("tenderAmountEdit")
        self.amount_edit.setText(format_cents(enrollment.balance_cents, locale, currency=False))
        top = QFormLayout()
        top.addRow(self.tr("&Payment"), self.mode_combo)
        top.addRow(self.tr("&Amount paid"), self.amount_edit)

        self.first = TenderFields("firstTender", locale, self)
        self.second = TenderFields("secondTender", locale, self)
        self.second.choose(Tender.CHEQUE)
        self.first_amount_edit = QLineEdit(self)
        self.first_amount_edit.setObjectName("firstPartAmount")
        self.second_amount_edit = QLineEdit(self)
        self.second_amount_edit.setObjectName("secondPartAmount")
        self.first_box = QGroupBox(self.tr("Tender"), self)
        first_layout = QFormLayout(self.first_box)
        self.first_amount_label = QLabel(self.tr("Part amount"), self.first_box)
        first_layout.addRow(self.first_amount_label, self.first_amount_edit)
        first_layout.addRow(self.first)
        self.second_box = QGroupBox(self.tr("Second part"), self)
        second_layout = QFormLayout(self.second_box)
        second_layout.addRow(self.tr("Part amount"), self.second_amount_edit)
        second_layout.addRow(self.second)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #8a1c12;")
        self.error_label.hide()
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.record_button = self.buttons.addButton(self.tr("&Record payment"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.record_button.setObjectName("recordTenderButton")
        self.buttons.accepted.connect(self.on_record_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(top)
        layout.addWidget(self.first_box)
        layout.addWidget(self.second_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._show_mode())
        self._show_mode()
        self.resize(460, self.sizeHint().height())

    @property
    def split(self) -> bool:
        return self.mode_combo.currentData() == SPLIT

    def _show_mode(self) -> None:
        self.second_box.setVisible(self.split)
        self.first_amount_label.setVisible(self.split)
        self.first_amount_edit.setVisible(self.split)
        self.first_box.setTitle(self.tr("First part") if self.split else self.tr("Tender"))
        self.adjustSize()

    def _amount(self, edit: QLineEdit) -> int:
        return parse_amount(edit.text().strip(), self._locale)

    def on_record_clicked(self) -> None:
        self.error_label.hide()
        try:
            total = self._amount(self.amount_edit)
            if self.split:
                parts = [SplitPart(self._amount(self.first_amount_edit), self.first.tender(), self.first.details()),
                         SplitPart(self._amount(self.second_amount_edit), self.second.tender(), self.second.details())]
                operation: Operation[object] = Operation(self._tenders.record_split, self._actor, self._enrollment.id,
                                                         total, parts)
            else:
                operation = Operation(self._tenders.take, self._actor, self._enrollment.id, total,
                                      self.first.details())
        except InvalidAmount as bad:
            self.show_error(bad.text())
            return
        self.record_button.setEnabled(False)
        self.operation = (operation.success(self.on_recorded).failure(self.on_failed).owned_by(self)
                          .with_progress(self.tr("Recording the payment…"), self).run_in(self._executor))

    def on_failed(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.show_error(describe_error(error))

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def on_recorded(self, receipt: object) -> None:
        parts: tuple[TenderReceipt, ...] = receipt.parts if isinstance(receipt, SplitReceipt) else \
            (receipt,) if isinstance(receipt, TenderReceipt) else ()
        lines = []
        for part in parts:
            line = self.tr("{amount} by {tender}, invoice {invoice}.").format(
                amount=format_cents(part.amount_cents, self._locale), tender=part.tender,
                invoice=part.invoice_number or self.tr("(issued shortly)"))
            if part.tender == Tender.CASH.value:
                line += " " + self.tr("Cash due {due}; change {change}.").format(
                    due=format_cents(part.due_cents, self._locale), change=format_cents(part.change_cents, self._locale))
            lines.append(line)
        balance = parts[-1].balance_after_cents if parts else 0
        lines.append(self.tr("Balance now {balance}.").format(balance=format_cents(balance, self._locale)))
        self.result_label.setText("\n".join(lines))
        self.result_label.show()
        self.record_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.recorded.emit(receipt)
