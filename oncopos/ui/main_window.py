"""The desk's main window: find a student on the left, their enrollments on the right."""

from __future__ import annotations

import logging
import uuid
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

import oncopos
from oncopos.services.views import EnrollmentSummary, StudentSummary
from oncopos.ui.enrollments import EnrollmentsWidget
from oncopos.ui.operations import DatabaseExecutor
from oncopos.ui.student_search import StudentSearchWidget

logger = logging.getLogger(__name__)

TRAINING_BANNER_TEXT = "TRAINING MODE — no real money moves. Cards, emails and payments are simulated."


class StudentDirectoryPort(Protocol):
    def search(self, text: str, limit: int = 50) -> list[StudentSummary]: ...
    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


class WindowSettings(Protocol):
    """What the window reads from `oncopos.config.Settings` (any object with these works)."""

    @property
    def training(self) -> bool: ...
    @property
    def workstation_id(self) -> str: ...
    @property
    def business_name(self) -> str: ...
    @property
    def locale(self) -> str: ...


class MainWindow(QMainWindow):
    def __init__(
        self,
        directory: StudentDirectoryPort,
        settings: WindowSettings,
        *,
        db_executor: DatabaseExecutor | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        # A window given an executor shares it (and its ordering) with other windows; one it made
        # itself it also shuts down.
        self._owns_executor = db_executor is None
        self.db_executor = db_executor or DatabaseExecutor()

        self.setObjectName("mainWindow")
        self.setWindowTitle(f"OncoPOS — {settings.business_name} — {settings.workstation_id}")
        self.resize(1200, 720)

        self.training_banner = QLabel(TRAINING_BANNER_TEXT, self)
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setWordWrap(True)
        self.training_banner.setAccessibleName("Training mode")
        self.training_banner.setVisible(settings.training)

        self.search_widget = StudentSearchWidget(directory, self.db_executor, self)
        self.enrollments_widget = EnrollmentsWidget(directory, self.db_executor, settings.locale, self)
        self.search_widget.student_selected.connect(self.on_student_selected)
        self.enrollments_widget.enrollments_loaded.connect(self.on_enrollments_loaded)
        self.enrollments_widget.loading_failed.connect(self.on_loading_failed)
        self.search_widget.search_failed.connect(self.on_loading_failed)

        # Search on top, enrollments below: the enrollments table has eight columns and needs the
        # full width so price, tax, paid and balance are all visible without scrolling.
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.search_widget)
        self.splitter.addWidget(self.enrollments_widget)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([260, 400])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.training_banner)
        body = QWidget(central)
        body.setObjectName("windowBody")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(12, 12, 12, 12)
        body_layout.addWidget(self.splitter)
        layout.addWidget(body, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_status_bar()
        self.about_box: QMessageBox | None = None
        # Keyboard first: staff start typing a name the moment the window appears.
        self.setFocusProxy(self.search_widget.search_edit)
        self.search_widget.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = self.menuBar().addMenu("&Edit")
        self.find_action = QAction("&Find Student", self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        # Window-wide, so Ctrl+F works from the enrollments table too.
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.search_widget.focus_search)
        edit_menu.addAction(self.find_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About OncoPOS", self)
        self.about_action.triggered.connect(self.on_about_triggered)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        mode = "Training" if self._settings.training else "Live"
        self.desk_label = QLabel(f"{self._settings.workstation_id} · {mode} · {self._settings.locale}", self)
        self.desk_label.setObjectName("deskLabel")
        self.statusBar().addPermanentWidget(self.desk_label)
        self.statusBar().showMessage("Ready")

    # -- slots ---------------------------------------------------------------------------------

    def on_student_selected(self, student: StudentSummary) -> None:
        self.statusBar().showMessage(f"Loading enrollments of {student.display_name}…")
        self.enrollments_widget.show_student(student)

    def on_enrollments_loaded(self, _student_id: uuid.UUID) -> None:
        count = self.enrollments_widget.model.rowCount()
        student = self.enrollments_widget.student
        name = student.display_name if student else ""
        self.statusBar().showMessage(f"{name}: {count} enrollment{'s' if count != 1 else ''}")

    def on_loading_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def on_about_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About OncoPOS")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"OncoPOS {oncopos.__version__}")
        box.setInformativeText(
            f"Front-desk point of sale of {self._settings.business_name}.\n"
            f"Workstation {self._settings.workstation_id}."
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        # open(), not exec(): window-modal without a nested event loop.
        box.open()
        self.about_box = box

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._owns_executor:
            if not self.db_executor.shutdown():
                logger.warning("database work still running at close")
        super().closeEvent(event)
