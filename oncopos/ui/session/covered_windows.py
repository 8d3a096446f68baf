"""While the desk is locked, no other window of the session stays usable on top of the lock.

The main window is covered by the lock overlay; every other window of the application (a payment
dialog, the customer display, payment history, the audit trail, a message box) is hidden, and one
that opens while the desk is locked (a payment finishing behind the lock) is hidden as it appears.
Unlocking shows them again as they were. Hiding is not closing: a payment in flight keeps being
followed by its dialog's timers, and its result is on screen when the person is back.

A window the lock screen itself opens (the sign-in for "Switch user") sets the `LOCK_SCREEN`
property and stays.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

LOCK_SCREEN = "oncoposLockScreen"

# Pop-ups and tooltips close themselves; only real windows are put away.
_NOT_WINDOWS = frozenset({Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen,
                          Qt.WindowType.Desktop})


class CoveredWindows(QObject):
    def __init__(self, main_window: QWidget) -> None:
        super().__init__(main_window)
        self._main = main_window
        self._hidden: list[QWidget] = []
        self.covering = False

    def cover(self) -> None:
        self.covering = True
        for widget in QApplication.topLevelWidgets():
            if self._belongs(widget) and widget.isVisible():
                self._put_away(widget)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uncover(self) -> None:
        self.covering = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        hidden, self._hidden = self._hidden, []
        for widget in hidden:
            if isValid(widget):
                widget.show()

    def stop(self) -> None:
        """The session's window is closing: stop watching the application (nothing is shown again)."""
        self.covering = False
        self._hidden = []
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def hidden(self) -> list[QWidget]:
        return [w for w in self._hidden if isValid(w)]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (self.covering and event.type() == QEvent.Type.Show and isinstance(watched, QWidget)
                and watched.isWindow() and self._belongs(watched)):
            # Hidden right after it shows (hiding inside its own show event would be undone).
            QTimer.singleShot(0, lambda w=watched: self._put_away(w) if isValid(w) and self.covering else None)
        return False

    def _belongs(self, widget: QWidget) -> bool:
        return (widget is not self._main and widget.isWindow() and widget.windowType() not in _NOT_WINDOWS
                and not widget.property(LOCK_SCREEN))

    def _put_away(self, widget: QWidget) -> None:
        if widget.isVisible():
            widget.hide()
        if widget not in self._hidden:
            self._hidden.append(widget)
