"""Student > Invoices and credit notes… (Ctrl+I): the shown student's documents, to reprint,
print or email, from the main window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

from oncopos.ui.invoices.history import InvoiceHistoryDialog, InvoicePort
from oncopos.ui.menus import shared_menu

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow


@dataclass(frozen=True)
class InvoiceFeature:
    """The invoice feature: `invoices` is asked each time the history opens."""

    invoices: Callable[[], InvoicePort]
    tz: ZoneInfo

    def attach(self, window: MainWindow) -> InvoiceActions:
        return InvoiceActions(window, self.invoices, self.tz)


class InvoiceActions(QObject):
    def __init__(self, window: MainWindow, invoices: Callable[[], InvoicePort], tz: ZoneInfo) -> None:
        """`invoices` is asked each time the dialog opens: a settings change (business details) builds a
        new invoice service, and the next dialog uses it."""
        super().__init__(window)
        self._window, self._invoices, self._tz = window, invoices, tz
        self.dialog: InvoiceHistoryDialog | None = None
        self.history_action = QAction(self.tr("In&voices and credit notes…"), window)  # I is Import students…
        self.history_action.setShortcut(QKeySequence("Ctrl+I"))
        self.history_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.history_action.setStatusTip(self.tr("The shown student's invoices and credit notes: reprint, print or email"))
        self.history_action.triggered.connect(self.on_history)
        menu = shared_menu(window, "&Student")
        menu.addSeparator()
        menu.addAction(self.history_action)

    def on_history(self) -> None:
        student = self._window.enrollments_widget.student
        if student is None:
            self._window.statusBar().showMessage(self.tr("Select a student first to see their invoices."), 5000)
            return
        self.dialog = InvoiceHistoryDialog(
            self._invoices(), self._window.actor, student.id, student.display_name, self._window.db_executor,
            tz=self._tz, parent=self._window,
        )
        self.dialog.open()

    def shutdown(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
