"""A person changes their own password: the current one, then the new one twice."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from oncopos.domain.access import Actor
from oncopos.domain.staff import PASSWORD_MIN
from oncopos.ui.form_fields import password_edit
from oncopos.ui.operations import Executor, Operation, describe_error, error_field


class PasswordPort(Protocol):
    def change_password(self, actor: Actor, current: str, new: str) -> None: ...


class ChangePasswordDialog(QDialog):
    changed = Signal()

    def __init__(self, staff: PasswordPort, executor: Executor, *, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._staff = staff
        self._executor = executor
        self._actor = actor
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(self.tr("Change the password of {username} — OncoPOS").format(username=actor.username))
        self.setModal(True)
        self.current_edit = password_edit(self, "currentPasswordEdit")
        self.new_edit = password_edit(self, "newPasswordEdit")
        self.new_edit.setPlaceholderText(self.tr("at least {PASSWORD_MIN} characters").format(PASSWORD_MIN=PASSWORD_MIN))
        self.confirm_edit = password_edit(self, "confirmPasswordEdit")
        form = QFormLayout()
        form.addRow(self.tr("&Current password"), self.current_edit)
        form.addRow(self.tr("&New password"), self.new_edit)
        form.addRow(self.tr("&Again"), self.confirm_edit)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.change_button = self.buttons.addButton(self.tr("Change password"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.change_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_change_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def on_change_clicked(self) -> None:
        if self.new_edit.text() != self.confirm_edit.text():
            self._show_error(self.tr("The two new passwords differ. Type the same new password twice."))
            self.confirm_edit.clear()
            self.confirm_edit.setFocus()
            return
        self.change_button.setEnabled(False)
        (
            Operation(self._staff.change_password, self._actor, self.current_edit.text(), self.new_edit.text())
            .success(self._on_changed)
            .failure(self._on_failed)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _on_changed(self, _result: object) -> None:
        for edit in (self.current_edit, self.new_edit, self.confirm_edit):
            edit.clear()
        self.changed.emit()
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.change_button.setEnabled(True)
        self._show_error(describe_error(error))
        if error_field(error) == "password":
            self.new_edit.setFocus()
        else:
            self.current_edit.clear()
            self.current_edit.setFocus()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
