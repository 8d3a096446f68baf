"""Start the desktop application: the only place a QApplication is made.

Here the window is put together from the composition root (`oncopos.bootstrap.AppContext`): the
app's two executors, the window, and the typed list of its features (`window_features`).
"""

from __future__ import annotations

import logging
import sys
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QWidget

import oncopos
from oncopos.domain.access import Actor
from oncopos.resources import resource_path
from oncopos.ui.fit import WrappedTextFitter
from oncopos.ui.gc_guard import MainThreadGarbageCollector
from oncopos.ui.operations import DatabaseExecutor, Executors
from oncopos.ui.session.login import FirstAdminDialog, LoginDialog, SignInPort  # sign in before the window
from oncopos.ui.window_fit import WindowFitter  # small: every window within the screen

# Only what the sign-in screen needs is imported up front; the main window, its features and the
# setup assistant are imported where they are used (while the person types the password, see
# `oncopos.ui.early_start`), so the first screen paints sooner.
if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext
    from oncopos.ui.main_window import MainWindow, WindowFeature
    from oncopos.ui.payments.actions import PaymentServices
    from oncopos.ui.registration.actions import RegistrationServices
    from oncopos.ui.session.desk_session import WindowSettings
    from oncopos.ui.settings import SetupServices, SetupWizard

logger = logging.getLogger(__name__)

#: Fonts known to carry French accents and the dashes and quotes the UI uses, best first.
PREFERRED_FONTS = ("DejaVu Sans", "Noto Sans", "Segoe UI", "Helvetica Neue", "Arial")
BASE_POINT_SIZE = 11
#: The family of the TTFs in oncopos/resources/fonts (DejaVuSans.ttf and DejaVuSans-Bold.ttf).
BUNDLED_FAMILY = PREFERRED_FONTS[0]


class SignInStaff(SignInPort, Protocol):
    """`oncopos.services.staff.StaffService` as the first screen uses it."""

    def has_staff(self) -> bool: ...


#: Set on the application once `configure_application` has run.
CONFIGURED_PROPERTY = "oncopos_configured"


def configure_application(app: QApplication, *, watch_windows: bool = True) -> None:
    """Names, icon, font, stylesheet and the window rules (see `watch_every_window`), watching every
    window unless `watch_windows` is false; shared by `run_gui`, the tests and the screenshot scripts."""
    app.setApplicationName("OncoPOS")
    app.setOrganizationName("OncoOne")
    app.setApplicationVersion(oncopos.__version__)
    try:
        app.setWindowIcon(QIcon(str(resource_path("icons", "oncopos.svg"))))
    except FileNotFoundError:
        logger.warning("application icon missing", exc_info=True)
    app.setFont(_default_font())
    if watch_windows:
        watch_every_window(app)
    try:
        app.setStyleSheet(resource_path("styles", "oncopos.qss").read_text(encoding="utf-8"))
    except FileNotFoundError:
        # Unstyled is ugly but usable; refusing to start at the desk is not.
        logger.warning("stylesheet missing; using the platform style", exc_info=True)
    app.setProperty(CONFIGURED_PROPERTY, True)


#: Each application's two window rules, made once (the screenshot scripts configure again). Kept
#: here rather than found with `findChild`, which makes PySide6 build the Python class of every child
#: of the application (its style's among them, with their long enums) before the first paint.
_WINDOW_RULES: weakref.WeakKeyDictionary[QApplication, tuple[WindowFitter, WrappedTextFitter]] = (
    weakref.WeakKeyDictionary())


def window_rules(app: QApplication) -> tuple[WindowFitter, WrappedTextFitter]:
    """`app`'s window fitter and wrapped-text fitter (event filters, watching what they are installed on)."""
    rules = _WINDOW_RULES.get(app)
    if rules is None:
        rules = _WINDOW_RULES[app] = (WindowFitter(parent=app), WrappedTextFitter(app))
    return rules


def watch_every_window(app: QApplication, *, instead_of: QWidget | None = None) -> None:
    """From now on every window of `app` opens within the screen at the size it had last time, and
    every dialog grows to its wrapped texts; `instead_of` (shown by `show_first_window`) is then
    watched with the rest."""
    for rule in window_rules(app):
        if instead_of is not None:
            instead_of.removeEventFilter(rule)
        app.installEventFilter(rule)


def show_first_window(app: QApplication, window: QWidget) -> None:
    """Show `window`, the desk's first screen, under the window rules before `watch_every_window`.

    Watching the whole application costs a call into Python for every event of every object, and
    the first of those calls makes PySide6 build the Python class, enums included, of every Qt class
    it has not built yet (about 180 enums: some 100 ms of CPU before the sign-in screen could paint,
    measured). So the first screen is fitted within its screen directly once shown (the fitter's
    check of a window's type would build the `Qt` namespace), and its texts are watched on it alone."""
    fitter, text_fitter = window_rules(app)
    window.installEventFilter(text_fitter)
    window.show()
    fitter.fit(window)  # laid out and sized by show(), not yet painted


def _default_font() -> QFont:
    families = set(QFontDatabase.families())
    if not _has_bold_and_regular(BUNDLED_FAMILY, families):
        # Loading a TTF is parsing it (1.5 MB for the two): not done when the system has the same fonts.
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


def _has_bold_and_regular(family: str, installed: set[str]) -> bool:
    if family not in installed:
        return False
    bold = [QFontDatabase.bold(family, style) for style in QFontDatabase.styles(family)]
    return any(bold) and not all(bold)


def _load_bundled_fonts() -> None:
    # A frozen build on a bare machine may have no font with accents: the TTFs shipped in
    # oncopos/resources/fonts (used for PDFs) make "Émilie Bérubé-Lévesque" render anyway.
    try:
        fonts_dir = resource_path("fonts")
    except FileNotFoundError:
        return
    for path in sorted(fonts_dir.glob("*.ttf")):
        if QFontDatabase.addApplicationFont(str(path)) < 0:
            logger.warning("could not load font %s", path.name)


def window_features(context: AppContext) -> list[WindowFeature]:
    """The window's features, in menu order within each menu. Each asks the context for a service
    when it acts (``context.payments``, ``lambda: context.invoices``), never keeps one from start-up,
    so a settings change reaches the next payment, refund, invoice and report."""
    from oncopos.ui.books.view import BooksFeature
    from oncopos.ui.end_of_day.view import EndOfDayFeature
    from oncopos.ui.invoices.actions import InvoiceFeature
    from oncopos.ui.payments.tender_actions import TenderFeature
    from oncopos.ui.plans.actions import PlanFeature
    from oncopos.ui.refunds.actions import RefundServices
    from oncopos.ui.settings import SettingsFeature, setup_services_from
    from oncopos.ui.till.actions import TillFeature
    from oncopos.ui.tuition.actions import TuitionFeature

    settings = context.settings
    return [
        registration_feature(context),  # New student, Edit, Enroll, Withdraw or transfer, Import, Course catalogue
        payment_feature(context),  # Payment > Take payment…, Customer display; Training > Simulated reader, Inbox
        SettingsFeature(lambda executors: setup_services_from(context, executors)),  # File > Settings… (administrators)
        InvoiceFeature(lambda: context.invoices, settings.tz),  # Student > Invoices and credit notes…
        # Payment > Today's payments…, Manager > Payment history… and Dashboard refunds.
        RefundServices(context.payment_history(), context.refunds, context.staff, settings.tz, settings.locale),
        # Manager > End of day… (report, charts, the day matched with Stripe, close and reopen, export).
        EndOfDayFeature(context.end_of_day, context.day_matching, [settings.workstation_id]),
        # Manager > Payouts and books… (Stripe payouts matched, the journal for the accountant).
        BooksFeature(context.payout_matching, context.books, lambda: context.end_of_day().today()),
        # Payment > Cash, cheque or e-Transfer… (one tender or split); Manager > Returned cheque or e-Transfer…
        TenderFeature(context.tenders, context.tender_returns),
        TillFeature(context.till, context.staff),  # Payment > Till… (float, paid-outs, count, over/short)
        # Student > Plan… and Account statement…; Payment > Instalments due…
        PlanFeature(lambda: context.plans, lambda: context.statements, settings.tz, settings.locale,
                    close_link=lambda: context.plan_reminders().close_link),
        # Manager > Tuition slips (T2202)… (the year's slips, amendments, delivery, the XML return).
        TuitionFeature(lambda: context.tuition_slips, settings.tz, settings.locale),
    ]


def registration_feature(context: AppContext) -> RegistrationServices:
    from oncopos.ui.registration.actions import RegistrationServices

    return RegistrationServices(context.registration, context.catalogue, context.enrollments, context.student_import)


def payment_feature(context: AppContext) -> PaymentServices:
    from oncopos.ui.payments.actions import PaymentServices

    settings = context.settings  # training, the inbox and the code length are fixed until a restart
    return PaymentServices(context.payments, lambda: context.invoices, lambda: context.settings.business_name,
                           settings.training, settings.training_inbox_dir if settings.training else None,
                           settings.otp_length, terminal=context.terminal,
                           max_payment_cents=lambda: context.settings.max_payment_cents)


def prepare_main_window(context: AppContext, executors: Executors | None = None) -> MainWindow:
    """The main window over `context`, hidden and open for nobody yet: what does not depend on who
    signs in (its widgets, menus and the features' services), made while the sign-in screen waits.
    `open_main_window` gives it the person; it shares `executors` (the sign-in screen's) or, without
    them, makes and owns its own."""
    from oncopos.ui.main_window import MainWindow

    window = MainWindow(
        context.student_directory, context.settings, actor=None,
        db_executor=executors.database if executors else None, network_executor=executors.network if executors else None,
        staff=context.staff, audit=context.audit_trail, idle_lock_minutes=context.settings.idle_lock_minutes,
        sync_status=context.sync_worker, features=window_features(context),
    )
    window.ensurePolished()  # the stylesheet applied to every widget made so far, not at show()
    window.create()  # the native window, not mapped: nothing is on the screen
    return window


def open_main_window(context: AppContext, window: MainWindow, actor: Actor) -> MainWindow:
    """`window` (from `prepare_main_window`) for the signed-in `actor`."""
    # Background sync with the central database starts with the window (start() is a no-op when running).
    sync_worker = context.sync_worker
    if sync_worker is not None:
        sync_worker.start()
        if window.sync_status_widget is not None:
            window.sync_status_widget.refresh()
    window.open_for(actor)
    return window


def build_main_window(context: AppContext, actor: Actor, executors: Executors | None = None) -> MainWindow:
    """The main window over `context` for the signed-in `actor`, made in one go."""
    return open_main_window(context, prepare_main_window(context, executors), actor)


def show_window(app: QApplication, window: MainWindow) -> MainWindow:
    """Configure `app` (unless the sign-in screen did) and show `window`."""
    if not app.property(CONFIGURED_PROPERTY):  # once: a second stylesheet re-polishes every widget made so far
        configure_application(app)
    # Start-up benchmark hook: with ONCOPOS_BENCH_EXIT_WHEN_SHOWN=1
    # the app prints the time from process start to the window's first paint, then quits.
    from oncopos.ui import startup_probe

    if startup_probe.requested():
        startup_probe.exit_when_first_painted(app, window)
    window.show()
    settings = window.settings
    logger.info("window shown (workstation %s, training=%s)", settings.workstation_id, settings.training)
    return window


def show_main_window(app: QApplication, context: AppContext, actor: Actor, *,
                     executors: Executors | None = None, prepared: MainWindow | None = None) -> MainWindow:
    """The main window from `context` for the signed-in `actor`, shown: `prepared` (made by
    `prepare_main_window` while the sign-in screen waited) or, without it, one built now."""
    if prepared is None:
        return show_window(app, build_main_window(context, actor, executors))
    return show_window(app, open_main_window(context, prepared, actor))


def run_gui(load_context: Callable[[], AppContext], settings: WindowSettings, argv: list[str] | None = None) -> int:
    """Sign in, show the main window and run the event loop; returns the exit code.

    The sign-in screen is shown first, from `settings` alone; `load_context` (open the database,
    migrate, start the simulator) runs while the person types (`oncopos.ui.early_start`). A failure
    to load is shown on the sign-in screen and raised again when the app ends."""
    from oncopos.ui.early_start import EarlyStart

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv)
    configure_application(app, watch_windows=False)  # the first screen is watched alone (EarlyStart)
    MainThreadGarbageCollector(app)  # Qt objects must never be freed by a collection on a worker thread
    # One database executor and one network pool for the whole app: the sign-in screen, the window
    # and every feature share them, so database work runs in one order.
    executors = Executors()
    start = EarlyStart(app, load_context, settings, executors)
    try:
        start.show_first_screen()
        code = app.exec()
    finally:
        executors.shutdown()
        start.close()
    start.raise_failure()
    return code


def sign_in_dialog(staff: SignInStaff, settings: WindowSettings, executor: DatabaseExecutor,
                   setup: SetupServices | None = None) -> LoginDialog | FirstAdminDialog | SetupWizard:
    """The first screen: sign in, or, when no staff exists yet, the first-run assistant (administrator
    first, then the desk) or, without its services, the first-administrator form alone."""
    if not staff.has_staff():
        if setup is not None:
            from oncopos.ui.settings import SetupWizard

            return SetupWizard(setup)
        return FirstAdminDialog(staff, executor, workstation_id=settings.workstation_id)
    return LoginDialog(
        staff, executor, workstation_id=settings.workstation_id, business_name=settings.business_name,
        training=settings.training,
    )
