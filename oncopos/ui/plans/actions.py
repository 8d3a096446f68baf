"""The plan commands of the main window: Student > Plan… and Account statement…, Payment >
Instalments due…. Each asks for its service when it acts, so a settings change reaches the next use."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog
from shiboken6 import isValid

from oncopos.domain.access import Actor, Permission
from oncopos.domain.messages import Message
from oncopos.ui.menus import shared_menu
from oncopos.ui.plans.due_list import DueListDialog, DuePort
from oncopos.ui.plans.editor import PlanEditorDialog, PlanPort
from oncopos.ui.plans.statement_dialog import StatementDialog, StatementPort

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow


class PlanDeskPort(PlanPort, DuePort, Protocol):
    """`oncopos.services.plans.PlanService`."""


@dataclass(frozen=True)
class PlanFeature:
    plans: Callable[[], PlanDeskPort]
    statements: Callable[[], StatementPort]
    tz: ZoneInfo
    locale: str = "en-CA"
    #: PlanReminders.close_link, asked when a link is closed (it builds the gateway on first use).
    close_link: Callable[[], Callable[[Actor, uuid.UUID], Message]] | None = None

    def attach(self, window: MainWindow) -> PlanActions:
        return PlanActions(window, self)


class PlanActions(QObject):
    def __init__(self, window: MainWindow, feature: PlanFeature) -> None:
        super().__init__(window)
        self._window, self._feature = window, feature
        self.dialog: QDialog | None = None  # the dialog open now (tests and screenshots look at it)

        def action(text: str, shortcut: str, slot: Callable[[], None], tip: str) -> QAction:
            act = QAction(text, window)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.plan_action = action(self.tr("&Plan…"), "Ctrl+Shift+L", self.on_plan,
                                  self.tr("The selected enrollment's deposit and instalments"))
        self.statement_action = action(self.tr("Account &statement…"), "Ctrl+Shift+S", self.on_statement,
                                       self.tr("Every charge, payment, refund and credit of the shown student"))
        self.due_action = action(self.tr("Instalments &due…"), "Ctrl+Shift+D", self.on_due,
                                 self.tr("Unpaid instalments due soon, and the overdue ones"))
        student = shared_menu(window, "&Student")
        student.addSeparator()
        student.addActions([self.plan_action, self.statement_action])
        student.aboutToShow.connect(self.update_actions)
        payment = shared_menu(window, "&Payment")
        payment.addSeparator()
        payment.addAction(self.due_action)
        payment.aboutToShow.connect(self.update_actions)
        window.enrollments_widget.selection_changed.connect(self.update_actions)
        self.update_actions()

    def update_actions(self) -> None:
        actor = self._window.actor
        widget = self._window.enrollments_widget
        self.plan_action.setEnabled(widget.selected_enrollment() is not None and actor.can(Permission.TAKE_PAYMENT))
        self.statement_action.setEnabled(widget.student is not None and actor.can(Permission.SEARCH_STUDENTS))
        self.due_action.setEnabled(actor.can(Permission.TAKE_PAYMENT))

    def on_plan(self) -> None:
        enrollment = self._window.enrollments_widget.selected_enrollment()
        if enrollment is None:
            self._window.statusBar().showMessage(self.tr("Select an enrollment first to see its plan."), 5000)
            return
        title = f"{enrollment.course_code} {enrollment.course_name}"
        provider = self._feature.close_link
        # The call builds the gateway (first use), on the worker that runs it, not when the dialog opens.
        close_link = None if provider is None else (lambda actor, instalment: provider()(actor, instalment))  # noqa: PLW0108
        dialog = PlanEditorDialog(self._feature.plans(), self._window.actor, enrollment.id, title,
                                  self._window.db_executor, locale=self._feature.locale, parent=self._window,
                                  close_link=close_link)
        dialog.plan_saved.connect(lambda _view: self._refresh_student())
        self._open(dialog)

    def _refresh_student(self) -> None:
        widget = self._window.enrollments_widget
        if widget.student is not None:
            widget.show_student(widget.student)  # keeps the enrollment selected

    def on_statement(self) -> None:
        student = self._window.enrollments_widget.student
        if student is None:
            self._window.statusBar().showMessage(self.tr("Select a student first to see their statement."), 5000)
            return
        self._open(StatementDialog(self._feature.statements(), self._window.actor, student.id, student.display_name,
                                   self._window.db_executor, tz=self._feature.tz, locale=self._feature.locale,
                                   parent=self._window))

    def on_due(self) -> None:
        self._open(DueListDialog(self._feature.plans(), self._window.actor, self._window.db_executor,
                                 locale=self._feature.locale, parent=self._window))

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def shutdown(self) -> None:
        # A dialog closed before deletes itself (WA_DeleteOnClose): closing it again would raise in the
        # window's closeEvent, and PySide6 6.11 crashes reporting an exception raised there.
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.close()
        self.dialog = None
