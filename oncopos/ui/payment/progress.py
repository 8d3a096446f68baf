"""The charge in progress and its outcome: waiting for the reader or the hosted page, a decline
with Retry, the countdown of the link, and the result page with Print / Email invoice.

A mixin of `PaymentDialog` (kept apart so each file stays readable); it uses the dialog's pages,
`_run`, `_executor`, `_service`, `_actor`, `display` and `payment`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, cast

from PySide6.QtCore import QCoreApplication, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QDialog, QLabel, QStackedWidget

from oncopos.domain.access import Actor
from oncopos.domain.money import format_cents
from oncopos.services.payments.records import CANCELLED, EXPIRED, PaymentView
from oncopos.ui.messages import Tone, show_message
from oncopos.ui.operations import Executor, Operation, describe_error
from oncopos.ui.paint import after_next_paint
from oncopos.ui.payment.pace import PollPace
from oncopos.ui.payment.pages import ProgressPage, ResultPage
from oncopos.ui.payment.ports import InvoicePort, PaymentPort
from oncopos.ui.payment.qr import qr_pixmap

logger = logging.getLogger(__name__)


class ChargeHost(Protocol):
    """What these steps use of the PaymentDialog they are mixed into (its methods are typed as
    running on it), so mypy checks every attribute the mixin reaches for."""

    payment: PaymentView | None
    display: Any
    progress_page: ProgressPage
    result_page: ResultPage
    pages: QStackedWidget
    _poll_timer: QTimer
    _pace: PollPace
    _countdown_timer: QTimer
    _locale: str
    _clock: Callable[[], datetime]
    _busy: bool
    _polling: bool
    _closing: bool
    _actor: Actor
    _service: Callable[[], PaymentPort]
    _executor: Executor
    _invoices: InvoicePort | None

    @property
    def payment_finished(self) -> SignalInstance: ...

    def tr(self, source: str, /) -> str: ...

    def done(self, result: int, /) -> None: ...

    def _run(self, call: Callable[[PaymentPort], Any], on_success: Callable[[Any], None], error_label: QLabel,
             *, busy: bool = True, after_failure: Callable[[], None] | None = None,
             waiting: tuple[QLabel, str] | None = None) -> None: ...

    def _wait_seconds(self, step: str) -> int: ...

    def _show_progress(self, view: PaymentView) -> None: ...

    def _update_countdown(self) -> None: ...

    def _finish(self, view: PaymentView) -> None: ...

    def _send_receipt(self, view: PaymentView) -> None: ...


class ChargeProgress:
    """Steps after the charge started; mixed into PaymentDialog."""

    payment: PaymentView | None
    display: Any

    # --- progress -----------------------------------------------------------------------------
    def _on_charging(self: ChargeHost, view: PaymentView) -> None:
        self.payment = view
        page = self.progress_page
        hosted = view.method == "hosted"
        page.show_hosted(hosted)
        page.retry_button.hide()
        page.error_label.hide()
        if hosted and view.checkout_url:
            page.qr_label.setPixmap(qr_pixmap(view.checkout_url, size=220))
            page.link_label.setText(view.checkout_url)
            page.email_edit.setText("")
            self._update_countdown()
            self._countdown_timer.start()
            if self.display is not None:
                self.display.show_qr(view.checkout_url, "Scan the code with your phone to pay.")
        elif self.display is not None:
            self.display.show_status("Tap, insert or swipe your card on the reader.")
        notes = [n for n in (view.methods_notice, view.balance_note) if n]
        page.note_label.setText("\n".join(notes))
        page.note_label.setVisible(bool(notes))
        self._show_progress(view)
        self.pages.setCurrentWidget(page)
        page.cancel_button.setFocus()
        self._poll_timer.start(self._pace.restart())

    def _show_progress(self: ChargeHost, view: PaymentView) -> None:
        page = self.progress_page
        amount = format_cents(view.amount_cents, self._locale)
        if view.declined:
            page.status_label.setText(f"Not paid: {view.failure_message}")
            page.busy_bar.hide()
            page.retry_button.show()
            page.retry_button.setFocus()
            if self.display is not None:
                self.display.show_status(view.failure_message or "The card was declined.")
        elif view.method == "hosted":
            page.status_label.setText(f"Waiting for the student to pay {amount} on the hosted page…")
            page.busy_bar.show()
        else:
            page.status_label.setText(f"Waiting for the card on the reader ({amount})… Ask the student to tap, "
                                      "insert or swipe.")
            page.busy_bar.show()
            page.retry_button.hide()

    def _update_countdown(self: ChargeHost) -> None:
        view = self.payment
        if view is None or view.checkout_expires_at is None:
            return
        left = int((view.checkout_expires_at - self._clock()).total_seconds())
        minutes, seconds = divmod(max(left, 0), 60)
        self.progress_page.countdown_label.setText(f"The link expires in {minutes}:{seconds:02d}.")

    def _poll(self: ChargeHost) -> None:
        # One poll at a time, each arming the next (single-shot timer) at the pace `PollPace` sets.
        if self.payment is None or self._closing:
            return
        if self._polling or self._busy:
            self._poll_timer.start(self._pace.last_ms)  # another call is running: ask again after it
            return
        self._polling = True

        def polled(view: PaymentView) -> None:
            self._polling = False
            self.payment = view
            if view.final:
                self._finish(view)
            else:
                self._show_progress(view)
                if not self._closing:
                    self._poll_timer.start(self._pace.next_ms(view))

        def failed(error: BaseException) -> None:
            self._polling = False
            # A network blip while polling is not the end of the payment: say so and keep asking.
            self.progress_page.error_label.setText(describe_error(error) + " Still checking…")
            self.progress_page.error_label.show()
            if not self._closing:
                self._poll_timer.start(self._pace.next_ms(error=error))

        payment_id = self.payment.id
        (Operation(lambda: self._service().poll(self._actor, payment_id, receipt_later=True))
         .success(polled).failure(failed)
         .owned_by(cast(QObject, self)).run_in(self._executor))  # the dialog is a QObject

    def _send_receipt(self: ChargeHost, view: PaymentView) -> None:
        """The emails and the invoice PDF they carry, once "Paid" is painted (never before it)."""
        payment_id = view.id

        def not_sent(error: BaseException) -> None:
            # The payment and its invoice are recorded; reconciliation queues the emails later.
            logger.warning("payment %s: receipt not queued yet (%s)", payment_id, describe_error(error))

        def send() -> None:
            (Operation(lambda: self._service().send_receipt(self._actor, payment_id)).failure(not_sent)
             .owned_by(cast(QObject, self)).run_in(self._executor))

        after_next_paint(self.result_page, send)

    def on_retry_clicked(self: ChargeHost) -> None:
        assert self.payment is not None

        def sent(view: PaymentView) -> None:
            self.payment = view
            self.progress_page.error_label.hide()
            self._show_progress(view)
            if self.display is not None:
                self.display.show_status("Please try your card again on the reader.")

        text = self.tr("Sending the payment to the card reader again… (the desk waits at most {seconds} s, then "
                       "says what happened)").format(seconds=self._wait_seconds("retry"))
        payment_id = self.payment.id
        self._run(lambda s: s.retry(self._actor, payment_id), sent, self.progress_page.error_label,
                  waiting=(self.progress_page.waiting_label, text))

    def on_email_link_clicked(self: ChargeHost) -> None:
        assert self.payment is not None
        to = self.progress_page.email_edit.text().strip() or None

        def sent(address: str) -> None:
            show_message(self.progress_page.error_label, f"The link was emailed to {address}.", Tone.SUCCESS)

        payment_id = self.payment.id
        self._run(lambda s: s.email_link(self._actor, payment_id, to), sent, self.progress_page.error_label,
                  busy=False)

    # --- result -------------------------------------------------------------------------------
    def _finish(self: ChargeHost, view: PaymentView) -> None:
        self._poll_timer.stop()
        self._countdown_timer.stop()
        page = self.result_page
        loc = self._locale
        if view.succeeded:
            card = f"{(view.card_brand or 'card').title()} ending in {view.card_last4}" if view.card_last4 else "card"
            page.heading.setText(f"Paid {format_cents(view.amount_cents, loc)}")
            lines = [f"Paid with {card}.", f"New balance: {format_cents(view.balance_after_cents, loc)}."]
            if view.invoice_number:
                lines.append(f"Invoice {view.invoice_number}. A receipt is on its way to the student's email.")
            elif view.invoice_pending:
                # The charge is recorded; only its invoice waits (reconciliation issues it).
                lines.append(QCoreApplication.translate(
                    "ChargeProgress", "The payment is recorded; its invoice could not be issued yet and will be "
                    "issued when OncoPOS next starts (or by oncopos reconcile)."))
            if view.amount_flag:
                lines.append(view.amount_flag)
            page.details_label.setText("\n".join(lines))
            has_invoice = bool(view.invoice_number and self._invoices is not None)
            page.print_button.setVisible(has_invoice)
            page.email_button.setVisible(has_invoice)
            if self.display is not None:
                self.display.show_status("Payment received. Thank you!")
            self._send_receipt(view)
        else:
            what_to_do = {
                CANCELLED: "Start a new payment when the student is ready.",
                EXPIRED: "Take the payment again, on the reader or with a new link.",
            }.get(view.status, "Ask for another card and take the payment again.")
            reason = view.failure_message or ""
            if "Nothing was charged" not in reason:
                reason = f"{reason} Nothing was charged.".strip()
            page.heading.setText("Payment not completed")
            page.details_label.setText(f"{reason}\n{what_to_do}")
            page.print_button.hide()
            page.email_button.hide()
            if self.display is not None:
                self.display.show_status("The payment was not completed. Nothing was charged.")
        self.pages.setCurrentWidget(page)
        page.done_button.setFocus()
        self.payment_finished.emit(view)
        if self._closing:
            self.done(QDialog.DialogCode.Rejected)

    def _invoice_action(self: ChargeHost, what: str) -> None:
        if self.payment is None or not self.payment.invoice_number or self._invoices is None:
            return
        number, invoices, page = self.payment.invoice_number, self._invoices, self.result_page

        def call(_service: PaymentPort) -> str:
            if what == "print":
                job = invoices.print_document(self._actor, number)
                return f"Invoice {number} sent to the printer (job {job})."
            return f"Invoice {number} emailed to {invoices.email(self._actor, number)}."

        def done(message: str) -> None:
            show_message(page.error_label, message, Tone.SUCCESS)

        self._run(call, done, page.error_label, busy=False)
