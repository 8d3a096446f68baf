"""The window's registration commands: New student, Edit student, Enroll, Withdraw or transfer, and
the manager's Course catalogue.

Kept out of main_window.py so the window stays small: the window makes one `RegistrationActions`
and this object adds its menu, toolbar and shortcuts, opens the dialogs and refreshes the window
when they save. It reads the window's `actor` at the moment of each action, so a "Switch user"
takes effect at once.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QToolBar

from oncopos.domain.access import Permission
from oncopos.domain.money import format_cents
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.services.registration_records import ChangeResult, EnrollResult, StudentRecord
from oncopos.ui.catalogue.view import CataloguePort, CatalogueView
from oncopos.ui.menus import shared_menu
from oncopos.ui.registration.enroll_dialog import EnrollDialog, EnrollPort
from oncopos.ui.registration.import_dialog import ImportDialog, ImportPort, describe_report
from oncopos.ui.registration.student_editor import RegistrationPort, StudentEditorDialog
from oncopos.ui.registration.withdraw_dialog import ChangePort, WithdrawTransferDialog

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


class EnrollmentsPort(EnrollPort, ChangePort, Protocol):
    """`oncopos.services.enrollments.EnrollmentService`, as the dialogs use it."""


@dataclass(frozen=True)
class RegistrationServices:
    """The registration feature. These services read only start-up settings (oncopos.bootstrap's
    DeskServices): a settings change never replaces them, so they are held, not asked for."""

    registration: RegistrationPort
    catalogue: CataloguePort
    enrollments: EnrollmentsPort
    student_import: ImportPort | None = None  # None: no "Import students…" command

    def attach(self, window: MainWindow) -> RegistrationActions:
        return RegistrationActions(window, self, window.settings.locale)


class RegistrationActions(QObject):
    def __init__(self, window: MainWindow, services: RegistrationServices, locale: str = "en-CA") -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._locale = locale
        self.dialog: QDialog | None = None  # the dialog open now (tests and screenshots look at it)
        self._select_after_load: uuid.UUID | None = None
        # Said once the student's enrollments are back, after the window's own "N enrollments".
        self._message_after_load: str | None = None

        def action(text: str, shortcut: str, slot: Any, tip: str) -> QAction:
            act = QAction(text, window)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setStatusTip(tip)
            act.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcut})")
            act.triggered.connect(slot)
            return act

        self.new_student_action = action(
            self.tr("&New student…"), "Ctrl+N", self.on_new_student, self.tr("Register a walk-in student")
        )
        self.edit_student_action = action(
            self.tr("&Edit student…"), "F2", self.on_edit_student, self.tr("Correct the shown student's details")
        )
        self.enroll_action = action(
            self.tr("En&roll…"), "Ctrl+E", self.on_enroll, self.tr("Enroll the shown student in a course section")
        )
        self.withdraw_action = action(
            self.tr("&Withdraw or transfer…"),
            "Ctrl+Shift+W",
            self.on_withdraw,
            self.tr("Withdraw the selected enrollment or move it"),
        )
        self.import_action = action(
            self.tr("&Import students…"),
            "Ctrl+Shift+I",
            self.on_import,
            self.tr("Import the school's student list from a CSV file"),
        )
        self.catalogue_action = action(
            self.tr("&Course catalogue…"), "Ctrl+Shift+K", self.on_catalogue, self.tr("Courses, sections and prices")
        )

        student_menu = shared_menu(window, "&Student")
        student_menu.addActions([self.new_student_action, self.edit_student_action])
        student_menu.addSeparator()
        student_menu.addActions([self.enroll_action, self.withdraw_action])
        if services.student_import is not None:
            student_menu.addSeparator()
            student_menu.addAction(self.import_action)
        self.manager_menu = shared_menu(window, "&Manager")
        self.manager_menu.addAction(self.catalogue_action)
        self.manager_menu.aboutToShow.connect(self.update_actions)
        student_menu.aboutToShow.connect(self.update_actions)

        self.toolbar = QToolBar(self.tr("Registration"), window)
        self.toolbar.setObjectName("registrationToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([self.new_student_action, self.edit_student_action, self.enroll_action, self.withdraw_action])
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        enrollments = window.enrollments_widget
        enrollments.enrollments_loaded.connect(self.on_enrollments_loaded)
        enrollments.selection_changed.connect(self.update_actions)
        self.update_actions()

    # -- state ---------------------------------------------------------------------------------

    @property
    def actor(self) -> Any:
        return self._window.actor

    def shown_student(self) -> StudentSummary | None:
        return self._window.enrollments_widget.student

    def selected_enrollment(self) -> EnrollmentSummary | None:
        return self._window.enrollments_widget.selected_enrollment()

    def update_actions(self) -> None:
        actor = self.actor
        student = self.shown_student()
        enrollment = self.selected_enrollment()
        self.new_student_action.setEnabled(actor.can(Permission.EDIT_STUDENTS))
        self.import_action.setEnabled(actor.can(Permission.EDIT_STUDENTS) and actor.can(Permission.ENROLL))
        self.edit_student_action.setEnabled(student is not None and actor.can(Permission.EDIT_STUDENTS))
        self.enroll_action.setEnabled(student is not None and actor.can(Permission.ENROLL))
        self.withdraw_action.setEnabled(
            enrollment is not None and enrollment.status == "active" and actor.can(Permission.ENROLL)
        )
        # Hidden rather than greyed: a registrar has no use for the manager's screens.
        self.catalogue_action.setVisible(actor.can(Permission.MANAGE_CATALOGUE))
        self.manager_menu.menuAction().setVisible(any(a.isVisible() for a in self.manager_menu.actions()))

    def on_enrollments_loaded(self, _student_id: object) -> None:
        wanted, self._select_after_load = self._select_after_load, None
        message, self._message_after_load = self._message_after_load, None
        if message:
            self._window.statusBar().showMessage(message)
        if wanted is not None:
            model = self._window.enrollments_widget.model
            row = next((r for r in range(model.rowCount()) if (e := model.row_at(r)) and e.id == wanted), -1)
            if row >= 0:
                view = self._window.enrollments_widget.table_view
                view.selectionModel().setCurrentIndex(
                    model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
                )
                view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.update_actions()

    # -- commands ------------------------------------------------------------------------------

    def on_new_student(self) -> None:
        self._open(StudentEditorDialog(self._services.registration, self._window.db_executor, self.actor, parent=self._window))

    def on_edit_student(self) -> None:
        student = self.shown_student()
        if student is not None:
            self._open(
                StudentEditorDialog(
                    self._services.registration, self._window.db_executor, self.actor, student_id=student.id, parent=self._window
                )
            )

    def on_enroll(self) -> None:
        student = self.shown_student()
        if student is None:
            return
        dialog = EnrollDialog(
            self._services.catalogue, self._services.enrollments, self._window.db_executor, self.actor, student,
            locale=self._locale, parent=self._window,
        )
        dialog.enrolled.connect(lambda result: self.on_enrolled(student, result))
        self._open(dialog)

    def on_withdraw(self) -> None:
        enrollment, student = self.selected_enrollment(), self.shown_student()
        if enrollment is None or student is None:
            return
        dialog = WithdrawTransferDialog(
            self._services.enrollments, self._window.db_executor, self.actor, enrollment, locale=self._locale,
            parent=self._window,
        )
        dialog.changed.connect(lambda result: self.on_changed(student, result))
        self._open(dialog)

    def on_import(self) -> None:
        if self._services.student_import is None:
            return
        dialog = ImportDialog(self._services.student_import, self._window.db_executor, self.actor, parent=self._window)
        dialog.imported.connect(
            lambda report: self._window.statusBar().showMessage(
                self.tr("Imported {describe_report}.").format(describe_report=describe_report(report))
            )
        )
        self._open(dialog)

    def on_catalogue(self) -> None:
        view = CatalogueView(self._services.catalogue, self._window.db_executor, self.actor, locale=self._locale,
                             parent=self._window)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = view
        view.show()

    def _open(self, dialog: QDialog) -> None:
        if isinstance(dialog, StudentEditorDialog):
            dialog.student_saved.connect(self.on_student_saved)
            dialog.open_existing_requested.connect(self._show_student)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        # open(), not exec(): window-modal without a nested event loop.
        dialog.open()

    # -- after a dialog saved ------------------------------------------------------------------

    def _show_student(self, student: StudentSummary) -> None:
        # Listed in the search results too, so Enter and the arrows keep working from there.
        self._window.search_widget.search_edit.setText(student.student_number)
        self._window.on_student_selected(student)

    def on_student_saved(self, record: StudentRecord) -> None:
        self._message_after_load = self.tr("Saved {first_name} {last_name} ({student_number}).").format(
            first_name=record.first_name, last_name=record.last_name, student_number=record.student_number
        )
        self._show_student(record.summary())

    def on_enrolled(self, student: StudentSummary, result: EnrollResult) -> None:
        quote = result.quote
        deposit = (
            self.tr(" First payment: at least {amount}.").format(amount=format_cents(quote.min_first_payment_cents, self._locale))
            if quote.min_first_payment_cents else ""
        )
        self._select_after_load = result.enrollment_id
        total = format_cents(quote.total_cents, self._locale)
        # Offered, not opened: the new enrollment is selected, so Enter (or Take payment…) collects it now.
        offer = self.tr(" Press Enter or Take payment… to collect a payment now.") if quote.total_cents > 0 else ""
        self._message_after_load = self.tr("Enrolled in {code}: total {total}.{deposit}{offer}").format(
            code=result.section.code, total=total, deposit=deposit, offer=offer
        )
        self._window.on_student_selected(student)

    def on_changed(self, student: StudentSummary, result: ChangeResult) -> None:
        self._select_after_load = result.new_enrollment_id or result.enrollment_id
        self._message_after_load = result.message
        self._window.on_student_selected(student)

    def shutdown(self) -> None:
        """Dialogs are children of the window and close with it; nothing of its own runs."""
