"""Signing in at the desk: the login dialog, and the first run's "create the administrator" dialog.

Both run the core call on the database executor (an argon2 check takes about 0.1 s, a lockout
answer comes from the database) and report the outcome through `signed_in`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.staff import TRAINING_ACCOUNTS, TRAINING_PASSWORD
from oncopos.ui.form_fields import password_edit
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, label_for
from oncopos.ui.operations import Executor, Operation, describe_error, error_field
from oncopos.ui.session.first_admin import FirstAdminForm

ROLE_NAMES = {
    "registrar": QT_TRANSLATE_NOOP("LoginDialog", "registrar"),
    "manager": QT_TRANSLATE_NOOP("LoginDialog", "manager"),
    "admin": QT_TRANSLATE_NOOP("LoginDialog", "administrator"),
}


class SignInPort(Protocol):
    """What these dialogs need from `oncopos.services.staff.StaffService`."""

    def sign_in(self, username: str, password: str, *, replacing: Actor | None = None) -> Actor: ...
    def create_first_admin(self, username: str, password: str, display_name: str) -> Actor: ...


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setAccessibleName(QCoreApplication.translate("login", "Error"))
    label.hide()
    return label


class LoginDialog(QDialog):
    """User name and password. `replacing` makes it the "Switch user" dialog."""

    signed_in = Signal(object)  # Actor

    def __init__(
        self,
        staff: SignInPort,
        executor: Executor,
        *,
        workstation_id: str,
        business_name: str,
        training: bool,
        replacing: Actor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self._executor = executor
        self._replacing = replacing
        self.actor: Actor | None = None
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Switch user — OncoPOS") if replacing else self.tr("Sign in — OncoPOS"))
        self.setModal(True)

        title = QLabel(f"{business_name} · {workstation_id}", self)
        title.setObjectName("dialogTitle")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        title.setFont(font)
        self.intro_label = intro = QLabel(
            self.tr(
                "{username} is signed in. The next person signs in here; {username}'s work stays recorded under their name."
            ).format(username=replacing.username)
            if replacing
            else self.tr("Sign in with your own user name and password."),
            self,
        )
        intro.setWordWrap(True)

        self.username_edit = QLineEdit(self)
        self.username_edit.setObjectName("usernameEdit")
        self.username_edit.setPlaceholderText(self.tr("e.g. rita.cote"))
        self.password_edit = password_edit(self, "passwordEdit")
        form = QFormLayout()
        form.addRow(self.tr("&User name"), self.username_edit)
        form.addRow(self.tr("&Password"), self.password_edit)

        self.error_label = _error_label(self)
        # By keyword: a positional parent is also tried as a Qt.Orientation, which makes PySide6 build
        # its whole `Qt` namespace (about 30 ms) before the sign-in screen paints.
        self.buttons = QDialogButtonBox(parent=self)
        self.sign_in_button = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel") if replacing else self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.on_sign_in_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        # Training only: the ready-made accounts, so a trainee never needs a real password.
        self.training_label: QLabel | None = None
        if training:
            self.training_label = QLabel(self._training_text(), self)
            self.training_label.setObjectName("trainingAccounts")
            # Rich text by the label's automatic format, which finds the leading <b> (the French text
            # begins with it too; tests/ui/test_login.py checks both). Setting the format would make
            # PySide6 build its whole `Qt` namespace before the first paint (about 30 ms).
            self.training_label.setWordWrap(True)
            layout.addWidget(self.training_label)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.username_edit.setFocus()

    @staticmethod
    def _training_text() -> str:
        rows = "".join(
            f"<tr><td><b>{a.username}</b>&nbsp;&nbsp;</td><td>{label_for('LoginDialog', ROLE_NAMES, a.role.value)}</td></tr>"
            for a in TRAINING_ACCOUNTS
        )
        return QCoreApplication.translate(
            "LoginDialog",
            "<b>Training accounts</b> (training mode only)<table>{rows}</table>Password for each: <b>{TRAINING_PASSWORD}</b>",
        ).format(rows=rows, TRAINING_PASSWORD=TRAINING_PASSWORD)

    def on_sign_in_clicked(self) -> None:
        username = self.username_edit.text().strip()
        password = self.password_edit.text()
        if not username or not password:
            self.show_error(self.tr("Enter your user name and your password."))
            (self.username_edit if not username else self.password_edit).setFocus()
            return
        self._set_busy(True)
        (
            Operation(self._staff.sign_in, username, password, replacing=self._replacing)
            .success(self._on_signed_in)
            .failure(self._on_failed)
            .with_progress(self.tr("Signing in…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _on_signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.password_edit.clear()
        self.signed_in.emit(actor)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password_edit.clear()
        self.show_error(describe_error(error))
        self.password_edit.setFocus()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username_edit, self.password_edit, self.sign_in_button):
            widget.setEnabled(not busy)


class FirstAdminDialog(QDialog):
    """A new database has no staff: the first person creates the administrator account."""

    signed_in = Signal(object)  # Actor

    def __init__(self, staff: SignInPort, executor: Executor, *, workstation_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._staff = staff
        self._executor = executor
        self.actor: Actor | None = None
        self.setObjectName("firstAdminDialog")
        self.setWindowTitle(self.tr("Create the administrator account — OncoPOS"))
        self.setModal(True)

        intro = QLabel(
            self.tr(
                "Welcome to OncoPOS on {workstation_id}. There are no staff accounts yet. Create the administrator account: the "
                "administrator then creates an account for each registrar and manager, so every action is done under a person's "
                "own name."
            ).format(workstation_id=workstation_id),
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.form = FirstAdminForm(self, form)
        self.name_edit, self.username_edit = self.form.name_edit, self.form.username_edit
        self.password_edit, self.confirm_edit = self.form.password_edit, self.form.confirm_edit

        self.error_label = _error_label(self)
        self.buttons = QDialogButtonBox(parent=self)  # by keyword: see LoginDialog
        self.create_button = self.buttons.addButton(self.tr("Create and sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.on_create_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.name_edit.setFocus()

    def on_create_clicked(self) -> None:
        if (differ := self.form.passwords_differ()) is not None:
            self.error_label.setText(differ)
            self.error_label.show()
            return
        self.create_button.setEnabled(False)
        (
            Operation(self._staff.create_first_admin, *self.form.values())
            .success(self._on_created)
            .failure(self._on_failed)
            .with_progress(self.tr("Creating the account…"), parent=self)
            .owned_by(self)
            .run_in(self._executor)
        )

    def _on_created(self, actor: Actor) -> None:
        self.actor = actor
        self.signed_in.emit(actor)
        self.accept()

    def _on_failed(self, error: BaseException) -> None:
        self.create_button.setEnabled(True)
        self.error_label.setText(describe_error(error))
        self.error_label.show()
        field = error_field(error)
        target = {"username": self.username_edit, "display_name": self.name_edit}.get(field or "", self.password_edit)
        target.setFocus()
