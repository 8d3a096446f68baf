"""The window half of `oncopos self-check`: open the real main window offscreen, then close it.

It proves what a frozen build most often gets wrong on a new PC: the Qt platform plugins, the
system's OpenGL/EGL libraries, fonts and the stylesheet. The caller (oncopos.selfcheck) sets
QT_QPA_PLATFORM=offscreen before this module imports Qt.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from oncopos.domain.access import Actor, Role
from oncopos.ui.app import show_main_window

log = logging.getLogger(__name__)

SHOW_TIMEOUT_SECONDS = 10.0


def _process_events_until(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def _qt_message_to_log(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    # Qt's chatter ("This plugin does not support propagateSizeHints()") belongs in app.log, not
    # between the self-check's result lines.
    level = logging.DEBUG if mode in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) else logging.WARNING
    log.log(level, "Qt: %s", message)


def open_and_close_main_window(app_context: Any) -> str:
    """Show the main window for a training registrar, check it painted, close it; returns a summary."""
    previous = qInstallMessageHandler(_qt_message_to_log)
    try:
        existing = QApplication.instance()
        app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0] if sys.argv else "oncopos"])
        return _show_and_close(app, app_context)
    finally:
        qInstallMessageHandler(previous)


def _show_and_close(app: QApplication, app_context: Any) -> str:
    settings = app_context.settings
    # The window is opened as a registrar would see it; no password is involved in a self-check.
    actor = Actor(staff_id=None, username="self-check", role=Role.REGISTRAR, workstation_id=settings.workstation_id)
    window = show_main_window(app, app_context, actor)  # makes and shuts down its own executors
    try:
        if not _process_events_until(lambda: window.isVisible() and window.windowHandle() is not None
                                     and window.windowHandle().isExposed(), SHOW_TIMEOUT_SECONDS):
            raise AssertionError(f"the main window was not shown within {SHOW_TIMEOUT_SECONDS:.0f} s")
        image = window.grab().toImage()
        if image.isNull() or image.width() < 200 or image.height() < 200:
            raise AssertionError(f"the main window rendered a {image.width()}x{image.height()} image")
        # A window that painted only its background colour means widgets or styles failed to draw.
        colours = {image.pixel(x, y) for x in range(0, image.width(), 17) for y in range(0, image.height(), 17)}
        if len(colours) < 3:
            raise AssertionError("the main window painted a blank surface")
        title, size = window.windowTitle(), f"{window.width()}x{window.height()}"
    finally:
        window.close()
        QCoreApplication.processEvents()
        closed = not window.isVisible()
        window.deleteLater()
    if not closed:
        raise AssertionError("the main window did not close")
    platform = QApplication.platformName()
    return QCoreApplication.translate(
        "selfcheck_window", "'{title}' shown at {size} ({platform}, {count} colours painted) and closed"
    ).format(title=title, size=size, platform=platform, count=len(colours))
