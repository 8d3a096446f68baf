"""Withdraw a student from an enrollment, or move them to another section, with a reason.

The dialog says before anything is done what happens to the money: within the same course the
payments move with the enrollment; otherwise what was paid stays as credit on the student's
account (money goes back only through Refunds, which issues the credit note).
"""

from __future__ import annotations

import uuid
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.enrollment_rules import clean_reason
from oncopos.domain.errors import InvalidInput
from oncopos.domain.money import format_cents
from oncopos.services.records import EnrollmentSummary
from oncopos.services.registration_records import ChangeResult, SectionView, TransferOptions
from oncopos.ui.catalogue.models import seats_text
from oncopos.ui.form_fields import FIELD_ERROR_STYLE
from oncopos.ui.operations import Executor, Operation, describe_error


class ChangePort(Protocol):
    def transfer_targets(self, actor: Actor, enrollment_id: uuid.UUID) -> TransferOptions: ...
    def withdraw(self, actor: Actor, enrollment_id: uuid.UUID, reason: str) -> ChangeResult: ...
    def transfer(self, actor: Actor, enrollment_id: uuid.UUID, to_section_id: uuid.UUID, reason: str) -> ChangeResult: ...


class WithdrawTransferDialog(QDialog):
    changed = Signal(object)  # ChangeResult

    def __init__(
        self,
        service: ChangePort,
        executor: Executor,
        actor: Actor,
        enrollment: EnrollmentSummary,
        *,
        locale: str = "en-CA",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._executor = executor
        self._actor = actor
        self._enrollment = enrollment
        self._locale = locale
        self._own_course_sections: set[uuid.UUID] = set()
        self.busy = True

        self.setObjectName("withdrawTransferDialog")
        self.setWindowTitle(self.tr("Withdraw or transfer"))
        self.setModal(True)
        self.setMinimumWidth(560)

        heading = QLabel(f"{enrollment.course_code} {enrollment.course_name}\n{enrollment.section_label}", self)
        heading.setObjectName("studentNameLabel")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)

        self.withdraw_radio = QRadioButton(self.tr("&Withdraw from this course"), self)
        self.transfer_radio = QRadioButton(self.tr("&Transfer to another section"), self)
        self.withdraw_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.withdraw_radio)
        group.addButton(self.transfer_radio)
        group.buttonToggled.connect(lambda *_: self._update())

        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("targetCombo")
        self.target_combo.setAccessibleName(self.tr("Section to move to"))
        self.target_combo.addItem(self.tr("Loading sections…"), None)
        self.target_combo.currentIndexChanged.connect(lambda _i: self._update())

        reason_caption = QLabel(self.tr("&Reason *"), self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonField")
        self.reason_edit.setPlaceholderText(self.tr("For example: moved to Calgary; prefers the January section"))
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        reason_caption.setBuddy(self.reason_edit)
        self.reason_error = QLabel(self)
        self.reason_error.setObjectName("reasonError")
        self.reason_error.setStyleSheet(FIELD_ERROR_STYLE)
        self.reason_error.setWordWrap(True)
        self.reason_error.hide()

        self.money_label = QLabel(self)
        self.money_label.setObjectName("moneyLabel")
        self.money_label.setWordWrap(True)
        self.money_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = self.buttons.addButton(self.tr("Withdraw"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("changeButton")
        self.buttons.accepted.connect(self.on_ok_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.withdraw_radio)
        layout.addWidget(self.transfer_radio)
        layout.addWidget(self.target_combo)
        layout.addWidget(reason_caption)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.reason_error)
        layout.addWidget(self.money_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self._update()
        (
            Operation(service.transfer_targets, actor, enrollment.id)
            .success(self._show_targets)
            .failure(self._show_error)
            .owned_by(self)
            .run_in(executor)
        )
        self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def net_paid_cents(self) -> int:
        return max(self._enrollment.paid_cents - self._enrollment.refunded_cents, 0)

    def _show_targets(self, options: TransferOptions) -> None:
        self.busy = False
        self.target_combo.clear()
        sections = options.sections
        for section in sections:
            label = f"{section.label} — {seats_text(section)}"
            self.target_combo.addItem(label, section)
            if section.is_full:
                # Still listed, so the registrar sees why it is not offered.
                item = self.target_combo.model().item(self.target_combo.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
            if options.same_course(section):
                self._own_course_sections.add(section.id)
        if not sections:
            self.target_combo.addItem(self.tr("No other section is open"), None)
        first = next((i for i in range(self.target_combo.count())
                      if isinstance(self.target_combo.itemData(i), SectionView) and not self.target_combo.itemData(i).is_full), 0)
        self.target_combo.setCurrentIndex(first)
        self._update()

    def current_target(self) -> SectionView | None:
        data = self.target_combo.currentData()
        return data if isinstance(data, SectionView) and not data.is_full else None

    def _update(self) -> None:
        transfer = self.transfer_radio.isChecked()
        self.target_combo.setEnabled(transfer and not self.busy)
        self.ok_button.setText(self.tr("&Transfer") if transfer else self.tr("&Withdraw"))
        paid = format_cents(self.net_paid_cents, self._locale)
        target = self.current_target()
        if not transfer:
            self.money_label.setText(
                self.tr(
                    "Paid so far: {paid}. It stays as credit on the student's account; to give money back, use Refunds after "
                    "the withdrawal."
                ).format(paid=paid)
                if self.net_paid_cents
                else self.tr("Nothing has been paid, so no credit is created.")
            )
        elif target is None:
            self.money_label.setText(self.tr("Choose the section to move to."))
        elif target.id in self._own_course_sections:
            moved = (
                self.tr("the price, tax and the {paid} paid").format(paid=paid)
                if self.net_paid_cents
                else self.tr("the price and tax")
            )
            self.money_label.setText(self.tr("Same course: {moved} move with the enrollment.").format(moved=moved))
        else:
            credit = (
                self.tr("The {paid} paid stays as credit on the student's account.").format(paid=paid)
                if self.net_paid_cents else self.tr("Nothing has been paid, so no credit is created.")
            )
            self.money_label.setText(
                self.tr(
                    "Another course: this enrollment is withdrawn and a new one opens at that course's price. {credit}"
                ).format(credit=credit)
            )
        self.ok_button.setEnabled(not self.busy and (not transfer or target is not None))

    def on_ok_clicked(self) -> None:
        try:
            reason = clean_reason(self.reason_edit.text())
        except InvalidInput as exc:
            self.reason_error.setText(exc.text())
            self.reason_error.show()
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.reason_error.hide()
        self.error_label.hide()
        self.busy = True
        self._update()
        if self.transfer_radio.isChecked():
            target = self.current_target()
            if target is None:
                self.busy = False
                self._update()
                return
            op = Operation(self._service.transfer, self._actor, self._enrollment.id, target.id, reason)
        else:
            op = Operation(self._service.withdraw, self._actor, self._enrollment.id, reason)
        op.success(self._done).failure(self._show_error).owned_by(self).with_progress(self.tr("Saving…"), self).run_in(
            self._executor
        )

    def _done(self, result: ChangeResult) -> None:
        self.busy = False
        self.changed.emit(result)
        self.accept()

    def _show_error(self, error: BaseException) -> None:
        self.busy = False
        self.error_label.setText(describe_error(error))
        self.error_label.show()
        self._update()
