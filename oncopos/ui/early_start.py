"""The desk starts in two halves: the sign-in screen at once, the rest while the password is typed.

`run_gui` shows the sign-in screen from the settings alone (PySide6 and the login dialog are all
it imports), and a background thread meanwhile builds the context (opens the database, runs the
migrations, starts the simulator in training) and imports the main window and its features; the
UI thread then makes the main window, hidden and open for nobody, so that after the password check
only what depends on the person (their name, role and permitted actions, their language) is left
before it shows. A sign-in pressed before that is done simply waits for it on the database
executor. When the database turns out to have no staff yet (a new desk), the first-run assistant
replaces the sign-in screen. A failure to load is shown as one line on the sign-in screen.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog

from oncopos.domain.access import Actor
from oncopos.ui.app import show_first_window, watch_every_window
from oncopos.ui.i18n import current_language, language_of, use_language
from oncopos.ui.operations import Executors, describe_error
from oncopos.ui.paint import after_next_paint
from oncopos.ui.session.login import LoginDialog

if TYPE_CHECKING:
    from oncopos.bootstrap import AppContext
    from oncopos.ui.main_window import MainWindow
    from oncopos.ui.session.desk_session import WindowSettings

logger = logging.getLogger(__name__)

#: What the main window needs, imported on the loading thread (a module import is thread-safe).
WINDOW_MODULES = (
    "oncopos.ui.main_window", "oncopos.ui.registration.actions", "oncopos.ui.payments.actions",
    "oncopos.ui.payments.dialog", "oncopos.ui.refunds.actions", "oncopos.ui.invoices.actions",
    "oncopos.ui.end_of_day.view", "oncopos.ui.settings", "oncopos.ui.payments.tender_actions",
    "oncopos.ui.till.actions", "oncopos.ui.books.view", "oncopos.ui.plans.actions", "oncopos.ui.tuition.actions",
)


class _Relay(QObject):
    """Carries the loading thread's outcome to the UI thread (a queued signal)."""

    done = Signal()


class ContextLoading:
    """`load()` on a thread of its own; `context()` waits for it (from any thread but the UI's)."""

    def __init__(self, load: Callable[[], AppContext], on_done: Callable[[], None]) -> None:
        self._load = load
        self._ready = threading.Event()
        self._context: AppContext | None = None
        self.failure: BaseException | None = None
        self.has_staff = True
        self._relay = _Relay()
        self._relay.done.connect(on_done)
        self._thread = threading.Thread(target=self._run, name="oncopos-start", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            context = self._load()
            self._context = context
            self.has_staff = context.staff.has_staff()
            for name in WINDOW_MODULES:
                importlib.import_module(name)
        except BaseException as exc:  # shown to the person on the UI thread, raised again at the end
            self.failure = exc
        finally:
            self._ready.set()
            self._relay.done.emit()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def context(self) -> AppContext:
        self._ready.wait()
        if self.failure is not None:
            raise self.failure
        assert self._context is not None
        return self._context

    def join(self) -> None:
        self._thread.join()


class StaffWhenLoaded:
    """The sign-in screen's staff service before the context exists: each call waits for it (the
    dialogs call it on the database executor, so the screen stays live)."""

    def __init__(self, loading: ContextLoading) -> None:
        self._loading = loading

    def sign_in(self, username: str, password: str, *, replacing: Actor | None = None) -> Actor:
        return self._loading.context().staff.sign_in(username, password, replacing=replacing)

    def create_first_admin(self, username: str, password: str, display_name: str) -> Actor:
        return self._loading.context().staff.create_first_admin(username, password, display_name)

    def has_staff(self) -> bool:
        return self._loading.context().staff.has_staff()


class EarlyStart:
    """The first screen, then the window, over one event loop (see the module's docstring)."""

    def __init__(self, app: QApplication, load: Callable[[], AppContext], settings: WindowSettings,
                 executors: Executors) -> None:
        self._app = app
        self._settings = settings
        self._executors = executors
        self._loading = ContextLoading(load, self._on_loaded)
        self._gate: QDialog | None = None
        self._shown: list[MainWindow] = []  # kept referenced while the loop runs
        self._prepared: MainWindow | None = None  # the main window made while the password is typed
        self._probe_signs_in = False

    def show_first_screen(self) -> None:
        from oncopos.ui import startup_probe

        settings = self._settings
        # The desk's language (ONCOPOS_LOCALE) from the first screen on; a staff member's own choice
        # replaces it once they have signed in (File > Language).
        if language_of(settings.locale) != current_language():  # an English desk keeps the source texts
            use_language(language_of(settings.locale))
        gate = LoginDialog(StaffWhenLoaded(self._loading), self._executors.database,
                           workstation_id=settings.workstation_id, business_name=settings.business_name,
                           training=settings.training)
        self._use_gate(gate)
        if startup_probe.requested():
            # The start-up benchmark: the sign-in screen's first paint is noted; in training the probe
            # then types the training registrar's name and password and clicks Sign in once the
            # "typing" time has passed.
            self._probe_signs_in = settings.training
            startup_probe.note_first_paint(gate, startup_probe.SIGN_IN_MARKER,
                                           exit_after=not settings.training,
                                           then=self._probe_sign_in if settings.training else None)
        show_first_window(self._app, gate)
        after_next_paint(gate, lambda: self._after_first_paint(gate))

    def _after_first_paint(self, gate: QDialog) -> None:
        # Both start once the screen is painted: before, they would compete with the paint.
        watch_every_window(self._app, instead_of=gate)
        self._loading.start()

    def _use_gate(self, gate: QDialog) -> None:
        self._gate = gate
        gate.signed_in.connect(self._on_signed_in)  # type: ignore[attr-defined]
        gate.rejected.connect(self._app.quit)

    def _on_loaded(self) -> None:
        failure = self._loading.failure
        if failure is not None:
            if isinstance(self._gate, LoginDialog):
                self._gate.show_error(describe_error(failure))
            return
        context = self._loading.context()
        # Receipts, credit notes and notices wait in the durable outbox until delivered; in training
        # the inbox should show them within seconds. Each run uses the outbox current at that moment.
        context.start_mail_delivery(5.0 if context.settings.training else 60.0)
        if not self._loading.has_staff:
            self._first_run(context)
        else:
            # The person is still typing: the main window is made now, hidden and open for nobody,
            # so that once the password is checked only what depends on them remains to be done.
            QTimer.singleShot(0, self._prepare_window)

    def _prepare_window(self) -> None:
        from oncopos.ui.app import prepare_main_window

        if self._shown or self._prepared is not None:
            return  # signed in before this turn came: the window was built then
        self._prepared = prepare_main_window(self._loading.context(), self._executors)

    def _first_run(self, context: AppContext) -> None:
        """A new desk: the first-run assistant (administrator first, then the desk) replaces sign-in."""
        from oncopos.ui.app import sign_in_dialog
        from oncopos.ui.settings import SetupWizard, setup_services_from

        old = self._gate
        gate = sign_in_dialog(context.staff, context.settings, self._executors.database,
                              setup_services_from(context, self._executors))
        if isinstance(gate, SetupWizard):  # a new desk id or invoice series applies at the next start
            gate.restart_required.connect(self._app.quit)
        self._use_gate(gate)
        if old is not None:
            old.rejected.disconnect(self._app.quit)
            old.hide()
            old.deleteLater()
        gate.show()

    def _on_signed_in(self, actor: Actor) -> None:
        from oncopos.ui.app import show_main_window

        if self._probe_signs_in:
            from oncopos.ui import startup_probe

            startup_probe.note(startup_probe.SIGNED_IN_MARKER)
        prepared, self._prepared = self._prepared, None
        self._shown.append(show_main_window(self._app, self._loading.context(), actor, executors=self._executors,
                                            prepared=prepared))

    def _probe_sign_in(self) -> None:
        """The start-up benchmark's person: once the typing time has passed (and the context is
        loaded: the benchmark times the window, not a load that outlasted the typing), the training
        registrar's name and password go into the sign-in screen and Sign in is clicked, so the time
        from the click covers what a desk does after it: the password check on the database
        executor, then the main window."""
        from oncopos.ui import startup_probe

        gate = self._gate

        def when_loaded() -> None:
            if not self._loading.ready:
                QTimer.singleShot(5, when_loaded)
                return
            if not isinstance(gate, LoginDialog) or self._loading.failure is not None:
                return  # the first-run assistant, or a failure shown on the screen: nobody to sign in
            username, password = startup_probe.training_credentials(self._loading.context())
            gate.username_edit.setText(username)
            gate.password_edit.setText(password)
            startup_probe.note(startup_probe.CLICKED_MARKER)
            gate.sign_in_button.click()

        QTimer.singleShot(startup_probe.typing_ms(), when_loaded)

    def close(self) -> None:
        """After the event loop: the windows go, then the context (once it has finished loading)."""
        self._shown.clear()
        self._prepared = None  # nobody signed in: the hidden window goes unused
        self._loading.join()
        if self._loading.failure is None:
            self._loading.context().close()

    def raise_failure(self) -> None:
        if self._loading.failure is not None:
            raise self._loading.failure
