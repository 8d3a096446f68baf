"""What the assistant's pages and the settings screen share: the services they use, a secret field
that never shows its value, and a label that reports a check's outcome."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from oncopos.config import Settings
from oncopos.domain.access import Actor
from oncopos.domain.checks import CheckResult
from oncopos.ui.form_fields import password_edit
from oncopos.ui.i18n import QT_TRANSLATE_NOOP, label_for
from oncopos.ui.operations import DatabaseExecutor, NetworkExecutor, Operation, describe_error

#: The set-up steps (oncopos.services.settings_store.SETUP_STEPS) as the assistant and the settings
#: screen name them, in the interface's language.
STEP_TITLES = {
    "business": QT_TRANSLATE_NOOP("SetupSteps", "Business details"),
    "desk": QT_TRANSLATE_NOOP("SetupSteps", "This desk"),
    "email": QT_TRANSLATE_NOOP("SetupSteps", "Email"),
    "stripe": QT_TRANSLATE_NOOP("SetupSteps", "Stripe and the card reader"),
    "central": QT_TRANSLATE_NOOP("SetupSteps", "Central database"),
}


def step_title(step: str) -> str:
    return label_for("SetupSteps", STEP_TITLES, step)


OK_STYLE = "color: #1b5e20;"  # dark green on white, 7.9:1
FAIL_STYLE = "color: #8a1c12;"  # dark red on white, the same as the form errors


@dataclass
class SetupServices:
    """Handed to the assistant and the settings screen by oncopos.ui.app (built from an AppContext)."""

    store: Any  # oncopos.services.settings_store.SettingsStore
    secrets: Any  # oncopos.adapters.secrets.SecretStore
    staff: Any  # oncopos.services.staff.StaffService (the assistant creates the administrator)
    settings: Callable[[], Settings]  # the settings the app runs with now
    db: DatabaseExecutor
    net: NetworkExecutor
    on_saved: Callable[[Settings], None] = lambda settings: None  # apply without a restart
    # A secret replaced in the keyring (the Stripe key): services that read it at build time are rebuilt.
    on_secret_saved: Callable[[str], None] = lambda name: None
    # The trusted certificates for SMTP; None means the system's (tests pass their own CA).
    smtp_ssl_context: ssl.SSLContext | None = None
    # oncopos.services.terminal.TerminalAdministration, built on first use (on a worker thread):
    # the Stripe section lists, creates and tests through it, never through a gateway.
    terminal: Callable[[], Any] | None = None

    def run_db(self, owner: QWidget, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
               failed: Callable[[BaseException], None], progress: str | None = None) -> None:
        op = Operation(fn, *args).success(done).failure(failed).owned_by(owner)
        if progress:
            op.with_progress(progress, parent=owner)
        op.run_in(self.db)

    def run_net(self, owner: QWidget, fn: Callable[..., Any], *args: Any, done: Callable[[Any], None],
                failed: Callable[[BaseException], None], progress: str) -> None:
        Operation(fn, *args).success(done).failure(failed).with_progress(progress, parent=owner).owned_by(owner).run_in(
            self.net)


class CheckLabel(QLabel):
    """The outcome of a check, in words, green or red; hidden until a check has run."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.ok: bool | None = None
        self.hide()

    def show_result(self, result: CheckResult) -> None:
        self.ok = result.ok
        mark = "✔ " if result.ok else "✘ "
        self.setText(mark + "\n".join((result.message, *result.details)))
        self.setStyleSheet(OK_STYLE if result.ok else FAIL_STYLE)
        self.show()

    def show_error(self, error: BaseException) -> None:
        self.show_result(CheckResult.failed(describe_error(error)))

    def show_busy(self, text: str) -> None:
        self.ok = None
        self.setStyleSheet("")
        self.setText(text)
        self.show()


class SecretField(QWidget):
    """Shows only whether a secret is set; Replace opens a masked field, Save puts it in the keyring.

    The value is never read back from the keyring into a widget, and the edit is cleared once saved.
    """

    saved = Signal(str)  # the secret's name

    def __init__(self, name: str, services: SetupServices, actor: Callable[[], Actor | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._services = services
        self._actor = actor
        self.setObjectName(f"{name}Secret")
        self.state_label = QLabel(self)
        self.state_label.setObjectName(f"{name}State")
        self.replace_button = QPushButton(self.tr("Replace…"), self)
        self.replace_button.setObjectName(f"{name}Replace")
        self.edit = password_edit(self, f"{name}Edit")
        self.save_button = QPushButton(self.tr("Save in keyring"), self)
        self.save_button.setObjectName(f"{name}Save")
        self.error = CheckLabel(f"{name}Error", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.state_label)
        row.addWidget(self.edit, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.replace_button)
        row.addWidget(self.error, 1)
        self.replace_button.clicked.connect(self.on_replace_clicked)
        self.save_button.clicked.connect(self.on_save_clicked)
        self.edit.returnPressed.connect(self.on_save_clicked)
        self.refresh()

    def is_set(self) -> bool:
        try:
            return self._services.secrets.get(self.name) is not None
        except Exception as exc:  # no keyring on this computer: say so where the secret would go
            self.error.show_error(exc)
            return False

    def refresh(self) -> None:
        present = self.is_set()
        self.state_label.setText("set" if present else self.tr("not set"))
        self.replace_button.setText(self.tr("Replace…") if present else self.tr("Set…"))
        self._editing(not present)

    def _editing(self, editing: bool) -> None:
        self.edit.setVisible(editing)
        self.save_button.setVisible(editing)
        self.replace_button.setVisible(not editing)

    def on_replace_clicked(self) -> None:
        self._editing(True)
        self.edit.setFocus()

    def pending(self) -> str:
        return self.edit.text()

    def on_save_clicked(self) -> None:
        actor = self._actor()
        if actor is None or not self.edit.text():
            return
        value = self.edit.text()
        self._services.run_db(self, self._services.store.replace_secret, actor, self._services.secrets, self.name, value,
                              done=self._on_saved, failed=self.error.show_error)

    def _on_saved(self, _result: object) -> None:
        self.edit.clear()
        self.error.hide()
        self.refresh()
        self._services.on_secret_saved(self.name)
        self.saved.emit(self.name)
