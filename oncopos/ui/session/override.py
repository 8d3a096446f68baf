"""A manager approves one action on a registrar's screen with their own user name, password and a reason.

    dialog = ManagerOverrideDialog(staff, executor, actor=window.actor, permission=Permission.REFUND,
                                   subject=subject("payment_id", payment.id),
                                   action_text="refund $120.00 to Émilie Bérubé", parent=window)
    dialog.approved.connect(lambda approved_actor: refunds.refund(approved_actor, payment.id, ...))
    dialog.open()

The Actor it hands back carries the approval: for that one permission on that one subject, used by
the first call that needs it, within a few minutes. Use it for that call and drop it.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from oncopos.domain.access import Actor, Permission
from oncopos.ui.form_fields import password_edit
from oncopos.ui.operations import Executor, Operation, describe_error, error_field
from oncopos.ui.session.roles import role_label


class OverridePort(Protocol):
    def approve_override(
        self, actor: Actor, permission: Permission, manager_username: str, manager_password: str, reason: str,
        *, subject: str | None = None,
    ) -> Actor: ...


class ManagerOverrideDialog(QDialog):
    approved = Signal(object)  # the Actor carrying the approval of this one action

    def __init__(
        self,
        staff: OverridePort,
        executor: Executor,
        *,
        actor: Actor,
        permission: Permission,
        action_text: str,
        subject: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._executor = executor
        self._actor = actor
        self._permission = permission
        self._subject = subject
        self.approved_actor: Actor | None = None
        self.setObjectName("managerOverrideDialog")
        self.setWindowTitle(self.tr("Manager approval — OncoPOS"))
        self.setModal(True)

        role = role_label(actor.role)
        self.intro_label = intro = QLabel(
            self.tr("{user} ({role}) may not {action} alone. A manager can approve this one action with their own "
                    "user name and password. The approval is for this action only, is used once and expires within "
                    "minutes; it and its reason are kept in the audit trail under both names.")
            .format(user=actor.username, role=role, action=action_text),
            self,
        )
        intro.setWordWrap(True)
        self.manager_edit = QLineEdit(self)
        self.manager_edit.setObjectName("managerUsernameEdit")
        self.password_edit = password_edit(self, "managerPasswordEdit")
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("e.g. student withdrew in the first week"))
        self.reason_edit.setMaxLength(200)
        form = QFormLayout()
        form.addRow(self.tr("&Manager"), self.manager_edit)
        form.addRow(self.tr("&Password"), self.password_edit)
        form.addRow(self.tr("&Reason"), self.reason_edit)

        self.error_label = QLabel(self)
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.approve_button = self.buttons.addButton(self.tr("Approve"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.approve_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_approve_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.manager_edit.setFocus()

    def on_approve_clicked(self) -> None:
        if not self.manager_edit.text().strip() or not self.password_edit.text():
            self._show_error(self.tr("The manager types their user name and password."))
            return
        self.approve_button.setEnabled(False)
        (
            Operation(
                self._approve, self.manager_edit.text(), self.password_edit.text(), self.reason_edit.text(),
            )
            .success(self._on_approved)
            .failure(self._on_failed)
            .with_progress(self.tr("Checking the manager's password…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _approve(self, manager: str, password: str, reason: str) -> Actor:
        return self._staff.approve_override(self._actor, self._permission, manager, password, reason,
                                            subject=self._subject)

    def _on_approved(self, actor: Actor) -> None:
        self.approved_actor = actor
        self.password_edit.clear()
        self.approved.emit(actor)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.approve_button.setEnabled(True)
        self.password_edit.clear()
        self._show_error(describe_error(error))
        field = error_field(error)
        (self.reason_edit if field == "reason" else self.password_edit).setFocus()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()
