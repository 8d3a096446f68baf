"""Every window opens within the screen's available area and remembers its size.

One application-wide event filter (installed by `oncopos.ui.app.watch_every_window`) instead of a
rule per window: when a top-level window is first shown it gets the size it had last time (by
object name, in QSettings), never more than the available geometry of its screen (task bar and menu
bar excluded), and it is moved so that its frame lies inside that area. Its size is kept when it hides,
written a moment later (`SAVE_DELAY_MS`) with any other window's that hid meanwhile and at the
latest when the application quits: writing the settings file as the sign-in screen hides would
delay the main window's first paint. A window larger than the screen is not clipped: it shrinks,
and its tables scroll.
"""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSettings, QSize, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: Room for the window manager's title bar and borders, which frameGeometry only knows once mapped.
FRAME_ALLOWANCE = QSize(16, 40)
_FITTED = "oncoposFitted"
#: How long after a window hides its size is written (sizes kept meanwhile are written together).
SAVE_DELAY_MS = 1000


def fit_within(size: QSize, area: QRect) -> QSize:
    """`size` bounded to `area`, leaving room for the window frame."""
    room = area.size() - FRAME_ALLOWANCE
    return QSize(max(1, min(size.width(), room.width())), max(1, min(size.height(), room.height())))


def place_within(window: QWidget, area: QRect) -> None:
    """Resize and move `window` so that it, frame included, lies inside `area`."""
    window.resize(fit_within(window.size(), area))
    outer = window.size() + FRAME_ALLOWANCE
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.left() + max(area.width() - outer.width(), 0))
    y = min(max(frame.y(), area.top()), area.top() + max(area.height() - outer.height(), 0))
    if QPoint(x, y) != frame.topLeft():
        window.move(x, y)


class WindowFitter(QObject):
    def __init__(self, settings: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._unsaved: dict[str, QSize] = {}  # sizes kept, not yet written
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save)

    def settings(self) -> QSettings:
        return self._settings if self._settings is not None else QSettings()

    def save(self) -> None:
        """Write the sizes kept since the last write."""
        self._save_timer.stop()
        if not self._unsaved:
            return
        unsaved, self._unsaved = self._unsaved, {}
        settings = self.settings()
        for key, size in unsaved.items():
            settings.setValue(f"windows/{key}/size", size)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Hide) and isinstance(watched, QWidget) and self._is_window(watched):
            if kind == QEvent.Type.Show:
                self.fit(watched)
            else:
                self._remember(watched)
        return False

    @staticmethod
    def _is_window(widget: QWidget) -> bool:
        if not widget.isWindow():
            return False
        # `QtCore.Qt` read here, not at import: PySide6 builds the whole namespace on its first use
        # (about 30 ms), which the sign-in screen does not wait for (`fit` is called for it directly).
        kinds = QtCore.Qt.WindowType
        return widget.windowType() in (kinds.Window, kinds.Dialog, kinds.Tool)

    def fit(self, window: QWidget) -> None:
        """What `window`'s Show does: the size it had last time, within its screen."""
        screen = window.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        if not window.property(_FITTED):
            window.setProperty(_FITTED, True)
            key = _key(window)
            saved = self._unsaved.get(key)
            if saved is None:
                saved = self.settings().value(f"windows/{key}/size")
            if isinstance(saved, QSize) and saved.isValid() and not window.isMaximized():
                window.resize(saved.expandedTo(window.minimumSize()))
        if not window.isMaximized() and not window.isFullScreen():
            place_within(window, screen.availableGeometry())

    def _remember(self, window: QWidget) -> None:
        if window.property(_FITTED) and not window.isMaximized() and not window.isFullScreen():
            self._unsaved[_key(window)] = window.size()
            self._save_timer.start()


def _key(window: QWidget) -> str:
    """The window's name, or its class: one remembered size per kind of window."""
    return window.objectName() or type(window).__name__
