"""Administrators manage staff accounts in the window: the list, a new account, a password reset,
a deactivation.

On a desk that shares its staff with a central database, the central database accepts an account
or a password only as the acting administrator's authenticated change: the forms then ask for that
administrator's own password and pass it as `admin_password` (it is checked there, never stored).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor, Role
from oncopos.domain.staff import PASSWORD_MIN, StaffAccount
from oncopos.ui.form_fields import password_edit
from oncopos.ui.messages import MessageLabel, Tone
from oncopos.ui.operations import Executor, Operation, describe_error, error_field
from oncopos.ui.session.roles import role_label
from oncopos.ui.table_model import RowTableModel


class StaffAdminPort(Protocol):
    """The parts of `oncopos.services.staff.StaffService` an administrator uses from the window."""

    def changes_need_admin_password(self) -> bool: ...
    def list_staff(self, actor: Actor) -> list[StaffAccount]: ...
    def create_staff(self, actor: Actor, username: str, password: str, role: Role, display_name: str, *,
                     origin: str = "app", admin_password: str | None = None) -> StaffAccount: ...
    def reset_password(self, actor: Actor, username: str, new_password: str, *, origin: str = "app",
                       admin_password: str | None = None) -> StaffAccount: ...
    def deactivate(self, actor: Actor, username: str) -> StaffAccount: ...


class StaffTableModel(RowTableModel[StaffAccount]):
    def headers(self) -> Sequence[str]:
        return (self.tr("User name"), self.tr("Name"), self.tr("Role"), self.tr("State"))

    def display(self, row: StaffAccount, column: int) -> Any:
        if column == 0:
            return row.username
        if column == 1:
            return row.display_name
        if column == 2:
            return role_label(row.role)
        if not row.active:
            return self.tr("Deactivated")
        return self.tr("Locked out") if row.locked_at(datetime.now(UTC)) else self.tr("Active")


class StaffAccountsView(QDialog):
    """Manager > Staff accounts… (administrators)."""

    def __init__(self, staff: StaffAdminPort, executor: Executor, *, actor: Callable[[], Actor],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._staff, self._executor, self._actor = staff, executor, actor
        self.account_dialog: StaffAccountDialog | None = None
        self.setObjectName("staffAccountsView")
        self.setWindowTitle(self.tr("Staff accounts — OncoPOS"))
        self.model = StaffTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()  # each column as wide as its words (« Nom d’utilisateur »), the name the rest
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.message = MessageLabel(self)
        self.new_button = QPushButton(self.tr("&New account…"), self)
        self.reset_button = QPushButton(self.tr("&Reset password…"), self)
        self.deactivate_button = QPushButton(self.tr("&Deactivate"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.new_button.clicked.connect(lambda: self._open_form(None))
        self.reset_button.clicked.connect(lambda: self._open_form(self.selected()))
        self.deactivate_button.clicked.connect(self.on_deactivate_clicked)
        self.close_button.clicked.connect(self.close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        buttons = QHBoxLayout()
        for button in (self.new_button, self.reset_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._update_buttons()

    def load(self) -> None:
        (Operation(self._staff.list_staff, self._actor()).success(self._show).failure(self._failed)
         .owned_by(self).run_in(self._executor))

    def selected(self) -> StaffAccount | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _show(self, accounts: list[StaffAccount]) -> None:
        self.model.set_rows(accounts)
        self._update_buttons()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(describe_error(error))
        self.message.show()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.reset_button.setEnabled(chosen is not None and chosen.active)
        self.deactivate_button.setEnabled(chosen is not None and chosen.active)

    def _open_form(self, account: StaffAccount | None) -> None:
        need_proof = self._staff.changes_need_admin_password()
        dialog = StaffAccountDialog(self._staff, self._executor, actor=self._actor(), account=account,
                                    admin_password_needed=need_proof, parent=self)
        dialog.saved.connect(self._saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.account_dialog = dialog
        dialog.open()

    def _saved(self, text: str) -> None:
        self.account_dialog = None
        self.message.show_message(text, Tone.SUCCESS)
        self.load()

    def on_deactivate_clicked(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        (Operation(self._staff.deactivate, self._actor(), chosen.username)
         .success(lambda a: self._saved(self.tr("{user} can no longer sign in.").format(user=a.username)))
         .failure(self._failed).owned_by(self).run_in(self._executor))


class StaffAccountDialog(QDialog):
    """A new account (`account` None) or a new password for `account`."""

    saved = Signal(str)  # what was done, for the list's message

    def __init__(self, staff: StaffAdminPort, executor: Executor, *, actor: Actor, account: StaffAccount | None,
                 admin_password_needed: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._staff, self._executor, self._actor, self._account = staff, executor, actor, account
        self.setObjectName("staffAccountDialog")
        self.setModal(True)
        self.setWindowTitle(self.tr("New staff account — OncoPOS") if account is None
                            else self.tr("New password for {user} — OncoPOS").format(user=account.username))
        form = QFormLayout()
        self.username_edit = QLineEdit(self)
        self.display_name_edit = QLineEdit(self)
        self.role_box = QComboBox(self)
        for role in (Role.REGISTRAR, Role.MANAGER, Role.ADMIN):
            self.role_box.addItem(role_label(role), role)
        if account is None:
            form.addRow(self.tr("&User name"), self.username_edit)
            form.addRow(self.tr("&Name"), self.display_name_edit)
            form.addRow(self.tr("R&ole"), self.role_box)
        self.password_edit = password_edit(self, "newPasswordEdit",
                                           placeholder=self.tr("at least {n} characters").format(n=PASSWORD_MIN))
        form.addRow(self.tr("&Password") if account is None else self.tr("&New password"), self.password_edit)
        # The central database accepts the change only with the acting administrator's own password.
        self.admin_password_edit: QLineEdit | None = None
        if admin_password_needed:
            self.admin_password_edit = password_edit(self, "adminPasswordEdit",
                                                     placeholder=self.tr("checked by the central database"))
            form.addRow(self.tr("&Your password ({user})").format(user=actor.username), self.admin_password_edit)
        self.message = MessageLabel(self)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            self.tr("Create account") if account is None else self.tr("Set password"),
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def on_save_clicked(self) -> None:
        proof = self.admin_password_edit.text() if self.admin_password_edit is not None else None
        if self.admin_password_edit is not None and not proof:
            self.message.setText(self.tr("Type your own password: the central database checks it before it accepts "
                                         "the change."))
            self.message.show()
            self.admin_password_edit.setFocus()
            return
        self.save_button.setEnabled(False)
        password, account, actor = self.password_edit.text(), self._account, self._actor
        if account is None:
            username, name = self.username_edit.text(), self.display_name_edit.text()
            role = Role(self.role_box.currentData())  # Qt hands the enum back as its string value
            op: Operation[Any] = Operation(self._staff.create_staff, actor, username, password, role, name,
                                           admin_password=proof)
            done = self.tr("Account {user} created.")
        else:
            op = Operation(self._staff.reset_password, actor, account.username, password, admin_password=proof)
            done = self.tr("New password set for {user}.")
        (op.success(lambda made: self._done(done.format(user=made.username))).failure(self._failed)
         .with_progress(self.tr("Saving…"), parent=self).owned_by(self).run_in(self._executor))

    def _done(self, text: str) -> None:
        for edit in (self.password_edit, self.admin_password_edit):
            if edit is not None:
                edit.clear()
        self.saved.emit(text)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if self.admin_password_edit is not None:
            self.admin_password_edit.clear()
        self.message.setText(describe_error(error))
        self.message.show()
        field = error_field(error)
        target = {"username": self.username_edit, "display_name": self.display_name_edit}.get(field or "",
                                                                                            self.password_edit)
        target.setFocus()
