"""The desk's main window: find a student on the left, their enrollments on the right."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

import oncopos
from oncopos.domain.access import Actor
from oncopos.services.views import EnrollmentSummary, StudentSummary
from oncopos.ui.desk_session import AuditTrailPort, DeskSession, StaffPort
from oncopos.ui.enrollments import EnrollmentsWidget
from oncopos.ui.operations import DatabaseExecutor
from oncopos.ui.payment.actions import PaymentActions, PaymentServices
from oncopos.ui.registration_actions import RegistrationActions, RegistrationServices
from oncopos.ui.student_search import StudentSearchWidget
from oncopos.ui.sync_status import SyncStatusSource, SyncStatusWidget

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
    actor_changed = Signal(object)  # the Actor now signed in (after Switch user)

    def __init__(
        self,
        directory: StudentDirectoryPort,
        settings: WindowSettings,
        *,
        actor: Actor,
        db_executor: DatabaseExecutor | None = None,
        registration: RegistrationServices | None = None,  # students, enrollments, catalogue
        staff: StaffPort | None = None,  # lock, unlock, switch user, change password
        audit: AuditTrailPort | None = None,  # student views recorded; the audit view
        idle_lock_minutes: int = 5,  # IDLE_LOCK_MINUTES
        payments: PaymentServices | None = None,  # Take payment (Ctrl+P), customer display, training
        sync_status: SyncStatusSource | None = None,  # central sync indicator in the status bar
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sync_status = sync_status
        # The signed-in staff member: every service call from this window acts as them.
        # Replaced by set_actor() when someone else signs in ("Switch user").
        self.actor = actor
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
        # --- New student, Edit student, Enroll, Withdraw or transfer, Manager > Course catalogue ---
        self.registration_actions = RegistrationActions(self, registration, settings.locale) if registration else None
        self._build_status_bar()
        # --- "Signed in as", Lock, Switch user, Change password, idle lock, Manager > Audit trail ---
        self.session = DeskSession(
            self, self.db_executor, settings=settings, staff=staff, audit=audit, idle_lock_minutes=idle_lock_minutes
        )
        # --- Payment > Take payment…, Customer display; Training > Simulated reader, Inbox ---
        self.payment_actions = PaymentActions(self, payments, settings.locale) if payments else None
        self.about_box: QMessageBox | None = None
        # Keyboard first: staff start typing a name the moment the window appears.
        self.setFocusProxy(self.search_widget.search_edit)
        self.search_widget.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_menus(self) -> None:
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
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

        help_menu = self.help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About OncoPOS", self)
        self.about_action.triggered.connect(self.on_about_triggered)
        help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        mode = "Training" if self._settings.training else "Live"
        self.desk_label = QLabel(f"{self._settings.workstation_id} · {mode} · {self._settings.locale}", self)
        self.desk_label.setObjectName("deskLabel")
        self.statusBar().addPermanentWidget(self.desk_label)
        # --- online/offline, last sync and changes waiting, on desks that sync centrally ---
        self.sync_status_widget: SyncStatusWidget | None = None
        if self._sync_status is not None:
            tz = getattr(self._settings, "tz", UTC)
            self.sync_status_widget = SyncStatusWidget(self._sync_status, tz, self)
            self.statusBar().addPermanentWidget(self.sync_status_widget)
        self.statusBar().showMessage("Ready")

    # -- slots ---------------------------------------------------------------------------------

    def on_student_selected(self, student: StudentSummary) -> None:
        self.statusBar().showMessage(f"Loading enrollments of {student.display_name}…")
        self.session.record_view(student)  # who opened whose record
        self.enrollments_widget.show_student(student)

    def on_enrollments_loaded(self, _student_id: uuid.UUID) -> None:
        count = self.enrollments_widget.model.rowCount()
        student = self.enrollments_widget.student
        name = student.display_name if student else ""
        self.statusBar().showMessage(f"{name}: {count} enrollment{'s' if count != 1 else ''}")

    def set_actor(self, actor: Actor) -> None:
        """Someone else signed in at this desk; views that act for a person follow."""
        self.actor = actor
        self.session.refresh()
        self.actor_changed.emit(actor)

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
        self.session.stop()  # the idle lock stops watching the application
        if self.payment_actions is not None:  # the customer display and training windows go too
            self.payment_actions.shutdown()
        refund_actions = getattr(self, "refund_actions", None)  # set by oncopos.ui.app
        if refund_actions is not None:  # the payment history and Dashboard refunds windows go too
            refund_actions.shutdown()
        if self._owns_executor:
            if not self.db_executor.shutdown():
                logger.warning("database work still running at close")
        super().closeEvent(event)
