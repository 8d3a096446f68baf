"""Start the desktop application: the only place a QApplication is made."""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

import oncopos
from oncopos.resources import resource_path
from oncopos.ui.main_window import MainWindow, StudentDirectoryPort, WindowSettings

logger = logging.getLogger(__name__)

#: Fonts known to carry French accents and the dashes and quotes the UI uses, best first.
PREFERRED_FONTS = ("DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial")
BASE_POINT_SIZE = 11


class AppContext(Protocol):
    """What `run_gui` needs from the composition root (`oncopos.bootstrap`).

    - ``settings``: `oncopos.config.Settings`, or anything with ``training: bool``,
      ``workstation_id: str``, ``business_name: str`` and ``locale: str`` ("en-CA"/"fr-CA").
    - ``student_directory``: a `StudentDirectory` (``search(text, limit=50)`` and
      ``enrollments(student_id)``), thread-safe: it is called from a worker thread.
    """

    @property
    def settings(self) -> WindowSettings: ...
    @property
    def student_directory(self) -> StudentDirectoryPort: ...


def configure_application(app: QApplication) -> None:
    """Names, icon, font and stylesheet; shared by `run_gui` and the screenshot script."""
    app.setApplicationName("OncoPOS")
    app.setOrganizationName("OncoOne")
    app.setApplicationVersion(oncopos.__version__)
    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "oncopos.svg"))))
    except FileNotFoundError:
        logger.warning("application icon missing", exc_info=True)
    app.setFont(_default_font())
    try:
        app.setStyleSheet(resource_path("styles", "oncopos.qss").read_text(encoding="utf-8"))
    except FileNotFoundError:
        # Unstyled is ugly but usable; refusing to start at the desk is not.
        logger.warning("stylesheet missing; using the platform style", exc_info=True)


def _default_font() -> QFont:
    _load_bundled_fonts()
    families = set(QFontDatabase.families())
    font = QFont(QApplication.font())
    for family in PREFERRED_FONTS:
        if family in families:
            font.setFamily(family)
            break
    else:
        logger.info("none of %s installed; keeping the system font %s", PREFERRED_FONTS, font.family())
    font.setPointSize(BASE_POINT_SIZE)
    return font


def _load_bundled_fonts() -> None:
    # A frozen build on a bare machine may have no font with accents: the TTFs shipped in
    # resources/fonts (used for PDFs) make "Émilie Bérubé-Lévesque" render anyway.
    try:
        fonts_dir = resource_path("fonts")
    except FileNotFoundError:
        return
    for path in sorted(fonts_dir.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            logger.warning("could not load font %s", path.name)


def show_main_window(app: QApplication, app_context: AppContext) -> MainWindow:
    """Configure `app` and show the main window built from `app_context` (no event loop)."""
    configure_application(app)
    window = MainWindow(app_context.student_directory, app_context.settings)
    window.show()
    settings = app_context.settings
    logger.info("window shown (workstation %s, training=%s)", settings.workstation_id, settings.training)
    return window


def run_gui(app_context: AppContext, argv: list[str] | None = None) -> int:
    """Show the main window and run the event loop; returns the exit code.

    `app_context` must provide ``settings`` and ``student_directory`` (see `AppContext`).
    """
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv)
    window = show_main_window(app, app_context)  # kept referenced while the loop runs
    code = app.exec()
    del window
    return code
