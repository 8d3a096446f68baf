"""PaymentDialog: amount and tax -> code -> reader or hosted page -> progress -> result.

Every service call runs on a worker thread (`ui.operations`), so a slow Stripe never freezes the
desk; the answers come back here, on the UI thread. Keyboard first: each page has a default
button (Enter moves on) and Esc cancels, which at Stripe means cancelling the charge, not merely
closing the window.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from oncopos.domain.access import Actor
from oncopos.domain.allocation import PartRequest
from oncopos.domain.dates import format_moment
from oncopos.domain.errors import InvalidInput, UserFacingError
from oncopos.domain.gateway import ReaderInfo
from oncopos.domain.money import format_cents, parse_amount
from oncopos.domain.otp import CodeAlreadyUsed, CodeExpired, CodeIncorrect, CodeSendThrottled, ConfirmationLocked
from oncopos.services.payments.records import PROCESSING, PaymentView
from oncopos.services.records import EnrollmentSummary, StudentSummary
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.messages import Tone, show_message
from oncopos.ui.operations import DatabaseExecutor, Executor, Operation, describe_error
from oncopos.ui.payments.customer_display import CustomerDisplayWindow, DisplayText
from oncopos.ui.payments.pages import AmountPage, CodePage, MethodPage, ProgressPage, ResultPage, tax_text
from oncopos.ui.payments.ports import InvoicePort, PaymentPort, ReadersPort
from oncopos.ui.payments.progress import ChargeContext, ChargeProgress
from oncopos.ui.payments.resend_pause import ResendPause
from oncopos.ui.payments.several import OtherEnrollmentsBox, amount_of, lines_of, lines_text
from oncopos.ui.payments.training import reader_status
from oncopos.ui.payments.unanswered_keys import UnansweredKeys
from oncopos.ui.save_location import in_documents

logger = logging.getLogger(__name__)

PREVIEW_DELAY_MS = 250


class PaymentDialog(QDialog):
    payment_finished = Signal(object)  # the final PaymentView (succeeded, failed, cancelled, expired)
    # A note about the desk rather than this payment (the central database not configured or not
    # reached): the window says it once in its status bar instead of on every payment.
    desk_note = Signal(str)

    def __init__(self, service: Callable[[], PaymentPort], actor: Actor, student: StudentSummary,
                 enrollment: EnrollmentSummary, *, locale: str = "en-CA", executor: Executor | None = None,
                 invoices: InvoicePort | None = None, customer_display: CustomerDisplayWindow | None = None,
                 clock: Callable[[], datetime] | None = None, parent: QWidget | None = None,
                 terminal: Callable[[], ReadersPort] | None = None, maximum_cents: int | None = None,
                 others: Sequence[EnrollmentSummary] = (), fixed_cents: int | None = None,
                 timezone: tzinfo | None = None, split_total_cents: int | None = None,
                 fixed_parts: Sequence[PartRequest] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        # Local to this dialog: the step's heading and the amount must be what the eye finds first.
        self.setStyleSheet("#pageHeading { font-size: 14pt; font-weight: bold; } "
                           "#paymentHeader { color: #3d4650; } #taxBreakdown { font-size: 12pt; } "
                           "#noteLabel { color: #3d4650; font-style: italic; }")
        self.setWindowTitle(self.tr("Take payment — {display_name}").format(display_name=student.display_name))
        self.resize(560, 520)
        self._service = service
        self._terminal = terminal  # the readers to offer, from the terminal administration service
        self._actor = actor
        self._student = student
        self._enrollment = enrollment
        self._locale = locale
        # The code's expiry is said in the business time zone (the machine may keep another, or UTC).
        self._timezone = timezone or datetime.now().astimezone().tzinfo or UTC
        self._maximum_cents = maximum_cents  # MAX_PAYMENT_AMOUNT: what an amount too large to read is told
        # The card leg of a split payment: its amount was set with the other parts and is not changed here.
        self._fixed_cents = fixed_cents
        # ...and the split's whole amount, which the code's email names beside the card's part.
        self._split_total_cents = split_total_cents
        # ...and, for a split paying several enrollments, the card leg's own line on each of them.
        self._fixed_parts = tuple(fixed_parts)
        self._owns_executor = executor is None
        # Every step writes the payment's row: one thread, in the order asked (a poll never races a
        # cancel). The window hands its database executor; a dialog opened on its own makes one.
        self._executor = executor or DatabaseExecutor()
        self._invoices = invoices
        self.display = customer_display
        self._clock = clock or (lambda: datetime.now(UTC))
        self.payment: PaymentView | None = None
        self._busy = False
        self._last_failure: BaseException | None = None
        self._closing = False

        # A split's card leg paying several enrollments is for each of them (its lines were set with the split).
        paid_ids = {p.enrollment_id for p in self._fixed_parts}
        self._paying = (enrollment, *(e for e in others if e.id in paid_ids and e.id != enrollment.id))
        courses = " + ".join(f"{e.course_name} ({e.course_code})" for e in self._paying)
        self.header = QLabel(f"{student.display_name} · {courses}", self)
        self.header.setObjectName("paymentHeader")
        self.pages = QStackedWidget(self)
        self.amount_page, self.code_page = AmountPage(self.pages), CodePage(self.pages)
        self.method_page, self.progress_page, self.result_page = (
            MethodPage(self.pages), ProgressPage(self.pages), ResultPage(self.pages))
        for page in (self.amount_page, self.code_page, self.method_page, self.progress_page, self.result_page):
            self.pages.addWidget(page)
        # The student's other enrollments that still owe, to pay in the same payment (a program and its kit).
        self.others_box = OtherEnrollmentsBox(() if self._fixed_parts else others, locale, self.amount_page)
        self.amount_page.add_others(self.others_box)
        self.others_box.setVisible(bool(self.others_box.rows) and not self._fixed_parts)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.pages, 1)
        # Style every page now, while the dialog opens, rather than when a step first shows it (which
        # took ~150 ms on the UI thread, in the middle of the payment).
        for page in (self.amount_page, self.code_page, self.method_page, self.progress_page, self.result_page):
            for widget in [page, *page.findChildren(QWidget)]:
                widget.ensurePolished()

        self.resend_pause = ResendPause(self.code_page.resend_button, self._clock, self)
        self._unanswered_keys = UnansweredKeys(self.pages, lambda: self._busy, self.busy_text, self)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview)
        self.charge = ChargeProgress(self.pages, self.progress_page, self.result_page, ChargeContext(
            service=service, actor=actor, locale=locale, clock=self._clock, executor=self._executor, run=self._run,
            is_busy=lambda: self._busy, display=customer_display, invoices=invoices, timezone=self._timezone), self)
        self.charge.view_changed.connect(self._set_payment)
        self.charge.desk_note.connect(self.desk_note)
        self.charge.finished.connect(self._on_finished)
        self._connect()
        self._show_amount_page()

    def _connect(self) -> None:
        # A dialog has one default button at a time (setDefault on one clears the others), so the
        # page being shown makes its own primary button the one Enter presses.
        primary = {self.amount_page: self.amount_page.send_button, self.code_page: self.code_page.confirm_button,
                   self.method_page: self.method_page.reader_button, self.progress_page: self.progress_page.retry_button,
                   self.result_page: self.result_page.done_button}

        def make_primary(index: int) -> None:
            page = self.pages.widget(index)
            if page is not None and page in primary:
                primary[page].setDefault(True)

        self.pages.currentChanged.connect(make_primary)
        self.amount_page.amount_edit.textChanged.connect(lambda _t: self._preview_timer.start())
        self.others_box.changed.connect(self._preview_timer.start)
        self.amount_page.send_button.clicked.connect(self.on_send_code_clicked)
        self.code_page.confirm_button.clicked.connect(self.on_confirm_clicked)
        # Enter reaches Confirm as the default button; once Confirm is disabled it would reach nothing.
        self.code_page.code_edit.returnPressed.connect(
            lambda: None if self.code_page.confirm_button.isEnabled() else self.on_confirm_clicked())
        self.code_page.resend_button.clicked.connect(self.on_resend_clicked)
        self.method_page.reader_button.clicked.connect(self.on_reader_clicked)
        self.method_page.hosted_button.clicked.connect(self.on_hosted_clicked)
        self.progress_page.cancel_button.clicked.connect(self.reject)
        self.result_page.done_button.clicked.connect(self.accept)
        self.result_page.save_button.clicked.connect(self.on_save_invoice_clicked)
        if self.display is not None:
            self.display.code_entered.connect(self.on_customer_code_entered)

    # --- running core calls -------------------------------------------------------------------
    def _run(self, call: Callable[[PaymentPort], Any], on_success: Callable[[Any], None], error_label: QLabel,
             *, busy: bool = True, after_failure: Callable[[], None] | None = None,
             waiting: tuple[QLabel, str] | None = None) -> None:
        """Run `call` on the worker; `waiting` (a label and its text) says what the desk waits for meanwhile."""
        if busy:
            if self._busy:
                # A click or a key while the previous step runs is not dropped without a word.
                show_message(error_label, self.busy_text(), Tone.WARNING)
                return
            self._set_busy(True)
        error_label.hide()
        if waiting is not None:
            waiting[0].setText(waiting[1])
            waiting[0].show()

        def settled() -> None:
            if busy:
                self._set_busy(False)
            if waiting is not None:
                waiting[0].hide()

        def done(result: Any) -> None:
            settled()
            on_success(result)

        def failed(error: BaseException) -> None:
            settled()
            self._last_failure = error
            error_label.setText(describe_error(error))
            error_label.show()
            if after_failure is not None:
                after_failure()

        service = self._service  # the worker gets the provider, never the dialog
        Operation(lambda: call(service())).success(done).failure(failed).owned_by(self).run_in(self._executor)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for button in (self.amount_page.send_button, self.code_page.confirm_button,
                       self.method_page.reader_button, self.method_page.hosted_button, self.progress_page.retry_button):
            button.setEnabled(not busy)
        self.resend_pause.set_busy(busy)  # Resend also waits out its pause between codes

    def busy_text(self) -> str:
        return self.tr("Still working on the previous step: wait for it to finish.")

    @property
    def busy(self) -> bool:
        return self._busy

    # --- amount -------------------------------------------------------------------------------
    def _show_amount_page(self) -> None:
        page, e = self.amount_page, self._enrollment
        page.heading.setText(self.tr("Card part of a split payment") if self._fixed_cents is not None
                             else self.tr("Amount to collect"))
        owing = sum(x.balance_cents for x in self._paying)
        total = sum(x.total_cents for x in self._paying)
        paid = sum(x.paid_cents - x.refunded_cents for x in self._paying)
        if len(self._paying) > 1:
            page.balance_label.setText(
                self.tr("Balance owing on {courses}: {amount} (total {amount2}, paid {amount3})").format(
                    courses=" + ".join(x.course_name for x in self._paying), amount=format_cents(owing, self._locale),
                    amount2=format_cents(total, self._locale), amount3=format_cents(paid, self._locale)))
        else:
            page.balance_label.setText(
                self.tr("Balance owing: {amount} (total {amount2}, paid {amount3})").format(
                    amount=format_cents(owing, self._locale), amount2=format_cents(total, self._locale),
                    amount3=format_cents(paid, self._locale)))
        amount = self._fixed_cents if self._fixed_cents is not None else max(e.balance_cents, 0)
        page.amount_edit.setText(format_cents(amount, self._locale, currency=False))
        page.amount_edit.setReadOnly(self._fixed_cents is not None)
        page.amount_edit.selectAll()
        self.pages.setCurrentWidget(page)
        page.send_button.setDefault(True)  # the first page shown emits no currentChanged
        page.amount_edit.setFocus()

    def _requests(self, enrollment_id: uuid.UUID, amount: int) -> list[PartRequest]:
        """The payment's lines: a split's card leg's as set with the split, else the ones ticked here."""
        return list(self._fixed_parts) or self.others_box.requests(enrollment_id, amount)

    def _amount(self) -> int:
        return parse_amount(self.amount_page.amount_edit.text(), self._locale, maximum_cents=self._maximum_cents)

    def _preview(self) -> None:
        page = self.amount_page
        try:
            amount = self._amount()
        except InvalidInput as err:
            page.tax_label.setText("")
            page.error_label.setText(err.text(self._locale))
            page.error_label.show()
            return
        actor, enrollment_id, treatment = self._actor, self._enrollment.id, self._enrollment.tax_treatment
        try:
            parts = self._requests(enrollment_id, amount)
        except InvalidInput as err:
            page.tax_label.setText("")
            page.error_label.setText(err.text())
            page.error_label.show()
            return
        if len(parts) > 1:  # several enrollments: the tax of each line and the payment's total
            self._run(lambda s: s.preview_several(actor, parts),
                      lambda view: page.tax_label.setText(lines_text(view, self._locale)), page.error_label, busy=False)
            return
        self._run(lambda s: s.preview(actor, enrollment_id, amount),
                  lambda view: page.tax_label.setText(tax_text(view, self._locale, treatment)),
                  page.error_label, busy=False)

    def on_send_code_clicked(self) -> None:
        page = self.amount_page
        try:
            amount = self._amount()
        except InvalidInput as err:
            page.error_label.setText(err.text(self._locale))
            page.error_label.show()
            return

        # Read on the UI thread; the worker only returns views (it never writes the dialog's state).
        previous, actor, enrollment_id, split_total = self.payment, self._actor, self._enrollment.id, self._split_total_cents
        try:
            parts = self._requests(enrollment_id, amount)
        except InvalidInput as err:
            page.error_label.setText(err.text())
            page.error_label.show()
            return
        wanted = [(p.enrollment_id, p.amount_cents) for p in parts] if len(parts) > 1 else []

        def start_and_send(service: PaymentPort) -> PaymentView:
            quote = previous
            if quote is None or quote.amount_cents != amount_of(parts) or lines_of(quote) != wanted:
                if quote is not None:  # the amount or the lines changed: the old quote and its code are void
                    service.cancel(actor, quote.id)
                quote = (service.start_several(actor, parts) if wanted
                         else service.start(actor, enrollment_id, amount))
            return service.send_code(actor, quote.id, split_total_cents=split_total)

        self._run(start_and_send, self._on_code_sent, page.error_label)

    # --- code ---------------------------------------------------------------------------------
    def _on_code_sent(self, view: PaymentView) -> None:
        self.payment = view
        page = self.code_page
        expires = (format_moment(view.code_expires_at, self._timezone, self._locale, style="time")
                   if view.code_expires_at else "")
        page.sent_label.setText(
            self.tr(
                "A code was emailed to {code_sent_to}. It works until {expires}; tries left: {code_attempts_left}. Ask the "
                "student to read it out, or to type it on the customer display.\n"
            ).format(code_sent_to=view.code_sent_to, expires=expires, code_attempts_left=view.code_attempts_left)
            + (lines_text(view, self._locale) if view.parts
               else tax_text(view, self._locale, self._enrollment.tax_treatment))
        )
        page.code_edit.clear()
        page.error_label.hide()
        page.confirm_button.setEnabled(True)  # a new code can be confirmed
        page.confirm_button.setToolTip("")
        self.resend_pause.hold_until(view.code_resend_at)
        self.pages.setCurrentWidget(page)
        page.code_edit.setFocus()
        if self.display is not None:
            self.display.show_amount(view, ", ".join(p.course_name for p in view.parts) or self._enrollment.course_name)
            self.display.ask_for_code(view.code_sent_to or self.tr("your email"))

    def on_resend_clicked(self) -> None:
        assert self.payment is not None
        payment_id, actor, split_total = self.payment.id, self._actor, self._split_total_cents
        self._run(lambda s: s.send_code(actor, payment_id, split_total_cents=split_total), self._on_code_sent,
                  self.code_page.error_label, after_failure=self._hold_resend_after_refusal)

    def _hold_resend_after_refusal(self) -> None:
        """Refused for now (too soon, too many codes, confirmation locked): the button counts down to when."""
        error = self._last_failure
        if isinstance(error, CodeSendThrottled):
            self.resend_pause.hold_until(error.retry_at)
        elif isinstance(error, ConfirmationLocked):
            self.resend_pause.hold_until(error.until)

    def on_customer_code_entered(self, code: str) -> None:
        if self.pages.currentWidget() is self.code_page:
            self.code_page.code_edit.setText(code)
            self.on_confirm_clicked()

    def on_confirm_clicked(self) -> None:
        assert self.payment is not None
        if not self.code_page.confirm_button.isEnabled() and not self._busy:
            # Enter in the code field after the code was spent: say so, never nothing.
            if self.resend_pause.seconds_left() > 0:
                text = self.tr("This code can no longer be confirmed. A new code can be sent in {wait}: then press "
                               "Resend code and ask the student for the new one.").format(wait=self.resend_pause.wait_text())
            else:
                text = self.tr("This code can no longer be confirmed: press Resend code and ask the student for the new one.")
            show_message(self.code_page.error_label, text, Tone.WARNING)
            return
        code = self.code_page.code_edit.text().strip()

        def confirmed(view: PaymentView) -> None:
            self.payment = view
            self._show_method_page()

        payment_id, actor = self.payment.id, self._actor
        self._run(lambda s: s.confirm_code(actor, payment_id, code), confirmed, self.code_page.error_label,
                  after_failure=self._code_error_shown)

    def _code_error_shown(self) -> None:
        error = self._last_failure
        if self.display is not None and self.code_page.error_label.isVisible():
            # The core's reason in the student's language; the desk's words for anything else.
            said = error.message if isinstance(error, UserFacingError) and error.message is not None else None
            self.display.show_code_problem(said or self.code_page.error_label.text())
        spent = isinstance(error, ConfirmationLocked | CodeExpired | CodeAlreadyUsed) or (
            isinstance(error, CodeIncorrect) and error.attempts_left == 0)
        if spent:
            # This code cannot be confirmed any more: Confirm looks it, and Enter goes to Resend.
            page = self.code_page
            page.confirm_button.setEnabled(False)
            page.confirm_button.setToolTip(self.tr("This code can no longer be confirmed: send a new code."))
        if isinstance(error, ConfirmationLocked):
            self.resend_pause.hold_until(error.until)  # no new code either until the pause ends

    # --- method -------------------------------------------------------------------------------
    def _show_method_page(self) -> None:
        page = self.method_page
        self.pages.setCurrentWidget(page)
        page.readers_list.clear()
        page.readers_list.addItem(self.tr("Loading the card readers…"))
        if self.display is not None:
            self.display.show_status(DisplayText(
                QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Thank you. Your payment is being prepared.")
            ))

        def listed(readers: list[ReaderInfo]) -> None:
            page.readers_list.clear()
            for reader in readers:
                item = QListWidgetItem(f"{reader.label} — {reader_status(reader.status)}")
                item.setData(256, reader.id)
                if reader.status != "online":
                    item.setToolTip(self.tr("This reader is offline: check its power and network."))
                page.readers_list.addItem(item)
            online = [i for i in range(len(readers)) if readers[i].status == "online"]
            if online:
                page.readers_list.setCurrentRow(online[0])
            else:
                page.error_label.setText(self.tr("No card reader is online. Use the hosted page, or check the reader."))
                page.error_label.show()
            page.readers_list.setFocus()

        terminal, actor = self._terminal, self._actor
        if terminal is None:
            listed([])
            return
        self._run(lambda _s: terminal().list_readers(actor), listed, page.error_label, busy=False)

    def on_reader_clicked(self) -> None:
        item = self.method_page.readers_list.currentItem()
        reader_id = item.data(256) if item is not None else None
        if not reader_id:
            self.method_page.error_label.setText(self.tr("Choose a card reader first, or use the hosted page."))
            self.method_page.error_label.show()
            return
        assert self.payment is not None
        payment_id, actor = self.payment.id, self._actor
        text = self.tr("Creating the payment at Stripe and sending it to the card reader… (the desk waits at most "
                       "{seconds} s, then says what happened)").format(seconds=self.charge.wait_seconds("charge"))
        self._run(lambda s: s.charge_on_reader(actor, payment_id, reader_id), self.charge.show_charging,
                  self.method_page.error_label, waiting=(self.method_page.waiting_label, text))

    def on_hosted_clicked(self) -> None:
        assert self.payment is not None
        payment_id, actor = self.payment.id, self._actor
        self._run(lambda s: s.charge_hosted(actor, payment_id), self.charge.show_charging, self.method_page.error_label)

    # --- the charge component's news --------------------------------------------------------------
    def _set_payment(self, view: PaymentView) -> None:
        self.payment = view

    def _on_finished(self, view: PaymentView) -> None:
        self.payment_finished.emit(view)
        if self._closing:
            self.done(QDialog.DialogCode.Rejected)

    # --- leaving ------------------------------------------------------------------------------
    def on_save_invoice_clicked(self) -> None:
        if self.payment is None or not self.payment.invoice_number or self._invoices is None:
            return
        number = self.payment.invoice_number
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save PDF"), in_documents(f"{number}.pdf"), self.tr("PDF (*.pdf)"))
        if path:
            self.save_invoice_to(number, Path(path))

    def save_invoice_to(self, number: str, path: Path) -> None:
        invoices, page, actor = self._invoices, self.result_page, self._actor
        assert invoices is not None
        saved = self.tr("Invoice {number} saved to {path}.").format(number=number, path=path)

        def write(_service: PaymentPort) -> str:  # on the worker: only what was taken above
            path.write_bytes(invoices.reprint(actor, number))
            return saved

        self._run(write, lambda message: show_message(page.error_label, message, Tone.SUCCESS), page.error_label,
                  busy=False)

    def reject(self) -> None:
        """Esc, Cancel or the close box: stop the payment at Stripe before the window goes."""
        view = self.payment
        if view is None or view.final:
            self._close_now()
            return
        if self._closing:
            return
        self._closing = True
        self.charge.stop()
        self.progress_page.status_label.setText(self.tr("Cancelling at Stripe… (the desk waits at most {seconds} s)")
                                                .format(seconds=self.charge.wait_seconds("cancel")))

        def cancelled(result: PaymentView) -> None:
            self.payment = result
            if result.succeeded or view.status == PROCESSING:
                # Charged before the cancel reached the reader, or stopped at Stripe: the registrar sees it.
                self._closing = False
                self.charge.show_result(result)
            else:
                self._close_now()

        def failed(error: BaseException) -> None:
            self._closing = False
            current = self.pages.currentWidget()
            label = (self.progress_page.error_label if view.status == PROCESSING or current is None
                     else current.findChild(QLabel, "errorLabel"))
            if label is not None:
                label.setText(describe_error(error))
                label.show()
            if view.status == PROCESSING:
                self.charge.resume_polling()

        payment_id, actor, service = view.id, self._actor, self._service
        (Operation(lambda: service().cancel(actor, payment_id)).success(cancelled).failure(failed)
         .owned_by(self).run_in(self._executor))

    def _close_now(self) -> None:
        self.charge.stop()
        if self.display is not None:
            self.display.show_idle()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.payment is not None and not self.payment.final:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        super().done(result)
        if self._owns_executor:
            self._executor.shutdown(wait_ms=0)
