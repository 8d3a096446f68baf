"""Run something once a widget has been painted: work the person should not wait for (rendering
a PDF, queueing emails) starts only after the screen it follows is on the glass."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: If no paint comes (a minimised or covered window), the work starts anyway after this long.
FALLBACK_MS = 1000


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint:
            # Queued: this paint finishes (and reaches the screen) before the work begins.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        callback, self._callback = self._callback, None
        if callback is None:
            return
        self._widget.removeEventFilter(self)
        self.deleteLater()
        callback()


def after_next_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` on the UI thread just after `widget`'s next paint (at once if it is hidden)."""
    if not widget.isVisible():
        QTimer.singleShot(0, callback)
        return
    _AfterPaint(widget, callback)
