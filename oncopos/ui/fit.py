"""Dialogs as tall as their wrapped texts need.

Qt sizes a new dialog from its layout's size hint, which guesses the width a word-wrapped label will
get; at the dialog's real width the label needs more lines, and its last line is cut off. French
texts are about a fifth longer than English, so this shows first in French. The application-wide
filter here (see `oncopos.ui.app.watch_every_window`) grows each dialog, once shown, to the height
its layout needs at its width, and again whenever its layout changes while it is open (a text that
arrives and takes two lines, the drawer's count shown once the drawer is open): a dialog never keeps
a height that cuts its texts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def grow_to_wrapped_text(window: QWidget) -> None:
    """`window` at least as tall as its layout needs at its current width (never taller than the screen)."""
    layout = window.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    needed = window.heightForWidth(window.width())
    screen = window.screen()
    if screen is not None:
        needed = min(needed, screen.availableGeometry().height())
    if needed > window.height():
        window.resize(window.width(), needed)


class WrappedTextFitter(QObject):
    """An event filter: every dialog it watches (the application's, once installed there) grows to its
    wrapped texts when it is shown. Made by `oncopos.ui.app.configure_application`, one per application."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() == QEvent.Type.Show
        changed = event.type() == QEvent.Type.LayoutRequest
        if (shown or changed) and isinstance(watched, QDialog) and watched.isWindow() and (shown or watched.isVisible()):
            dialog = watched
            # After the event: the layout has then been given the dialog's real width and its new contents.
            QTimer.singleShot(0, dialog, lambda: grow_to_wrapped_text(dialog))
        return False
