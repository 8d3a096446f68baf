"""The desk's main window: find a student on top, their enrollments below.

The window itself knows only search, enrollments and the desk session (sign-in, lock, audit). Every
other command (registration, payments, refunds, invoices, end of day, settings) is a feature it is
handed in a typed list (`WindowFeature`): each feature attaches its menus and dialogs to the window
and asks its services for what they need at each use, so a settings change reaches them.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QVBoxLayout, QWidget

import oncopos
from oncopos.domain.access import Actor
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.language_menu import LanguageMenu
from oncopos.ui.menus import shared_menu
from oncopos.ui.operations import DatabaseExecutor, NetworkExecutor
from oncopos.ui.payments.actions import PaymentActions
from oncopos.ui.registration.actions import RegistrationActions
from oncopos.ui.registration.enrollments import EnrollmentsWidget
from oncopos.ui.registration.student_search import StudentSearchWidget
from oncopos.ui.session.desk_session import AuditTrailPort, DeskSession, StaffPort, WindowSettings
from oncopos.ui.sync_status import SyncStatusSource, SyncStatusWidget

logger = logging.getLogger(__name__)

TRAINING_BANNER_TEXT = QT_TRANSLATE_NOOP("main_window", "TRAINING MODE — no real money moves. Cards, emails and payments are "
                                                        "simulated.")


class StudentDirectoryPort(Protocol):
    def search(self, actor: Actor, text: str, limit: int = 50) -> list[StudentSummary]: ...
    def enrollments(self, actor: Actor, student_id: uuid.UUID) -> list[EnrollmentSummary]: ...


class SignedInDirectory:
    """The directory as the search and enrollment widgets call it, for whoever is signed in now
    (the service checks, and logs, that person's access to students' information)."""

    def __init__(self, directory: StudentDirectoryPort, actor: Callable[[], Actor]) -> None:
        self._directory, self._actor = directory, actor

    def search(self, text: str, limit: int = 50) -> list[StudentSummary]:
        return self._directory.search(self._actor(), text, limit)

    def enrollments(self, student_id: uuid.UUID) -> list[EnrollmentSummary]:
        return self._directory.enrollments(self._actor(), student_id)


class FeatureCommands(Protocol):
    """What a feature leaves attached to the window: its menus, actions and open dialogs."""

    def shutdown(self) -> None:
        """The window is closing: close the feature's own windows; started work is dropped."""


class WindowFeature(Protocol):
    """One of the window's features, with the services it needs (see oncopos.ui.app.window_features)."""

    def attach(self, window: MainWindow) -> FeatureCommands: ...


C = TypeVar("C", bound=FeatureCommands)


class MainWindow(QMainWindow):
    """Built in two steps: the window itself (search, enrollments, menus, status bar), which shows
    nobody's data and may be made while the sign-in screen waits, then `open_for` the person who
    signed in: "Signed in as", lock, the features with what that person's role may do, their
    language. Given an actor, the constructor does both; without one (`actor=None`) the window
    waits, hidden, for `open_for`, and refuses to be shown before it."""

    actor_changed = Signal(object)  # the Actor now signed in (after Switch user)
    #: The signed-in staff member: every service call from this window acts as them. Set by
    #: `open_for`; replaced by set_actor() when someone else signs in ("Switch user").
    actor: Actor
    session: DeskSession
    language_menu: LanguageMenu

    def __init__(
        self,
        directory: StudentDirectoryPort,
        settings: WindowSettings,
        *,
        actor: Actor | None,
        db_executor: DatabaseExecutor | None = None,
        network_executor: NetworkExecutor | None = None,
        staff: StaffPort | None = None,  # lock, unlock, switch user, change password
        audit: AuditTrailPort | None = None,  # student views recorded; the audit view
        idle_lock_minutes: int = 5,  # IDLE_LOCK_MINUTES
        sync_status: SyncStatusSource | None = None,  # central sync indicator in the status bar
        features: Sequence[WindowFeature] = (),  # registration, payments, refunds, invoices, ...
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._sync_status = sync_status
        self._staff, self._audit, self._idle_lock_minutes = staff, audit, idle_lock_minutes
        self._features = tuple(features)
        self._commands: list[FeatureCommands] = []
        self._opened = False
        # A window given executors shares them (and the database's ordering) with the sign-in screen
        # and every feature; those it made itself it also shuts down.
        self._owns_database, self._owns_network = db_executor is None, network_executor is None
        self.db_executor = db_executor or DatabaseExecutor()
        self.network_executor = network_executor or NetworkExecutor()

        self.setObjectName("mainWindow")
        self._set_title()
        self.resize(1200, 720)

        self.training_banner = QLabel(QCoreApplication.translate("main_window", TRAINING_BANNER_TEXT), self)
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.training_banner.setWordWrap(True)
        self.training_banner.setAccessibleName(self.tr("Training mode"))
        self.training_banner.setVisible(settings.training)

        signed_in = SignedInDirectory(directory, lambda: self.actor)  # nobody's until open_for
        self.search_widget = StudentSearchWidget(signed_in, self.db_executor, self)
        self.enrollments_widget = EnrollmentsWidget(signed_in, self.db_executor, settings.locale, self)
        self.search_widget.student_selected.connect(self.on_student_selected)
        self.enrollments_widget.enrollments_loaded.connect(self.on_enrollments_loaded)
        self.enrollments_widget.loading_failed.connect(self.on_loading_failed)
        self.search_widget.search_failed.connect(self.on_loading_failed)
        # A new search being typed: the student shown belongs to the old one, so nothing is current.
        self.search_widget.search_edit.textEdited.connect(self.on_search_edited)

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
        if actor is not None:
            self.open_for(actor)

    @property
    def opened(self) -> bool:
        """Whether someone has signed in to this window (`open_for`)."""
        return self._opened

    def open_for(self, actor: Actor) -> None:
        """`actor` has signed in (their password checked): what acts for them is attached, in the
        order a window built in one go has it."""
        if self._opened:
            raise RuntimeError("the window is already open for someone; Switch user goes through set_actor")
        self.actor = actor
        settings, staff = self._settings, self._staff
        # --- "Signed in as", Lock, Switch user, Change password, idle lock, Manager > Audit trail ---
        self.session = DeskSession(
            self, self.db_executor, settings=settings, staff=staff, audit=self._audit,
            idle_lock_minutes=self._idle_lock_minutes,
        )
        # --- the features, in the order given (shared menus keep their place: oncopos.ui.menus) ---
        self._commands = [feature.attach(self) for feature in self._features]
        # --- File > Language: the staff member's language, switched without closing anything ---
        self.language_menu = LanguageMenu(self, lambda: self.actor, settings.locale, self.db_executor, staff)
        self.language_menu.follow(actor, else_desk=False)
        self.actor_changed.connect(self.language_menu.follow)
        self._opened = True
        # Keyboard first: staff start typing a name the moment the window appears.
        self.setFocusProxy(self.search_widget.search_edit)
        self.search_widget.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def setVisible(self, visible: bool) -> None:
        # A window made ahead of the sign-in is never seen before someone has signed in to it.
        if visible and not self._opened:
            raise RuntimeError("the main window is shown only once someone has signed in (open_for)")
        super().setVisible(visible)

    def _build_menus(self) -> None:
        file_menu = self.file_menu = shared_menu(self, "&File")
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = shared_menu(self, "&Edit")
        self.find_action = QAction(self.tr("&Find Student"), self)
        self.find_action.setShortcut(QKeySequence("Ctrl+F"))
        # Window-wide, so Ctrl+F works from the enrollments table too.
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.search_widget.focus_search)
        edit_menu.addAction(self.find_action)

        help_menu = self.help_menu = shared_menu(self, "&Help")
        self.about_action = QAction(self.tr("&About OncoPOS"), self)
        self.about_action.triggered.connect(self.on_about_triggered)
        help_menu.addAction(self.about_action)

    @property
    def settings(self) -> WindowSettings:
        return self._settings

    def commands(self, kind: type[C]) -> C | None:
        """The attached feature of type `kind`, if the window has it."""
        return next((c for c in self._commands if isinstance(c, kind)), None)

    @property
    def registration_actions(self) -> RegistrationActions | None:
        return self.commands(RegistrationActions)

    @property
    def payment_actions(self) -> PaymentActions | None:
        return self.commands(PaymentActions)

    def _set_title(self) -> None:
        self.setWindowTitle(self.tr("OncoPOS — {business_name} — {workstation_id}").format(
            business_name=self._settings.business_name, workstation_id=self._settings.workstation_id))

    def _desk_text(self) -> str:
        mode = self.tr("Training") if self._settings.training else self.tr("Live")
        return f"{self._settings.workstation_id} · {mode} · {self._settings.locale}"

    def retranslate(self) -> None:
        """The language changed (File > Language): the texts that carry values, set again."""
        self._set_title()
        self.desk_label.setText(self._desk_text())
        if self._opened:
            self.session.refresh()
        self.statusBar().showMessage(self.tr("Ready"))

    def _build_status_bar(self) -> None:
        self.desk_label = QLabel(self._desk_text(), self)
        self.desk_label.setObjectName("deskLabel")
        self.statusBar().addPermanentWidget(self.desk_label)
        # --- online/offline, last sync and changes waiting, on desks that sync centrally ---
        self.sync_status_widget: SyncStatusWidget | None = None
        if self._sync_status is not None:
            self.sync_status_widget = SyncStatusWidget(self._sync_status, self._settings.tz, self)
            self.statusBar().addPermanentWidget(self.sync_status_widget)
        self.statusBar().showMessage(self.tr("Ready"))

    # -- slots ---------------------------------------------------------------------------------

    def on_student_selected(self, student: StudentSummary) -> None:
        self.statusBar().showMessage(self.tr("Loading enrollments of {name}…").format(name=student.display_name))
        self.session.record_view(student)  # who opened whose record
        self.enrollments_widget.show_student(student)
        # Keyboard first: the first enrollment with a balance is selected; Enter there takes the payment.
        self.enrollments_widget.table_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_search_edited(self, _text: str) -> None:
        if self.enrollments_widget.student is not None:
            self.enrollments_widget.clear(self.tr("No student selected"))

    def on_enrollments_loaded(self, _student_id: uuid.UUID) -> None:
        count = self.enrollments_widget.model.rowCount()
        student = self.enrollments_widget.student
        name = student.display_name if student else ""
        self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "{name}: %n enrollment(s)", None, count).format(
            name=name))

    def set_actor(self, actor: Actor) -> None:
        """Someone else signed in at this desk; views that act for a person follow. The student on
        screen was the previous person's: it goes, search and all."""
        if actor.staff_id != self.actor.staff_id or actor.username != self.actor.username:
            self.search_widget.search_edit.clear()
            self.enrollments_widget.clear(self.tr("No student selected"))
        self.actor = actor
        self.session.refresh()
        self.actor_changed.emit(actor)

    def on_loading_failed(self, message: str) -> None:
        self.statusBar().showMessage(message)

    def on_about_triggered(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About OncoPOS"))
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(f"{QCoreApplication.applicationName()} {oncopos.__version__}")
        box.setInformativeText(
            self.tr("Front-desk point of sale of {business_name}.\nWorkstation {workstation_id}.").format(
                business_name=self._settings.business_name, workstation_id=self._settings.workstation_id)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        # open(), not exec(): window-modal without a nested event loop.
        box.open()
        self.about_box = box

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._opened:
            self.session.stop()  # the idle lock stops watching the application
        for commands in self._commands:  # the customer display, payment history, ... windows go too
            try:
                commands.shutdown()
            except Exception:  # one feature that fails to close keeps neither the others nor the executors open;
                # and an exception left to escape closeEvent crashes PySide6 6.11 as it reports it
                logger.exception("closing the windows of %s", type(commands).__name__)
        if self._owns_network and not self.network_executor.shutdown():
            logger.warning("network work still running at close")
        if self._owns_database and not self.db_executor.shutdown():
            logger.warning("database work still running at close")
        super().closeEvent(event)
