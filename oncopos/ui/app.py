"""Start the desktop application: the only place a QApplication is made."""

from __future__ import annotations

import logging
import sys
from typing import Protocol

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

import oncopos
from oncopos.domain.access import Actor
from oncopos.resources import resource_path
from oncopos.ui.gc_guard import MainThreadGarbageCollector
from oncopos.ui.login import FirstAdminDialog, LoginDialog  # sign in before the window
from oncopos.ui.main_window import MainWindow, StudentDirectoryPort, WindowSettings
from oncopos.ui.operations import DatabaseExecutor
from oncopos.ui.payment.actions import payment_services_from
from oncopos.ui.registration_actions import registration_services_from
from oncopos.ui.setup_wizard import SettingsAction, SetupWizard, setup_services_from

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
    - ``staff``: a `StaffService`; `run_gui` signs in through it before the window opens.
      ``audit_trail``: an `AuditTrail` (student views, the audit view). Both optional for
      `show_main_window` (tests and screenshots), required by `run_gui`.
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


def show_main_window(
    app: QApplication, app_context: AppContext, actor: Actor, *, db_executor: DatabaseExecutor | None = None
) -> MainWindow:
    """Configure `app` and show the main window built from `app_context` for the signed-in `actor`."""
    configure_application(app)
    # background sync with the central database starts with the window (bootstrap builds
    # it when ONCOPOS_CENTRAL_URL is set; start() is a no-op when already running).
    sync_worker = getattr(app_context, "sync_worker", None)
    if sync_worker is not None:
        sync_worker.start()
    window = MainWindow(
        app_context.student_directory, app_context.settings, actor=actor, db_executor=db_executor,
        registration=registration_services_from(app_context),  # registration, enrollments, catalogue
        # staff sessions and the audit trail (absent from a context built without them).
        staff=getattr(app_context, "staff", None),
        audit=getattr(app_context, "audit_trail", None),
        idle_lock_minutes=getattr(app_context.settings, "idle_lock_minutes", 5),
        payments=payment_services_from(app_context),  # take payments; training reader and inbox
        sync_status=sync_worker,  # online/offline, last sync, changes waiting
    )
    # File > Settings… for administrators (the settings screen).
    setup_services = setup_services_from(app_context, window.db_executor)
    if setup_services is not None:
        window.settings_action = SettingsAction(window, setup_services)  # type: ignore[attr-defined]
    # Student > Invoices and credit notes… (reprint, print, email).
    if getattr(app_context, "invoices", None) is not None:
        from oncopos.ui.invoice_actions import InvoiceActions

        window.invoice_actions = InvoiceActions(  # type: ignore[attr-defined]
            window, lambda: app_context.invoices, app_context.settings.tz)  # type: ignore[attr-defined]
    # Payment > Today's payments…, Manager > Payment history… and Dashboard refunds; refunds
    # left pending are settled at start-up.
    from oncopos.ui.refunds.actions import RefundActions, refund_services_from

    refund_services = refund_services_from(app_context)
    if refund_services is not None:
        window.refund_actions = RefundActions(window, refund_services)  # type: ignore[attr-defined]
    # Manager > End of day… (report, charts, reconciliation with Stripe, close and reopen, export).
    if hasattr(app_context, "end_of_day"):
        from oncopos.ui.eod_view import EndOfDayAction

        window.end_of_day_action = EndOfDayAction(  # type: ignore[attr-defined]
            window, app_context.end_of_day, app_context.day_reconciliation, window.db_executor,  # type: ignore[attr-defined]
            [app_context.settings.workstation_id])
    # Start-up benchmark hook: with ONCOPOS_BENCH_EXIT_WHEN_SHOWN=1
    # the app prints the time from process start to the window's first paint, then quits.
    from oncopos.ui import startup_probe

    if startup_probe.requested():
        startup_probe.exit_when_first_painted(app, window)
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
    configure_application(app)
    MainThreadGarbageCollector(app)  # Qt objects must never be freed by a collection on a worker thread
    if getattr(app_context, "mail_outbox", None) is not None:
        # Receipts, credit notes and notices wait in the durable outbox until delivered; in training
        # the inbox should show them within seconds. Each run uses the outbox current at that moment.
        interval = 5.0 if app_context.settings.training else 60.0
        app_context.start_mail_delivery(interval)  # type: ignore[attr-defined]
    # nobody reaches the window without signing in; the first run creates the administrator.
    # One event loop throughout: the sign-in dialog opens the window, or quits the app when closed.
    executor = DatabaseExecutor()
    shown: list[MainWindow] = []  # kept referenced while the loop runs
    gate = sign_in_dialog(app_context, executor)
    gate.signed_in.connect(lambda actor: shown.append(show_main_window(app, app_context, actor, db_executor=executor)))
    gate.rejected.connect(app.quit)
    if isinstance(gate, SetupWizard):  # a new desk id or invoice series applies at the next start
        gate.restart_required.connect(app.quit)
    from oncopos.ui import startup_probe

    if startup_probe.requested() and app_context.settings.training:
        # The start-up benchmark times start-up to the main window: in training it signs in as the training
        # registrar (real password check) and show_main_window's probe reports the window's first paint.
        gate.signed_in.emit(startup_probe.training_registrar(app_context))
    else:
        if startup_probe.requested():  # the start-up benchmark: the sign-in screen is the first thing shown
            startup_probe.exit_when_first_painted(app, gate)
        gate.show()
    code = app.exec()
    executor.shutdown()
    shown.clear()
    return code


def sign_in_dialog(app_context: AppContext, executor: DatabaseExecutor) -> LoginDialog | FirstAdminDialog:
    """The first screen: sign in, or create the administrator account when no staff exists yet."""
    settings = app_context.settings
    staff = app_context.staff  # type: ignore[attr-defined]
    if not staff.has_staff():
        # a fresh installation opens the first-run assistant (administrator first, then the desk).
        setup_services = setup_services_from(app_context, executor)
        if setup_services is not None:
            return SetupWizard(setup_services)  # type: ignore[return-value]
        return FirstAdminDialog(staff, executor, workstation_id=settings.workstation_id)
    return LoginDialog(
        staff, executor, workstation_id=settings.workstation_id, business_name=settings.business_name,
        training=settings.training,
    )
