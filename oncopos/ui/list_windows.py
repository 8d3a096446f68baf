"""List windows (payment history, refunds to review, the training inbox) close on Esc, as dialogs do."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget


class _EscapeCloses(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A key no child used (a table, a field) reaches the window itself: Esc there closes it.
        if (watched is self._window and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self._window.close()
            return True
        return False


def close_on_escape(window: QWidget) -> QObject:
    return _EscapeCloses(window)
