"""The window's payment commands: Payment > Take payment… (Ctrl+P), the customer display, and in
training the simulated reader and the inbox. Also settles payments left in flight at start-up.

Kept out of main_window.py: the window makes one `PaymentActions`, which adds its menus and opens
the dialogs. It reads the window's `actor` at the moment of each action, so "Switch user" takes
effect at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from oncopos.domain.access import Permission, system_actor
from oncopos.domain.allocation import PartRequest
from oncopos.domain.money import format_cents
from oncopos.services.payments.records import PaymentView, RecoveryReport
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.ui.menus import shared_menu
from oncopos.ui.operations import Operation, describe_error
from oncopos.ui.payments.customer_display import CustomerDisplayWindow, display_title
from oncopos.ui.payments.dialog import InvoicePort, PaymentDialog, PaymentPort
from oncopos.ui.payments.ports import TrainingPort
from oncopos.ui.payments.several import payable_others
from oncopos.ui.payments.training import SimulatedReaderPanel, TrainingInboxView

if TYPE_CHECKING:
    from oncopos.ui.main_window import MainWindow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PaymentServices:
    """The payment feature: what its commands need from `oncopos.bootstrap.AppContext`.

    `payments` and `terminal` build their service on first use; they are called on a worker thread,
    because building them may start the training simulator or reach Stripe. `payments`, `invoices`
    and `business_name` are asked at each use: a settings change builds new services and the next
    payment uses them.
    """

    payments: Callable[[], PaymentPort]
    invoices: Callable[[], InvoicePort] | None
    business_name: Callable[[], str]
    training: bool
    inbox_dir: Path | None = None
    code_length: int = 6
    recover_at_start: bool = True
    # The terminal administration service: the readers to offer, and training's student side.
    terminal: Callable[[], TrainingPort] | None = None
    # MAX_PAYMENT_AMOUNT, asked at each payment: an amount too large to read names it.
    max_payment_cents: Callable[[], int] | None = None

    def attach(self, window: MainWindow) -> PaymentActions:
        return PaymentActions(window, self, window.settings.locale)


class PaymentActions(QObject):
    def __init__(self, window: MainWindow, services: PaymentServices, locale: str = "en-CA") -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._locale = locale
        # Every payment step writes the payment's record: they run on the database executor, one at
        # a time and in order (a cancel never overtakes the poll before it). The simulated reader
        # only talks to Stripe, on the network pool.
        self.executor = window.db_executor
        self.network = window.network_executor
        self.dialog: PaymentDialog | None = None
        self.customer_display: CustomerDisplayWindow | None = None
        self.reader_panel: SimulatedReaderPanel | None = None
        self.inbox: TrainingInboxView | None = None
        self._notes_said: set[str] = set()

        menu = shared_menu(window, "&Payment")
        self.take_payment_action = QAction(self.tr("&Take payment…"), window)
        self.take_payment_action.setShortcut(QKeySequence("Ctrl+P"))
        self.take_payment_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.take_payment_action.setStatusTip(self.tr("Collect a full or partial payment for the selected enrollment"))
        self.take_payment_action.triggered.connect(self.on_take_payment_triggered)
        menu.addAction(self.take_payment_action)
        self.display_action = QAction(self.tr("&Customer display"), window)
        self.display_action.setCheckable(True)
        self.display_action.setStatusTip(self.tr("A second window for a screen facing the student"))
        self.display_action.toggled.connect(self.on_display_toggled)
        menu.addAction(self.display_action)
        if services.training:
            training = shared_menu(window, "&Training")
            self.reader_action = QAction(self.tr("The student's side (card &reader, phone)"), window)
            # Also reachable from the payment window, which blocks this menu while it is open.
            self.reader_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
            self.reader_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.reader_action.triggered.connect(self.on_reader_panel_triggered)
            training.addAction(self.reader_action)
            self.inbox_action = QAction(self.tr("Training &inbox"), window)
            self.inbox_action.triggered.connect(self.on_inbox_triggered)
            training.addAction(self.inbox_action)
        enrollments = window.enrollments_widget
        # Keyboard first: a visible button, and Enter on an enrollment, open the payment too.
        self.take_payment_button = enrollments.add_command_button(self.take_payment_action, "takePaymentButton")
        enrollments.activated.connect(lambda _enrollment: self.on_take_payment_triggered())
        enrollments.selection_changed.connect(self.update_actions)
        enrollments.enrollments_loaded.connect(lambda *_: self.update_actions())
        window.actor_changed.connect(lambda _actor: self.update_actions())
        self.update_actions()
        if services.recover_at_start:
            self.recover_in_flight()

    # --- state --------------------------------------------------------------------------------
    def selected_enrollment(self) -> EnrollmentSummary | None:
        """The enrollment selected on screen; never one Qt made current without anyone choosing it."""
        return self._window.enrollments_widget.selected_enrollment()

    def update_actions(self) -> None:
        enrollment = self.selected_enrollment()
        allowed = self._window.actor.can(Permission.TAKE_PAYMENT)
        owing = bool(enrollment and enrollment.balance_cents > 0)
        self.take_payment_action.setEnabled(bool(allowed and owing))
        # Why it cannot act, where the disabled button says it.
        if not allowed:
            why = self.tr("Your role may not take payments.")
        elif enrollment is None:
            why = self.tr("Select the enrollment to pay in the list first.")
        elif not owing:
            why = self.tr("Nothing is owing on this enrollment.")
        else:
            why = self.tr("Collect a full or partial payment for the selected enrollment (Ctrl+P)")
        self.take_payment_button.setToolTip(why)

    # --- commands -----------------------------------------------------------------------------
    def on_take_payment_triggered(self) -> None:
        enrollment, student = self.selected_enrollment(), self._window.enrollments_widget.student
        status = self._window.statusBar()
        if enrollment is None or student is None:
            # Never a payment for an enrollment nobody chose: say what to select.
            status.showMessage(self.tr("Select the enrollment to pay in the list first (Ctrl+F to find the student)."))
            if student is not None:
                self._window.enrollments_widget.table_view.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if enrollment.balance_cents <= 0:
            status.showMessage(self.tr("Nothing is owing on {course_name}.").format(course_name=enrollment.course_name))
            return
        self.open_dialog(student, enrollment,
                         others=payable_others(self._window.enrollments_widget.model.rows(), enrollment))

    def payment_service(self) -> PaymentPort:
        """The payment flow, as asked at each use (a tender that needs the code sends it through it)."""
        return self._services.payments()

    def open_card_leg(self, student: StudentSummary, enrollment: EnrollmentSummary, amount_cents: int,
                      split_total_cents: int, parent: QWidget, lines: Sequence[PartRequest] = ()) -> PaymentDialog:
        """The card leg of a split payment: this payment window for a set amount, over the split's window
        (`lines`: its line on each enrollment, for a split paying several; the window names each of them)."""
        return self.open_dialog(student, enrollment, fixed_cents=amount_cents, split_total_cents=split_total_cents,
                                parent=parent, fixed_parts=lines,
                                others=payable_others(self._window.enrollments_widget.model.rows(), enrollment))

    def open_dialog(self, student: StudentSummary, enrollment: EnrollmentSummary, *,
                    others: Sequence[EnrollmentSummary] = (), fixed_cents: int | None = None,
                    split_total_cents: int | None = None, parent: QWidget | None = None,
                    fixed_parts: Sequence[PartRequest] = ()) -> PaymentDialog:
        invoices = self._services.invoices() if self._services.invoices else None  # the current ones, for this payment
        maximum = self._services.max_payment_cents() if self._services.max_payment_cents else None
        self.dialog = PaymentDialog(self._services.payments, self._window.actor, student, enrollment,
                                    locale=self._locale, executor=self.executor, invoices=invoices,
                                    customer_display=self.customer_display, parent=parent or self._window,
                                    terminal=self._services.terminal, maximum_cents=maximum,
                                    others=others, fixed_cents=fixed_cents, split_total_cents=split_total_cents,
                                    fixed_parts=fixed_parts,
                                    timezone=self._window.settings.tz)
        self.dialog.payment_finished.connect(self.on_payment_finished)
        self.dialog.desk_note.connect(self.on_desk_note)
        self.dialog.open()
        if self._services.training:
            # The dialog is window-modal: the Training menu cannot be reached until it closes, so the
            # student's side opens beside it and its shortcut works from the dialog.
            self.dialog.addAction(self.reader_action)
            self.show_reader_panel(activate=False)
            # The keyboard stays with the payment: a window system may activate the panel anyway (Qt's
            # offscreen and some X11 window managers ignore "show without activating"), and the amount
            # typed next would go into the panel.
            self.dialog.raise_()
            self.dialog.activateWindow()
        return self.dialog

    def on_desk_note(self, note: str) -> None:
        """Said once per session in the status bar, not on every payment."""
        if note in self._notes_said:
            return
        self._notes_said.add(note)
        self._window.statusBar().showMessage(note, 20_000)

    def on_payment_finished(self, view: PaymentView) -> None:
        student = self._window.enrollments_widget.student
        if view.succeeded and student is not None:
            self._window.enrollments_widget.show_student(student)  # the new balance
        text = (
            self.tr("Payment of {amount} received").format(amount=format_cents(view.amount_cents, self._locale))
            if view.succeeded
            else self.tr("Payment not completed ({status})").format(status=view.status)
        )
        self._window.statusBar().showMessage(text)

    def on_display_toggled(self, shown: bool) -> None:
        if shown:
            name = self._services.business_name()
            between_payments = self.dialog is None or not self.dialog.isVisible()
            display = self.customer_display
            if display is not None and display.windowTitle() != display_title(name, display.language) and between_payments:
                display.close()  # the business was renamed in the settings: show the new name
                self.customer_display = None
            if self.customer_display is None:
                self.customer_display = CustomerDisplayWindow(name, self._locale, code_length=self._services.code_length)
            self.customer_display.show()
        elif self.customer_display is not None:
            self.customer_display.hide()

    def on_reader_panel_triggered(self) -> None:
        self.show_reader_panel(activate=True)

    def show_reader_panel(self, *, activate: bool) -> None:
        terminal = self._services.terminal
        if terminal is None:
            self._window.statusBar().showMessage(self.tr("The simulated reader is not available in this window."))
            return
        if self.reader_panel is None:
            self.reader_panel = SimulatedReaderPanel(terminal, lambda: self._window.actor, self.executor,
                                                     hosted_url=self.current_hosted_url)
            # At the right edge of the desk's screen, clear of the payment window centred on the main one.
            area = self._window.screen().availableGeometry()
            self.reader_panel.move(area.right() - self.reader_panel.width() - 24, area.top() + 48)
        else:
            self.reader_panel.refresh_readers()
        # Shown beside the payment window without taking the keyboard from it.
        self.reader_panel.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not activate)
        self.reader_panel.show()
        if activate:
            self.reader_panel.raise_()
            self.reader_panel.activateWindow()

    def current_hosted_url(self) -> str | None:
        """The hosted page the open payment window shows as a QR code, if any."""
        dialog = self.dialog
        if dialog is None or not dialog.isVisible() or dialog.payment is None:
            return None
        return dialog.payment.checkout_url

    def on_inbox_triggered(self) -> None:
        if self.inbox is None and self._services.inbox_dir is not None:
            self.inbox = TrainingInboxView(self._services.inbox_dir)
        if self.inbox is not None:
            self.inbox.show()
            self.inbox.raise_()

    def recover_in_flight(self) -> None:
        """At start-up no window is taking a payment yet, so unfinished charges are stopped at Stripe."""
        workstation = self._window.actor.workstation_id

        def done(report: RecoveryReport) -> None:
            if report.total:
                self._window.statusBar().showMessage(
                    self.tr(
                        "Payments left unfinished last time: {recorded} recorded, {closed} closed, {to_check} to check again."
                    ).format(
                        recorded=len(report.recorded),
                        closed=len(report.closed),
                        to_check=len(report.still_open) + len(report.unreachable),
                    )
                )

        def failed(error: BaseException) -> None:
            self._window.statusBar().showMessage(
                self.tr("Unfinished payments could not be checked: {error}").format(error=describe_error(error))
            )

        payments = self._services.payments
        (Operation(lambda: payments().recover_in_flight(system_actor(workstation)))
         .success(done).failure(failed).owned_by(self).run_in(self.executor))

    def shutdown(self) -> None:
        for window in (self.customer_display, self.reader_panel, self.inbox):
            if window is not None:
                window.close()
