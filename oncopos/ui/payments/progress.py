"""The charge in progress and its outcome: waiting for the reader or the hosted page, a decline
with Retry, the countdown of the link, and the result page with Print / Email invoice.

A component of `PaymentDialog` with an explicit interface: it is given the two pages it drives and
a `ChargeContext` (how to reach the core, how to run a call), and it tells the dialog what happened
through its signals. It owns the poll and countdown timers; it never reads the dialog's attributes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget

from oncopos.domain.access import Actor, Permission
from oncopos.domain.cards import card_description
from oncopos.domain.dates import format_moment
from oncopos.domain.messages import render
from oncopos.domain.money import format_cents
from oncopos.services.payments.records import CANCELLED, EXPIRED, PaymentView
from oncopos.ui.i18n import QT_TRANSLATE_NOOP
from oncopos.ui.messages import Tone, show_message
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.paint import after_next_paint
from oncopos.ui.payments.customer_display import CustomerDisplayWindow, DisplayText
from oncopos.ui.payments.pace import READER_FAST_MS, PollPace
from oncopos.ui.payments.pages import QR_SIDE, ProgressPage, ResultPage
from oncopos.ui.payments.ports import InvoicePort, PaymentPort
from oncopos.ui.payments.qr import qr_pixmap
from oncopos.ui.print_choice import INVOICE_PAPERS, PrintChoiceDialog

logger = logging.getLogger(__name__)


class Runner(Protocol):
    """`PaymentDialog._run`: a core call on the worker, its answer on the UI thread, errors in a label."""

    def __call__(self, call: Callable[[PaymentPort], Any], on_success: Callable[[Any], None], error_label: QLabel, *,
                 busy: bool = True, after_failure: Callable[[], None] | None = None,
                 waiting: tuple[QLabel, str] | None = None) -> None: ...


@dataclass(frozen=True)
class ChargeContext:
    """Everything the component needs from its dialog, named."""

    service: Callable[[], PaymentPort]
    actor: Actor
    locale: str
    clock: Callable[[], datetime]
    executor: Executor
    run: Runner
    is_busy: Callable[[], bool]
    display: CustomerDisplayWindow | None = None
    invoices: InvoicePort | None = None
    timezone: tzinfo = UTC  # the business's: the hosted page's expiry is said on its clock


class ChargeProgress(QObject):
    """The progress and result pages of one payment, from the charge to Done."""

    view_changed = Signal(object)  # each PaymentView received from the core
    finished = Signal(object)      # the final PaymentView, once the result page shows it
    desk_note = Signal(str)        # a note about the desk (the central database), not about this payment

    def __init__(self, pages: QStackedWidget, progress_page: ProgressPage, result_page: ResultPage,
                 context: ChargeContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages = pages
        self.progress_page = progress_page
        self.result_page = result_page
        self._ctx = context
        self._payment: PaymentView | None = None
        self.polling = False
        self._stopped = False  # the dialog is closing: an answer still on its way arms no new poll
        # One poll at a time, each arming the next (single-shot) at the pace `PollPace` sets.
        self.pace = PollPace()
        self.poll_timer = QTimer(self, singleShot=True, interval=READER_FAST_MS)
        self.poll_timer.timeout.connect(self._poll)
        self.countdown_timer = QTimer(self, interval=1000)
        self.countdown_timer.timeout.connect(self._update_countdown)
        progress_page.retry_button.clicked.connect(self.on_retry_clicked)
        progress_page.email_button.clicked.connect(self.on_email_link_clicked)
        result_page.print_button.clicked.connect(self.on_print_clicked)
        self.print_dialog: PrintChoiceDialog | None = None
        result_page.email_button.clicked.connect(lambda: self._invoice_action("email"))

    @property
    def payment(self) -> PaymentView | None:
        return self._payment

    def _set(self, view: PaymentView) -> None:
        self._payment = view
        self.view_changed.emit(view)

    def wait_seconds(self, step: str) -> int:
        return self._ctx.service().longest_wait_seconds(step)

    # --- timers ---------------------------------------------------------------------------------
    def stop(self) -> None:
        self._stopped = True
        self.poll_timer.stop()
        self.countdown_timer.stop()

    def resume_polling(self) -> None:
        self._stopped = False
        self.poll_timer.start(self.pace.last_ms)

    # --- progress -------------------------------------------------------------------------------
    def show_charging(self, view: PaymentView) -> None:
        """The charge started (or could not reach the reader): show the progress page and poll."""
        self._set(view)
        page, display = self.progress_page, self._ctx.display
        hosted = view.method == "hosted"
        page.show_hosted(hosted)
        page.retry_button.hide()
        page.error_label.hide()
        if hosted and view.checkout_url:
            page.qr_label.setPixmap(qr_pixmap(view.checkout_url, size=QR_SIDE))
            page.link_label.setText(view.checkout_url)
            page.email_edit.setText("")
            self._update_countdown()
            self.countdown_timer.start()
            if display is not None:
                display.show_qr(view.checkout_url, DisplayText(
                    QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Scan the code with your phone to pay.")
                ))
        elif display is not None:
            display.show_status(DisplayText(
                QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Tap, insert or swipe your card on the reader.")
            ))
        notes = [n for n in (view.methods_notice,) if n]
        page.note_label.setText("\n".join(notes))
        page.note_label.setVisible(bool(notes))
        if view.balance_note:
            self.desk_note.emit(view.balance_note)  # about the desk, not this payment: the window says it once
        self.show_progress(view)
        self._pages.setCurrentWidget(page)
        page.cancel_button.setFocus()
        self._stopped = False
        self.poll_timer.start(self.pace.restart())

    def show_progress(self, view: PaymentView) -> None:
        page, display = self.progress_page, self._ctx.display
        amount = format_cents(view.amount_cents, self._ctx.locale)
        if view.declined:
            page.status_label.setText(self.tr("Not paid: {failure_message}").format(failure_message=render(view.failure)))
            page.busy_bar.hide()
            page.retry_button.show()
            page.retry_button.setFocus()
            if display is not None:
                # The core's explanation, said in the display's own language (the student's).
                display.show_status(view.failure or DisplayText(
                    QT_TRANSLATE_NOOP("CustomerDisplayWindow", "The card was declined.")
                ))
        elif view.method == "hosted":
            page.status_label.setText(
                self.tr("Waiting for the student to pay {amount} on the hosted page…").format(amount=amount)
            )
            page.busy_bar.show()
        else:
            page.status_label.setText(
                self.tr("Waiting for the card on the reader ({amount})… Ask the student to tap, insert or swipe.").format(
                    amount=amount
                )
            )
            page.busy_bar.show()
            page.retry_button.hide()

    def _update_countdown(self) -> None:
        view = self._payment
        if view is None or view.checkout_expires_at is None:
            return
        left = int((view.checkout_expires_at - self._ctx.clock()).total_seconds())
        minutes, seconds = divmod(max(left, 0), 60)
        at = format_moment(view.checkout_expires_at, self._ctx.timezone, self._ctx.locale, style="time")
        self.progress_page.countdown_label.setText(
            self.tr("The link expires in {minutes}:{seconds:02d} (at {time}).").format(
                minutes=minutes, seconds=seconds, time=at)
        )

    def _poll(self) -> None:
        if self._payment is None or self._stopped:
            return
        if self.polling or self._ctx.is_busy():
            self.poll_timer.start(self.pace.last_ms)  # another call is running: ask again after it
            return
        self.polling = True

        def polled(view: PaymentView) -> None:
            self.polling = False
            self._set(view)
            if view.final:
                self.show_result(view)
            else:
                self.show_progress(view)
                if not self._stopped:
                    self.poll_timer.start(self.pace.next_ms(view))

        def failed(error: BaseException) -> None:
            self.polling = False
            # A network blip while polling is not the end of the payment: say so and keep asking.
            self.progress_page.error_label.setText(describe_error(error) + self.tr(" Still checking…"))
            self.progress_page.error_label.show()
            if not self._stopped:
                self.poll_timer.start(self.pace.next_ms(error=error))

        payment_id, actor, service = self._payment.id, self._ctx.actor, self._ctx.service
        reader = self.pace.reader_due()
        (Operation(lambda: service().poll(actor, payment_id, receipt_later=True, read_reader=reader))
         .success(polled).failure(failed)
         .owned_by(self).run_in(self._ctx.executor))

    def _send_receipt(self, view: PaymentView) -> None:
        """The emails and the invoice PDF they carry, once "Paid" is painted (never before it)."""
        payment_id, actor, service, executor = view.id, self._ctx.actor, self._ctx.service, self._ctx.executor

        def not_sent(error: BaseException) -> None:
            # The payment and its invoice are recorded; recovery queues the emails later.
            logger.warning("payment %s: receipt not queued yet (%s)", payment_id, describe_error(error))

        def send() -> None:
            (Operation(lambda: service().send_receipt(actor, payment_id)).failure(not_sent)
             .owned_by(self).run_in(executor))

        after_next_paint(self.result_page, send)

    def on_retry_clicked(self) -> None:
        if self._payment is None:
            return
        payment_id, actor, display = self._payment.id, self._ctx.actor, self._ctx.display

        def sent(view: PaymentView) -> None:
            self._set(view)
            self.progress_page.error_label.hide()
            self.show_progress(view)
            if display is not None:
                display.show_status(DisplayText(
                    QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Please try your card again on the reader.")
                ))

        text = self.tr("Sending the payment to the card reader again… (the desk waits at most {seconds} s, then "
                       "says what happened)").format(seconds=self.wait_seconds("retry"))
        self._ctx.run(lambda s: s.retry(actor, payment_id), sent, self.progress_page.error_label,
                      waiting=(self.progress_page.waiting_label, text))

    def on_email_link_clicked(self) -> None:
        if self._payment is None:
            return
        payment_id, actor = self._payment.id, self._ctx.actor
        to = self.progress_page.email_edit.text().strip() or None

        def sent(address: str) -> None:
            show_message(
                self.progress_page.error_label,
                self.tr("The link was emailed to {address}.").format(address=address),
                Tone.SUCCESS,
            )

        self._ctx.run(lambda s: s.email_link(actor, payment_id, to), sent, self.progress_page.error_label, busy=False)

    # --- result ---------------------------------------------------------------------------------
    def show_result(self, view: PaymentView) -> None:
        self._set(view)
        self.stop()
        page, display, loc = self.result_page, self._ctx.display, self._ctx.locale
        if view.succeeded:
            card = card_description(view.card_brand, view.card_last4, loc) if view.card_last4 else "card"
            page.heading.setText(self.tr("Paid {amount}").format(amount=format_cents(view.amount_cents, loc)))
            lines = [
                self.tr("Paid with {card}.").format(card=card),
                self.tr("New balance: {amount}.").format(amount=format_cents(view.balance_after_cents, loc)),
            ]
            if view.invoice_number:
                lines.append(
                    self.tr("Invoice {invoice_number}. A receipt is on its way to the student's email.").format(
                        invoice_number=view.invoice_number
                    )
                )
            elif view.invoice_pending:
                # The charge is recorded; only its invoice waits (recovery issues it).
                lines.append(QCoreApplication.translate(
                    "ChargeProgress", "The payment is recorded; its invoice could not be issued yet and will be "
                    "issued when OncoPOS next starts (or by oncopos reconcile)."))
            if view.amount_flag:
                lines.append(view.amount_flag.text())
            page.details_label.setText("\n".join(lines))
            has_invoice = bool(view.invoice_number and self._ctx.invoices is not None)
            page.print_button.setVisible(has_invoice)
            page.email_button.setVisible(has_invoice)
            # Saving a copy is a reprint: offered to those who may make one.
            page.save_button.setVisible(has_invoice and self._ctx.actor.can(Permission.REPRINT))
            if display is not None:
                display.show_status(DisplayText(QT_TRANSLATE_NOOP("CustomerDisplayWindow", "Payment received. Thank you!")))
            self._send_receipt(view)
        else:
            next_steps: dict[str, str] = {
                CANCELLED: self.tr("Start a new payment when the student is ready."),
                EXPIRED: self.tr("Take the payment again, on the reader or with a new link."),
            }
            what_to_do = next_steps.get(view.status, self.tr("Ask for another card and take the payment again."))
            reason = render(view.failure)
            if "Nothing was charged" not in (view.failure_message or ""):  # the stored sentence says so already
                reason = self.tr("{reason} Nothing was charged.").format(reason=reason).strip()
            page.heading.setText(self.tr("Payment not completed"))
            page.details_label.setText(f"{reason}\n{what_to_do}")
            page.print_button.hide()
            page.email_button.hide()
            page.save_button.hide()
            if display is not None:
                display.show_status(DisplayText(
                    QT_TRANSLATE_NOOP("CustomerDisplayWindow", "The payment was not completed. Nothing was charged.")
                ))
        self._pages.setCurrentWidget(page)
        page.done_button.setFocus()
        self.finished.emit(view)

    def on_print_clicked(self) -> None:
        """Print…: the printer and the paper (Letter, A4 or the 80 mm receipt) first, then the job."""
        dialog = PrintChoiceDialog(self.tr("Print the invoice"), INVOICE_PAPERS, self.result_page.window())
        dialog.chosen.connect(lambda printer, layout: self._invoice_action("print", layout=layout, printer=printer))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(lambda _result: self._keyboard_back_to_the_result())
        self.print_dialog = dialog
        dialog.open()

    def _keyboard_back_to_the_result(self) -> None:
        """Closing the print dialog hands the keyboard back to the payment (not every window system does)."""
        self.print_dialog = None
        self.result_page.window().activateWindow()
        self.result_page.done_button.setFocus()

    def _invoice_action(self, what: str, *, layout: str = "letter", printer: str | None = None) -> None:
        view, invoices, actor, page = self._payment, self._ctx.invoices, self._ctx.actor, self.result_page
        if view is None or not view.invoice_number or invoices is None:
            return
        number = view.invoice_number

        # The texts taken here, on the UI thread: the worker reads nothing of the window.
        printed = self.tr("Invoice {number} sent to the printer (job {job}).")
        emailed = self.tr("Invoice {number} emailed to {email}.")

        def call(_service: PaymentPort) -> str:
            if what == "print":
                job = invoices.print_document(actor, number, layout=layout, printer=printer)
                return printed.format(number=number, job=job)
            return emailed.format(number=number, email=invoices.email(actor, number))

        def done(message: str) -> None:
            show_message(page.error_label, message, Tone.SUCCESS)

        self._ctx.run(call, done, page.error_label, busy=False)
